package io.geomatch.examples.service.policy;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

/** Test geometry built with an independent local metric (WGS84 radii of curvature). */
final class Shapes {

    static final GeometryFactory GF = new GeometryFactory();
    static final double A = 6_378_137.0;
    static final double F = 1 / 298.257223563;
    static final double E2 = F * (2 - F);
    static final double M2_PER_MI2 = 1609.344 * 1609.344;

    private Shapes() {
    }

    /** Meridional radius of curvature at a latitude in degrees. */
    static double meridionalRadius(double latDeg) {
        double s = Math.sin(Math.toRadians(latDeg));
        return A * (1 - E2) / Math.pow(1 - E2 * s * s, 1.5);
    }

    /** Prime-vertical radius of curvature at a latitude in degrees. */
    static double primeVerticalRadius(double latDeg) {
        double s = Math.sin(Math.toRadians(latDeg));
        return A / Math.sqrt(1 - E2 * s * s);
    }

    /** Degrees of latitude per meter north at latDeg. */
    static double degLatPerMeter(double latDeg) {
        return Math.toDegrees(1 / meridionalRadius(latDeg));
    }

    /** Degrees of longitude per meter east at latDeg. */
    static double degLonPerMeter(double latDeg) {
        return Math.toDegrees(1 / (primeVerticalRadius(latDeg) * Math.cos(Math.toRadians(latDeg))));
    }

    /** Counter-clockwise ring of a lon/lat box. */
    static LinearRing box(double lon0, double lat0, double lon1, double lat1) {
        return GF.createLinearRing(new Coordinate[] {
            new Coordinate(lon0, lat0), new Coordinate(lon1, lat0), new Coordinate(lon1, lat1),
            new Coordinate(lon0, lat1), new Coordinate(lon0, lat0)});
    }

    /** Counter-clockwise ring of a square of side sideMeters centred on (lon, lat). */
    static LinearRing squareRing(double lon, double lat, double sideMeters) {
        double dLat = sideMeters / 2 * degLatPerMeter(lat);
        double dLon = sideMeters / 2 * degLonPerMeter(lat);
        return box(lon - dLon, lat - dLat, lon + dLon, lat + dLat);
    }

    /** Square polygon of the given area in square miles centred on (lon, lat). */
    static Polygon squareOfSquareMiles(double lon, double lat, double squareMiles) {
        return GF.createPolygon(squareRing(lon, lat, Math.sqrt(squareMiles * M2_PER_MI2)));
    }
}
