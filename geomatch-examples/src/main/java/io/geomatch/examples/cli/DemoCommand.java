package io.geomatch.examples.cli;

import com.uber.h3core.H3Core;
import io.geomatch.core.Area;
import io.geomatch.core.GeoIndex;
import io.geomatch.core.Matches;
import io.geomatch.world.CameraWorld;
import io.geomatch.world.UsPlaces;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code geomatch demo}: builds a population-weighted world of simulated cameras, snapshots and
 * reopens the index, and answers community-request-sized queries around the largest US places.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Build a simulated US world of cameras, index it, and match request areas against it.")
final class DemoCommand implements Callable<Integer> {
    /** A fixed present keeps the demo's output reproducible apart from timings. */
    private static final long NOW_MILLIS = CameraWorld.DEFAULT_NOW_MILLIS;
    private static final long BUCKET_MILLIS = 60_000;
    private static final double SQUARE_SIDE_METERS = 1138.0;   // 0.5 square miles
    private static final double CIRCLE_RADIUS_METERS = 640.0;  // about 0.5 square miles
    private static final int TIMED_RUNS = 2_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--devices", paramLabel = "N", defaultValue = "200000", description = "Simulated cameras (default ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (devices < 1 || devices > 50_000_000) {
            throw new io.geomatch.core.InvalidInputException("--devices", devices, "is out of range, allowed 1..50000000");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("geomatch demo: %,d simulated cameras around %,d US places, by population (seed %d)%n",
            devices, UsPlaces.all().size(), seed);
        long t0 = System.nanoTime();
        CameraWorld world = CameraWorld.generate(devices, 3, NOW_MILLIS, seed);
        out.printf("  generated %,d cameras and %,d footage clips over 3 days in %.1f s%n",
            world.cameraCount(), world.footageCount(), seconds(t0));

        t0 = System.nanoTime();
        GeoIndex built = world.addTo(GeoIndex.builder(BUCKET_MILLIS)).build();
        out.printf("  built the index in %.1f s: %,d bucket runs, %.1f MB off-heap (%.1f B per camera)%n",
            seconds(t0), built.footageRunCount(), built.offHeapBytes() / 1e6, (double) built.offHeapBytes() / devices);

        Path dir = Files.createTempDirectory("geomatch-demo");
        Path file = dir.resolve("world.geomatch");
        try {
            t0 = System.nanoTime();
            built.snapshot(file);
            double writeSeconds = seconds(t0);
            t0 = System.nanoTime();
            GeoIndex index = GeoIndex.open(file);
            out.printf("  wrote the snapshot in %.2f s and reopened it (checksummed, memory-mapped) in %.0f ms%n",
                writeSeconds, seconds(t0) * 1000);
            out.printf("%nCommunity requests, window %s .. %s (12 h), bucket %d s:%n",
                Instant.ofEpochMilli(NOW_MILLIS - 12 * 3_600_000L), Instant.ofEpochMilli(NOW_MILLIS), BUCKET_MILLIS / 1000);
            queryPlaces(out, index, built);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
        return 0;
    }

    private void queryPlaces(PrintWriter out, GeoIndex index, GeoIndex built) throws Exception {
        H3Core h3 = H3Core.newInstance();
        GeometryFactory geometry = new GeometryFactory();
        List<UsPlaces.Place> top = UsPlaces.all().subList(0, 5);
        long from = NOW_MILLIS - 12 * 3_600_000L;
        Matches matches = new Matches();
        Matches check = new Matches();
        for (UsPlaces.Place place : top) {
            double halfLat = SQUARE_SIDE_METERS / 2 / 111_320.0;
            double halfLon = halfLat / Math.cos(Math.toRadians(place.latDegrees()));
            double y = place.latDegrees();
            double x = place.lonDegrees();
            Area square = Area.polygon(geometry.createPolygon(new Coordinate[] {
                new Coordinate(x - halfLon, y - halfLat), new Coordinate(x + halfLon, y - halfLat),
                new Coordinate(x + halfLon, y + halfLat), new Coordinate(x - halfLon, y + halfLat),
                new Coordinate(x - halfLon, y - halfLat)}));
            Area circle = Area.circle(y, x, CIRCLE_RADIUS_METERS);
            long center = h3.latLngToCell(y, x, 9);
            Area cells = Area.h3Cells(h3.gridDisk(center, 1).stream().mapToLong(Long::longValue).toArray());
            out.printf("  %s, %s%n", place.name(), place.state());
            report(out, "0.5 mi2 square", index, built, square, from, matches, check);
            report(out, "640 m circle", index, built, circle, from, matches, check);
            report(out, "7 H3 res-9 cells", index, built, cells, from, matches, check);
        }
        out.println();
        out.println("Each count is identical between the freshly built index and the reopened snapshot.");
        out.println("Latencies are a rough wall-clock median of " + TIMED_RUNS + " repeats; see geomatch-bench for JMH figures.");
        out.flush();
    }

    private static void report(PrintWriter out, String label, GeoIndex index, GeoIndex built, Area area, long from,
                               Matches matches, Matches check) {
        index.match(area, from, NOW_MILLIS, NOW_MILLIS, matches);
        built.match(area, from, NOW_MILLIS, NOW_MILLIS, check);
        if (!Arrays.equals(matches.ids(), check.ids())) {
            throw new IllegalStateException("built and reopened index disagree for " + area);
        }
        long[] nanos = new long[TIMED_RUNS];
        for (int i = 0; i < TIMED_RUNS; i++) {
            long t = System.nanoTime();
            index.match(area, from, NOW_MILLIS, NOW_MILLIS, matches);
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        out.printf("    %-18s %,6d cameras with footage   (median %,.1f us)%n", label, matches.count(), nanos[TIMED_RUNS / 2] / 1e3);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
