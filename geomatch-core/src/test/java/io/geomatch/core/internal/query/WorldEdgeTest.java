package io.geomatch.core.internal.query;

import io.geomatch.core.Area;
import io.geomatch.core.GeoIndex;
import io.geomatch.core.testing.BruteForce;
import io.geomatch.core.testing.Dataset;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The edges of the world and of the data structures: clusters of cameras at longitude ±180 and
 * latitude ±90 (where the quadtree's last cell ends exactly on the edge), and a many-vertex
 * polygon whose edges all span its full height. All against {@link BruteForce}.
 */
class WorldEdgeTest {
    private static final long DAY = 86_400_000L;
    private static final long B = 60_000;

    @Test
    void shouldMatchClustersAtTheAntimeridianAndThePoles() {
        Dataset data = new Dataset(3, 1000 * DAY);
        double[][] spots = {{0, 180}, {0, -180}, {90, 0}, {-90, -180}, {89.9999999, 179.9999999}};
        for (double[] spot : spots) {
            // More cameras than a leaf holds, so the walk must split cells down to the last level.
            for (int i = 0; i < 12; i++) {
                data.addFootage(data.addBareCamera(spot[0], spot[1], 30), 1000 * DAY, 1000 * DAY + B);
            }
        }
        GeoIndex index = data.build(B);
        GeometryFactory gf = new GeometryFactory();
        List<Object[]> areas = new ArrayList<>();
        Polygon east = gf.createPolygon(new Coordinate[] {
            new Coordinate(170, -10), new Coordinate(180, -10), new Coordinate(180, 10), new Coordinate(170, 10), new Coordinate(170, -10)});
        Polygon north = gf.createPolygon(new Coordinate[] {
            new Coordinate(-180, 80), new Coordinate(180, 80), new Coordinate(180, 90), new Coordinate(-180, 90), new Coordinate(-180, 80)});
        areas.add(new Object[] {Area.polygon(east), BruteForce.polygons(east)});
        areas.add(new Object[] {Area.polygon(north), BruteForce.polygons(north)});
        for (double[] spot : spots) {
            areas.add(new Object[] {Area.circle(spot[0], spot[1], 0), BruteForce.circle(spot[0], spot[1], 0)});
            areas.add(new Object[] {Area.circle(spot[0], spot[1], 5000), BruteForce.circle(spot[0], spot[1], 5000)});
            for (int res : new int[] {0, 2, 15}) {
                long cell = BruteForce.h3().latLngToCell(spot[0], spot[1], res);
                areas.add(new Object[] {Area.h3Cells(cell), BruteForce.cells(cell)});
            }
        }
        int matched = 0;
        for (Object[] area : areas) {
            boolean[] inside = BruteForce.inside(data, (BruteForce.Region) area[1]);
            long[] expected = BruteForce.match(data, B, inside, 1000 * DAY, 1001 * DAY, 1000 * DAY + DAY);
            assertThat(index.matchIds((Area) area[0], 1000 * DAY, 1001 * DAY, 1000 * DAY + DAY))
                .as("%s", area[0]).containsExactly(expected);
            matched += expected.length;
        }
        assertThat(matched).isGreaterThan(100);
    }

    @Test
    void shouldKeepAPolygonOfManyTallEdgesSmallAndExact() {
        // A sawtooth whose teeth all span the polygon's full height: every edge crosses every band.
        int teeth = 50_000;
        Coordinate[] ring = new Coordinate[2 * teeth + 3];
        for (int i = 0; i < 2 * teeth; i++) {
            ring[i] = new Coordinate(-179 + 358.0 * i / (2 * teeth - 1), i % 2 == 0 ? 10 : -9.99);
        }
        ring[2 * teeth] = new Coordinate(179, -10);
        ring[2 * teeth + 1] = new Coordinate(-179, -10);
        ring[2 * teeth + 2] = ring[0];
        Polygon saw = new GeometryFactory().createPolygon(ring);
        Area area = Area.polygon(saw);
        BruteForce.Region oracle = BruteForce.polygons(saw);
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < 2_000; i++) {
            double lat = -11 + 22 * random.nextDouble();
            double lon = -180 + 360 * random.nextDouble();
            assertThat(area.covers(lat, lon)).as("lat=%s lon=%s", lat, lon).isEqualTo(oracle.covers(lat, lon));
        }
        for (int i = 0; i < 200; i++) {
            Coordinate vertex = ring[random.nextInt(ring.length)];
            assertThat(area.covers(vertex.y, vertex.x)).as("vertex %s", vertex).isTrue();
        }
    }
}
