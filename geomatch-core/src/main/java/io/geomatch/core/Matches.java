package io.geomatch.core;

import io.geomatch.core.spatial.MortonCode;
import io.geomatch.core.spatial.SpatialMatcher;
import org.roaringbitmap.RoaringBitmap;

import java.util.Arrays;

/**
 * A caller-owned, reusable container for the result of a query: the matching cameras' ordinals
 * in ascending order.
 *
 * <p>Reuse one instance per thread for allocation-free queries: {@link GeoIndex#match} and
 * {@link LiveIndex#match} clear it and refill it, growing its arrays only when a result (or the
 * set of spatial candidates behind it) is larger than any before. Ordinals are positions in the
 * sealed index that produced the result; {@link #id(int)} translates them to camera ids. A
 * {@link LiveIndex} result also holds cameras that changed since its last merge: they come after
 * the ordinals, have an id but no ordinal ({@link #hasOrdinal(int)}). Not thread-safe.
 */
public final class Matches {
    private final boolean storeOrdinals;
    private int[] ordinals;
    private int size;
    private GeoIndex index;
    /** Ids of matching cameras that live in a live index's delta, in no order. */
    private long[] deltaIds = new long[0];
    private int deltaSize;
    /** Set by a live query for its base pass; {@code null} for a sealed index. */
    LiveView overlay;
    long[] retainedFromBucket = new long[16];
    /** Per retention class {@code c}, words {@code 2c} and {@code 2c+1} of the slots wholly inside the window. */
    long[] fullSlots = new long[2 * 16];
    /** Per retention class, the two words of the slots the window touches. */
    long[] touchedSlots = new long[2 * 16];
    final long[] startKeys = new long[4];
    /** Grid buckets a live query's delta pass visits. */
    final int[] gridBuckets = new int[16];
    final int[] startCells = new int[8];
    /** The edges of the cell being classified ({@link SpatialMatcher#classify}). */
    final int[] cellEdges = new int[SpatialMatcher.MAX_CELL_EDGES];
    /**
     * Per quadtree level, from {@code level * MAX_CELL_EDGES}: the edges of the split cell at that
     * level that its children are classified among ({@link SpatialMatcher#classifyAmong}).
     */
    final int[] levelEdges = new int[(MortonCode.BITS + 1) * SpatialMatcher.MAX_CELL_EDGES];
    /** Their endpoints ({@link SpatialMatcher#edgeCoordinate}) and the orientation filter's error bound over the cell: five doubles each. */
    final double[] cellLines = new double[5 * SpatialMatcher.MAX_CELL_EDGES];
    /** Sum of values a query read ahead of use, kept so that those reads are not optimised away. */
    long touched;
    /** Marks a rejected pending camera in {@code ordinals} until {@link #dropRejected}. */
    private static final int REJECTED = -1;
    /** Cameras added whose footage check is pending, and their positions in the result. */
    private int[] pending = new int[16];
    private int[] pendingAt = new int[16];
    private int pendingSize;
    private int rejected;
    /** Ordinal ranges {@code [spans[2i], spans[2i+1])} inside the area, ascending, awaiting the footage check. */
    private int[] spans = new int[64];
    private int spanInts;

    /** Creates a container that keeps the matching ordinals. */
    public Matches() {
        this(true, 256);
    }

    private Matches(boolean storeOrdinals, int capacity) {
        this.storeOrdinals = storeOrdinals;
        this.ordinals = new int[capacity];
    }

    /**
     * Creates a container that only counts: {@link #count()} works, ordinal and id access do not.
     * (A query still writes the sealed index's ordinals into it as it goes; it keeps no ids of
     * cameras changed since a live index's last merge.)
     *
     * @return a counting container
     */
    public static Matches countOnly() {
        return new Matches(false, 0);
    }

    void reset(GeoIndex owner, int retentionClasses) {
        index = owner;
        size = 0;
        deltaSize = 0;
        spanInts = 0;
        pendingSize = 0;
        rejected = 0;
        overlay = null;
        if (retainedFromBucket.length < retentionClasses) {
            retainedFromBucket = new long[retentionClasses];
            fullSlots = new long[2 * retentionClasses];
            touchedSlots = new long[2 * retentionClasses];
        }
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

    /**
     * Makes room for {@code more} more results and as many pending cameras, for a caller that
     * writes them itself: into {@link #ordinalArray()} from {@link #size()} on, into
     * {@link #pending()} and {@link #pendingAtArray()} from {@link #pendingCount()} on, then
     * {@link #setSizes}.
     */
    void reserveResults(int more) {
        if (ordinals.length - size < more) {
            ordinals = Arrays.copyOf(ordinals, Math.max(ordinals.length * 2, size + more));
        }
        if (pending.length - pendingSize < more) {
            int capacity = Math.max(pending.length * 2, pendingSize + more);
            pending = Arrays.copyOf(pending, capacity);
            pendingAt = Arrays.copyOf(pendingAt, capacity);
        }
    }

    int[] ordinalArray() {
        return ordinals;
    }

    int[] pendingAtArray() {
        return pendingAt;
    }

    /** @return how many ordinals the result holds so far */
    int size() {
        return size;
    }

    void setSizes(int resultSize, int pendingCount) {
        size = resultSize;
        pendingSize = pendingCount;
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
     * Adds a camera whose footage check is still pending: it stays in the result unless
     * {@link #reject} drops it before {@link #dropRejected}.
     */
    void addPending(int ordinal) {
        if (pendingSize == pending.length) {
            pending = Arrays.copyOf(pending, pendingSize * 2);
            pendingAt = Arrays.copyOf(pendingAt, pendingSize * 2);
        }
        pending[pendingSize] = ordinal;
        pendingAt[pendingSize] = size;
        pendingSize++;
        add(ordinal);
    }

    /** @return how many cameras are pending */
    int pendingCount() {
        return pendingSize;
    }

    /** @return the ordinals of the pending cameras, {@link #pendingCount()} of them */
    int[] pending() {
        return pending;
    }

    /** Drops the {@code i}-th pending camera from the result. */
    void reject(int i) {
        ordinals[pendingAt[i]] = REJECTED;
        rejected++;
    }

    /** Removes the rejected cameras, keeping the others in order, and clears the pending list. */
    void dropRejected() {
        if (rejected > 0) {
            int kept = pendingAt[0];
            for (int i = kept; i < size; i++) {
                if (ordinals[i] != REJECTED) {
                    ordinals[kept++] = ordinals[i];
                }
            }
        }
        size -= rejected;
        rejected = 0;
        pendingSize = 0;
    }

    void add(int ordinal) {
        if (size == ordinals.length) {
            ordinals = Arrays.copyOf(ordinals, Math.max(16, size * 2));
        }
        assert size == 0 || ordinals[size - 1] < ordinal : "ordinals must ascend";
        ordinals[size] = ordinal;
        size++;
    }

    void addDeltaId(long id) {
        if (storeOrdinals) {
            if (deltaSize == deltaIds.length) {
                deltaIds = Arrays.copyOf(deltaIds, Math.max(16, deltaSize * 2));
            }
            deltaIds[deltaSize] = id;
        }
        deltaSize++;
    }

    /** @return how many cameras matched */
    public int count() {
        return size + deltaSize;
    }

    /**
     * @param i position in the result, {@code 0..count()-1}
     * @return whether the i-th match has an ordinal: always for a {@link GeoIndex} result; for a
     *     {@link LiveIndex} result only for cameras unchanged since the last merge
     */
    public boolean hasOrdinal(int i) {
        checkPosition(i);
        return i < size;
    }

    /**
     * @param i position in the result, {@code 0..count()-1}, with {@link #hasOrdinal(int)}
     * @return the ordinal of the i-th match, ascending in i
     * @throws IllegalStateException if the i-th match is a camera of a live index's delta
     */
    public int ordinal(int i) {
        if (!hasOrdinal(i)) {
            throw new IllegalStateException("position " + i + " holds a camera changed since the last merge, which has no ordinal");
        }
        return ordinals[i];
    }

    /**
     * @param i position in the result, {@code 0..count()-1}
     * @return the camera id of the i-th match (ids are not sorted by position)
     */
    public long id(int i) {
        return hasOrdinal(i) ? index.cameraId(ordinals[i]) : deltaIds[i - size];
    }

    /**
     * @return the matching camera ids, ascending; allocates a new array
     */
    public long[] ids() {
        checkStored();
        long[] ids = new long[size + deltaSize];
        for (int i = 0; i < size; i++) {
            ids[i] = index.cameraId(ordinals[i]);
        }
        System.arraycopy(deltaIds, 0, ids, size, deltaSize);
        Arrays.sort(ids);
        return ids;
    }

    /**
     * Adds the matching ordinals to a bitmap, for set algebra across queries on one sealed index.
     *
     * @param bitmap the caller's bitmap
     * @return {@code bitmap}
     * @throws IllegalStateException if some match has no ordinal (see {@link #hasOrdinal(int)})
     */
    public RoaringBitmap addOrdinalsTo(RoaringBitmap bitmap) {
        checkStored();
        if (deltaSize > 0) {
            throw new IllegalStateException(deltaSize + " matches are cameras changed since the last merge, which have no ordinal");
        }
        for (int i = 0; i < size; i++) {
            bitmap.add(ordinals[i]);
        }
        return bitmap;
    }

    private void checkPosition(int i) {
        checkStored();
        if (i < 0 || i >= size + deltaSize) {
            throw new IndexOutOfBoundsException("position=" + i + " count=" + (size + deltaSize));
        }
    }

    private void checkStored() {
        if (!storeOrdinals) {
            throw new IllegalStateException("this Matches only counts; create it with new Matches() to read ordinals");
        }
    }
}
