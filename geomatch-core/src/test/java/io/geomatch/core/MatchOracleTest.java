package io.geomatch.core;

import io.geomatch.core.testing.BruteForce;
import io.geomatch.core.testing.LiveOp;
import io.geomatch.core.testing.Dataset;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.locationtech.jts.algorithm.ConvexHull;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every implementation of the query against {@link BruteForce}, on the same seeded cases: polygons
 * (convex, concave, holes, multi, overlapping collections, many-vertex), circles (one exactly
 * through a camera) and H3 cell sets; cameras exactly on vertices and edges and a hair off them,
 * and stacked on one point; windows and footage on bucket edges; retention cut-offs; opted-out
 * and e2ee cameras; on every implementation ({@link Implementations}): a built index, a reopened
 * snapshot, a live index with an overlay of changes and a store recovered from a crash image.
 * Every failure names the seed, the implementation and the query, to replay.
 */
class MatchOracleTest {
    private static final GeometryFactory GF = new GeometryFactory();
    private static final long BASE_MILLIS = 1_762_000_000_000L;
    private static final double CENTER_LON = -87.75;
    private static final double CENTER_LAT = 41.875;
    /** A dyadic step: sums and midpoints of such coordinates are exact doubles. */
    private static final double STEP = 1.0 / 4096;

    @TempDir
    Path tmp;

    static Stream<Arguments> runs() {
        List<Arguments> args = new ArrayList<>();
        long[] buckets = {1, 1_000, 60_000, 900_000};
        for (long seed = 1; seed <= 6; seed++) {
            for (Implementations.Implementation implementation : Implementations.Implementation.values()) {
                args.add(Arguments.of(seed, buckets[(int) (seed % buckets.length)], implementation));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "seed={0} bucketMillis={1} {2}")
    @MethodSource("runs")
    void shouldMatchBruteForceForEveryAreaKind(long seed, long bucketMillis, Implementations.Implementation implementation) throws IOException {
        SplittableRandom random = new SplittableRandom(seed * 7919);
        List<Geometry> polygons = polygons(random);
        Dataset data = new Dataset(seed, BASE_MILLIS);
        long[] aligned = {bucketMillis, 1_000, 60_000};
        // Background cameras, clustered around the test areas and scattered widely.
        for (int i = 0; i < 2500; i++) {
            double spread = i % 5 == 0 ? 0.5 : 0.02;
            data.addCamera(CENTER_LAT + random.nextGaussian() * spread, CENTER_LON + random.nextGaussian() * spread, aligned);
        }
        // Probes exactly on, and a hair off, every vertex and on edges of every polygon.
        for (Geometry g : polygons) {
            for (int p = 0; p < g.getNumGeometries(); p++) {
                Polygon poly = (Polygon) g.getGeometryN(p);
                addRingProbes(data, poly.getExteriorRing(), aligned);
                for (int h = 0; h < poly.getNumInteriorRing(); h++) {
                    addRingProbes(data, poly.getInteriorRingN(h), aligned);
                }
            }
        }
        // Old footage 40 days back: with 1 ms buckets the runs then span more than 2^31 buckets,
        // which switches the index to its wide (long) run layout; other sizes keep the narrow one.
        data.addFootage(data.addCamera(CENTER_LAT, CENTER_LON, aligned), BASE_MILLIS - 40 * 86_400_000L, BASE_MILLIS - 40 * 86_400_000L + 5_000);
        // Duplicate locations: several cameras at one point.
        for (int i = 0; i < 20; i++) {
            data.addCamera(CENTER_LAT, CENTER_LON, aligned);
        }
        try (Implementations.Closer closer = new Implementations.Closer()) {
            Implementations.Queryable index = Implementations.open(implementation, data, bucketMillis, tmp, closer);

            List<Check> checks = new ArrayList<>();
            for (Geometry g : polygons) {
                checks.add(new Check("polygon " + g, Area.polygon(g), BruteForce.polygons(g)));
            }
            for (int i = 0; i < 4; i++) {
                double lat = CENTER_LAT + random.nextGaussian() * 0.02;
                double lon = CENTER_LON + random.nextGaussian() * 0.02;
                double radius = 50 + random.nextDouble() * 3000;
                if (i == 0) {
                    // A camera exactly on the circle: the boundary is inclusive.
                    int c = random.nextInt(data.cameraCount());
                    radius = BruteForce.haversineMeters(lat, lon, data.lat(c), data.lon(c));
                }
                checks.add(new Check("circle " + lat + "," + lon + " r=" + radius, Area.circle(lat, lon, radius),
                    BruteForce.circle(lat, lon, radius)));
            }
            for (int i = 0; i < 3; i++) {
                long[] cells = new long[1 + random.nextInt(6)];
                for (int k = 0; k < cells.length; k++) {
                    int c = random.nextInt(data.cameraCount());
                    cells[k] = BruteForce.h3().latLngToCell(data.lat(c), data.lon(c), 5 + random.nextInt(7));
                }
                checks.add(new Check("cells " + java.util.Arrays.toString(cells), Area.h3Cells(cells), BruteForce.cells(cells)));
            }

            long matched = 0;
            for (Check check : checks) {
                boolean[] inside = BruteForce.inside(data, check.region);
                for (long[] w : windows(random, data, bucketMillis)) {
                    long[] expected = BruteForce.match(data, bucketMillis, inside, w[0], w[1], w[2]);
                    matched += expected.length;
                    String where = String.format("seed=%d bucketMillis=%d %s %s from=%d to=%d now=%d", seed, bucketMillis, implementation,
                        check.label, w[0], w[1], w[2]);
                    assertThat(index.ids(check.area, w[0], w[1], w[2], MatchMode.POSITION)).as(where).containsExactly(expected);
                    assertThat(index.count(check.area, w[0], w[1], w[2], MatchMode.POSITION)).as(where).isEqualTo(expected.length);
                }
            }
            assertThat(matched).as("seed=%d: the workload must produce matches to compare", seed).isGreaterThan(500);
        }
    }

    private record Check(String label, Area area, BruteForce.Region region) {
    }

    /** Windows: wide, narrow, starting/ending exactly on bucket edges, and retention edges. */
    private static List<long[]> windows(SplittableRandom random, Dataset data, long b) {
        List<long[]> windows = new ArrayList<>();
        long now = BASE_MILLIS + 86_400_000L;
        windows.add(new long[] {BASE_MILLIS - 5 * 86_400_000L, now, now});
        for (int i = 0; i < 6; i++) {
            long from = BASE_MILLIS + random.nextLong(-4 * 86_400_000L, 86_400_000L);
            long to = from + 1 + random.nextLong(12 * 3_600_000L);
            windows.add(new long[] {from, to, now + random.nextLong(3 * 86_400_000L)});
        }
        for (int i = 0; i < 6; i++) {
            int f = random.nextInt(data.footageCount());
            long edge = Math.floorDiv(data.footageStart(f), b) * b;
            long end = Math.floorDiv(data.footageEnd(f) - 1, b) * b + b;
            windows.add(new long[] {edge, edge + b, now});
            windows.add(new long[] {end, end + 15 * 60_000L, now});
            windows.add(new long[] {edge - 3_600_000L, edge, now});
            windows.add(new long[] {edge - 3_600_000L, edge + 1, now});
            // Retention edge: the last bucket of this footage is retained at now-1 and expires at now.
            int c = data.footageCamera(f);
            long lastBucket = Math.floorDiv(data.footageEnd(f) - 1, b);
            long expiry = (lastBucket + 1) * b + data.retentionDays(c) * 86_400_000L;
            windows.add(new long[] {data.footageStart(f), data.footageEnd(f), expiry});
            windows.add(new long[] {data.footageStart(f), data.footageEnd(f), expiry - 1});
        }
        return windows;
    }

    private static void addRingProbes(Dataset data, LinearRing ring, long[] aligned) {
        Coordinate[] pts = ring.getCoordinates();
        for (int i = 0; i + 1 < pts.length; i++) {
            Coordinate a = pts[i];
            Coordinate b = pts[i + 1];
            data.addCamera(a.y, a.x, aligned);
            data.addCamera(Math.nextUp(a.y), a.x, aligned);
            data.addCamera(a.y, Math.nextDown(a.x), aligned);
            data.addCamera((a.y + b.y) / 2, (a.x + b.x) / 2, aligned);
            data.addCamera((3 * a.y + b.y) / 4, (3 * a.x + b.x) / 4, aligned);
            data.addCamera(Math.nextUp((a.y + b.y) / 2), (a.x + b.x) / 2, aligned);
        }
    }

    /** Polygons on a dyadic grid around the centre, so that probes on edges are exact. */
    private static List<Geometry> polygons(SplittableRandom random) {
        List<Geometry> list = new ArrayList<>();
        // Axis-aligned rectangle.
        list.add(rect(grid(random, -40, 0), grid(random, -40, 0), grid(random, 10, 60), grid(random, 10, 60)));
        // Convex hull of random grid points.
        Coordinate[] pts = new Coordinate[12];
        for (int i = 0; i < pts.length; i++) {
            pts[i] = new Coordinate(CENTER_LON + grid(random, -80, 80), CENTER_LAT + grid(random, -80, 80));
        }
        list.add(new ConvexHull(pts, GF).getConvexHull());
        // Concave stars, one small and one with many vertices (exercises the band index).
        list.add(star(random, 9, 20, 80));
        list.add(star(random, 300, 600, 1600));
        // Square with two holes.
        Polygon holed = GF.createPolygon(ring(-100, -100, 100, 100), new LinearRing[] {ring(-60, -60, -10, -10), ring(10, 10, 70, 40)});
        list.add(holed);
        // MultiPolygon of two disjoint stars, and an overlapping collection (several features).
        Polygon a = star(random, 7, 10, 30);
        Polygon b = (Polygon) a.copy();
        b.apply((org.locationtech.jts.geom.CoordinateFilter) c -> c.x += 200 * STEP);
        b.geometryChanged();
        list.add(GF.createMultiPolygon(new Polygon[] {a, b}));
        list.add(GF.createGeometryCollection(new Geometry[] {
            rect(-50 * STEP, -50 * STEP, 30 * STEP, 30 * STEP), rect(0, 0, 60 * STEP, 60 * STEP)}));
        return list;
    }

    private static double grid(SplittableRandom random, int lo, int hi) {
        return random.nextInt(lo, hi + 1) * STEP;
    }

    private static Polygon rect(double x0, double y0, double x1, double y1) {
        return GF.createPolygon(new Coordinate[] {
            new Coordinate(CENTER_LON + x0, CENTER_LAT + y0), new Coordinate(CENTER_LON + x1, CENTER_LAT + y0),
            new Coordinate(CENTER_LON + x1, CENTER_LAT + y1), new Coordinate(CENTER_LON + x0, CENTER_LAT + y1),
            new Coordinate(CENTER_LON + x0, CENTER_LAT + y0)});
    }

    private static LinearRing ring(int x0, int y0, int x1, int y1) {
        return GF.createLinearRing(new Coordinate[] {
            new Coordinate(CENTER_LON + x0 * STEP, CENTER_LAT + y0 * STEP), new Coordinate(CENTER_LON + x1 * STEP, CENTER_LAT + y0 * STEP),
            new Coordinate(CENTER_LON + x1 * STEP, CENTER_LAT + y1 * STEP), new Coordinate(CENTER_LON + x0 * STEP, CENTER_LAT + y1 * STEP),
            new Coordinate(CENTER_LON + x0 * STEP, CENTER_LAT + y0 * STEP)});
    }

    /** A star with alternating radii, vertices snapped to the dyadic grid. */
    private static Polygon star(SplittableRandom random, int points, int inner, int outer) {
        Coordinate[] c = new Coordinate[2 * points + 1];
        for (int i = 0; i < 2 * points; i++) {
            double angle = Math.PI * i / points;
            double r = (i % 2 == 0 ? outer : inner) * (0.8 + 0.4 * random.nextDouble());
            c[i] = new Coordinate(CENTER_LON + Math.round(r * Math.cos(angle)) * STEP, CENTER_LAT + Math.round(r * Math.sin(angle)) * STEP);
        }
        c[2 * points] = c[0];
        return GF.createPolygon(c);
    }
}
