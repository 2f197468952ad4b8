package io.geomatch.core;

import io.geomatch.core.internal.live.LiveState;

/**
 * One consistent, immutable state of a {@link LiveIndex} or {@link GeoStore}: its sealed base plus
 * a published prefix of its changes. Every query on a view sees exactly the changes made before
 * the view was taken, however many more arrive meanwhile; {@link LiveIndex#view()} hands out the
 * newest one.
 *
 * <p>A query runs in two passes: the sealed base's own search, in which a base camera that
 * changed since the last merge is decided by its newest state, and a pass over the cameras
 * upserted since then. Both follow the matching contract of {@link GeoIndex}.
 *
 * <p>Threading: immutable; any number of threads may query one view, each with its own
 * {@link Matches}. Queries never block and, once {@code Matches} has grown, do not allocate.
 */
public final class LiveView {
    private final LiveState state;

    private LiveView(LiveState state) {
        this.state = state;
    }

    /** @return the view of a state: one per state, made on first demand */
    static LiveView of(LiveState state) {
        return state.facade(LiveView::new);
    }

    /**
     * Finds the cameras inside {@code area} that are eligible and hold retained footage in the
     * window, as {@link GeoIndex#match} defines it, in this state of the index.
     *
     * @param area the area
     * @param fromMillis window start, inclusive, epoch ms
     * @param toMillis window end, exclusive, epoch ms, greater than {@code fromMillis}
     * @param nowMillis the time at which retention is judged, epoch ms, not before {@link #clockMillis()}
     * @param into cleared, then filled: cameras unchanged since the last merge by ordinal, the
     *     others by id (see {@link Matches#hasOrdinal(int)})
     * @throws InvalidInputException if {@code fromMillis >= toMillis}, an instant is out of range,
     *     or {@code nowMillis} is before the clock
     */
    public void match(Area area, long fromMillis, long toMillis, long nowMillis, Matches into) {
        match(state, area, fromMillis, toMillis, nowMillis, MatchMode.POSITION, into);
    }

    /**
     * {@link #match(Area, long, long, long, Matches)} in a given mode, as
     * {@link GeoIndex#match(Area, long, long, long, MatchMode, Matches)} defines it.
     *
     * @param area the area; a polygon area for {@link MatchMode#VIEW}
     * @param fromMillis window start, inclusive, epoch ms
     * @param toMillis window end, exclusive, epoch ms, greater than {@code fromMillis}
     * @param nowMillis the time at which retention is judged, epoch ms, not before {@link #clockMillis()}
     * @param mode what makes a camera match
     * @param into cleared, then filled
     * @throws InvalidInputException for a bad window, a {@code nowMillis} before the clock, or an
     *     area that is not a polygon in {@link MatchMode#VIEW}
     */
    public void match(Area area, long fromMillis, long toMillis, long nowMillis, MatchMode mode, Matches into) {
        match(state, area, fromMillis, toMillis, nowMillis, mode, into);
    }

    static void match(LiveState state, Area area, long fromMillis, long toMillis, long nowMillis, MatchMode mode, Matches into) {
        GeoIndex.checkQuery(area, fromMillis, toMillis, nowMillis, mode, into);
        state.match(area.matcherFor(mode), fromMillis, toMillis, nowMillis, into.scratch(), into.result(), mode == MatchMode.VIEW);
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

    /** @return the index clock in this state, epoch ms, or {@link LiveIndex#NO_CLOCK} if never advanced */
    public long clockMillis() {
        return state.clockMillis();
    }

    /** @return how many changes (upserts, deletes, footage, clock advances) this state reflects, since the index was created */
    public long opCount() {
        return state.opCount();
    }

    /** @return how many cameras exist in this state */
    public long cameraCount() {
        return state.cameraCount();
    }

    /** @return changes held in the delta, not yet merged into the sealed base: camera versions plus footage intervals */
    public long deltaRows() {
        return state.deltaRows();
    }

    /** @return the time bucket size, milliseconds */
    public long bucketMillis() {
        return state.base().bucketMillis();
    }
}
