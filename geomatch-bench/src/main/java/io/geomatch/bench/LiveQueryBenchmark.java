package io.geomatch.bench;

import io.geomatch.core.Area;
import io.geomatch.core.GeoIndex;
import io.geomatch.core.LiveIndex;
import io.geomatch.core.LiveOptions;
import io.geomatch.core.Matches;
import io.geomatch.world.CameraWorld;
import io.geomatch.world.QueryWorkload;
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
import java.util.concurrent.locks.LockSupport;

/**
 * Query latency of a {@link LiveIndex} while footage streams in, against the same live index
 * idle, and against the sealed {@link GeoIndex} of the same world: the cost of live updates to
 * readers.
 *
 * <p>Setup: the {@code GeoIndexQueryBenchmark} world and query pool (0.5 mi², 12 h windows,
 * mixed shapes), built into a sealed base with 60 s buckets and opened live. With
 * {@code ingest=steady}, a writer thread appends {@code clipsPerSecond} clips per second of the
 * {@link FootageStream} (in steps of one millisecond's worth) for the whole trial, so the delta
 * always holds between zero and twice {@code mergeThreshold} rows and merges replace the base
 * under the running queries; {@code ingest=idle} has no writer (and an empty delta);
 * {@code ingest=sealed} queries the sealed base directly. The windows lie inside the
 * world's 7-day history, so new footage does not change the answers, only the work.
 *
 * <p>Run, from the repository root after {@code mvn -B package -DskipTests}:
 * <pre>
 * java -jar geomatch-bench/target/benchmarks.jar LiveQueryBenchmark -prof gc
 * java -jar geomatch-bench/target/benchmarks.jar LiveQueryBenchmark -p clipsPerSecond=1000000
 * </pre>
 * The teardown prints the clips the writer appended and the merges that ran.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx16g"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class LiveQueryBenchmark {
    /** Number of cameras in the world. */
    @Param("1000000")
    public int cameras;

    /** {@code sealed}, {@code idle} or {@code steady}. */
    @Param({"sealed", "idle", "steady"})
    public String ingest;

    /** Clips per second the writer appends with {@code ingest=steady}. */
    @Param("200000")
    public int clipsPerSecond;

    /** Delta rows that start a merge. */
    @Param("4194304")
    public int mergeThreshold;

    GeoIndex sealed;
    LiveIndex live;
    Area[] areas;
    QueryWorkload.Query[] queries;
    long nowMillis;
    Thread writer;
    volatile boolean stop;
    volatile long appended;
    boolean querySealed;
    int cursor;
    final Matches matches = new Matches();

    /** Builds the world, the base and the queries, and starts the writer. */
    @Setup(Level.Trial)
    public void setup() {
        CameraWorld world = CameraWorld.generate(cameras, GeoIndexQueryBenchmark.HISTORY_DAYS, CameraWorld.DEFAULT_NOW_MILLIS,
            GeoIndexQueryBenchmark.DATA_SEED);
        sealed = world.buildIndex(GeoIndexQueryBenchmark.BUCKET_MILLIS);
        live = LiveIndex.of(sealed, LiveOptions.defaults().maxRetentionDays(180).mergeThreshold(mergeThreshold));
        nowMillis = world.nowMillis();
        querySealed = ingest.equals("sealed");
        queries = QueryWorkload.generate(world, GeoIndexQueryBenchmark.POOL_SIZE, 0.5, 12 * 3_600_000L, GeoIndexQueryBenchmark.QUERY_SEED);
        areas = new Area[queries.length];
        for (int q = 0; q < queries.length; q++) {
            areas[q] = Area.polygon(queries[q].polygon());
        }
        if (ingest.equals("steady")) {
            FootageStream stream = new FootageStream(world, 7);
            writer = new Thread(() -> write(stream), "footage-writer");
            writer.setDaemon(true);
            writer.start();
        } else if (!ingest.equals("idle") && !ingest.equals("sealed")) {
            throw new IllegalArgumentException("ingest=" + ingest + ": allowed sealed, idle or steady");
        }
    }

    private void write(FootageStream stream) {
        long perMilli = Math.max(1, clipsPerSecond / 1000);
        long started = System.nanoTime();
        long i = 0;
        while (!stop) {
            long due = (System.nanoTime() - started) / 1_000_000 * perMilli;
            while (i < due && !stop) {
                live.addFootage(stream.cameraId(i), stream.startMillis(i), stream.endMillis(i));
                i++;
            }
            appended = i;
            LockSupport.parkNanos(200_000);
        }
    }

    /**
     * Stops the writer and reports what it did.
     *
     * @throws InterruptedException if interrupted while waiting for the writer
     */
    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        stop = true;
        if (writer != null) {
            writer.join();
        }
        System.out.printf(Locale.ROOT, "%n[teardown] ingest=%s clipsAppended=%d opCount=%d deltaRowsAtEnd=%d%n", ingest, appended,
            live.view().opCount(), live.view().deltaRows());
        live.close();
    }

    /** @return the number of matches of the next query of the pool */
    @Benchmark
    public int match() {
        int q = cursor++ & (GeoIndexQueryBenchmark.POOL_SIZE - 1);
        QueryWorkload.Query query = queries[q];
        if (querySealed) {
            sealed.match(areas[q], query.fromMillis(), query.toMillis(), nowMillis, matches);
        } else {
            live.match(areas[q], query.fromMillis(), query.toMillis(), nowMillis, matches);
        }
        return matches.count();
    }
}
