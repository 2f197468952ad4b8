package io.geomatch.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A batch hands back exactly the changes added to it, in order, with every camera setting. */
class MutationsTest {
    @Test
    void shouldVisitEveryChangeInOrder() {
        Camera a = Camera.at(1L, 41.8781, -87.6298).retentionDays(180);
        Camera b = Camera.at(2L, -33.9, 151.2).optedIn(false).e2ee(true).retentionDays(1);
        Mutations m = new Mutations().upsertCamera(a).addFootage(1L, 10, 20).deleteCamera(2L).upsertCamera(b).advanceClock(99);
        for (int i = 0; i < 100; i++) {
            m.addFootage(2L, i, i + 1);
        }
        List<String> seen = new ArrayList<>();
        m.forEach(new Mutations.Visitor() {
            @Override
            public void upsertCamera(Camera camera) {
                seen.add("upsert " + camera);
            }

            @Override
            public void deleteCamera(long id) {
                seen.add("delete " + id);
            }

            @Override
            public void addFootage(long cameraId, long startMillis, long endMillis) {
                seen.add("footage " + cameraId + " " + startMillis + " " + endMillis);
            }

            @Override
            public void advanceClock(long nowMillis) {
                seen.add("clock " + nowMillis);
            }
        });
        assertThat(m.size()).isEqualTo(105);
        assertThat(seen).hasSize(105).startsWith("upsert " + a, "footage 1 10 20", "delete 2", "upsert " + b, "clock 99")
            .endsWith("footage 2 99 100");
        m.clear();
        assertThat(m.size()).isZero();
        m.forEach(new Mutations.Visitor() {
            @Override
            public void upsertCamera(Camera camera) {
                throw new AssertionError();
            }

            @Override
            public void deleteCamera(long id) {
                throw new AssertionError();
            }

            @Override
            public void addFootage(long cameraId, long startMillis, long endMillis) {
                throw new AssertionError();
            }

            @Override
            public void advanceClock(long nowMillis) {
                throw new AssertionError();
            }
        });
    }
}
