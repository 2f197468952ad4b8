package io.geomatch.core.internal.query;

import io.geomatch.core.Area;
import io.geomatch.core.GeoIndex;
import io.geomatch.core.testing.BruteForce;
import io.geomatch.core.testing.Dataset;

import io.geomatch.core.internal.spatial.MortonCode;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cameras lying exactly on quadtree cell edges, at every level a query splits, and one quantum
 * either side: the descent splits cells on quantised coordinates, and a camera on a split line
 * must land in exactly one child. Checked against {@link BruteForce} with polygons whose edges
 * cut through the grid.
 */
class QuadtreeBoundaryTest {
    private static final long BUCKET = 60_000;
    private static final long T0 = 20_000L * 86_400_000L;

    @Test
    void shouldAgreeWithBruteForceForCamerasOnCellEdges() {
        Dataset data = new Dataset(11, T0);
        int qx = MortonCode.quantizeLon(-73.98);
        int qy = MortonCode.quantizeLat(40.75);
        // Cell edges at levels 14..26 near (40.75, -73.98), plus the quantum just before each edge.
        for (int shift = 5; shift <= 17; shift++) {
            int ex = (qx >>> shift) << shift;
            int ey = (qy >>> shift) << shift;
            for (int dx = -1; dx <= 1; dx++) {
                for (int dy = -1; dy <= 1; dy++) {
                    long x = ex + dx * (1L << shift);
                    long y = ey + dy * (1L << shift);
                    // On the edge, inside the edge's quantum (beyond the cell padding), and one quantum before.
                    double[] lons = {MortonCode.lonOf(x), (MortonCode.lonOf(x) + MortonCode.lonOf(x + 1)) / 2, MortonCode.lonOf(x - 1)};
                    double[] lats = {MortonCode.latOf(y), (MortonCode.latOf(y) + MortonCode.latOf(y + 1)) / 2, MortonCode.latOf(y - 1)};
                    for (double lon : lons) {
                        for (double lat : lats) {
                            data.addFootage(data.addBareCamera(lat, lon, 30), T0, T0 + BUCKET);
                        }
                    }
                }
            }
        }
        GeometryFactory factory = new GeometryFactory();
        SplittableRandom random = new SplittableRandom(5);
        GeoIndex index = data.build(BUCKET);
        int compared = 0;
        double ox = MortonCode.lonOf(qx);
        double oy = MortonCode.latOf(qy);
        for (int q = 0; q < 400; q++) {
            // Squares from 1e-7 to 1e-3 degrees across whose edges pass near the grid's centre, so
            // that boundary cells are split at every level the grid has edges on.
            double r = Math.pow(10, -7 + 4 * random.nextDouble());
            double cx = ox + (random.nextDouble() - 0.5) * 3 * r;
            double cy = oy + (random.nextDouble() - 0.5) * 3 * r;
            double a = random.nextDouble() * Math.PI;
            Coordinate[] ring = new Coordinate[5];
            for (int i = 0; i < 4; i++) {
                double t = a + i * Math.PI / 2;
                ring[i] = new Coordinate(cx + r * Math.cos(t), cy + r * Math.sin(t));
            }
            ring[4] = ring[0];
            Polygon square = factory.createPolygon(ring);
            compared += assertMatchesBruteForce(data, index, square, q);
        }
        assertThat(compared).isGreaterThan(2000);
    }

    @Test
    void shouldAgreeWithBruteForceWhereCamerasStackUpToTheDeepestCells() {
        Dataset data = new Dataset(12, T0);
        int qx = MortonCode.quantizeLon(-87.6298);
        int qy = MortonCode.quantizeLat(41.8781);
        SplittableRandom random = new SplittableRandom(41);
        double ox = MortonCode.lonOf(qx);
        double oy = MortonCode.latOf(qy);
        // 50 cameras on one point (the cell tree has a node at every level above it), 50 more
        // spread inside that point's quantum (a deepest cell too full for a leaf, so point-tested),
        // and clusters of 40 at spreads of 1e-7 to 1e-3 degrees around it.
        for (int i = 0; i < 50; i++) {
            data.addFootage(data.addBareCamera(oy, ox, 30), T0, T0 + BUCKET);
            double lon = ox + random.nextDouble() * (MortonCode.lonOf(qx + 1L) - ox);
            double lat = oy + random.nextDouble() * (MortonCode.latOf(qy + 1L) - oy);
            data.addFootage(data.addBareCamera(lat, lon, 30), T0, T0 + BUCKET);
        }
        for (int e = -7; e <= -3; e++) {
            for (int i = 0; i < 40; i++) {
                double r = Math.pow(10, e);
                data.addFootage(data.addBareCamera(oy + (random.nextDouble() - 0.5) * r, ox + (random.nextDouble() - 0.5) * r, 30), T0, T0 + BUCKET);
            }
        }
        GeometryFactory factory = new GeometryFactory();
        GeoIndex index = data.build(BUCKET);
        int compared = 0;
        for (int q = 0; q < 300; q++) {
            double r = Math.pow(10, -9 + 6 * random.nextDouble());
            double cx = ox + (random.nextDouble() - 0.5) * 3 * r;
            double cy = oy + (random.nextDouble() - 0.5) * 3 * r;
            Polygon square = factory.createPolygon(new Coordinate[] {
                new Coordinate(cx - r, cy - r), new Coordinate(cx + r, cy - r), new Coordinate(cx + r, cy + r),
                new Coordinate(cx - r, cy + r), new Coordinate(cx - r, cy - r)});
            compared += assertMatchesBruteForce(data, index, square, q);
        }
        assertThat(compared).isGreaterThan(5000);
    }

    /** @return how many cameras the index and {@link BruteForce} both found for the one-bucket window */
    private static int assertMatchesBruteForce(Dataset data, GeoIndex index, Polygon square, int query) {
        long[] expected = BruteForce.matchPolygons(data, BUCKET, square, T0, T0 + BUCKET, T0 + BUCKET);
        assertThat(index.matchIds(Area.polygon(square), T0, T0 + BUCKET, T0 + BUCKET))
            .as("query %d: %s", query, square)
            .containsExactly(expected);
        return expected.length;
    }
}
