package io.geomatch.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The camera value: named settings that cannot be swapped, checked when set, immutable. */
class CameraTest {
    @Test
    void shouldStartOptedInUnencryptedWithTheDefaultRetention() {
        Camera c = Camera.at(42L, 41.8781, -87.6298);
        assertThat(c.id()).isEqualTo(42L);
        assertThat(c.latDegrees()).isEqualTo(41.8781);
        assertThat(c.lonDegrees()).isEqualTo(-87.6298);
        assertThat(c.optedIn()).isTrue();
        assertThat(c.e2ee()).isFalse();
        assertThat(c.eligible()).isTrue();
        assertThat(c.retentionDays()).isEqualTo(Camera.DEFAULT_RETENTION_DAYS).isEqualTo(30);
    }

    @Test
    void shouldSetEachPropertyByNameOnANewValue() {
        Camera base = Camera.at(7L, 0, 0);
        Camera changed = base.optedIn(false).e2ee(true).retentionDays(180);
        assertThat(changed.optedIn()).isFalse();
        assertThat(changed.e2ee()).isTrue();
        assertThat(changed.retentionDays()).isEqualTo(180);
        assertThat(changed.eligible()).isFalse();
        assertThat(base.optedIn()).as("the original is unchanged").isTrue();
        assertThat(base.e2ee()).isFalse();
        assertThat(changed.optedIn(true).e2ee(false).retentionDays(30)).isEqualTo(base).hasSameHashCodeAs(base);
        assertThat(base.e2ee(true).eligible()).isFalse();
        assertThat(base.optedIn(false).eligible()).isFalse();
        assertThat(changed).hasToString("Camera[id=7, lat=0.0, lon=0.0, optedIn=false, e2ee=true, retentionDays=180]");
    }

    @Test
    void shouldRefuseValuesOutOfRangeNamingTheField() {
        assertThatThrownBy(() -> Camera.at(1, 95, 0)).isInstanceOf(InvalidInputException.class)
            .hasMessage("lat 95.0 is out of range, allowed -90..90");
        assertThatThrownBy(() -> Camera.at(1, 0, Double.NaN)).isInstanceOf(InvalidInputException.class)
            .hasMessage("lon NaN is out of range, allowed -180..180");
        Camera c = Camera.at(1, 0, 0);
        assertThatThrownBy(() -> c.retentionDays(0)).isInstanceOf(InvalidInputException.class)
            .hasMessage("retention_days 0 is out of range, allowed 1..3650");
        assertThatThrownBy(() -> c.retentionDays(Camera.MAX_RETENTION_DAYS + 1)).isInstanceOf(InvalidInputException.class)
            .hasMessage("retention_days 3651 is out of range, allowed 1..3650");
        assertThat(c.retentionDays(Camera.MIN_RETENTION_DAYS).retentionDays()).isEqualTo(1);
        assertThat(c.retentionDays(Camera.MAX_RETENTION_DAYS).retentionDays()).isEqualTo(3650);
    }

    @Test
    void shouldKeepItsFlagsThroughEveryWayIn() throws Exception {
        long t = 1_762_000_000_000L;
        Area here = Area.circle(41.8781, -87.6298, 10);
        Camera eligible = Camera.at(1L, 41.8781, -87.6298);
        Camera optedOut = Camera.at(2L, 41.8781, -87.6298).optedIn(false);
        Camera encrypted = Camera.at(3L, 41.8781, -87.6298).e2ee(true);
        GeoIndex built = GeoIndex.builder(60_000).addCamera(eligible).addCamera(optedOut).addCamera(encrypted)
            .addFootage(1L, t, t + 1).addFootage(2L, t, t + 1).addFootage(3L, t, t + 1).build();
        assertThat(built.matchIds(here, t, t + 1, t)).containsExactly(1L);
        try (LiveIndex live = LiveIndex.create(60_000, LiveOptions.defaults())) {
            for (Camera c : new Camera[] {eligible, optedOut, encrypted}) {
                live.upsertCamera(c);
                live.addFootage(c.id(), t, t + 1);
            }
            assertThat(live.matchIds(here, t, t + 1, t)).containsExactly(1L);
            // Opted out and back in, by name: the very next query sees each.
            live.upsertCamera(eligible.optedIn(false));
            assertThat(live.matchIds(here, t, t + 1, t)).isEmpty();
            live.upsertCamera(optedOut.optedIn(true));
            assertThat(live.matchIds(here, t, t + 1, t)).containsExactly(2L);
        }
    }

    @Test
    void shouldKeepAViewToAHundredthOfADegreeAndAMillimetre() {
        Camera c = Camera.at(1, 0, 0);
        assertThat(c.hasView()).isFalse();
        assertThatThrownBy(c::headingDegrees).isInstanceOf(IllegalStateException.class).hasMessage("camera 1 has no view");
        Camera seeing = c.view(100.004, 137.5, 17.3004);
        assertThat(seeing.hasView()).isTrue();
        assertThat(seeing.headingDegrees()).isEqualTo(100.0);
        assertThat(seeing.fieldOfViewDegrees()).isEqualTo(137.5);
        assertThat(seeing.rangeMeters()).isEqualTo(17.3);
        assertThat(c.view(359.996, 360, 200).headingDegrees()).as("rounds round to north").isZero();
        assertThat(seeing).isEqualTo(c.view(100.0, 137.5, 17.3)).isNotEqualTo(c).hasToString(
            "Camera[id=1, lat=0.0, lon=0.0, optedIn=true, e2ee=false, retentionDays=30, view=100.0/137.5/17.3]");
        assertThat(seeing.withoutView()).isEqualTo(c);
        assertThat(seeing.optedIn(false).hasView()).as("other settings keep the view").isTrue();
        assertThatThrownBy(() -> c.view(-1, 90, 10)).isInstanceOf(InvalidInputException.class)
            .hasMessage("heading_deg -1.0 is out of range, allowed 0 (inclusive) to 360 (exclusive)");
        assertThatThrownBy(() -> c.view(0, 0, 10)).isInstanceOf(InvalidInputException.class)
            .hasMessage("fov_deg 0.0 is out of range, allowed above 0 up to 360");
        assertThatThrownBy(() -> c.view(0, 0.004, 10)).isInstanceOf(InvalidInputException.class)
            .hasMessage("fov_deg 0.004 is below 0.005, the least field of view kept (0.01 degree)");
        assertThatThrownBy(() -> c.view(0, 90, 200.5)).isInstanceOf(InvalidInputException.class)
            .hasMessage("range_m 200.5 is out of range, allowed above 0 up to 200");
        assertThatThrownBy(() -> c.view(0, 90, Double.NaN)).isInstanceOf(InvalidInputException.class)
            .hasMessage("range_m NaN is out of range, allowed above 0 up to 200");
    }
}
