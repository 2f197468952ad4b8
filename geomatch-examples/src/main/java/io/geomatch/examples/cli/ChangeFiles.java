package io.geomatch.examples.cli;

import io.geomatch.core.io.StoreCsv;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The change files of a load ({@code store load}, {@code cluster load}), as a picocli mixin:
 * cameras, then updates, then footage, applied in that order and acknowledged on stdout as
 * {@code acked N}, where N counts the data rows of all the given files so far.
 */
final class ChangeFiles {
    @Option(names = "--cameras", paramLabel = "FILE", description = "Cameras to upsert: the format of 'index --cameras'.")
    Path cameras;

    @Option(names = "--updates", paramLabel = "FILE", description = "Header op,id,lat,lon,opted_in,e2ee,retention_days; op is upsert or delete.")
    Path updates;

    @Option(names = "--footage", paramLabel = "FILE", description = "Footage to add: the format of 'index --footage'.")
    Path footage;

    /** Applies one file's rows: a {@link StoreCsv} load into a store or a cluster. */
    @FunctionalInterface
    interface Loader {
        /**
         * @param rowsBefore data rows of the earlier files, which the acks count first
         * @return the file's data rows
         */
        long load(Path file, StoreCsv.Format format, long rowsBefore, StoreCsv.Acks acks) throws IOException;
    }

    /** Refuses, naming its option, a given file that does not exist or is not a regular file, before anything is applied. */
    void requireExisting() {
        for (Path f : new Path[] {cameras, updates, footage}) {
            if (f != null) {
                Options.existingFile(f == cameras ? "--cameras" : f == updates ? "--updates" : "--footage", f);
            }
        }
    }

    /**
     * Loads the given files in order, printing {@code acked N} to {@code out} at every acknowledgement
     * and once more at the end unless the last one already said N.
     *
     * @return the data rows of all the files
     */
    long load(Loader loader, PrintWriter out) throws IOException {
        long[] printed = {-1};
        StoreCsv.Acks acks = n -> {
            out.println("acked " + n);
            out.flush();
            printed[0] = n;
        };
        long rows = 0;
        if (cameras != null) {
            rows += loader.load(cameras, StoreCsv.Format.CAMERAS, rows, acks);
        }
        if (updates != null) {
            rows += loader.load(updates, StoreCsv.Format.UPDATES, rows, acks);
        }
        if (footage != null) {
            rows += loader.load(footage, StoreCsv.Format.FOOTAGE, rows, acks);
        }
        if (printed[0] != rows) {
            acks.acked(rows);
        }
        return rows;
    }
}
