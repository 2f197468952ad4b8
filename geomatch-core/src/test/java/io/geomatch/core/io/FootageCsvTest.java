package io.geomatch.core.io;

import io.geomatch.core.GeoIndex;
import io.geomatch.core.GeoIndexBuilder;
import io.geomatch.core.InvalidInputException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FootageCsvTest {
    @TempDir
    Path tmp;

    private GeoIndexBuilder builder;

    @BeforeEach
    void addCameras() throws IOException {
        builder = GeoIndex.builder(60_000);
        CameraCsv.load(file("cameras.csv", "id,lat,lon\n1,41.8,-87.6\n2,41.9,-87.5\n"), builder);
    }

    private Path file(String name, String text) throws IOException {
        Path file = tmp.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void shouldLoadIsoAndEpochInstantsWithColumnsInAnyOrder() throws IOException {
        Path file = file("footage.csv", "END,note,camera_id,start\r\n"
            + "2026-11-03T14:30:00Z,,1,2026-11-03T14:00:00Z\r\n"
            + "2026-11-03T16:00:00.250+02:00,\"a, b\",2,2026-11-03T13:59:59.999Z\r\n"
            + "\r\n"
            + "1793714460000,x,1,1793714400000\r\n");
        List<String> reports = new ArrayList<>();

        long loaded = FootageCsv.load(file, builder, (phase, done, total) -> reports.add(phase + " " + done + "/" + total));

        assertThat(loaded).isEqualTo(3);
        assertThat(builder.footageCount()).isEqualTo(3);
        assertThat(reports).containsExactly("footage 3/3");
    }

    @Test
    void shouldLocateBuilderErrorsAtTheirLine() throws IOException {
        Path unknown = file("unknown.csv", "camera_id,start,end\n1,0,1000\n99,0,1000\n");
        Path reversed = file("reversed.csv", "camera_id,start,end\n\n1,2026-11-03T14:00:00Z,2026-11-03T14:00:00Z\n");

        assertThatThrownBy(() -> FootageCsv.load(unknown, builder))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageStartingWith(unknown + " line 3: camera_id 99 ");
        assertThatThrownBy(() -> FootageCsv.load(reversed, builder))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageStartingWith(reversed + " line 3: end 1793714400000 ");
        assertThat(builder.footageCount()).isEqualTo(1);
    }

    @Test
    void shouldRejectBadInstantsNamingFieldValueAndLine() throws IOException {
        Path local = file("local.csv", "camera_id,start,end\n1,2026-11-03T14:00:00,2026-11-03T15:00:00Z\n");
        Path fine = file("fine.csv", "camera_id,start,end\n1,0,1000\n2,0,2026-11-03T15:00:00.0001Z\n");
        Path missing = file("missing.csv", "camera_id,start\n1,0\n");

        assertThatThrownBy(() -> FootageCsv.load(local, builder))
            .isInstanceOf(InvalidInputException.class)
            .hasMessage(local + " line 2: start 2026-11-03T14:00:00 is not an ISO-8601 instant or epoch milliseconds");
        assertThatThrownBy(() -> FootageCsv.load(fine, builder))
            .isInstanceOf(InvalidInputException.class)
            .hasMessage(fine + " line 3: end 2026-11-03T15:00:00.0001Z has sub-millisecond precision,"
                + " allowed at most 3 fractional digits");
        assertThatThrownBy(() -> FootageCsv.load(missing, builder))
            .isInstanceOf(InvalidInputException.class)
            .hasMessage(missing + " line 1: header 'camera_id,start' is missing required column 'end'");
    }
}
