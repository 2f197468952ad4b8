package io.geomatch.core.spatial;

/**
 * The spatial half of a query: an exact point predicate plus a conservative classification of
 * axis-aligned rectangles that lets whole quadtree cells be accepted or skipped without per-point
 * work, or decided with a few orientation tests per point.
 *
 * <p>Contract: {@link #classify} may answer {@link #BOUNDARY} whenever it is unsure, but it answers
 * {@link #INSIDE} only if {@link #covers} is true for every point of the rectangle, and
 * {@link #OUTSIDE} only if it is false for every point. It answers {@link #CUT} with {@code k}
 * edges ({@link #edgeCountOf}, at most {@value #MAX_CUT_EDGES}, written to the caller's array)
 * only if every boundary point of the area that lies in the rectangle lies on the line through
 * one of those edges. The points of the rectangle on none of the lines are then split by their
 * sides of the {@code k} lines ({@link #side}) into at most {@code 2^k} convex regions, none of
 * which holds a boundary point, so each region is either all covered or all not: one exact
 * {@link #covers} per region decides every point off the lines. Implementations are immutable
 * and safe for concurrent use; {@link #covers}, {@link #classify} and {@link #side} do not
 * allocate. Every matcher also knows a box in degrees that contains all the points it covers.
 */
public abstract class SpatialMatcher {
    /** No point of the rectangle is covered. */
    public static final int OUTSIDE = 0;
    /** Every point of the rectangle is covered. */
    public static final int INSIDE = 1;
    /** Some points may be covered and some not: test each. */
    public static final int BOUNDARY = 2;
    /**
     * Every boundary point in the rectangle lies on the lines through a few straight edges, which
     * {@link #classify} wrote to the caller's array; the classification carries their number
     * ({@link #edgeCountOf}).
     */
    public static final int CUT = 3;
    /** The most edges a {@link #CUT} classification names; the caller's array holds at least this many. */
    public static final int MAX_CUT_EDGES = 3;
    /** Low bits of a classification that hold its kind; the bits above hold a {@link #CUT} edge count. */
    private static final int KIND_BITS = 2;
    private static final int KIND_MASK = (1 << KIND_BITS) - 1;

    private final double minLon;
    private final double minLat;
    private final double maxLon;
    private final double maxLat;

    /**
     * @param minLon western edge of a box holding every covered point, degrees
     * @param minLat southern edge of that box
     * @param maxLon eastern edge of that box
     * @param maxLat northern edge of that box
     */
    protected SpatialMatcher(double minLon, double minLat, double maxLon, double maxLat) {
        this.minLon = minLon;
        this.minLat = minLat;
        this.maxLon = maxLon;
        this.maxLat = maxLat;
    }

    /**
     * @param x0 western edge of the rectangle, degrees
     * @param y0 southern edge
     * @param x1 eastern edge
     * @param y1 northern edge
     * @return whether the closed rectangle misses the bounding box
     */
    protected final boolean outsideBox(double x0, double y0, double x1, double y1) {
        return x1 < minLon || x0 > maxLon || y1 < minLat || y0 > maxLat;
    }

    /**
     * @param latDegrees latitude of the point
     * @param lonDegrees longitude of the point
     * @return whether the area covers the point, exactly as the matching contract defines it
     */
    public abstract boolean covers(double latDegrees, double lonDegrees);

    /**
     * Classifies a closed rectangle {@code [minLon, maxLon] x [minLat, maxLat]} in degrees.
     *
     * @param minLon western edge
     * @param minLat southern edge
     * @param maxLon eastern edge
     * @param maxLat northern edge
     * @param edges the caller's array of at least {@value #MAX_CUT_EDGES} entries, which a
     *     {@link #CUT} answer fills with the numbers of the edges that may meet the rectangle
     * @return {@link #OUTSIDE}, {@link #INSIDE}, {@link #BOUNDARY}, or a {@link #CUT}
     *     classification whose kind and edge count {@link #kindOf} and {@link #edgeCountOf} extract
     */
    public abstract int classify(double minLon, double minLat, double maxLon, double maxLat, int[] edges);

    /**
     * @param classification a value returned by {@link #classify}
     * @return its kind: {@link #OUTSIDE}, {@link #INSIDE}, {@link #BOUNDARY} or {@link #CUT}
     */
    public static int kindOf(int classification) {
        return classification & KIND_MASK;
    }

    /**
     * @param classification a {@link #CUT} value returned by {@link #classify}
     * @return how many edges it wrote to the caller's array, 1 to {@value #MAX_CUT_EDGES}
     */
    public static int edgeCountOf(int classification) {
        return classification >>> KIND_BITS;
    }

    /**
     * @param edgeCount the number of edges written, 1 to {@value #MAX_CUT_EDGES}
     * @return the {@link #CUT} classification carrying that count
     */
    protected static int cut(int edgeCount) {
        assert edgeCount >= 1 && edgeCount <= MAX_CUT_EDGES;
        return CUT | edgeCount << KIND_BITS;
    }

    /**
     * Which side of the line through an edge a point lies on, exactly (a robust orientation test).
     * Only matchers whose {@link #classify} answers {@link #CUT} implement it.
     *
     * @param edge an edge that a {@link #CUT} classification of this matcher wrote
     * @param latDegrees latitude of the point
     * @param lonDegrees longitude of the point
     * @return 1 or -1 for the two sides, 0 if the point lies on the line
     * @throws UnsupportedOperationException if this matcher never answers {@link #CUT}
     */
    public int side(int edge, double latDegrees, double lonDegrees) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no edges");
    }

    /** @return western edge of a box that contains every covered point, degrees */
    public final double minLon() {
        return minLon;
    }

    /** @return southern edge of a box that contains every covered point, degrees */
    public final double minLat() {
        return minLat;
    }

    /** @return eastern edge of a box that contains every covered point, degrees */
    public final double maxLon() {
        return maxLon;
    }

    /** @return northern edge of a box that contains every covered point, degrees */
    public final double maxLat() {
        return maxLat;
    }
}
