package io.geomatch.core;

import io.geomatch.core.live.Delta;
import io.geomatch.core.live.OrdinalsById;
import io.geomatch.core.live.SegmentMerger;
import io.geomatch.core.store.IndexColumns;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A camera index that takes changes while queries run: cameras are upserted (new, moved,
 * settings changed) and deleted, footage streams in, and the clock advances so that expired
 * footage can be dropped. Every change is visible to the very next query.
 *
 * <p>Structure: a sealed, off-heap {@link GeoIndex} (the <em>base</em>) plus a {@link Delta} of
 * the changes since. Each change appends to the delta and publishes a new immutable
 * {@link LiveView}; a query takes the newest view and sees exactly the changes before it, never
 * half of one. When the delta reaches {@link LiveOptions#mergeThreshold()} rows a background
 * thread folds it into a new base ({@link SegmentMerger}), while writers go on appending; the
 * changes made during the merge are then carried over to the new delta in one short step.
 *
 * <p>Semantics follow {@link GeoIndex#match} for the current state of every camera. A camera
 * keeps its footage across upserts (a move does not erase history); a delete removes the camera
 * and its footage, and the same id may later be added afresh. {@link #advanceClock(long)} lets
 * merges drop footage older than the clock minus {@link LiveOptions#maxRetentionDays()}, which no
 * camera can retain at or after the clock; so queries must judge retention at or after the clock.
 *
 * <p>Threading: writer methods are serialised (any thread may call them; one runs at a time) and
 * never wait for readers. Readers never lock and never wait: {@link #view()} is one volatile read.
 * A writer waits only when the delta is full (twice the merge threshold) and a merge is still
 * running. Results are exact, as for {@link GeoIndex}.
 */
public final class LiveIndex implements AutoCloseable {
    /** The clock before it is first advanced. */
    public static final long NO_CLOCK = Long.MIN_VALUE;

    /** Told, on the merge thread, that a merge has replaced the base. */
    interface MergeListener {
        /**
         * @param base the new base, holding exactly the state of {@code at}
         * @param at the published view that was merged
         */
        void merged(GeoIndex base, LiveView at);
    }

    private final LiveOptions options;
    private final long bucketMillis;
    private final int capacity;
    private volatile LiveView view;

    // Writer state, guarded by this.
    private GeoIndex base;
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
    private MergeListener listener = (b, at) -> { };
    /** The last id {@link #exists} looked up in the base, and its ordinal ({@link #UNKNOWN}: none remembered). */
    private long lookedUpId;
    private int lookedUpOrdinal = UNKNOWN;
    private static final int UNKNOWN = Integer.MIN_VALUE;

    LiveIndex(GeoIndex base, LiveOptions options, long clockMillis, long ops) {
        this.options = Objects.requireNonNull(options, "options");
        this.bucketMillis = base.bucketMillis();
        this.capacity = 2 * options.mergeThreshold();
        int[] retention = base.columns().retentionDays();
        if (retention.length > 0 && retention[retention.length - 1] > options.maxRetentionDays()) {
            throw new InvalidInputException("retention_days", retention[retention.length - 1],
                "is out of range, allowed 1.." + options.maxRetentionDays() + " (maxRetentionDays of the live index)");
        }
        this.clockMillis = clockMillis;
        this.ops = ops;
        this.cameras = base.cameraCount();
        install(base, new OrdinalsById(base.cameraCount(), base::cameraId), SegmentMerger.NO_HORIZON);
        this.delta = new Delta(base.cameraCount(), capacity);
        publish();
    }

    /**
     * Creates an empty live index.
     *
     * @param bucketMillis the time bucket size {@code B} in milliseconds, as {@link GeoIndex#builder(long)}
     * @param options limits and merge settings
     * @return a new index
     * @throws InvalidInputException if {@code bucketMillis} is out of range
     */
    public static LiveIndex create(long bucketMillis, LiveOptions options) {
        return new LiveIndex(GeoIndex.builder(bucketMillis).build(), options, NO_CLOCK, 0);
    }

    /**
     * Starts a live index from a sealed one, built or opened; {@code base} must stay open while
     * the live index uses it (until its first merge).
     *
     * @param base the starting state
     * @param options limits and merge settings
     * @return a new index
     * @throws InvalidInputException if a camera of {@code base} retains longer than {@link LiveOptions#maxRetentionDays()}
     */
    public static LiveIndex of(GeoIndex base, LiveOptions options) {
        return new LiveIndex(Objects.requireNonNull(base, "base"), options, NO_CLOCK, 0);
    }

    /** @return the newest state: a consistent view for any number of queries */
    public LiveView view() {
        return view;
    }

    /**
     * Queries the newest state; see {@link LiveView#match}.
     *
     * @param area the area
     * @param fromMillis window start, inclusive, epoch ms
     * @param toMillis window end, exclusive, epoch ms
     * @param nowMillis the time at which retention is judged, epoch ms, not before the clock
     * @param into cleared, then filled with the matches
     * @throws InvalidInputException for a bad window or a {@code nowMillis} before the clock
     */
    public void match(Area area, long fromMillis, long toMillis, long nowMillis, Matches into) {
        view.match(area, fromMillis, toMillis, nowMillis, into);
    }

    /**
     * Convenience form of {@link #match}: the matching camera ids, ascending. Allocates.
     *
     * @param area the area
     * @param fromMillis window start, inclusive, epoch ms
     * @param toMillis window end, exclusive, epoch ms
     * @param nowMillis the time at which retention is judged, epoch ms
     * @return matching camera ids, ascending
     */
    public long[] matchIds(Area area, long fromMillis, long toMillis, long nowMillis) {
        return view.matchIds(area, fromMillis, toMillis, nowMillis);
    }

    /** @return the time bucket size {@code B}, milliseconds */
    public long bucketMillis() {
        return bucketMillis;
    }

    /** @return the options this index was created with */
    public LiveOptions options() {
        return options;
    }

    /**
     * Adds a camera, or replaces the location and settings of an existing one (its footage stays).
     *
     * @param id the camera id
     * @param latDegrees latitude, -90..90
     * @param lonDegrees longitude, -180..180
     * @param optedIn whether the owner receives requests
     * @param e2ee whether the footage is end-to-end encrypted
     * @param retentionDays days of footage kept, 1..{@link LiveOptions#maxRetentionDays()}
     * @throws InvalidInputException for an out-of-range value; nothing is changed then
     */
    public synchronized void upsertCamera(long id, double latDegrees, double lonDegrees, boolean optedIn, boolean e2ee, int retentionDays) {
        stageUpsert(id, latDegrees, lonDegrees, optedIn, e2ee, retentionDays);
        publish();
    }

    /**
     * Removes a camera and its footage.
     *
     * @param id the id of an existing camera
     * @throws InvalidInputException if there is no such camera
     */
    public synchronized void deleteCamera(long id) {
        stageDelete(id);
        publish();
    }

    /**
     * Records footage {@code [startMillis, endMillis)} of a camera, in any order.
     *
     * @param cameraId the id of an existing camera
     * @param startMillis inclusive start, epoch ms
     * @param endMillis exclusive end, epoch ms, after {@code startMillis} and after the clock
     *     minus {@link LiveOptions#latenessMillis()}
     * @throws InvalidInputException for an unknown camera, a bad interval or footage that is too late
     */
    public synchronized void addFootage(long cameraId, long startMillis, long endMillis) {
        stageFootage(cameraId, startMillis, endMillis);
        publish();
    }

    /**
     * Advances the clock. Queries must then judge retention at or after it, and merges drop
     * footage older than it minus {@link LiveOptions#maxRetentionDays()}.
     *
     * @param nowMillis the new clock, epoch ms, not before the current one
     * @throws InvalidInputException if it would move the clock back
     */
    public synchronized void advanceClock(long nowMillis) {
        stageClock(nowMillis);
        publish();
    }

    /**
     * Folds every change published so far into a new sealed base and waits for it. Writers may
     * go on meanwhile; their changes stay in the delta.
     *
     * @throws IllegalStateException if the merge failed or the index is closed
     */
    public synchronized void merge() {
        awaitMerge();
        LiveView at = view;
        if (behind(at)) {
            startMerge(at);
            awaitMerge();
        }
    }

    /**
     * Merges everything and returns the sealed index of the current state, for example to write
     * a snapshot. Blocks writers while it merges. The result stays valid (and immutable) however
     * the live index changes later.
     *
     * @return a sealed index with exactly the current cameras and footage
     * @throws IllegalStateException if the merge failed or the index is closed
     */
    public synchronized GeoIndex seal() {
        awaitMerge();
        LiveView at = view;
        if (behind(at)) {
            merging = true;
            runMerge(at);
            rethrowMergeFailure();
        }
        assert view.deltaEmpty();
        return base;
    }

    /** Waits for a running merge and stops the merge thread. Views and sealed indexes stay usable. */
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

    // ---------------------------------------------------------------- staging (writer, under this)

    synchronized void setMergeListener(MergeListener l) {
        this.listener = Objects.requireNonNull(l, "listener");
    }

    /** @return the clock the writer has staged */
    synchronized long stagedClockMillis() {
        return clockMillis;
    }

    synchronized void stageUpsert(long id, double latDegrees, double lonDegrees, boolean optedIn, boolean e2ee, int retentionDays) {
        if (!(latDegrees >= -90.0 && latDegrees <= 90.0)) {
            throw new InvalidInputException("lat", latDegrees, "is out of range, allowed -90..90");
        }
        if (!(lonDegrees >= -180.0 && lonDegrees <= 180.0)) {
            throw new InvalidInputException("lon", lonDegrees, "is out of range, allowed -180..180");
        }
        if (retentionDays < GeoIndexBuilder.MIN_RETENTION_DAYS || retentionDays > options.maxRetentionDays()) {
            throw new InvalidInputException("retention_days", retentionDays, "is out of range, allowed "
                + GeoIndexBuilder.MIN_RETENTION_DAYS + ".." + options.maxRetentionDays()
                + (options.maxRetentionDays() < GeoIndexBuilder.MAX_RETENTION_DAYS ? " (maxRetentionDays of the live index)" : ""));
        }
        ensureRoom();
        boolean existed = exists(id);
        int attrs = retentionDays | (optedIn ? 0 : Delta.ATTR_OPTED_OUT) | (e2ee ? Delta.ATTR_E2EE : 0);
        delta.appendVersion(slotFor(id), latDegrees, lonDegrees, attrs);
        if (!existed) {
            cameras++;
        }
        ops++;
    }

    synchronized void stageDelete(long id) {
        ensureRoom();
        if (!exists(id)) {
            throw new InvalidInputException("id", id, "is not a known camera: only existing cameras can be deleted");
        }
        delta.appendVersion(slotFor(id), Double.NaN, Double.NaN, Delta.ATTR_DELETED);
        cameras--;
        ops++;
    }

    synchronized void stageFootage(long cameraId, long startMillis, long endMillis) {
        ensureRoom();
        if (!exists(cameraId)) {
            throw new InvalidInputException("camera_id", cameraId, "is not a known camera: add the camera before its footage");
        }
        GeoIndexBuilder.checkMillis("start", startMillis);
        GeoIndexBuilder.checkMillis("end", endMillis);
        if (endMillis <= startMillis) {
            throw new InvalidInputException("end", endMillis, "must be after start " + startMillis);
        }
        if (clockMillis != NO_CLOCK && options.latenessMillis() != Long.MAX_VALUE
            && endMillis <= clockMillis - options.latenessMillis()) {
            throw new InvalidInputException("end", endMillis, "is too late: footage must end after the clock " + clockMillis
                + " minus the allowed lateness of " + options.latenessMillis() + " ms");
        }
        delta.appendFootage(slotFor(cameraId), Math.floorDiv(startMillis, bucketMillis), Math.floorDiv(endMillis - 1, bucketMillis));
        ops++;
    }

    synchronized void stageClock(long nowMillis) {
        GeoIndexBuilder.checkMillis("now", nowMillis);
        if (nowMillis < clockMillis) {
            throw new InvalidInputException("now", nowMillis, "is before the clock " + clockMillis + ": the clock only advances");
        }
        checkOpen();
        clockMillis = nowMillis;
        ops++;
    }

    /** Makes every staged change visible, in one step, and starts a merge if the delta is large. */
    synchronized void publish() {
        view = new LiveView(base, delta, delta.slotCount(), delta.versionCount(), delta.footageCount(), clockMillis, ops, cameras);
        if (!merging && !closed && delta.versionCount() + (long) delta.footageCount() >= options.mergeThreshold()) {
            startMerge(view);
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
                LiveView at = view;
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
    private boolean behind(LiveView at) {
        return !at.deltaEmpty() || horizonOf(at.clockMillis()) > baseHorizon;
    }

    private long horizonOf(long clock) {
        return clock == NO_CLOCK ? SegmentMerger.NO_HORIZON
            : Math.floorDiv(clock - options.maxRetentionDays() * GeoIndex.MILLIS_PER_DAY, bucketMillis);
    }

    private void startMerge(LiveView at) {
        checkOpen();
        merging = true;
        if (!options.backgroundMerge()) {
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
    private void runMerge(LiveView at) {
        MergeListener told;
        try {
            IndexColumns columns = SegmentMerger.merge(at.base().columns(), at.delta(), at.slots(), at.versions(),
                at.footageRows(), horizonOf(at.clockMillis()));
            GeoIndex merged = new GeoIndex(columns);
            OrdinalsById ids = new OrdinalsById(merged.cameraCount(), merged::cameraId);
            Replay replay = new Replay(at, new Delta(merged.cameraCount(), capacity), ids);
            LiveView published = view;
            assert published.delta() == at.delta();
            replay.to(published.versions(), published.footageRows(), null);
            synchronized (this) {
                switchTo(at, merged, ids, replay);
                told = listener;
            }
            told.merged(merged, at);
        } catch (Throwable t) {
            synchronized (this) {
                mergeFailure = t;
            }
        } finally {
            synchronized (this) {
                merging = false;
                notifyAll();
            }
        }
    }

    /**
     * Carries the rows of an old delta after a merged view over to a fresh delta over the merged
     * base, in their original order: a version was staged after the footage rows below its
     * {@link Delta#versionFootageCountAt} and before the rest.
     */
    private static final class Replay {
        final Delta old;
        final Delta fresh;
        final OrdinalsById ids;
        int v;
        int f;
        int[] shown;

        Replay(LiveView at, Delta fresh, OrdinalsById ids) {
            this.old = at.delta();
            this.fresh = fresh;
            this.ids = ids;
            this.v = at.versions();
            this.f = at.footageRows();
        }

        /** Replays up to the given counts; records the fresh counts on passing those of {@code show}. */
        void to(int versionEnd, int footageEnd, LiveView show) {
            while (true) {
                if (show != null && shown == null && v == show.versions() && f == show.footageRows()) {
                    shown = new int[] {fresh.slotCount(), fresh.versionCount(), fresh.footageCount()};
                }
                boolean versionsLeft = v < versionEnd;
                boolean footageLeft = f < footageEnd;
                if (!versionsLeft && !footageLeft) {
                    return;
                }
                if (versionsLeft && (!footageLeft || old.versionFootageCountAt(v) <= f)) {
                    long id = old.slotId(old.versionSlot(v));
                    fresh.appendVersion(slotIn(fresh, ids, id), old.versionLat(v), old.versionLon(v), old.versionAttrs(v));
                    v++;
                } else {
                    long id = old.slotId(old.footageSlot(f));
                    fresh.appendFootage(slotIn(fresh, ids, id), old.footageFirst(f), old.footageLast(f));
                    f++;
                }
            }
        }
    }

    /**
     * Installs a merged base: the replay receives the rest of the old delta (staged rows included),
     * and the new view shows exactly what the old one showed.
     */
    private void switchTo(LiveView at, GeoIndex merged, OrdinalsById ids, Replay replay) {
        assert at.delta() == delta;
        LiveView published = view;
        replay.to(delta.versionCount(), delta.footageCount(), published);
        int[] shown = replay.shown;
        assert shown != null;
        install(merged, ids, horizonOf(at.clockMillis()));
        delta = replay.fresh;
        view = new LiveView(merged, delta, shown[0], shown[1], shown[2], published.clockMillis(), published.opCount(),
            published.cameraCount());
    }

    private static int slotIn(Delta d, OrdinalsById ids, long id) {
        int slot = d.slotOf(id);
        return slot != Delta.NONE ? slot : d.addSlot(id, ids.ordinalOf(id));
    }

    private void install(GeoIndex newBase, OrdinalsById ids, long horizon) {
        lookedUpOrdinal = UNKNOWN;
        base = newBase;
        baseIds = ids;
        baseHorizon = horizon;
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
