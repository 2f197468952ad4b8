package io.geomatch.examples.service.fanout;

import io.geomatch.core.testing.BruteForce;
import io.geomatch.world.CameraWorld;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A simulated world enters the index with its views: the fan-out's match of squares around its
 * cameras is what the contract's brute force says of every camera by view, and the position
 * match what it says by position.
 */
class DeviceIndexViewTest {
    private static final long SEED = 18L;
    private static final double METERS_PER_DEGREE = Math.PI / 180 * BruteForce.EARTH_RADIUS_METERS;

    @TempDir
    Path dir;

    @Test
    void shouldMatchAWorldsDevicesByTheirViewsAsTheBruteForceDoes() throws Exception {
        CameraWorld w = CameraWorld.generate(20_000, 2, CameraWorld.DEFAULT_NOW_MILLIS, SEED);
        int n = w.cameraCount();
        BruteForce.Fleet fleet = BruteForce.withViews(
            BruteForce.grouped(w.ids(), w.latDegrees(), w.lonDegrees(), w.optedIn(), w.e2ee(), w.retentionDays(), w.footageOffsets(),
                w.footageStartMillis(), w.footageDurationMillis()),
            w::hasView, w::viewHeadingDegrees, w::viewFieldOfViewDegrees, w::viewRangeMeters);
        long now = w.nowMillis();
        long from = now - 12 * 3_600_000L;
        int differing = 0;
        int ambiguousCount = 0;
        int matchedByView = 0;
        try (DeviceIndex index = DeviceIndex.open(dir.resolve("index"), 180)) {
            index.beginReplay();
            index.loadWorld(w);
            index.endReplay();
            for (int c = 0; c < 40; c++) {
                int centre = c * (n / 40);
                Geometry square = square(w.latDegrees()[centre], w.lonDegrees()[centre], 1_500);
                boolean[] ambiguous = new boolean[n];
                boolean[] seen = BruteForce.viewInside(fleet, square, ambiguous);
                long[] expected = BruteForce.match(fleet, DeviceIndex.BUCKET_MILLIS, seen, from, now, now);
                long[] got = index.match(index.prepare(square), from, now, now);
                for (int i = 0; i < n; i++) {
                    ambiguousCount += ambiguous[i] ? 1 : 0;
                    if (ambiguous[i]) {   // at a tangency the contract allows either answer: judge the rest
                        long id = w.ids()[i];
                        expected = drop(expected, id);
                        got = drop(got, id);
                    }
                }
                assertThat(got).as("square %d around camera %d, seed %d", c, centre, SEED).containsExactly(expected);
                long[] byPosition = BruteForce.matchPolygons(fleet, DeviceIndex.BUCKET_MILLIS, square, from, now, now);
                assertThat(index.matchByPosition(index.prepare(square), from, now, now)).containsExactly(byPosition);
                differing += Arrays.equals(expected, byPosition) ? 0 : 1;
                matchedByView += expected.length;
            }
        }
        assertThat(matchedByView).as("the squares hold matches").isGreaterThan(50);
        assertThat(differing).as("squares where the views change the answer").isPositive();
        assertThat(ambiguousCount).as("cameras at an exact tangency").isLessThan(5);
    }

    private static long[] drop(long[] sorted, long id) {
        int at = Arrays.binarySearch(sorted, id);
        if (at < 0) {
            return sorted;
        }
        long[] out = new long[sorted.length - 1];
        System.arraycopy(sorted, 0, out, 0, at);
        System.arraycopy(sorted, at + 1, out, at, sorted.length - at - 1);
        return out;
    }

    private static Geometry square(double lat, double lon, double halfSideMeters) {
        double dLat = halfSideMeters / METERS_PER_DEGREE;
        double dLon = halfSideMeters / (METERS_PER_DEGREE * Math.cos(Math.toRadians(lat)));
        return new GeometryFactory().createPolygon(new Coordinate[] {new Coordinate(lon - dLon, lat - dLat),
            new Coordinate(lon + dLon, lat - dLat), new Coordinate(lon + dLon, lat + dLat), new Coordinate(lon - dLon, lat + dLat),
            new Coordinate(lon - dLon, lat - dLat)});
    }
}
