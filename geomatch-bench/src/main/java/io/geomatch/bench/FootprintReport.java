package io.geomatch.bench;

import io.geomatch.world.CameraWorld;
import io.geomatch.bench.engine.MatchEngine;

import java.util.Locale;

/**
 * Prints what each engine of {@link AreaTimeMatchBenchmark} costs in memory and disk per camera,
 * built over the benchmark's {@link CameraWorld} (7 days of footage, 60 s buckets): Java heap in
 * use after the build minus before it (each measured after {@code System.gc()}, through the
 * memory MXBean), off-heap bytes (geomatch's index), and on-disk bytes (Lucene's force-merged
 * index), and for geomatch its spatial part (coordinates and cell tree) apart from its time
 * part (camera rows and footage runs), per camera and per camera-day of history. The data set itself is on the heap throughout and is not counted in any engine; its own
 * size is printed first. Engines are built one at a time and closed before the next.
 *
 * <p>Heap figures from {@code System.gc()} are a little noisy (a few bytes per camera at 1 M);
 * build times are single, cold runs, for orientation only ({@link EngineBuildBenchmark} measures
 * them properly).
 *
 * <p>Run, from the repository root after {@code mvn -B package -DskipTests}, with the number of
 * cameras as the only argument (default 1,000,000):
 * <pre>
 * java -cp geomatch-bench/target/benchmarks.jar io.geomatch.bench.FootprintReport 1000000
 * java -Xmx16g -cp geomatch-bench/target/benchmarks.jar io.geomatch.bench.FootprintReport 10000000
 * </pre>
 */
public final class FootprintReport {
    private FootprintReport() {
    }

    /**
     * Builds every engine in turn and prints its footprint.
     *
     * @param args optionally the number of cameras, 1 or more; default 1000000
     * @throws IllegalArgumentException if the argument is not a positive integer
     */
    public static void main(String[] args) {
        int cameras = 1_000_000;
        if (args.length > 0) {
            try {
                cameras = Integer.parseInt(args[0]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cameras=" + args[0] + " is not an integer, allowed 1 or more", e);
            }
            if (cameras < 1) {
                throw new IllegalArgumentException("cameras=" + cameras + " is out of range, allowed 1 or more");
            }
        }
        long before = AreaTimeMatchBenchmark.usedHeapBytesAfterGc();
        CameraWorld data = CameraWorld.generate(cameras, GeoIndexQueryBenchmark.HISTORY_DAYS, CameraWorld.DEFAULT_NOW_MILLIS, GeoIndexQueryBenchmark.DATA_SEED);
        long withData = AreaTimeMatchBenchmark.usedHeapBytesAfterGc();
        System.out.printf(Locale.ROOT, "data set: %d cameras, %d footage intervals, %d history days, %.1f B/camera of heap (not counted below)%n",
            cameras, data.footageCount(), data.historyDays(), (double) (withData - before) / cameras);
        System.out.printf(Locale.ROOT, "%-12s %9s %16s %19s %15s%n", "engine", "build s", "heap B/camera", "off-heap B/camera", "disk B/camera");
        for (String name : MatchEngine.NAMES) {
            long heapBefore = AreaTimeMatchBenchmark.usedHeapBytesAfterGc();
            long t0 = System.nanoTime();
            try (MatchEngine engine = MatchEngine.create(name, data, GeoIndexQueryBenchmark.BUCKET_MILLIS)) {
                double buildSeconds = (System.nanoTime() - t0) / 1e9;
                long heapAfter = AreaTimeMatchBenchmark.usedHeapBytesAfterGc();
                System.out.printf(Locale.ROOT, "%-12s %9.1f %16.1f %19.1f %15.1f%n", name, buildSeconds,
                    (double) (heapAfter - heapBefore) / cameras, (double) engine.offHeapBytes() / cameras,
                    (double) engine.diskBytes() / cameras);
                if (engine.spatialBytes() >= 0) {
                    // The target "spatial index size <= 24 B per camera" is about this part alone.
                    System.out.printf(Locale.ROOT, "%-12s spatial %.1f B/camera; time and eligibility %.1f B/camera,"
                            + " %.1f B/camera per day of history%n", "", (double) engine.spatialBytes() / cameras,
                        (double) engine.footageBytes() / cameras, (double) engine.footageBytes() / cameras / data.historyDays());
                }
            }
        }
    }
}
