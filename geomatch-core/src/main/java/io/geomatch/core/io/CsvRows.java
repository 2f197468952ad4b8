package io.geomatch.core.io;

import io.geomatch.core.BuildProgress;
import io.geomatch.core.InvalidInputException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The loop shared by the CSV loaders: open, bind columns from the header, hand each row to a
 * consumer, locate every {@link InvalidInputException} at the row's line, and report progress.
 */
final class CsvRows {
    /** Rows between two progress reports. */
    static final long PROGRESS_EVERY = 100_000;

    /** Consumes one row of a CSV file. */
    @FunctionalInterface
    interface RowConsumer {
        /**
         * @param row the reader, positioned on the row
         * @throws InvalidInputException for a bad value; the loop adds the location
         */
        void accept(CsvReader row);
    }

    /** Resolves the columns once, from the header, and returns what consumes each row. */
    @FunctionalInterface
    interface Binder {
        /**
         * @param header the reader, positioned after the header
         * @return the row consumer
         * @throws InvalidInputException for a missing required column
         */
        RowConsumer bind(CsvReader header);
    }

    private CsvRows() {
    }

    /**
     * @return the number of data rows consumed
     */
    static long load(Path file, String phase, BuildProgress progress, Binder binder) throws IOException {
        Objects.requireNonNull(progress, "progress");
        try (CsvReader csv = CsvReader.open(file)) {
            RowConsumer consumer = binder.bind(csv);
            long rows = 0;
            while (csv.next()) {
                try {
                    consumer.accept(csv);
                } catch (InvalidInputException e) {
                    throw e.at(csv.sourceName(), csv.lineNumber());
                }
                rows++;
                if (rows % PROGRESS_EVERY == 0) {
                    progress.onProgress(phase, rows, -1);
                }
            }
            progress.onProgress(phase, rows, rows);
            return rows;
        }
    }
}
