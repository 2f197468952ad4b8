package io.geomatch.bench;

import io.geomatch.world.CameraWorld;
import io.geomatch.bench.engine.MatchEngine;
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
 * Time to build each engine of {@link AreaTimeMatchBenchmark} from the in-memory data set, with
 * 60 s buckets: geomatch's {@code GeoIndex}; the STRtree bulk load plus the footage runs; Lucene's
 * indexing, {@code forceMerge(1)} and commit to a temporary {@code MMapDirectory}; the parallel
 * H3 cell computation and bitmaps plus the footage runs; and for {@code scan} nothing but
 * wrapping the arrays. The data set is generated once per fork and is not timed; each measured
 * operation is one whole build, so the mode is single-shot. The built engine is closed (for
 * Lucene: its directory deleted) after each iteration, outside the timing. The heap is committed
 * and touched whole when the fork starts, as in {@link GeoIndexBuildBenchmark}.
 *
 * <p>Run, from the repository root after {@code mvn -B package -DskipTests}:
 * <pre>
 * java -jar geomatch-bench/target/benchmarks.jar EngineBuildBenchmark
 * java -jar geomatch-bench/target/benchmarks.jar EngineBuildBenchmark -p cameras=10000000 -p engine=geomatch,jts-strtree
 * </pre>
 * Add {@code -rf json -rff geomatch-bench/results/<date>-jdk17-2core-<name>.json} to keep the
 * result. Builds use both cores where that pays (geomatch's build, the peers' footage runs, H3's
 * JNI calls); Lucene indexes on one thread, which measured faster than two here because two
 * threads' segments must then be merged.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms16g", "-Xmx16g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class EngineBuildBenchmark {
    /** The engine to build, one of {@link MatchEngine#NAMES}. */
    @Param({"geomatch", "jts-strtree", "lucene", "h3-roaring", "scan"})
    public String engine;

    /** Number of cameras in the data set. */
    @Param("1000000")
    public int cameras;

    private CameraWorld data;
    private MatchEngine built;

    /** Generates the data set. */
    @Setup(Level.Trial)
    public void setup() {
        data = CameraWorld.generate(cameras, GeoIndexQueryBenchmark.HISTORY_DAYS, CameraWorld.DEFAULT_NOW_MILLIS, GeoIndexQueryBenchmark.DATA_SEED);
    }

    /** Closes the engine the iteration built. */
    @TearDown(Level.Iteration)
    public void closeBuilt() {
        if (built != null) {
            built.close();
            built = null;
        }
    }

    /** @return the built engine's camera count */
    @Benchmark
    public int build() {
        built = MatchEngine.create(engine, data, GeoIndexQueryBenchmark.BUCKET_MILLIS);
        return built.cameraCount();
    }
}
