package io.geomatch.core.spatial;

/**
 * The spatial half of a query: an exact point predicate plus a conservative classification of
 * axis-aligned rectangles that lets whole quadtree cells be accepted or skipped without per-point
 * work, or decided with one orientation test per point.
 *
 * <p>Contract: {@link #classify} may answer {@link #BOUNDARY} whenever it is unsure, but it answers
 * {@link #INSIDE} only if {@link #covers} is true for every point of the rectangle, and
 * {@link #OUTSIDE} only if it is false for every point. It answers {@link #ONE_EDGE} (with an
 * edge, see {@link #edgeOf}) only if every boundary point of the area that lies in the rectangle
 * lies on the line through that edge: then the points of the rectangle strictly on one side of
 * the line ({@link #side}) are either all covered or all not, so one exact {@link #covers} per
 * side decides every point off the line. Implementations are immutable and safe for concurrent
 * use; {@link #covers}, {@link #classify} and {@link #side} do not allocate. Every matcher also
 * knows a box in degrees that contains all the points it covers.
 */
public abstract class SpatialMatcher {
    /** No point of the rectangle is covered. */
    public static final int OUTSIDE = 0;
    /** Every point of the rectangle is covered. */
    public static final int INSIDE = 1;
    /** Some points may be covered and some not: test each. */
    public static final int BOUNDARY = 2;
    /**
     * The only boundary that may meet the rectangle lies on the line through one straight edge;
     * the classification also carries that edge ({@link #edgeOf}).
     */
    public static final int ONE_EDGE = 3;
    /** Low bits of a classification that hold its kind; the bits above hold a {@link #ONE_EDGE} edge. */
    private static final int KIND_BITS = 2;
    private static final int KIND_MASK = (1 << KIND_BITS) - 1;
    /** Largest edge number a {@link #ONE_EDGE} classification can carry. */
    protected static final int MAX_EDGE = Integer.MAX_VALUE >>> KIND_BITS;

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
     * @return {@link #OUTSIDE}, {@link #INSIDE}, {@link #BOUNDARY}, or a {@link #ONE_EDGE}
     *     classification whose kind and edge {@link #kindOf} and {@link #edgeOf} extract
     */
    public abstract int classify(double minLon, double minLat, double maxLon, double maxLat);

    /**
     * @param classification a value returned by {@link #classify}
     * @return its kind: {@link #OUTSIDE}, {@link #INSIDE}, {@link #BOUNDARY} or {@link #ONE_EDGE}
     */
    public static int kindOf(int classification) {
        return classification & KIND_MASK;
    }

    /**
     * @param classification a {@link #ONE_EDGE} value returned by {@link #classify}
     * @return the edge it carries, for {@link #side}
     */
    public static int edgeOf(int classification) {
        return classification >>> KIND_BITS;
    }

    /**
     * @param edge an edge number, {@code 0..}{@link #MAX_EDGE}
     * @return the {@link #ONE_EDGE} classification carrying it
     */
    protected static int oneEdge(int edge) {
        assert edge >= 0 && edge <= MAX_EDGE;
        return ONE_EDGE | edge << KIND_BITS;
    }

    /**
     * Which side of the line through an edge a point lies on, exactly (a robust orientation test).
     * Only matchers whose {@link #classify} answers {@link #ONE_EDGE} implement it.
     *
     * @param edge an edge carried by a {@link #ONE_EDGE} classification of this matcher
     * @param latDegrees latitude of the point
     * @param lonDegrees longitude of the point
     * @return 1 or -1 for the two sides, 0 if the point lies on the line
     * @throws UnsupportedOperationException if this matcher never answers {@link #ONE_EDGE}
     */
    public int side(int edge, double latDegrees, double lonDegrees) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no edges");
    }

    /**
     * One coordinate of an edge's endpoints, for callers that run their own orientation filter
     * before falling back to {@link #side}.
     *
     * @param edge an edge carried by a {@link #ONE_EDGE} classification of this matcher
     * @param k 0 and 1: longitude and latitude of its start; 2 and 3: of its end
     * @return that coordinate, degrees
     * @throws UnsupportedOperationException if this matcher never answers {@link #ONE_EDGE}
     */
    public double edgeCoordinate(int edge, int k) {
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
