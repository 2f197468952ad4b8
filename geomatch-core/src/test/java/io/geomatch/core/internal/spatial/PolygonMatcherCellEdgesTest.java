package io.geomatch.core.internal.spatial;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.algorithm.CGAlgorithmsDD;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link SpatialMatcher#EDGES} contract of {@link PolygonMatcher}: when a rectangle is
 * classified as cut by a few edges, every point of it strictly off all their lines and on the same
 * side of each is covered alike, as JTS {@code covers} decides. Checked on {@link LatticeAreas}'
 * dyadic lattice, where polygon vertices, rectangle corners and sample points are exact doubles,
 * so that points lie exactly on edges, on the lines through them and on vertices inside the
 * rectangles.
 */
class PolygonMatcherCellEdgesTest {
    private static final double STEP = LatticeAreas.STEP;

    @Test
    void shouldCoverAlikeEveryPointWithTheSameSidesOfTheCellsEdges() {
        SplittableRandom random = new SplittableRandom(20261202L);
        int[] cellsByEdgeCount = new int[SpatialMatcher.MAX_CELL_EDGES + 1];
        int onLine = 0;
        int[] edges = new int[SpatialMatcher.MAX_CELL_EDGES];
        for (int p = 0; p < 30; p++) {
            Geometry area = LatticeAreas.random(random);
            PolygonMatcher matcher = PolygonMatcher.of(area);
            for (int r = 0; r < 300; r++) {
                int ix = random.nextInt(-4, 44);
                int iy = random.nextInt(-4, 44);
                int w = 1 + random.nextInt(8);
                int h = 1 + random.nextInt(8);
                double x0 = LatticeAreas.lon(ix);
                double y0 = LatticeAreas.lat(iy);
                double x1 = LatticeAreas.lon(ix + w);
                double y1 = LatticeAreas.lat(iy + h);
                int classification = matcher.classify(x0, y0, x1, y1, edges);
                if (SpatialMatcher.kindOf(classification) != SpatialMatcher.EDGES) {
                    continue;
                }
                int count = SpatialMatcher.edgeCountOf(classification);
                cellsByEdgeCount[count]++;
                // The coverage first seen for each pattern of sides.
                Map<Integer, Boolean> coverageByPattern = new HashMap<>();
                // Every lattice point of the rectangle at 4 times the lattice's resolution.
                for (int sx = 0; sx <= 4 * w; sx++) {
                    for (int sy = 0; sy <= 4 * h; sy++) {
                        double lon = x0 + sx * STEP / 4;
                        double lat = y0 + sy * STEP / 4;
                        boolean covered = LatticeAreas.jtsCovers(area, lat, lon);
                        assertThat(matcher.covers(lat, lon)).as("covers(%s, %s) in %s", lat, lon, area).isEqualTo(covered);
                        int pattern = sidePattern(matcher, edges, count, lat, lon);
                        if (pattern < 0) {
                            onLine++;
                            continue;
                        }
                        boolean first = coverageByPattern.computeIfAbsent(pattern, k -> covered);
                        assertThat(covered).as("side pattern %s of %d edges at (%s, %s), %s", Integer.toBinaryString(pattern), count, lat, lon, area)
                            .isEqualTo(first);
                    }
                }
            }
        }
        // The test must reach the cases it is about: one edge and several, points on and off the lines.
        assertThat(cellsByEdgeCount[1]).isGreaterThan(500);
        assertThat(cellsByEdgeCount[2]).isGreaterThan(200);
        assertThat(cellsByEdgeCount[3] + cellsByEdgeCount[4]).isGreaterThan(50);
        assertThat(onLine).isGreaterThan(500);
    }

    @Test
    void shouldClassifyAQuarterAmongItsParentsEdgesAsAmongAllEdges() {
        SplittableRandom random = new SplittableRandom(20261203L);
        int[] parentEdges = new int[SpatialMatcher.MAX_CELL_EDGES];
        int[] edges = new int[SpatialMatcher.MAX_CELL_EDGES];
        int[] edgesAmong = new int[SpatialMatcher.MAX_CELL_EDGES];
        int compared = 0;
        int[] kinds = new int[4];
        for (int p = 0; p < 30; p++) {
            Geometry area = LatticeAreas.random(random);
            PolygonMatcher matcher = PolygonMatcher.of(area);
            for (int r = 0; r < 300; r++) {
                // A rectangle of 2^k lattice units, so that its quarters' corners are lattice points too.
                int size = 2 << random.nextInt(3);
                int ix = random.nextInt(-4, 44);
                int iy = random.nextInt(-4, 44);
                int parent = matcher.classify(LatticeAreas.lon(ix), LatticeAreas.lat(iy), LatticeAreas.lon(ix + size), LatticeAreas.lat(iy + size), parentEdges);
                if (SpatialMatcher.kindOf(parent) != SpatialMatcher.EDGES) {
                    continue;
                }
                int half = size / 2;
                for (int q = 0; q < 4; q++) {
                    double x0 = LatticeAreas.lon(ix + (q & 1) * half);
                    double y0 = LatticeAreas.lat(iy + (q >>> 1) * half);
                    double x1 = LatticeAreas.lon(ix + (q & 1) * half + half);
                    double y1 = LatticeAreas.lat(iy + (q >>> 1) * half + half);
                    int all = matcher.classify(x0, y0, x1, y1, edges);
                    int among = matcher.classifyAmong(x0, y0, x1, y1, parentEdges, 0, SpatialMatcher.edgeCountOf(parent), edgesAmong);
                    assertThat(among).as("quarter %d of (%d, %d) size %d in %s", q, ix, iy, size, area).isEqualTo(all);
                    if (SpatialMatcher.kindOf(all) == SpatialMatcher.EDGES) {
                        int count = SpatialMatcher.edgeCountOf(all);
                        assertThat(Arrays.copyOf(edgesAmong, count)).containsExactlyInAnyOrder(Arrays.copyOf(edges, count));
                    }
                    kinds[SpatialMatcher.kindOf(all)]++;
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(2000);
        // Quarters of every kind but BOUNDARY, which a quarter of a few-edge cell cannot be.
        assertThat(kinds[SpatialMatcher.INSIDE]).isGreaterThan(100);
        assertThat(kinds[SpatialMatcher.OUTSIDE]).isGreaterThan(100);
        assertThat(kinds[SpatialMatcher.EDGES]).isGreaterThan(1000);
    }

    /** @return bit i set if the point is on the positive side of edge i's line, or -1 if it is on some line */
    private static int sidePattern(SpatialMatcher matcher, int[] edges, int count, double lat, double lon) {
        int pattern = 0;
        for (int i = 0; i < count; i++) {
            int side = CGAlgorithmsDD.orientationIndex(matcher.edgeCoordinate(edges[i], 0), matcher.edgeCoordinate(edges[i], 1),
                matcher.edgeCoordinate(edges[i], 2), matcher.edgeCoordinate(edges[i], 3), lon, lat);
            if (side == 0) {
                return -1;
            }
            pattern |= (side > 0 ? 1 : 0) << i;
        }
        return pattern;
    }

    @Test
    void shouldCarryTheEdgesThatMeetTheRectangleAndNoMoreThanFour() {
        // An L whose reflex vertex (8, 8) is the centre of the first rectangle: two edges meet inside it.
        Polygon l = LatticeAreas.polygon(new int[][] {{0, 0}, {16, 0}, {16, 8}, {8, 8}, {8, 16}, {0, 16}, {0, 0}});
        PolygonMatcher matcher = PolygonMatcher.of(l);
        int[] edges = new int[SpatialMatcher.MAX_CELL_EDGES];
        int corner = matcher.classify(LatticeAreas.lon(6), LatticeAreas.lat(6), LatticeAreas.lon(10), LatticeAreas.lat(10), edges);
        assertThat(SpatialMatcher.kindOf(corner)).isEqualTo(SpatialMatcher.EDGES);
        assertThat(SpatialMatcher.edgeCountOf(corner)).isEqualTo(2);
        assertThat(new String[] {ends(matcher, edges[0]), ends(matcher, edges[1])})
            .containsExactlyInAnyOrder("16,8 8,8", "8,8 8,16");
        // Beside the edge (16,8)-(8,8) only.
        int beside = matcher.classify(LatticeAreas.lon(10), LatticeAreas.lat(6), LatticeAreas.lon(14), LatticeAreas.lat(10), edges);
        assertThat(SpatialMatcher.kindOf(beside)).isEqualTo(SpatialMatcher.EDGES);
        assertThat(SpatialMatcher.edgeCountOf(beside)).isEqualTo(1);
        assertThat(ends(matcher, edges[0])).isEqualTo("16,8 8,8");
        // The whole L: all six edges meet it, more than a classification carries.
        assertThat(matcher.classify(LatticeAreas.lon(-1), LatticeAreas.lat(-1), LatticeAreas.lon(17), LatticeAreas.lat(17), edges))
            .isEqualTo(SpatialMatcher.BOUNDARY);
        assertThat(matcher.classify(LatticeAreas.lon(2), LatticeAreas.lat(2), LatticeAreas.lon(4), LatticeAreas.lat(4), edges))
            .isEqualTo(SpatialMatcher.INSIDE);
        assertThat(matcher.classify(LatticeAreas.lon(12), LatticeAreas.lat(12), LatticeAreas.lon(14), LatticeAreas.lat(14), edges))
            .isEqualTo(SpatialMatcher.OUTSIDE);
    }

    /** @return the edge's endpoints in lattice units, "x,y x,y" */
    private static String ends(SpatialMatcher matcher, int edge) {
        return (int) Math.round((matcher.edgeCoordinate(edge, 0) - LatticeAreas.lon(0)) / STEP) + ","
            + (int) Math.round((matcher.edgeCoordinate(edge, 1) - LatticeAreas.lat(0)) / STEP) + " "
            + (int) Math.round((matcher.edgeCoordinate(edge, 2) - LatticeAreas.lon(0)) / STEP) + ","
            + (int) Math.round((matcher.edgeCoordinate(edge, 3) - LatticeAreas.lat(0)) / STEP);
    }

    @Test
    void shouldRefuseEdgeCoordinatesOnMatchersWithoutEdges() {
        CircleMatcher circle = new CircleMatcher(40.75, -73.98, 500);
        assertThatThrownBy(() -> circle.edgeCoordinate(0, 0))
            .isInstanceOf(UnsupportedOperationException.class)
            .hasMessage("CircleMatcher has no edges");
    }
}
