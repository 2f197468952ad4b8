package io.geomatch.bench;

import io.geomatch.bench.engine.BruteForceScan;
import io.geomatch.bench.engine.Hits;
import io.geomatch.core.Area;
import io.geomatch.core.GeoIndex;
import io.geomatch.core.Matches;
import io.geomatch.world.CameraWorld;
import io.geomatch.world.QueryWorkload;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Query latency of {@link GeoIndex#match} on the simulated, population-weighted US world, against
 * a brute-force scan of the same data answering the same queries.
 *
 * <p>Setup (once per fork, not measured): a {@link CameraWorld} with a fixed seed,
 * {@code cameras} cameras and 7 days of footage ending at {@link CameraWorld#DEFAULT_NOW}; a
 * geomatch index with 60 s buckets; and a pool of 1024 {@link QueryWorkload} queries of
 * {@code areaSquareMiles} with windows of {@code windowHours} hours inside the history: squares,
 * 32-gons, L shapes, thin strips and holed squares in turn, centred on random cameras, with every
 * 16th query placed at sea where it matches nothing. Each invocation answers the next query of the pool (a per-thread cursor),
 * so the timings are over the whole pool. All benchmark methods see the same queries in the same
 * order, and {@code GeoIndexQueryBenchmarkTest} checks that they all return exactly what a
 * brute-force JTS oracle returns.
 *
 * <ul>
 *   <li>{@link #match}: geomatch into a reused {@link Matches}; returns the count.</li>
 *   <li>{@link #count}: geomatch into a counting-only {@link Matches}.</li>
 *   <li>{@link #scan}: the baseline {@link BruteForceScan}, over every camera.</li>
 * </ul>
 *
 * <p>Run, from the repository root after
 * {@code mvn -B -pl geomatch-bench -am package -DskipTests}:
 * <pre>
 * java -jar geomatch-bench/target/benchmarks.jar GeoIndexQueryBenchmark -prof gc
 * java -jar geomatch-bench/target/benchmarks.jar GeoIndexQueryBenchmark -p cameras=10000000 -prof gc
 * java -jar geomatch-bench/target/benchmarks.jar GeoIndexQueryBenchmark -bm thrpt -tu s
 * </pre>
 * Add {@code -rf json -rff geomatch-bench/results/<date>-<jdk>-<machine>-<name>.json} to keep the
 * result. Sample-time mode reports p50, p90, p99, p99.9 per query; {@code -prof gc} adds
 * {@code gc.alloc.rate.norm}, bytes allocated per query. The setup prints the data and index
 * figures (footage intervals, build time, {@code offHeapBytes}, mean matches per query) to the
 * fork's output. The fork gets a 16 GB heap ceiling so that 10 M cameras fit while building:
 * measured at 2 M cameras, the heap peaks at about 2.6 GB and the index takes about 375 B per
 * camera off-heap (7 days of footage), so 10 M cameras need about 20 GB of RAM in all.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx16g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class GeoIndexQueryBenchmark {
    /** Seed of the camera data set. */
    static final long DATA_SEED = 20_250_601L;
    /** Seed of the query pool. */
    static final long QUERY_SEED = 0x6E0_3A7C4L;
    /** Days of footage history. */
    static final int HISTORY_DAYS = 7;
    /** Time bucket size of the index, ms. */
    static final long BUCKET_MILLIS = 60_000L;
    /** Queries in the pool; a power of two so the cursor wraps with a mask. */
    static final int POOL_SIZE = 1024;

    /** Number of cameras in the data set. */
    @Param("1000000")
    public int cameras;

    /** Length of each query's window, hours. */
    @Param("12")
    public int windowHours;

    /** Area of each query's polygon, square miles. */
    @Param("0.5")
    public double areaSquareMiles;

    CameraWorld data;
    GeoIndex index;
    BruteForceScan scanner;
    QueryWorkload.Query[] queries;
    Area[] areas;
    PreparedGeometry[] prepared;
    long nowMillis;

    /** Generates the data, builds the index and the baseline and makes the query pool. */
    @Setup(Level.Trial)
    public void setup() {
        long t0 = System.nanoTime();
        data = CameraWorld.generate(cameras, HISTORY_DAYS, CameraWorld.DEFAULT_NOW_MILLIS, DATA_SEED);
        long t1 = System.nanoTime();
        index = data.buildIndex(BUCKET_MILLIS);
        long t2 = System.nanoTime();
        scanner = new BruteForceScan(data, BUCKET_MILLIS);
        nowMillis = data.nowMillis();
        queries = QueryWorkload.generate(data, POOL_SIZE, areaSquareMiles, windowHours * 3_600_000L, QUERY_SEED);
        areas = new Area[POOL_SIZE];
        prepared = new PreparedGeometry[POOL_SIZE];
        long matched = 0;
        for (int q = 0; q < POOL_SIZE; q++) {
            areas[q] = Area.polygon(queries[q].polygon());
            prepared[q] = PreparedGeometryFactory.prepare(queries[q].polygon());
            matched += index.count(areas[q], queries[q].fromMillis(), queries[q].toMillis(), nowMillis);
        }
        System.out.printf(Locale.ROOT,
            "%n[setup] cameras=%d footageIntervals=%d generate=%.1fs build=%.1fs offHeapBytes=%d (%.1f B/camera)"
                + " footageRuns=%d meanMatchesPerQuery=%.1f%n",
            cameras, data.footageCount(), (t1 - t0) / 1e9, (t2 - t1) / 1e9, index.offHeapBytes(),
            (double) index.offHeapBytes() / cameras, index.footageRunCount(), (double) matched / POOL_SIZE);
    }

    /** Releases the index. */
    @TearDown(Level.Trial)
    public void tearDown() {
        index.close();
    }

    /** Per-thread, reusable result containers and this thread's position in the query pool. */
    @State(Scope.Thread)
    public static class Cursor {
        final Matches matches = new Matches();
        final Matches counter = Matches.countOnly();
        final Hits hits = new Hits();
        private int next;

        /** @return the pool position of the query to answer now; advances to the next one */
        int advance() {
            int current = next;
            next = (current + 1) & (POOL_SIZE - 1);
            return current;
        }
    }

    /**
     * geomatch, keeping the matching ordinals.
     *
     * @param cursor this thread's containers and pool position
     * @return the number of matching cameras
     */
    @Benchmark
    public int match(Cursor cursor) {
        int q = cursor.advance();
        QueryWorkload.Query query = queries[q];
        index.match(areas[q], query.fromMillis(), query.toMillis(), nowMillis, cursor.matches);
        return cursor.matches.count();
    }

    /**
     * geomatch, counting only.
     *
     * @param cursor this thread's containers and pool position
     * @return the number of matching cameras
     */
    @Benchmark
    public int count(Cursor cursor) {
        int q = cursor.advance();
        QueryWorkload.Query query = queries[q];
        index.match(areas[q], query.fromMillis(), query.toMillis(), nowMillis, cursor.counter);
        return cursor.counter.count();
    }

    /**
     * The brute-force baseline over every camera.
     *
     * @param cursor this thread's containers and pool position
     * @return the number of matching cameras
     */
    @Benchmark
    public int scan(Cursor cursor) {
        int q = cursor.advance();
        QueryWorkload.Query query = queries[q];
        return scanner.match(prepared[q], query.fromMillis(), query.toMillis(), nowMillis, cursor.hits);
    }
}
