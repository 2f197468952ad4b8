package io.geomatch.bench;

import io.geomatch.core.Camera;
import io.geomatch.core.GeoStore;
import io.geomatch.core.LiveOptions;
import io.geomatch.core.Mutations;
import io.geomatch.core.StoreOptions;
import io.geomatch.world.CameraWorld;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
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
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Durable footage ingestion into a {@link GeoStore} on one thread: each invocation commits one
 * batch of {@value #BATCH} clips of the {@link FootageStream} (log write, then {@code fsync} or
 * not by {@code durability}, then publication), so the score, per operation, is clips per
 * second acknowledged. Merges and checkpoints run as they come due and are included.
 *
 * <p>Setup: a store in a fresh temporary directory (under {@code java.io.tmpdir}) holding the
 * cameras of a {@code cameras}-camera world without footage, so that the measured cost is the
 * log and the live index, not loading history.
 *
 * <p>Run, from the repository root after {@code mvn -B package -DskipTests}:
 * <pre>
 * java -jar geomatch-bench/target/benchmarks.jar StoreIngestBenchmark
 * java -jar geomatch-bench/target/benchmarks.jar StoreIngestBenchmark -p durability=WRITE
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx16g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
public class StoreIngestBenchmark {
    /** Clips per commit. */
    static final int BATCH = 1000;

    /** Number of cameras in the world. */
    @Param("1000000")
    public int cameras;

    /** What an acknowledgement guarantees: FSYNC or WRITE. */
    @Param("FSYNC")
    public String durability;

    Path dir;
    GeoStore store;
    FootageStream stream;
    final Mutations batch = new Mutations();
    long next;

    /**
     * Creates the store with the world's cameras.
     *
     * @throws IOException if the store cannot be written
     */
    @Setup(Level.Trial)
    public void setup() throws IOException {
        CameraWorld world = CameraWorld.generate(cameras, 1, CameraWorld.DEFAULT_NOW_MILLIS, GeoIndexQueryBenchmark.DATA_SEED);
        dir = Files.createTempDirectory("geomatch-store-bench");
        store = GeoStore.create(dir.resolve("store"), GeoIndexQueryBenchmark.BUCKET_MILLIS, LiveOptions.defaults().maxRetentionDays(180),
            StoreOptions.defaults().durability(StoreOptions.Durability.valueOf(durability)));
        Mutations m = new Mutations();
        for (int c = 0; c < world.cameraCount(); c++) {
            m.upsertCamera(Camera.at(world.ids()[c], world.latDegrees()[c], world.lonDegrees()[c])
                .optedIn(world.optedIn()[c]).e2ee(world.e2ee()[c]).retentionDays(world.retentionDays()[c]));
            if (m.size() == 100_000) {
                store.apply(m);
                m.clear();
            }
        }
        store.apply(m);
        stream = new FootageStream(world, 7);
    }

    /**
     * Closes the store and deletes its directory.
     *
     * @throws IOException if it cannot be deleted
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * @return the store's change count after the batch
     * @throws IOException if the log cannot be written
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long commitBatch() throws IOException {
        batch.clear();
        for (int k = 0; k < BATCH; k++) {
            long i = next++;
            batch.addFootage(stream.cameraId(i), stream.startMillis(i), stream.endMillis(i));
        }
        return store.apply(batch);
    }
}
