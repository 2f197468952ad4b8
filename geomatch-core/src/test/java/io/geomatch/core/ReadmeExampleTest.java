package io.geomatch.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The usage snippet of the README, line for line, so that it keeps compiling and keeps being true. */
class ReadmeExampleTest {
    @TempDir
    Path dir;

    @Test
    void shouldRunTheReadmeSnippet() throws IOException {
        long start = Instant.now().minusSeconds(3_600).toEpochMilli();
        long end = start + 30_000;
        long from = start - 60_000;
        long to = end + 60_000;

        GeoIndex index = GeoIndex.builder(60_000)
            .addCamera(Camera.at(42L, 41.8781, -87.6298))
            .addFootage(42L, start, end)
            .build();
        Area area = Area.wkt("POLYGON ((-87.64 41.87, -87.62 41.87, -87.62 41.89, -87.64 41.89, -87.64 41.87))");
        Matches matches = new Matches();
        index.match(area, from, to, System.currentTimeMillis(), matches);
        long[] ids = matches.ids();
        index.snapshot(dir.resolve("cameras.geomatch"));

        assertThat(ids).containsExactly(42L);
        assertThat(GeoIndex.open(dir.resolve("cameras.geomatch")).matchIds(area, from, to, System.currentTimeMillis()))
            .containsExactly(42L);
    }

    @Test
    void shouldRunTheReadmeLiveSnippet() throws IOException {
        long start = Instant.now().minusSeconds(3_600).toEpochMilli();
        long end = start + 30_000;
        long from = start - 60_000;
        long to = end + 60_000;
        Area area = Area.wkt("POLYGON ((-87.64 41.87, -87.62 41.87, -87.62 41.89, -87.64 41.89, -87.64 41.87))");
        Path dir = this.dir.resolve("store");

        try (GeoStore store = GeoStore.create(dir, 60_000, LiveOptions.defaults().maxRetentionDays(180), StoreOptions.defaults())) {
            store.apply(new Mutations()                                   // durable (fsync) and visible on return
                .upsertCamera(Camera.at(42L, 41.8781, -87.6298))
                .addFootage(42L, start, end));
            long[] ids = store.view().matchIds(area, from, to, System.currentTimeMillis());
            store.apply(new Mutations().upsertCamera(Camera.at(42L, 41.8781, -87.6298).optedIn(false)));  // opt-out: next query
            assertThat(ids).containsExactly(42L);
            assertThat(store.view().matchIds(area, from, to, System.currentTimeMillis())).isEmpty();
        }
        try (GeoStore store = GeoStore.open(dir, StoreOptions.defaults())) {          // after a stop or a crash
            assertThat(store.view().cameraCount()).isEqualTo(1);
        }
    }
}
