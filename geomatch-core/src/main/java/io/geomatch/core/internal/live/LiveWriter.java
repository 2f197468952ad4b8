package io.geomatch.core.internal.live;

import io.geomatch.core.InvalidInputException;
import io.geomatch.core.internal.contract.CameraAttributes;
import io.geomatch.core.internal.contract.CameraView;
import io.geomatch.core.internal.contract.Checks;
import io.geomatch.core.internal.contract.TimeBuckets;
import io.geomatch.core.internal.query.SealedIndex;
import io.geomatch.core.internal.segment.IndexColumns;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The writing side of a live index: stages changes into the {@link Delta}, publishes them as
 * immutable {@link LiveState}s, and folds the delta into a new sealed base when it grows.
 *
 * <p>Each change is validated and appended as it is staged ({@link #stage}), and becomes visible
 * to queries only when {@link #publish()} makes a new state: a store stages a group of changes,
 * writes them to its log, and publishes them together. When the delta reaches the merge threshold,
 * a merge runs ({@link SegmentMerger}) on the merge thread (or inline), while staging goes on; the
 * rows staged meanwhile are carried over to a fresh delta ({@link CarryOver}), and the new base
 * and delta are installed in one short locked step. The merge drops footage before the horizon:
 * the first bucket the clock minus the longest retention still retains.
 *
 * <p>Threading: every method but {@link #current()} and {@link #bucketMillis()} synchronises on
 * this writer; any thread may call them, one runs at a time. {@link #current()} is one volatile
 * read and never waits. A stager waits only when the delta is full (twice the merge threshold)
 * while a merge is still running. The merge thread takes this writer's lock only to install its
 * result, and then tells the {@link MergeListener}.
 */
public final class LiveWriter implements AutoCloseable {
    /** The clock before it is first advanced. */
    public static final long NO_CLOCK = Long.MIN_VALUE;
    /** Most changes staged between two publications by a caller that stages many. */
    private static final int PUBLISH_EVERY = 8192;

    /**
     * Told that a merge has replaced the base: on the merge thread, after the writer's lock is
     * released; for an inline merge, on the thread whose call started it, which holds the lock.
     */
    @FunctionalInterface
    public interface MergeListener {
        /**
         * @param merged the new base and the state it holds
         */
        void merged(Merged merged);
    }

    private final long bucketMillis;
    private final int maxRetentionDays;
    private final long latenessMillis;
    private final int mergeThreshold;
    private final boolean backgroundMerge;
    private final int capacity;
    private volatile LiveState current;
    private volatile MergeListener listener = m -> { };

    // Guarded by this.
    private SealedIndex base;
    /** The base and the state it holds exactly. */
    private Merged baseState;
    private OrdinalsById baseIds;
    private long baseHorizon;
    private Delta delta;
    private long clockMillis;
    private long ops;
    private long cameras;
    private boolean merging;
    private Throwable mergeFailure;
    private boolean closed;
    private ExecutorService mergeThread;
    /** The last id {@link #exists} looked up in the base, and its ordinal ({@link #UNKNOWN}: none remembered). */
    private long lookedUpId;
    private int lookedUpOrdinal = UNKNOWN;
    private static final int UNKNOWN = Integer.MIN_VALUE;

    /**
     * Starts from a sealed base holding {@code ops} changes, with the clock at {@code clockMillis}.
     *
     * @param base the starting state
     * @param maxRetentionDays the longest retention a camera may have
     * @param latenessMillis how late footage may arrive relative to the clock ({@link Long#MAX_VALUE}: any)
     * @param mergeThreshold delta rows that start a merge
     * @param backgroundMerge whether merges run on their own thread
     * @param clockMillis the clock, or {@link #NO_CLOCK}
     * @param ops changes the base reflects
     * @throws InvalidInputException if a camera of {@code base} retains longer than {@code maxRetentionDays}
     */
    public LiveWriter(SealedIndex base, int maxRetentionDays, long latenessMillis, int mergeThreshold, boolean backgroundMerge,
                      long clockMillis, long ops) {
        this.bucketMillis = base.bucketMillis();
        this.maxRetentionDays = maxRetentionDays;
        this.latenessMillis = latenessMillis;
        this.mergeThreshold = mergeThreshold;
        this.backgroundMerge = backgroundMerge;
        this.capacity = 2 * mergeThreshold;
        int[] retention = base.columns().retentionDays();
        if (retention.length > 0 && retention[retention.length - 1] > maxRetentionDays) {
            throw new InvalidInputException("retention_days", retention[retention.length - 1],
                "is out of range, allowed 1.." + maxRetentionDays + " (maxRetentionDays of the live index)");
        }
        this.clockMillis = clockMillis;
        this.ops = ops;
        this.cameras = base.cameraCount();
        install(base, new OrdinalsById(base.cameraCount(), base::cameraId), horizonOf(NO_CLOCK), new Merged(base, ops, clockMillis));
        this.delta = new Delta(base.cameraCount(), capacity);
        publish();
    }

    /** @return the newest published state */
    public LiveState current() {
        return current;
    }

    /** @return the time bucket size, milliseconds */
    public long bucketMillis() {
        return bucketMillis;
    }

    /**
     * @return how many changes a caller may stage between two publications: well below the
     *     delta's capacity, so that a merge can always make room
     */
    public int publishEvery() {
        return Math.max(1, Math.min(PUBLISH_EVERY, mergeThreshold / 2));
    }

    /** @param l told after every merge; replaces the previous listener */
    public void setMergeListener(MergeListener l) {
        this.listener = Objects.requireNonNull(l, "listener");
    }

    /** @return the clock as staged */
    public synchronized long stagedClockMillis() {
        return clockMillis;
    }

    /**
     * Stages one change and publishes it at once.
     *
     * @param kind a {@link Change} kind
     * @param id the camera id
     * @param first the first field, as {@link Change} defines it for the kind
     * @param second the second field
     * @param attributes the camera's attributes, for an upsert
     * @param view the camera's view, for an upsert ({@link CameraView#NONE} for none)
     * @throws InvalidInputException if the change is refused; nothing is changed then
     */
    public synchronized void apply(byte kind, long id, long first, long second, int attributes, long view) {
        stage(kind, id, first, second, attributes, view);
        publish();
    }

    /**
     * Validates one change against the staged state and appends it; queries see it after the next
     * {@link #publish()}.
     *
     * @param kind a {@link Change} kind
     * @param id the camera id
     * @param first the first field, as {@link Change} defines it for the kind
     * @param second the second field
     * @param attributes the camera's attributes, for an upsert
     * @param view the camera's view, for an upsert ({@link CameraView#NONE} for none)
     * @throws InvalidInputException if the change is refused (an unknown camera, a value out of
     *     range, footage too late, a clock moving back); nothing is changed then
     * @throws IllegalStateException if the writer is closed, or a merge it waited for failed
     */
    public synchronized void stage(byte kind, long id, long first, long second, int attributes, long view) {
        switch (kind) {
            case Change.UPSERT -> stageUpsert(id, Double.longBitsToDouble(first), Double.longBitsToDouble(second), attributes, view);
            case Change.DELETE -> stageDelete(id);
            case Change.FOOTAGE -> stageFootage(id, first, second);
            case Change.CLOCK -> stageClock(first);
            default -> throw new IllegalArgumentException("kind=" + kind + " is not a change");
        }
    }

    private void stageUpsert(long id, double latDegrees, double lonDegrees, int attributes, long view) {
        Checks.latitude(latDegrees);
        Checks.longitude(lonDegrees);
        Checks.retentionDays(CameraAttributes.retentionDays(attributes), maxRetentionDays, "maxRetentionDays of the live index");
        if (!CameraView.valid(view)) {
            throw new InvalidInputException("view", Long.toHexString(view), "is not a view: heading, field of view or range out of range");
        }
        ensureRoom();
        boolean existed = exists(id);
        delta.appendVersion(slotFor(id), latDegrees, lonDegrees, attributes & (CameraAttributes.RETENTION_MASK | CameraAttributes.INELIGIBLE),
            view);
        if (!existed) {
            cameras++;
        }
        ops++;
    }

    private void stageDelete(long id) {
        ensureRoom();
        if (!exists(id)) {
            throw new InvalidInputException("id", id, "is not a known camera: only existing cameras can be deleted");
        }
        delta.appendVersion(slotFor(id), Double.NaN, Double.NaN, Delta.ATTR_DELETED, CameraView.NONE);
        cameras--;
        ops++;
    }

    private void stageFootage(long cameraId, long startMillis, long endMillis) {
        ensureRoom();
        if (!exists(cameraId)) {
            throw new InvalidInputException("camera_id", cameraId, "is not a known camera: add the camera before its footage");
        }
        Checks.interval(startMillis, endMillis);
        if (clockMillis != NO_CLOCK && latenessMillis != Long.MAX_VALUE && endMillis <= clockMillis - latenessMillis) {
            throw new InvalidInputException("end", endMillis, "is too late: footage must end after the clock " + clockMillis
                + " minus the allowed lateness of " + latenessMillis + " ms");
        }
        delta.appendFootage(slotFor(cameraId), TimeBuckets.firstBucket(startMillis, bucketMillis), TimeBuckets.lastBucket(endMillis, bucketMillis));
        ops++;
    }

    private void stageClock(long nowMillis) {
        Checks.millis("now", nowMillis);
        if (nowMillis < clockMillis) {
            throw new InvalidInputException("now", nowMillis, "is before the clock " + clockMillis + ": the clock only advances");
        }
        checkOpen();
        clockMillis = nowMillis;
        ops++;
    }

    /** Makes every staged change visible, in one step, and starts a merge if the delta is large. */
    public synchronized void publish() {
        current = new LiveState(base, delta, delta.slotCount(), delta.versionCount(), delta.footageCount(), clockMillis, ops, cameras);
        if (!merging && !closed && delta.versionCount() + (long) delta.footageCount() >= mergeThreshold) {
            startMerge(current);
        }
    }

    /**
     * Folds every change published so far into a new sealed base and waits for it. Stagers may go
     * on meanwhile; their changes stay in the delta.
     *
     * @return the base afterwards and the state it holds, at least the state published at the call
     * @throws IllegalStateException if the merge failed or the writer is closed
     */
    public synchronized Merged merge() {
        awaitMerge();
        LiveState at = current;
        if (behind(at)) {
            startMerge(at);
            awaitMerge();
            return baseState;
        }
        return new Merged(base, at.opCount(), at.clockMillis());
    }

    /**
     * Merges everything published, inline, blocking stagers, and returns the base: a sealed index
     * of exactly the published state, valid (and immutable) however the writer changes later.
     *
     * @return the base and the state it holds: the published state
     * @throws IllegalStateException if the merge failed or the writer is closed
     */
    public synchronized Merged seal() {
        awaitMerge();
        LiveState at = current;
        if (behind(at)) {
            merging = true;
            runMerge(at);
            rethrowMergeFailure();
            assert current.deltaEmpty();
            return baseState;
        }
        return new Merged(base, at.opCount(), at.clockMillis());
    }

    /** Waits for a running merge and stops the merge thread. States and bases stay usable. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        awaitMergeQuietly();
        closed = true;
        if (mergeThread != null) {
            mergeThread.shutdown();
            try {
                mergeThread.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Whether a camera exists in the staged state. Remembers the base ordinal it looked up, so
     * that {@link #slotFor} right after it does not look it up again.
     */
    private boolean exists(long id) {
        int slot = delta.slotOf(id);
        if (slot == Delta.NONE) {
            lookedUpId = id;
            lookedUpOrdinal = baseIds.ordinalOf(id);
            return lookedUpOrdinal != Delta.NONE;
        }
        int v = delta.latestVersion(slot, delta.versionCount());
        if (v == Delta.NONE) {
            return delta.slotOrdinal(slot) != Delta.NONE;
        }
        return (delta.versionAttrs(v) & Delta.ATTR_DELETED) == 0;
    }

    private int slotFor(long id) {
        int slot = delta.slotOf(id);
        if (slot != Delta.NONE) {
            return slot;
        }
        int ordinal = id == lookedUpId && lookedUpOrdinal != UNKNOWN ? lookedUpOrdinal : baseIds.ordinalOf(id);
        lookedUpOrdinal = UNKNOWN;
        return delta.addSlot(id, ordinal);
    }

    /** Waits, if the delta is full, for the merge that empties it. */
    private void ensureRoom() {
        checkOpen();
        while (delta.isFull()) {
            if (!merging) {
                LiveState at = current;
                if (at.deltaEmpty()) {
                    throw new IllegalStateException("more than " + capacity + " unpublished changes in one batch");
                }
                startMerge(at);
            }
            awaitMerge();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the live index is closed");
        }
    }

    // ---------------------------------------------------------------- merging

    /** @return whether the base lacks something of {@code at}: delta rows, or footage the clock has since expired */
    private boolean behind(LiveState at) {
        return !at.deltaEmpty() || horizonOf(at.clockMillis()) > baseHorizon;
    }

    /** @return the first bucket any camera can still retain at or after {@code clock}: merges drop the buckets before it */
    private long horizonOf(long clock) {
        return clock == NO_CLOCK ? SegmentMerger.NO_HORIZON : TimeBuckets.firstRetainedBucket(clock, maxRetentionDays, bucketMillis);
    }

    private void startMerge(LiveState at) {
        checkOpen();
        merging = true;
        if (!backgroundMerge) {
            runMerge(at);
            return;
        }
        if (mergeThread == null) {
            mergeThread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "geomatch-merge");
                t.setDaemon(true);
                return t;
            });
        }
        mergeThread.execute(() -> runMerge(at));
    }

    /**
     * Builds the new base from {@code at} and carries the changes published since over to a fresh
     * delta, without the lock; then, with it, carries over the few made meanwhile and installs both.
     */
    private void runMerge(LiveState at) {
        Merged result = null;
        try {
            long horizon = horizonOf(at.clockMillis());
            IndexColumns columns = SegmentMerger.merge(at.base().columns(), at.delta(), at.slots(), at.versions(),
                at.footageRows(), horizon);
            SealedIndex merged = new SealedIndex(columns);
            OrdinalsById ids = new OrdinalsById(merged.cameraCount(), merged::cameraId);
            CarryOver carry = new CarryOver(at, new Delta(merged.cameraCount(), capacity), ids);
            LiveState published = current;
            assert published.delta() == at.delta();
            carry.to(published.versions(), published.footageRows(), null);
            result = new Merged(merged, at.opCount(), at.clockMillis());
            synchronized (this) {
                switchTo(at, result, ids, horizon, carry);
            }
        } catch (Throwable t) {
            result = null;
            synchronized (this) {
                mergeFailure = t;
            }
        } finally {
            synchronized (this) {
                merging = false;
                notifyAll();
            }
        }
        if (result != null) {
            listener.merged(result);
        }
    }

    /**
     * Installs a merged base: the carry-over receives the rest of the old delta (staged rows
     * included), and the new state shows exactly what the old one showed.
     */
    private void switchTo(LiveState at, Merged merged, OrdinalsById ids, long horizon, CarryOver carry) {
        assert at.delta() == delta;
        LiveState published = current;
        carry.to(delta.versionCount(), delta.footageCount(), published);
        int[] shown = carry.shown();
        assert shown != null;
        install(merged.base(), ids, horizon, merged);
        delta = carry.fresh();
        current = new LiveState(merged.base(), delta, shown[0], shown[1], shown[2], published.clockMillis(), published.opCount(),
            published.cameraCount());
    }

    private void install(SealedIndex newBase, OrdinalsById ids, long horizon, Merged state) {
        lookedUpOrdinal = UNKNOWN;
        base = newBase;
        baseIds = ids;
        baseHorizon = horizon;
        baseState = state;
    }

    private void awaitMerge() {
        while (merging) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a merge", e);
            }
        }
        rethrowMergeFailure();
    }

    private void awaitMergeQuietly() {
        boolean interrupted = false;
        while (merging) {
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

    private void rethrowMergeFailure() {
        if (mergeFailure != null) {
            throw new IllegalStateException("a merge of the live index failed: " + mergeFailure, mergeFailure);
        }
    }
}
