package io.geomatch.core;

import io.geomatch.core.internal.disk.Disk;
import io.geomatch.core.internal.durable.Recovery;
import io.geomatch.core.internal.durable.StoreFiles;
import io.geomatch.core.internal.durable.WalFormat;
import io.geomatch.core.internal.durable.WalWriter;
import io.geomatch.core.internal.live.LiveState;
import io.geomatch.core.internal.live.LiveWriter;
import io.geomatch.core.internal.live.MemoryBudgetException;
import io.geomatch.core.internal.live.Merged;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A durable live index: every change is written to a write-ahead log before it is acknowledged
 * or visible, and the log is folded into checkpoint snapshots as it grows, so that a crash at any
 * moment (including {@code kill -9} during a merge or checkpoint) loses nothing that
 * {@link #apply} returned for, and never shows half of a change.
 *
 * <pre>{@code
 * try (GeoStore store = GeoStore.create(dir, 60_000, LiveOptions.defaults(), StoreOptions.defaults())) {
 *     store.apply(new Mutations().upsertCamera(Camera.at(42L, 41.88, -87.63)).addFootage(42L, start, end));
 *     long[] ids = store.view().matchIds(area, from, to, now);
 * }
 * // later, after a clean stop or a crash:
 * try (GeoStore store = GeoStore.open(dir, StoreOptions.defaults())) { ... }
 * }</pre>
 *
 * <p><b>Commit.</b> Callers of {@link #apply} on many threads are committed in groups: one of
 * them writes every queued batch as log records in one write, forces it to the device once
 * ({@link StoreOptions.Durability}), makes it visible to queries, and then every caller in the
 * group returns. Changes are validated as they are staged, against the state including earlier
 * changes of the group; a refused change fails its own call and nothing after it in its batch is
 * applied.
 *
 * <p><b>Checkpoints and recovery.</b> When the log written since the last checkpoint passes
 * {@link StoreOptions#checkpointLogBytes()}, the store merges the live index (or takes the result
 * of a merge that ran anyway) and writes it as {@code checkpoint-N.geomatch} (atomically), points
 * {@code CHECKPOINT} at it and deletes the log segments it covers; {@link #close()} writes a final
 * one. {@link #open} maps the checkpoint (verifying every checksum), replays the log after it,
 * cuts off a torn tail of the newest segment, writes what it replayed again so that all of it is
 * on the device before a new change is accepted, and refuses with an {@link IndexFormatException}
 * a corrupted checkpoint or any damage to the log before its tail.
 *
 * <p><b>I/O errors.</b> Any failure to write, force or create the log ({@code EIO},
 * {@code ENOSPC}, a failed directory force when a segment starts) fails the {@link #apply} calls
 * of its commit group with that {@link IOException}, and the store then refuses every further
 * {@link #apply} and {@link #checkpoint()} with an {@link IllegalStateException} until it is
 * closed and reopened: after a failed force the device's content is unknown (Linux marks the
 * pages clean without writing them, so a retried force would succeed and prove nothing), and
 * reopening is what writes the recovered log again. The failed group is not visible; the reopened
 * store holds every acknowledged change and may hold the failed group, or the part of it that
 * reached the operating system. Views keep answering meanwhile. A failed checkpoint (written by
 * {@link #checkpoint()}, {@link #close()} or the checkpoint thread) leaves the store usable: the
 * log still holds every change, nothing is deleted until a checkpoint has been written and its
 * directory forced, and the next checkpoint tries again; {@link #checkpoint()} and
 * {@link #close()} throw its {@link IOException}, the checkpoint thread drops it.
 *
 * <p><b>Threads and locks.</b> Three kinds of thread work on a store, and two locks order them,
 * always taken in this order:
 * <ol>
 *   <li><em>Callers of {@link #apply}</em>, any number. Each puts its batch on the queue (under
 *       the queue's lock, held only for that) and then takes the <em>commit lock</em>. The first
 *       caller to get it is the group's leader: it drains the queue and, holding the live writer's
 *       lock as well, stages, logs, forces and publishes every batch in it; the others find their
 *       batch done and return. The log writer and the count of durable changes belong to the
 *       commit lock.</li>
 *   <li><em>The live index's merge thread</em> folds the delta into a new base in the background;
 *       it takes the live writer's lock only to install the result, and then tells this store,
 *       which hands a checkpoint to the checkpoint thread if the log has grown enough.</li>
 *   <li><em>The checkpoint thread</em>, this store's one thread, writes every checkpoint, one at
 *       a time: after a merge that ran anyway, or after merging for the purpose when the log has
 *       grown and no merge came. {@link #checkpoint()} runs its checkpoint on it too, under the
 *       commit lock, so that it holds every durable change and nothing else; {@link #close()}
 *       stops the thread and then writes the last checkpoint itself, under the same lock.</li>
 * </ol>
 * Queries take no lock and never wait. One process at a time may open a directory: a file lock
 * enforces it.
 *
 * <p><b>Memory.</b> A store's background merges are full merges, each of which can become a
 * checkpoint (a checkpoint is one snapshot of the whole state), unlike a {@link LiveIndex}'s,
 * which merge footage into tiers. What a merge replaces is freed as soon as no running query, open
 * view or checkpoint in progress reads it; {@link StoreOptions#maxOffHeapBytes(long)} caps what the
 * store may hold.
 */
public final class GeoStore implements AutoCloseable {
    /** Log bytes buffered before a large batch is written in several groups. */
    private static final int GROUP_BYTES = 1 << 20;

    private final Path dir;
    /** Every change to the directory goes through it (tests substitute a faulty one). */
    private final Disk disk;
    private final StoreFiles.Description description;
    private final StoreOptions options;
    private final LiveWriter live;
    private final FileChannel lockChannel;
    private final FileLock lock;
    /** Staged changes between publications within a commit group. */
    private final int publishEvery;
    /** Batches waiting for a leader; guarded by itself. */
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    /** Held by a group's leader; guards {@link #wal} and {@link #durableLsn}. */
    private final Object commitLock = new Object();
    private final WalWriter wal;
    private long durableLsn;
    /** Writes every checkpoint, one at a time. */
    private final ExecutorService checkpointThread;
    /** Whether a checkpoint is queued or running on the checkpoint thread. */
    private final AtomicBoolean checkpointQueued = new AtomicBoolean();
    /** Log bytes written by this process, and at the last checkpoint: the difference triggers the next. */
    private volatile long walBytes;
    private volatile long walBytesAtCheckpoint;
    /** Changes the current checkpoint holds; written on the checkpoint thread only. */
    private volatile long checkpointLsn;
    /**
     * Whether this process wrote the current checkpoint. The pointer recovery found may be in the
     * page cache only (its directory force may have failed before a crash): nothing is deleted on
     * its strength.
     */
    private volatile boolean checkpointWritten;
    /** The first failure to write the log: the store refuses all work after it. */
    private volatile Throwable failure;
    private volatile boolean closed;

    /** A caller's batch waiting to be committed. */
    private static final class Pending {
        final Mutations changes;
        long firstLsn;
        int staged;
        boolean done;
        RuntimeException refused;
        IOException failed;

        Pending(Mutations changes) {
            this.changes = changes;
        }
    }

    private GeoStore(Path dir, Disk disk, StoreFiles.Description description, StoreOptions options, FileChannel lockChannel,
                     FileLock lock, Recovery.Recovered recovered, WalWriter wal) {
        this.dir = dir;
        this.disk = disk;
        this.description = description;
        this.options = options;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.live = recovered.live();
        this.publishEvery = live.publishEvery();
        this.durableLsn = recovered.durableLsn();
        this.checkpointLsn = recovered.checkpointLsn();
        this.wal = wal;
        this.checkpointThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "geomatch-checkpoint");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Creates a store in an empty or new directory and opens it.
     *
     * @param dir the directory; created if missing, must not hold a store
     * @param bucketMillis the time bucket size, as {@link GeoIndex#builder(long)}
     * @param liveOptions longest retention and lateness, kept with the store (its merge settings are not)
     * @param options runtime settings
     * @return the open, empty store
     * @throws InvalidInputException if {@code dir} already holds a store, or a setting is out of range
     * @throws IOException if the directory cannot be written; if writing the store's description
     *     failed, no description is left behind and {@code create} may simply be called again
     */
    public static GeoStore create(Path dir, long bucketMillis, LiveOptions liveOptions, StoreOptions options) throws IOException {
        return create(dir, bucketMillis, liveOptions, options, Disk.SYSTEM, walSegmentBytes(options));
    }

    /**
     * {@link #create(Path, long, LiveOptions, StoreOptions)} through a given disk and with a given
     * log segment size (the fault tests' seam).
     */
    static GeoStore create(Path dir, long bucketMillis, LiveOptions liveOptions, StoreOptions options, Disk disk, long walSegmentBytes)
        throws IOException {
        GeoIndex.builder(bucketMillis);
        Objects.requireNonNull(liveOptions, "liveOptions");
        if (Files.exists(dir.resolve(StoreFiles.STORE))) {
            throw new InvalidInputException("store", dir, "already holds a geomatch store");
        }
        Files.createDirectories(dir);
        try {
            StoreFiles.writeDescription(disk, dir, new StoreFiles.Description(bucketMillis, liveOptions.maxRetentionDays(),
                liveOptions.latenessMillis()));
        } catch (IOException | RuntimeException | Error e) {
            // The new STORE may be in place without being durable: remove it, so that create can simply be called again.
            try {
                disk.delete(dir.resolve(StoreFiles.STORE));
            } catch (IOException | RuntimeException c) {
                e.addSuppressed(c);
            }
            throw e;
        }
        return open(dir, options, disk, walSegmentBytes);
    }

    /**
     * Opens a store, recovering its state from the last checkpoint and the log.
     *
     * @param dir the store directory
     * @param options runtime settings
     * @return the open store, whose recovered changes are all on the device
     * @throws IndexFormatException if the directory is not a store, or its checkpoint or log is corrupted
     * @throws IOException if it cannot be read or the recovered log cannot be written again, or
     *     another process has it open; nothing is lost, and opening may be tried again
     */
    public static GeoStore open(Path dir, StoreOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        return open(dir, options, Disk.SYSTEM, walSegmentBytes(options));
    }

    /** Log segment size: a quarter of the log between checkpoints, at least 64 KiB. */
    private static long walSegmentBytes(StoreOptions options) {
        return Math.max(1 << 16, options.checkpointLogBytes() / 4);
    }

    /**
     * {@link #open(Path, StoreOptions)} through a given disk and with a given log segment size
     * (the fault tests' seam).
     */
    static GeoStore open(Path dir, StoreOptions options, Disk disk, long walSegmentBytes) throws IOException {
        Objects.requireNonNull(options, "options");
        StoreFiles.Description description = describe(dir);
        FileChannel lockChannel = FileChannel.open(dir.resolve(StoreFiles.LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IOException("store " + dir + " is in use by another process");
        }
        Recovery.Recovered recovered = null;
        try {
            recovered = Recovery.recover(disk, dir, description, options.mergeThreshold(), false);
            // After replay: recovery must replay every durable change whatever the budget.
            recovered.live().setPolicy(LiveWriter.FULL);
            recovered.live().setMemoryBudget(options.maxOffHeapBytes(), options.memoryWaitMillis());
            WalWriter wal = new WalWriter(disk, dir, recovered.durableLsn(), walSegmentBytes);
            GeoStore store = new GeoStore(dir, disk, description, options, lockChannel, lock, recovered, wal);
            store.live.setMergeListener(store::merged);
            return store;
        } catch (IOException | RuntimeException | Error e) {
            if (recovered != null) {
                recovered.live().close();
            }
            lock.release();
            lockChannel.close();
            throw e;
        }
    }

    /**
     * Reads a store's durable state without changing its directory and without taking its lock,
     * for example to query it while another process loads changes: recovers the last checkpoint
     * and the log after it in memory, treating an incomplete last record as the end.
     *
     * @param dir the store directory
     * @return the state: every change durable when the log was read; close it to free its memory
     * @throws IndexFormatException if the directory is not a store, or its checkpoint or log is corrupted
     * @throws IOException if it cannot be read
     */
    public static LiveView read(Path dir) throws IOException {
        StoreFiles.Description description = describe(dir);
        for (int attempt = 0; ; attempt++) {
            StoreFiles.Checkpoint before = StoreFiles.readCheckpoint(dir);
            try {
                Recovery.Recovered recovered = Recovery.recover(Disk.SYSTEM, dir, description, StoreOptions.defaults().mergeThreshold(),
                    true);
                LiveView view = LiveView.of(recovered.live().acquireCurrent());
                recovered.live().close();
                return view;
            } catch (IOException | RuntimeException e) {
                // A writer may have replaced the checkpoint and deleted the files read so far: read again.
                if (attempt >= 3 || Objects.equals(before, StoreFiles.readCheckpoint(dir))) {
                    throw e;
                }
            }
        }
    }

    private static StoreFiles.Description describe(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IndexFormatException("store " + dir + " does not exist (create it with init)");
        }
        return StoreFiles.readDescription(dir);
    }

    /**
     * @return the newest state: a consistent view for any number of queries, holding its memory
     *     until it is closed
     * @throws IllegalStateException if the store is closed
     */
    public LiveView view() {
        return LiveView.of(live.acquireCurrent());
    }

    /**
     * Queries the newest state, holding it only while the query runs; see {@link LiveView#match}.
     *
     * @param area the area; a polygon area for {@link MatchMode#VIEW}
     * @param fromMillis window start, inclusive, epoch ms
     * @param toMillis window end, exclusive, epoch ms
     * @param nowMillis the time at which retention is judged, epoch ms, not before the clock
     * @param mode what makes a camera match
     * @param into cleared, then filled with the matches (ids copied: readable whatever the store does next)
     * @throws InvalidInputException for a bad window, a {@code nowMillis} before the clock, or an
     *     area that is not a polygon in {@link MatchMode#VIEW}
     * @throws IllegalStateException if the store is closed
     */
    public void match(Area area, long fromMillis, long toMillis, long nowMillis, MatchMode mode, Matches into) {
        LiveState state = live.acquireCurrent();
        try {
            LiveView.matchHeld(state, area, fromMillis, toMillis, nowMillis, mode, into);
        } finally {
            state.memory().release();
        }
    }

    /**
     * Convenience form of {@link #match}: the matching camera ids, ascending, by position. Allocates.
     *
     * @param area the area
     * @param fromMillis window start, inclusive, epoch ms
     * @param toMillis window end, exclusive, epoch ms
     * @param nowMillis the time at which retention is judged, epoch ms
     * @return matching camera ids, ascending
     * @throws IllegalStateException if the store is closed
     */
    public long[] matchIds(Area area, long fromMillis, long toMillis, long nowMillis) {
        Matches matches = new Matches();
        match(area, fromMillis, toMillis, nowMillis, MatchMode.POSITION, matches);
        return matches.ids();
    }

    /** @return off-heap bytes the store holds now, as {@link LiveIndex#offHeapBytes()} counts them */
    public long offHeapBytes() {
        return live.offHeapBytes();
    }

    /** @return the time bucket size, milliseconds */
    public long bucketMillis() {
        return description.bucketMillis();
    }

    /** @return the longest retention a camera may have, days */
    public int maxRetentionDays() {
        return description.maxRetentionDays();
    }

    /** @return the store directory */
    public Path directory() {
        return dir;
    }

    /**
     * Makes a batch of changes durable and visible, in order, then returns.
     *
     * @param changes the batch; {@link Mutations#accepted()} tells afterwards how many were applied
     * @return how many changes the store holds in all (its change number), this batch included
     * @throws InvalidInputException for the first change that is refused; those before it are
     *     durable and visible, none after it is applied
     * @throws IOException if the log cannot be written or forced (including {@code ENOSPC}); the
     *     store then refuses all further changes with an {@link IllegalStateException} and must be
     *     reopened, which recovers every acknowledged change (and may recover this batch or a
     *     prefix of it)
     * @throws IllegalStateException if the memory budget stays exceeded (refused like an invalid
     *     change; the store stays usable), if the store is closed, or refusing after such a failure
     */
    public long apply(Mutations changes) throws IOException {
        Pending p = new Pending(Objects.requireNonNull(changes, "changes"));
        changes.accepted(0);
        synchronized (queue) {
            checkUsable();
            queue.add(p);
        }
        long lsn;
        synchronized (commitLock) {
            if (!p.done) {
                commitQueued();
            }
            lsn = durableLsn;
        }
        if (p.failed != null) {
            throw p.failed;
        }
        if (p.refused != null) {
            throw p.refused;
        }
        if (walBytes - walBytesAtCheckpoint >= options.checkpointLogBytes()) {
            queueCheckpoint(null);
        }
        return lsn;
    }

    /** @return how many changes are durable and visible */
    public long durableOps() {
        synchronized (commitLock) {
            return durableLsn;
        }
    }

    /**
     * Writes a checkpoint of every change so far now, and deletes the log it covers.
     *
     * @throws IOException if it cannot be written; the store stays usable and loses nothing
     * @throws IllegalStateException if the store is closed, or refusing after a failed {@link #apply}
     */
    public void checkpoint() throws IOException {
        checkUsable();
        try {
            checkpointThread.submit(() -> {
                checkpointAll();
                return null;
            }).get();
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("store " + dir + " is closed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing a checkpoint of " + dir, e);
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }

    /**
     * Writes a final checkpoint, closes the log, releases the directory and frees the store's
     * memory, except what open views still hold (they stay usable until closed).
     *
     * @throws IOException if the checkpoint or the log cannot be written; every acknowledged
     *     change is still in the log then
     */
    @Override
    public void close() throws IOException {
        synchronized (queue) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            // Let queued checkpoints finish, then write the last one on this thread: nothing else writes any more.
            checkpointThread.shutdown();
            awaitQuietly(checkpointThread);
            synchronized (commitLock) {
                try {
                    commitQueued();
                    if (failure == null && live.current().opCount() > checkpointLsn) {
                        checkpointAll();
                    }
                } catch (IOException | RuntimeException | Error e) {
                    try {
                        wal.close();
                    } catch (IOException | RuntimeException c) {
                        e.addSuppressed(c);
                    }
                    throw e;
                }
                wal.close();
                if (failure == null && checkpointWritten && checkpointLsn == durableLsn) {
                    // The checkpoint holds every change: no segment is needed any more.
                    for (long segment : StoreFiles.walSegments(dir)) {
                        disk.delete(dir.resolve(StoreFiles.walName(segment)));
                    }
                    disk.syncDirectory(dir);
                }
            }
        } finally {
            live.close();
            lock.release();
            lockChannel.close();
        }
    }

    // ---------------------------------------------------------------- commit

    private void checkUsable() {
        if (closed) {
            throw new IllegalStateException("store " + dir + " is closed");
        }
        if (failure != null) {
            throw new IllegalStateException("store " + dir + " failed to write its log earlier (" + failure
                + "); reopen it to recover every acknowledged change", failure);
        }
    }

    /** The group leader: stages, logs, forces and publishes every queued batch. Under the commit lock. */
    private void commitQueued() {
        List<Pending> group = new ArrayList<>();
        synchronized (queue) {
            group.addAll(queue);
            queue.clear();
        }
        if (group.isEmpty()) {
            return;
        }
        synchronized (live) {
            long lsn = durableLsn;
            long groupFirst = lsn;
            int staged = 0;
            try {
                for (Pending p : group) {
                    Mutations m = p.changes;
                    p.firstLsn = lsn;
                    int i = 0;
                    try {
                        for (; i < m.size(); i++) {
                            m.emit(i, lsn, this::stage);
                            lsn++;
                            if (++staged == publishEvery || wal.buffer().position() >= GROUP_BYTES) {
                                flush(groupFirst, lsn);
                                groupFirst = lsn;
                                staged = 0;
                            }
                        }
                    } catch (InvalidInputException | MemoryBudgetException e) {
                        p.refused = e;
                    }
                    p.staged = i;
                }
                if (staged > 0) {
                    flush(groupFirst, lsn);
                }
            } catch (IOException | RuntimeException | Error e) {
                // Staged but unwritten changes stay invisible: nothing is published after a failure.
                failure = e;
                IOException failed = e instanceof IOException io ? io : new IOException("commit failed: " + e, e);
                for (Pending p : group) {
                    p.failed = failed;
                }
            } finally {
                for (Pending p : group) {
                    p.changes.accepted((int) Math.max(0, Math.min(p.staged, durableLsn - p.firstLsn)));
                    p.done = true;
                }
            }
        }
    }

    /** Validates and stages one change in the live index, then encodes its log record. */
    private void stage(long lsn, byte kind, long id, long first, long second, int attributes, long view) {
        live.stage(kind, id, first, second, attributes, view);
        WalFormat.encode(wal.buffer(), lsn, kind, id, first, second, attributes, view);
    }

    /** Writes the encoded records, forces them if so configured, then makes them visible. */
    private void flush(long groupFirst, long nextLsn) throws IOException {
        wal.write(groupFirst, options.durability() == StoreOptions.Durability.FSYNC);
        walBytes = wal.totalBytes();
        live.publish();
        durableLsn = nextLsn;
    }

    // ---------------------------------------------------------------- checkpoints

    /** The live writer's merge listener: a merge that ran anyway becomes the checkpoint, if the log has grown enough. */
    private void merged(Merged merged) {
        if (!closed && walBytes - walBytesAtCheckpoint >= options.checkpointLogBytes() && merged.opCount() > checkpointLsn) {
            queueCheckpoint(merged.retain());
        }
    }

    /**
     * Queues a checkpoint on the checkpoint thread unless one is queued already: of {@code merged},
     * or, if it is {@code null}, of a merge made for the purpose (of the changes published by then,
     * which are all durable). Closes {@code merged} once written, or at once if not queued.
     */
    private void queueCheckpoint(Merged merged) {
        if (closed || !checkpointQueued.compareAndSet(false, true)) {
            if (merged != null) {
                merged.close();
            }
            return;
        }
        long bytes = walBytes;
        try {
            checkpointThread.execute(() -> {
                try (Merged m = merged != null ? merged : live.merge()) {
                    writeCheckpoint(m, bytes);
                } catch (IOException | IllegalStateException e) {
                    // Closing, or the merge or the write failed: the log still holds every change, and the next trigger tries again.
                } finally {
                    checkpointQueued.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            checkpointQueued.set(false);
            if (merged != null) {
                merged.close();
            }
        }
    }

    /** A checkpoint of every durable change. On the checkpoint thread, or on the closing thread once it has stopped. */
    private void checkpointAll() throws IOException {
        synchronized (commitLock) {
            checkUsableForCheckpoint();
            try (Merged merged = live.seal()) {
                writeCheckpoint(merged, walBytes);
            }
        }
    }

    private void checkUsableForCheckpoint() {
        if (failure != null) {
            throw new IllegalStateException("store " + dir + " failed to write its log earlier (" + failure
                + "); reopen it to recover every acknowledged change", failure);
        }
    }

    private void writeCheckpoint(Merged merged, long walBytesCovered) throws IOException {
        if (merged.opCount() <= checkpointLsn) {
            return;
        }
        Recovery.writeCheckpoint(disk, dir, merged);
        checkpointLsn = merged.opCount();
        checkpointWritten = true;
        walBytesAtCheckpoint = walBytesCovered;
    }

    private static void awaitQuietly(ExecutorService executor) {
        boolean interrupted = false;
        while (true) {
            try {
                if (executor.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static IOException unwrap(ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new IOException(cause);
    }
}
