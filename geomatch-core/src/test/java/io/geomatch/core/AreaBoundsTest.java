package io.geomatch.core;

import io.geomatch.core.testing.BruteForce;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An area's box holds every point the area covers, for every kind of area, including circles and
 * H3 cells across the antimeridian and around a pole; and a polygon's box is its envelope.
 */
class AreaBoundsTest {
    @Test
    void shouldGiveAPolygonItsEnvelope() {
        Area area = Area.wkt("POLYGON ((-87.64 41.87, -87.62 41.86, -87.61 41.89, -87.64 41.89, -87.64 41.87))");

        assertThat(area.minLatDegrees()).isEqualTo(41.86);
        assertThat(area.maxLatDegrees()).isEqualTo(41.89);
        assertThat(area.minLonDegrees()).isEqualTo(-87.64);
        assertThat(area.maxLonDegrees()).isEqualTo(-87.61);
    }

    @Test
    void shouldHoldEveryCoveredPointOfCirclesAndCells() {
        SplittableRandom random = new SplittableRandom(17);
        double[][] centres = {{41.8781, -87.6298}, {-16.5, 179.999}, {89.99, 12.0}, {-89.5, -60.0}, {0.0, -179.9995}, {35.0, 139.7}};
        int coveredSeen = 0;
        for (double[] c : centres) {
            for (double radius : new double[] {0, 30, 800, 25_000}) {
                Area circle = Area.circle(c[0], c[1], radius);
                coveredSeen += checkBox(circle, c[0], c[1], Math.toDegrees(radius / BruteForce.EARTH_RADIUS_METERS) * 1.5 + 1e-6, random);
            }
            for (int res : new int[] {0, 3, 7, 11}) {
                long cell = BruteForce.h3().latLngToCell(c[0], c[1], res);
                Area cells = Area.h3Cells(cell);
                coveredSeen += checkBox(cells, c[0], c[1], res == 0 ? 40 : res == 3 ? 2 : 0.05, random);
            }
        }
        assertThat(coveredSeen).as("the samples must hit covered points to check").isGreaterThan(10_000);
    }

    @Test
    void shouldSpanEveryLongitudeForACircleAcrossTheAntimeridian() {
        Area circle = Area.circle(-16.5, 179.999, 1_000);

        assertThat(circle.minLonDegrees()).isEqualTo(-180.0);
        assertThat(circle.maxLonDegrees()).isEqualTo(180.0);
        assertThat(circle.maxLatDegrees()).isGreaterThan(-16.5).isLessThan(-16.4);
    }

    /** Samples points around a centre (and wrapped across the antimeridian); every covered one must lie in the box. */
    private static int checkBox(Area area, double lat, double lon, double spreadDegrees, SplittableRandom random) {
        assertThat(area.minLatDegrees()).isBetween(-90.0, area.maxLatDegrees());
        assertThat(area.maxLatDegrees()).isLessThanOrEqualTo(90.0);
        assertThat(area.minLonDegrees()).isBetween(-180.0, area.maxLonDegrees());
        assertThat(area.maxLonDegrees()).isLessThanOrEqualTo(180.0);
        int covered = 0;
        for (int i = 0; i < 3_000; i++) {
            double pLat = Math.max(-90, Math.min(90, lat + (random.nextDouble() * 2 - 1) * spreadDegrees));
            double pLon = lon + (random.nextDouble() * 2 - 1) * Math.min(180, spreadDegrees / Math.max(0.01, Math.cos(Math.toRadians(pLat))));
            pLon = pLon > 180 ? pLon - 360 : pLon < -180 ? pLon + 360 : pLon;
            if (area.covers(pLat, pLon)) {
                covered++;
                assertThat(pLat).as("%s covers %s,%s", area, pLat, pLon).isBetween(area.minLatDegrees(), area.maxLatDegrees());
                assertThat(pLon).as("%s covers %s,%s", area, pLat, pLon).isBetween(area.minLonDegrees(), area.maxLonDegrees());
            }
        }
        return covered;
    }
}
