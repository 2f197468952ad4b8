package io.geomatch.bench;

import io.geomatch.world.QueryWorkload;
import io.geomatch.core.MatchMode;
import io.geomatch.world.CameraWorld;
import io.geomatch.bench.engine.H3Covering;
import io.geomatch.bench.engine.MatchEngine;
import io.geomatch.bench.engine.PreparedQuery;
import io.geomatch.bench.engine.Results;
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

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * geomatch side by side with what an application would otherwise use: the same area + timeframe
 * requests over the same data, answered by each {@link MatchEngine} with exactly the same
 * semantics (the README's "Matching contract"; {@code EngineOracleTest} checks every engine against a brute-force
 * oracle, and {@code AreaTimeMatchBenchmarkTest} checks this benchmark's own answers).
 *
 * <p>Engines ({@link #engine}): {@code geomatch} (the core {@code GeoIndex}), {@code jts-strtree}
 * (JTS STRtree of points plus a merged-run footage filter), {@code lucene} (Lucene 9.12
 * {@code LatLonPoint} polygon + {@code LongRange} footage per retention period, one
 * force-merged segment on an {@code MMapDirectory}), {@code h3-roaring} (H3 res-10 cells to
 * RoaringBitmaps, covering made with h3-java) and {@code scan} (brute force over every camera).
 * The package {@code io.geomatch.bench.engine} says how each is built and the fairness rules.
 *
 * <p>Setup (once per fork, not measured): a {@link io.geomatch.world.CameraWorld} with the fixed
 * seed of {@code GeoIndexQueryBenchmark}, {@code cameras} cameras placed by population and 7 days
 * of footage; the engine, with 60 s buckets; and a pool of 1024
 * {@link io.geomatch.world.QueryWorkload} queries of {@code areaSquareMiles} (squares, 32-gon
 * circles, concave Ls, thin strips and squares with a hole, centred on random cameras, one in
 * 16 over empty sea) with windows of {@code windowHours} hours inside the history, prepared by the
 * engine (geometry preparation, query objects, H3 covering). Each invocation runs the next
 * prepared query of the pool into this thread's {@link Results} (a per-thread cursor), so the
 * timings are over the whole pool, and returns the match count. With {@code -p areaKind=h3} each
 * area is its shape's res-10 H3 covering ({@link H3Covering}, made in setup and not timed) and
 * matches by H3 membership; {@code jts-strtree} and {@code lucene} take no cells and refuse it. With
 * {@code -p prepareInOp=true} the invocation also prepares the query, which is what a request
 * costs when nothing is cached (for h3-roaring that includes h3-java's covering).
 *
 * <p>The setup prints the data figures, the engine's build time, the heap in use after the build
 * (after {@code System.gc()}; the data set itself is part of it, about 315 B per camera), the
 * engine's off-heap and on-disk bytes, and the mean matches per query, to the fork's output.
 *
 * <p>Run, from the repository root after {@code mvn -B package -DskipTests}:
 * <pre>
 * java -jar geomatch-bench/target/benchmarks.jar AreaTimeMatchBenchmark -prof gc
 * java -jar geomatch-bench/target/benchmarks.jar AreaTimeMatchBenchmark -p cameras=10000000 -prof gc
 * java -jar geomatch-bench/target/benchmarks.jar AreaTimeMatchBenchmark -p engine=geomatch,lucene -p prepareInOp=true
 * java -jar geomatch-bench/target/benchmarks.jar AreaTimeMatchBenchmark -bm thrpt -tu s -t 1
 * java -jar geomatch-bench/target/benchmarks.jar AreaTimeMatchBenchmark -bm thrpt -tu s -t 2
 * java -jar geomatch-bench/target/benchmarks.jar AreaTimeMatchBenchmark -p engine=geomatch -p matchMode=position,view -prof gc
 * java -jar geomatch-bench/target/benchmarks.jar AreaTimeMatchBenchmark -p engine=geomatch,h3-roaring,scan -p areaKind=polygon,h3 -prof gc
 * </pre>
 * Add {@code -rf json -rff geomatch-bench/results/<date>-jdk17-2core-<name>.json} to keep the
 * result. Sample-time mode (the default) reports p50, p90, p99, p99.9 per query in µs;
 * {@code -prof gc} adds {@code gc.alloc.rate.norm}, bytes allocated per query; throughput mode
 * with {@code -t 2} runs two threads over one shared engine, each with its own results and
 * cursor. The default is 1 M cameras; 10 M takes {@code -p cameras=10000000}. The fork gets a
 * 16 GB heap ceiling so that 10 M cameras fit: measured at 200k cameras, the data set takes about
 * 315 B per camera of heap (3.2 GB at 10 M, 7 days of footage), jts-strtree about 320 B per
 * camera more and h3-roaring about 350 (both including the shared footage runs), geomatch about
 * 215 B per camera off-heap. The Lucene engine writes its index under {@code java.io.tmpdir}
 * (about 230 B per camera, so some 2.3 GB at 10 M; add
 * {@code -jvmArgsAppend -Djava.io.tmpdir=...} to put it elsewhere) and deletes it at tear-down.
 * Lucene built about 20k cameras per second at 200k (so at least 8 minutes at 10 M): run it alone
 * ({@code -p engine=lucene}) when the others' numbers are wanted first.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx16g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AreaTimeMatchBenchmark {
    /** The engine answering the queries, one of {@link MatchEngine#NAMES}. */
    @Param({"geomatch", "jts-strtree", "lucene", "h3-roaring", "scan"})
    public String engine;

    /** Number of cameras in the data set. */
    @Param("1000000")
    public int cameras;

    /** Area of each query's square, square miles. */
    @Param("0.5")
    public double areaSquareMiles;

    /** Length of each query's window, hours. */
    @Param("12")
    public int windowHours;

    /**
     * {@code position} (the contract's match by where a camera stands) or {@code view} (a camera
     * with a view matches when what it sees meets the area; geomatch only).
     */
    @Param("position")
    public String matchMode;

    /**
     * {@code polygon} (the workload's shapes) or {@code h3}: the same shapes given as their
     * res-{@value #H3_RESOLUTION} H3 covering ({@link H3Covering}: the cells whose centre lies in
     * the shape, about 85 for 0.5 mi²), matched with H3 semantics; only the engines of
     * {@link MatchEngine#CELL_NAMES} take cells.
     */
    @Param("polygon")
    public String areaKind;

    /** Whether the timed operation also prepares its query ({@link MatchEngine#match}). */
    @Param("false")
    public boolean prepareInOp;

    /** Resolution of the H3 coverings of {@code areaKind=h3}. */
    static final int H3_RESOLUTION = 10;

    CameraWorld data;
    MatchEngine matchEngine;
    QueryWorkload.Query[] queries;
    /** Per query of the pool, its H3 covering when {@code areaKind=h3}; else null. */
    long[][] cells;
    PreparedQuery[] prepared;
    long nowMillis;

    /** Generates the data, builds the engine and prepares the query pool. */
    @Setup(Level.Trial)
    public void setup() {
        boolean byCells = switch (areaKind) {
            case "polygon" -> false;
            case "h3" -> true;
            default -> throw new IllegalArgumentException("areaKind=" + areaKind + " is not allowed, allowed polygon or h3");
        };
        if (byCells) {
            MatchEngine.requireCellAreas(engine);
            if (!"position".equals(matchMode)) {
                throw new IllegalArgumentException("areaKind=h3 is not allowed with matchMode=" + matchMode + ": H3 cells match by position only");
            }
        }
        long t0 = System.nanoTime();
        data = CameraWorld.generate(cameras, GeoIndexQueryBenchmark.HISTORY_DAYS, CameraWorld.DEFAULT_NOW_MILLIS, GeoIndexQueryBenchmark.DATA_SEED);
        long heapData = usedHeapBytesAfterGc();
        long t1 = System.nanoTime();
        MatchMode mode = switch (matchMode) {
            case "position" -> MatchMode.POSITION;
            case "view" -> MatchMode.VIEW;
            default -> throw new IllegalArgumentException("matchMode=" + matchMode + " is not allowed, allowed position or view");
        };
        matchEngine = MatchEngine.create(engine, data, GeoIndexQueryBenchmark.BUCKET_MILLIS, mode);
        long t2 = System.nanoTime();
        long heapBuilt = usedHeapBytesAfterGc();
        nowMillis = data.nowMillis();
        queries = QueryWorkload.generate(data, GeoIndexQueryBenchmark.POOL_SIZE, areaSquareMiles, windowHours * 3_600_000L,
            GeoIndexQueryBenchmark.QUERY_SEED);
        long cellCount = 0;
        if (byCells) {
            cells = new long[queries.length][];
            for (int q = 0; q < queries.length; q++) {
                cells[q] = H3Covering.cells(queries[q].polygon(), H3_RESOLUTION);
                cellCount += cells[q].length;
            }
        }
        long t3 = System.nanoTime();
        prepared = new PreparedQuery[queries.length];
        for (int q = 0; q < queries.length; q++) {
            QueryWorkload.Query query = queries[q];
            prepared[q] = byCells ? matchEngine.prepareCells(cells[q], query.fromMillis(), query.toMillis(), nowMillis)
                : matchEngine.prepare(query.polygon(), query.fromMillis(), query.toMillis(), nowMillis);
        }
        long t4 = System.nanoTime();
        Results results = new Results();
        long matched = 0;
        for (PreparedQuery query : prepared) {
            matched += query.run(results);
        }
        System.out.printf(Locale.ROOT,
            "%n[setup] engine=%s areaKind=%s matchMode=%s cameras=%d footageIntervals=%d generate=%.1fs build=%.1fs"
                + " prepare=%.1fus/query meanCellsPerQuery=%.1f"
                + " heapData=%.1fMB heapAfterBuild=%.1fMB (engine %.1f B/camera) offHeap=%.1f B/camera disk=%.1f B/camera"
                + " meanMatchesPerQuery=%.1f%n",
            engine, areaKind, matchMode, cameras, data.footageCount(), (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t4 - t3) / 1e3 / queries.length,
            (double) cellCount / queries.length,
            heapData / 1e6, heapBuilt / 1e6, (double) (heapBuilt - heapData) / cameras,
            (double) matchEngine.offHeapBytes() / cameras, (double) matchEngine.diskBytes() / cameras,
            (double) matched / queries.length);
    }

    /** Releases the engine: off-heap memory, Lucene's index directory. */
    @TearDown(Level.Trial)
    public void tearDown() {
        matchEngine.close();
    }

    /** @return bytes of heap in use after a full collection, as the memory MXBean reports it */
    static long usedHeapBytesAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Per-thread, reusable results and this thread's position in the query pool. */
    @State(Scope.Thread)
    public static class Cursor {
        final Results results = new Results();
        private int next;

        /** @return the pool position of the query to answer now; advances to the next one */
        int advance() {
            int current = next;
            next = (current + 1) & (GeoIndexQueryBenchmark.POOL_SIZE - 1);
            return current;
        }
    }

    /**
     * Answers the next query of the pool with the engine, prepared beforehand unless
     * {@link #prepareInOp}.
     *
     * @param cursor this thread's results and pool position
     * @return the number of matching cameras
     */
    @Benchmark
    public int match(Cursor cursor) {
        int q = cursor.advance();
        if (prepareInOp) {
            QueryWorkload.Query query = queries[q];
            return cells != null ? matchEngine.matchCells(cells[q], query.fromMillis(), query.toMillis(), nowMillis, cursor.results)
                : matchEngine.match(query.polygon(), query.fromMillis(), query.toMillis(), nowMillis, cursor.results);
        }
        return prepared[q].run(cursor.results);
    }
}
