package io.geomatch.examples.cli;

import io.geomatch.world.CameraWorld;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code sample} writes exactly the seeded world, in files that {@code index} accepts. */
class SampleCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldWriteTheSeededWorldAsCsvThatIndexAccepts() throws IOException {
        Path cameras = dir.resolve("cameras.csv");
        Path footage = dir.resolve("footage.csv");
        StringWriter err = new StringWriter();
        int code = GeomatchCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "sample", "--cameras", "500",
            "--days", "2", "--seed", "9", "--out-cameras", cameras.toString(), "--out-footage", footage.toString());
        assertThat(code).as(err.toString()).isZero();

        CameraWorld world = CameraWorld.generate(500, 2, Instant.parse(CameraWorld.DEFAULT_NOW).toEpochMilli(), 9);
        List<String> cameraLines = Files.readAllLines(cameras);
        assertThat(cameraLines).hasSize(501);
        String[] first = cameraLines.get(1).split(",");
        assertThat(Long.parseLong(first[0])).isEqualTo(world.ids()[0]);
        assertThat(Double.parseDouble(first[1])).isEqualTo(world.latDegrees()[0]);
        assertThat(Double.parseDouble(first[2])).isEqualTo(world.lonDegrees()[0]);
        List<String> footageLines = Files.readAllLines(footage);
        assertThat(footageLines).hasSize(world.footageCount() + 1);
        String[] clip = footageLines.get(footageLines.size() - 1).split(",");
        int last = world.footageCount() - 1;
        int lastCamera = 499;
        while (world.footageOffsets()[lastCamera] == world.footageOffsets()[lastCamera + 1]) {
            lastCamera--;
        }
        assertThat(Long.parseLong(clip[0])).isEqualTo(world.ids()[lastCamera]);
        assertThat(Instant.parse(clip[1]).toEpochMilli()).isEqualTo(world.footageStartMillis()[last]);
        assertThat(Instant.parse(clip[2]).toEpochMilli()).isEqualTo(world.footageStartMillis()[last] + world.footageDurationMillis()[last]);

        StringWriter indexErr = new StringWriter();
        int indexed = GeomatchCli.run(new PrintWriter(new StringWriter()), new PrintWriter(indexErr), "index", "--cameras",
            cameras.toString(), "--footage", footage.toString(), "--bucket", "60", "--out", dir.resolve("i.geomatch").toString());
        assertThat(indexed).as(indexErr.toString()).isZero();
        assertThat(indexErr.toString()).startsWith("indexed 500 cameras and " + String.format("%,d", world.footageCount()) + " footage intervals");
    }
}
