package io.geomatch.examples.cli;

import io.geomatch.core.InvalidInputException;
import io.geomatch.world.CameraWorld;
import io.geomatch.examples.text.Printable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * {@code geomatch sample}: writes a simulated world as {@code cameras.csv} and {@code footage.csv}
 * in the formats {@code index} reads, so the CLI can be tried at any scale. Each file is written
 * to a temporary name and renamed when complete.
 */
@Command(name = "sample", mixinStandardHelpOptions = true,
    description = "Write a simulated, population-weighted US world of cameras and footage as CSV files.")
final class SampleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--cameras", paramLabel = "N", defaultValue = "100000", description = "Cameras (default ${DEFAULT-VALUE}).")
    int cameras;

    @Option(names = "--days", paramLabel = "D", defaultValue = "3", description = "Days of footage before --now (default ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--now", paramLabel = "INSTANT", defaultValue = CameraWorld.DEFAULT_NOW,
        description = "End of the footage history (default ${DEFAULT-VALUE}).")
    String now;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out-cameras", required = true, paramLabel = "FILE", description = "cameras.csv to write.")
    Path camerasOut;

    @Option(names = "--out-footage", required = true, paramLabel = "FILE", description = "footage.csv to write.")
    Path footageOut;

    @Override
    public Integer call() throws IOException {
        if (cameras < 1 || cameras > 50_000_000) {
            throw new InvalidInputException("--cameras", cameras, "is out of range, allowed 1..50000000");
        }
        if (days < 1 || days > 180) {
            throw new InvalidInputException("--days", days, "is out of range, allowed 1..180");
        }
        long nowMillis = Options.instant("--now", now);
        if (nowMillis < CameraWorld.earliestNowMillis(days) || nowMillis > CameraWorld.latestNowMillis()) {
            throw new InvalidInputException("--now", now, "is out of range, allowed " + java.time.Instant.ofEpochMilli(CameraWorld.earliestNowMillis(days))
                + ".." + java.time.Instant.ofEpochMilli(CameraWorld.latestNowMillis()) + " with --days " + days);
        }
        Options.replaceableTarget("--out-cameras", camerasOut);
        Options.replaceableTarget("--out-footage", footageOut);
        Options.distinctTarget("--out-footage", footageOut, "--out-cameras", camerasOut);
        CameraWorld world = CameraWorld.generate(cameras, days, nowMillis, seed);
        long[] ids = world.ids();
        writeAtomically(camerasOut, out -> {
            out.write("id,lat,lon,opted_in,e2ee,retention_days\n");
            for (int c = 0; c < world.cameraCount(); c++) {
                out.write(ids[c] + "," + world.latDegrees()[c] + "," + world.lonDegrees()[c] + "," + world.optedIn()[c]
                    + "," + world.e2ee()[c] + "," + world.retentionDays()[c] + "\n");
            }
        });
        writeAtomically(footageOut, out -> {
            out.write("camera_id,start,end\n");
            int[] offsets = world.footageOffsets();
            long[] starts = world.footageStartMillis();
            int[] durations = world.footageDurationMillis();
            for (int c = 0; c < world.cameraCount(); c++) {
                for (int f = offsets[c]; f < offsets[c + 1]; f++) {
                    out.write(ids[c] + "," + Instant.ofEpochMilli(starts[f]) + "," + Instant.ofEpochMilli(starts[f] + durations[f]) + "\n");
                }
            }
        });
        spec.commandLine().getErr().printf("wrote %,d cameras to %s and %,d footage intervals to %s%n",
            world.cameraCount(), Printable.escape(camerasOut.toString()), world.footageCount(), Printable.escape(footageOut.toString()));
        return 0;
    }

    /** Writes the body of one CSV file. */
    private interface Body {
        void write(BufferedWriter out) throws IOException;
    }

    private static void writeAtomically(Path target, Body body) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path tmp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName() + ".", ".tmp");
        try {
            try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                body.write(out);
            }
            Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
