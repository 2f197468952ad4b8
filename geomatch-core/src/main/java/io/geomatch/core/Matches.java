package io.geomatch.core;

import io.geomatch.core.internal.live.LiveQuery;
import io.geomatch.core.internal.query.MatchResult;
import io.geomatch.core.internal.query.QueryScratch;
import org.roaringbitmap.RoaringBitmap;

/**
 * A caller-owned, reusable container for the result of a query: the matching cameras, as
 * ordinals of the sealed index in ascending order and, for a live query, the ids of cameras
 * changed since its last merge.
 *
 * <p>Reuse one instance per thread for allocation-free queries: {@link GeoIndex#match} and
 * {@link LiveIndex#match} clear it and refill it, growing it only when a result (or the set of
 * candidates behind it) is larger than any before; it also carries that thread's working memory
 * for the query, privately. Ordinals are positions in the sealed index that produced the
 * result; {@link #id(int)} translates them to camera ids. A {@link LiveIndex} result also holds
 * cameras that changed since its last merge: they come after the ordinals and have an id but no
 * ordinal ({@link #hasOrdinal(int)}). Not thread-safe.
 *
 * <p>A live query copies the ids it found, so its result stays readable whatever the index does
 * next; a {@link GeoIndex} result reads its ids from the index when asked, so read them before
 * closing that index ({@link #id(int)} and {@link #ids()} refuse once its memory is freed).
 */
public final class Matches {
    private final MatchResult result;
    /** The query's working memory: nothing of it is part of the result. */
    private final QueryScratch scratch = new QueryScratch();
    /** A live query's working state, made on the first live query. */
    private LiveQuery liveQuery;

    /** Creates a container that keeps the matching ordinals. */
    public Matches() {
        this(new MatchResult(true, 256));
    }

    private Matches(MatchResult result) {
        this.result = result;
    }

    /**
     * Creates a container that only counts: {@link #count()} works, ordinal and id access do not.
     *
     * @return a counting container
     */
    public static Matches countOnly() {
        return new Matches(new MatchResult(false, 0));
    }

    /** @return how many cameras matched */
    public int count() {
        return result.count();
    }

    /**
     * @param i position in the result, {@code 0..count()-1}
     * @return whether the i-th match has an ordinal: always for a {@link GeoIndex} result; for a
     *     {@link LiveIndex} result only for cameras unchanged since the last merge
     * @throws IllegalStateException if this container only counts
     * @throws IndexOutOfBoundsException if {@code i} is not a position of the result
     */
    public boolean hasOrdinal(int i) {
        checkPosition(i);
        return i < result.ordinalCount();
    }

    /**
     * @param i position in the result, {@code 0..count()-1}, with {@link #hasOrdinal(int)}
     * @return the ordinal of the i-th match, ascending in i
     * @throws IllegalStateException if the i-th match is a camera of a live index's delta, or this container only counts
     */
    public int ordinal(int i) {
        if (!hasOrdinal(i)) {
            throw new IllegalStateException("position " + i + " holds a camera changed since the last merge, which has no ordinal");
        }
        return result.ordinal(i);
    }

    /**
     * @param i position in the result, {@code 0..count()-1}
     * @return the camera id of the i-th match (ids are not sorted by position)
     * @throws IllegalStateException if this container only counts, or the GeoIndex the result came from is closed and freed
     */
    public long id(int i) {
        checkPosition(i);
        return result.id(i);
    }

    /**
     * @return the matching camera ids, ascending; allocates a new array
     * @throws IllegalStateException if this container only counts, or the GeoIndex the result came from is closed and freed
     */
    public long[] ids() {
        checkStored();
        return result.ids();
    }

    /**
     * Adds the matching ordinals to a bitmap, for set algebra across queries on one sealed index.
     *
     * @param bitmap the caller's bitmap
     * @return {@code bitmap}
     * @throws IllegalStateException if some match has no ordinal (see {@link #hasOrdinal(int)}), or this container only counts
     */
    public RoaringBitmap addOrdinalsTo(RoaringBitmap bitmap) {
        checkStored();
        int withoutOrdinal = result.count() - result.ordinalCount();
        if (withoutOrdinal > 0) {
            throw new IllegalStateException(withoutOrdinal + " matches are cameras changed since the last merge, which have no ordinal");
        }
        for (int i = 0; i < result.ordinalCount(); i++) {
            bitmap.add(result.ordinal(i));
        }
        return bitmap;
    }

    MatchResult result() {
        return result;
    }

    QueryScratch scratch() {
        return scratch;
    }

    LiveQuery liveQuery() {
        LiveQuery q = liveQuery;
        if (q == null) {
            q = new LiveQuery();
            liveQuery = q;
        }
        return q;
    }

    private void checkPosition(int i) {
        checkStored();
        if (i < 0 || i >= result.count()) {
            throw new IndexOutOfBoundsException("position=" + i + " count=" + result.count());
        }
    }

    private void checkStored() {
        if (!result.keepsIds()) {
            throw new IllegalStateException("this Matches only counts; create it with new Matches() to read ordinals");
        }
    }
}
