package io.geomatch.bench;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that every method of {@link GeoIndexQueryBenchmark} computes the right answer: on a small
 * data set with the benchmark's own seeds, setup and query pool, each query's result must equal an
 * independent brute-force oracle that uses plain JTS {@code Geometry.covers(Point)} for every
 * camera and evaluates DESIGN section 3's time, retention and eligibility rules per footage
 * interval, bucket by bucket, in their literal form.
 */
class GeoIndexQueryBenchmarkTest {
    private static final int CAMERAS = 20_000;
    private static final int EDGE_SQUARES = 128;
    private static GeoIndexQueryBenchmark bench;
    private static int[][] covered;
    private static long[][] expected;

    @BeforeAll
    static void setUp() {
        bench = new GeoIndexQueryBenchmark();
        bench.cameras = CAMERAS;
        bench.windowHours = 12;
        bench.areaSquareMiles = 0.5;
        bench.setup();
        covered = new int[GeoIndexQueryBenchmark.POOL_SIZE][];
        expected = new long[GeoIndexQueryBenchmark.POOL_SIZE][];
        for (int q = 0; q < expected.length; q++) {
            SyntheticCameras.Query query = bench.queries[q];
            covered[q] = coveredCameras(bench.data, query.square());
            expected[q] = oracle(bench.data, covered[q], query.fromMillis(), query.toMillis(), bench.nowMillis);
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
        // at an edge. These windows and instants do, on the pool's own squares: for a covered
        // camera's footage interval [s, e), windows that end at s or start at e, and a "now" at
        // which the interval's last bucket is just still, or just no longer, retained.
        SyntheticCameras data = bench.data;
        SplittableRandom rng = new SplittableRandom(GeoIndexQueryBenchmark.QUERY_SEED);
        long bucket = GeoIndexQueryBenchmark.BUCKET_MILLIS;
        long window = 12 * 3_600_000L;
        Hits hits = new Hits();
        List<String> disagreements = new ArrayList<>();
        int checked = 0;
        for (int q = 0; q < EDGE_SQUARES; q++) {
            SyntheticCameras.Query query = bench.queries[q];
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
            long cutOff = (Math.floorDiv(e - 1, bucket) + 1) * bucket + data.retentionDays()[camera] * SyntheticCameras.MILLIS_PER_DAY;
            long[][] cases = {
                {s - window, s, bench.nowMillis}, {s - window, s + 1, bench.nowMillis},
                {e, e + window, bench.nowMillis}, {e - 1, e - 1 + window, bench.nowMillis},
                {s, e, cutOff - 1}, {s, e, cutOff},
            };
            for (long[] c : cases) {
                long[] want = oracle(data, covered[q], c[0], c[1], c[2]);
                long[] got = bench.index.matchIds(query.area(), c[0], c[1], c[2]);
                bench.scanner.match(query.prepared(), c[0], c[1], c[2], hits);
                long[] scanned = new long[hits.count()];
                for (int i = 0; i < scanned.length; i++) {
                    scanned[i] = data.ids()[hits.position(i)];
                }
                Arrays.sort(scanned);
                if (!Arrays.equals(got, want) || !Arrays.equals(scanned, want)) {
                    disagreements.add(String.format("edge case disagrees: dataSeed=%d cameras=%d query=%d square=%s"
                            + " from=%d to=%d now=%d oracle=%s geomatch=%s scan=%s",
                        GeoIndexQueryBenchmark.DATA_SEED, CAMERAS, q, query.square(), c[0], c[1], c[2],
                        Arrays.toString(want), Arrays.toString(got), Arrays.toString(scanned)));
                }
                checked++;
            }
        }
        assertThat(disagreements).isEmpty();
        assertThat(checked).isGreaterThan(EDGE_SQUARES * 3);
    }

    @Test
    void shouldExerciseEveryRuleOnThisPool() {
        // A pool where nothing matched, or where the time and eligibility rules never removed a
        // camera the area covers, would make the checks above vacuous.
        long matched = 0;
        long coveredOnly = 0;
        int nonEmpty = 0;
        for (int q = 0; q < GeoIndexQueryBenchmark.POOL_SIZE; q++) {
            matched += expected[q].length;
            coveredOnly += covered[q].length - expected[q].length;
            nonEmpty += expected[q].length > 0 ? 1 : 0;
        }
        assertThat(matched).isGreaterThan(GeoIndexQueryBenchmark.POOL_SIZE);
        assertThat(nonEmpty).isGreaterThan(GeoIndexQueryBenchmark.POOL_SIZE / 2);
        assertThat(coveredOnly).isGreaterThan(matched / 10);
    }

    @Test
    void shouldGenerateTheSameDataForTheSameSeed() {
        SyntheticCameras a = SyntheticCameras.generate(5_000, 3, 42L);
        SyntheticCameras b = SyntheticCameras.generate(5_000, 3, 42L);
        assertThat(b.ids()).isEqualTo(a.ids());
        assertThat(b.latDegrees()).isEqualTo(a.latDegrees());
        assertThat(b.lonDegrees()).isEqualTo(a.lonDegrees());
        assertThat(b.optedIn()).isEqualTo(a.optedIn());
        assertThat(b.e2ee()).isEqualTo(a.e2ee());
        assertThat(b.retentionDays()).isEqualTo(a.retentionDays());
        assertThat(b.footageOffsets()).isEqualTo(a.footageOffsets());
        assertThat(b.footageStartMillis()).isEqualTo(a.footageStartMillis());
        assertThat(b.footageDurationMillis()).isEqualTo(a.footageDurationMillis());
        assertThat(SyntheticCameras.generate(5_000, 3, 43L).latDegrees()).isNotEqualTo(a.latDegrees());
    }

    @Test
    void shouldGenerateTheDescribedAttributesAndFootage() {
        SyntheticCameras data = bench.data;
        int n = data.cameraCount();
        int optedIn = 0;
        int e2ee = 0;
        for (int i = 0; i < n; i++) {
            optedIn += data.optedIn()[i] ? 1 : 0;
            e2ee += data.e2ee()[i] ? 1 : 0;
        }
        assertThat((double) optedIn / n).isBetween(0.83, 0.87);
        assertThat((double) e2ee / n).isBetween(0.04, 0.06);
        assertThat(Arrays.stream(data.retentionDays()).distinct().sorted().toArray()).containsExactly(1, 3, 7, 14, 30, 60, 90, 180);
        assertThat(Arrays.stream(data.ids()).distinct().count()).isEqualTo(n);
        long historyStart = data.historyStartMillis();
        for (int f = 0; f < data.footageCount(); f++) {
            long start = data.footageStartMillis()[f];
            long end = start + data.footageDurationMillis()[f];
            assertThat(start).isGreaterThanOrEqualTo(historyStart);
            assertThat(end).isGreaterThan(start).isLessThanOrEqualTo(data.nowMillis());
        }
        for (SyntheticCameras.Query q : bench.queries) {
            assertThat(q.toMillis() - q.fromMillis()).isEqualTo(12 * 3_600_000L);
            assertThat(q.fromMillis()).isGreaterThanOrEqualTo(historyStart);
            assertThat(q.toMillis()).isLessThanOrEqualTo(data.nowMillis());
            // 0.5 square miles, measured on the sphere with the local cosine.
            double lat = q.square().getCentroid().getY();
            double w = q.square().getEnvelopeInternal().getWidth() * SyntheticCameras.METERS_PER_DEGREE * Math.cos(Math.toRadians(lat));
            double h = q.square().getEnvelopeInternal().getHeight() * SyntheticCameras.METERS_PER_DEGREE;
            assertThat(w * h / (SyntheticCameras.METERS_PER_MILE * SyntheticCameras.METERS_PER_MILE)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    /** The oracle's spatial half: every camera, plain (unprepared) JTS covers on a fresh point. */
    private static int[] coveredCameras(SyntheticCameras data, Polygon square) {
        GeometryFactory factory = new GeometryFactory();
        int[] found = new int[data.cameraCount()];
        int size = 0;
        for (int i = 0; i < data.cameraCount(); i++) {
            if (square.covers(factory.createPoint(new Coordinate(data.lonDegrees()[i], data.latDegrees()[i])))) {
                found[size++] = i;
            }
        }
        return Arrays.copyOf(found, size);
    }

    /**
     * The oracle's other half, for the cameras the area covers: eligibility, then each footage
     * interval's buckets walked one by one against the window and the retention rule.
     *
     * @return the matching camera ids, ascending
     */
    private static long[] oracle(SyntheticCameras data, int[] coveredCameras, long from, long to, long now) {
        long bucket = GeoIndexQueryBenchmark.BUCKET_MILLIS;
        long windowFirst = Math.floorDiv(from, bucket);
        long windowLast = Math.floorDiv(to - 1, bucket);
        long[] found = new long[coveredCameras.length];
        int size = 0;
        for (int i : coveredCameras) {
            if (!(data.optedIn()[i] && !data.e2ee()[i])) {
                continue;
            }
            long retentionMillis = data.retentionDays()[i] * 86_400_000L;
            boolean hit = false;
            for (int f = data.footageOffsets()[i]; f < data.footageOffsets()[i + 1] && !hit; f++) {
                long s = data.footageStartMillis()[f];
                long e = s + data.footageDurationMillis()[f];
                for (long b = Math.floorDiv(s, bucket); b <= Math.floorDiv(e - 1, bucket) && !hit; b++) {
                    hit = b >= windowFirst && b <= windowLast && (b + 1) * bucket > now - retentionMillis;
                }
            }
            if (hit) {
                found[size++] = data.ids()[i];
            }
        }
        long[] ids = Arrays.copyOf(found, size);
        Arrays.sort(ids);
        return ids;
    }

    private static String describe(String method, int q, long[] actual) {
        long[] expectedIds = expected[q];
        SyntheticCameras.Query query = bench.queries[q];
        return String.format("%s disagrees with the oracle: dataSeed=%d querySeed=%d cameras=%d query=%d square=%s"
                + " from=%d to=%d now=%d onlyIn%s=%s onlyInOracle=%s",
            method, GeoIndexQueryBenchmark.DATA_SEED, GeoIndexQueryBenchmark.QUERY_SEED, CAMERAS, q, query.square(),
            query.fromMillis(), query.toMillis(), bench.nowMillis, method,
            Arrays.toString(minus(actual, expectedIds)), Arrays.toString(minus(expectedIds, actual)));
    }

    private static long[] minus(long[] a, long[] b) {
        return Arrays.stream(a).filter(x -> Arrays.binarySearch(b, x) < 0).toArray();
    }
}
