package io.geomatch.cluster.placement;

import com.uber.h3core.H3Core;
import com.uber.h3core.util.LatLng;
import io.geomatch.core.InvalidInputException;
import io.geomatch.core.testing.BruteForce;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The covering of a box never misses the shard cell of a point in it (the property every query's
 * exactness rests on), on points drawn worldwide, on cell edges and vertices, across the
 * antimeridian and near the poles; and it is tight: a small box inside a cell reaches that cell
 * alone.
 */
class ShardCellsTest {
    private static final H3Core H3 = BruteForce.h3();

    @ParameterizedTest(name = "resolution {0}")
    @ValueSource(ints = {2, 3, 4})
    void shouldHoldTheCellOfEveryPointOfABox(int resolution) {
        ShardCells cells = new ShardCells(resolution);
        SplittableRandom random = new SplittableRandom(resolution);
        int checked = 0;
        for (int b = 0; b < 200; b++) {
            double lat = Math.toDegrees(Math.asin(2 * random.nextDouble() - 1));
            double lon = random.nextDouble() * 360 - 180;
            double halfLat = random.nextInt(4) == 0 ? random.nextDouble() * 3 : random.nextDouble() * 0.02;
            double halfLon = random.nextInt(4) == 0 ? random.nextDouble() * 3 : random.nextDouble() * 0.02;
            double minLat = Math.max(-90, lat - halfLat);
            double maxLat = Math.min(90, lat + halfLat);
            double minLon = Math.max(-180, lon - halfLon);
            double maxLon = Math.min(180, lon + halfLon);
            long[] covering = cells.covering(minLat, minLon, maxLat, maxLon, 100_000);
            assertThat(covering).as("box %s,%s .. %s,%s", minLat, minLon, maxLat, maxLon).isNotNull();
            for (int i = 0; i <= 20; i++) {
                for (int j = 0; j <= 20; j++) {
                    double pLat = minLat + (maxLat - minLat) * i / 20;
                    double pLon = minLon + (maxLon - minLon) * j / 20;
                    assertThat(Arrays.binarySearch(covering, cells.cellOf(pLat, pLon)))
                        .as("box %s,%s .. %s,%s misses the cell of %s,%s", minLat, minLon, maxLat, maxLon, pLat, pLon).isNotNegative();
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(200 * 21 * 21);
    }

    @Test
    void shouldHoldBothCellsOfPointsOnAndBesideCellEdgesAndVertices() {
        ShardCells cells = new ShardCells(ShardCells.DEFAULT_RESOLUTION);
        SplittableRandom random = new SplittableRandom(7);
        int checked = 0;
        for (int c = 0; c < 300; c++) {
            double lat = Math.toDegrees(Math.asin(2 * random.nextDouble() - 1));
            double lon = random.nextDouble() * 360 - 180;
            long cell = cells.cellOf(lat, lon);
            List<LatLng> boundary = H3.cellToBoundary(cell);
            for (int v = 0; v < boundary.size(); v++) {
                LatLng a = boundary.get(v);
                LatLng b = boundary.get((v + 1) % boundary.size());
                for (double t : new double[] {0, 0.013, 0.25, 0.5, 0.77, 0.999}) {
                    double[] p = greatCircle(a, b, t);
                    for (double jitter : new double[] {0, 1e-9, -1e-9, 2e-7, -2e-7}) {
                        double pLat = Math.max(-90, Math.min(90, p[0] + jitter));
                        double pLon = Math.max(-180, Math.min(180, p[1] - jitter));
                        // The point itself as a box, and a 1 m box around it.
                        for (double half : new double[] {0, 1e-5}) {
                            long[] covering = cells.covering(Math.max(-90, pLat - half), Math.max(-180, pLon - half),
                                Math.min(90, pLat + half), Math.min(180, pLon + half), 1000);
                            assertThat(Arrays.binarySearch(covering, cells.cellOf(pLat, pLon)))
                                .as("a box at %s,%s on an edge of %s misses its cell", pLat, pLon, Long.toHexString(cell)).isNotNegative();
                            checked++;
                        }
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(50_000);
    }

    @Test
    void shouldReachOneCellFromASmallBoxInsideIt() {
        ShardCells cells = new ShardCells(ShardCells.DEFAULT_RESOLUTION);
        long chicago = cells.cellOf(41.8781, -87.6298);
        // A 0.5 mi2 square (about 1.1 km a side) around downtown Chicago, well inside its res-3 cell.
        assertThat(cells.covering(41.8731, -87.6365, 41.8831, -87.6231, 10)).containsExactly(chicago);
        assertThat(cells.covering(41.8781, -87.6298, 41.8781, -87.6298, 10)).containsExactly(chicago);
    }

    @Test
    void shouldGiveUpPastTheLimit() {
        ShardCells cells = new ShardCells(ShardCells.DEFAULT_RESOLUTION);

        assertThat(cells.covering(20, -130, 50, -60, 512)).isNull();
        assertThat(cells.covering(20, -130, 50, -60, 100_000)).hasSizeGreaterThan(512);
    }

    @Test
    void shouldRefuseAResolutionOutOfRange() {
        assertThatThrownBy(() -> new ShardCells(7)).isInstanceOf(InvalidInputException.class)
            .hasMessage("shardResolution 7 is out of range, allowed 0..6");
    }

    /** The point a fraction {@code t} of the way from {@code a} to {@code b} along their great circle. */
    private static double[] greatCircle(LatLng a, LatLng b, double t) {
        double[] u = unit(a);
        double[] v = unit(b);
        double x = u[0] + t * (v[0] - u[0]);
        double y = u[1] + t * (v[1] - u[1]);
        double z = u[2] + t * (v[2] - u[2]);
        return new double[] {Math.toDegrees(Math.atan2(z, Math.hypot(x, y))), Math.toDegrees(Math.atan2(y, x))};
    }

    private static double[] unit(LatLng p) {
        double phi = Math.toRadians(p.lat);
        double lambda = Math.toRadians(p.lng);
        return new double[] {Math.cos(phi) * Math.cos(lambda), Math.cos(phi) * Math.sin(lambda), Math.sin(phi)};
    }
}
