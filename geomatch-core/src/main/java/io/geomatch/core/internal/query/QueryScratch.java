package io.geomatch.core.internal.query;

import io.geomatch.core.internal.spatial.MortonCode;
import io.geomatch.core.internal.spatial.SpatialMatcher;

import java.util.Arrays;

/**
 * The working memory of one query, reused by the next: per-retention-class footage tables, the
 * spatial pass's candidate spans, the footage pass's pending cameras, and the descent's edge
 * buffers. It only grows, so a thread that reuses one allocates nothing once it has seen its
 * largest query. Not thread-safe: one per querying thread, owned by that thread's result.
 */
public final class QueryScratch {
    /** Marks a rejected pending camera in the result until {@link FootagePass} drops it. */
    static final int REJECTED = -1;

    /** Per retention class, the first retained bucket of the window, relative to the index's base bucket. */
    long[] retainedFromBucket = new long[16];
    /** Per retention class {@code c}, words {@code 2c} and {@code 2c+1} of the slots wholly inside the window. */
    long[] fullSlots = new long[2 * 16];
    /** Per retention class, the two words of the slots the window touches. */
    long[] touchedSlots = new long[2 * 16];
    /** The descent's start cells, sorted by key: their keys and their (x, y). */
    final long[] startKeys = new long[4];
    final int[] startCells = new int[8];
    /** The edges of the cell being classified ({@link SpatialMatcher#classify}). */
    final int[] cellEdges = new int[SpatialMatcher.MAX_CELL_EDGES];
    /**
     * Per quadtree level, from {@code level * MAX_CELL_EDGES}: the edges of the split cell at that
     * level that its children are classified among ({@link SpatialMatcher#classifyAmong}).
     */
    final int[] levelEdges = new int[(MortonCode.BITS + 1) * SpatialMatcher.MAX_CELL_EDGES];
    /** Their endpoints and the orientation filter's error bound over the cell: five doubles each. */
    final double[] cellLines = new double[5 * SpatialMatcher.MAX_CELL_EDGES];
    /** The view pass's candidates in one cell: the cameras whose rows leave them to the coordinate tests. */
    int[] viewCandidates = new int[2 * CellDescent.EDGE_LEAF_CAMERAS];
    /** Grid buckets a live query's delta pass visits. */
    private final int[] gridBuckets = new int[16];
    /** Sum of values a query read ahead of use, kept so that those reads are not optimised away. */
    long touched;
    /** Ordinal ranges {@code [spans[2i], spans[2i+1])} inside the area, ascending, awaiting the footage check. */
    private int[] spans = new int[64];
    private int spanInts;
    /** Where {@link #inSpans} left off: the first span that does not end at or before the last ordinal asked about. */
    private int spanCursor;
    /** A view query's second list of spans: cameras that see the area; merged into {@link #spans} before the footage pass. */
    private int[] viewerSpans = new int[64];
    private int viewerSpanInts;
    /** Where the merge writes, then swapped with {@link #spans}. */
    private int[] mergedSpans = new int[64];
    /** Cameras in the result whose footage check is pending, and their positions in the result. */
    private int[] pending = new int[16];
    private int[] pendingAt = new int[16];
    private int pendingSize;
    private int rejected;

    /** Clears the spans and pending cameras and makes room for the tables of {@code retentionClasses} classes. */
    void reset(int retentionClasses) {
        spanInts = 0;
        viewerSpanInts = 0;
        pendingSize = 0;
        rejected = 0;
        if (retainedFromBucket.length < retentionClasses) {
            retainedFromBucket = new long[retentionClasses];
            fullSlots = new long[2 * retentionClasses];
            touchedSlots = new long[2 * retentionClasses];
        }
    }

    /**
     * @param retentionClass a retention class of the index being queried
     * @return the first retained bucket of the window for that class, relative to the index's base bucket
     */
    public long retainedFromBucket(int retentionClass) {
        return retainedFromBucket[retentionClass];
    }

    /** @return room for the grid buckets a delta pass visits */
    public int[] gridBuckets() {
        return gridBuckets;
    }

    /** Appends the cameras {@code [lo, hi)}, which lie beyond every span so far, to the spans. */
    void addSpan(int lo, int hi) {
        if (spanInts > 0 && spans[spanInts - 1] == lo) {
            spans[spanInts - 1] = hi;
            return;
        }
        if (spanInts == spans.length) {
            spans = Arrays.copyOf(spans, spanInts * 2);
        }
        assert spanInts == 0 || spans[spanInts - 1] < lo : "spans must ascend";
        spans[spanInts] = lo;
        spans[spanInts + 1] = hi;
        spanInts += 2;
    }

    /** Makes the next {@link #inSpans} start from the first span. */
    void rewindSpans() {
        spanCursor = 0;
    }

    /**
     * @param ordinal a camera, not below any asked about since {@link #rewindSpans}
     * @return whether it lies in one of the spans
     */
    boolean inSpans(int ordinal) {
        int i = spanCursor;
        while (i < spanInts && spans[i + 1] <= ordinal) {
            i += 2;
        }
        spanCursor = i;
        return i < spanInts && spans[i] <= ordinal;
    }

    /** Appends the cameras {@code [lo, hi)}, which lie beyond every viewer span so far, to the viewer spans. */
    void addViewerSpan(int lo, int hi) {
        if (viewerSpanInts > 0 && viewerSpans[viewerSpanInts - 1] == lo) {
            viewerSpans[viewerSpanInts - 1] = hi;
            return;
        }
        if (viewerSpanInts == viewerSpans.length) {
            viewerSpans = Arrays.copyOf(viewerSpans, viewerSpanInts * 2);
        }
        assert viewerSpanInts == 0 || viewerSpans[viewerSpanInts - 1] < lo : "viewer spans must ascend";
        viewerSpans[viewerSpanInts] = lo;
        viewerSpans[viewerSpanInts + 1] = hi;
        viewerSpanInts += 2;
    }

    /** Makes the spans the union of the spans and the viewer spans, ascending and disjoint. */
    void mergeViewerSpans() {
        if (viewerSpanInts == 0) {
            return;
        }
        if (mergedSpans.length < spanInts + viewerSpanInts) {
            mergedSpans = new int[Math.max(mergedSpans.length * 2, spanInts + viewerSpanInts)];
        }
        int[] out = mergedSpans;
        int k = 0;
        int i = 0;
        int j = 0;
        while (i < spanInts || j < viewerSpanInts) {
            int lo;
            int hi;
            if (j >= viewerSpanInts || i < spanInts && spans[i] <= viewerSpans[j]) {
                lo = spans[i];
                hi = spans[i + 1];
                i += 2;
            } else {
                lo = viewerSpans[j];
                hi = viewerSpans[j + 1];
                j += 2;
            }
            if (k > 0 && lo <= out[k - 1]) {
                out[k - 1] = Math.max(out[k - 1], hi);
            } else {
                out[k] = lo;
                out[k + 1] = hi;
                k += 2;
            }
        }
        mergedSpans = spans;
        spans = out;
        spanInts = k;
        viewerSpanInts = 0;
    }

    /**
     * Makes room for {@code moreInts} more span ints, for a caller that writes spans itself: from
     * {@link #spanInts()} on, then {@link #setSpanInts}.
     *
     * @return the spans array
     */
    int[] reserveSpans(int moreInts) {
        if (spans.length - spanInts < moreInts) {
            spans = Arrays.copyOf(spans, Math.max(spans.length * 2, spanInts + moreInts));
        }
        return spans;
    }

    void setSpanInts(int ints) {
        spanInts = ints;
    }

    /** @return the spans, {@link #spanInts()} ints of them */
    int[] spans() {
        return spans;
    }

    /** @return how many ints of {@link #spans()} are in use: two per span */
    int spanInts() {
        return spanInts;
    }

    /**
     * Makes room for {@code more} pending cameras, for a caller that writes them itself: into
     * {@link #pending()} and {@link #pendingAtArray()} from {@link #pendingCount()} on, then
     * {@link #setPendingCount}.
     */
    void reservePending(int more) {
        if (pending.length - pendingSize < more) {
            int capacity = Math.max(pending.length * 2, pendingSize + more);
            pending = Arrays.copyOf(pending, capacity);
            pendingAt = Arrays.copyOf(pendingAt, capacity);
        }
    }

    /** Records a camera whose footage check is pending, at position {@code at} of the result. */
    void addPending(int ordinal, int at) {
        if (pendingSize == pending.length) {
            pending = Arrays.copyOf(pending, pendingSize * 2);
            pendingAt = Arrays.copyOf(pendingAt, pendingSize * 2);
        }
        pending[pendingSize] = ordinal;
        pendingAt[pendingSize] = at;
        pendingSize++;
    }

    void setPendingCount(int count) {
        pendingSize = count;
    }

    /** @return how many cameras are pending */
    int pendingCount() {
        return pendingSize;
    }

    /** @return the ordinals of the pending cameras, {@link #pendingCount()} of them */
    int[] pending() {
        return pending;
    }

    /** @return the result positions of the pending cameras */
    int[] pendingAtArray() {
        return pendingAt;
    }

    /** Drops the {@code i}-th pending camera from {@code ordinals}, the result's array. */
    void reject(int i, int[] ordinals) {
        ordinals[pendingAt[i]] = REJECTED;
        rejected++;
    }

    /** @return how many pending cameras were rejected since the last {@link #clearPending} */
    int rejectedCount() {
        return rejected;
    }

    /** Forgets the pending cameras once they are decided. */
    void clearPending() {
        rejected = 0;
        pendingSize = 0;
    }
}
