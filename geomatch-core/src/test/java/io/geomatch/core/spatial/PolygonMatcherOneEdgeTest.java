package io.geomatch.core.spatial;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link SpatialMatcher#ONE_EDGE} contract of {@link PolygonMatcher}: when a rectangle is
 * classified as cut by one edge, every point of it strictly on one side of that edge's line is
 * covered alike, as JTS {@code covers} decides. Checked on {@link LatticeAreas}' dyadic lattice,
 * where polygon vertices, rectangle corners and sample points are exact doubles, so that points
 * lie exactly on edges and on the lines through them.
 */
class PolygonMatcherOneEdgeTest {
    private static final double STEP = LatticeAreas.STEP;

    @Test
    void shouldCoverAlikeEveryPointOnOneSideOfTheOnlyEdge() {
        SplittableRandom random = new SplittableRandom(20261202L);
        int oneEdge = 0;
        int onLine = 0;
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
                int classification = matcher.classify(x0, y0, x1, y1);
                if (SpatialMatcher.kindOf(classification) != SpatialMatcher.ONE_EDGE) {
                    continue;
                }
                oneEdge++;
                int edge = SpatialMatcher.edgeOf(classification);
                Boolean positive = null;
                Boolean negative = null;
                // Every lattice point of the rectangle at 4 times the lattice's resolution.
                for (int sx = 0; sx <= 4 * w; sx++) {
                    for (int sy = 0; sy <= 4 * h; sy++) {
                        double lon = x0 + sx * STEP / 4;
                        double lat = y0 + sy * STEP / 4;
                        boolean covered = LatticeAreas.jtsCovers(area, lat, lon);
                        assertThat(matcher.covers(lat, lon)).as("covers(%s, %s) in %s", lat, lon, area).isEqualTo(covered);
                        int side = matcher.side(edge, lat, lon);
                        if (side > 0) {
                            positive = positive == null ? covered : positive;
                            assertThat(covered).as("side +1 of edge %d at (%s, %s), %s", edge, lat, lon, area).isEqualTo(positive);
                        } else if (side < 0) {
                            negative = negative == null ? covered : negative;
                            assertThat(covered).as("side -1 of edge %d at (%s, %s), %s", edge, lat, lon, area).isEqualTo(negative);
                        } else {
                            onLine++;
                        }
                    }
                }
            }
        }
        // The test must reach the case it is about, on and off the line.
        assertThat(oneEdge).isGreaterThan(500);
        assertThat(onLine).isGreaterThan(500);
    }

    @Test
    void shouldNeverCallACellCutByTwoEdgesOneEdge() {
        // An L whose reflex vertex is the centre of the rectangle: two edges meet inside it.
        Polygon l = LatticeAreas.polygon(new int[][] {{0, 0}, {16, 0}, {16, 8}, {8, 8}, {8, 16}, {0, 16}, {0, 0}});
        PolygonMatcher matcher = PolygonMatcher.of(l);
        assertThat(matcher.classify(LatticeAreas.lon(6), LatticeAreas.lat(6), LatticeAreas.lon(10), LatticeAreas.lat(10))).isEqualTo(SpatialMatcher.BOUNDARY);
        int onEdge = matcher.classify(LatticeAreas.lon(10), LatticeAreas.lat(6), LatticeAreas.lon(14), LatticeAreas.lat(10));
        assertThat(SpatialMatcher.kindOf(onEdge)).isEqualTo(SpatialMatcher.ONE_EDGE);
        // The edge (16,8)-(8,8): the rectangle's points above it are outside, below it inside.
        int edge = SpatialMatcher.edgeOf(onEdge);
        assertThat(matcher.side(edge, LatticeAreas.lat(8), LatticeAreas.lon(12))).isZero();
        // Its endpoints, in either direction, as callers running their own orientation filter read them.
        double[] ends = {matcher.edgeCoordinate(edge, 0), matcher.edgeCoordinate(edge, 1), matcher.edgeCoordinate(edge, 2), matcher.edgeCoordinate(edge, 3)};
        assertThat(ends).satisfiesAnyOf(
            e -> assertThat(e).containsExactly(LatticeAreas.lon(16), LatticeAreas.lat(8), LatticeAreas.lon(8), LatticeAreas.lat(8)),
            e -> assertThat(e).containsExactly(LatticeAreas.lon(8), LatticeAreas.lat(8), LatticeAreas.lon(16), LatticeAreas.lat(8)));
        assertThat(matcher.side(edge, LatticeAreas.lat(9), LatticeAreas.lon(12))).isEqualTo(-matcher.side(edge, LatticeAreas.lat(7), LatticeAreas.lon(12)));
        assertThat(matcher.classify(LatticeAreas.lon(2), LatticeAreas.lat(2), LatticeAreas.lon(4), LatticeAreas.lat(4))).isEqualTo(SpatialMatcher.INSIDE);
        assertThat(matcher.classify(LatticeAreas.lon(12), LatticeAreas.lat(12), LatticeAreas.lon(14), LatticeAreas.lat(14))).isEqualTo(SpatialMatcher.OUTSIDE);
    }

    @Test
    void shouldRefuseSideAndEdgeCoordinatesOnMatchersWithoutEdges() {
        CircleMatcher circle = new CircleMatcher(40.75, -73.98, 500);
        assertThatThrownBy(() -> circle.side(0, 40.75, -73.98))
            .isInstanceOf(UnsupportedOperationException.class)
            .hasMessage("CircleMatcher has no edges");
        assertThatThrownBy(() -> circle.edgeCoordinate(0, 0))
            .isInstanceOf(UnsupportedOperationException.class)
            .hasMessage("CircleMatcher has no edges");
    }
}
