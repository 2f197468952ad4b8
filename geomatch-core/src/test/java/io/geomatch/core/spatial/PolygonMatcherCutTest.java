package io.geomatch.core.spatial;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link SpatialMatcher#CUT} contract of {@link PolygonMatcher}: when a rectangle is
 * classified as cut by {@code k} edges, the points of it that lie on none of the edges' lines and
 * on the same side of each are covered alike, as JTS {@code covers} decides. Checked on
 * {@link LatticeAreas}' dyadic lattice, where polygon vertices, rectangle corners and sample
 * points are exact doubles, so that points lie exactly on edges and on the lines through them.
 */
class PolygonMatcherCutTest {
    private static final double STEP = LatticeAreas.STEP;

    @Test
    void shouldCoverAlikeEveryPointOfARegionBetweenTheCuttingLines() {
        SplittableRandom random = new SplittableRandom(20261202L);
        int[] cutBy = new int[SpatialMatcher.MAX_CUT_EDGES + 1];
        int onLine = 0;
        int[] edges = new int[SpatialMatcher.MAX_CUT_EDGES];
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
                int classification = matcher.classify(x0, y0, LatticeAreas.lon(ix + w), LatticeAreas.lat(iy + h), edges);
                if (SpatialMatcher.kindOf(classification) != SpatialMatcher.CUT) {
                    continue;
                }
                int k = SpatialMatcher.edgeCountOf(classification);
                cutBy[k]++;
                Map<Integer, Boolean> regions = new HashMap<>();
                // Every lattice point of the rectangle at 4 times the lattice's resolution.
                for (int sx = 0; sx <= 4 * w; sx++) {
                    for (int sy = 0; sy <= 4 * h; sy++) {
                        double lon = x0 + sx * STEP / 4;
                        double lat = y0 + sy * STEP / 4;
                        boolean covered = LatticeAreas.jtsCovers(area, lat, lon);
                        assertThat(matcher.covers(lat, lon)).as("covers(%s, %s) in %s", lat, lon, area).isEqualTo(covered);
                        int region = 0;
                        for (int i = 0; i < k && region >= 0; i++) {
                            int side = matcher.side(edges[i], lat, lon);
                            region = side == 0 ? -1 : region | (side > 0 ? 1 << i : 0);
                        }
                        if (region < 0) {
                            onLine++;
                            continue;
                        }
                        Boolean first = regions.putIfAbsent(region, covered);
                        assertThat(covered).as("region %d of %d edges at (%s, %s), %s", region, k, lat, lon, area)
                            .isEqualTo(first == null ? covered : first);
                    }
                }
            }
        }
        // The test must reach the cases it is about: one, two and three cutting edges, points on the lines.
        assertThat(cutBy[1]).isGreaterThan(500);
        assertThat(cutBy[2]).isGreaterThan(100);
        assertThat(cutBy[3]).isGreaterThan(20);
        assertThat(onLine).isGreaterThan(500);
    }

    @Test
    void shouldNameTheEdgesThatCutACellAndNoMore() {
        int[] edges = new int[SpatialMatcher.MAX_CUT_EDGES];
        // An L: edges 0 (0,0)-(16,0), 1 (16,0)-(16,8), 2 (16,8)-(8,8), 3 (8,8)-(8,16), 4 (8,16)-(0,16), 5 (0,16)-(0,0).
        Polygon l = LatticeAreas.polygon(new int[][] {{0, 0}, {16, 0}, {16, 8}, {8, 8}, {8, 16}, {0, 16}, {0, 0}});
        PolygonMatcher matcher = PolygonMatcher.of(l);
        int oneEdge = matcher.classify(LatticeAreas.lon(10), LatticeAreas.lat(6), LatticeAreas.lon(14), LatticeAreas.lat(10), edges);
        assertThat(SpatialMatcher.kindOf(oneEdge)).isEqualTo(SpatialMatcher.CUT);
        assertThat(SpatialMatcher.edgeCountOf(oneEdge)).isEqualTo(1);
        assertThat(edges[0]).isEqualTo(2);
        // Points above the edge (16,8)-(8,8) are outside, below it inside: opposite sides, and on it 0.
        assertThat(matcher.side(2, LatticeAreas.lat(8), LatticeAreas.lon(12))).isZero();
        assertThat(matcher.side(2, LatticeAreas.lat(9), LatticeAreas.lon(12))).isEqualTo(-matcher.side(2, LatticeAreas.lat(7), LatticeAreas.lon(12)));
        // The reflex vertex (8,8) inside the rectangle: its two edges.
        int corner = matcher.classify(LatticeAreas.lon(6), LatticeAreas.lat(6), LatticeAreas.lon(10), LatticeAreas.lat(10), edges);
        assertThat(SpatialMatcher.edgeCountOf(corner)).isEqualTo(2);
        assertThat(new int[] {edges[0], edges[1]}).containsExactlyInAnyOrder(2, 3);
        // Four edges meet the rectangle round the whole right arm: more than a cut names.
        assertThat(matcher.classify(LatticeAreas.lon(7), LatticeAreas.lat(-1), LatticeAreas.lon(17), LatticeAreas.lat(9), edges))
            .isEqualTo(SpatialMatcher.BOUNDARY);
        assertThat(matcher.classify(LatticeAreas.lon(2), LatticeAreas.lat(2), LatticeAreas.lon(4), LatticeAreas.lat(4), edges))
            .isEqualTo(SpatialMatcher.INSIDE);
        assertThat(matcher.classify(LatticeAreas.lon(12), LatticeAreas.lat(12), LatticeAreas.lon(14), LatticeAreas.lat(14), edges))
            .isEqualTo(SpatialMatcher.OUTSIDE);
    }

    @Test
    void shouldRefuseSideOnMatchersWithoutEdges() {
        CircleMatcher circle = new CircleMatcher(40.75, -73.98, 500);
        assertThatThrownBy(() -> circle.side(0, 40.75, -73.98))
            .isInstanceOf(UnsupportedOperationException.class)
            .hasMessage("CircleMatcher has no edges");
    }
}
