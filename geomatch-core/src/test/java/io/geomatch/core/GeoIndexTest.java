package io.geomatch.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What closing an index does: later calls fail cleanly; what was handed out before stays valid.
 * And what an index says it holds off the heap, which a live index's memory budget counts.
 */
class GeoIndexTest {
    private static final long T = 1_762_000_000_000L;
    private static final Area HERE = Area.circle(41.8781, -87.6298, 10);

    @TempDir
    Path dir;

    @Test
    void shouldRefuseQueriesAfterCloseAndKeepWhatWasHandedOut() throws Exception {
        GeoIndex index = GeoIndex.builder(60_000).addCamera(Camera.at(42L, 41.8781, -87.6298)).addFootage(42L, T, T + 1).build();
        Matches before = new Matches();
        index.match(HERE, T, T + 1, T, before);
        LiveIndex live = LiveIndex.of(index, LiveOptions.defaults());

        index.close();
        index.close();

        assertThatThrownBy(() -> index.match(HERE, T, T + 1, T, new Matches())).isInstanceOf(IllegalStateException.class)
            .hasMessage("this GeoIndex is closed");
        assertThatThrownBy(() -> index.matchIds(HERE, T, T + 1, T)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> index.snapshot(dir.resolve("x.geomatch"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> LiveIndex.of(index, LiveOptions.defaults())).isInstanceOf(IllegalStateException.class);
        assertThat(before.ids()).as("a result taken before close").containsExactly(42L);
        assertThat(live.matchIds(HERE, T, T + 1, T)).as("a live index started before close").containsExactly(42L);
        assertThat(index.cameraCount()).isEqualTo(1);
        live.close();
    }

    @Test
    void shouldLetQueriesRacingCloseFinishOrFailCleanly() throws Exception {
        GeoIndexBuilder b = GeoIndex.builder(60_000);
        for (int i = 0; i < 2_000; i++) {
            b.addCamera(Camera.at(i, 41.8781 + i * 1e-6, -87.6298)).addFootage(i, T, T + 1);
        }
        GeoIndex index = b.build();
        Area area = Area.circle(41.8781, -87.6298, 1_000);
        int[] answered = {0};
        Throwable[] unexpected = {null};
        Thread reader = new Thread(() -> {
            Matches m = new Matches();
            try {
                while (true) {
                    index.match(area, T, T + 1, T, m);
                    if (m.count() != 2_000) {
                        throw new AssertionError("a query racing close answered " + m.count());
                    }
                    answered[0]++;
                }
            } catch (IllegalStateException e) {
                // The clean refusal once closed.
            } catch (Throwable t) {
                unexpected[0] = t;
            }
        });
        reader.start();
        Thread.sleep(50);
        index.close();
        reader.join(10_000);
        assertThat(reader.isAlive()).isFalse();
        assertThat(unexpected[0]).isNull();
        assertThat(answered[0]).isPositive();
    }

    @Test
    void shouldCountTheViewsInTheOffHeapBytesAsALiveIndexDoes() throws Exception {
        GeoIndexBuilder plain = GeoIndex.builder(60_000);
        GeoIndexBuilder viewing = GeoIndex.builder(60_000);
        for (int i = 0; i < 100; i++) {
            Camera camera = Camera.at(i, 41.8781 + i * 1e-4, -87.6298);
            plain.addCamera(camera).addFootage(i, T, T + 1);
            // Every third camera has a view: 34 views of 8 bytes each.
            viewing.addCamera(i % 3 == 0 ? camera.view(90, 60, 30) : camera).addFootage(i, T, T + 1);
        }
        try (GeoIndex without = plain.build(); GeoIndex with = viewing.build()) {
            assertThat(with.offHeapBytes()).isEqualTo(without.offHeapBytes() + 34 * Long.BYTES);
            try (LiveIndex live = LiveIndex.of(with, LiveOptions.defaults())) {
                assertThat(live.offHeapBytes()).as("what the live index's budget counts for its base").isEqualTo(with.offHeapBytes());
            }
        }
    }
}
