package io.geomatch.examples.service.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

class GeodesicAreaTest {

    private static final double AUTHALIC_R = 6_371_007.181;

    /** Closed-form area between the equator and a parallel on the ellipsoid, per radian of longitude. */
    private static double ellipsoidBand(double latDeg) {
        double e = Math.sqrt(Shapes.E2);
        double s = Math.sin(Math.toRadians(latDeg));
        double b2 = Shapes.A * Shapes.A * (1 - Shapes.E2);
        return b2 / 2 * (s / (1 - Shapes.E2 * s * s) + Math.log((1 + e * s) / (1 - e * s)) / (2 * e));
    }

    @Test
    void shouldMatchClosedFormEllipsoidForOneDegreeCellAtEquator() {
        Polygon cell = Shapes.GF.createPolygon(Shapes.box(0, 0, 1, 1));
        double dLambda = Math.toRadians(1);
        double ellipsoid = dLambda * (ellipsoidBand(1) - ellipsoidBand(0));
        double sphere = AUTHALIC_R * AUTHALIC_R * dLambda * (Math.sin(Math.toRadians(1)) - 0);

        double actual = GeodesicArea.squareMeters(cell);

        assertThat(actual).isCloseTo(ellipsoid, withinPercentage(1e-6));
        // The authalic sphere with geodetic latitudes gives the textbook ~12,364 km²; the ellipsoid
        // is about 0.45% smaller at the equator, which is why the class does not use the sphere.
        assertThat(sphere / 1e6).isCloseTo(12_364, within(1.0));
        assertThat(actual / sphere).isBetween(0.994, 0.997);
    }

    @Test
    void shouldMatchLocalRadiiForSmallCellAtSixtyNorth() {
        double lat = 60;
        double d = 0.001;
        Polygon cell = Shapes.GF.createPolygon(Shapes.box(10, lat - d / 2, 10 + d, lat + d / 2));
        double expected = Shapes.meridionalRadius(lat) * Shapes.primeVerticalRadius(lat)
                * Math.cos(Math.toRadians(lat)) * Math.toRadians(d) * Math.toRadians(d);

        assertThat(GeodesicArea.squareMeters(cell)).isCloseTo(expected, withinPercentage(1e-5));
    }

    @Test
    void shouldMeasureHalfSquareMileSquareNearChicago() {
        Polygon square = Shapes.GF.createPolygon(Shapes.squareRing(-87.65, 41.9, 1138));

        assertThat(GeodesicArea.squareMeters(square)).isCloseTo(1138.0 * 1138.0, withinPercentage(0.01));
        assertThat(GeodesicArea.squareMiles(square)).isCloseTo(0.5, withinPercentage(0.5));
    }

    @Test
    void shouldSubtractHoles() {
        LinearRing shell = Shapes.squareRing(-87.65, 41.9, 1000);
        LinearRing hole = Shapes.squareRing(-87.65, 41.9, 400);
        Polygon withHole = Shapes.GF.createPolygon(shell, new LinearRing[] {hole});

        assertThat(GeodesicArea.squareMeters(withHole)).isCloseTo(1000.0 * 1000 - 400.0 * 400, withinPercentage(0.01));
        assertThat(GeodesicArea.squareMeters(withHole)).isCloseTo(
                GeodesicArea.squareMeters(Shapes.GF.createPolygon(shell))
                        - GeodesicArea.squareMeters(Shapes.GF.createPolygon(hole)), within(1e-6));
    }

    @Test
    void shouldAddMultiPolygonParts() {
        Polygon a = Shapes.GF.createPolygon(Shapes.squareRing(-87.65, 41.9, 500));
        Polygon b = Shapes.GF.createPolygon(Shapes.squareRing(-87.60, 41.9, 300));

        assertThat(GeodesicArea.squareMeters(Shapes.GF.createMultiPolygon(new Polygon[] {a, b})))
                .isCloseTo(500.0 * 500 + 300.0 * 300, withinPercentage(0.01));
    }

    @ParameterizedTest
    @ValueSource(doubles = {-70, -33.9, 0, 41.9, 64.1})
    void shouldNotDependOnRingOrientation(double lat) {
        Coordinate[] ccw = {
            new Coordinate(10, lat), new Coordinate(10.01, lat + 0.002), new Coordinate(10.004, lat + 0.011),
            new Coordinate(9.995, lat + 0.004), new Coordinate(10, lat)};
        Coordinate[] cw = ccw.clone();
        java.util.Collections.reverse(Arrays.asList(cw));

        double a = GeodesicArea.squareMeters(Shapes.GF.createPolygon(ccw));
        double b = GeodesicArea.squareMeters(Shapes.GF.createPolygon(cw));

        assertThat(a).isPositive();
        assertThat(b).isCloseTo(a, within(a * 1e-12));
    }

    /** Oracle: random star-shaped polygons (fixed seed) against a planar area in a local metric at their centroid. */
    @Test
    void shouldAgreeWithLocalPlanarAreaOnRandomPolygons() {
        long seed = 20240917L;
        Random random = new Random(seed);
        for (int trial = 0; trial < 200; trial++) {
            double lon = -180 + 360 * random.nextDouble();
            double lat = -70 + 140 * random.nextDouble();
            int n = 3 + random.nextInt(12);
            double[] angles = new double[n];
            for (int i = 0; i < n; i++) {
                angles[i] = 2 * Math.PI * random.nextDouble();
            }
            Arrays.sort(angles);
            List<Coordinate> ring = new ArrayList<>();
            for (double t : angles) {
                double r = 200 + 1200 * random.nextDouble();
                ring.add(new Coordinate(lon + r * Math.cos(t) * Shapes.degLonPerMeter(lat),
                        lat + r * Math.sin(t) * Shapes.degLatPerMeter(lat)));
            }
            ring.add(ring.get(0));
            Polygon polygon = Shapes.GF.createPolygon(ring.toArray(new Coordinate[0]));
            if (!polygon.isValid()) {
                continue;
            }
            Point c = polygon.getCentroid();
            double planar = polygon.getArea()
                    / (Shapes.degLonPerMeter(c.getY()) * Shapes.degLatPerMeter(c.getY()));

            // The local metric is off by about (extent / R)^2 ~ 1e-7 of the bounding box, which a
            // thin sliver turns into a larger relative error; allow 1e-6 of the envelope.
            double envelope = polygon.getEnvelopeInternal().getArea()
                    / (Shapes.degLonPerMeter(c.getY()) * Shapes.degLatPerMeter(c.getY()));
            assertThat(GeodesicArea.squareMeters(polygon))
                    .as("seed=%d trial=%d polygon=%s", seed, trial, polygon)
                    .isCloseTo(planar, within(1e-6 * envelope));
        }
    }

    @Test
    void shouldRejectNonPolygonalAndOutOfRangeInput() {
        assertThatThrownBy(() -> GeodesicArea.squareMeters(Shapes.GF.createPoint(new Coordinate(0, 0))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Point");
        assertThatThrownBy(() -> GeodesicArea.squareMeters(Shapes.GF.createPolygon(Shapes.box(0, 89.5, 1, 90.5))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("90.5")
                .hasMessageContaining("[-90, 90]");
        assertThatThrownBy(() -> GeodesicArea.squareMeters(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void shouldReturnZeroForEmptyPolygon() {
        assertThat(GeodesicArea.squareMeters(Shapes.GF.createPolygon())).isZero();
    }
}
