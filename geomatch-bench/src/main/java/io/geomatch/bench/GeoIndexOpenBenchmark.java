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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Time to open a snapshot with {@link GeoIndex#open}: header and section table checks, CRC32C of
 * every section, the structural verification of every camera and run, and the memory mapping.
 * The file is in the page cache (the benchmark measures the library, not the disk).
 *
 * <p>By default the setup writes a snapshot of a {@link CameraWorld} of {@code cameras} cameras
 * with 7 days of footage to a temporary file. To time an existing snapshot, for example one written by
 * {@code geomatch.jar index}, pass its path:
 * <pre>
 * java -jar geomatch-bench/target/benchmarks.jar GeoIndexOpenBenchmark
 * java -jar geomatch-bench/target/benchmarks.jar GeoIndexOpenBenchmark -p snapshot=/tmp/big/idx.geomatch
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx16g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class GeoIndexOpenBenchmark {
    /** Simulated cameras to snapshot when no {@link #snapshot} is given. */
    @Param("1000000")
    public int cameras;

    /** Path of an existing snapshot to open, or empty to write a simulated one. */
    @Param("")
    public String snapshot;

    private Path file;
    private boolean temporary;

    /**
     * Writes the simulated world's snapshot, or checks that the given one opens.
     *
     * @throws IOException if the snapshot cannot be written or opened
     */
    @Setup(Level.Trial)
    public void setup() throws IOException {
        if (snapshot.isEmpty()) {
            file = Files.createTempFile("geomatch-open", ".geomatch");
            temporary = true;
            CameraWorld.generate(cameras, GeoIndexQueryBenchmark.HISTORY_DAYS, CameraWorld.DEFAULT_NOW_MILLIS, GeoIndexQueryBenchmark.DATA_SEED)
                .buildIndex(GeoIndexQueryBenchmark.BUCKET_MILLIS).snapshot(file);
        } else {
            file = Path.of(snapshot);
        }
        GeoIndex index = GeoIndex.open(file);
        System.out.printf("%n[setup] %s: %d cameras, %d bytes%n", file, index.cameraCount(), Files.size(file));
    }

    /**
     * Removes the simulated world's snapshot.
     *
     * @throws IOException if it cannot be deleted
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (temporary) {
            Files.deleteIfExists(file);
        }
    }

    /**
     * @return the opened index's camera count
     * @throws IOException if the snapshot cannot be opened
     */
    @Benchmark
    public int open() throws IOException {
        return GeoIndex.open(file).cameraCount();
    }
}
