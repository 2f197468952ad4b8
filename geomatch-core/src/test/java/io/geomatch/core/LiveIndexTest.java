package io.geomatch.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The live index's rules one at a time: what a change does, what is refused, and that a refusal changes nothing. */
class LiveIndexTest {
    private static final long DAY = GeoIndex.MILLIS_PER_DAY;
    private static final long T = 1_762_000_000_000L;
    private static final Area AROUND = Area.circle(41.88, -87.63, 500);
    private static final Area ELSEWHERE = Area.circle(40.71, -74.0, 500);

    private static LiveIndex index() {
        return LiveIndex.create(60_000, LiveOptions.defaults().maxRetentionDays(30).latenessMillis(2 * DAY).mergeThreshold(16));
    }

    @Test
    void shouldShowEachChangeToTheNextQuery() {
        try (LiveIndex live = index()) {
            live.upsertCamera(Camera.at(1, 41.88, -87.63));
            assertThat(live.matchIds(AROUND, T, T + 3_600_000, T + DAY)).isEmpty();
            live.addFootage(1, T + 60_000, T + 120_000);
            assertThat(live.matchIds(AROUND, T, T + 3_600_000, T + DAY)).containsExactly(1L);
            live.upsertCamera(Camera.at(1, 41.88, -87.63).optedIn(false));
            assertThat(live.matchIds(AROUND, T, T + 3_600_000, T + DAY)).as("opted out: effective at once").isEmpty();
            live.upsertCamera(Camera.at(1, 41.88, -87.63).e2ee(true));
            assertThat(live.matchIds(AROUND, T, T + 3_600_000, T + DAY)).as("e2ee").isEmpty();
            live.upsertCamera(Camera.at(1, 41.88, -87.63));
            assertThat(live.matchIds(AROUND, T, T + 3_600_000, T + DAY)).containsExactly(1L);
        }
    }

    @Test
    void shouldKeepFootageWhenACameraMovesAndForgetItWhenDeleted() {
        try (LiveIndex live = index()) {
            live.upsertCamera(Camera.at(7, 41.88, -87.63));
            live.addFootage(7, T, T + 30_000);
            live.merge();
            live.upsertCamera(Camera.at(7, 40.71, -74.0));
            assertThat(live.matchIds(AROUND, T, T + 60_000, T + DAY)).isEmpty();
            assertThat(live.matchIds(ELSEWHERE, T, T + 60_000, T + DAY)).containsExactly(7L);
            live.deleteCamera(7);
            assertThat(live.matchIds(ELSEWHERE, T, T + 60_000, T + DAY)).isEmpty();
            live.upsertCamera(Camera.at(7, 40.71, -74.0));
            assertThat(live.matchIds(ELSEWHERE, T, T + 60_000, T + DAY)).as("re-added afresh, without the old footage").isEmpty();
            assertThat(live.seal().matchIds(ELSEWHERE, T, T + 60_000, T + DAY)).isEmpty();
            assertThat(live.view().cameraCount()).isEqualTo(1);
        }
    }

    @Test
    void shouldRefuseBadChangesWithoutChangingAnything() {
        try (LiveIndex live = index()) {
            live.upsertCamera(Camera.at(1, 41.88, -87.63));
            live.addFootage(1, T, T + 60_000);
            live.advanceClock(T + DAY);
            LiveView before = live.view();
            assertThatThrownBy(() -> live.addFootage(2, T, T + 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("camera_id 2 is not a known camera: add the camera before its footage");
            assertThatThrownBy(() -> live.deleteCamera(2))
                .hasMessage("id 2 is not a known camera: only existing cameras can be deleted");
            assertThatThrownBy(() -> live.addFootage(1, T + 5, T + 5))
                .hasMessage("end " + (T + 5) + " must be after start " + (T + 5));
            assertThatThrownBy(() -> live.addFootage(1, T - 2 * DAY, T - DAY))
                .hasMessage("end " + (T - DAY) + " is too late: footage must end after the clock " + (T + DAY)
                    + " minus the allowed lateness of 172800000 ms");
            assertThatThrownBy(() -> live.upsertCamera(Camera.at(3, 41.88, -87.63).retentionDays(31)))
                .hasMessage("retention_days 31 is out of range, allowed 1..30 (maxRetentionDays of the live index)");
            assertThatThrownBy(() -> live.upsertCamera(Camera.at(3, 95, -87.63).retentionDays(1)))
                .hasMessage("lat 95.0 is out of range, allowed -90..90");
            assertThatThrownBy(() -> live.advanceClock(T))
                .hasMessage("now " + T + " is before the clock " + (T + DAY) + ": the clock only advances");
            try (LiveView after = live.view()) {
                assertThat(after.opCount()).as("no change was published").isEqualTo(before.opCount()).isEqualTo(3);
                assertThat(after.deltaRows()).isEqualTo(before.deltaRows());
            }
            before.close();
            assertThatThrownBy(() -> live.matchIds(AROUND, T, T + 60_000, T))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("now " + T + " is before the live index clock " + (T + DAY));
            assertThat(live.matchIds(AROUND, T, T + 60_000, T + DAY)).containsExactly(1L);
        }
    }

    @Test
    void shouldDropFootageNoCameraCanRetainWithoutChangingAnswers() {
        try (LiveIndex live = index()) {
            live.upsertCamera(Camera.at(1, 41.88, -87.63));
            live.upsertCamera(Camera.at(2, 41.881, -87.63).retentionDays(1));
            for (int d = 0; d < 40; d++) {
                live.addFootage(1, T + d * DAY, T + d * DAY + 60_000);
                live.addFootage(2, T + d * DAY, T + d * DAY + 60_000);
            }
            assertThat(live.seal().footageRunCount()).isEqualTo(80);
            long clock = T + 35 * DAY;
            long[] before = live.matchIds(AROUND, T, T + 40 * DAY, clock);
            live.advanceClock(clock);
            // Buckets before the clock minus 30 days go; both cameras keep days 5..39.
            assertThat(live.seal().footageRunCount()).isEqualTo(70);
            assertThat(live.matchIds(AROUND, T, T + 40 * DAY, clock)).containsExactly(before);
            assertThat(live.matchIds(AROUND, T + 4 * DAY, T + 6 * DAY, clock)).containsExactly(1L);
        }
    }

    @Test
    void shouldBoundTheDeltaWhileMergingInTheBackground() {
        try (LiveIndex live = LiveIndex.create(1, LiveOptions.defaults().mergeThreshold(16))) {
            for (int c = 0; c < 50; c++) {
                live.upsertCamera(Camera.at(c, 41.88 + c * 1e-5, -87.63));
            }
            int largest = 0;
            for (int i = 0; i < 20_000; i++) {
                live.addFootage(i % 50, T + i * 1000L, T + i * 1000L + 500);
                largest = (int) Math.max(largest, live.view().deltaRows());
            }
            assertThat(largest).isLessThanOrEqualTo(2 * 2 * 16);
            assertThat(live.matchIds(AROUND, T, T + 20_000_000L, T + DAY)).hasSize(50);
            assertThat(live.seal().footageRunCount()).isEqualTo(20_000);
        }
    }

    @Test
    void shouldStartFromASealedIndex() {
        GeoIndex base = GeoIndex.builder(60_000).addCamera(Camera.at(5, 41.88, -87.63)).addFootage(5, T, T + 1).build();
        try (LiveIndex live = LiveIndex.of(base, LiveOptions.defaults())) {
            assertThat(live.matchIds(AROUND, T, T + 60_000, T + DAY)).containsExactly(5L);
            live.addFootage(5, T + 3_600_000, T + 3_600_001);
            Matches m = new Matches();
            live.match(AROUND, T + 3_600_000, T + 3_660_000, T + DAY, m);
            assertThat(m.count()).isEqualTo(1);
            assertThat(m.hasOrdinal(0)).as("unchanged position: only footage was added").isTrue();
            live.upsertCamera(Camera.at(5, 41.8801, -87.63));
            live.match(AROUND, T + 3_600_000, T + 3_660_000, T + DAY, m);
            assertThat(m.hasOrdinal(0)).isFalse();
            assertThat(m.id(0)).isEqualTo(5L);
            assertThatThrownBy(() -> m.ordinal(0)).isInstanceOf(IllegalStateException.class);
        }
        assertThatThrownBy(() -> LiveIndex.of(base, LiveOptions.defaults().maxRetentionDays(7)))
            .hasMessage("retention_days 30 is out of range, allowed 1..7 (maxRetentionDays of the live index)");
    }
}
