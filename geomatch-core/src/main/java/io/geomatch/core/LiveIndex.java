package io.geomatch.core;

import io.geomatch.core.internal.live.Change;
import io.geomatch.core.internal.live.LiveState;
import io.geomatch.core.internal.live.LiveWriter;
import io.geomatch.core.internal.live.Merged;
import io.geomatch.core.internal.query.SealedIndex;

import java.util.Objects;

/**
 * A camera index that takes changes while queries run: cameras are upserted (new, moved,
 * settings changed) and deleted, footage streams in, and the clock advances so that expired
 * footage can be dropped. Every change is visible to the very next query.
 *
 * <pre>{@code
 * try (LiveIndex live = LiveIndex.create(60_000, LiveOptions.defaults().maxRetentionDays(180))) {
 *     live.upsertCamera(Camera.at(42L, 41.8781, -87.6298));
 *     live.addFootage(42L, startMillis, endMillis);
 *     long[] ids = live.matchIds(area, fromMillis, toMillis, nowMillis);
 * }
 * }</pre>
 *
 * <p>Structure: a sealed, off-heap index (the <em>base</em>), sealed <em>tiers</em> of the footage
 * added since, and a delta of the latest changes. Each change appends to the delta and publishes a
 * new immutable state; a query takes the newest state and sees exactly the changes before it,
 * never half of one. When the delta reaches {@link LiveOptions#mergeThreshold()} rows a background
 * thread seals its footage into a new tier (the base is not rewritten, so a merge costs the delta,
 * not the base), and compacts tiers as they accumulate, while writers go on appending; the changes
 * made during the merge are then carried over to the new delta in one short step. Camera changes
 * (upserts, deletes) stay in the delta until a full merge folds everything into a new base: when
 * they fill half the threshold, once 32 tiers have piled up, and when {@link #merge()} or
 * {@link #seal()} asks for it. The engine
 * is in {@code io.geomatch.core.internal.live}.
 *
 * <p>Semantics follow {@link GeoIndex#match} for the current state of every camera. A camera
 * keeps its footage across upserts (a move does not erase history); a delete removes the camera
 * and its footage, and the same id may later be added afresh. {@link #advanceClock(long)} lets
 * merges drop footage older than the clock minus {@link LiveOptions#maxRetentionDays()}, which no
 * camera can retain at or after the clock; so queries must judge retention at or after the clock.
 *
 * <p>Memory: the off-heap memory of what a merge replaces is freed as soon as no running query and
 * no open {@link LiveView} uses it, by whichever lets go last; {@link #offHeapBytes()} tells how
 * much the index holds, and {@link LiveOptions#maxOffHeapBytes(long)} caps it (writers wait, then
 * are refused). {@link #close()} frees what nothing else holds.
 *
 * <p>Threading: writer methods are serialised (any thread may call them; one runs at a time) and
 * never wait for readers. Readers never lock and never wait: a query holds the newest state for
 * its duration (one compare-and-set and one decrement). A writer waits only when the delta is
 * full (twice the merge threshold) and a merge is still running, or when the memory budget is
 * reached. Results are exact, as for {@link GeoIndex}.
 */
public final class LiveIndex implements AutoCloseable {
    /** The clock before it is first advanced. */
    public static final long NO_CLOCK = LiveWriter.NO_CLOCK;

    private final LiveOptions options;
    private final LiveWriter writer;

    private LiveIndex(GeoIndex base, LiveOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        SealedIndex sealed = base.verifiedSealed();
        if (!sealed.memory().tryRetain()) {
            throw new IllegalStateException("this GeoIndex is closed");
        }
        // The writer takes over that hold; the GeoIndex keeps its own.
        this.writer = new LiveWriter(sealed, options.maxRetentionDays(), options.latenessMillis(), options.mergeThreshold(),
            options.backgroundMerge(), NO_CLOCK, 0);
        writer.setMemoryBudget(options.maxOffHeapBytes(), options.memoryWaitMillis());
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
        try (GeoIndex empty = GeoIndex.builder(bucketMillis).build()) {
            return new LiveIndex(empty, options);
        }
    }

    /**
     * Starts a live index from a sealed one, built or opened. The sealed index is not changed:
     * merges write new bases.
     *
     * @param base the starting state, open
     * @param options limits and merge settings
     * @return a new index
     * @throws InvalidInputException if a camera of {@code base} retains longer than {@link LiveOptions#maxRetentionDays()}
     * @throws IllegalStateException if {@code base} is closed
     * @throws java.io.UncheckedIOException wrapping an {@link IndexFormatException} if {@code base}
     *     was opened from a snapshot with a corrupt block (every block is verified first)
     */
    public static LiveIndex of(GeoIndex base, LiveOptions options) {
        return new LiveIndex(Objects.requireNonNull(base, "base"), options);
    }

    /**
     * @return the newest state: a consistent view for any number of queries, holding its memory
     *     until it is closed
     * @throws IllegalStateException if the index is closed
     */
    public LiveView view() {
        return LiveView.of(writer.acquireCurrent());
    }

    /**
     * Queries the newest state; see {@link LiveView#match}.
     *
     * @param area the area
     * @param fromMillis window start, inclusive, epoch ms
     * @param toMillis window end, exclusive, epoch ms
     * @param nowMillis the time at which retention is judged, epoch ms, not before the clock
     * @param into cleared, then filled with the matches (ids copied: readable whatever the index does next)
     * @throws InvalidInputException for a bad window or a {@code nowMillis} before the clock
     * @throws IllegalStateException if the index is closed
     */
    public void match(Area area, long fromMillis, long toMillis, long nowMillis, Matches into) {
        match(area, fromMillis, toMillis, nowMillis, MatchMode.POSITION, into);
    }

    /**
     * Queries the newest state in a given mode; see {@link LiveView#match(Area, long, long, long, MatchMode, Matches)}.
     *
     * @param area the area; a polygon area for {@link MatchMode#VIEW}
     * @param fromMillis window start, inclusive, epoch ms
     * @param toMillis window end, exclusive, epoch ms
     * @param nowMillis the time at which retention is judged, epoch ms, not before the clock
     * @param mode what makes a camera match
     * @param into cleared, then filled with the matches
     * @throws InvalidInputException for a bad window, a {@code nowMillis} before the clock, or an
     *     area that is not a polygon in {@link MatchMode#VIEW}
     * @throws IllegalStateException if the index is closed
     */
    public void match(Area area, long fromMillis, long toMillis, long nowMillis, MatchMode mode, Matches into) {
        LiveState state = writer.acquireCurrent();
        try {
            LiveView.matchHeld(state, area, fromMillis, toMillis, nowMillis, mode, into);
        } finally {
            state.memory().release();
        }
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
        return matchIds(area, fromMillis, toMillis, nowMillis, MatchMode.POSITION);
    }

    /**
     * Convenience form of {@link #match(Area, long, long, long, MatchMode, Matches)}: the matching
     * camera ids, ascending. Allocates.
     *
     * @param area the area
     * @param fromMillis window start, inclusive, epoch ms
     * @param toMillis window end, exclusive, epoch ms
     * @param nowMillis the time at which retention is judged, epoch ms
     * @param mode what makes a camera match
     * @return matching camera ids, ascending
     */
    public long[] matchIds(Area area, long fromMillis, long toMillis, long nowMillis, MatchMode mode) {
        Matches matches = new Matches();
        match(area, fromMillis, toMillis, nowMillis, mode, matches);
        return matches.ids();
    }

    /** @return the time bucket size {@code B}, milliseconds */
    public long bucketMillis() {
        return writer.bucketMillis();
    }

    /** @return the options this index was created with */
    public LiveOptions options() {
        return options;
    }

    /**
     * @return off-heap bytes the index holds now: its base and footage tiers, segments merges have
     *     replaced but a query or an open view still reads, and a running merge's output
     */
    public long offHeapBytes() {
        return writer.offHeapBytes();
    }

    /**
     * Adds a camera, or replaces the location and settings of an existing one (its footage stays).
     *
     * @param camera the camera; its retention at most {@link LiveOptions#maxRetentionDays()}
     * @throws InvalidInputException for a retention beyond the index's longest; nothing is changed then
     * @throws IllegalStateException if the memory budget stays exceeded, or the index is closed; nothing is changed then
     */
    public void upsertCamera(Camera camera) {
        writer.apply(Change.UPSERT, camera.id(), Double.doubleToRawLongBits(camera.latDegrees()),
            Double.doubleToRawLongBits(camera.lonDegrees()), camera.attributes(), camera.packedView());
    }

    /**
     * Removes a camera and its footage.
     *
     * @param id the id of an existing camera
     * @throws InvalidInputException if there is no such camera
     * @throws IllegalStateException if the memory budget stays exceeded, or the index is closed; nothing is changed then
     */
    public void deleteCamera(long id) {
        writer.apply(Change.DELETE, id, 0, 0, 0, 0);
    }

    /**
     * Records footage {@code [startMillis, endMillis)} of a camera, in any order.
     *
     * @param cameraId the id of an existing camera
     * @param startMillis inclusive start, epoch ms
     * @param endMillis exclusive end, epoch ms, after {@code startMillis} and after the clock
     *     minus {@link LiveOptions#latenessMillis()}
     * @throws InvalidInputException for an unknown camera, a bad interval or footage that is too late
     * @throws IllegalStateException if the memory budget stays exceeded, or the index is closed; nothing is changed then
     */
    public void addFootage(long cameraId, long startMillis, long endMillis) {
        writer.apply(Change.FOOTAGE, cameraId, startMillis, endMillis, 0, 0);
    }

    /**
     * Advances the clock. Queries must then judge retention at or after it, and merges drop
     * footage older than it minus {@link LiveOptions#maxRetentionDays()}.
     *
     * @param nowMillis the new clock, epoch ms, not before the current one
     * @throws InvalidInputException if it would move the clock back
     */
    public void advanceClock(long nowMillis) {
        writer.apply(Change.CLOCK, 0, nowMillis, 0, 0, 0);
    }

    /**
     * Folds every change published so far, tiers and delta, into a new sealed base (a full merge)
     * and waits for it. Writers may go on meanwhile; their changes stay in the delta.
     *
     * @throws IllegalStateException if the merge failed, the new base does not fit the memory
     *     budget, or the index is closed
     */
    public void merge() {
        writer.merge().close();
    }

    /**
     * Merges everything and returns the sealed index of the current state, for example to write
     * a snapshot. Blocks writers while it merges. The result stays valid (and immutable) however
     * the live index changes later.
     *
     * @return a sealed index with exactly the current cameras and footage; it shares the index's
     *     memory: close it when done
     * @throws IllegalStateException if the merge failed, the new base does not fit the memory
     *     budget, or the index is closed
     */
    public GeoIndex seal() {
        try (Merged merged = writer.seal()) {
            SealedIndex base = merged.base();
            base.memory().retain();
            return new GeoIndex(base);
        }
    }

    /**
     * Waits for a running merge, stops the merge thread and frees the index's memory, except what
     * an open view or a sealed index it handed out still holds. Later calls but the figures fail
     * with an {@link IllegalStateException}. Idempotent.
     */
    @Override
    public void close() {
        writer.close();
    }
}
