package io.geomatch.examples.service.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

/**
 * Red-team round 2, F1: an area must be compact, not just small. Shapes are built with the
 * independent local metric of {@link Shapes}, not with the production code.
 */
class AreaCompactnessTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final long HOUR = 3_600_000L;
    private static final double LON = -87.65;
    private static final double LAT = 41.9;
    private static final Polygon JURISDICTION = Shapes.GF.createPolygon(Shapes.squareRing(LON, LAT, 40_000));

    private static List<Violation> check(Geometry area) {
        RequestDraft d = new RequestDraft(area, NOW - 2 * HOUR, NOW - HOUR, "theft", "2024-0042/B",
                "Det. Lee, 555-0100", "Package stolen from a porch.");
        return RequestRules.checkAll(d, JURISDICTION, NOW, 180);
    }

    private static List<String> codes(Geometry area) {
        return check(area).stream().map(Violation::code).toList();
    }

    /** Rectangle of widthMeters east-west by heightMeters north-south centred at (lon, lat). */
    private static Polygon rectangle(double lon, double lat, double widthMeters, double heightMeters) {
        double dLon = widthMeters / 2 * Shapes.degLonPerMeter(lat);
        double dLat = heightMeters / 2 * Shapes.degLatPerMeter(lat);
        return Shapes.GF.createPolygon(Shapes.box(lon - dLon, lat - dLat, lon + dLon, lat + dLat));
    }

    @Test
    void shouldRefuseOneHousePartPaddedByFillerElsewhere() {
        Polygon house = rectangle(LON, LAT, 10, 11);
        Polygon filler = Shapes.squareOfSquareMiles(LON + 0.004, LAT, 0.03);
        List<Violation> v = check(Shapes.GF.createMultiPolygon(new Polygon[] {house, filler}));

        assertThat(v).extracting(Violation::code).containsExactly("area-part-too-small");
        assertThat(v.get(0).field()).isEqualTo("area");
        assertThat(v.get(0).message()).contains("0.000042").contains("0.025");
    }

    @Test
    void shouldAcceptTwoAdjacentPartsEachLargeEnough() {
        Polygon a = Shapes.squareOfSquareMiles(LON, LAT, 0.1);
        Polygon b = Shapes.squareOfSquareMiles(LON + 0.008, LAT, 0.1);

        assertThat(codes(Shapes.GF.createMultiPolygon(new Polygon[] {a, b}))).isEmpty();
    }

    @Test
    void shouldRefuseScatteredSquaresByTheirHull() {
        List<Polygon> parts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            parts.add(Shapes.squareOfSquareMiles(LON - 0.1 + 0.02 * i, LAT + 0.01 * (i % 3), 0.04));
        }
        List<Violation> v = check(Shapes.GF.createMultiPolygon(parts.toArray(Polygon[]::new)));

        assertThat(v).extracting(Violation::code).containsExactly("area-not-compact");
        assertThat(v.get(0).message()).contains("convex hull").contains("0.5");
    }

    @Test
    void shouldRefuseAnnulusByItsHull() {
        LinearRing shell = Shapes.squareRing(LON, LAT, 5_000);
        // 0.3 mi2 of ring left around the hole: (5000^2 - h^2) = 0.3 * M2_PER_MI2.
        double holeSide = Math.sqrt(5_000.0 * 5_000.0 - 0.3 * Shapes.M2_PER_MI2);
        Polygon annulus = Shapes.GF.createPolygon(shell, new LinearRing[] {Shapes.squareRing(LON, LAT, holeSide)});

        assertThat(codes(annulus)).containsExactly("area-not-compact");
    }

    @Test
    void shouldRefuseLongStrip() {
        List<Violation> v = check(rectangle(LON, LAT, 19_000, 40));

        assertThat(v).extracting(Violation::code).containsExactly("area-too-long");
        assertThat(v.get(0).message()).contains("1900").contains("2346");
    }

    @Test
    void shouldApplyExtentBoundJustInsideAndOutside() {
        double height = 400;
        double inside = Math.sqrt(2_345.0 * 2_345.0 - height * height);
        double outside = Math.sqrt(2_347.0 * 2_347.0 - height * height);

        assertThat(codes(rectangle(LON, LAT, inside, height))).isEmpty();
        assertThat(codes(rectangle(LON, LAT, outside, height))).containsExactly("area-too-long");
    }

    @Test
    void shouldAcceptFourToOneRectangleOfAlmostHalfASquareMileAndRefuseFiveToOne() {
        double m2 = 0.49 * Shapes.M2_PER_MI2;
        double shortSide = Math.sqrt(m2 / 4);
        assertThat(codes(rectangle(LON, LAT, 4 * shortSide, shortSide))).isEmpty();
        double shortSide5 = Math.sqrt(m2 / 5);
        assertThat(codes(rectangle(LON, LAT, 5 * shortSide5, shortSide5))).containsExactly("area-too-long");
    }

    /** A square ring: outer side {@code sideMeters}, a square hole whose side leaves a wall of {@code wallMeters}. */
    private static Polygon squareRing(double sideMeters, double wallMeters) {
        return Shapes.GF.createPolygon(Shapes.squareRing(LON, LAT, sideMeters),
                new LinearRing[] {Shapes.squareRing(LON, LAT, sideMeters - 2 * wallMeters)});
    }

    @Test
    void shouldRefuseThinRingWithinTheSizeAndExtentBounds() {
        // Red team 3: a 16 m wall around a hole about 1 km across. Its own surface (0.025 mi2 or so), its
        // hull (under 0.5 mi2) and its extent (under 2,346 m) all pass; it covers about 6% of its hull.
        double side = Math.sqrt(0.45 * Shapes.M2_PER_MI2);
        Polygon thin = squareRing(side, 16);
        List<Violation> v = check(thin);

        assertThat(v).extracting(Violation::code).containsExactly("area-not-compact");
        assertThat(v.get(0).field()).isEqualTo("area");
        assertThat(v.get(0).message()).contains("of its convex hull").contains("0.5");
        assertThat(codes(squareRing(side, 60))).containsExactly("area-not-compact");
    }

    @Test
    void shouldApplyHullFillBoundJustInsideAndOutside() {
        // Fill = 1 - (hole / side)^2 in the local metric of Shapes; 0.5 at a wall of side (1 - 1/sqrt 2) / 2.
        double side = 1_000;
        double halfFillWall = side * (1 - Math.sqrt(0.5)) / 2;
        assertThat(codes(squareRing(side, halfFillWall + 2))).isEmpty();
        assertThat(codes(squareRing(side, halfFillWall - 2))).containsExactly("area-not-compact");
    }

    @Test
    void shouldAcceptConcaveShapesThatFillHalfTheirHull() {
        double cell = 250;
        double dLon = cell * Shapes.degLonPerMeter(LAT);
        double dLat = cell * Shapes.degLatPerMeter(LAT);
        // An L of three cells covers 3 of its hull's 3.5 cells, a plus of five 5 of its octagonal hull's 7.
        Polygon ell = Shapes.GF.createPolygon(Shapes.GF.createLinearRing(new org.locationtech.jts.geom.Coordinate[] {
            c(0, 0, dLon, dLat), c(2, 0, dLon, dLat), c(2, 1, dLon, dLat), c(1, 1, dLon, dLat), c(1, 2, dLon, dLat),
            c(0, 2, dLon, dLat), c(0, 0, dLon, dLat)}));
        Polygon plus = Shapes.GF.createPolygon(Shapes.GF.createLinearRing(new org.locationtech.jts.geom.Coordinate[] {
            c(1, 0, dLon, dLat), c(2, 0, dLon, dLat), c(2, 1, dLon, dLat), c(3, 1, dLon, dLat), c(3, 2, dLon, dLat),
            c(2, 2, dLon, dLat), c(2, 3, dLon, dLat), c(1, 3, dLon, dLat), c(1, 2, dLon, dLat), c(0, 2, dLon, dLat),
            c(0, 1, dLon, dLat), c(1, 1, dLon, dLat), c(1, 0, dLon, dLat)}));

        assertThat(codes(ell)).isEmpty();
        assertThat(codes(plus)).isEmpty();
    }

    private static org.locationtech.jts.geom.Coordinate c(int i, int j, double dLon, double dLat) {
        return new org.locationtech.jts.geom.Coordinate(LON + i * dLon, LAT + j * dLat);
    }
}
