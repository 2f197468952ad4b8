package io.geomatch.bench;

import io.geomatch.core.GeoIndex;
import io.geomatch.core.LiveIndex;
import io.geomatch.core.LiveOptions;
import io.geomatch.core.LiveView;
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

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Footage ingestion into a {@link LiveIndex} on one thread: each operation appends one clip of
 * the {@link FootageStream} (a uniformly chosen camera of the world, moving forward in time) and
 * publishes it, so ops/s is clips per second, with the background merges this provokes (a freeze
 * of the delta's footage into a tier every {@code mergeThreshold} clips, and compactions of tiers)
 * running on the second core and included.
 *
 * <p>Setup: the {@code GeoIndexQueryBenchmark} world of {@code cameras} cameras with 7 days of
 * footage, built into a sealed base with 60 s buckets and written as a snapshot (by a child JVM
 * for large worlds, see {@link BaseSnapshot}), opened memory-mapped and live with
 * {@code maxRetentionDays} 180. The stream's camera ids come from the same world generated with
 * one day of footage (the ids do not depend on the history). Nothing expires (the clock never
 * advances), so the index grows by every clip: about 4 bytes a run in the tiers (a day of one-minute
 * buckets spans far fewer than 65,536).
 * Each iteration's tear-down prints a {@code [memory]} line: clips so far, the segments (base plus
 * tiers) and off-heap bytes the index holds, and the JVM's resident memory now and at its peak
 * ({@code VmHWM}, the high-water mark since the fork started, setup included).
 *
 * <p>Memory: the heap holds the stream, the camera-id table (6 to 12 bytes per camera) and the
 * delta (at most twice {@code mergeThreshold} rows, about 100 bytes a row with its slots, two of
 * them while a merge carries rows over): {@code -Xmx3g} covers 10 M cameras. The base is
 * mapped (2.1 GB at 10 M) and the tiers are direct memory, capped at 10 GB so that an index that
 * outgrew the machine would fail with an {@code OutOfMemoryError} rather than be killed.
 *
 * <p>Run, from the repository root after {@code mvn -B package -DskipTests}:
 * <pre>
 * java -jar geomatch-bench/target/benchmarks.jar LiveIngestBenchmark
 * java -jar geomatch-bench/target/benchmarks.jar LiveIngestBenchmark -p cameras=10000000 -wi 1 -w 30s -i 20 -r 30s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-XX:MaxDirectMemorySize=10g"})
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
    Path baseFile;
    long next;
    long startedRuns;

    /**
     * Builds the world's base, opens it live, and makes the stream.
     *
     * @throws IOException if the base cannot be written or opened
     */
    @Setup(Level.Trial)
    public void setup() throws IOException {
        baseFile = BaseSnapshot.build(cameras, GeoIndexQueryBenchmark.HISTORY_DAYS);
        try (GeoIndex base = GeoIndex.open(baseFile)) {
            startedRuns = base.footageRunCount();
            live = LiveIndex.of(base, LiveOptions.defaults().maxRetentionDays(180).mergeThreshold(mergeThreshold));
        }
        stream = new FootageStream(CameraWorld.generate(cameras, 1, CameraWorld.DEFAULT_NOW_MILLIS, GeoIndexQueryBenchmark.DATA_SEED), 7);
        System.gc();
        System.out.println();
        System.out.println(ProcessMemory.line("after setup"));
    }

    /** Prints what the ingestion has done to the index so far, and the process's memory. */
    @TearDown(Level.Iteration)
    public void iterationReport() {
        try (LiveView v = live.view()) {
            System.out.printf(Locale.ROOT, "%n[index] clips=%d segments=%d deltaRows=%d offHeap=%.2f GB%n", next, v.segmentCount(),
                v.deltaRows(), live.offHeapBytes() / 1e9);
        }
        System.out.println(ProcessMemory.line("clips=" + next));
    }

    /**
     * Prints the totals, frees the index and deletes the base's file (unless cached, see {@link BaseSnapshot#CACHE_PROPERTY}).
     *
     * @throws IOException if the file cannot be deleted
     */
    @TearDown(Level.Trial)
    public void report() throws IOException {
        try (LiveView v = live.view()) {
            System.out.printf(Locale.ROOT, "%n[teardown] clips=%d baseRuns=%d segments=%d deltaRows=%d offHeapBytes=%d%n", next, startedRuns,
                v.segmentCount(), v.deltaRows(), live.offHeapBytes());
        }
        System.out.println(ProcessMemory.line("end of trial"));
        live.close();
        BaseSnapshot.release(baseFile);
        System.out.println(ProcessMemory.line("after close"));
    }

    /** @return the change count after the append */
    @Benchmark
    public long addFootage() {
        long i = next++;
        live.addFootage(stream.cameraId(i), stream.startMillis(i), stream.endMillis(i));
        return i;
    }
}
