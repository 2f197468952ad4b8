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
 * Time to open a snapshot with {@link GeoIndex#open}: header and section table checks, the memory
 * mapping, the CRC32C of the coordinates and of the small sections, the coordinates' order, the
 * views, the block table and the cell tree; with {@code -p verify=true}, also
 * {@link GeoIndex#verify()}: the CRC32C and structure of every block of camera rows, ids and runs,
 * which a query otherwise does for the blocks it reads, the first time it reads them.
 * The file is in the page cache (the benchmark measures the library, not the disk).
 *
 * <p>By default the setup writes a snapshot of a {@link CameraWorld} of {@code cameras} cameras
 * with 7 days of footage to a temporary file. To time an existing snapshot, for example one written by
 * {@code geomatch.jar index}, pass its path:
 * <pre>
 * java -jar geomatch-bench/target/benchmarks.jar GeoIndexOpenBenchmark
 * java -jar geomatch-bench/target/benchmarks.jar GeoIndexOpenBenchmark -p snapshot=/tmp/big/idx.geomatch
 * java -jar geomatch-bench/target/benchmarks.jar GeoIndexOpenBenchmark -p cameras=10000000 -p verify=false,true -prof gc
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

    /** Whether to verify every block after opening, as opening did before format version 4. */
    @Param("false")
    public boolean verify;

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

    /** @return the snapshot this benchmark opens, once set up */
    Path file() {
        return file;
    }

    /**
     * @return the opened index's camera count
     * @throws IOException if the snapshot cannot be opened
     */
    @Benchmark
    public int open() throws IOException {
        GeoIndex index = GeoIndex.open(file);
        if (verify) {
            index.verify();
        }
        return index.cameraCount();
    }
}
