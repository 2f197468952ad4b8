package io.geomatch.world;

import io.geomatch.core.Camera;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The generator is deterministic and produces the distributions its javadoc promises, checked on
 * a fixed seed with tolerant bounds.
 */
class CameraWorldTest {
    private static final long SEED = 20_261_103L;
    private static final int CAMERAS = 200_000;
    private static final int DAYS = 7;
    private static CameraWorld world;

    @BeforeAll
    static void generate() {
        world = CameraWorld.generate(CAMERAS, DAYS, CameraWorld.DEFAULT_NOW_MILLIS, SEED);
    }

    @Test
    void shouldDefineTheDefaultNowTwiceAlike() {
        assertThat(CameraWorld.DEFAULT_NOW_MILLIS).isEqualTo(Instant.parse(CameraWorld.DEFAULT_NOW).toEpochMilli());
    }

    @Test
    void shouldGenerateIdenticalWorldsForEqualArguments() {
        // 70,000 cameras span two chunks, the second one partial.
        CameraWorld a = CameraWorld.generate(70_000, 3, CameraWorld.DEFAULT_NOW_MILLIS, 42L);
        CameraWorld b = CameraWorld.generate(70_000, 3, CameraWorld.DEFAULT_NOW_MILLIS, 42L);
        assertSameWorld(a, b);
        assertThat(b.seed()).isEqualTo(42L);
        assertThat(b.historyDays()).isEqualTo(3);
        assertThat(b.nowMillis()).isEqualTo(CameraWorld.DEFAULT_NOW_MILLIS);
    }

    @Test
    void shouldNotDependOnTheNumberOfThreads() throws Exception {
        CameraWorld parallel = CameraWorld.generate(140_000, 2, CameraWorld.DEFAULT_NOW_MILLIS, 7L);
        // A parallel stream started inside a pool runs in that pool: here, on one thread.
        ForkJoinPool single = new ForkJoinPool(1);
        try {
            CameraWorld sequential = single.submit(() -> CameraWorld.generate(140_000, 2, CameraWorld.DEFAULT_NOW_MILLIS, 7L)).get();
            assertSameWorld(parallel, sequential);
        } finally {
            single.shutdown();
        }
    }

    @Test
    void shouldGenerateASmallerWorldAsAPrefixOfALargerOne() {
        CameraWorld small = CameraWorld.generate(1_000, 2, CameraWorld.DEFAULT_NOW_MILLIS, 5L);
        CameraWorld large = CameraWorld.generate(70_000, 2, CameraWorld.DEFAULT_NOW_MILLIS, 5L);
        int clips = small.footageCount();
        assertThat(Arrays.copyOf(large.ids(), 1_000)).isEqualTo(small.ids());
        assertThat(Arrays.copyOf(large.latDegrees(), 1_000)).isEqualTo(small.latDegrees());
        assertThat(Arrays.copyOf(large.footageOffsets(), 1_001)).isEqualTo(small.footageOffsets());
        assertThat(Arrays.copyOf(large.footageStartMillis(), clips)).isEqualTo(small.footageStartMillis());
        assertThat(Arrays.copyOf(large.footageDurationMillis(), clips)).isEqualTo(small.footageDurationMillis());
    }

    @Test
    void shouldGenerateADifferentWorldForADifferentSeed() {
        CameraWorld a = CameraWorld.generate(5_000, 3, CameraWorld.DEFAULT_NOW_MILLIS, 42L);
        CameraWorld b = CameraWorld.generate(5_000, 3, CameraWorld.DEFAULT_NOW_MILLIS, 43L);
        assertThat(b.ids()).isNotEqualTo(a.ids());
        assertThat(b.latDegrees()).isNotEqualTo(a.latDegrees());
        assertThat(b.footageStartMillis()).isNotEqualTo(a.footageStartMillis());
    }

    @Test
    void shouldRejectOutOfRangeArgumentsNamingFieldValueAndRange() {
        long now = CameraWorld.DEFAULT_NOW_MILLIS;
        assertThatThrownBy(() -> CameraWorld.generate(0, 7, now, 1L))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("cameras=0 is out of range, allowed 1..2147483639");
        assertThatThrownBy(() -> CameraWorld.generate(10, 0, now, 1L))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("historyDays=0 is out of range, allowed 1..3650");
        assertThatThrownBy(() -> CameraWorld.generate(10, 3651, now, 1L))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("historyDays=3651 is out of range, allowed 1..3650");
        assertThatThrownBy(() -> CameraWorld.generate(1_000_000, 3650, now, 1L))
            .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cameras*historyDays=3650000000 is out of range, allowed 1..500000000");
        assertThatThrownBy(() -> CameraWorld.generate(10, 1, 1_000_000_000_000_000_001L, 1L))
            .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("nowMillis=1000000000000000001 is out of range");
        // The lowest instant: its history's start would overflow past the check.
        assertThatThrownBy(() -> CameraWorld.generate(10, 3, Long.MIN_VALUE, 1L))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("nowMillis=" + Long.MIN_VALUE + " is out of range, allowed -999999740800000..1000000000000000 for historyDays=3");
        assertThatThrownBy(() -> world.deviceType(CAMERAS))
            .isInstanceOf(IndexOutOfBoundsException.class).hasMessage("camera=200000 is out of range, allowed 0..199999");
    }

    @Test
    void shouldDrawAttributesWithTheDocumentedFrequencies() {
        int optedIn = 0;
        int e2ee = 0;
        int[] retention = new int[181];
        int[] devices = new int[CameraWorld.DeviceType.values().length];
        for (int i = 0; i < CAMERAS; i++) {
            optedIn += world.optedIn()[i] ? 1 : 0;
            e2ee += world.e2ee()[i] ? 1 : 0;
            retention[world.retentionDays()[i]]++;
            devices[world.deviceType(i).ordinal()]++;
        }
        assertThat((double) optedIn / CAMERAS).isBetween(0.83, 0.87);
        assertThat((double) e2ee / CAMERAS).isBetween(0.04, 0.06);
        int[] plans = {1, 3, 7, 14, 30, 60, 90, 180};
        double[] plannedShare = {0.05, 0.05, 0.10, 0.10, 0.20, 0.30, 0.10, 0.10};
        int planned = 0;
        for (int k = 0; k < plans.length; k++) {
            assertThat((double) retention[plans[k]] / CAMERAS).as("retention %d days", plans[k]).isCloseTo(plannedShare[k], within(0.01));
            planned += retention[plans[k]];
        }
        assertThat(planned).isEqualTo(CAMERAS);
        double[] deviceShare = {0.55, 0.15, 0.10, 0.20};
        for (int d = 0; d < devices.length; d++) {
            assertThat((double) devices[d] / CAMERAS).as("device %s", CameraWorld.DeviceType.values()[d]).isCloseTo(deviceShare[d], within(0.01));
        }
        assertThat(Arrays.stream(world.ids()).distinct().count()).isEqualTo(CAMERAS);
        assertThat(Arrays.stream(world.ids()).min().getAsLong()).isNotNegative();
        // Not in position order.
        assertThat(world.ids()).isNotEqualTo(Arrays.stream(world.ids()).sorted().toArray());
    }

    @Test
    void shouldPlaceCamerasInTheUsOnAMicrodegreeGrid() {
        for (int i = 0; i < CAMERAS; i++) {
            double lat = world.latDegrees()[i];
            double lon = world.lonDegrees()[i];
            // The places span lat 19.07..71.29 and lon -166.55..-66.99; the widest spread is 10.6 km.
            assertThat(lat).as("camera %d", i).isBetween(18.5, 71.9);
            assertThat(lon).as("camera %d", i).isBetween(-168.0, -66.0);
            assertThat(Math.rint(lat * 1e6) / 1e6).isEqualTo(lat);
            assertThat(Math.rint(lon * 1e6) / 1e6).isEqualTo(lon);
        }
    }

    @Test
    void shouldPutAPlausibleNumberOfCamerasInADenseCore() {
        // A 0.5 mi2 square in Midtown Manhattan; the class javadoc says about 1,100 at 10 M
        // cameras, so about 22 at 200,000. Bounds are wide: the check is against gross errors
        // (a spread in the wrong unit would put hundreds here, or none).
        double lat = 40.758;
        double lon = -73.9855;
        double halfSideMeters = Math.sqrt(0.5) * CameraWorld.METERS_PER_MILE / 2;
        double dLat = halfSideMeters / CameraWorld.METERS_PER_DEGREE;
        double dLon = dLat / Math.cos(Math.toRadians(lat));
        int inside = 0;
        for (int i = 0; i < CAMERAS; i++) {
            if (Math.abs(world.latDegrees()[i] - lat) <= dLat && Math.abs(world.lonDegrees()[i] - lon) <= dLon) {
                inside++;
            }
        }
        assertThat(inside).isBetween(8, 60);
    }

    @Test
    void shouldRecordSortedFootageInsideTheHistory() {
        long historyStart = world.historyStartMillis();
        long now = world.nowMillis();
        assertThat(historyStart).isEqualTo(now - DAYS * 86_400_000L);
        int[] offsets = world.footageOffsets();
        assertThat(offsets).hasSize(CAMERAS + 1);
        assertThat(offsets[0]).isZero();
        assertThat(offsets[CAMERAS]).isEqualTo(world.footageCount());
        assertThat(world.footageStartMillis()).hasSize(world.footageCount());
        assertThat(world.footageDurationMillis()).hasSize(world.footageCount());
        int continuousCameras = 0;
        long motionClips = 0;
        for (int i = 0; i < CAMERAS; i++) {
            assertThat(offsets[i + 1]).isGreaterThanOrEqualTo(offsets[i]);
            boolean continuous = false;
            for (int f = offsets[i]; f < offsets[i + 1]; f++) {
                long start = world.footageStartMillis()[f];
                int duration = world.footageDurationMillis()[f];
                assertThat(start).isGreaterThanOrEqualTo(historyStart);
                assertThat(duration).isPositive();
                assertThat(start + duration).isLessThanOrEqualTo(now);
                if (f > offsets[i]) {
                    assertThat(start).isGreaterThanOrEqualTo(world.footageStartMillis()[f - 1]);
                }
                continuous |= duration > 60_000;
            }
            if (continuous) {
                continuousCameras++;
                // Continuous recorders record almost all the time: segments of at least an
                // hour, gaps of at most 30 minutes.
                long recorded = 0;
                for (int f = offsets[i]; f < offsets[i + 1]; f++) {
                    recorded += world.footageDurationMillis()[f];
                }
                assertThat((double) recorded / (now - historyStart)).isGreaterThan(0.8);
            } else {
                motionClips += offsets[i + 1] - offsets[i];
                for (int f = offsets[i]; f < offsets[i + 1]; f++) {
                    int duration = world.footageDurationMillis()[f];
                    long end = world.footageStartMillis()[f] + duration;
                    // 5..60 s, except a last clip cut short at now.
                    assertThat(duration <= 60_000 && (duration >= 5_000 || end == now)).as("clip %d of camera %d", f, i).isTrue();
                }
            }
        }
        assertThat((double) continuousCameras / CAMERAS).isBetween(0.02, 0.03);
        double clipsPerCameraDay = (double) motionClips / (CAMERAS - continuousCameras) / DAYS;
        assertThat(clipsPerCameraDay).isBetween(2.7, 3.3);
    }

    @Test
    void shouldFollowTheDiurnalCurveInLocalTime() {
        // Shares of motion clips by local hour: the curve's weights are 4 of 151 for 1..4 h and
        // 39 of 151 for 17..19 h.
        long[] byHour = new long[24];
        long all = 0;
        for (int i = 0; i < CAMERAS; i++) {
            long offsetMillis = Math.round(world.lonDegrees()[i] * 240_000.0);
            for (int f = world.footageOffsets()[i]; f < world.footageOffsets()[i + 1]; f++) {
                if (world.footageDurationMillis()[f] <= 60_000) {
                    long local = Math.floorMod(world.footageStartMillis()[f] + offsetMillis, 86_400_000L);
                    byHour[(int) (local / 3_600_000L)]++;
                    all++;
                }
            }
        }
        double night = (double) (byHour[1] + byHour[2] + byHour[3] + byHour[4]) / all;
        double evening = (double) (byHour[17] + byHour[18] + byHour[19]) / all;
        assertThat(night).isBetween(0.020, 0.033);
        assertThat(evening).isBetween(0.24, 0.28);
    }

    @Test
    void shouldSpreadActivityUnevenlyBetweenCameras() {
        // Log-normal activity: many quiet cameras, a few busy ones.
        int[] clips = new int[CAMERAS];
        for (int i = 0; i < CAMERAS; i++) {
            clips[i] = world.footageOffsets()[i + 1] - world.footageOffsets()[i];
        }
        Arrays.sort(clips);
        double median = clips[CAMERAS / 2] / (double) DAYS;
        double p90 = clips[CAMERAS * 9 / 10] / (double) DAYS;
        assertThat(median).isBetween(1.4, 2.4);
        assertThat(p90).isBetween(5.5, 8.0);
    }

    private static org.assertj.core.data.Offset<Double> within(double tolerance) {
        return org.assertj.core.data.Offset.offset(tolerance);
    }

    private static void assertSameWorld(CameraWorld a, CameraWorld b) {
        assertThat(b.cameraCount()).isEqualTo(a.cameraCount());
        assertThat(b.ids()).isEqualTo(a.ids());
        assertThat(b.latDegrees()).isEqualTo(a.latDegrees());
        assertThat(b.lonDegrees()).isEqualTo(a.lonDegrees());
        assertThat(b.optedIn()).isEqualTo(a.optedIn());
        assertThat(b.e2ee()).isEqualTo(a.e2ee());
        assertThat(b.retentionDays()).isEqualTo(a.retentionDays());
        assertThat(b.footageOffsets()).isEqualTo(a.footageOffsets());
        assertThat(b.footageStartMillis()).isEqualTo(a.footageStartMillis());
        assertThat(b.footageDurationMillis()).isEqualTo(a.footageDurationMillis());
        for (int i = 0; i < a.cameraCount(); i++) {
            assertThat(b.deviceType(i)).isEqualTo(a.deviceType(i));
            assertThat(b.camera(i)).isEqualTo(a.camera(i));
        }
    }

    @Test
    void shouldGiveSixCamerasInTenAViewShapedByItsDeviceFacingAwayFromItsPlace() {
        int withView = 0;
        for (int i = 0; i < CAMERAS; i++) {
            if (!world.hasView(i)) {
                continue;
            }
            withView++;
            double fov = world.viewFieldOfViewDegrees(i);
            double range = world.viewRangeMeters(i);
            switch (world.deviceType(i)) {
                case DOORBELL -> assertThat(fov).isBetween(140.0, 180.0);
                case FLOODLIGHT, SPOTLIGHT -> assertThat(fov).isBetween(100.0, 130.0);
                default -> assertThat(fov).isBetween(90.0, 120.0);
            }
            switch (world.deviceType(i)) {
                case DOORBELL -> assertThat(range).isBetween(8.0, 30.0);
                case FLOODLIGHT, SPOTLIGHT -> assertThat(range).isBetween(10.0, 25.0);
                default -> assertThat(range).isBetween(5.0, 20.0);
            }
            Camera c = world.camera(i);
            assertThat(c.headingDegrees()).isEqualTo(world.viewHeadingDegrees(i)).isBetween(0.0, 359.99);
            assertThat(c.rangeMeters()).isEqualTo(range);
        }
        assertThat((double) withView / CAMERAS).isBetween(0.58, 0.62);
        // Facing away from their place: against the bearing from the nearest place's centre (usually their own
        // place), the heading's cosine averages well above zero; 30 degrees of spread alone would give 0.87.
        List<UsPlaces.Place> places = UsPlaces.all();
        double cosines = 0;
        int sampled = 0;
        for (int i = 0; i < CAMERAS && sampled < 2_000; i += 37) {
            if (!world.hasView(i)) {
                continue;
            }
            double lat = world.latDegrees()[i];
            double lon = world.lonDegrees()[i];
            UsPlaces.Place nearest = places.get(0);
            double best = Double.MAX_VALUE;
            for (UsPlaces.Place p : places) {
                double dx = (lon - p.lonDegrees()) * Math.cos(Math.toRadians(lat));
                double dy = lat - p.latDegrees();
                if (dx * dx + dy * dy < best) {
                    best = dx * dx + dy * dy;
                    nearest = p;
                }
            }
            double bearing = Math.atan2((lon - nearest.lonDegrees()) * Math.cos(Math.toRadians(lat)), lat - nearest.latDegrees());
            cosines += Math.cos(Math.toRadians(world.viewHeadingDegrees(i)) - bearing);
            sampled++;
        }
        assertThat(cosines / sampled).as("mean cosine of heading against the bearing from the nearest place, over %d cameras", sampled)
            .isGreaterThan(0.5);
    }
}
