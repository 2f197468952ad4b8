package io.geomatch.bench;

import io.geomatch.core.Area;
import io.geomatch.core.GeoIndex;
import io.geomatch.core.LiveIndex;
import io.geomatch.core.LiveOptions;
import io.geomatch.core.LiveView;
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

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Query latency of a {@link LiveIndex} while footage streams in, against the same live index
 * idle, and against the sealed {@link GeoIndex} of the same world: the cost of live updates to
 * readers.
 *
 * <p>Setup: the {@code GeoIndexQueryBenchmark} world and query pool (0.5 mi², 12 h windows,
 * mixed shapes); the world's sealed base (60 s buckets) is written as a snapshot (by a child JVM
 * for large worlds, see {@link BaseSnapshot}) and opened memory-mapped, and live. With
 * {@code ingest=steady}, a writer thread appends {@code clipsPerSecond} clips per second of the
 * {@link FootageStream} (in steps of one millisecond's worth) for the whole trial, so the delta
 * always holds between zero and twice {@code mergeThreshold} rows and merges replace the base
 * under the running queries; {@code ingest=idle} has no writer (and an empty delta);
 * {@code ingest=sealed} queries the sealed base directly. The windows lie inside the
 * world's 7-day history, so new footage does not change the answers, only the work. Merges
 * freeze the streamed footage into tiers (and compact them); the tiers' buckets lie after the
 * windows, so a query skips them.
 *
 * <p>Memory: the heap holds the world while the query pool is made (about 315 bytes per camera,
 * 3.2 GB at 10 M), then the delta and the camera-id table: {@code -Xmx5g} covers 10 M cameras.
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
@Fork(value = 1, jvmArgsAppend = {"-Xmx5g", "-XX:MaxDirectMemorySize=8g"})
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
    Path baseFile;
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

    /**
     * Builds the world, the base and the queries, and starts the writer.
     *
     * @throws IOException if the base cannot be written or opened
     */
    @Setup(Level.Trial)
    public void setup() throws IOException {
        baseFile = BaseSnapshot.build(cameras, GeoIndexQueryBenchmark.HISTORY_DAYS);
        sealed = GeoIndex.open(baseFile);
        CameraWorld world = CameraWorld.generate(cameras, GeoIndexQueryBenchmark.HISTORY_DAYS, CameraWorld.DEFAULT_NOW_MILLIS,
            GeoIndexQueryBenchmark.DATA_SEED);
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
     * Stops the writer, reports what it did, frees the index and deletes the base's file (unless cached, see {@link BaseSnapshot#CACHE_PROPERTY}).
     *
     * @throws InterruptedException if interrupted while waiting for the writer
     * @throws IOException if the file cannot be deleted
     */
    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException, IOException {
        stop = true;
        if (writer != null) {
            writer.join();
        }
        try (LiveView v = live.view()) {
            System.out.printf(Locale.ROOT, "%n[teardown] ingest=%s clipsAppended=%d opCount=%d deltaRowsAtEnd=%d segments=%d offHeap=%.2f GB%n",
                ingest, appended, v.opCount(), v.deltaRows(), v.segmentCount(), live.offHeapBytes() / 1e9);
        }
        System.out.println(ProcessMemory.line("end of trial"));
        live.close();
        sealed.close();
        BaseSnapshot.release(baseFile);
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
