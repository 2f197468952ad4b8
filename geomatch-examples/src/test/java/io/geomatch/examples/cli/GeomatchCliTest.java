package io.geomatch.examples.cli;

import com.uber.h3core.H3Core;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI contract end to end, in-process: index then query, and every kind of bad input exits 2
 * with one {@code error:} line, no stack trace and no output file.
 */
class GeomatchCliTest {
    @TempDir
    Path dir;

    private Path cameras;
    private Path footage;
    private Path index;

    static CliRun cli(String... args) {
        return CliRun.run(args);
    }

    @BeforeEach
    void writeInputs() throws IOException {
        // A 0.01 x 0.01 degree square at (-87.70..-87.69, 41.90..41.91); ids 1-6 inside it,
        // 7 outside, 3 opted out, 4 e2ee, 5 without footage in the window, 6 on the corner.
        cameras = write("cameras.csv",
            "id,lat,lon,opted_in,e2ee,retention_days,notes",
            "1,41.905,-87.695,true,false,30,front door",
            "2,41.901,-87.699,true,false,30,",
            "3,41.905,-87.695,false,false,30,",
            "4,41.905,-87.695,true,true,30,",
            "5,41.905,-87.695,true,false,30,",
            "6,41.9,-87.7,true,false,30,",
            "7,41.95,-87.695,true,false,30,");
        footage = write("footage.csv",
            "camera_id,start,end",
            "1,2026-11-03T14:00:00Z,2026-11-03T14:00:30Z",
            "2,1793714400000,1793714430000",
            "3,2026-11-03T14:00:00Z,2026-11-03T14:00:30Z",
            "4,2026-11-03T14:00:00Z,2026-11-03T14:00:30Z",
            "5,2026-11-01T14:00:00Z,2026-11-01T14:00:30Z",
            "6,2026-11-03T15:00:00+01:00,2026-11-03T15:00:30+01:00",
            "7,2026-11-03T14:00:00Z,2026-11-03T14:00:30Z");
        index = dir.resolve("index.geomatch");
    }

    private Path write(String name, String... lines) throws IOException {
        return Files.write(dir.resolve(name), (String.join("\n", lines) + "\n").getBytes());
    }

    private CliRun buildIndex() {
        return cli("index", "--cameras", cameras.toString(), "--footage", footage.toString(), "--bucket", "60", "--out", index.toString());
    }

    private static final String SQUARE = "POLYGON ((-87.7 41.9, -87.69 41.9, -87.69 41.91, -87.7 41.91, -87.7 41.9))";

    @Test
    void shouldIndexThenQueryEveryAreaKind() throws IOException {
        CliRun indexed = buildIndex();
        assertThat(indexed.code()).as(indexed.err()).isZero();
        assertThat(indexed.err()).startsWith("indexed 7 cameras and 7 footage intervals");
        assertThat(indexed.out()).isEmpty();

        String[] window = {"--from", "2026-11-03T13:30:00Z", "--to", "2026-11-03T14:30:00Z", "--now", "2026-11-04T00:00:00Z"};
        CliRun wkt = cli(concat(new String[] {"query", "--index", index.toString(), "--wkt", SQUARE}, window));
        assertThat(wkt.code()).as(wkt.err()).isZero();
        assertThat(wkt.out()).isEqualTo("1\n2\n6\n");

        Path area = write("area.geojson", "{\"type\":\"Feature\",\"properties\":{},\"geometry\":",
            "{\"type\":\"Polygon\",\"coordinates\":[[[-87.7,41.9],[-87.69,41.9],[-87.69,41.91],[-87.7,41.91],[-87.7,41.9]]]}}");
        CliRun geojson = cli(concat(new String[] {"query", "--index", index.toString(), "--area", area.toString()}, window));
        assertThat(geojson.out()).isEqualTo("1\n2\n6\n");

        CliRun count = cli(concat(new String[] {"query", "--index", index.toString(), "--wkt", SQUARE, "--count"}, window));
        assertThat(count.out()).isEqualTo("3\n");

        // 50 m around camera 1's spot: camera 2 is ~500 m away.
        CliRun circle = cli(concat(new String[] {"query", "--index", index.toString(), "--circle", "41.905,-87.695,50"}, window));
        assertThat(circle.out()).isEqualTo("1\n");

        // The res-10 cell of camera 1 (cells are ~70 m across) plus a far-away res-7 cell.
        H3Core h3 = H3Core.newInstance();
        String own = h3.latLngToCellAddress(41.905, -87.695, 10);
        String far = h3.latLngToCellAddress(40.0, -75.0, 7);
        CliRun cells = cli(concat(new String[] {"query", "--index", index.toString(), "--cells", own + "," + far}, window));
        assertThat(cells.code()).as(cells.err()).isZero();
        assertThat(cells.out()).isEqualTo("1\n");

        // Retention: 30 days later the footage has expired.
        CliRun expired = cli("query", "--index", index.toString(), "--wkt", SQUARE, "--from", "2026-11-03T13:30:00Z",
            "--to", "2026-11-03T14:30:00Z", "--now", "2026-12-04T00:00:00Z");
        assertThat(expired.out()).isEmpty();
        assertThat(expired.code()).isZero();
    }

    private static String[] concat(String[] a, String[] b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    private void assertBadInput(CliRun run, String expectedErrorStart) throws IOException {
        assertThat(run.code()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: " + expectedErrorStart);
        assertThat(run.err().strip().lines()).as("one line, no stack trace").hasSize(1);
        assertThat(run.err()).doesNotContain("\tat ", "Exception");
        assertThat(Files.exists(index)).as("no partial output").isFalse();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void shouldRefuseAnOwnerRoundOutOfRangeBeforeTouchingTheDataDirectory() throws IOException {
        for (String millis : new String[] {"0", "10001"}) {
            CliRun run = cli("serve", "--data", dir.resolve("platform").toString(), "--port", "0", "--owner-round-millis", millis);
            assertBadInput(run, "--owner-round-millis");
            assertThat(run.err()).contains(millis, "allowed 1..10000");
        }
        assertThat(dir.resolve("platform")).doesNotExist();
    }

    @Test
    void shouldRejectLatitudeOutOfRangeWithFileAndLine() throws IOException {
        cameras = write("cameras.csv", "id,lat,lon", "1,41.9,-87.7", "2,95,-87.7");
        assertBadInput(buildIndex(), cameras + " line 3: lat 95");
    }

    @Test
    void shouldRejectMalformedCsvRow() throws IOException {
        cameras = write("cameras.csv", "id,lat,lon", "1,41.9,-87.7", "2,41.9");
        assertBadInput(buildIndex(), cameras + " line 3: ");
    }

    @Test
    void shouldRejectNonNumericCoordinate() throws IOException {
        cameras = write("cameras.csv", "id,lat,lon", "1,north,-87.7");
        assertBadInput(buildIndex(), cameras + " line 2: lat north");
    }

    @Test
    void shouldRejectDuplicateCameraId() throws IOException {
        cameras = write("cameras.csv", "id,lat,lon", "1,41.9,-87.7", "1,41.8,-87.7");
        assertBadInput(buildIndex(), cameras + " line 3: id 1 is a duplicate");
    }

    @Test
    void shouldRejectMissingRequiredColumn() throws IOException {
        cameras = write("cameras.csv", "id,latitude,lon", "1,41.9,-87.7");
        assertBadInput(buildIndex(), cameras + " line 1: ");
    }

    @Test
    void shouldRejectFootageForUnknownCamera() throws IOException {
        footage = write("footage.csv", "camera_id,start,end", "1,2026-11-03T14:00:00Z,2026-11-03T14:00:30Z", "99,0,10");
        assertBadInput(buildIndex(), footage + " line 3: camera_id 99 is not a known camera");
    }

    @Test
    void shouldRejectFootageEndingBeforeItStarts() throws IOException {
        footage = write("footage.csv", "camera_id,start,end", "1,2026-11-03T14:00:00Z,2026-11-03T14:00:00Z");
        assertBadInput(buildIndex(), footage + " line 2: end ");
    }

    @Test
    void shouldRejectUnparseableFootageTime() throws IOException {
        footage = write("footage.csv", "camera_id,start,end", "1,yesterday,2026-11-03T14:00:00Z");
        assertBadInput(buildIndex(), footage + " line 2: start yesterday");
    }

    @Test
    void shouldRejectBadBucket() throws IOException {
        CliRun run = cli("index", "--cameras", cameras.toString(), "--bucket", "0", "--out", index.toString());
        assertBadInput(run, "--bucket 0 must be a positive number of seconds");
    }

    @Test
    void shouldRejectMissingCamerasFile() throws IOException {
        CliRun run = cli("index", "--cameras", dir.resolve("none.csv").toString(), "--bucket", "60", "--out", index.toString());
        assertBadInput(run, "--cameras " + dir.resolve("none.csv") + " does not exist");
    }

    @Test
    void shouldRejectOutputInAMissingDirectoryBeforeReadingInput() throws IOException {
        Path target = dir.resolve("no-such-dir").resolve("index.geomatch");
        CliRun run = cli("index", "--cameras", cameras.toString(), "--bucket", "60", "--out", target.toString());
        assertBadInput(run, "--out " + target + " cannot be written: directory " + target.getParent() + " does not exist");
    }

    @Test
    void shouldRejectUnknownOption() throws IOException {
        assertBadInput(cli("index", "--cameras", cameras.toString(), "--bucket", "60", "--out", index.toString(), "--fast"),
            "Unknown option: '--fast'");
    }

    @Test
    void shouldRejectQueryProblems() throws IOException {
        assertThat(buildIndex().code()).isZero();
        Path keep = index;
        index = dir.resolve("never-written");
        String[] window = {"--from", "2026-11-03T13:30:00Z", "--to", "2026-11-03T14:30:00Z"};

        assertBadInput(cli(concat(new String[] {"query", "--index", keep.toString(), "--wkt", SQUARE,
            "--from", "2026-11-03T14:30:00Z", "--to", "2026-11-03T14:30:00Z"}, new String[0])), "--to 2026-11-03T14:30:00Z must be after --from");

        assertBadInput(cli(concat(new String[] {"query", "--index", keep.toString(), "--wkt",
            "POLYGON ((0 0, 1 1, 1 0, 0 1, 0 0))"}, window)), "area ");

        Path broken = write("broken.geojson", "{\"type\": \"Polygon\",", "  \"coordinates\": [[[0,0],[1,0]]");
        assertBadInput(cli(concat(new String[] {"query", "--index", keep.toString(), "--area", broken.toString()}, window)),
            broken + " line ");

        assertBadInput(cli(concat(new String[] {"query", "--index", dir.resolve("missing.geomatch").toString(), "--wkt", SQUARE}, window)),
            "index file " + dir.resolve("missing.geomatch") + " does not exist");

        Path corrupt = dir.resolve("corrupt.geomatch");
        byte[] bytes = Files.readAllBytes(keep);
        bytes[bytes.length - 3] ^= 1;
        Files.write(corrupt, bytes);
        assertBadInput(cli(concat(new String[] {"query", "--index", corrupt.toString(), "--wkt", SQUARE}, window)),
            "index file " + corrupt + " section ");

        assertBadInput(cli(concat(new String[] {"query", "--index", keep.toString(), "--circle", "41.9,-87.7"}, window)),
            "--circle '41.9,-87.7' must be LAT,LON,METERS");
        assertBadInput(cli(concat(new String[] {"query", "--index", keep.toString(), "--cells", "zz"}, window)),
            "--cells zz is not an H3 cell");
        assertBadInput(cli(concat(new String[] {"query", "--index", keep.toString(), "--cells", "8a2664c1a6b7fff", "--wkt", SQUARE}, window)),
            "");
        assertBadInput(cli(concat(new String[] {"query", "--index", keep.toString(), "--cells", "123"}, window)),
            "cells 123 is not a valid H3 cell index");
        assertBadInput(cli(concat(new String[] {"query", "--index", keep.toString(), "--wkt", SQUARE,
            "--from", "soon", "--to", "2026-11-03T14:30:00Z"}, new String[0])), "--from soon is not an ISO-8601 instant");
    }

    @Test
    void shouldQueryByViewWithTheViewColumns() throws IOException {
        // Cameras 8 and 9 stand 100 m north of the square's north edge (41.91): 8 faces it, 9 faces away.
        cameras = write("views.csv",
            "id,lat,lon,heading_deg,fov_deg,range_m",
            "1,41.905,-87.695,,,",
            "8,41.9109,-87.695,180,90,150",
            "9,41.9109,-87.695,0,90,150");
        footage = write("views-footage.csv",
            "camera_id,start,end",
            "1,2026-11-03T14:00:00Z,2026-11-03T14:00:30Z",
            "8,2026-11-03T14:00:00Z,2026-11-03T14:00:30Z",
            "9,2026-11-03T14:00:00Z,2026-11-03T14:00:30Z");
        assertThat(buildIndex().code()).isZero();
        String[] window = {"--from", "2026-11-03T13:00:00Z", "--to", "2026-11-03T15:00:00Z", "--now", "2026-11-04T00:00:00Z"};
        CliRun byPosition = cli(Stream.concat(Stream.of("query", "--index", index.toString(), "--wkt", SQUARE), Stream.of(window))
            .toArray(String[]::new));
        CliRun byView = cli(Stream.concat(Stream.of("query", "--index", index.toString(), "--wkt", SQUARE, "--view"), Stream.of(window))
            .toArray(String[]::new));
        assertThat(byPosition.out()).isEqualTo("1\n");
        assertThat(byView.out()).as(byView.err()).isEqualTo("1\n8\n");
        CliRun circle = cli(Stream.concat(Stream.of("query", "--index", index.toString(), "--circle", "41.905,-87.695,500", "--view"),
            Stream.of(window)).toArray(String[]::new));
        assertThat(circle.code()).isEqualTo(2);
        assertThat(circle.err()).startsWith("error: mode VIEW needs a polygon area, not circle").doesNotContain("\tat ");
        Path partial = write("partial.csv", "id,lat,lon,heading_deg,fov_deg,range_m", "1,41.9,-87.7,90,,20");
        CliRun bad = cli("index", "--cameras", partial.toString(), "--bucket", "60", "--out", dir.resolve("bad.geomatch").toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("error: " + partial
            + " line 2: fov_deg '' is missing: give heading_deg, fov_deg and range_m together, or none of them\n");
        assertThat(dir.resolve("bad.geomatch")).doesNotExist();
    }

    @Test
    @Timeout(60)
    void shouldNameADirectoryThatIsALinkToNothingOrAFile() throws IOException {
        // A data directory on a volume that is not mounted: the link is there, what it leads to is not.
        Path link = Files.createSymbolicLink(dir.resolve("data"), dir.resolve("unmounted").resolve("data"));
        String leadsNowhere = link + " is a symbolic link that leads to no file (its target is missing, or the links form a loop)";
        assertBadInput(cli("store", "init", "--store", link.toString(), "--bucket", "60"), leadsNowhere);
        assertBadInput(cli("serve", "--data", link.toString(), "--port", "0"), leadsNowhere);
        assertThat(dir.resolve("unmounted")).as("nothing made through the link").doesNotExist();

        Path file = write("plain.txt", "not a directory");
        assertBadInput(cli("store", "init", "--store", file.toString(), "--bucket", "60"),
            "--store " + file + " is a file, not a directory");
        assertBadInput(cli("serve", "--data", file.toString(), "--port", "0"), file + " already exists and is not a directory");
        assertThat(file).hasContent("not a directory");
    }

    @Test
    @Timeout(60)
    void shouldRefuseAnIndexThatIsADirectoryOrAFifoRatherThanFailOnReadOrBlock() throws Exception {
        String[] window = {"--from", "2026-11-03T13:30:00Z", "--to", "2026-11-03T14:30:00Z", "--wkt", SQUARE};
        Path directory = Files.createDirectory(dir.resolve("adir"));
        assertBadInput(cli(concat(new String[] {"query", "--index", directory.toString()}, window)), "--index " + directory + " is not a regular file");
        Path fifo = dir.resolve("index-fifo");
        Assumptions.assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo is available");
        assertBadInput(cli(concat(new String[] {"query", "--index", fifo.toString()}, window)), "--index " + fifo + " is not a regular file");
    }

    @Test
    void shouldRefuseASampleWhoseHistoryLiesOutsideTheInstantsAnIndexTakes() throws IOException {
        // A present whose history would start before the first instant an index takes, or after its last.
        for (String now : new String[] {"-9223372036854775808", "9223372036854775807", "1000000000000001", "-1000000000000000"}) {
            assertBadInput(cli("sample", "--cameras", "10", "--now", now, "--out-cameras", dir.resolve("c.csv").toString(),
                "--out-footage", dir.resolve("f.csv").toString()), "--now " + now + " is out of range, allowed ");
        }
        assertThat(dir.resolve("c.csv")).doesNotExist();
    }

    @Test
    void shouldRefuseToWriteOverAnInputOrOverAnythingButAFile() throws Exception {
        byte[] camerasBefore = Files.readAllBytes(cameras);
        assertBadInput(cli("index", "--cameras", cameras.toString(), "--footage", footage.toString(), "--bucket", "60", "--out", cameras.toString()),
            "--out " + cameras + " is also given as --cameras: give a file of its own");
        assertThat(Files.readAllBytes(cameras)).as("the input is left as it was").isEqualTo(camerasBefore);
        // The same file by another name.
        Path footageAgain = dir.resolve(".").resolve("footage.csv");
        assertBadInput(cli("index", "--cameras", cameras.toString(), "--footage", footage.toString(), "--bucket", "60", "--out", footageAgain.toString()),
            "--out " + footageAgain + " is also given as --footage");

        // A FIFO (or a device such as /dev/null) would be replaced by the new file, not written to.
        Path fifo = dir.resolve("fifo");
        Assumptions.assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo is available");
        assertBadInput(cli("index", "--cameras", cameras.toString(), "--footage", footage.toString(), "--bucket", "60", "--out", fifo.toString()),
            "--out " + fifo + " is not a regular file, and writing replaces it");
        assertThat(fifo).exists();
        assertThat(Files.isRegularFile(fifo)).as("still a FIFO").isFalse();

        Path same = dir.resolve("same.csv");
        assertBadInput(cli("sample", "--cameras", "10", "--out-cameras", same.toString(), "--out-footage", same.toString()),
            "--out-footage " + same + " is also given as --out-cameras");
        assertThat(same).doesNotExist();
    }

    @Test
    void shouldEscapeWhatATerminalWouldActOnInAnErrorLine() throws IOException {
        // A file name with an escape sequence (red text), a carriage return (to overwrite the line) and a
        // right-to-left override: the first and last shown, not acted on; the line break a space, as in any message.
        String name = "in\u001b[31mdex\rerror: all good\u202egeomatch";
        Path missing = dir.resolve(name);
        String[] window = {"--from", "2026-11-03T13:30:00Z", "--to", "2026-11-03T14:30:00Z"};
        CliRun run = cli(concat(new String[] {"query", "--index", missing.toString(), "--wkt", SQUARE}, window));
        assertBadInput(run, "index file " + dir.resolve("in\\u001b[31mdex error: all good\\u202egeomatch") + " does not exist");
        assertThat(run.err()).doesNotContain("\u001b", "\r", "\u202e");
    }
}
