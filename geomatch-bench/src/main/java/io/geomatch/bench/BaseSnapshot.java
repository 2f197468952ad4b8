package io.geomatch.bench;

import io.geomatch.core.GeoIndex;
import io.geomatch.world.CameraWorld;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The sealed base of a benchmark world, written as a snapshot so that a live benchmark opens it
 * (memory-mapped, as a store opens its checkpoint) instead of building it in the measured JVM:
 * building 10 M cameras from memory needs some 14 GB of heap for the world and the builder's
 * arrays, which would otherwise stay the high-water mark of the fork's resident memory, when what
 * the live benchmarks measure is the live index.
 *
 * <p>{@link #build} writes the snapshot of the {@code GeoIndexQueryBenchmark} world of a given
 * size and history (60 s buckets) into a new temporary file, in a child JVM with a heap sized for
 * the world and the builder (about 1.6 GB per million cameras with 7 days of footage; 10 M needs 16 GB), or in this JVM for small
 * worlds; the caller opens it and deletes it when done. {@link #main} is the child's entry point.
 */
public final class BaseSnapshot {
    /**
     * System property naming a directory where snapshots are kept between runs (one per size and
     * history, reused while it exists; delete it after changing the snapshot format or the world):
     * {@code -jvmArgsAppend -Dgeomatch.bench.baseCache=/tmp/geomatch-bases}. Unset, every trial
     * builds its own and deletes it.
     */
    static final String CACHE_PROPERTY = "geomatch.bench.baseCache";
    /** Worlds up to this many cameras are built in the calling JVM. */
    static final int IN_PROCESS_MAX_CAMERAS = 2_000_000;

    private BaseSnapshot() {
    }

    /**
     * Builds the world's base and writes it to a new temporary file.
     *
     * @param cameras cameras in the world
     * @param historyDays days of footage
     * @return the snapshot file, for the caller to open and delete
     * @throws IOException if it cannot be written, or the child JVM fails
     */
    static Path build(int cameras, int historyDays) throws IOException {
        String cache = System.getProperty(CACHE_PROPERTY);
        if (cache != null) {
            Path cached = Path.of(cache).resolve("base-" + cameras + "-" + historyDays + "d.geomatch");
            if (Files.exists(cached)) {
                return cached;
            }
            Files.createDirectories(cached.getParent());
            Path built = build(cameras, historyDays, Files.createTempFile(cached.getParent(), "building-", ".geomatch"));
            return Files.move(built, cached, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        return build(cameras, historyDays, Files.createTempFile("geomatch-bench-base-" + cameras + "-", ".geomatch"));
    }

    /**
     * Deletes a snapshot {@link #build} made, unless it is kept in the cache directory.
     *
     * @param file the snapshot
     * @throws IOException if it cannot be deleted
     */
    static void release(Path file) throws IOException {
        if (System.getProperty(CACHE_PROPERTY) == null) {
            Files.deleteIfExists(file);
        }
    }

    private static Path build(int cameras, int historyDays, Path file) throws IOException {
        if (cameras <= IN_PROCESS_MAX_CAMERAS) {
            write(cameras, historyDays, file);
            return file;
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        long heapGb = Math.max(3, (long) Math.ceil(cameras * 1.6e-6 * historyDays / 7.0));
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heapGb + "g", "-cp", System.getProperty("java.class.path"),
            BaseSnapshot.class.getName(), Integer.toString(cameras), Integer.toString(historyDays), file.toString()));
        Process child = new ProcessBuilder(command).inheritIO().start();
        try {
            int exit = child.waitFor();
            if (exit != 0) {
                Files.deleteIfExists(file);
                throw new IOException("building the base in a child JVM (" + String.join(" ", command) + ") exited with " + exit);
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while building the base", e);
        }
        return file;
    }

    private static void write(int cameras, int historyDays, Path file) throws IOException {
        CameraWorld world = CameraWorld.generate(cameras, historyDays, CameraWorld.DEFAULT_NOW_MILLIS, GeoIndexQueryBenchmark.DATA_SEED);
        try (GeoIndex base = world.buildIndex(GeoIndexQueryBenchmark.BUCKET_MILLIS)) {
            base.snapshot(file);
        }
    }

    /**
     * Writes a base snapshot: {@code <cameras> <historyDays> <file>}.
     *
     * @param args the world's size, its days of footage, the target file
     * @throws IOException if it cannot be written
     */
    public static void main(String[] args) throws IOException {
        long started = System.nanoTime();
        int cameras = Integer.parseInt(args[0]);
        int historyDays = Integer.parseInt(args[1]);
        write(cameras, historyDays, Path.of(args[2]));
        System.err.printf(Locale.ROOT, "[base] %,d cameras, %d days of footage, built and written in %.1f s (child JVM, peak resident %.2f GB)%n",
            cameras, historyDays, (System.nanoTime() - started) / 1e9, ProcessMemory.peakResidentBytes() / 1e9);
    }
}
