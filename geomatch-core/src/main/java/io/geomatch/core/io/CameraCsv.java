package io.geomatch.core.io;

import io.geomatch.core.BuildProgress;
import io.geomatch.core.Camera;
import io.geomatch.core.GeoIndexBuilder;
import io.geomatch.core.InvalidInputException;
import org.agrona.collections.LongHashSet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Loads cameras from a CSV file into a {@link GeoIndexBuilder}, streaming row by row.
 *
 * <p>Columns, found by header name in any order (see {@link CsvReader} for the format); other
 * columns are ignored, unless one looks like a missing optional column ({@code optedin} for
 * {@code opted_in}: see {@link CsvReader#refuseLookalikes}), which is refused:
 * <table>
 *   <caption>camera columns</caption>
 *   <tr><th>column</th><th>required</th><th>meaning</th></tr>
 *   <tr><td>{@code id}</td><td>yes</td><td>64-bit camera id, unique in the file</td></tr>
 *   <tr><td>{@code lat}</td><td>yes</td><td>latitude in degrees, -90..90</td></tr>
 *   <tr><td>{@code lon}</td><td>yes</td><td>longitude in degrees, -180..180</td></tr>
 *   <tr><td>{@code opted_in}</td><td>no, default {@code true}</td><td>{@code true} or {@code false}</td></tr>
 *   <tr><td>{@code e2ee}</td><td>no, default {@code false}</td><td>{@code true} or {@code false}</td></tr>
 *   <tr><td>{@code retention_days}</td><td>no, default {@value Camera#DEFAULT_RETENTION_DAYS}</td>
 *       <td>days of footage kept, as the builder allows</td></tr>
 *   <tr><td>{@code heading_deg}</td><td>no</td><td>the view's heading, degrees clockwise from north, [0, 360)</td></tr>
 *   <tr><td>{@code fov_deg}</td><td>no</td><td>the view's field of view, degrees, (0, 360]</td></tr>
 *   <tr><td>{@code range_m}</td><td>no</td><td>the view's range, metres, (0, 200]</td></tr>
 * </table>
 * An empty optional field takes the default. A row has a view when its three view fields are
 * all given, and none when all three are empty (or the columns are absent); a row with some but
 * not all of them is refused, naming the first missing field. Stateless and thread-safe; the builder is not.
 */
public final class CameraCsv {
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
        return CsvRows.load(file, "cameras", progress, header -> {
            Columns columns = Columns.of(header, true);
            LongHashSet seen = new LongHashSet();
            return row -> builder.addCamera(unique(columns.camera(row), seen));
        });
    }

    /**
     * Refuses a camera whose id a file gave before, where the row is read (the builder would
     * refuse it only when building, without the line).
     *
     * @param camera the row's camera
     * @param seen the ids of the file's rows before it; the camera's is added
     * @return the camera
     * @throws InvalidInputException if its id is in {@code seen}
     */
    static Camera unique(Camera camera, LongHashSet seen) {
        if (!seen.add(camera.id())) {
            throw new InvalidInputException("id", camera.id(), "is a duplicate: each camera id may appear once");
        }
        return camera;
    }

    /**
     * The camera columns of a header, and how a row becomes a {@link Camera}: the one reading of the
     * camera format, shared by the camera and update files.
     */
    static final class Columns {
        private final int id;
        private final int lat;
        private final int lon;
        private final int optedIn;
        private final int e2ee;
        private final int retentionDays;
        private final int heading;
        private final int fov;
        private final int range;

        private static final java.util.Set<String> OPTIONAL = java.util.Set.of("opted_in", "e2ee", "retention_days", "heading_deg",
            "fov_deg", "range_m");
        private static final java.util.Set<String> OPTIONAL_OR_LOCATION = java.util.Set.of("lat", "lon", "opted_in", "e2ee",
            "retention_days", "heading_deg", "fov_deg", "range_m");

        private Columns(CsvReader header, boolean locationRequired, java.util.Set<String> known) {
            this.id = header.requireColumn("id");
            this.lat = locationRequired ? header.requireColumn("lat") : header.column("lat");
            this.lon = locationRequired ? header.requireColumn("lon") : header.column("lon");
            this.optedIn = header.column("opted_in");
            this.e2ee = header.column("e2ee");
            this.retentionDays = header.column("retention_days");
            this.heading = header.column("heading_deg");
            this.fov = header.column("fov_deg");
            this.range = header.column("range_m");
            header.refuseLookalikes(known, locationRequired ? OPTIONAL : OPTIONAL_OR_LOCATION);
        }

        /**
         * @param header the reader, after the header
         * @param locationRequired whether {@code lat} and {@code lon} must be columns
         * @param alsoKnown the file's other columns that its reader knows (such as {@code op})
         * @throws InvalidInputException for a missing required column, or a column that looks
         *     like a missing optional one ({@link CsvReader#refuseLookalikes})
         */
        static Columns of(CsvReader header, boolean locationRequired, String... alsoKnown) {
            java.util.Set<String> known = new java.util.HashSet<>(OPTIONAL_OR_LOCATION);
            known.add("id");
            known.addAll(java.util.List.of(alsoKnown));
            return new Columns(header, locationRequired, known);
        }

        /** @return the row's camera id */
        long id(CsvReader row) {
            return row.longField(id, "id");
        }

        /**
         * @return the row's camera
         * @throws InvalidInputException for a bad field, or a missing {@code lat} or {@code lon} column
         */
        Camera camera(CsvReader row) {
            long cameraId = id(row);
            if (lat < 0 || lon < 0) {
                throw new InvalidInputException("header", null, "needs columns 'lat' and 'lon' for upsert rows");
            }
            // Every field is parsed before any value is checked, so a malformed field is reported first.
            double latDegrees = row.doubleField(lat, "lat");
            double lonDegrees = row.doubleField(lon, "lon");
            boolean in = row.booleanField(optedIn, "opted_in", true);
            boolean encrypted = row.booleanField(e2ee, "e2ee", false);
            int days = row.intField(retentionDays, "retention_days", Camera.DEFAULT_RETENTION_DAYS);
            boolean hasHeading = given(row, heading);
            boolean hasFov = given(row, fov);
            boolean hasRange = given(row, range);
            double headingDegrees = hasHeading ? row.doubleField(heading, "heading_deg") : 0;
            double fovDegrees = hasFov ? row.doubleField(fov, "fov_deg") : 0;
            double rangeMeters = hasRange ? row.doubleField(range, "range_m") : 0;
            Camera camera = Camera.at(cameraId, latDegrees, lonDegrees).optedIn(in).e2ee(encrypted).retentionDays(days);
            if (!hasHeading && !hasFov && !hasRange) {
                return camera;
            }
            if (!hasHeading || !hasFov || !hasRange) {
                String missing = !hasHeading ? "heading_deg" : !hasFov ? "fov_deg" : "range_m";
                throw new InvalidInputException(missing, "", "is missing: give heading_deg, fov_deg and range_m together, or none of them");
            }
            return camera.view(headingDegrees, fovDegrees, rangeMeters);
        }

        private static boolean given(CsvReader row, int column) {
            return column >= 0 && !row.field(column).isEmpty();
        }
    }
}
