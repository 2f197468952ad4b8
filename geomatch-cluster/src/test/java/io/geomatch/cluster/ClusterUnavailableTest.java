package io.geomatch.cluster;

import io.geomatch.core.Camera;
import io.geomatch.core.Mutations;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A cluster that cannot answer says so, within the answer timeout, with an error that says to
 * retry: never an answer made of the partitions that could be reached.
 */
class ClusterUnavailableTest {
    private static final long T = 1_762_000_000_000L;
    private static final ClusterArea CHICAGO = ClusterArea.circle(41.8781, -87.6298, 500);

    @Test
    void shouldFailAsUnavailableWhenNoMemberIsReachable() {
        int port = TestCluster.freePort();
        long started = System.nanoTime();

        assertThatThrownBy(() -> ClusterIndex.connect(ClientOptions.members(List.of("127.0.0.1:" + port)).connectTimeout(Duration.ofSeconds(2))))
            .isInstanceOf(ClusterUnavailableException.class)
            .hasMessageStartingWith("no member of cluster 'geomatch' is reachable at 127.0.0.1:" + port)
            .hasMessageEndingWith("; retry once a member runs");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void shouldFailQueriesAndBatchesAsUnavailableOnceTheMembersAreGone() throws Exception {
        try (TestCluster cluster = TestCluster.start(1, TestCluster.options(60_000));
             ClusterIndex client = ClusterIndex.connect(ClientOptions.members(cluster.addresses()).clusterName(cluster.name())
                 .connectTimeout(Duration.ofSeconds(2)).answerTimeout(Duration.ofSeconds(3)))) {
            client.apply(new Mutations().upsertCamera(Camera.at(1, 41.8781, -87.6298)).addFootage(1, T, T + 1_000));
            assertThat(client.match(CHICAGO, T, T + 1, T)).containsExactly(1L);

            cluster.node(0).crash();

            long started = System.nanoTime();
            assertThatThrownBy(() -> client.match(CHICAGO, T, T + 1, T)).isInstanceOf(ClusterUnavailableException.class)
                .hasMessageStartingWith("the cluster cannot answer now: ").hasMessageEndingWith("; retry");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
            assertThatThrownBy(() -> client.apply(new Mutations().addFootage(1, T, T + 2_000))).isInstanceOf(ClusterUnavailableException.class)
                .hasMessageStartingWith("the cluster cannot take the batch now: ").hasMessageEndingWith("retry it");
        }
    }
}
