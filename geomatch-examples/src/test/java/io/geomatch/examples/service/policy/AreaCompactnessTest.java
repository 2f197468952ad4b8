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
        // A square of side 1,000 m with a square notch of side a cut from a corner: area S^2 - a^2, hull
        // S^2 - a^2 / 2 (it spans the notch's diagonal), perimeter still 4 S. Fill 0.5 at a = S sqrt(2/3).
        double side = 1_000;
        double halfFill = side * Math.sqrt(2.0 / 3.0);
        assertThat(codes(notchedSquare(side, halfFill - 5))).isEmpty();
        assertThat(codes(notchedSquare(side, halfFill + 5))).containsExactly("area-not-compact");
    }

    @Test
    void shouldRefusePinholesAroundHousesLeftOut() {
        // Red team 4: a compact square with a 2 m hole around every house but one reached only that house.
        double side = Math.sqrt(0.026 * Shapes.M2_PER_MI2);
        List<LinearRing> holes = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            double lon = LON - 0.0008 + 0.0004 * (i % 5);
            double lat = LAT - 0.0005 + 0.0005 * (i / 5);
            holes.add(Shapes.squareRing(lon, lat, 2));
        }
        Polygon pinholes = Shapes.GF.createPolygon(Shapes.squareRing(LON, LAT, side), holes.toArray(LinearRing[]::new));
        List<Violation> v = check(pinholes);

        assertThat(v).extracting(Violation::code).containsExactly("area-hole-too-small");
        assertThat(v.get(0).message()).contains("hole 0").contains("0.0025");
        double holeSide = Math.sqrt(0.003 * Shapes.M2_PER_MI2);
        assertThat(codes(Shapes.GF.createPolygon(Shapes.squareRing(LON, LAT, side * 2.5),
            new LinearRing[] {Shapes.squareRing(LON, LAT, holeSide)}))).as("one hole of a block").isEmpty();
    }

    @Test
    void shouldRefuseSlitsCutToLeaveHousesOutByTheirPerimeter() {
        // A square of 800 m with k slits 1 m wide and 600 m long cut up from its south side: each adds
        // 1,200 m of perimeter for 600 m2 of area. Quotient 4 pi A / P^2: 0.785 with none, about 0.26 with
        // two, 0.13 with four.
        assertThat(codes(slitSquare(800, 2, 600))).isEmpty();
        List<Violation> v = check(slitSquare(800, 4, 600));
        assertThat(v).extracting(Violation::code).containsExactly("area-not-compact");
        assertThat(v.get(0).message()).contains("isoperimetric quotient").contains("0.2");
    }

    @Test
    void shouldRefuseAStripBetweenTwoRowsOfHousesWithASpikeToOne() {
        // Red team 5: a 73 m x 900 m strip laid between two rows of houses 75 m apart, with a 6 m spike up
        // to one house, passed every other rule and reached that house alone. Less than half of it lies
        // more than 25 m inside its boundary.
        double dLon = Shapes.degLonPerMeter(LAT);
        double dLat = Shapes.degLatPerMeter(LAT);
        org.locationtech.jts.geom.Coordinate[] ring = {
            c2(0, 0, dLon, dLat), c2(900, 0, dLon, dLat), c2(900, 73, dLon, dLat), c2(453, 73, dLon, dLat), c2(453, 110, dLon, dLat),
            c2(447, 110, dLon, dLat), c2(447, 73, dLon, dLat), c2(0, 73, dLon, dLat), c2(0, 0, dLon, dLat)};
        List<Violation> v = check(Shapes.GF.createPolygon(ring));

        assertThat(v).extracting(Violation::code).containsExactly("area-too-thin");
        assertThat(v.get(0).message()).contains("25.0 m inside").contains("0.5");
        // 120 m wide, the same length: it keeps more than half of itself.
        assertThat(codes(rectangle(LON, LAT, 900, 120))).isEmpty();
    }

    @Test
    void shouldRefuseAnArmFromASquareOverEmptyLandIntoTheHouses() {
        // Red team 6: a 400 m square over a park, a 73 m strip 700 m long between two rows of houses and a
        // 6 m spike to one house: half of it lies 25 m inside, but the arm's end is 700 m from the body.
        double dLon = Shapes.degLonPerMeter(LAT);
        double dLat = Shapes.degLatPerMeter(LAT);
        org.locationtech.jts.geom.Coordinate[] ring = {
            c2(0, 0, dLon, dLat), c2(400, 0, dLon, dLat), c2(400, 160, dLon, dLat), c2(1100, 160, dLon, dLat),
            c2(1100, 233, dLon, dLat), c2(803, 233, dLon, dLat), c2(803, 270, dLon, dLat), c2(797, 270, dLon, dLat),
            c2(797, 233, dLon, dLat), c2(400, 233, dLon, dLat), c2(400, 400, dLon, dLat), c2(0, 400, dLon, dLat), c2(0, 0, dLon, dLat)};
        List<Violation> v = check(Shapes.GF.createPolygon(ring));

        assertThat(v).extracting(Violation::code).containsExactly("area-too-thin");
        assertThat(v.get(0).message()).contains("beyond its body").contains("100");
        // A 6 m corridor between two such squares, passing one house on its way: its middle is far from both.
        org.locationtech.jts.geom.Coordinate[] dumbbell = {
            c2(0, 0, dLon, dLat), c2(400, 0, dLon, dLat), c2(400, 197, dLon, dLat), c2(1100, 197, dLon, dLat),
            c2(1100, 0, dLon, dLat), c2(1500, 0, dLon, dLat), c2(1500, 400, dLon, dLat), c2(1100, 400, dLon, dLat),
            c2(1100, 203, dLon, dLat), c2(400, 203, dLon, dLat), c2(400, 400, dLon, dLat), c2(0, 400, dLon, dLat), c2(0, 0, dLon, dLat)};
        assertThat(codes(Shapes.GF.createPolygon(dumbbell))).containsExactly("area-too-thin");
    }

    @Test
    void shouldRefuseAnArmOfBeadsFittedBetweenTheHouses() {
        // Red team 7: the 73 m strip with a 50 m disk in every gap between the houses along it (each disk
        // 53 m from the houses around it) put every point of the arm near some 40 m disk; the disks are
        // not joined to the square's body, so the body falls into pieces.
        Geometry square = rectangle(LON, LAT, 400, 400);
        double dLon = Shapes.degLonPerMeter(LAT);
        Geometry arm = rectangle(LON + 550 * dLon, LAT, 700, 73);
        for (int k = 0; k < 9; k++) {
            arm = arm.union(disk(LON + (237.5 + 75 * k) * dLon, LAT, 50));
        }
        List<Violation> v = check(square.union(arm));

        assertThat(v).extracting(Violation::code).containsExactly("area-too-thin");
        assertThat(v.get(0).message()).contains("pieces");
    }

    /** A disk of radiusMeters around (lon, lat), as a 32-gon in lon/lat. */
    private static Geometry disk(double lon, double lat, double radiusMeters) {
        org.locationtech.jts.geom.Coordinate[] ring = new org.locationtech.jts.geom.Coordinate[33];
        for (int i = 0; i < 32; i++) {
            double a = 2 * Math.PI * i / 32;
            ring[i] = new org.locationtech.jts.geom.Coordinate(lon + radiusMeters * Math.cos(a) * Shapes.degLonPerMeter(lat),
                lat + radiusMeters * Math.sin(a) * Shapes.degLatPerMeter(lat));
        }
        ring[32] = ring[0];
        return Shapes.GF.createPolygon(ring);
    }

    private static org.locationtech.jts.geom.Coordinate c2(double xMeters, double yMeters, double dLon, double dLat) {
        return new org.locationtech.jts.geom.Coordinate(LON + xMeters * dLon, LAT + yMeters * dLat);
    }

    /** A square of side sideMeters with a square notch of side notchMeters taken from its north-east corner. */
    private static Polygon notchedSquare(double sideMeters, double notchMeters) {
        double dLon = Shapes.degLonPerMeter(LAT);
        double dLat = Shapes.degLatPerMeter(LAT);
        double w = sideMeters * dLon;
        double h = sideMeters * dLat;
        double nw = notchMeters * dLon;
        double nh = notchMeters * dLat;
        return Shapes.GF.createPolygon(new org.locationtech.jts.geom.Coordinate[] {
            new org.locationtech.jts.geom.Coordinate(LON, LAT), new org.locationtech.jts.geom.Coordinate(LON + w, LAT),
            new org.locationtech.jts.geom.Coordinate(LON + w, LAT + h - nh), new org.locationtech.jts.geom.Coordinate(LON + w - nw, LAT + h - nh),
            new org.locationtech.jts.geom.Coordinate(LON + w - nw, LAT + h), new org.locationtech.jts.geom.Coordinate(LON, LAT + h),
            new org.locationtech.jts.geom.Coordinate(LON, LAT)});
    }

    /** A square of side sideMeters with {@code slits} slits 1 m wide and slitMeters long cut up from its south side, evenly spaced. */
    private static Polygon slitSquare(double sideMeters, int slits, double slitMeters) {
        double dLon = Shapes.degLonPerMeter(LAT);
        double dLat = Shapes.degLatPerMeter(LAT);
        List<org.locationtech.jts.geom.Coordinate> ring = new ArrayList<>();
        ring.add(new org.locationtech.jts.geom.Coordinate(LON, LAT));
        for (int k = 1; k <= slits; k++) {
            double x = sideMeters * k / (slits + 1);
            ring.add(new org.locationtech.jts.geom.Coordinate(LON + (x - 0.5) * dLon, LAT));
            ring.add(new org.locationtech.jts.geom.Coordinate(LON + (x - 0.5) * dLon, LAT + slitMeters * dLat));
            ring.add(new org.locationtech.jts.geom.Coordinate(LON + (x + 0.5) * dLon, LAT + slitMeters * dLat));
            ring.add(new org.locationtech.jts.geom.Coordinate(LON + (x + 0.5) * dLon, LAT));
        }
        ring.add(new org.locationtech.jts.geom.Coordinate(LON + sideMeters * dLon, LAT));
        ring.add(new org.locationtech.jts.geom.Coordinate(LON + sideMeters * dLon, LAT + sideMeters * dLat));
        ring.add(new org.locationtech.jts.geom.Coordinate(LON, LAT + sideMeters * dLat));
        ring.add(new org.locationtech.jts.geom.Coordinate(LON, LAT));
        return Shapes.GF.createPolygon(ring.toArray(org.locationtech.jts.geom.Coordinate[]::new));
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
