package io.geomatch.core.internal.spatial;

/**
 * A spherical cap: the points whose haversine distance from a centre is at most a radius, on a
 * sphere of mean Earth radius {@value #EARTH_RADIUS_METERS} m.
 *
 * <p>Rectangles are classified with the triangle inequality: every point of a rectangle lies
 * within a provable distance of its centre (a path along a parallel, then a meridian), so a
 * rectangle whose centre is far enough inside or outside the circle is decided as a whole.
 * Immutable and thread-safe; nothing allocates after construction.
 */
public final class CircleMatcher extends SpatialMatcher {
    /** Mean Earth radius used by the matching contract, metres. */
    public static final double EARTH_RADIUS_METERS = 6_371_008.8;
    /** Relative and absolute slack that keeps rectangle decisions clear of rounding error. */
    private static final double SLACK_RELATIVE = 1e-9;
    private static final double SLACK_METERS = 1e-3;

    private final double centerLatDegrees;
    private final double centerLonDegrees;
    private final double radiusMeters;

    /**
     * @param centerLatDegrees centre latitude, -90..90 (validated by the caller)
     * @param centerLonDegrees centre longitude, -180..180
     * @param radiusMeters radius, finite and non-negative
     */
    public CircleMatcher(double centerLatDegrees, double centerLonDegrees, double radiusMeters) {
        this(centerLatDegrees, centerLonDegrees, radiusMeters, box(centerLatDegrees, centerLonDegrees, radiusMeters));
    }

    private CircleMatcher(double centerLatDegrees, double centerLonDegrees, double radiusMeters, double[] box) {
        super(box[0], box[1], box[2], box[3]);
        this.centerLatDegrees = centerLatDegrees;
        this.centerLonDegrees = centerLonDegrees;
        this.radiusMeters = radiusMeters;
    }

    /** A padded box around the cap; every longitude near a pole or across the antimeridian. */
    private static double[] box(double centerLatDegrees, double centerLonDegrees, double radiusMeters) {
        double angularDegrees = Math.toDegrees(radiusMeters / EARTH_RADIUS_METERS) * (1 + 1e-6) + 1e-7;
        double south = centerLatDegrees - angularDegrees;
        double north = centerLatDegrees + angularDegrees;
        double maxAbsLat = Math.max(Math.abs(south), Math.abs(north));
        double lonHalfWidth = maxAbsLat >= 89.0 ? 360.0 : angularDegrees / Math.cos(Math.toRadians(maxAbsLat)) * (1 + 1e-6) + 1e-7;
        boolean everyLongitude = lonHalfWidth >= 180.0 || centerLonDegrees - lonHalfWidth < -180.0
            || centerLonDegrees + lonHalfWidth > 180.0;
        return new double[] {
            everyLongitude ? -180.0 : centerLonDegrees - lonHalfWidth, Math.max(-90.0, south),
            everyLongitude ? 180.0 : centerLonDegrees + lonHalfWidth, Math.min(90.0, north)};
    }

    /**
     * The haversine great-circle distance.
     *
     * @param lat1 latitude of the first point, degrees
     * @param lon1 longitude of the first point, degrees
     * @param lat2 latitude of the second point, degrees
     * @param lon2 longitude of the second point, degrees
     * @return the distance in metres on the sphere of radius {@value #EARTH_RADIUS_METERS} m
     */
    public static double haversineMeters(double lat1, double lon1, double lat2, double lon2) {
        double phi1 = Math.toRadians(lat1);
        double phi2 = Math.toRadians(lat2);
        double sinDPhi = Math.sin((phi2 - phi1) / 2);
        double sinDLambda = Math.sin(Math.toRadians(lon2 - lon1) / 2);
        double a = sinDPhi * sinDPhi + Math.cos(phi1) * Math.cos(phi2) * sinDLambda * sinDLambda;
        return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1.0, Math.sqrt(a)));
    }

    @Override
    public boolean covers(double latDegrees, double lonDegrees) {
        return haversineMeters(centerLatDegrees, centerLonDegrees, latDegrees, lonDegrees) <= radiusMeters;
    }

    @Override
    public int classify(double x0, double y0, double x1, double y1, int[] edges) {
        if (outsideBox(x0, y0, x1, y1)) {
            return OUTSIDE;
        }
        double midLat = 0.5 * (y0 + y1);
        double midLon = 0.5 * (x0 + x1);
        double toMiddle = haversineMeters(centerLatDegrees, centerLonDegrees, midLat, midLon);
        // Any point of the rectangle is within halfHeight (along a meridian) plus halfWidth along
        // its own parallel, which is longest where |lat| is smallest.
        double minAbsLat = y0 <= 0 && y1 >= 0 ? 0.0 : Math.min(Math.abs(y0), Math.abs(y1));
        double reach = EARTH_RADIUS_METERS * (Math.toRadians(0.5 * (y1 - y0))
            + Math.cos(Math.toRadians(minAbsLat)) * Math.toRadians(0.5 * (x1 - x0)));
        double slack = radiusMeters * SLACK_RELATIVE + SLACK_METERS;
        if (toMiddle + reach <= radiusMeters - slack) {
            return INSIDE;
        }
        if (toMiddle - reach > radiusMeters + slack) {
            return OUTSIDE;
        }
        return BOUNDARY;
    }
}
