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
    void shouldRefuseAnIdAddedTwiceWhenBuildingNamingTheIdAndBothCameras() {
        builder.addCamera(Camera.at(3, 0, 0)).addCamera(Camera.at(7, 10, 20)).addCamera(Camera.at(-5, 1, 1));
        builder.addCamera(Camera.at(7, 11, 21)).addFootage(7, 0, 1000);
        assertThatThrownBy(builder::build)
            .isInstanceOf(InvalidInputException.class)
            .hasMessage("id 7 is a duplicate: cameras 2 and 4 as added have it, each camera id may appear once");
        // The builder is as it was: the same refusal again.
        assertThat(builder.cameraCount()).isEqualTo(4);
        assertThat(builder.footageCount()).isEqualTo(1);
        assertThatThrownBy(builder::build).hasMessageStartingWith("id 7 is a duplicate: cameras 2 and 4 ");
    }

    @Test
    void shouldNameTheFirstCameraToRepeatAnIdAndTheCameraBeforeItWithIt() {
        // Ids from a fixed-seed generator, with repeats planted far apart, at the extremes of long and at zero.
        java.util.SplittableRandom random = new java.util.SplittableRandom(20_261_207L);
        int n = 70_000;
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = random.nextLong(1, Long.MAX_VALUE);
        }
        ids[5] = Long.MAX_VALUE;
        ids[60_000] = Long.MAX_VALUE;
        ids[10] = Long.MIN_VALUE;
        ids[69_999] = Long.MIN_VALUE;
        ids[123] = 0;
        ids[40_000] = 0;
        ids[50_000] = 0;
        for (long id : ids) {
            builder.addCamera(Camera.at(id, 40, -100));
        }
        assertThatThrownBy(builder::build)
            .hasMessage("id 0 is a duplicate: cameras 124 and 40001 as added have it, each camera id may appear once");
        ids[40_000] = -40_000;
        ids[50_000] = -50_000;
        GeoIndexBuilder other = GeoIndex.builder(60_000);
        for (long id : ids) {
            other.addCamera(Camera.at(id, 40, -100));
        }
        assertThatThrownBy(other::build).hasMessageStartingWith("id " + Long.MAX_VALUE + " is a duplicate: cameras 6 and 60001 ");
        ids[60_000] = -60_000;
        GeoIndexBuilder third = GeoIndex.builder(60_000);
        for (long id : ids) {
            third.addCamera(Camera.at(id, 40, -100));
        }
        assertThatThrownBy(third::build).hasMessageStartingWith("id " + Long.MIN_VALUE + " is a duplicate: cameras 11 and 70000 ");
        ids[69_999] = -69_999;
        GeoIndexBuilder distinct = GeoIndex.builder(60_000);
        for (long id : ids) {
            distinct.addCamera(Camera.at(id, 40, -100));
        }
        assertThat(distinct.build().cameraCount()).isEqualTo(n);
    }

    @Test
    void shouldGiveBackTheColumnsMemoryOfABuildThatRefusesADuplicate() {
        for (int i = 0; i < 200_000; i++) {
            builder.addCamera(Camera.at(i, 40, -100)).addFootage(i, 0, 3_600_000);
        }
        builder.addCamera(Camera.at(17, 41, -101));
        long before = LiveMemoryStressTest.directBytes();
        assertThatThrownBy(builder::build).hasMessageStartingWith("id 17 is a duplicate: cameras 18 and 200001 ");
        assertThat(LiveMemoryStressTest.directBytes() - before).as("direct memory held after the refusal").isLessThan(1 << 16);
    }

    @Test
    void shouldFindEachCamerasFootageByIdOutOfOrderIncludingCamerasAddedAfterTheFirstLookup() {
        long hour = 3_600_000L;
        builder.addCamera(Camera.at(1, 41.0, -87.0)).addCamera(Camera.at(2, 41.0, -87.0)).addCamera(Camera.at(3, 41.0, -87.0));
        // Camera 3's footage is not the next camera's: it is looked up by id, which makes the table of ids.
        builder.addFootage(3, 3 * hour, 3 * hour + 1);
        builder.addCamera(Camera.at(4, 41.0, -87.0));
        builder.addFootage(1, hour, hour + 1).addFootage(4, 4 * hour, 4 * hour + 1).addFootage(2, 2 * hour, 2 * hour + 1);
        assertThat(builder.idTableMade()).isTrue();
        // Cameras added after the table was made, their footage given from far before them: found through the table.
        for (long id = 5; id <= 30; id++) {
            builder.addCamera(Camera.at(id, 41.0, -87.0));
        }
        builder.addFootage(1, hour + 2, hour + 3).addFootage(30, 30 * hour, 30 * hour + 1).addFootage(25, 25 * hour, 25 * hour + 1);
        GeoIndex index = builder.build();
        Area circle = Area.circle(41.0, -87.0, 50);
        for (long id = 1; id <= 30; id++) {
            long[] expected = id <= 4 || id == 25 || id == 30 ? new long[] {id} : new long[0];
            assertThat(index.matchIds(circle, id * hour, id * hour + hour, 31 * hour)).as("hour %d", id).containsExactly(expected);
        }
    }

    @Test
    void shouldGiveFootageInTheOrderAddedToItsCamerasAcrossRunsOfCamerasWithout() {
        long hour = 3_600_000L;
        // Cameras 0..59; footage for those after gaps of 0, 1, 15, 16 and 17 cameras without any, then back to one before.
        int[] withFootage = {0, 1, 3, 19, 36, 54, 55, 2};
        for (int c = 0; c < 60; c++) {
            builder.addCamera(Camera.at(1000 + 7L * c, 41.0, -87.0));
        }
        for (int c : withFootage) {
            builder.addFootage(1000 + 7L * c, c * hour, c * hour + 1).addFootage(1000 + 7L * c, c * hour + 2, c * hour + 3);
            // Gaps of up to 15 cameras without footage are crossed without looking an id up; the gap of 16 before camera 36 is not.
            assertThat(builder.idTableMade()).as("after camera %d", c).isEqualTo(c >= 36 || c == 2);
        }
        GeoIndex index = builder.build();
        Area circle = Area.circle(41.0, -87.0, 50);
        for (int c = 0; c < 60; c++) {
            int camera = c;
            boolean has = java.util.Arrays.stream(withFootage).anyMatch(w -> w == camera);
            long[] expected = has ? new long[] {1000 + 7L * c} : new long[0];
            assertThat(index.matchIds(circle, c * hour, c * hour + hour, 61 * hour)).as("hour %d", c).containsExactly(expected);
        }
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
