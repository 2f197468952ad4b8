package io.geomatch.core.io;

import io.geomatch.core.BuildProgress;
import io.geomatch.core.GeoIndexBuilder;
import io.geomatch.core.InvalidInputException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Loads footage intervals from a CSV file into a {@link GeoIndexBuilder}, streaming row by row.
 *
 * <p>Required columns, found by header name in any order (see {@link CsvReader} for the format);
 * other columns are ignored: {@code camera_id}, the id of a camera loaded before;
 * {@code start}, the inclusive start; and {@code end}, the exclusive end, after {@code start}.
 * Instants are ISO-8601 with {@code Z} or an offset, or epoch milliseconds, as
 * {@link Instants#parseMillis} reads them. Stateless and thread-safe; the builder is not.
 */
public final class FootageCsv {
    private FootageCsv() {
    }

    /**
     * Loads every footage interval of a file.
     *
     * @param file a UTF-8 CSV file; error messages start with {@code file.toString()}
     * @param builder the builder, which already holds the cameras
     * @return the number of intervals loaded
     * @throws IOException if the file cannot be read
     * @throws InvalidInputException for a missing column or a bad row (unknown camera, bad instant,
     *     end not after start), naming its line; rows before it have been added
     */
    public static long load(Path file, GeoIndexBuilder builder) throws IOException {
        return load(file, builder, BuildProgress.NONE);
    }

    /**
     * Loads every footage interval of a file, reporting progress.
     *
     * @param file a UTF-8 CSV file; error messages start with {@code file.toString()}
     * @param builder the builder, which already holds the cameras
     * @param progress told {@code ("footage", rows, -1)} every 100,000 rows, and
     *     {@code ("footage", rows, rows)} at the end
     * @return the number of intervals loaded
     * @throws IOException if the file cannot be read
     * @throws InvalidInputException for a missing column or a bad row, naming its line; rows before
     *     it have been added
     */
    public static long load(Path file, GeoIndexBuilder builder, BuildProgress progress) throws IOException {
        Objects.requireNonNull(builder, "builder");
        return CsvRows.load(file, "footage", progress, header -> bind(header, builder::addFootage));
    }

    /** Receives one footage row. */
    @FunctionalInterface
    interface Sink {
        void footage(long cameraId, long startMillis, long endMillis);
    }

    /** Resolves the columns from the header; the returned consumer hands each row to {@code sink}. */
    static CsvRows.RowConsumer bind(CsvReader header, Sink sink) {
        int cameraId = header.requireColumn("camera_id");
        int start = header.requireColumn("start");
        int end = header.requireColumn("end");
        return row -> sink.footage(
            row.longField(cameraId, "camera_id"),
            Instants.parseMillis("start", row.field(start)),
            Instants.parseMillis("end", row.field(end)));
    }
}
