package io.geomatch.examples.service.policy;

import java.util.Objects;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;

/**
 * Area of a lon/lat polygon on the WGS84 ellipsoid, computed exactly through the authalic
 * latitude rather than approximated on a sphere.
 *
 * <p><b>Method.</b> Each geodetic latitude {@code φ} is mapped to its authalic latitude
 * {@code β} (the latitude on the authalic sphere of radius {@link #AUTHALIC_RADIUS_METERS} that
 * encloses the same area towards the equator). The map {@code (λ, φ) → (R·λ, R·sin β)} is the
 * Lambert cylindrical equal-area projection of the ellipsoid, so the area of a ring is
 * {@code R²·|∮ sin β dλ|} exactly (Green's theorem). Each edge is integrated in closed form with
 * {@code β} linear in {@code λ}: {@code Δλ·sin β_mid·sinc(Δβ/2)}. Holes subtract, parts of a
 * {@link MultiPolygon} add, and ring orientation does not matter.
 *
 * <p><b>Which edges.</b> The edges are taken as straight lines in longitude/latitude, the same
 * reading JTS uses for {@link Geometry#covers(Geometry)} on these coordinates, so the area and the
 * jurisdiction test agree on one shape. Compared with geodesic (shortest-path) edges, each edge of
 * length {@code L} at latitude {@code φ} differs by the lens between the two curves, about
 * {@code L³·|tan φ|/(12·R)}: 48 m² for a 1.6 km edge at 42°, i.e. under 2·10⁻⁵ of a square mile;
 * lenses of opposite north and south edges cancel, so for compact polygons of up to 1 mi² at
 * {@code |φ| ≤ 70°} the relative difference is below 10⁻⁴. Taking {@code β} linear instead of
 * {@code φ} along an edge changes the result by less than 10⁻⁹ relative at that size, and
 * rounding contributes about 10⁻¹² relative because a reference value is subtracted before the
 * sum.
 *
 * <p><b>Why not the sphere.</b> Using geodetic latitudes directly on the authalic sphere is off by
 * the ratio of the local radii {@code M·N/R²}: −0.45% at the equator, −0.15% at 42°, up to +0.9%
 * at the poles. That is larger than the margin the request limits tolerate, hence the ellipsoid.
 *
 * <p><b>Coordinates.</b> {@code x} is longitude and {@code y} latitude, both in degrees;
 * longitudes are used as given (a polygon crossing the antimeridian must be split or use
 * longitudes beyond ±180 continuously). The class is stateless and thread-safe.
 *
 * @see RequestRules
 */
public final class GeodesicArea {

    /** Square meters in one international square mile (1609.344 m squared). */
    public static final double SQUARE_METERS_PER_SQUARE_MILE = 2_589_988.110336;

    /** WGS84 semi-major axis {@code a}, in meters. */
    public static final double WGS84_SEMI_MAJOR_AXIS_METERS = 6_378_137.0;

    /** WGS84 inverse flattening {@code 1/f}. */
    public static final double WGS84_INVERSE_FLATTENING = 298.257_223_563;

    /**
     * Radius of the WGS84 authalic sphere (same surface as the ellipsoid), in meters, rounded to
     * the millimeter; the computation uses the unrounded value derived from {@code a} and
     * {@code f}.
     */
    public static final double AUTHALIC_RADIUS_METERS = 6_371_007.181;

    private static final double E2;
    private static final double E;
    private static final double QP;
    private static final double R2;

    static {
        double f = 1.0 / WGS84_INVERSE_FLATTENING;
        E2 = f * (2.0 - f);
        E = Math.sqrt(E2);
        QP = 1.0 + (1.0 - E2) * atanh(E) / E;
        R2 = WGS84_SEMI_MAJOR_AXIS_METERS * WGS84_SEMI_MAJOR_AXIS_METERS * QP / 2.0;
        assert Math.abs(Math.sqrt(R2) - AUTHALIC_RADIUS_METERS) < 1e-3;
    }

    private GeodesicArea() {
    }

    /**
     * Returns the ellipsoidal area of a polygon or multipolygon given in lon/lat degrees.
     *
     * @param polygonal a {@link Polygon} or {@link MultiPolygon} with {@code x} = longitude and
     *     {@code y} = latitude in degrees; an empty geometry has area 0. Validity (no
     *     self-intersection) is the caller's concern: for an invalid ring the signed parts are
     *     summed as given
     * @return the area in square meters, {@code >= 0}
     * @throws NullPointerException if {@code polygonal} is null
     * @throws IllegalArgumentException if the geometry is not polygonal, or a coordinate is not
     *     finite or has a latitude outside [-90, 90]
     */
    public static double squareMeters(Geometry polygonal) {
        Objects.requireNonNull(polygonal, "polygonal");
        if (polygonal instanceof Polygon) {
            return polygonSquareMeters((Polygon) polygonal);
        }
        if (polygonal instanceof MultiPolygon) {
            double sum = 0.0;
            for (int i = 0; i < polygonal.getNumGeometries(); i++) {
                sum += polygonSquareMeters((Polygon) polygonal.getGeometryN(i));
            }
            return sum;
        }
        throw new IllegalArgumentException("polygonal must be a Polygon or MultiPolygon, was "
                + polygonal.getGeometryType());
    }

    /**
     * Returns {@link #squareMeters(Geometry)} divided by {@link #SQUARE_METERS_PER_SQUARE_MILE}.
     *
     * @param polygonal a {@link Polygon} or {@link MultiPolygon} in lon/lat degrees
     * @return the area in square miles, {@code >= 0}
     * @throws NullPointerException if {@code polygonal} is null
     * @throws IllegalArgumentException as for {@link #squareMeters(Geometry)}
     */
    public static double squareMiles(Geometry polygonal) {
        return squareMeters(polygonal) / SQUARE_METERS_PER_SQUARE_MILE;
    }

    private static double polygonSquareMeters(Polygon polygon) {
        if (polygon.isEmpty()) {
            return 0.0;
        }
        double area = ringSquareMeters(polygon.getExteriorRing());
        for (int i = 0; i < polygon.getNumInteriorRing(); i++) {
            area -= ringSquareMeters(polygon.getInteriorRingN(i));
        }
        // A hole can only exceed its shell when the polygon is invalid; never report negative area.
        return Math.max(0.0, area);
    }

    private static double ringSquareMeters(LinearRing ring) {
        CoordinateSequence seq = ring.getCoordinateSequence();
        int n = seq.size();
        if (n < 4) {
            return 0.0;
        }
        double lon0 = checkedLon(seq, 0);
        double prevLon = 0.0; // relative to lon0, radians
        double prevBeta = authalicLatitude(checkedLat(seq, 0));
        double sinRef = Math.sin(prevBeta);
        double sum = 0.0;
        for (int i = 1; i < n; i++) {
            double lon = Math.toRadians(checkedLon(seq, i) - lon0);
            double beta = authalicLatitude(checkedLat(seq, i));
            double halfDelta = 0.5 * (beta - prevBeta);
            // ∫ sin β dλ with β linear in λ, minus the reference (Σ Δλ = 0 on a closed ring).
            sum += (lon - prevLon) * (Math.sin(prevBeta + halfDelta) * sinc(halfDelta) - sinRef);
            prevLon = lon;
            prevBeta = beta;
        }
        return Math.abs(sum) * R2;
    }

    private static double checkedLon(CoordinateSequence seq, int i) {
        double x = seq.getX(i);
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("longitude at vertex " + i + " is " + x
                    + "; a finite number of degrees is required");
        }
        return x;
    }

    private static double checkedLat(CoordinateSequence seq, int i) {
        double y = seq.getY(i);
        if (!(y >= -90.0 && y <= 90.0)) {
            throw new IllegalArgumentException("latitude at vertex " + i + " is " + y
                    + "; allowed [-90, 90] degrees");
        }
        return y;
    }

    /** Authalic latitude in radians of a geodetic latitude in degrees. */
    private static double authalicLatitude(double latDegrees) {
        double s = Math.sin(Math.toRadians(latDegrees));
        double q = (1.0 - E2) * (s / (1.0 - E2 * s * s) + atanh(E * s) / E);
        return Math.asin(Math.max(-1.0, Math.min(1.0, q / QP)));
    }

    private static double atanh(double x) {
        return 0.5 * Math.log1p(2.0 * x / (1.0 - x));
    }

    private static double sinc(double x) {
        double x2 = x * x;
        return x2 < 1e-8 ? 1.0 - x2 / 6.0 : Math.sin(x) / x;
    }
}
