package io.geomatch.examples.cli;

import io.geomatch.core.GeoIndex;
import io.geomatch.core.GeoIndexBuilder;
import io.geomatch.core.io.CameraCsv;
import io.geomatch.core.io.FootageCsv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code geomatch index}: builds an index from CSV files and writes its snapshot. */
@Command(name = "index", mixinStandardHelpOptions = true,
    description = "Build an index from cameras.csv (and footage.csv) and write it to a snapshot file.")
final class IndexCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--cameras", required = true, paramLabel = "FILE",
        description = "CSV with header; columns id,lat,lon and optional opted_in,e2ee,retention_days.")
    Path cameras;

    @Option(names = "--footage", paramLabel = "FILE", description = "CSV with header camera_id,start,end (ISO-8601 or epoch ms).")
    Path footage;

    @Option(names = "--bucket", required = true, paramLabel = "SECONDS",
        description = "Time bucket size in seconds (0.001 = 1 ms, exact).")
    String bucketSeconds;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Snapshot file to write (atomically).")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        long bucketMillis = Options.secondsToMillis("--bucket", bucketSeconds);
        Options.existingFile("--cameras", cameras);
        Options.replaceableTarget("--out", out);
        Options.distinctTarget("--out", out, "--cameras", cameras, "--footage", footage);
        if (footage != null) {
            Options.existingFile("--footage", footage);
        }
        long started = System.nanoTime();
        TerminalProgress progress = new TerminalProgress(err);
        try {
            GeoIndexBuilder builder = GeoIndex.builder(bucketMillis).progress(progress);
            CameraCsv.load(cameras, builder, progress);
            if (footage != null) {
                FootageCsv.load(footage, builder, progress);
            }
            GeoIndex index = builder.build();
            index.snapshot(out);
            progress.finish();
            double seconds = (System.nanoTime() - started) / 1e9;
            err.printf("indexed %,d cameras and %,d footage intervals (%,d bucket runs, bucket %s s) into %s (%,d bytes) in %.1f s%n",
                builder.cameraCount(), builder.footageCount(), index.footageRunCount(), bucketSeconds, out,
                Files.size(out), seconds);
            return 0;
        } finally {
            progress.finish();
        }
    }
}
