package io.geomatch.cluster;

import io.geomatch.cluster.member.MemberIndexes;
import io.geomatch.core.Camera;
import io.geomatch.core.Mutations;
import io.geomatch.core.testing.OracleCases;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With warm backups, a member keeps an index of every partition it holds as a backup replica, and
 * a backup promoted when its owner dies answers from that index at once: two members, one
 * terminated right after a batch it owns was acknowledged (new cameras written many at once, a
 * delete and a move between shard cells, each a single change); the survivor then owns every
 * partition, answers every oracle query and the batch exactly, and has built no index as an owner.
 * Without warm backups the same loss makes the survivor build the partitions it took over, which
 * is what the count of builds shows.
 */
class WarmBackupTest {
    private static final long B = 60_000;
    private static final long T = OracleCases.BASE_MILLIS;
    private static final long FIRST_ID = 8_000_000_000L;

    @Test
    void shouldAnswerFromAPromotedBackupsWarmIndexWithoutBuildingIt() throws Exception {
        Outcome o = loseAMemberRightAfterAnAcknowledgedBatch(true);

        assertThat(o.ownerBuildsAfterLoss).as("partitions indexed again after the loss").isZero();
        assertThat(o.partitionsTakenOver).as("partitions the survivor took over").isGreaterThan(10);
    }

    @Test
    void shouldBuildThePartitionsItTakesOverWithoutWarmBackups() throws Exception {
        Outcome o = loseAMemberRightAfterAnAcknowledgedBatch(false);

        assertThat(o.ownerBuildsAfterLoss).as("partitions indexed again after the loss").isGreaterThanOrEqualTo(o.partitionsTakenOver);
    }

    private record Outcome(long ownerBuildsAfterLoss, int partitionsTakenOver) {
    }

    private static Outcome loseAMemberRightAfterAnAcknowledgedBatch(boolean warm) throws Exception {
        OracleCases.Case oracleCase = OracleCases.build(7, B);
        try (TestCluster cluster = TestCluster.start(2, TestCluster.options(B).warmBackups(warm))) {
            ClusterNode survivor = cluster.node(0);
            ClusterNode victim = cluster.node(1);
            ClusterIndex index = survivor.index();
            TestCluster.load(index, OracleCases.split(oracleCase.data()).all(), 1_000);
            double[][] spots = spotsOwnedBy(index, victim.address(), 2);

            // Before: six cameras at the first spot.
            Mutations before = new Mutations();
            for (long id = FIRST_ID; id < FIRST_ID + 6; id++) {
                before.upsertCamera(Camera.at(id, spots[0][0] + (id - FIRST_ID) * 1e-4, spots[0][1])).addFootage(id, T, T + 30_000);
            }
            index.apply(before);
            MemberIndexes indexes = MemberIndexes.of(survivor.hazelcast());
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!(warm ? indexes.warm() : survivor.awaitReady(Duration.ofSeconds(1)))) {
                assertThat(System.nanoTime()).as("the survivor's backups are indexed").isLessThan(deadline);
                Thread.sleep(20);
            }
            int ownedBefore = indexes.report().partitionsOwned();

            // Acknowledged right before the loss: three new cameras, a delete, and a move to the second spot.
            Mutations last = new Mutations();
            for (long id = FIRST_ID + 6; id < FIRST_ID + 9; id++) {
                last.upsertCamera(Camera.at(id, spots[0][0] + (id - FIRST_ID) * 1e-4, spots[0][1])).addFootage(id, T, T + 30_000);
            }
            last.deleteCamera(FIRST_ID + 5);
            last.upsertCamera(Camera.at(FIRST_ID + 4, spots[1][0], spots[1][1]));
            index.apply(last);
            long builds = indexes.buildsCompleted();
            victim.crash();

            ClusterArea first = ClusterArea.circle(spots[0][0], spots[0][1], 2_000);
            ClusterArea second = ClusterArea.circle(spots[1][0], spots[1][1], 2_000);
            assertThat(index.match(first, T, T + 1, T)).as("the first spot after the loss")
                .containsExactly(FIRST_ID, FIRST_ID + 1, FIRST_ID + 2, FIRST_ID + 3, FIRST_ID + 6, FIRST_ID + 7, FIRST_ID + 8);
            assertThat(index.match(second, T, T + 1, T)).as("the moved camera, with its footage").containsExactly(FIRST_ID + 4);
            new MembershipChangeTest.QueryLoop(oracleCase, List.of(index)).checkAll(index);
            assertThat(survivor.awaitReady(Duration.ofSeconds(60))).isTrue();
            int taken = indexes.report().partitionsOwned() - ownedBefore;
            System.out.printf("warm backups %s: the survivor took over %d partitions and built %d as their owner%n", warm, taken,
                indexes.buildsCompleted() - builds);
            assertThat(indexes.report().partitionsOwned()).as("the survivor owns every partition").isEqualTo(71);
            return new Outcome(indexes.buildsCompleted() - builds, taken);
        }
    }

    /** @return {@code n} places, each in another shard cell, whose partitions the member owns now */
    private static double[][] spotsOwnedBy(ClusterIndex index, String member, int n) {
        List<double[]> found = new ArrayList<>();
        for (double lat = 30; lat < 48 && found.size() < n; lat += 1.5) {
            for (double lon = -120; lon < -75 && found.size() < n; lon += 1.5) {
                ClusterArea around = ClusterArea.circle(lat, lon, 2_000);
                if (index.partitionsAskedFor(around) == 1 && index.membersAskedFor(around).equals(List.of(member))) {
                    found.add(new double[] {lat, lon});
                }
            }
        }
        assertThat(found).as("places owned by %s", member).hasSize(n);
        return found.toArray(new double[0][]);
    }
}
