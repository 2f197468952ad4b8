package io.geomatch.bench;

import io.geomatch.bench.engine.Hits;
import io.geomatch.world.CameraWorld;
import io.geomatch.world.QueryWorkload;
import io.geomatch.world.WorldOracle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that every method of {@link GeoIndexQueryBenchmark} computes the right answer: on a small
 * world with the benchmark's own seeds, setup and query pool, each query's result must equal the
 * brute-force oracle {@link WorldOracle#ids} (the core's {@code BruteForce}), which uses plain JTS
 * {@code Geometry.covers(Point)} for every camera and the matching contract's time, retention and
 * eligibility rules per footage interval. The pool uses 2 mi² polygons rather than the
 * benchmark's default 0.5 so that this small world still gives most queries several matches.
 */
class GeoIndexQueryBenchmarkTest {
    private static final int CAMERAS = 50_000;
    private static final double AREA_SQUARE_MILES = 2.0;
    private static final int EDGE_QUERIES = 128;
    private static GeoIndexQueryBenchmark bench;
    private static int[][] covered;
    private static long[][] expected;

    @BeforeAll
    static void setUp() {
        bench = new GeoIndexQueryBenchmark();
        bench.cameras = CAMERAS;
        bench.windowHours = 12;
        bench.areaSquareMiles = AREA_SQUARE_MILES;
        bench.setup();
        covered = new int[GeoIndexQueryBenchmark.POOL_SIZE][];
        expected = new long[GeoIndexQueryBenchmark.POOL_SIZE][];
        for (int q = 0; q < expected.length; q++) {
            QueryWorkload.Query query = bench.queries[q];
            covered[q] = coveredCameras(bench.data, query.polygon());
            expected[q] = WorldOracle.ids(bench.data, query.polygon(), query.fromMillis(), query.toMillis(),
                bench.nowMillis, GeoIndexQueryBenchmark.BUCKET_MILLIS);
        }
    }

    @AfterAll
    static void tearDown() {
        bench.tearDown();
    }

    @Test
    void shouldMatchTheOracleForEveryQueryOfThePool() {
        GeoIndexQueryBenchmark.Cursor cursor = new GeoIndexQueryBenchmark.Cursor();
        List<String> disagreements = new ArrayList<>();
        for (int q = 0; q < GeoIndexQueryBenchmark.POOL_SIZE; q++) {
            int count = bench.match(cursor);
            long[] actual = cursor.matches.ids();
            assertThat(count).isEqualTo(actual.length);
            if (!Arrays.equals(actual, expected[q])) {
                disagreements.add(describe("match", q, actual));
            }
        }
        assertThat(disagreements).isEmpty();
    }

    @Test
    void shouldCountWhatTheOracleFindsForEveryQueryOfThePool() {
        GeoIndexQueryBenchmark.Cursor cursor = new GeoIndexQueryBenchmark.Cursor();
        for (int q = 0; q < GeoIndexQueryBenchmark.POOL_SIZE; q++) {
            assertThat(bench.count(cursor)).as("query %d, %s", q, bench.queries[q]).isEqualTo(expected[q].length);
        }
    }

    @Test
    void shouldScanToTheOracleAnswerForEveryQueryOfThePool() {
        GeoIndexQueryBenchmark.Cursor cursor = new GeoIndexQueryBenchmark.Cursor();
        long[] ids = bench.data.ids();
        List<String> disagreements = new ArrayList<>();
        for (int q = 0; q < GeoIndexQueryBenchmark.POOL_SIZE; q++) {
            int count = bench.scan(cursor);
            long[] actual = new long[count];
            for (int i = 0; i < count; i++) {
                actual[i] = ids[cursor.hits.position(i)];
            }
            Arrays.sort(actual);
            if (!Arrays.equals(actual, expected[q])) {
                disagreements.add(describe("scan", q, actual));
            }
        }
        assertThat(disagreements).isEmpty();
    }

    @Test
    void shouldAgreeWithTheOracleAtFootageBucketAndRetentionEdges() {
        // Random pool windows seldom put a footage end, a bucket boundary or a retention cut-off
        // at an edge. These windows and instants do, on the pool's own polygons: for a covered
        // camera's footage interval [s, e), windows that end at s or start at e, and a "now" at
        // which the interval's last bucket is just still, or just no longer, retained.
        CameraWorld data = bench.data;
        SplittableRandom rng = new SplittableRandom(GeoIndexQueryBenchmark.QUERY_SEED);
        long bucket = GeoIndexQueryBenchmark.BUCKET_MILLIS;
        long window = 12 * 3_600_000L;
        Hits hits = new Hits();
        List<String> disagreements = new ArrayList<>();
        int checked = 0;
        for (int q = 0; q < EDGE_QUERIES; q++) {
            QueryWorkload.Query query = bench.queries[q];
            if (covered[q].length == 0) {
                continue;
            }
            int camera = covered[q][rng.nextInt(covered[q].length)];
            if (data.footageOffsets()[camera + 1] == data.footageOffsets()[camera]) {
                continue;
            }
            int footage = data.footageOffsets()[camera + 1] - data.footageOffsets()[camera];
            int f = data.footageOffsets()[camera] + rng.nextInt(footage);
            long s = data.footageStartMillis()[f];
            long e = s + data.footageDurationMillis()[f];
            long cutOff = (Math.floorDiv(e - 1, bucket) + 1) * bucket + data.retentionDays()[camera] * CameraWorld.MILLIS_PER_DAY;
            long[][] cases = {
                {s - window, s, bench.nowMillis}, {s - window, s + 1, bench.nowMillis},
                {e, e + window, bench.nowMillis}, {e - 1, e - 1 + window, bench.nowMillis},
                {s, e, cutOff - 1}, {s, e, cutOff},
            };
            for (long[] c : cases) {
                long[] want = WorldOracle.ids(data, query.polygon(), c[0], c[1], c[2], bucket);
                long[] got = bench.index.matchIds(bench.areas[q], c[0], c[1], c[2]);
                bench.scanner.match(bench.prepared[q], c[0], c[1], c[2], hits);
                long[] scanned = new long[hits.count()];
                for (int i = 0; i < scanned.length; i++) {
                    scanned[i] = data.ids()[hits.position(i)];
                }
                Arrays.sort(scanned);
                if (!Arrays.equals(got, want) || !Arrays.equals(scanned, want)) {
                    disagreements.add(String.format("edge case disagrees: dataSeed=%d cameras=%d query=%d polygon=%s"
                            + " from=%d to=%d now=%d oracle=%s geomatch=%s scan=%s",
                        GeoIndexQueryBenchmark.DATA_SEED, CAMERAS, q, query.polygon(), c[0], c[1], c[2],
                        Arrays.toString(want), Arrays.toString(got), Arrays.toString(scanned)));
                }
                checked++;
            }
        }
        assertThat(disagreements).isEmpty();
        assertThat(checked).isGreaterThan(EDGE_QUERIES * 3);
    }

    @Test
    void shouldExerciseEveryRuleOnThisPool() {
        // A pool where nothing matched, or where the time and eligibility rules never removed a
        // camera the area covers, would make the checks above vacuous.
        long matched = 0;
        long coveredOnly = 0;
        int nonEmpty = 0;
        for (int q = 0; q < GeoIndexQueryBenchmark.POOL_SIZE; q++) {
            if (bench.queries[q].empty()) {
                assertThat(covered[q]).as("query %d", q).isEmpty();
            }
            matched += expected[q].length;
            coveredOnly += covered[q].length - expected[q].length;
            nonEmpty += expected[q].length > 0 ? 1 : 0;
        }
        assertThat(matched).isGreaterThan(GeoIndexQueryBenchmark.POOL_SIZE);
        assertThat(nonEmpty).isGreaterThan(GeoIndexQueryBenchmark.POOL_SIZE / 2);
        assertThat(coveredOnly).isGreaterThan(matched / 10);
    }

    /** The cameras an area covers, whatever their eligibility and footage: plain JTS covers. */
    private static int[] coveredCameras(CameraWorld data, Polygon polygon) {
        GeometryFactory factory = new GeometryFactory();
        Envelope envelope = polygon.getEnvelopeInternal();
        int[] found = new int[data.cameraCount()];
        int size = 0;
        for (int i = 0; i < data.cameraCount(); i++) {
            if (envelope.covers(data.lonDegrees()[i], data.latDegrees()[i]) && polygon.covers(factory.createPoint(new Coordinate(data.lonDegrees()[i], data.latDegrees()[i])))) {
                found[size++] = i;
            }
        }
        return Arrays.copyOf(found, size);
    }

    private static String describe(String method, int q, long[] actual) {
        long[] expectedIds = expected[q];
        QueryWorkload.Query query = bench.queries[q];
        return String.format("%s disagrees with the oracle: dataSeed=%d querySeed=%d cameras=%d query=%d polygon=%s"
                + " from=%d to=%d now=%d onlyIn%s=%s onlyInOracle=%s",
            method, GeoIndexQueryBenchmark.DATA_SEED, GeoIndexQueryBenchmark.QUERY_SEED, CAMERAS, q, query.polygon(),
            query.fromMillis(), query.toMillis(), bench.nowMillis, method,
            Arrays.toString(minus(actual, expectedIds)), Arrays.toString(minus(expectedIds, actual)));
    }

    private static long[] minus(long[] a, long[] b) {
        return Arrays.stream(a).filter(x -> Arrays.binarySearch(b, x) < 0).toArray();
    }
}
