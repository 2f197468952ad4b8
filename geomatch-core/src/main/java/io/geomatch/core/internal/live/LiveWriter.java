package io.geomatch.core.internal.live;

import io.geomatch.core.InvalidInputException;
import io.geomatch.core.internal.contract.CameraAttributes;
import io.geomatch.core.internal.contract.CameraView;
import io.geomatch.core.internal.contract.Checks;
import io.geomatch.core.internal.contract.FloorDivider;
import io.geomatch.core.internal.contract.TimeBuckets;
import io.geomatch.core.internal.memory.MemoryBudget;
import io.geomatch.core.internal.query.SealedIndex;
import org.agrona.collections.Int2IntHashMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The writing side of a live index: stages changes into the {@link Delta}, publishes them as
 * immutable {@link LiveState}s, merges in the background, and frees the memory of what merges
 * retire as soon as nothing reads it.
 *
 * <p>Each change is validated and appended as it is staged ({@link #stage}), and becomes visible
 * to queries only when {@link #publish()} makes a new state: a store stages a group of changes,
 * writes them to its log, and publishes them together.
 *
 * <p><b>Merges.</b> When the delta reaches the merge threshold, the merge thread (or, without one,
 * the call that crossed it) runs one of three merges while staging goes on; the rows staged
 * meanwhile are carried over to a fresh delta ({@link CarryOver}), and the result is installed as
 * a new {@link Generation} in one short locked step:
 * <ul>
 *   <li>a <em>freeze</em> ({@link #TIERED}, the default): the delta's footage becomes a new
 *       {@link FootageTier}; the base is untouched, so the merge costs the delta, not the base.
 *       Camera versions stay in the delta (carried to the fresh one) until the next full merge;</li>
 *   <li>a <em>compaction</em>: when {@value #FAN_IN} tiers of one level end the list, they are
 *       merged into one of the next level (up to level {@value #MAX_LEVEL}), so that a query
 *       meets few tiers and each row is rewritten a few times at most;</li>
 *   <li>a <em>full merge</em> ({@link SegmentMerger}) of base, tiers and delta into a new base:
 *       when asked ({@link #merge()}, {@link #seal()}), when camera versions fill half the
 *       threshold, when tiers pile up beyond {@value #MAX_TIERS}, and always with {@link #FULL}
 *       (a store's policy: each of its merges can become a checkpoint).</li>
 * </ul>
 * Merges drop footage before the horizon: the first bucket the clock minus the longest retention
 * still retains.
 *
 * <p><b>Memory.</b> The writer holds the current generation once; a query holds the generation of
 * its state while it runs ({@link #acquireCurrent()}), a view while it is open. Installing a new
 * generation lets go of the old one, and the segments no generation holds any more are freed at
 * once by whichever thread lets go last. Every segment's bytes count in the {@link MemoryBudget}
 * until they are freed. A stager waits when the delta is full (twice the merge threshold) until a
 * merge empties it, and, when the next merge's output would not fit the budget, for up to
 * {@code memoryWaitMillis} for memory to be freed; then it refuses with a {@link MemoryBudgetException}.
 *
 * <p>Threading: every method but {@link #current()}, {@link #acquireCurrent()},
 * {@link #bucketMillis()} and the memory figures synchronises on this writer; any thread may
 * call them, one runs at a time. The merge thread takes this writer's lock only to install its
 * result, and then tells the {@link MergeListener} (after a full merge).
 */
public final class LiveWriter implements AutoCloseable {
    /** The clock before it is first advanced. */
    public static final long NO_CLOCK = Long.MIN_VALUE;
    /** Merge policy: freezes into footage tiers, full merges only when needed. */
    public static final int TIERED = 0;
    /** Merge policy: every merge a full merge. */
    public static final int FULL = 1;
    /** Tiers of one level compacted together. */
    static final int FAN_IN = 4;
    /** The highest level a compaction makes; tiers of this level are not compacted further. */
    static final int MAX_LEVEL = 2;
    /** More tiers than this make the next merge a full one, if the budget allows. */
    static final int MAX_TIERS = 32;
    /** Most changes staged between two publications by a caller that stages many. */
    private static final int PUBLISH_EVERY = 8192;
    /** How often a stager waiting for memory looks again, milliseconds. */
    private static final long MEMORY_POLL_MILLIS = 5;

    /**
     * Told that a full merge has replaced the base: on the merge thread, after the writer's lock is
     * released; for an inline merge, on the thread whose call started it, which holds the lock.
     */
    @FunctionalInterface
    public interface MergeListener {
        /**
         * @param merged the new base and the state it holds, readable during the call; {@link Merged#retain()}
         *     keeps it longer
         */
        void merged(Merged merged);
    }

    private enum Kind { FREEZE, COMPACT, FULL }

    private final long bucketMillis;
    /** Instants to buckets ({@code floor(t/B)}), without a division instruction per clip. */
    private final FloorDivider buckets;
    private final int maxRetentionDays;
    private final long latenessMillis;
    private final int mergeThreshold;
    private final boolean backgroundMerge;
    private final int capacity;
    private final MemoryBudget budget = new MemoryBudget(MemoryBudget.UNLIMITED);
    private volatile LiveState current;
    private volatile MergeListener listener = m -> { };
    private volatile boolean closed;
    /** A {@link #close} is waiting for the merge thread; a second one need not. */
    private boolean closing;

    // Guarded by this.
    private int policy = TIERED;
    private long memoryWaitMillis = 10_000;
    private Generation gen;
    private Delta delta;
    /** The horizon the base was last fully merged with. */
    private long baseHorizon;
    /** The state the base holds exactly, when it does: after a full merge. */
    private long baseOps;
    private long baseClock;
    private long clockMillis;
    private long ops;
    private long cameras;
    private boolean merging;
    /** Set by {@link #seal()} and {@link #close()}: the merge thread stops after its current merge. */
    private boolean pause;
    /** Full merges asked for by {@link #merge()}, and full merges done. */
    private long fullAsked;
    private long fullDone;
    private Throwable mergeFailure;
    private ExecutorService mergeThread;
    private long freezes;
    private long compactions;
    /** The last id {@link #slotOfId} looked up in the base, and its ordinal. */
    private long lookedUpId;
    private int lookedUpOrdinal;
    private boolean lookedUp;

    /**
     * Starts from a sealed base holding {@code ops} changes, with the clock at {@code clockMillis}.
     *
     * @param base the starting state; the writer takes over the caller's hold on its memory (and
     *     lets go of it if this constructor fails)
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
        this.buckets = new FloorDivider(bucketMillis);
        this.maxRetentionDays = maxRetentionDays;
        this.latenessMillis = latenessMillis;
        this.mergeThreshold = mergeThreshold;
        this.backgroundMerge = backgroundMerge;
        this.capacity = 2 * mergeThreshold;
        try {
            int[] retention = base.columns().retentionDays();
            if (retention.length > 0 && retention[retention.length - 1] > maxRetentionDays) {
                throw new InvalidInputException("retention_days", retention[retention.length - 1],
                    "is out of range, allowed 1.." + maxRetentionDays + " (maxRetentionDays of the live index)");
            }
            this.clockMillis = clockMillis;
            this.ops = ops;
            this.cameras = base.cameraCount();
            this.baseOps = ops;
            this.baseClock = clockMillis;
            this.baseHorizon = horizonOf(NO_CLOCK);
            budget.track(base.memory(), base.offHeapBytes(), false);
            this.delta = new Delta(base.cameraCount(), capacity, 0, base.cameraCount());
            this.gen = new Generation(base, new OrdinalsById(base.cameraCount(), base::cameraId), new FootageTier[0], delta);
        } finally {
            // The generation holds the base now (or nothing does, if this failed).
            base.memory().release();
        }
        publish();
    }

    /** @return the newest published state; to read its segments, use {@link #acquireCurrent()} */
    public LiveState current() {
        return current;
    }

    /**
     * The newest published state, with its segments held for the caller, who must release them
     * ({@code state.memory().release()}) when done.
     *
     * @return the state, held
     * @throws IllegalStateException if the writer is closed
     */
    public LiveState acquireCurrent() {
        while (true) {
            LiveState s = current;
            if (s.memory().tryRetain()) {
                if (closed) {
                    // An open view may still hold the last state: the index itself refuses all the same.
                    s.memory().release();
                    throw new IllegalStateException("the live index is closed");
                }
                return s;
            }
            if (closed && s == current) {
                throw new IllegalStateException("the live index is closed");
            }
            Thread.onSpinWait();
        }
    }

    /** @return the time bucket size, milliseconds */
    public long bucketMillis() {
        return bucketMillis;
    }

    /** @return the off-heap bytes this index holds: its segments, retired ones not yet freed, and running merges' reservations */
    public long offHeapBytes() {
        return budget.usedBytes();
    }

    /**
     * @return how many changes a caller may stage between two publications: well below the
     *     delta's capacity, so that a merge can always make room
     */
    public int publishEvery() {
        return Math.max(1, Math.min(PUBLISH_EVERY, mergeThreshold / 2));
    }

    /** @param l told after every full merge; replaces the previous listener */
    public void setMergeListener(MergeListener l) {
        this.listener = Objects.requireNonNull(l, "listener");
    }

    /** @param p {@link #TIERED} or {@link #FULL}: the kind of merge the threshold starts */
    public synchronized void setPolicy(int p) {
        if (p != TIERED && p != FULL) {
            throw new IllegalArgumentException("policy=" + p);
        }
        this.policy = p;
    }

    /**
     * @param maxBytes the most off-heap bytes the index may hold, or {@link MemoryBudget#UNLIMITED}
     * @param waitMillis how long a stager waits for memory to be freed before it refuses
     */
    public synchronized void setMemoryBudget(long maxBytes, long waitMillis) {
        budget.maxBytes(maxBytes);
        this.memoryWaitMillis = waitMillis;
    }

    /** @return merges into tiers so far, compactions so far, full merges so far */
    public synchronized long[] mergeCounts() {
        return new long[] {freezes, compactions, fullDone};
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
     * @throws MemoryBudgetException if it does not fit the memory budget after waiting; nothing is changed then
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
     * @throws MemoryBudgetException if it does not fit the memory budget after waiting; nothing is changed then
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
        delta.appendFootage(slotFor(cameraId), TimeBuckets.firstBucket(startMillis, buckets), TimeBuckets.lastBucket(endMillis, buckets));
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
        current = new LiveState(gen, delta.slotCount(), delta.versionCount(), delta.footageCount(), clockMillis, ops, cameras);
        if (!merging && !closed && !pause && rows(current) >= mergeThreshold) {
            Kind kind = kindFor(current);
            if (budget.fits(bytesFor(kind, current))) {
                startMerges(kind, current);
            }
        }
    }

    /**
     * Folds every change published so far into a new sealed base and waits for it. Stagers may go
     * on meanwhile; their changes stay in the delta.
     *
     * @return the base afterwards and the state it holds, at least the state published at the
     *     call; the caller closes it
     * @throws IllegalStateException if the merge failed or the writer is closed
     * @throws MemoryBudgetException if the new base does not fit the memory budget
     */
    public synchronized Merged merge() {
        checkOpen();
        if (behind(current)) {
            long ticket = ++fullAsked;
            while (fullDone < ticket) {
                if (!merging) {
                    // Not running, or it stopped (a budget refusal) before serving this request.
                    LiveState at = current;
                    if (!behind(at)) {
                        fullDone = fullAsked;
                        break;
                    }
                    if (!budget.fits(bytesFor(Kind.FULL, at))) {
                        fullAsked = fullDone;
                        throw new MemoryBudgetException("a full merge needs up to " + bytesFor(Kind.FULL, at)
                            + " bytes, more than the memory budget leaves: " + budget.usedBytes() + " of " + budget.maxBytes()
                            + " bytes in use");
                    }
                    startMerges(Kind.FULL, at);
                    continue;
                }
                waitForMerge();
                rethrowMergeFailure();
            }
        }
        gen.base.memory().retain();
        return new Merged(gen.base, baseOps, baseClock);
    }

    /**
     * Merges everything published, inline, blocking stagers, and returns the base: a sealed index
     * of exactly the published state, valid (and immutable) however the writer changes later.
     *
     * @return the base and the state it holds: the published state; the caller closes it
     * @throws IllegalStateException if the merge failed or the writer is closed
     * @throws MemoryBudgetException if the new base does not fit the memory budget
     */
    public synchronized Merged seal() {
        checkOpen();
        awaitIdle();
        LiveState at = current;
        if (behind(at)) {
            merging = true;
            try {
                runMerge(Kind.FULL, at);
            } finally {
                merging = false;
                notifyAll();
            }
            rethrowMergeFailure();
            assert current.deltaEmpty() && gen.tiers.length == 0;
        }
        gen.base.memory().retain();
        return new Merged(gen.base, baseOps, baseClock);
    }

    /**
     * Waits for a running merge, stops the merge thread, and lets go of the current state: its
     * memory is freed once no open view or running query holds it. Idempotent.
     */
    @Override
    public void close() {
        Generation last;
        synchronized (this) {
            // A second close while the first waits for the merge (the wait lets go of the lock) returns at once.
            if (closed || closing) {
                return;
            }
            closing = true;
            pause = true;
            awaitMergeQuietly();
            closed = true;
            if (mergeThread != null) {
                mergeThread.shutdown();
            }
            last = gen;
        }
        if (mergeThread != null) {
            try {
                mergeThread.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        last.memory.release();
    }

    // ---------------------------------------------------------------- staging

    /** @return the delta slot of a camera, or {@link Delta#NONE}; remembers its base ordinal for {@link #slotFor} */
    private int slotOfId(long id) {
        if (!lookedUp || lookedUpId != id) {
            lookedUpId = id;
            lookedUpOrdinal = gen.baseIds.ordinalOf(id);
            lookedUp = true;
        }
        return lookedUpOrdinal >= 0 ? delta.slotOfBase(lookedUpOrdinal) : delta.slotOfNew(id);
    }

    /** Whether a camera exists in the staged state. */
    private boolean exists(long id) {
        int slot = slotOfId(id);
        if (slot == Delta.NONE) {
            return lookedUpOrdinal >= 0;
        }
        int v = delta.latestVersion(slot, delta.versionCount());
        if (v == Delta.NONE) {
            return delta.slotOrdinal(slot) != Delta.NONE;
        }
        return (delta.versionAttrs(v) & Delta.ATTR_DELETED) == 0;
    }

    private int slotFor(long id) {
        int slot = slotOfId(id);
        if (slot != Delta.NONE) {
            return slot;
        }
        return delta.addSlot(id, lookedUpOrdinal >= 0 ? lookedUpOrdinal : delta.newKey());
    }

    /**
     * Waits, if the delta is full, for the merge that empties it; and, if the next merge would not
     * fit the memory budget, for memory to be freed, up to the wait limit.
     */
    private void ensureRoom() {
        checkOpen();
        long deadline = 0;
        boolean waitingForMemory = false;
        while (true) {
            boolean full = delta.isFull();
            LiveState at = current;
            Kind next = kindFor(at);
            long need = bytesFor(next, at) + (policy == FULL ? 0 : FootageTier.bytesPerRow());
            boolean fits = budget.fits(need);
            if (!full && fits) {
                return;
            }
            if (fits) {
                if (!merging) {
                    if (at.deltaEmpty()) {
                        throw new IllegalStateException("more than " + capacity + " unpublished changes in one batch");
                    }
                    startMerges(next, at);
                }
                waitForMerge();
                rethrowMergeFailure();
                continue;
            }
            long now = System.nanoTime();
            if (!waitingForMemory) {
                waitingForMemory = true;
                deadline = now + TimeUnit.MILLISECONDS.toNanos(memoryWaitMillis);
            }
            if (now - deadline >= 0) {
                throw new MemoryBudgetException("maxOffHeapBytes=" + budget.maxBytes() + " would be exceeded: the live index holds "
                    + budget.usedBytes() + " bytes off-heap and its next merge needs " + need + "; waited " + memoryWaitMillis
                    + " ms for memory to be freed (close views, advance the clock so merges drop expired footage, or raise maxOffHeapBytes)");
            }
            try {
                wait(Math.max(1, Math.min(MEMORY_POLL_MILLIS, TimeUnit.NANOSECONDS.toMillis(deadline - now))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for memory", e);
            }
            checkOpen();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the live index is closed");
        }
    }

    // ---------------------------------------------------------------- merging

    private static long rows(LiveState s) {
        return s.deltaRows();
    }

    /** @return whether the base lacks something of {@code at}: delta rows, tiers, or footage the clock has since expired */
    private boolean behind(LiveState at) {
        return !at.deltaEmpty() || at.tiers().length > 0 || horizonOf(at.clockMillis()) > baseHorizon;
    }

    /** @return the first bucket any camera can still retain at or after {@code clock}: merges drop the buckets before it */
    private long horizonOf(long clock) {
        return clock == NO_CLOCK ? SegmentMerger.NO_HORIZON : TimeBuckets.firstRetainedBucket(clock, maxRetentionDays, bucketMillis);
    }

    /** @return the merge the threshold starts for {@code at}. Under the lock. */
    private Kind kindFor(LiveState at) {
        if (policy == FULL || at.delta().versionedSlots() >= mergeThreshold / 2 || at.tiers().length >= MAX_TIERS) {
            return Kind.FULL;
        }
        return Kind.FREEZE;
    }

    /** @return the off-heap bytes a merge of {@code at} of that kind allocates, at most */
    private long bytesFor(Kind kind, LiveState at) {
        Delta d = at.delta();
        long footage = d.footageCount();
        return switch (kind) {
            case FREEZE -> footage * FootageTier.bytesPerRow() + 4L * 64;
            case COMPACT -> compactionBytes(at.tiers());
            case FULL -> at.segmentBytes() + (long) d.versionCount() * 64 + footage * 16 + 8L * 64;
        };
    }

    /** @return the newest tiers to compact (a suffix of {@code tiers}), or {@code null} */
    private static FootageTier[] compactionDue(FootageTier[] tiers) {
        int n = tiers.length;
        if (n < FAN_IN) {
            return null;
        }
        int level = tiers[n - 1].level();
        if (level >= MAX_LEVEL) {
            return null;
        }
        for (int i = n - FAN_IN; i < n; i++) {
            if (tiers[i].level() != level) {
                return null;
            }
        }
        return Arrays.copyOfRange(tiers, n - FAN_IN, n);
    }

    private static long compactionBytes(FootageTier[] tiers) {
        FootageTier[] inputs = compactionDue(tiers);
        long b = 0;
        if (inputs != null) {
            for (FootageTier t : inputs) {
                b += t.bytes();
            }
        }
        return b + 4L * 64;
    }

    /** Starts merging with {@code kind} on the merge thread, or inline. Under the lock. */
    private void startMerges(Kind kind, LiveState at) {
        checkOpen();
        merging = true;
        if (!backgroundMerge) {
            try {
                mergeLoop(kind, at);
            } finally {
                merging = false;
                notifyAll();
            }
            return;
        }
        if (mergeThread == null) {
            mergeThread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "geomatch-merge");
                t.setDaemon(true);
                return t;
            });
        }
        mergeThread.execute(() -> {
            try {
                mergeLoop(kind, at);
            } finally {
                synchronized (this) {
                    merging = false;
                    notifyAll();
                }
            }
        });
    }

    /** Runs merges, one after another, while one is due; stops at a budget refusal. */
    private void mergeLoop(Kind first, LiveState firstAt) {
        Kind kind = first;
        LiveState at = firstAt;
        while (kind != null) {
            try {
                runMerge(kind, at);
            } catch (MemoryBudgetException e) {
                // Not a failure of the index: this merge does not fit now. Stagers wait for memory, and refuse in the end.
                return;
            }
            synchronized (this) {
                notifyAll();
                kind = null;
                if (mergeFailure == null && !closed && !pause) {
                    at = current;
                    if (fullDone < fullAsked && behind(at)) {
                        kind = Kind.FULL;
                    } else if (fullDone < fullAsked) {
                        // Nothing left to fold: the base holds the state asked for.
                        fullDone = fullAsked;
                    } else if (rows(at) >= mergeThreshold) {
                        kind = kindFor(at);
                    } else if (policy == TIERED && compactionDue(at.tiers()) != null) {
                        kind = Kind.COMPACT;
                    }
                    if (kind != null && !budget.fits(bytesFor(kind, at))) {
                        // Stagers wait for memory, and refuse in the end; a later publication tries again.
                        kind = null;
                    }
                }
            }
        }
    }

    /** What a merge installed: the generation it replaced and, after a full merge, the new base for the listener. */
    private record Installed(Generation retired, Merged full) {
    }

    /**
     * Builds one merge's output from {@code at} without the lock, then installs it with the lock,
     * then lets go of the replaced generation (freeing what nothing else holds) and tells the
     * listener of a full merge. A failure other than the budget is remembered and rethrown to
     * stagers.
     *
     * @throws MemoryBudgetException if the output does not fit the budget: nothing changed
     */
    private void runMerge(Kind kind, LiveState at) {
        Installed installed;
        try {
            installed = switch (kind) {
                case FREEZE -> freeze(at);
                case COMPACT -> compact(at);
                case FULL -> fullMerge(at);
            };
        } catch (MemoryBudgetException e) {
            throw e;
        } catch (Throwable t) {
            synchronized (this) {
                mergeFailure = t;
            }
            return;
        }
        if (installed == null) {
            return;
        }
        installed.retired().memory.release();
        Merged full = installed.full();
        if (full != null) {
            try {
                listener.merged(full);
            } finally {
                full.close();
            }
        }
    }

    /** Freezes the delta prefix of {@code at} into a tier. */
    private Installed freeze(LiveState at) {
        Generation g = at.generation();
        long horizon = horizonOf(at.clockMillis());
        FootageTier tier = FootageTier.freeze(at.delta(), at.slots(), at.versions(), at.footageRows(), horizon, budget);
        try {
            CarryOver carry = new CarryOver(at, new Delta(g.base.cameraCount(), capacity, at.delta().gen() + 1, g.base.cameraCount()), null);
            LiveState published = current;
            carry.to(published.versions(), published.footageRows(), null);
            FootageTier[] tiers = withoutExpired(g.tiers, horizon, tier);
            synchronized (this) {
                assert at.delta() == delta && at.generation() == gen;
                freezes++;
                return new Installed(install(new Generation(g.base, g.baseIds, tiers, carry.fresh()), carry), null);
            }
        } finally {
            if (tier != null) {
                tier.memory().release();
            }
        }
    }

    /** Compacts the newest tiers of {@code at}. */
    private Installed compact(LiveState at) {
        Generation g = at.generation();
        FootageTier[] inputs = compactionDue(g.tiers);
        if (inputs == null) {
            return null;
        }
        long horizon = horizonOf(at.clockMillis());
        FootageTier out = FootageTier.compact(List.of(inputs), resets(at), horizon, budget);
        try {
            List<FootageTier> tiers = new ArrayList<>();
            for (int i = 0; i < g.tiers.length - inputs.length; i++) {
                tiers.add(g.tiers[i]);
            }
            if (out != null) {
                tiers.add(out);
            }
            synchronized (this) {
                assert at.generation() == gen;
                compactions++;
                Generation old = gen;
                gen = new Generation(g.base, g.baseIds, withoutExpired(tiers.toArray(new FootageTier[0]), horizon, null), delta);
                LiveState published = current;
                current = new LiveState(gen, published.slots(), published.versions(), published.footageRows(), published.clockMillis(),
                    published.opCount(), published.cameraCount());
                return new Installed(old, null);
            }
        } finally {
            if (out != null) {
                out.memory().release();
            }
        }
    }

    /** @return per key of a camera deleted since the base, its reset generation ({@link Integer#MAX_VALUE}: deleted now) */
    private static Int2IntHashMap resets(LiveState at) {
        Int2IntHashMap resets = new Int2IntHashMap(Integer.MIN_VALUE);
        Delta d = at.delta();
        for (int s = 0; s < at.slots(); s++) {
            int v = d.latestVersion(s, at.versions());
            if (v == Delta.NONE) {
                continue;
            }
            if ((d.versionAttrs(v) & Delta.ATTR_DELETED) != 0) {
                resets.put(d.slotKey(s), Integer.MAX_VALUE);
            } else if (d.versionResetGen(v) != Delta.NONE) {
                resets.put(d.slotKey(s), d.versionResetGen(v));
            }
        }
        return resets;
    }

    /** @return {@code tiers} plus {@code added} (if any), without the tiers wholly before the horizon */
    private static FootageTier[] withoutExpired(FootageTier[] tiers, long horizon, FootageTier added) {
        List<FootageTier> kept = new ArrayList<>(tiers.length + 1);
        for (FootageTier t : tiers) {
            if (t.maxBucket() >= horizon) {
                kept.add(t);
            }
        }
        if (added != null) {
            kept.add(added);
        }
        return kept.toArray(new FootageTier[0]);
    }

    /** Folds base, tiers and the delta prefix of {@code at} into a new base, held for the listener. */
    private Installed fullMerge(LiveState at) {
        Generation g = at.generation();
        long horizon = horizonOf(at.clockMillis());
        SegmentMerger.Output output = SegmentMerger.merge(g.base.columns(), g.tiers, at.delta(), at.slots(), at.versions(), at.footageRows(),
            horizon, budget);
        SealedIndex merged;
        try {
            merged = new SealedIndex(output.columns());
        } catch (RuntimeException | Error e) {
            budget.release(output.reservedBytes());
            throw e;
        }
        budget.track(merged.memory(), output.reservedBytes(), true);
        try {
            OrdinalsById ids = new OrdinalsById(merged.cameraCount(), merged::cameraId);
            CarryOver carry = new CarryOver(at, new Delta(merged.cameraCount(), capacity, at.delta().gen() + 1, merged.cameraCount()), ids);
            LiveState published = current;
            carry.to(published.versions(), published.footageRows(), null);
            synchronized (this) {
                assert at.delta() == delta && at.generation() == gen;
                Generation retired = install(new Generation(merged, ids, new FootageTier[0], carry.fresh()), carry);
                baseHorizon = horizon;
                baseOps = at.opCount();
                baseClock = at.clockMillis();
                fullDone = fullAsked;
                merged.memory().retain();
                return new Installed(retired, new Merged(merged, at.opCount(), at.clockMillis()));
            }
        } finally {
            merged.memory().release();
        }
    }

    /**
     * Installs a new generation whose delta is the carry-over's: it receives the rest of the old
     * delta (staged rows included), and the new state shows exactly what the old one showed.
     * Under the lock.
     *
     * @return the generation replaced, for the caller to let go of after the lock
     */
    private Generation install(Generation next, CarryOver carry) {
        LiveState published = current;
        carry.to(delta.versionCount(), delta.footageCount(), published);
        int[] shown = carry.shown();
        assert shown != null;
        Generation old = gen;
        gen = next;
        delta = next.delta;
        lookedUp = false;
        current = new LiveState(next, shown[0], shown[1], shown[2], published.clockMillis(), published.opCount(), published.cameraCount());
        return old;
    }

    /** Waits until the merge thread is idle, holding it there until the caller's step is done. Under the lock. */
    private void awaitIdle() {
        boolean wasPaused = pause;
        pause = true;
        try {
            while (merging) {
                waitForMerge();
            }
        } finally {
            pause = wasPaused;
        }
        rethrowMergeFailure();
    }

    /**
     * Waits for the merge thread to say something. Under the lock, which the wait lets go of: a
     * {@link #close} may have run meanwhile and taken the generation it lets go of, so no caller
     * may go on to merge or stage.
     *
     * @throws IllegalStateException if interrupted, or the writer was closed meanwhile
     */
    private void waitForMerge() {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a merge", e);
        }
        checkOpen();
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
