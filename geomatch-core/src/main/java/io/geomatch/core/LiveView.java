package io.geomatch.core;

import io.geomatch.core.internal.live.LiveState;
import io.geomatch.core.internal.memory.Shared;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One consistent, immutable state of a {@link LiveIndex} or {@link GeoStore}: its sealed segments
 * plus a published prefix of its changes. Every query on a view sees exactly the changes made
 * before the view was taken, however many more arrive meanwhile; {@link LiveIndex#view()} hands
 * out the newest one.
 *
 * <p>A query runs in two passes: the sealed base's own search, in which a base camera that
 * changed since the last merge is decided by its newest state, and a pass over the cameras
 * upserted since then. Both follow the matching contract of {@link GeoIndex}.
 *
 * <p>Memory: an open view keeps the segments of its state, even after merges have replaced them
 * for newer states; {@link #close()} lets go of them, and those nothing else holds are freed at
 * once. Close views when done (try-with-resources), or query the index itself
 * ({@link LiveIndex#match}, {@link GeoStore#match}), which holds the state only while the query
 * runs. A view dropped without {@code close()} is reclaimed by the garbage collector. The
 * figures ({@link #opCount()}, {@link #cameraCount()}, ...) stay readable after close; queries
 * then fail with an {@link IllegalStateException}.
 *
 * <p>Threading: immutable; any number of threads may query one view, each with its own
 * {@link Matches}. Queries never block and, once {@code Matches} has grown, do not allocate. A
 * query racing {@code close} on another thread finishes or fails cleanly.
 */
public final class LiveView implements AutoCloseable {
    private final LiveState state;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** @param state a state whose memory the caller holds once for this view */
    private LiveView(LiveState state) {
        this.state = state;
    }

    /** @return a view of a state whose memory the caller holds once for it */
    static LiveView of(LiveState heldState) {
        return new LiveView(heldState);
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
     *     others by id (see {@link Matches#hasOrdinal(int)}); its ids are copied, so it stays
     *     readable whatever happens to the index
     * @throws InvalidInputException if {@code fromMillis >= toMillis}, an instant is out of range,
     *     or {@code nowMillis} is before the clock
     * @throws IllegalStateException if this view is closed
     */
    public void match(Area area, long fromMillis, long toMillis, long nowMillis, Matches into) {
        match(area, fromMillis, toMillis, nowMillis, MatchMode.POSITION, into);
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
     * @throws IllegalStateException if this view is closed
     */
    public void match(Area area, long fromMillis, long toMillis, long nowMillis, MatchMode mode, Matches into) {
        Shared memory = state.memory();
        if (closed.get() || !memory.tryRetain()) {
            throw new IllegalStateException("this LiveView is closed");
        }
        try {
            matchHeld(state, area, fromMillis, toMillis, nowMillis, mode, into);
        } finally {
            memory.release();
        }
    }

    /** The query on a state whose memory the calling thread holds. */
    static void matchHeld(LiveState state, Area area, long fromMillis, long toMillis, long nowMillis, MatchMode mode, Matches into) {
        GeoIndex.checkQuery(area, fromMillis, toMillis, nowMillis, mode, into);
        state.match(area.matcherFor(mode), fromMillis, toMillis, nowMillis, into.scratch(), into.result(), mode == MatchMode.VIEW,
            into.liveQuery());
    }

    /**
     * Convenience form of {@link #match}: the matching camera ids, ascending. Allocates.
     *
     * @param area the area
     * @param fromMillis window start, inclusive, epoch ms
     * @param toMillis window end, exclusive, epoch ms
     * @param nowMillis the time at which retention is judged, epoch ms
     * @return matching camera ids, ascending
     * @throws IllegalStateException if this view is closed
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
     * @throws IllegalStateException if this view is closed
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

    /**
     * @return rows held in the delta, not yet in a sealed segment: camera versions plus footage
     *     intervals (camera versions stay there, carried from merge to merge, until a full merge)
     */
    public long deltaRows() {
        return state.deltaRows();
    }

    /** @return sealed segments this state reads: the base plus its footage tiers */
    public int segmentCount() {
        return state.segmentCount();
    }

    /** @return off-heap bytes of the sealed segments this state reads (memory-mapped ones included) */
    public long segmentBytes() {
        return state.segmentBytes();
    }

    /** @return the time bucket size, milliseconds */
    public long bucketMillis() {
        return state.base().bucketMillis();
    }

    /**
     * Lets go of this state's segments: those nothing else holds (no newer state, no other open
     * view, no running query) are freed at once. Later queries on this view fail. Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            state.memory().release();
        }
    }
}
