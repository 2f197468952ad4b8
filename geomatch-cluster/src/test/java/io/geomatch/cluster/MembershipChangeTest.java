package io.geomatch.cluster;

import io.geomatch.core.Camera;
import io.geomatch.core.Mutations;
import io.geomatch.core.testing.BruteForce;
import io.geomatch.core.testing.Dataset;
import io.geomatch.core.testing.OracleCases;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Answers stay exact while the cluster changes under them. A member dies abruptly (terminated, not
 * leaving) while a loop of oracle queries runs and a writer adds cameras: every answer that is
 * returned equals the oracle (a query may fail as unavailable, and be retried, but never answers
 * wrongly), and after the cluster settles every acknowledged change is there. A member joins:
 * partitions migrate to it, it indexes them and answers for them, and answers stay exact.
 */
class MembershipChangeTest {
    private static final long B = 60_000;
    private static final double DENVER_LAT = 39.7392;
    private static final double DENVER_LON = -104.9903;
    private static final long T = OracleCases.BASE_MILLIS;

    /** The oracle's queries on a fixed dataset, with their expected answers, asked in a loop. */
    static final class QueryLoop implements Runnable {
        private final List<ClusterArea> areas = new ArrayList<>();
        private final List<long[]> windows = new ArrayList<>();
        private final List<long[]> expected = new ArrayList<>();
        private final List<ClusterIndex> askers;
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicInteger answered = new AtomicInteger();
        final AtomicInteger unavailable = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        QueryLoop(OracleCases.Case oracleCase, List<ClusterIndex> askers) {
            this.askers = askers;
            Dataset data = oracleCase.data();
            for (OracleCases.Check check : oracleCase.checks()) {
                ClusterArea area = check.polygon() != null ? ClusterArea.polygon(check.polygon())
                    : check.circle() != null ? ClusterArea.circle(check.circle()[0], check.circle()[1], check.circle()[2])
                    : ClusterArea.h3Cells(check.cells());
                boolean[] inside = BruteForce.inside(data, check.region());
                for (long[] w : oracleCase.windows()) {
                    areas.add(area);
                    windows.add(w);
                    expected.add(BruteForce.match(data, B, inside, w[0], w[1], w[2]));
                }
            }
        }

        @Override
        public void run() {
            int i = 0;
            try {
                while (!stop.get()) {
                    int q = i % areas.size();
                    long[] w = windows.get(q);
                    try {
                        long[] ids = askers.get(i % askers.size()).match(areas.get(q), w[0], w[1], w[2]);
                        assertThat(ids).as("query %d, answer %d", q, answered.get()).containsExactly(expected.get(q));
                        answered.incrementAndGet();
                    } catch (ClusterUnavailableException e) {
                        unavailable.incrementAndGet();
                    }
                    i++;
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }

        /** Asks every query once more and checks every answer. */
        void checkAll(ClusterIndex asker) {
            for (int q = 0; q < areas.size(); q++) {
                long[] w = windows.get(q);
                assertThat(asker.match(areas.get(q), w[0], w[1], w[2])).as("query %d after the change", q).containsExactly(expected.get(q));
            }
        }
    }

    /** Adds cameras with footage near Denver, batch after batch, sending a batch again until it is acknowledged. */
    private static final class Writer implements Runnable {
        private final ClusterIndex index;
        final AtomicBoolean stop = new AtomicBoolean();
        final List<Camera> acked = new ArrayList<>();
        final AtomicInteger retried = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Writer(ClusterIndex index) {
            this.index = index;
        }

        @Override
        public void run() {
            long next = 9_000_000_000L;
            try {
                while (!stop.get()) {
                    List<Camera> batch = new ArrayList<>();
                    Mutations m = new Mutations();
                    for (int i = 0; i < 40; i++, next++) {
                        Camera c = Camera.at(next, DENVER_LAT + (next % 97) * 1e-4, DENVER_LON + (next % 89) * 1e-4);
                        batch.add(c);
                        m.upsertCamera(c).addFootage(c.id(), T, T + 30_000);
                    }
                    while (true) {
                        try {
                            index.apply(m);
                            break;
                        } catch (ClusterUnavailableException e) {
                            retried.incrementAndGet();
                        }
                    }
                    synchronized (acked) {
                        acked.addAll(batch);
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }

        long[] ackedIds() {
            synchronized (acked) {
                return acked.stream().mapToLong(Camera::id).sorted().toArray();
            }
        }
    }

    @Test
    void shouldAnswerExactlyWhileAMemberDiesAndKeepEveryAcknowledgedChange() throws Exception {
        OracleCases.Case oracleCase = OracleCases.build(5, B);
        try (TestCluster cluster = TestCluster.start(3, TestCluster.options(B))) {
            TestCluster.load(cluster.client(), OracleCases.split(oracleCase.data()).all(), 1_000);
            QueryLoop queries = new QueryLoop(oracleCase, List.of(cluster.client(), cluster.node(0).index()));
            Writer writer = new Writer(cluster.node(2).index());
            Thread q = new Thread(queries, "oracle-queries");
            Thread w = new Thread(writer, "writer");
            q.start();
            w.start();
            waitFor(() -> queries.failure.get() != null || writer.failure.get() != null
                || queries.answered.get() >= 200 && writer.ackedIds().length >= 200);
            int answeredBefore = queries.answered.get();

            cluster.node(1).crash();

            assertThat(cluster.node(0).awaitReady(Duration.ofSeconds(60))).as("the survivors settle").isTrue();
            assertThat(cluster.node(2).awaitReady(Duration.ofSeconds(60))).isTrue();
            waitFor(() -> queries.failure.get() != null || queries.answered.get() >= answeredBefore + 300);
            queries.stop.set(true);
            writer.stop.set(true);
            q.join();
            w.join();

            System.out.printf("member loss: %d answers (%d after the crash), %d unavailable; %d batches acked, %d sent again%n",
                queries.answered.get(), queries.answered.get() - answeredBefore, queries.unavailable.get(), writer.ackedIds().length / 40,
                writer.retried.get());
            assertThat(queries.failure.get()).as("every answer equals the oracle").isNull();
            assertThat(writer.failure.get()).isNull();
            queries.checkAll(cluster.client());
            queries.checkAll(cluster.node(2).index());
            ClusterArea denver = ClusterArea.circle(DENVER_LAT, DENVER_LON, 5_000);
            assertThat(cluster.client().match(denver, T, T + 1, T)).as("every acknowledged camera").containsExactly(writer.ackedIds());
            long cameras = cluster.client().status().stream().mapToLong(MemberStatus::cameras).sum();
            assertThat(cameras).isEqualTo(oracleCase.data().cameraCount() + writer.ackedIds().length);
        }
    }

    @Test
    void shouldAnswerExactlyWhileAMemberJoinsAndGiveItItsShare() throws Exception {
        OracleCases.Case oracleCase = OracleCases.build(6, B);
        try (TestCluster cluster = TestCluster.start(2, TestCluster.options(B))) {
            TestCluster.load(cluster.client(), OracleCases.split(oracleCase.data()).all(), 1_000);
            QueryLoop queries = new QueryLoop(oracleCase, List.of(cluster.client(), cluster.node(0).index()));
            Thread q = new Thread(queries, "oracle-queries");
            q.start();
            waitFor(() -> queries.failure.get() != null || queries.answered.get() >= 100);

            ClusterNode joined = cluster.join();

            assertThat(joined.awaitReady(Duration.ofSeconds(60))).isTrue();
            cluster.awaitReady();
            int answeredBefore = queries.answered.get();
            waitFor(() -> queries.failure.get() != null || queries.answered.get() >= answeredBefore + 200);
            queries.stop.set(true);
            q.join();

            System.out.printf("member join: %d answers (%d after the join), %d unavailable%n", queries.answered.get(),
                queries.answered.get() - answeredBefore, queries.unavailable.get());
            assertThat(queries.failure.get()).as("every answer equals the oracle").isNull();
            queries.checkAll(joined.index());
            List<MemberStatus> status = cluster.client().status();
            assertThat(status).hasSize(3);
            MemberStatus newcomer = status.stream().filter(s -> s.address().equals(joined.address())).findFirst().orElseThrow();
            assertThat(newcomer.partitionsOwned()).as("partitions migrated to the new member").isGreaterThan(10);
            assertThat(newcomer.partitionsIndexing()).isZero();
            assertThat(status.stream().mapToLong(MemberStatus::cameras).sum()).isEqualTo(oracleCase.data().cameraCount());
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting");
            }
            Thread.sleep(20);
        }
    }
}
