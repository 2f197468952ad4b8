package io.geomatch.core.internal.query;

import io.geomatch.core.Area;
import io.geomatch.core.GeoIndex;
import io.geomatch.core.testing.BruteForce;
import io.geomatch.core.testing.Dataset;

import io.geomatch.core.internal.spatial.LatticeAreas;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cameras packed on a dyadic lattice, queried with polygons whose vertices are lattice points, so
 * that many cameras lie exactly on edges, on the lines through them and on vertices, and most
 * boundary cells are cut by one to four edges: the index decides those cameras by the sides of the
 * edges' lines they lie on, and must still answer exactly as {@link BruteForce} (JTS covers) does.
 */
class CellEdgesOracleTest {
    private static final long BUCKET = 60_000;
    private static final long T0 = 20_000L * 86_400_000L;
    /** Cameras per lattice spacing along each axis. */
    private static final int PER_STEP = 4;

    @Test
    void shouldMatchBruteForceWithCamerasOnEdgesAndTheirLines() {
        Dataset data = new Dataset(7, T0);
        for (int i = -24 * PER_STEP; i <= 64 * PER_STEP; i++) {
            for (int j = -24 * PER_STEP; j <= 64 * PER_STEP; j += 2) {
                // Rows alternate between two offsets, so that every lattice point of the finer grid
                // is a camera in one of the two halves of the data.
                int jj = j + (i & 1);
                double lon = LatticeAreas.lon(0) + i * LatticeAreas.STEP / PER_STEP;
                double lat = LatticeAreas.lat(0) + jj * LatticeAreas.STEP / PER_STEP;
                int camera = data.addBareCamera(lat, lon, 30);
                // One camera in five holds no footage in the window, so the footage check still decides.
                if (camera % 5 != 0) {
                    data.addFootage(camera, T0, T0 + BUCKET);
                }
            }
        }
        GeoIndex index = data.build(BUCKET);
        SplittableRandom random = new SplittableRandom(20261202L);
        long compared = 0;
        for (int q = 0; q < 120; q++) {
            Geometry area = LatticeAreas.random(random);
            long[] expected = BruteForce.matchPolygons(data, BUCKET, area, T0, T0 + BUCKET, T0 + BUCKET);
            assertThat(index.matchIds(Area.polygon(area), T0, T0 + BUCKET, T0 + BUCKET))
                .as("query %d (seed 20261202): %s", q, area)
                .containsExactly(expected);
            compared += expected.length;
        }
        assertThat(compared).isGreaterThan(100_000);
    }
}
