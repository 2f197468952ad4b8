package io.geomatch.core;

import io.geomatch.core.durable.StoreFiles;
import io.geomatch.core.durable.WalFormat;
import io.geomatch.core.durable.WalWriter;
import io.geomatch.core.store.AtomicFile;

import java.io.IOException;
import java.nio.ByteBuffer;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A durable {@link LiveIndex}: every change is written to a write-ahead log before it is
 * acknowledged or visible, and the log is folded into checkpoint snapshots as it grows, so that a
 * crash at any moment (including {@code kill -9} during a merge or checkpoint) loses nothing that
 * {@link #apply} returned for, and never shows half of a change.
 *
 * <pre>{@code
 * try (GeoStore store = GeoStore.create(dir, 60_000, LiveOptions.defaults(), StoreOptions.defaults())) {
 *     store.apply(new Mutations().upsertCamera(42, 41.88, -87.63, true, false, 30).addFootage(42, start, end));
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
 * {@link StoreOptions#checkpointLogBytes()}, the next merge of the live index also writes its
 * result as {@code checkpoint-N.geomatch} (atomically), points {@code CHECKPOINT} at it and
 * deletes the log segments it covers; {@link #close()} writes a final checkpoint. {@link #open}
 * maps the checkpoint (verifying every checksum), replays the log after it, cuts off a torn tail
 * of the newest segment, and refuses with an {@link IndexFormatException} a corrupted checkpoint
 * or any damage to the log before its tail.
 *
 * <p>Threading: {@link #apply} from any number of threads; queries through {@link #view()} never
 * wait for commits. One process at a time may open a directory (a file lock enforces it).
 */
public final class GeoStore implements AutoCloseable {
    /** Changes staged between two publications while committing or replaying. */
    private static final int PUBLISH_EVERY = 8192;
    /** Changes staged between publications here: small enough for the live index's delta. */
    private final int publishEvery;
    /** Serialises writing checkpoint files. */
    private final Object checkpointFiles = new Object();
    private volatile boolean mergeRequested;
    /** Log bytes buffered before a large batch is written in several groups. */
    private static final int GROUP_BYTES = 1 << 20;

    private final boolean readOnly;
    private final Path dir;
    private final StoreFiles.Description description;
    private final StoreOptions options;
    private final LiveIndex live;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Object commitLock = new Object();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final ExecutorService checkpointThread;
    private WalWriter wal;
    /** Changes durable and visible; guarded by commitLock. */
    private long durableLsn;
    private volatile long walBytes;
    private volatile long walBytesAtCheckpoint;
    private volatile long checkpointLsn;
    private boolean checkpointRunning;
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

    private GeoStore(Path dir, StoreFiles.Description description, StoreOptions options, FileChannel lockChannel, FileLock lock)
        throws IOException {
        this.readOnly = lockChannel == null;
        this.dir = dir;
        this.description = description;
        this.options = options;
        this.lockChannel = lockChannel;
        this.lock = lock;
        if (!readOnly) {
            StoreFiles.deleteTemporaries(dir);
        }
        StoreFiles.Checkpoint checkpoint = StoreFiles.readCheckpoint(dir);
        long lsn = checkpoint == null ? 0 : checkpoint.lsn();
        long clock = checkpoint == null ? LiveIndex.NO_CLOCK : checkpoint.clockMillis();
        GeoIndex base;
        if (checkpoint == null) {
            base = GeoIndex.builder(description.bucketMillis()).build();
        } else {
            base = GeoIndex.open(dir.resolve(StoreFiles.snapshotName(lsn)));
            if (base.bucketMillis() != description.bucketMillis()) {
                throw new IndexFormatException("store " + dir + ": checkpoint has bucketMillis " + base.bucketMillis()
                    + " but the store " + description.bucketMillis());
            }
        }
        for (long other : readOnly ? new long[0] : StoreFiles.snapshots(dir)) {
            if (other != lsn) {
                Files.deleteIfExists(dir.resolve(StoreFiles.snapshotName(other)));
            }
        }
        LiveOptions liveOptions = LiveOptions.defaults().maxRetentionDays(description.maxRetentionDays())
            .latenessMillis(description.latenessMillis()).mergeThreshold(options.mergeThreshold());
        this.publishEvery = Math.max(1, Math.min(PUBLISH_EVERY, options.mergeThreshold() / 2));
        this.live = new LiveIndex(base, liveOptions, clock, lsn);
        this.checkpointLsn = lsn;
        this.durableLsn = recover(lsn);
        if (readOnly) {
            this.wal = null;
            this.checkpointThread = null;
            return;
        }
        this.wal = new WalWriter(dir, durableLsn, Math.max(1 << 16, options.checkpointLogBytes() / 4));
        this.checkpointThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "geomatch-checkpoint");
            t.setDaemon(true);
            return t;
        });
        live.setMergeListener(this::merged);
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
     * @throws IOException if the directory cannot be written
     */
    public static GeoStore create(Path dir, long bucketMillis, LiveOptions liveOptions, StoreOptions options) throws IOException {
        GeoIndex.builder(bucketMillis);
        Objects.requireNonNull(liveOptions, "liveOptions");
        if (Files.exists(dir.resolve(StoreFiles.STORE))) {
            throw new InvalidInputException("store", dir, "already holds a geomatch store");
        }
        Files.createDirectories(dir);
        StoreFiles.writeDescription(dir, new StoreFiles.Description(bucketMillis, liveOptions.maxRetentionDays(), liveOptions.latenessMillis()));
        return open(dir, options);
    }

    /**
     * Opens a store, recovering its state from the last checkpoint and the log.
     *
     * @param dir the store directory
     * @param options runtime settings
     * @return the open store
     * @throws IndexFormatException if the directory is not a store, or its checkpoint or log is corrupted
     * @throws IOException if it cannot be read, or another process has it open
     */
    public static GeoStore open(Path dir, StoreOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        if (!Files.isDirectory(dir)) {
            throw new IndexFormatException("store " + dir + " does not exist (create it with init)");
        }
        StoreFiles.Description description = StoreFiles.readDescription(dir);
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
        try {
            return new GeoStore(dir, description, options, lockChannel, lock);
        } catch (IOException | RuntimeException | Error e) {
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
     * @return the state: every change durable when the log was read
     * @throws IndexFormatException if the directory is not a store, or its checkpoint or log is corrupted
     * @throws IOException if it cannot be read
     */
    public static LiveView read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IndexFormatException("store " + dir + " does not exist (create it with init)");
        }
        StoreFiles.Description description = StoreFiles.readDescription(dir);
        for (int attempt = 0; ; attempt++) {
            StoreFiles.Checkpoint before = StoreFiles.readCheckpoint(dir);
            try {
                GeoStore s = new GeoStore(dir, description, StoreOptions.defaults(), null, null);
                LiveView view = s.live.view();
                s.live.close();
                return view;
            } catch (IOException | RuntimeException e) {
                // A writer may have replaced the checkpoint and deleted the files read so far: read again.
                if (attempt >= 3 || java.util.Objects.equals(before, StoreFiles.readCheckpoint(dir))) {
                    throw e;
                }
            }
        }
    }

    /** @return the newest state: a consistent view for any number of queries */
    public LiveView view() {
        return live.view();
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
     * @throws IOException if the log cannot be written; the store then refuses all further work
     *     and must be reopened, which recovers every acknowledged change
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
        maybeCheckpoint();
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
     * @throws IOException if it cannot be written
     */
    public void checkpoint() throws IOException {
        awaitCheckpoint();
        synchronized (commitLock) {
            checkUsable();
            GeoIndex sealed = live.seal();
            LiveView v = live.view();
            writeCheckpoint(sealed, v.opCount(), v.clockMillis());
        }
    }

    /**
     * Writes a final checkpoint, closes the log and releases the directory. Views stay usable.
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
            awaitCheckpoint();
            checkpointThread.shutdown();
            synchronized (commitLock) {
                if (failure == null && live.view().opCount() > checkpointLsn) {
                    GeoIndex sealed = live.seal();
                    LiveView v = live.view();
                    writeCheckpoint(sealed, v.opCount(), v.clockMillis());
                }
                wal.close();
                if (failure == null && checkpointLsn == durableLsn) {
                    // The checkpoint holds every change: no segment is needed any more.
                    for (long segment : StoreFiles.walSegments(dir)) {
                        Files.deleteIfExists(dir.resolve(StoreFiles.walName(segment)));
                    }
                    AtomicFile.syncDirectory(dir);
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

    /** The group leader: stages, logs, forces and publishes every queued batch. Under commitLock. */
    private void commitQueued() {
        List<Pending> group = new ArrayList<>();
        synchronized (queue) {
            group.addAll(queue);
            queue.clear();
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
                            stage(m, i, lsn);
                            lsn++;
                            if (++staged == publishEvery || wal.buffer().position() >= GROUP_BYTES) {
                                flush(groupFirst, lsn);
                                groupFirst = lsn;
                                staged = 0;
                            }
                        }
                    } catch (InvalidInputException e) {
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

    /** Validates and stages change {@code i} in the live index, and encodes its log record. */
    private void stage(Mutations m, int i, long lsn) {
        ByteBuffer b = wal.buffer();
        long id = m.id(i);
        switch (m.type(i)) {
            case Mutations.UPSERT -> {
                live.stageUpsert(id, m.lat(i), m.lon(i), m.optedIn(i), m.e2ee(i), m.retentionDays(i));
                WalFormat.upsert(b, lsn, id, m.lat(i), m.lon(i),
                    (m.optedIn(i) ? WalFormat.FLAG_OPTED_IN : 0) | (m.e2ee(i) ? WalFormat.FLAG_E2EE : 0), m.retentionDays(i));
            }
            case Mutations.DELETE -> {
                live.stageDelete(id);
                WalFormat.delete(b, lsn, id);
            }
            case Mutations.FOOTAGE -> {
                live.stageFootage(id, m.start(i), m.end(i));
                WalFormat.footage(b, lsn, id, m.start(i), m.end(i));
            }
            case Mutations.CLOCK -> {
                live.stageClock(m.start(i));
                WalFormat.clock(b, lsn, m.start(i));
            }
            default -> throw new AssertionError(m.type(i));
        }
    }

    /** Writes the encoded records, forces them if so configured, then makes them visible. */
    private void flush(long groupFirst, long nextLsn) throws IOException {
        wal.write(groupFirst, options.durability() == StoreOptions.Durability.FSYNC);
        walBytes = wal.totalBytes();
        live.publish();
        durableLsn = nextLsn;
    }

    // ---------------------------------------------------------------- checkpoints

    private void maybeCheckpoint() {
        if (walBytes - walBytesAtCheckpoint < options.checkpointLogBytes() || mergeRequested || live.view().opCount() <= checkpointLsn) {
            return;
        }
        // The merge's listener writes the checkpoint; ask for a merge if the delta is too small to start one.
        mergeRequested = true;
        try {
            checkpointThread.execute(() -> {
                try {
                    live.merge();
                } catch (IllegalStateException e) {
                    // Closing, or the merge failed: the log still holds every change.
                } finally {
                    mergeRequested = false;
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            mergeRequested = false;
        }
    }

    /** The live index's merge listener: writes a checkpoint of the merged base if the log has grown enough. */
    private void merged(GeoIndex base, LiveView at) {
        if (closed || walBytes - walBytesAtCheckpoint < options.checkpointLogBytes() || at.opCount() <= checkpointLsn) {
            return;
        }
        synchronized (this) {
            if (checkpointRunning) {
                return;
            }
            checkpointRunning = true;
        }
        long bytes = walBytes;
        try {
            checkpointThread.execute(() -> {
                try {
                    writeCheckpoint(base, at.opCount(), at.clockMillis());
                    walBytesAtCheckpoint = bytes;
                } catch (IOException e) {
                    // Recovery still has the log; the next merge tries again.
                } finally {
                    synchronized (this) {
                        checkpointRunning = false;
                        notifyAll();
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            synchronized (this) {
                checkpointRunning = false;
                notifyAll();
            }
        }
    }

    private synchronized void awaitCheckpoint() {
        boolean interrupted = false;
        while (checkpointRunning) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Snapshot, then the pointer, then the files it makes obsolete; a crash between any two steps is safe. */
    private void writeCheckpoint(GeoIndex base, long lsn, long clock) throws IOException {
        synchronized (checkpointFiles) {
            writeCheckpointFiles(base, lsn, clock);
        }
    }

    private void writeCheckpointFiles(GeoIndex base, long lsn, long clock) throws IOException {
        if (lsn <= checkpointLsn) {
            return;
        }
        base.snapshot(dir.resolve(StoreFiles.snapshotName(lsn)));
        StoreFiles.writeCheckpoint(dir, new StoreFiles.Checkpoint(lsn, clock));
        checkpointLsn = lsn;
        for (long other : StoreFiles.snapshots(dir)) {
            if (other < lsn) {
                Files.deleteIfExists(dir.resolve(StoreFiles.snapshotName(other)));
            }
        }
        long[] segments = StoreFiles.walSegments(dir);
        for (int i = 0; i + 1 < segments.length && segments[i + 1] <= lsn; i++) {
            Files.deleteIfExists(dir.resolve(StoreFiles.walName(segments[i])));
        }
        AtomicFile.syncDirectory(dir);
    }

    // ---------------------------------------------------------------- recovery

    /** Replays the log after the checkpoint into the live index. @return the next change number */
    private long recover(long checkpoint) throws IOException {
        long[] segments = StoreFiles.walSegments(dir);
        long expected = checkpoint;
        Replay sink = new Replay(checkpoint);
        boolean started = false;
        for (int i = 0; i < segments.length; i++) {
            boolean last = i + 1 == segments.length;
            if (!last && segments[i + 1] <= checkpoint) {
                continue;
            }
            Path file = dir.resolve(StoreFiles.walName(segments[i]));
            long from = started ? expected : checkpoint;
            if (segments[i] > from) {
                throw new IndexFormatException("store " + dir + ": the log is missing changes " + from + ".." + (segments[i] - 1)
                    + (started ? "" : " after the checkpoint") + " (segment " + file.getFileName() + " starts at change " + segments[i] + ")");
            }
            if (started && segments[i] < expected) {
                throw new IndexFormatException("store " + dir + ": log segment " + file.getFileName() + " starts at change "
                    + segments[i] + ", inside the segment before it (corrupted)");
            }
            started = true;
            WalFormat.Replayed r;
            try {
                r = WalFormat.replay(file, segments[i], last, sink);
            } catch (InvalidInputException | IllegalStateException e) {
                throw new IndexFormatException("store " + dir + ": log " + file.getFileName() + " holds a change that cannot be replayed: "
                    + e.getMessage());
            }
            expected = Math.max(expected, r.nextLsn());
            if (r.torn() && !readOnly) {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.truncate(r.goodBytes());
                    ch.force(true);
                }
            }
        }
        live.publish();
        return expected;
    }

    /** Stages replayed records with change number at or after the checkpoint. */
    private final class Replay implements WalFormat.Sink {
        private final long from;
        private int staged;

        Replay(long from) {
            this.from = from;
        }

        @Override
        public void upsert(long lsn, long id, double latDegrees, double lonDegrees, int flags, int retentionDays) {
            if (lsn >= from) {
                live.stageUpsert(id, latDegrees, lonDegrees, (flags & WalFormat.FLAG_OPTED_IN) != 0,
                    (flags & WalFormat.FLAG_E2EE) != 0, retentionDays);
                published();
            }
        }

        @Override
        public void delete(long lsn, long id) {
            if (lsn >= from) {
                live.stageDelete(id);
                published();
            }
        }

        @Override
        public void footage(long lsn, long id, long startMillis, long endMillis) {
            if (lsn >= from) {
                live.stageFootage(id, startMillis, endMillis);
                published();
            }
        }

        @Override
        public void clock(long lsn, long nowMillis) {
            if (lsn >= from) {
                live.stageClock(nowMillis);
                published();
            }
        }

        private void published() {
            if (++staged % publishEvery == 0) {
                live.publish();
            }
        }
    }
}
