package io.geomatch.core.io;

import io.geomatch.core.GeoIndex;
import io.geomatch.core.GeoIndexBuilder;
import io.geomatch.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CameraCsvTest {
    @TempDir
    Path tmp;

    private Path file(String name, String text) throws IOException {
        Path file = tmp.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void shouldRefuseAColumnThatLooksLikeAMissingOptionalOneRatherThanGiveEveryRowItsDefault() throws IOException {
        // Each header would otherwise load: the misspelt column ignored, and its default (opted in, not
        // end-to-end encrypted, no view) taken for every camera.
        String[][] cases = {
            {"id,lat,lon,optedin", "optedin", "opted_in"},
            {"id,lat,lon,Opted-In", "opted-in", "opted_in"},
            {"id,lat,lon,e2e", "e2e", "e2ee"},
            {"id,lat,lon,retention", "retention", "retention_days"},
            {"id,lat,lon,retension_days", "retension_days", "retention_days"},
            {"id,lat,lon,heading,fov_deg,range_m", "heading", "heading_deg"},
        };
        for (String[] c : cases) {
            String fields = ",true".repeat(c[0].split(",").length - 3);
            Path csv = file("cameras.csv", c[0] + "\n1,41.9,-87.7" + fields.replace("true", "1") + "\n");
            assertThatThrownBy(() -> CameraCsv.load(csv, GeoIndex.builder(60_000)))
                .as(c[0]).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(csv + " line 1: header '" + c[0] + "' has column '" + c[1] + "', which is not '" + c[2] + "'");
        }
        // Columns that are nothing like a missing one, and a near name beside the real column, are still ignored.
        Path fine = file("fine.csv", "id,lat,lon,opted_in,optedin,notes,colour\n1,41.9,-87.7,false,true,x,red\n");
        assertThat(CameraCsv.load(fine, GeoIndex.builder(60_000))).isEqualTo(1);
    }

    @Test
    void shouldLoadCamerasWithColumnsInAnyOrderIgnoringUnknownOnes() throws IOException {
        Path file = file("cameras.csv", "\uFEFFnotes,LON,Id,lat,retention_days,e2ee,opted_in\r\n"
            + "\"porch, front\",-87.6,1,41.8,7,true,false\r\n"
            + "\r\n"
            + ",-87.5,2,41.9,,,\r\n");
        GeoIndexBuilder builder = GeoIndex.builder(60_000);

        long loaded = CameraCsv.load(file, builder);

        assertThat(loaded).isEqualTo(2);
        assertThat(builder.cameraCount()).isEqualTo(2);
    }

    @Test
    void shouldLoadWithOnlyRequiredColumns() throws IOException {
        Path file = file("cameras.csv", "id,lat,lon\n1,41.8,-87.6\n2,-90,180\n3,90,-180\n");
        GeoIndexBuilder builder = GeoIndex.builder(1);

        assertThat(CameraCsv.load(file, builder)).isEqualTo(3);
        assertThat(builder.cameraCount()).isEqualTo(3);
    }

    @Test
    void shouldLocateBuilderErrorsAtTheirLine() throws IOException {
        Path badLat = file("lat.csv", "id,lat,lon\n1,41.8,-87.6\n2,95,-87.6\n");
        Path duplicate = file("dup.csv", "id,lat,lon\n7,41.8,-87.6\n\n7,41.9,-87.6\n");
        Path retention = file("retention.csv", "id,lat,lon,retention_days\n1,41.8,-87.6,0\n");

        assertThatThrownBy(() -> CameraCsv.load(badLat, GeoIndex.builder(1)))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageStartingWith(badLat + " line 3: lat 95")
            .satisfies(e -> assertThat(((InvalidInputException) e).line()).isEqualTo(3));
        assertThatThrownBy(() -> CameraCsv.load(duplicate, GeoIndex.builder(1)))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageStartingWith(duplicate + " line 4: id 7 ");
        assertThatThrownBy(() -> CameraCsv.load(retention, GeoIndex.builder(1)))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageStartingWith(retention + " line 2: retention_days 0 is out of range");
    }

    @Test
    void shouldKeepRowsBeforeTheFailingLine() throws IOException {
        Path file = file("cameras.csv", "id,lat,lon\n1,41.8,-87.6\n2,41.9,-87.6\n3,41.9,west\n");
        GeoIndexBuilder builder = GeoIndex.builder(1);

        assertThatThrownBy(() -> CameraCsv.load(file, builder))
            .isInstanceOf(InvalidInputException.class)
            .hasMessage(file + " line 4: lon west is not a number");
        assertThat(builder.cameraCount()).isEqualTo(2);
    }

    @Test
    void shouldRejectBadRowsNamingFieldValueAndLine() throws IOException {
        Path missing = file("missing.csv", "id,lon\n1,2\n");
        Path flag = file("flag.csv", "id,lat,lon,opted_in\n1,41.8,-87.6,yes\n");
        Path id = file("id.csv", "id,lat,lon\ncam-1,41.8,-87.6\n");
        Path days = file("days.csv", "id,lat,lon,retention_days\n1,41.8,-87.6,30.5\n");

        assertThatThrownBy(() -> CameraCsv.load(missing, GeoIndex.builder(1)))
            .hasMessage(missing + " line 1: header 'id,lon' is missing required column 'lat'");
        assertThatThrownBy(() -> CameraCsv.load(flag, GeoIndex.builder(1)))
            .hasMessage(flag + " line 2: opted_in yes is not a boolean, allowed true or false");
        assertThatThrownBy(() -> CameraCsv.load(id, GeoIndex.builder(1)))
            .hasMessage(id + " line 2: id cam-1 is not an integer, allowed -9223372036854775808..9223372036854775807");
        assertThatThrownBy(() -> CameraCsv.load(days, GeoIndex.builder(1)))
            .hasMessage(days + " line 2: retention_days 30.5 is not an integer, allowed -2147483648..2147483647");
    }

    @Test
    void shouldReportProgressEveryHundredThousandRowsAndAtTheEnd() throws IOException {
        Path file = tmp.resolve("many.csv");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("id,lat,lon\n");
            for (int i = 0; i < 200_001; i++) {
                out.write(i + ",41.8,-87.6\n");
            }
        }
        List<String> reports = new ArrayList<>();
        GeoIndexBuilder builder = GeoIndex.builder(1);

        long loaded = CameraCsv.load(file, builder, (phase, done, total) -> reports.add(phase + " " + done + "/" + total));

        assertThat(loaded).isEqualTo(200_001);
        assertThat(builder.cameraCount()).isEqualTo(200_001);
        assertThat(reports).containsExactly("cameras 100000/-1", "cameras 200000/-1", "cameras 200001/200001");
    }

    @Test
    void shouldReadViewsGivenWholeAndRefuseThemGivenInPart() throws IOException {
        // A house 20 m wide at the origin; camera 1 stands 15 m east of it and faces it, camera 2 faces away,
        // camera 3 has empty view fields (no view), camera 4 has no view columns set at all.
        Path file = file("cameras.csv", "id,lat,lon,heading_deg,fov_deg,range_m\n"
            + "1,0.00009,0.00031,270,120,25\n"
            + "2,0.00009,0.00031,90,120,25\n"
            + "3,0.00009,0.00031,,,\n");
        GeoIndexBuilder builder = GeoIndex.builder(60_000);
        assertThat(CameraCsv.load(file, builder)).isEqualTo(3);
        for (long id = 1; id <= 3; id++) {
            builder.addFootage(id, 0, 1);
        }
        io.geomatch.core.Area house = io.geomatch.core.Area.wkt("POLYGON ((0 0, 0.00018 0, 0.00018 0.00018, 0 0.00018, 0 0))");
        GeoIndex index = builder.build();
        assertThat(index.matchIds(house, 0, 1, 1, io.geomatch.core.MatchMode.VIEW)).containsExactly(1L);
        assertThat(index.matchIds(house, 0, 1, 1)).isEmpty();

        Path partial = file("partial.csv", "id,lat,lon,heading_deg,fov_deg,range_m\n1,0,0,270,120,25\n2,0,0,270,,25\n");
        assertThatThrownBy(() -> CameraCsv.load(partial, GeoIndex.builder(1)))
            .isInstanceOf(InvalidInputException.class)
            .hasMessage(partial + " line 3: fov_deg '' is missing: give heading_deg, fov_deg and range_m together, or none of them");
        Path wide = file("wide.csv", "id,lat,lon,heading_deg,fov_deg,range_m\n1,0,0,360,120,25\n");
        assertThatThrownBy(() -> CameraCsv.load(wide, GeoIndex.builder(1)))
            .isInstanceOf(InvalidInputException.class)
            .hasMessage(wide + " line 2: heading_deg 360.0 is out of range, allowed 0 (inclusive) to 360 (exclusive)");
        Path far = file("far.csv", "id,lat,lon,heading_deg,fov_deg,range_m\n1,0,0,0,120,250\n");
        assertThatThrownBy(() -> CameraCsv.load(far, GeoIndex.builder(1)))
            .isInstanceOf(InvalidInputException.class)
            .hasMessage(far + " line 2: range_m 250.0 is out of range, allowed above 0 up to 200");
    }
}
