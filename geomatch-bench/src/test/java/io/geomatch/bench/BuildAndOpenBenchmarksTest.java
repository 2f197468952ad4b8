package io.geomatch.bench;

import io.geomatch.core.Area;
import io.geomatch.core.GeoIndex;
import io.geomatch.world.CameraWorld;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks what the build and open benchmarks compute, on a small world: the build makes an index of
 * every camera, and the opened snapshot (verified or not) holds the same cameras and answers a
 * world-wide query as the built index does; the temporary snapshot is removed afterwards.
 */
class BuildAndOpenBenchmarksTest {
    private static final int CAMERAS = 5_000;
    private static final Area WORLD = Area.wkt("POLYGON ((-180 -90, 180 -90, 180 90, -180 90, -180 -90))");

    @Test
    void shouldBuildEveryCamera() {
        GeoIndexBuildBenchmark bench = new GeoIndexBuildBenchmark();
        bench.cameras = CAMERAS;
        bench.setup();
        assertThat(bench.build()).isEqualTo(CAMERAS);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldOpenTheSnapshotOfTheWorld(boolean verify) throws IOException {
        GeoIndexOpenBenchmark bench = new GeoIndexOpenBenchmark();
        bench.cameras = CAMERAS;
        bench.snapshot = "";
        bench.verify = verify;
        bench.setup();
        Path file = bench.file();
        assertThat(file).exists();
        try {
            assertThat(bench.open()).isEqualTo(CAMERAS);
            CameraWorld world = CameraWorld.generate(CAMERAS, GeoIndexQueryBenchmark.HISTORY_DAYS, CameraWorld.DEFAULT_NOW_MILLIS,
                GeoIndexQueryBenchmark.DATA_SEED);
            long now = world.nowMillis();
            long[] expected = world.buildIndex(GeoIndexQueryBenchmark.BUCKET_MILLIS).matchIds(WORLD, now - 86_400_000L, now, now);
            assertThat(expected).isNotEmpty();
            assertThat(GeoIndex.open(file).matchIds(WORLD, now - 86_400_000L, now, now)).containsExactly(expected);
        } finally {
            bench.tearDown();
        }
        assertThat(file).doesNotExist();
    }
}
