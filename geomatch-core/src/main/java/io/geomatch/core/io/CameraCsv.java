package io.geomatch.core.io;

import io.geomatch.core.BuildProgress;
import io.geomatch.core.GeoIndexBuilder;
import io.geomatch.core.InvalidInputException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Loads cameras from a CSV file into a {@link GeoIndexBuilder}, streaming row by row.
 *
 * <p>Columns, found by header name in any order (see {@link CsvReader} for the format); other
 * columns are ignored:
 * <table>
 *   <caption>camera columns</caption>
 *   <tr><th>column</th><th>required</th><th>meaning</th></tr>
 *   <tr><td>{@code id}</td><td>yes</td><td>64-bit camera id, unique</td></tr>
 *   <tr><td>{@code lat}</td><td>yes</td><td>latitude in degrees, -90..90</td></tr>
 *   <tr><td>{@code lon}</td><td>yes</td><td>longitude in degrees, -180..180</td></tr>
 *   <tr><td>{@code opted_in}</td><td>no, default {@code true}</td><td>{@code true} or {@code false}</td></tr>
 *   <tr><td>{@code e2ee}</td><td>no, default {@code false}</td><td>{@code true} or {@code false}</td></tr>
 *   <tr><td>{@code retention_days}</td><td>no, default {@value #DEFAULT_RETENTION_DAYS}</td>
 *       <td>days of footage kept, as the builder allows</td></tr>
 * </table>
 * An empty optional field takes the default. Stateless and thread-safe; the builder is not.
 */
public final class CameraCsv {
    /** Retention used when the file has no {@code retention_days} column or the field is empty. */
    public static final int DEFAULT_RETENTION_DAYS = 30;

    private CameraCsv() {
    }

    /**
     * Loads every camera of a file.
     *
     * @param file a UTF-8 CSV file; error messages start with {@code file.toString()}
     * @param builder the builder to add the cameras to
     * @return the number of cameras loaded
     * @throws IOException if the file cannot be read
     * @throws InvalidInputException for a missing column or a bad row, naming its line, for example
     *     {@code cameras.csv line 3: lat 95.0 is out of range, allowed -90..90}; rows before it
     *     have been added
     */
    public static long load(Path file, GeoIndexBuilder builder) throws IOException {
        return load(file, builder, BuildProgress.NONE);
    }

    /**
     * Loads every camera of a file, reporting progress.
     *
     * @param file a UTF-8 CSV file; error messages start with {@code file.toString()}
     * @param builder the builder to add the cameras to
     * @param progress told {@code ("cameras", rows, -1)} every 100,000 rows, and
     *     {@code ("cameras", rows, rows)} at the end
     * @return the number of cameras loaded
     * @throws IOException if the file cannot be read
     * @throws InvalidInputException for a missing column or a bad row, naming its line; rows before
     *     it have been added
     */
    public static long load(Path file, GeoIndexBuilder builder, BuildProgress progress) throws IOException {
        Objects.requireNonNull(builder, "builder");
        return CsvRows.load(file, "cameras", progress, header -> bind(header, builder::addCamera));
    }

    /** Receives one camera row. */
    @FunctionalInterface
    interface Sink {
        void camera(long id, double latDegrees, double lonDegrees, boolean optedIn, boolean e2ee, int retentionDays);
    }

    /** Resolves the columns from the header; the returned consumer hands each row to {@code sink}. */
    static CsvRows.RowConsumer bind(CsvReader header, Sink sink) {
        int id = header.requireColumn("id");
        int lat = header.requireColumn("lat");
        int lon = header.requireColumn("lon");
        int optedIn = header.column("opted_in");
        int e2ee = header.column("e2ee");
        int retentionDays = header.column("retention_days");
        return row -> sink.camera(
            row.longField(id, "id"),
            row.doubleField(lat, "lat"),
            row.doubleField(lon, "lon"),
            row.booleanField(optedIn, "opted_in", true),
            row.booleanField(e2ee, "e2ee", false),
            row.intField(retentionDays, "retention_days", DEFAULT_RETENTION_DAYS));
    }
}
