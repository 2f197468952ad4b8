package io.geomatch.cluster;

import io.geomatch.cluster.member.MemberIndexes;
import io.geomatch.cluster.placement.ShardCells;
import io.geomatch.core.Area;
import io.geomatch.core.GeoIndex;
import io.geomatch.core.InvalidInputException;
import io.geomatch.core.MatchMode;
import io.geomatch.core.testing.BruteForce;
import io.geomatch.core.testing.Dataset;
import io.geomatch.core.testing.OracleCases;
import io.geomatch.core.testing.ViewOracleCases;
import org.junit.jupiter.params.ParameterizedTest;

import java.util.List;
import org.junit.jupiter.params.provider.CsvSource;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.geomatch.core.testing.ViewOracleCases.withoutAmbiguous;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The core's oracle cases ({@link OracleCases}: polygons with holes, many vertices and several
 * parts, cameras on edges and vertices and a hair off them, circles through a camera, H3 cell sets
 * of mixed resolutions, windows on bucket and clip edges, retention cut-offs, opted-out and e2ee
 * cameras) through a 3-member cluster, a client and a member asking in turn, against
 * {@link BruteForce} and a single {@link GeoIndex} of the same data. The data arrives as a history
 * of changes (a base, then new cameras, appended footage, cameras upserted again, moved to Sydney
 * and back, deleted and re-added), so moves between shard cells and partitions are part of it.
 *
 * <p>By view, the core's {@link ViewOracleCases} in their four places and in a fifth beside a
 * shard cell's edge, where the area's box lies in one shard cell and cameras across the edge see
 * into it: their partitions are asked only because the query grows the box by the longest range.
 */
class ClusterOracleTest {
    @ParameterizedTest(name = "seed={0} bucketMillis={1}")
    @CsvSource({"1, 1", "2, 60000", "3, 900000", "4, 1000"})
    void shouldAnswerAsASingleIndexAndTheOracle(long seed, long bucketMillis) throws Exception {
        OracleCases.Case oracleCase = OracleCases.build(seed, bucketMillis);
        Dataset data = oracleCase.data();
        try (TestCluster cluster = TestCluster.start(3, TestCluster.options(bucketMillis));
             GeoIndex single = data.build(bucketMillis)) {
            TestCluster.load(cluster.client(), OracleCases.split(data).all(), 700);
            // A client, a member, and the member that owns the cases' partition, which answers it on the caller's thread.
            ClusterNode owner = owner(cluster, oracleCase);
            ClusterIndex[] askers = {cluster.client(), cluster.node(1).index(), owner.index()};
            long matched = 0;
            int asked = 0;
            for (OracleCases.Check check : oracleCase.checks()) {
                ClusterArea area = check.polygon() != null ? ClusterArea.polygon(check.polygon())
                    : check.circle() != null ? ClusterArea.circle(check.circle()[0], check.circle()[1], check.circle()[2])
                    : ClusterArea.h3Cells(check.cells());
                boolean[] inside = BruteForce.inside(data, check.region());
                for (long[] w : oracleCase.windows()) {
                    long[] expected = BruteForce.match(data, bucketMillis, inside, w[0], w[1], w[2]);
                    String where = String.format("seed=%d bucketMillis=%d %s from=%d to=%d now=%d", seed, bucketMillis, check.label(), w[0], w[1],
                        w[2]);
                    assertThat(single.matchIds(check.area(), w[0], w[1], w[2])).as("single index, " + where).containsExactly(expected);
                    assertThat(askers[asked++ % 3].match(area, w[0], w[1], w[2])).as("cluster, " + where).containsExactly(expected);
                    matched += expected.length;
                }
            }
            assertThat(matched).as("the cases must match cameras to compare").isGreaterThan(500);
            assertThat(MemberIndexes.of(owner.hazelcast()).answeredHere()).as("queries the owner answered on the caller's thread")
                .isGreaterThan(oracleCase.checks().size() / 2);
        }
    }

    @ParameterizedTest(name = "seed={0} bucketMillis={1}")
    @CsvSource({"1, 1", "2, 60000", "3, 900000"})
    void shouldMatchByViewAsASingleIndexAndTheOracle(long seed, long bucketMillis) throws Exception {
        ShardCells shards = new ShardCells(ShardCells.DEFAULT_RESOLUTION);
        double[][] places = Arrays.copyOf(ViewOracleCases.PLACES, ViewOracleCases.PLACES.length + 1);
        double[] beside = besideShardEdge(shards, 41.875, -87.75);
        places[places.length - 1] = beside;
        ViewOracleCases.Case viewCase = ViewOracleCases.build(seed, bucketMillis, places);
        Dataset data = viewCase.data();
        // Cameras across the shard cell's edge, east of the square, facing it with the longest range.
        double metersPerDegreeLon = Math.PI / 180 * BruteForce.EARTH_RADIUS_METERS * Math.cos(Math.toRadians(beside[0]));
        double gapMeters = (beside[2] - beside[1]) * metersPerDegreeLon - 300;
        assertThat(gapMeters).as("gap between the square and the shard cell's edge, m").isLessThan(150);
        for (int k = 1; k <= 8; k++) {
            double past = k * (195 - gapMeters) / 8;
            int c = data.addCamera(beside[0] + (k - 4) * 1e-4, beside[2] + past / metersPerDegreeLon, new long[] {bucketMillis, 60_000});
            data.setView(c, 270, 30 + 10 * k, 200);
        }
        try (TestCluster cluster = TestCluster.start(3, TestCluster.options(bucketMillis));
             GeoIndex single = data.build(bucketMillis)) {
            TestCluster.load(cluster.client(), OracleCases.split(data).all(), 700);
            ClusterIndex[] askers = {cluster.client(), cluster.node(2).index()};
            Map<Long, Integer> byId = new HashMap<>();
            for (int c = 0; c < data.cameraCount(); c++) {
                byId.put(data.id(c), c);
            }
            long compared = 0;
            long viewOnly = 0;
            long acrossShardEdge = 0;
            int asked = 0;
            for (Geometry g : viewCase.areas()) {
                Area area = Area.polygon(g);
                ClusterArea clusterArea = ClusterArea.polygon(g);
                boolean[] ambiguous = new boolean[data.cameraCount()];
                boolean[] inside = BruteForce.viewInside(data, g, ambiguous);
                boolean[] atPosition = BruteForce.inside(data, BruteForce.polygons(g));
                Envelope box = g.getEnvelopeInternal();
                long[] boxCells = shards.covering(box.getMinY(), box.getMinX(), box.getMaxY(), box.getMaxX(), QueryRouter.MAX_CELLS);
                for (long[] w : viewCase.windows()) {
                    String where = String.format("seed=%d bucketMillis=%d %s from=%d to=%d now=%d", seed, bucketMillis, g, w[0], w[1], w[2]);
                    long[] fromSingle = single.matchIds(area, w[0], w[1], w[2], MatchMode.VIEW);
                    long[] fromCluster = askers[asked++ % 2].match(clusterArea, w[0], w[1], w[2], MatchMode.VIEW);
                    assertThat(fromCluster).as("cluster and single index by view, " + where).containsExactly(fromSingle);
                    long[] expected = withoutAmbiguous(BruteForce.match(data, bucketMillis, inside, w[0], w[1], w[2]), data, ambiguous);
                    assertThat(withoutAmbiguous(fromCluster, data, ambiguous)).as("cluster and oracle by view, " + where).containsExactly(expected);
                    long[] byPosition = BruteForce.match(data, bucketMillis, atPosition, w[0], w[1], w[2]);
                    assertThat(askers[asked % 2].match(clusterArea, w[0], w[1], w[2])).as("cluster by position, " + where)
                        .containsExactly(byPosition);
                    compared += expected.length;
                    viewOnly += expected.length - byPosition.length;
                    for (long id : expected) {
                        int c = byId.get(id);
                        if (boxCells == null || Arrays.binarySearch(boxCells, shards.cellOf(data.lat(c), data.lon(c))) < 0) {
                            acrossShardEdge++;
                        }
                    }
                }
            }
            assertThat(compared).as("matches compared").isGreaterThan(300);
            assertThat(viewOnly).as("matches that only a view explains").isGreaterThan(100);
            assertThat(acrossShardEdge).as("matches of cameras in a shard cell the area's box does not reach").isPositive();
            ClusterArea circle = ClusterArea.circle(41.875, -87.75, 100);
            assertThatThrownBy(() -> cluster.client().match(circle, 0, 1, 1, MatchMode.VIEW)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("mode VIEW needs a polygon area");
        }
    }

    /**
     * A place for the view cases whose square (300 m half-side) lies wholly in one shard cell, its
     * box's padded covering reaching no other, with a shard cell's edge a few tens of metres beyond
     * it: found by walking east from a point to the edge and stepping back.
     *
     * @return {lat, lon} of the square's centre, and the longitude where the edge crosses its latitude
     */
    private static double[] besideShardEdge(ShardCells shards, double lat, double lon) {
        double metersPerDegreeLon = Math.PI / 180 * BruteForce.EARTH_RADIUS_METERS * Math.cos(Math.toRadians(lat));
        long start = shards.cellOf(lat, lon);
        double east = 0;
        while (shards.cellOf(lat, lon + (east + 1000) / metersPerDegreeLon) == start) {
            east += 1000;
        }
        double far = east + 1000;
        while (far - east > 0.01) {
            double mid = (east + far) / 2;
            if (shards.cellOf(lat, lon + mid / metersPerDegreeLon) == start) {
                east = mid;
            } else {
                far = mid;
            }
        }
        double half = 300.0 / (Math.PI / 180 * BruteForce.EARTH_RADIUS_METERS);
        for (double gap = 20; gap < 2000; gap += 5) {
            double centerLon = lon + (east - gap - 300) / metersPerDegreeLon;
            double halfLon = 300 / metersPerDegreeLon;
            long[] cells = shards.covering(lat - half, centerLon - halfLon, lat + half, centerLon + halfLon, 16);
            if (cells != null && cells.length == 1) {
                return new double[] {lat, centerLon, lon + east / metersPerDegreeLon};
            }
        }
        throw new AssertionError("no place beside a shard cell's edge east of " + lat + "," + lon);
    }

    /** @return the member that owns the partition of the cases' first area (they all lie in one shard cell) */
    private static ClusterNode owner(TestCluster cluster, OracleCases.Case oracleCase) {
        OracleCases.Check first = oracleCase.checks().get(0);
        ClusterArea area = first.polygon() != null ? ClusterArea.polygon(first.polygon())
            : first.circle() != null ? ClusterArea.circle(first.circle()[0], first.circle()[1], first.circle()[2])
            : ClusterArea.h3Cells(first.cells());
        List<String> owners = cluster.client().membersAskedFor(area);
        assertThat(owners).hasSize(1);
        return cluster.nodes().stream().filter(n -> n.address().equals(owners.get(0))).findFirst().orElseThrow();
    }
}
