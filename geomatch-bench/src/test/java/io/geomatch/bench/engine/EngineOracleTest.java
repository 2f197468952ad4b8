package io.geomatch.bench.engine;

import io.geomatch.world.QueryWorkload;
import io.geomatch.world.WorldOracle;
import io.geomatch.world.CameraWorld;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every engine against one brute-force oracle, {@link WorldOracle#ids} (the core's {@code BruteForce}), on a small
 * fixed-seed data set: plain JTS
 * {@code Geometry.covers(Point)} for every camera, and the matching contract's eligibility, bucket and
 * retention rules evaluated in their literal form on the raw footage intervals (independent of
 * {@link FootageFilter}'s merged runs).
 *
 * <p>The queries are planted on the data: squares, a 32-gon, a concave L, a thin rotated strip, a
 * square with a hole and a two-part MultiPolygon have vertices exactly at camera positions and
 * axis-parallel edges exactly through other cameras (so those cameras lie on the boundary, which
 * covers includes), and an ocean polygon covers no camera at all. Windows are aligned to bucket
 * boundaries, end exactly where a planted camera's clip starts, start exactly where it ends, and
 * "now" sits exactly at the instant a clip's last bucket stops being retained. All of it at
 * {@code B} = 60 s and at {@code B} = 1 ms, where the rules are exact to the millisecond.
 *
 * <p>The engines that take H3 cells ({@link MatchEngine#CELL_NAMES}) answer the same cases given
 * as the shapes' H3 coverings, against the oracle's {@code latLngToCell} rule.
 *
 * <p>A failure prints the data seed, the engine, {@code B}, the case, the polygon as WKT (or the
 * cells), the window and the differing ids, which is all it takes to replay it.
 */
class EngineOracleTest {
    private static final long DATA_SEED = 0x5EED_0F_0AC1EL;
    private static final long QUERY_SEED = 77L;
    private static final int CAMERAS = 20_000;
    private static final int HISTORY_DAYS = 7;
    private static final long DAY = 86_400_000L;
    private static final long HOUR = 3_600_000L;
    /** Anchors (planted shapes) per bucket size. */
    private static final int ANCHORS = 6;

    private static final GeometryFactory FACTORY = new GeometryFactory();
    private static CameraWorld data;
    /** Cases and their oracle answers, per bucket size. */
    private static final java.util.Map<Long, List<Case>> CASES = new java.util.HashMap<>();
    private static final java.util.Map<Case, long[]> EXPECTED = new java.util.IdentityHashMap<>();

    @BeforeAll
    static void generate() {
        data = CameraWorld.generate(CAMERAS, HISTORY_DAYS, CameraWorld.DEFAULT_NOW_MILLIS, DATA_SEED);
        for (long bucketMillis : new long[] {60_000L, 1L}) {
            List<Case> cases = cases(bucketMillis);
            CASES.put(bucketMillis, cases);
            for (Case c : cases) {
                EXPECTED.put(c, oracle(c, bucketMillis));
            }
        }
    }

    static Stream<Arguments> enginesAndBuckets() {
        return MatchEngine.NAMES.stream().flatMap(name -> Stream.of(Arguments.of(name, 60_000L), Arguments.of(name, 1L)));
    }

    static Stream<String> engines() {
        return MatchEngine.NAMES.stream();
    }

    @ParameterizedTest(name = "{0} B={1}ms")
    @MethodSource("enginesAndBuckets")
    void shouldReturnExactlyTheOracleIds(String name, long bucketMillis) {
        List<String> disagreements = new ArrayList<>();
        Results results = new Results();
        try (MatchEngine engine = MatchEngine.create(name, data, bucketMillis)) {
            for (Case c : CASES.get(bucketMillis)) {
                long[] want = EXPECTED.get(c);
                // Twice through the same Results: reuse must not leak the previous answer.
                for (int pass = 0; pass < 2; pass++) {
                    PreparedQuery query = engine.prepare(c.area, c.fromMillis, c.toMillis, c.nowMillis);
                    int count = query.run(results);
                    long[] got = engine.ids(results);
                    if (count != got.length || !Arrays.equals(got, want)) {
                        disagreements.add(describe(name, bucketMillis, c, count, got, want));
                    }
                }
                int direct = engine.match(c.area, c.fromMillis, c.toMillis, c.nowMillis, results);
                if (direct != want.length) {
                    disagreements.add(describe(name, bucketMillis, c, direct, engine.ids(results), want));
                }
            }
        }
        assertThat(disagreements).isEmpty();
    }

    static Stream<Arguments> cellEnginesAndBuckets() {
        return MatchEngine.CELL_NAMES.stream().flatMap(name -> Stream.of(Arguments.of(name, 60_000L), Arguments.of(name, 1L)));
    }

    /**
     * Areas given as H3 cells, matched by {@code latLngToCell}: each planted shape's res-10
     * covering (what the benchmark's {@code areaKind=h3} uses) with all its windows, and for the
     * engines that take any resolution, the res-9 coverings and mixed sets (a shape's res-9 cells
     * with another's res-11 cells).
     */
    @ParameterizedTest(name = "{0} B={1}ms")
    @MethodSource("cellEnginesAndBuckets")
    void shouldReturnExactlyTheOracleIdsForH3Cells(String name, long bucketMillis) {
        List<String> disagreements = new ArrayList<>();
        Results results = new Results();
        java.util.Map<Geometry, long[]> coverings = new java.util.IdentityHashMap<>();
        int checked = 0;
        try (MatchEngine engine = MatchEngine.create(name, data, bucketMillis)) {
            List<Case> cases = CASES.get(bucketMillis);
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get(i);
                List<long[]> sets = new ArrayList<>();
                sets.add(coverings.computeIfAbsent(c.area, g -> H3Covering.cells(g, 10)));
                if (!MatchEngine.H3_ROARING.equals(name) && i % 12 == 0) {
                    sets.add(H3Covering.cells(c.area, 9));
                    Case other = cases.get((i + 12) % cases.size());
                    sets.add(java.util.stream.LongStream.concat(Arrays.stream(H3Covering.cells(c.area, 9)),
                        Arrays.stream(H3Covering.cells(other.area, 11))).toArray());
                }
                for (long[] cells : sets) {
                    long[] want = WorldOracle.cellIds(data, cells, c.fromMillis, c.toMillis, c.nowMillis, bucketMillis);
                    int count = engine.prepareCells(cells, c.fromMillis, c.toMillis, c.nowMillis).run(results);
                    long[] got = engine.ids(results);
                    int direct = engine.matchCells(cells, c.fromMillis, c.toMillis, c.nowMillis, results);
                    if (count != got.length || direct != want.length || !Arrays.equals(got, want)) {
                        disagreements.add(String.format("%s disagrees with the oracle on H3 cells: dataSeed=%d cameras=%d querySeed=%d B=%d"
                                + " case=%s cells=%s from=%d to=%d now=%d count=%d direct=%d onlyIn%s=%s onlyInOracle=%s", name, DATA_SEED,
                            CAMERAS, QUERY_SEED, bucketMillis, c.name, Arrays.toString(Arrays.stream(cells).mapToObj(Long::toHexString).toArray()),
                            c.fromMillis, c.toMillis, c.nowMillis, count, direct, name, Arrays.toString(minus(got, want)),
                            Arrays.toString(minus(want, got))));
                    }
                    checked += want.length;
                }
            }
        }
        assertThat(disagreements).isEmpty();
        assertThat(checked).as("matches compared").isGreaterThan(300);
    }

    @Test
    void shouldRefuseH3CellsWhereAnEngineTakesNone() {
        long[] cells = H3Covering.cells(CASES.get(60_000L).get(0).area, 10);
        for (String name : List.of(MatchEngine.JTS_STRTREE, MatchEngine.LUCENE)) {
            assertThatThrownBy(() -> MatchEngine.requireCellAreas(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("areaKind=h3 is not allowed for engine=" + name + ": only geomatch, h3-roaring, scan take H3 cells");
        }
        try (MatchEngine engine = MatchEngine.create(MatchEngine.JTS_STRTREE, data, 60_000L)) {
            assertThatThrownBy(() -> engine.prepareCells(cells, 0, 60_000, data.nowMillis()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("areaKind=h3 is not allowed for engine=jts-strtree: only geomatch, h3-roaring, scan take H3 cells");
        }
        try (MatchEngine engine = MatchEngine.create(MatchEngine.H3_ROARING, data, 60_000L)) {
            long coarse = H3Covering.cells(CASES.get(60_000L).get(0).area, 9)[0];
            assertThatThrownBy(() -> engine.prepareCells(new long[] {coarse}, 0, 60_000, data.nowMillis()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cells contains " + Long.toHexString(coarse)
                    + " of resolution 9, allowed only resolution 10 (the cells engine=h3-roaring indexes)");
        }
        try (MatchEngine engine = MatchEngine.create(MatchEngine.GEOMATCH, data, 60_000L)) {
            assertThatThrownBy(() -> engine.prepareCells(new long[0], 0, 60_000, data.nowMillis()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("cells is empty, give at least one H3 cell");
            assertThatThrownBy(() -> engine.prepareCells(new long[] {42L}, 0, 60_000, data.nowMillis()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("cells contains 2a, which is not a valid H3 cell index");
            assertThatThrownBy(() -> engine.prepareCells(cells, 60_000, 60_000, data.nowMillis()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("toMillis=60000");
        }
        try (MatchEngine engine = MatchEngine.create(MatchEngine.GEOMATCH, data, 60_000L, io.geomatch.core.MatchMode.VIEW)) {
            assertThatThrownBy(() -> engine.prepareCells(cells, 0, 60_000, data.nowMillis()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("areaKind=h3 is not allowed with matchMode=view: H3 cells match by position only");
        }
    }

    @Test
    void shouldMatchByViewOnlyInGeomatchAndExactly() {
        // 60% of the world's cameras have views: geomatch by view agrees with the oracle (leaving out the
        // few cameras whose sector only touches an area, which may answer either way), and finds more.
        int compared = 0;
        int viewOnly = 0;
        try (MatchEngine engine = MatchEngine.create(MatchEngine.GEOMATCH, data, 60_000L, io.geomatch.core.MatchMode.VIEW)) {
            Results results = new Results();
            for (Case c : CASES.get(60_000L)) {
                boolean[] ambiguous = new boolean[data.cameraCount()];
                long[] want = withoutAmbiguous(WorldOracle.viewIds(data, c.area, c.fromMillis, c.toMillis, c.nowMillis, 60_000L, ambiguous),
                    ambiguous);
                engine.prepare(c.area, c.fromMillis, c.toMillis, c.nowMillis).run(results);
                assertThat(withoutAmbiguous(engine.ids(results), ambiguous)).as("%s", c).containsExactly(want);
                compared += want.length;
                viewOnly += want.length - EXPECTED.get(c).length;
            }
        }
        assertThat(compared).isGreaterThan(100);
        assertThat(viewOnly).as("matches only a view explains").isPositive();
        for (String peer : MatchEngine.NAMES.subList(1, MatchEngine.NAMES.size())) {
            assertThatThrownBy(() -> MatchEngine.create(peer, data, 60_000L, io.geomatch.core.MatchMode.VIEW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("matchMode=view is not allowed for engine=" + peer + ": only geomatch matches by view");
        }
    }

    private long[] withoutAmbiguous(long[] ids, boolean[] ambiguous) {
        java.util.Set<Long> skip = new java.util.HashSet<>();
        for (int c = 0; c < ambiguous.length; c++) {
            if (ambiguous[c]) {
                skip.add(data.ids()[c]);
            }
        }
        return Arrays.stream(ids).filter(id -> !skip.contains(id)).toArray();
    }

    @Test
    void shouldPlantCamerasOnBoundariesThatMatch() {
        // Without matching cameras on edges and vertices, and rules that remove covered ones, the
        // comparison above would prove little.
        for (long bucketMillis : new long[] {60_000L, 1L}) {
            int matched = 0;
            int onBoundary = 0;
            int coveredButRejected = 0;
            int empty = 0;
            for (Case c : CASES.get(bucketMillis)) {
                long[] want = EXPECTED.get(c);
                matched += want.length;
                empty += want.length == 0 ? 1 : 0;
                for (int i : c.covered) {
                    if (!c.area.contains(point(data.lonDegrees()[i], data.latDegrees()[i]))
                        && Arrays.binarySearch(want, data.ids()[i]) >= 0) {
                        onBoundary++;
                    }
                }
                coveredButRejected += c.covered.length - want.length;
            }
            assertThat(matched).as("B=%d", bucketMillis).isGreaterThan(300);
            assertThat(onBoundary).as("B=%d", bucketMillis).isGreaterThanOrEqualTo(ANCHORS * 4);
            assertThat(coveredButRejected).as("B=%d", bucketMillis).isGreaterThan(100);
            assertThat(empty).as("B=%d", bucketMillis).isGreaterThan(ANCHORS);
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void shouldRefuseAZeroAreaOrSelfCrossingPolygonAndAnEmptyWindow(String name) {
        try (MatchEngine engine = MatchEngine.create(name, data, 60_000L)) {
            Polygon flat = polygon(new double[] {-74.0, 40.7, -73.99, 40.7, -73.98, 40.7, -74.0, 40.7});
            assertThatThrownBy(() -> engine.prepare(flat, 0, 60_000, data.nowMillis()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a valid polygon");
            Polygon bowTie = polygon(new double[] {-74.0, 40.7, -73.99, 40.71, -73.99, 40.7, -74.0, 40.71, -74.0, 40.7});
            assertThatThrownBy(() -> engine.prepare(bowTie, 0, 60_000, data.nowMillis()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a valid polygon");
            Polygon square = polygon(new double[] {-74.0, 40.7, -73.99, 40.7, -73.99, 40.71, -74.0, 40.71, -74.0, 40.7});
            assertThatThrownBy(() -> engine.prepare(square, 60_000, 60_000, data.nowMillis()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("toMillis=60000");
            assertThatThrownBy(() -> engine.prepare(square.getExteriorRing(), 0, 60_000, data.nowMillis()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LinearRing");
        }
    }

    @Test
    void shouldRefuseAnUnknownEngineNamingTheAllowedOnes() {
        assertThatThrownBy(() -> MatchEngine.create("postgis", data, 60_000L))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("engine=postgis is unknown, allowed geomatch, jts-strtree, lucene, h3-roaring, scan");
        assertThatThrownBy(() -> MatchEngine.create("scan", data, 0))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("bucketMillis=0 is out of range, allowed 1 or more");
    }

    @Test
    void shouldDeleteTheLuceneIndexOnClose() {
        MatchEngine engine = MatchEngine.create(MatchEngine.LUCENE, CameraWorld.generate(500, 2, CameraWorld.DEFAULT_NOW_MILLIS, 1L), 60_000L);
        assertThat(engine.diskBytes()).isPositive();
        java.nio.file.Path dir = ((LuceneEngine) engine).directory();
        assertThat(dir).isDirectory();
        engine.close();
        engine.close();
        assertThat(dir).doesNotExist();
    }

    private static long[] oracle(Case c, long bucketMillis) {
        return WorldOracle.ids(data, c.area, c.fromMillis, c.toMillis, c.nowMillis, bucketMillis);
    }

    // ---------------------------------------------------------------------------------------------
    // The planted queries

    /**
     * One query: what it is, its area, its window, and the positions of the cameras the area
     * covers (plain JTS covers on a fresh point), which the fixture's own checks count.
     */
    private record Case(String name, Geometry area, int[] covered, long fromMillis, long toMillis, long nowMillis) {
    }

    /** @return positions of the cameras the area covers (plain JTS covers), for the fixture's own checks */
    private static int[] covered(Geometry area) {
        int[] found = new int[data.cameraCount()];
        int size = 0;
        for (int i = 0; i < data.cameraCount(); i++) {
            if (area.covers(FACTORY.createPoint(new Coordinate(data.lonDegrees()[i], data.latDegrees()[i])))) {
                found[size++] = i;
            }
        }
        return Arrays.copyOf(found, size);
    }

    private static List<Case> cases(long bucketMillis) {
        SplittableRandom rng = new SplittableRandom(QUERY_SEED);
        List<Case> cases = new ArrayList<>();
        long now = data.nowMillis();
        long minute = 60_000L;
        for (int a = 0; a < ANCHORS; a++) {
            int anchor = anchor(rng);
            int clip = data.footageOffsets()[anchor] + rng.nextInt(data.footageOffsets()[anchor + 1] - data.footageOffsets()[anchor]);
            long s = data.footageStartMillis()[clip];
            long e = s + data.footageDurationMillis()[clip];
            long lastBucketEnd = (Math.floorDiv(e - 1, bucketMillis) + 1) * bucketMillis;
            long cutOff = lastBucketEnd + data.retentionDays()[anchor] * DAY;
            long aligned = Math.floorDiv(s, minute) * minute;
            long[][] windows = {
                {aligned - 6 * HOUR, aligned + 6 * HOUR, now},    // on bucket boundaries, around the clip
                {s - 12 * HOUR, s, now},                          // ends where the clip starts
                {s - 12 * HOUR, s + 1, now},                      // ends 1 ms into the clip
                {e, e + 12 * HOUR, now},                          // starts where the clip ends
                {e - 1, e + 12 * HOUR, now},                      // starts on the clip's last ms
                {s, e, now},                                      // exactly the clip
                {s - 1, s, now},                                  // the 1 ms before it
                {s, s + 1, now},                                  // its first ms
                {e - 1, e, now},                                  // its last ms
                {e, e + 1, now},                                  // the 1 ms after it
                {s, e, cutOff - 1},                               // last bucket just still retained
                {s, e, cutOff},                                   // last bucket just no longer retained
            };
            List<Geometry> shapes = shapes(anchor, rng);
            for (int k = 0; k < shapes.size(); k++) {
                Geometry shape = shapes.get(k);
                int[] covered = covered(shape);
                for (long[] w : windows) {
                    cases.add(new Case("anchor " + a + " camera " + anchor + " shape " + k + " " + shape.getGeometryType(),
                        shape, covered, w[0], w[1], w[2]));
                }
            }
        }
        // An ocean square outside the data's range: no camera at all.
        Polygon ocean = polygon(new double[] {-60.0, 35.0, -59.99, 35.0, -59.99, 35.01, -60.0, 35.01, -60.0, 35.0});
        cases.add(new Case("ocean", ocean, covered(ocean), now - 12 * HOUR, now, now));
        // A big concave area over a whole metro, for many matches and many H3 interior cells.
        double lon = data.lonDegrees()[anchor(rng)];
        double lat = data.latDegrees()[anchor(rng)];
        Polygon bigL = polygon(new double[] {
            lon - 0.05, lat - 0.05, lon + 0.05, lat - 0.05, lon + 0.05, lat - 0.01, lon - 0.01, lat - 0.01,
            lon - 0.01, lat + 0.05, lon - 0.05, lat + 0.05, lon - 0.05, lat - 0.05});
        cases.add(new Case("big L", bigL, covered(bigL), now - 12 * HOUR, now, now));
        return cases;
    }

    /** @return an eligible camera with footage, in a metro (so its neighbourhood has cameras) */
    private static int anchor(SplittableRandom rng) {
        while (true) {
            int i = rng.nextInt(CAMERAS);
            if (data.optedIn()[i] && !data.e2ee()[i] && data.footageOffsets()[i + 1] > data.footageOffsets()[i]
                && neighbours(i, 0.01).length >= 10) {
                return i;
            }
        }
    }

    /** @return cameras other than {@code i} within {@code radiusDegrees} (a box), nearest first */
    private static int[] neighbours(int i, double radiusDegrees) {
        double lat = data.latDegrees()[i];
        double lon = data.lonDegrees()[i];
        return java.util.stream.IntStream.range(0, CAMERAS)
            .filter(j -> j != i && Math.abs(data.latDegrees()[j] - lat) <= radiusDegrees && Math.abs(data.lonDegrees()[j] - lon) <= radiusDegrees)
            .boxed()
            .sorted(java.util.Comparator.comparingDouble(j -> Math.hypot(data.latDegrees()[j] - lat, data.lonDegrees()[j] - lon)))
            .mapToInt(Integer::intValue).toArray();
    }

    /**
     * Shapes planted on camera {@code a}: each has {@code a} exactly on a vertex, and most have a
     * neighbour exactly on an axis-parallel edge.
     */
    private static List<Geometry> shapes(int a, SplittableRandom rng) {
        double ax = data.lonDegrees()[a];
        double ay = data.latDegrees()[a];
        int[] near = neighbours(a, 0.01);
        List<Geometry> shapes = new ArrayList<>();

        // Square with a corner at a and its top edge through the nearest camera north-east of a.
        double side = 0.01;
        int ne = firstWhere(near, j -> data.lonDegrees()[j] > ax && data.latDegrees()[j] > ay);
        double top = ne >= 0 ? data.latDegrees()[ne] : ay + side;
        double right = ne >= 0 ? Math.max(ax + side, data.lonDegrees()[ne] + 0.001) : ax + side;
        shapes.add(polygon(new double[] {ax, ay, right, ay, right, top, ax, top, ax, ay}));

        // 32-gon "circle" whose vertex 0 is a, centred west of it.
        double r = 0.006;
        double cx = ax - r;
        Coordinate[] ring = new Coordinate[33];
        for (int k = 0; k < 32; k++) {
            double t = 2 * Math.PI * k / 32;
            ring[k] = new Coordinate(cx + r * Math.cos(t), ay + r * Math.sin(t));
        }
        ring[0] = new Coordinate(ax, ay);
        ring[32] = ring[0];
        shapes.add(FACTORY.createPolygon(ring));

        // Concave L whose reflex corner is a; its bottom edge runs through the nearest camera south of a.
        int south = firstWhere(near, j -> data.latDegrees()[j] < ay);
        double bottom = south >= 0 ? data.latDegrees()[south] : ay - 0.005;
        double arm = 0.008;
        double leftX = south >= 0 ? Math.min(ax - arm, data.lonDegrees()[south] - 0.001) : ax - arm;
        shapes.add(polygon(new double[] {
            leftX, bottom, ax + arm, bottom, ax + arm, ay, ax, ay, ax, ay + arm, leftX, ay + arm, leftX, bottom}));

        // Thin rotated strip from a to a neighbour q (both vertices), 20 m wide.
        int q = near[Math.min(near.length - 1, 3 + rng.nextInt(4))];
        for (int k = 0; data.lonDegrees()[q] == ax && data.latDegrees()[q] == ay; k++) {
            q = near[k];
        }
        double qx = data.lonDegrees()[q];
        double qy = data.latDegrees()[q];
        double len = Math.hypot(qx - ax, qy - ay);
        double wx = -(qy - ay) / len * 0.0002;
        double wy = (qx - ax) / len * 0.0002;
        shapes.add(polygon(new double[] {ax, ay, qx, qy, qx + wx, qy + wy, ax + wx, ay + wy, ax, ay}));

        // Square with a hole: a is a corner of the hole, whose top edge runs through a neighbour.
        int north = firstWhere(near, j -> data.latDegrees()[j] > ay && Math.abs(data.lonDegrees()[j] - ax) < 0.004);
        double holeTop = north >= 0 ? data.latDegrees()[north] : ay + 0.003;
        double holeLeft = north >= 0 ? Math.min(ax - 0.002, data.lonDegrees()[north] - 0.0005) : ax - 0.002;
        LinearRing shell = ring(new double[] {ax - 0.01, ay - 0.01, ax + 0.01, ay - 0.01, ax + 0.01, holeTop + 0.01,
            ax - 0.01, holeTop + 0.01, ax - 0.01, ay - 0.01});
        LinearRing hole = ring(new double[] {holeLeft, ay, ax, ay, ax, holeTop, holeLeft, holeTop, holeLeft, ay});
        shapes.add(FACTORY.createPolygon(shell, new LinearRing[] {hole}));

        for (Geometry shape : shapes) {
            assertThat(shape.isValid()).as("planted shape %s", shape).isTrue();
        }

        // Two squares, one with a corner at a, one with a corner at q, each reaching away from
        // the other; kept only where they do not overlap, as a valid MultiPolygon must not.
        double sx = qx >= ax ? 1 : -1;
        double sy = qy >= ay ? 1 : -1;
        Geometry two = FACTORY.createMultiPolygon(new Polygon[] {
            polygon(new double[] {ax, ay, ax - sx * 0.003, ay, ax - sx * 0.003, ay - sy * 0.003, ax, ay - sy * 0.003, ax, ay}),
            polygon(new double[] {qx, qy, qx + sx * 0.002, qy, qx + sx * 0.002, qy + sy * 0.002, qx, qy + sy * 0.002, qx, qy}),
        });
        if (two.isValid()) {
            shapes.add(two);
        }
        return shapes;
    }

    private static int firstWhere(int[] cameras, java.util.function.IntPredicate test) {
        for (int j : cameras) {
            if (test.test(j)) {
                return j;
            }
        }
        return -1;
    }

    private static Point point(double lon, double lat) {
        return FACTORY.createPoint(new Coordinate(lon, lat));
    }

    private static LinearRing ring(double[] xy) {
        Coordinate[] coordinates = new Coordinate[xy.length / 2];
        for (int i = 0; i < coordinates.length; i++) {
            coordinates[i] = new Coordinate(xy[2 * i], xy[2 * i + 1]);
        }
        return FACTORY.createLinearRing(coordinates);
    }

    private static Polygon polygon(double[] xy) {
        return FACTORY.createPolygon(ring(xy));
    }

    private static String describe(String engine, long bucketMillis, Case c, int count, long[] got, long[] want) {
        return String.format("%s disagrees with the oracle: dataSeed=%d cameras=%d historyDays=%d querySeed=%d B=%d case=%s"
                + " area=%s from=%d to=%d now=%d count=%d onlyIn%s=%s onlyInOracle=%s",
            engine, DATA_SEED, CAMERAS, HISTORY_DAYS, QUERY_SEED, bucketMillis, c.name, c.area, c.fromMillis, c.toMillis,
            c.nowMillis, count, engine, Arrays.toString(minus(got, want)), Arrays.toString(minus(want, got)));
    }

    private static long[] minus(long[] a, long[] b) {
        return Arrays.stream(a).filter(x -> Arrays.binarySearch(b, x) < 0).toArray();
    }
}
