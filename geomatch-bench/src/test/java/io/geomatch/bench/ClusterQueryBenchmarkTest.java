package io.geomatch.bench;

import io.geomatch.world.CameraWorld;
import io.geomatch.world.QueryWorkload;
import io.geomatch.world.WorldOracle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks what {@link ClusterQueryBenchmark} computes, on a small world: through the cluster and
 * through the single live index, every query of its pool answers as the brute-force oracle does.
 */
class ClusterQueryBenchmarkTest {
    private static final int CAMERAS = 20_000;

    static {
        System.setProperty("hazelcast.logging.type", "none");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cluster", "single"})
    void shouldAnswerTheWholePoolExactly(String target) throws InterruptedException {
        ClusterQueryBenchmark bench = new ClusterQueryBenchmark();
        bench.cameras = CAMERAS;
        bench.target = target;
        bench.members = 3;
        bench.route = "any";
        bench.setup();
        try {
            CameraWorld world = CameraWorld.generate(CAMERAS, GeoIndexQueryBenchmark.HISTORY_DAYS, CameraWorld.DEFAULT_NOW_MILLIS,
                GeoIndexQueryBenchmark.DATA_SEED);
            long nonEmpty = 0;
            for (int q = 0; q < GeoIndexQueryBenchmark.POOL_SIZE; q++) {
                QueryWorkload.Query query = bench.queries[q];
                long[] expected = WorldOracle.ids(world, query.polygon(), query.fromMillis(), query.toMillis(), bench.nowMillis,
                    GeoIndexQueryBenchmark.BUCKET_MILLIS);
                assertThat(bench.match()).as("query " + q).isEqualTo(expected.length);
                if (bench.cluster != null) {
                    assertThat(bench.cluster.match(bench.clusterAreas[q], query.fromMillis(), query.toMillis(), bench.nowMillis))
                        .as("query " + q).containsExactly(expected);
                } else {
                    assertThat(bench.matches.ids()).as("query " + q).containsExactly(expected);
                }
                nonEmpty += expected.length > 0 ? 1 : 0;
            }
            assertThat(nonEmpty).isGreaterThan(50);
        } finally {
            bench.tearDown();
        }
    }

    @Test
    void shouldAskOnlyTheQueriesOfItsRoute() throws InterruptedException {
        for (String route : new String[] {"here", "elsewhere"}) {
            ClusterQueryBenchmark bench = new ClusterQueryBenchmark();
            bench.cameras = CAMERAS;
            bench.target = "cluster";
            bench.members = 3;
            bench.route = route;
            bench.setup();
            try {
                String asker = bench.nodes.get(0).address();
                for (int q : bench.picks) {
                    boolean here = bench.cluster.membersAskedFor(bench.clusterAreas[q]).equals(List.of(asker));
                    assertThat(here).as(route + ", query " + q).isEqualTo(route.equals("here"));
                }
                assertThat(bench.picks).as(route).isNotEmpty();
            } finally {
                bench.tearDown();
            }
        }
    }
}
