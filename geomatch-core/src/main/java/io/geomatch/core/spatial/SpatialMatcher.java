package io.geomatch.core.spatial;

/**
 * The spatial half of a query: an exact point predicate plus a conservative classification of
 * axis-aligned rectangles that lets whole quadtree cells be accepted or skipped without per-point
 * work.
 *
 * <p>Contract: {@link #classify} may answer {@link #BOUNDARY} whenever it is unsure, but it answers
 * {@link #INSIDE} only if {@link #covers} is true for every point of the rectangle, and
 * {@link #OUTSIDE} only if it is false for every point. Implementations are immutable and safe
 * for concurrent use; {@link #covers} and {@link #classify} do not allocate.
 */
public interface SpatialMatcher {
    /** No point of the rectangle is covered. */
    int OUTSIDE = 0;
    /** Every point of the rectangle is covered. */
    int INSIDE = 1;
    /** Some points may be covered and some not: test each. */
    int BOUNDARY = 2;

    /**
     * @param latDegrees latitude of the point
     * @param lonDegrees longitude of the point
     * @return whether the area covers the point, exactly as the matching contract defines it
     */
    boolean covers(double latDegrees, double lonDegrees);

    /**
     * Classifies a closed rectangle {@code [minLon, maxLon] x [minLat, maxLat]} in degrees.
     *
     * @param minLon western edge
     * @param minLat southern edge
     * @param maxLon eastern edge
     * @param maxLat northern edge
     * @return {@link #OUTSIDE}, {@link #INSIDE} or {@link #BOUNDARY}
     */
    int classify(double minLon, double minLat, double maxLon, double maxLat);

    /** @return western edge of a box that contains every covered point, degrees */
    double minLon();

    /** @return southern edge of a box that contains every covered point, degrees */
    double minLat();

    /** @return eastern edge of a box that contains every covered point, degrees */
    double maxLon();

    /** @return northern edge of a box that contains every covered point, degrees */
    double maxLat();
}
