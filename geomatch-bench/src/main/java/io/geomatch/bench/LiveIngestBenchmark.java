package io.geomatch.bench;

import io.geomatch.core.GeoIndex;
import io.geomatch.core.LiveIndex;
import io.geomatch.core.LiveOptions;
import io.geomatch.world.CameraWorld;
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
 * Footage ingestion into a {@link LiveIndex} on one thread: each operation appends one clip of
 * the {@link FootageStream} (a uniformly chosen camera of the world, moving forward in time) and
 * publishes it, so ops/s is clips per second, with the background merges this provokes (every
 * {@code mergeThreshold} clips) running on the second core and included.
 *
 * <p>Setup: the {@code GeoIndexQueryBenchmark} world of {@code cameras} cameras with 7 days of
 * footage, built into a sealed base with 60 s buckets, then opened live with
 * {@code maxRetentionDays} 180. The teardown prints how many merges ran and the base's final size.
 *
 * <p>Run, from the repository root after {@code mvn -B package -DskipTests}:
 * <pre>
 * java -jar geomatch-bench/target/benchmarks.jar LiveIngestBenchmark
 * java -jar geomatch-bench/target/benchmarks.jar LiveIngestBenchmark -bm sample -tu us -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx16g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
public class LiveIngestBenchmark {
    /** Number of cameras in the world. */
    @Param("1000000")
    public int cameras;

    /** Delta rows that start a merge. */
    @Param("4194304")
    public int mergeThreshold;

    LiveIndex live;
    FootageStream stream;
    long next;
    long startedRuns;

    /** Builds the world and its base, and opens it live. */
    @Setup(Level.Trial)
    public void setup() {
        CameraWorld world = CameraWorld.generate(cameras, GeoIndexQueryBenchmark.HISTORY_DAYS, CameraWorld.DEFAULT_NOW_MILLIS,
            GeoIndexQueryBenchmark.DATA_SEED);
        GeoIndex base = world.buildIndex(GeoIndexQueryBenchmark.BUCKET_MILLIS);
        startedRuns = base.footageRunCount();
        live = LiveIndex.of(base, LiveOptions.defaults().maxRetentionDays(180).mergeThreshold(mergeThreshold));
        stream = new FootageStream(world, 7);
    }

    /** Prints what the ingestion did to the index. */
    @TearDown(Level.Trial)
    public void report() {
        long clips = next;
        GeoIndex sealed = live.seal();
        System.out.printf(Locale.ROOT, "%n[teardown] clips=%d baseRunsBefore=%d baseRunsAfter=%d offHeapBytes=%d%n",
            clips, startedRuns, sealed.footageRunCount(), sealed.offHeapBytes());
        live.close();
    }

    /** @return the change count after the append */
    @Benchmark
    public long addFootage() {
        long i = next++;
        live.addFootage(stream.cameraId(i), stream.startMillis(i), stream.endMillis(i));
        return i;
    }
}
