package io.geomatch.core.internal.area;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;
import org.locationtech.jts.operation.valid.IsValidOp;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SimplePolygons} against JTS {@code IsValidOp}: whatever it proves valid, JTS finds valid,
 * over seeded random rings (simple ones and self-crossing ones, on a coarse lattice so that
 * vertices land on other edges, repeat and line up) and hand-made degenerate rings; and it does
 * prove the simple rings requests are made of, so that the cheap path is the one taken.
 */
class SimplePolygonsTest {
    private static final GeometryFactory FACTORY = AreaRules.FACTORY;

    @Test
    void shouldProveValidOnlyWhatJtsFindsValidOverRandomLatticeRings() {
        SplittableRandom random = new SplittableRandom(20261207L);
        checkAgainstJts(() -> {
            int n = random.nextInt(3, 12);
            int[][] points = new int[n][];
            for (int i = 0; i < n; i++) {
                // A 5 x 5 lattice: collinear vertices, vertices on edges and repeated points are common.
                points[i] = new int[] {random.nextInt(5), random.nextInt(5)};
            }
            return FACTORY.createPolygon(lattice(points));
        });
    }

    /**
     * Over 20,000 polygons: whatever is proved valid, JTS finds valid; JTS finds both kinds; and the
     * proof takes a good share of the valid ones (the lattice makes many valid only with a repeated
     * point or a collinear vertex, which are left to JTS).
     */
    private static void checkAgainstJts(java.util.function.Supplier<Polygon> polygons) {
        int proved = 0;
        int valid = 0;
        for (int k = 0; k < 20_000; k++) {
            Polygon polygon = polygons.get();
            boolean jts = new IsValidOp(polygon).isValid();
            boolean fast = SimplePolygons.provedValid(polygon);
            assertThat(!fast || jts).as("proved valid but JTS says %s: %s", new IsValidOp(polygon).getValidationError(), polygon).isTrue();
            proved += fast ? 1 : 0;
            valid += jts ? 1 : 0;
        }
        assertThat(valid).isBetween(500, 19_000);
        assertThat(proved).isGreaterThan(valid / 4);
    }

    @Test
    void shouldProveValidOnlyWhatJtsFindsValidOverRandomLatticePolygonsWithHoles() {
        SplittableRandom random = new SplittableRandom(20261208L);
        checkAgainstJts(() -> {
            // A square shell on a 9 x 9 lattice and up to three small random holes, which may cross
            // it, lie outside it, cross or nest in each other, or touch at lattice points.
            int x0 = random.nextInt(3);
            int x1 = random.nextInt(6, 9);
            LinearRing shell = FACTORY.createLinearRing(lattice(new int[][] {{x0, x0}, {x1, x0}, {x1, x1}, {x0, x1}}));
            LinearRing[] holes = new LinearRing[random.nextInt(1, 4)];
            for (int h = 0; h < holes.length; h++) {
                int n = random.nextInt(3, 6);
                int[][] points = new int[n][];
                int cx = random.nextInt(9);
                int cy = random.nextInt(9);
                for (int i = 0; i < n; i++) {
                    points[i] = new int[] {Math.min(8, cx + random.nextInt(3)), Math.min(8, cy + random.nextInt(3))};
                }
                holes[h] = FACTORY.createLinearRing(lattice(points));
            }
            return FACTORY.createPolygon(shell, holes);
        });
    }

    /** @return the closed ring through lattice points, 0.001 degree apart near Chicago */
    private static Coordinate[] lattice(int[][] points) {
        Coordinate[] ring = new Coordinate[points.length + 1];
        for (int i = 0; i < points.length; i++) {
            ring[i] = new Coordinate(-87.6 + 0.001 * points[i][0], 41.8 + 0.001 * points[i][1]);
        }
        ring[points.length] = ring[0].copy();
        return ring;
    }

    @Test
    void shouldProveRegularPolygonsAndStarsOfEveryRequestSize() {
        for (int n = 3; n <= SimplePolygons.MAX_EDGES; n++) {
            assertThat(SimplePolygons.provedValid(regular(n, 1))).as("regular %d-gon", n).isTrue();
            if (n % 2 == 0 && n >= 6) {
                Polygon star = regular(n, 0.4);
                assertThat(new IsValidOp(star).isValid()).isTrue();
                assertThat(SimplePolygons.provedValid(star)).as("star of %d points", n).isTrue();
            }
        }
        assertThat(SimplePolygons.provedValid(regular(SimplePolygons.MAX_EDGES + 1, 1))).as("too many edges: left to JTS").isFalse();
        // The same limit counts the holes' edges.
        Polygon shell = regular(SimplePolygons.MAX_EDGES - 3, 1);
        Polygon withHole = FACTORY.createPolygon(shell.getExteriorRing(),
            new LinearRing[] {FACTORY.createLinearRing(lattice(new int[][] {{0, 0}, {1, 0}, {1, 1}}))});
        assertThat(new IsValidOp(withHole).isValid()).isTrue();
        assertThat(SimplePolygons.provedValid(withHole)).as("%d edges and a triangle hole", SimplePolygons.MAX_EDGES - 3).isTrue();
        Polygon withSquareHole = FACTORY.createPolygon(shell.getExteriorRing(),
            new LinearRing[] {FACTORY.createLinearRing(lattice(new int[][] {{0, 0}, {1, 0}, {1, 1}, {0, 1}}))});
        assertThat(SimplePolygons.provedValid(withSquareHole)).as("one edge too many with the hole: left to JTS").isFalse();
    }

    @Test
    void shouldLeaveEveryDegenerateRingToJts() throws ParseException {
        String[] rings = {
            // self-crossing bow tie
            "POLYGON ((0 0, 2 2, 2 0, 0 2, 0 0))",
            // a vertex on a non-adjacent edge
            "POLYGON ((0 0, 4 0, 4 4, 2 0, 0 4, 0 0))",
            // a spike folding back along its edge
            "POLYGON ((0 0, 4 0, 4 4, 4 2, 0 4, 0 0))",
            // the ring touches itself at a repeated vertex
            "POLYGON ((0 0, 2 2, 4 0, 4 4, 2 2, 0 4, 0 0))",
            // all on one line
            "POLYGON ((0 0, 1 1, 2 2, 0 0))",
            // a repeated consecutive point (valid for JTS, not proved here)
            "POLYGON ((0 0, 4 0, 4 0, 4 4, 0 4, 0 0))",
            // a hole touching the shell at a point (valid for JTS, not proved here)
            "POLYGON ((0 0, 9 0, 9 9, 0 9, 0 0), (0 0, 2 1, 2 2, 0 0))",
            // a hole outside the shell
            "POLYGON ((0 0, 9 0, 9 9, 0 9, 0 0), (11 1, 12 1, 12 2, 11 1))",
            // a hole crossing the shell
            "POLYGON ((0 0, 9 0, 9 9, 0 9, 0 0), (8 1, 12 1, 12 2, 8 1))",
            // a hole inside another hole
            "POLYGON ((0 0, 9 0, 9 9, 0 9, 0 0), (1 1, 8 1, 8 8, 1 8, 1 1), (2 2, 3 2, 3 3, 2 2))",
            // two holes crossing each other
            "POLYGON ((0 0, 9 0, 9 9, 0 9, 0 0), (1 1, 5 1, 5 5, 1 5, 1 1), (4 4, 7 4, 7 7, 4 7, 4 4))",
            // the shell is the hole's ring
            "POLYGON ((0 0, 9 0, 9 9, 0 9, 0 0), (0 0, 9 0, 9 9, 0 9, 0 0))",
            // two polygons (valid, not proved here)
            "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))",
            // the closing edge crosses the first
            "POLYGON ((0 0, 4 4, 4 0, 1 2, 0 0))",
        };
        WKTReader reader = new WKTReader(FACTORY);
        for (String wkt : rings) {
            Geometry g = reader.read(wkt);
            assertThat(SimplePolygons.provedValid(g)).as(wkt).isFalse();
        }
        // Collinear vertices that continue forward are simple, and holes apart inside the shell valid: proved.
        for (String wkt : new String[] {"POLYGON ((0 0, 2 0, 4 0, 4 4, 0 4, 0 0))",
            "POLYGON ((0 0, 9 0, 9 9, 0 9, 0 0), (1 1, 2 1, 2 2, 1 1))",
            "POLYGON ((0 0, 9 0, 9 9, 0 9, 0 0), (1 1, 2 1, 2 2, 1 1), (5 5, 6 5, 6 6, 5 6, 5 5))"}) {
            Geometry g = reader.read(wkt);
            assertThat(new IsValidOp(g).isValid()).as(wkt).isTrue();
            assertThat(SimplePolygons.provedValid(g)).as(wkt).isTrue();
        }
    }

    /** A regular polygon (ratio 1) or a star (every other vertex at {@code ratio} of the radius) around Chicago. */
    private static Polygon regular(int n, double ratio) {
        Coordinate[] ring = new Coordinate[n + 1];
        for (int i = 0; i < n; i++) {
            double t = 2 * Math.PI * i / n;
            double r = i % 2 == 1 ? 0.006 * ratio : 0.006;
            ring[i] = new Coordinate(-87.6 + r * Math.cos(t), 41.8 + r * Math.sin(t));
        }
        ring[n] = ring[0].copy();
        return FACTORY.createPolygon(ring);
    }
}
