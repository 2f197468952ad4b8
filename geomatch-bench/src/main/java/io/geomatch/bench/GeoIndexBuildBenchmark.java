package io.geomatch.bench;

import io.geomatch.core.GeoIndex;
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

import java.util.concurrent.TimeUnit;

/**
 * Time to build an index from memory: every camera and footage interval fed to
 * {@link io.geomatch.core.GeoIndexBuilder}, then {@code build()} (Morton keys, radix sort, the check
 * for duplicate ids, the columns' allocation, footage grouping and merging, off-heap layout). The data set is generated once per fork and is not
 * timed. Each measured operation is one whole build, so the mode is single-shot; the index is
 * closed after it, untimed. The heap is committed and touched whole when the fork starts
 * ({@code -Xms} as {@code -Xmx}, {@code -XX:+AlwaysPreTouch}, as servers run): otherwise the
 * first builds of a fork pay for the first touch of every heap page the collector hands out
 * (and a heap that shrank between builds, for it again), which is the JVM's cost, not the
 * build's.
 *
 * <pre>
 * java -jar geomatch-bench/target/benchmarks.jar GeoIndexBuildBenchmark
 * java -jar geomatch-bench/target/benchmarks.jar GeoIndexBuildBenchmark -p cameras=10000000
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms16g", "-Xmx16g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 1)
@Measurement(iterations = 5)
public class GeoIndexBuildBenchmark {
    /** Number of cameras in the data set. */
    @Param("1000000")
    public int cameras;

    private CameraWorld data;
    private GeoIndex built;

    /** Generates the data set. */
    @Setup(Level.Trial)
    public void setup() {
        data = CameraWorld.generate(cameras, GeoIndexQueryBenchmark.HISTORY_DAYS, CameraWorld.DEFAULT_NOW_MILLIS,
            GeoIndexQueryBenchmark.DATA_SEED);
    }

    /** @return the built index's camera count */
    @Benchmark
    public int build() {
        built = data.buildIndex(GeoIndexQueryBenchmark.BUCKET_MILLIS);
        return built.cameraCount();
    }

    /** Frees the index's off-heap columns now, rather than when the collector finds it. */
    @TearDown(Level.Iteration)
    public void close() {
        if (built != null) {
            built.close();
            built = null;
        }
    }
}
