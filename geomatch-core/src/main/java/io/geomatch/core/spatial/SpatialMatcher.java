package io.geomatch.core.spatial;

/**
 * The spatial half of a query: an exact point predicate plus a conservative classification of
 * axis-aligned rectangles that lets whole quadtree cells be accepted or skipped without per-point
 * work.
 *
 * <p>Contract: {@link #classify} may answer {@link #BOUNDARY} whenever it is unsure, but it answers
 * {@link #INSIDE} only if {@link #covers} is true for every point of the rectangle, and
 * {@link #OUTSIDE} only if it is false for every point. Implementations are immutable and safe
 * for concurrent use; {@link #covers} and {@link #classify} do not allocate. Every matcher also
 * knows a box in degrees that contains all the points it covers.
 */
public abstract class SpatialMatcher {
    /** No point of the rectangle is covered. */
    public static final int OUTSIDE = 0;
    /** Every point of the rectangle is covered. */
    public static final int INSIDE = 1;
    /** Some points may be covered and some not: test each. */
    public static final int BOUNDARY = 2;

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
     * @return {@link #OUTSIDE}, {@link #INSIDE} or {@link #BOUNDARY}
     */
    public abstract int classify(double minLon, double minLat, double maxLon, double maxLat);

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
