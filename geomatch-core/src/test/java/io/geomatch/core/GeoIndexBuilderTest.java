package io.geomatch.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GeoIndexBuilderTest {
    private final GeoIndexBuilder builder = GeoIndex.builder(60_000);

    @Test
    void shouldRejectLatitudeOutOfRangeNamingFieldValueAndRange() {
        assertThatThrownBy(() -> builder.addCamera(Camera.at(1, 95, 0)))
            .isInstanceOf(InvalidInputException.class)
            .hasMessage("lat 95.0 is out of range, allowed -90..90");
        assertThat(builder.cameraCount()).isZero();
    }

    @Test
    void shouldRejectNanAndOutOfRangeLongitude() {
        assertThatThrownBy(() -> builder.addCamera(Camera.at(1, 0, Double.NaN)))
            .hasMessage("lon NaN is out of range, allowed -180..180");
        assertThatThrownBy(() -> builder.addCamera(Camera.at(1, 0, -180.5)))
            .hasMessage("lon -180.5 is out of range, allowed -180..180");
    }

    @Test
    void shouldRejectRetentionOutsideOneToThreeThousandSixHundredFiftyDays() {
        assertThatThrownBy(() -> builder.addCamera(Camera.at(1, 0, 0).retentionDays(0)))
            .hasMessage("retention_days 0 is out of range, allowed 1..3650");
        assertThatThrownBy(() -> builder.addCamera(Camera.at(1, 0, 0).retentionDays(3651)))
            .hasMessage("retention_days 3651 is out of range, allowed 1..3650");
        builder.addCamera(Camera.at(1, 0, 0).retentionDays(3650));
        assertThat(builder.cameraCount()).isEqualTo(1);
    }

    @Test
    void shouldRejectDuplicateIdAndKeepTheFirstCamera() {
        builder.addCamera(Camera.at(7, 10, 20));
        assertThatThrownBy(() -> builder.addCamera(Camera.at(7, 11, 21)))
            .hasMessage("id 7 is a duplicate: each camera id may appear once");
        assertThat(builder.cameraCount()).isEqualTo(1);
        builder.addFootage(7, 0, 1000);
        GeoIndex index = builder.build();
        assertThat(index.latDegrees(0)).isEqualTo(10.0);
    }

    @Test
    void shouldRejectFootageForUnknownCameraAndEmptyIntervals() {
        builder.addCamera(Camera.at(1, 0, 0));
        assertThatThrownBy(() -> builder.addFootage(2, 0, 10))
            .hasMessage("camera_id 2 is not a known camera: add the camera before its footage");
        assertThatThrownBy(() -> builder.addFootage(1, 10, 10))
            .hasMessage("end 10 must be after start 10");
        assertThatThrownBy(() -> builder.addFootage(1, 10, 5))
            .hasMessage("end 5 must be after start 10");
        assertThat(builder.footageCount()).isZero();
    }

    @Test
    void shouldRejectBucketSizeOutsideOneMillisecondToOneYear() {
        assertThatThrownBy(() -> GeoIndex.builder(0))
            .hasMessage("bucketMillis 0 is out of range, allowed 1..31622400000 (1 ms to 366 days)");
    }

    @Test
    void shouldRejectEmptyOrInvertedWindow() {
        builder.addCamera(Camera.at(1, 0, 0));
        GeoIndex index = builder.build();
        Area area = Area.circle(0, 0, 10);
        assertThatThrownBy(() -> index.count(area, 100, 100, 100))
            .hasMessage("to 100 must be after from 100");
        assertThatThrownBy(() -> index.count(area, 100, 50, 100))
            .hasMessage("to 50 must be after from 100");
    }

    @Test
    void shouldAnswerOnAnEmptyIndex() {
        GeoIndex index = builder.build();
        assertThat(index.cameraCount()).isZero();
        assertThat(index.matchIds(Area.circle(0, 0, 1000), 0, 1000, 1000)).isEmpty();
    }

    @Test
    void shouldMatchOnlyEligibleCamerasWithRetainedFootageInTheWindow() {
        long day = GeoIndex.MILLIS_PER_DAY;
        builder.addCamera(Camera.at(1, 41.0, -87.0).retentionDays(1))
            .addCamera(Camera.at(2, 41.0, -87.0).optedIn(false))   // opted out
            .addCamera(Camera.at(3, 41.0, -87.0).e2ee(true))     // e2ee
            .addCamera(Camera.at(4, 41.0, -87.0))    // no footage in window
            .addCamera(Camera.at(5, 41.001, -87.0)); // too far for the circle
        for (long id = 1; id <= 5; id++) {
            builder.addFootage(id, 10 * day, 10 * day + 30_000);
        }
        builder.addFootage(4, 20 * day, 20 * day + 1);
        GeoIndex index = builder.build();
        Area circle = Area.circle(41.0, -87.0, 50);
        long from = 10 * day;
        long to = 10 * day + 60_000;
        assertThat(index.matchIds(circle, from, to, 10 * day + 3_600_000)).containsExactly(1L, 4L);
        // Two days later the one-day camera's footage has expired; the 30-day one has not.
        assertThat(index.matchIds(circle, from, to, 12 * day)).containsExactly(4L);
        assertThat(index.matchIds(circle, 15 * day, 16 * day, 21 * day)).isEmpty();
    }
}
