package io.geomatch.cluster;

import io.geomatch.core.GeoIndex;
import io.geomatch.core.testing.BruteForce;
import io.geomatch.core.testing.Dataset;
import io.geomatch.core.testing.OracleCases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core's oracle cases ({@link OracleCases}: polygons with holes, many vertices and several
 * parts, cameras on edges and vertices and a hair off them, circles through a camera, H3 cell sets
 * of mixed resolutions, windows on bucket and clip edges, retention cut-offs, opted-out and e2ee
 * cameras) through a 3-member cluster, a client and a member asking in turn, against
 * {@link BruteForce} and a single {@link GeoIndex} of the same data. The data arrives as a history
 * of changes (a base, then new cameras, appended footage, cameras upserted again, moved to Sydney
 * and back, deleted and re-added), so moves between shard cells and partitions are part of it.
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
            ClusterIndex[] askers = {cluster.client(), cluster.node(1).index()};
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
                    assertThat(askers[asked++ % 2].match(area, w[0], w[1], w[2])).as("cluster, " + where).containsExactly(expected);
                    matched += expected.length;
                }
            }
            assertThat(matched).as("the cases must match cameras to compare").isGreaterThan(500);
        }
    }
}
