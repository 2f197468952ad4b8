package io.geomatch.core.internal.segment;

import io.geomatch.core.Area;
import io.geomatch.core.Camera;
import io.geomatch.core.GeoIndex;
import io.geomatch.core.GeoIndexBuilder;
import io.geomatch.core.MatchMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Snapshots of every format version still open and answer as before. The resource
 * {@code snapshots/v2-sample.geomatch} was written by the library at commit a7629db (format
 * version 2) from the dataset that {@link #sample()} rebuilds here, with the same seed, through
 * today's API; {@code snapshots/v3-sample.geomatch} by the library at commit 42d232d (format
 * version 3, views but no block table), {@code snapshots/v4-sample.geomatch} by the library
 * that introduced format version 4 (the block table) and {@code snapshots/v5-sample.geomatch} by
 * the library that introduced format version 5 (4-byte runs), all three from the dataset of
 * {@link #sampleWithViews()}.
 */
class SnapshotVersionTest {
    private static final long T0 = 1_762_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void shouldOpenAVersionTwoSnapshotAndAnswerAsTheSameDataBuiltToday() throws IOException {
        GeoIndex old = GeoIndex.open(resource(2));
        GeoIndex today = sample();
        assertThat(old.cameraCount()).isEqualTo(300);
        assertSameAnswers(old, today);
        // Without views, a view query answers as by position.
        Area square = Area.wkt("POLYGON ((-87.7 41.8, -87.6 41.8, -87.6 41.9, -87.7 41.9, -87.7 41.8))");
        assertThat(old.matchIds(square, T0, T0 + 3 * 86_400_000L, T0 + 3 * 86_400_000L, MatchMode.VIEW))
            .containsExactly(old.matchIds(square, T0, T0 + 3 * 86_400_000L, T0 + 3 * 86_400_000L)).isNotEmpty();
    }

    @Test
    void shouldOpenVersionThreeFourAndFiveSnapshotsAndAnswerAsTheSameDataBuiltToday() throws IOException {
        GeoIndex today = sampleWithViews();
        for (int version : new int[] {3, 4, 5}) {
            GeoIndex old = GeoIndex.open(resource(version));
            assertThat(old.cameraCount()).isEqualTo(300);
            assertSameAnswers(old, today);
            Area square = Area.wkt("POLYGON ((-87.69 41.81, -87.62 41.81, -87.62 41.88, -87.69 41.88, -87.69 41.81))");
            long[] byView = today.matchIds(square, T0, T0 + 3 * 86_400_000L, T0 + 3 * 86_400_000L, MatchMode.VIEW);
            assertThat(byView).as("views add cameras").hasSizeGreaterThan(
                today.matchIds(square, T0, T0 + 3 * 86_400_000L, T0 + 3 * 86_400_000L).length);
            assertThat(old.matchIds(square, T0, T0 + 3 * 86_400_000L, T0 + 3 * 86_400_000L, MatchMode.VIEW)).as("version %d", version)
                .containsExactly(byView);
            old.verify();
        }
        // Today's snapshot of the same data is byte for byte the version-5 sample: the format has not moved.
        Path written = dir.resolve("today.geomatch");
        today.snapshot(written);
        assertThat(Files.readAllBytes(written)).isEqualTo(Files.readAllBytes(resource(5)));
    }

    private Path resource(int version) throws IOException {
        Path file = dir.resolve("v" + version + "-sample.geomatch");
        try (InputStream in = SnapshotVersionTest.class.getResourceAsStream("/snapshots/v" + version + "-sample.geomatch")) {
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        assertThat(Files.readAllBytes(file)[8]).as("format version byte").isEqualTo((byte) version);
        return file;
    }

    private static void assertSameAnswers(GeoIndex old, GeoIndex today) {
        SplittableRandom random = new SplittableRandom(7);
        int matched = 0;
        for (int q = 0; q < 200; q++) {
            double lat = 41.8 + random.nextDouble() * 0.1;
            double lon = -87.7 + random.nextDouble() * 0.1;
            Area area = Area.circle(lat, lon, 500 + random.nextInt(3000));
            long from = T0 + random.nextLong(3 * 86_400_000L);
            long to = from + 1 + random.nextLong(12 * 3_600_000L);
            long now = to + random.nextLong(30 * 86_400_000L);
            long[] expected = today.matchIds(area, from, to, now);
            assertThat(old.matchIds(area, from, to, now)).as("query %d", q).containsExactly(expected);
            matched += expected.length;
        }
        assertThat(matched).isGreaterThan(50);
    }

    /** The sample's dataset, drawn in the order the version-2 writer drew it. */
    private static GeoIndex sample() {
        GeoIndexBuilder b = GeoIndex.builder(60_000);
        SplittableRandom random = new SplittableRandom(2026);
        for (int i = 0; i < 300; i++) {
            double lat = 41.8 + random.nextDouble() * 0.1;
            double lon = -87.7 + random.nextDouble() * 0.1;
            boolean optedIn = random.nextInt(10) > 0;
            boolean e2ee = random.nextInt(20) == 0;
            int retention = 1 + random.nextInt(30);
            b.addCamera(Camera.at(1000 + i, lat, lon).optedIn(optedIn).e2ee(e2ee).retentionDays(retention));
        }
        for (int i = 0; i < 300; i++) {
            for (int k = random.nextInt(4); k > 0; k--) {
                long start = T0 + random.nextLong(3 * 86_400_000L);
                b.addFootage(1000 + i, start, start + 1 + random.nextLong(3_600_000L));
            }
        }
        return b.build();
    }

    /** The dataset of {@link #sample()}, with a view for every third camera, drawn from a stream of its own. */
    private static GeoIndex sampleWithViews() {
        GeoIndexBuilder b = GeoIndex.builder(60_000);
        SplittableRandom random = new SplittableRandom(2026);
        SplittableRandom views = new SplittableRandom(2027);
        for (int i = 0; i < 300; i++) {
            double lat = 41.8 + random.nextDouble() * 0.1;
            double lon = -87.7 + random.nextDouble() * 0.1;
            boolean optedIn = random.nextInt(10) > 0;
            boolean e2ee = random.nextInt(20) == 0;
            int retention = 1 + random.nextInt(30);
            Camera camera = Camera.at(1000 + i, lat, lon).optedIn(optedIn).e2ee(e2ee).retentionDays(retention);
            if (i % 3 == 0) {
                camera = camera.view(views.nextInt(360), 10 + views.nextInt(351), 5 + views.nextInt(196));
            }
            b.addCamera(camera);
        }
        for (int i = 0; i < 300; i++) {
            for (int k = random.nextInt(4); k > 0; k--) {
                long start = T0 + random.nextLong(3 * 86_400_000L);
                b.addFootage(1000 + i, start, start + 1 + random.nextLong(3_600_000L));
            }
        }
        return b.build();
    }
}
