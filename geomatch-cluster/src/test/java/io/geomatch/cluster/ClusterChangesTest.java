package io.geomatch.cluster;

import com.hazelcast.map.IMap;
import io.geomatch.cluster.data.Bumped;
import io.geomatch.cluster.data.CameraKey;
import io.geomatch.cluster.data.CameraRecord;
import io.geomatch.cluster.data.ChangeOutcome;
import io.geomatch.cluster.member.BumpProcessor;
import io.geomatch.cluster.member.ChangeProcessor;
import io.geomatch.cluster.member.MemberIndexes;
import io.geomatch.cluster.placement.Partitions;
import io.geomatch.cluster.placement.ShardCells;
import io.geomatch.core.Camera;
import io.geomatch.core.InvalidInputException;
import io.geomatch.core.LiveIndex;
import io.geomatch.core.LiveOptions;
import io.geomatch.core.Mutations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What a change does in a 3-member cluster: refusals exactly as the core refuses (message, and
 * the changes before applied, none after), moves between shard cells within one {@code apply},
 * opt-outs visible to the very next query on every member, answers that stay exact when a move
 * was cut short by a dying writer and the next change that settles it, and a member with other
 * settings that is refused.
 */
class ClusterChangesTest {
    private static final long B = 60_000;
    private static final long T = 1_762_000_000_000L;
    private static final double CHICAGO_LAT = 41.8781;
    private static final double CHICAGO_LON = -87.6298;
    private static final double SYDNEY_LAT = -33.8688;
    private static final double SYDNEY_LON = 151.2093;
    private static final ClusterArea CHICAGO = ClusterArea.circle(CHICAGO_LAT, CHICAGO_LON, 500);
    private static final ClusterArea SYDNEY = ClusterArea.circle(SYDNEY_LAT, SYDNEY_LON, 500);
    private static final AtomicLong IDS = new AtomicLong(1_000);

    private static TestCluster cluster;

    @BeforeAll
    static void start() throws InterruptedException {
        cluster = TestCluster.start(3, TestCluster.options(B).maxRetentionDays(180));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void shouldRefuseWhatTheCoreRefusesWithTheCoresMessages() {
        long id = IDS.incrementAndGet();
        List<Consumer<Mutations>> bad = List.of(
            m -> m.addFootage(id, T, T),
            m -> m.addFootage(id, T + 5, T + 1),
            m -> m.addFootage(id, T, 1_000_000_000_000_001L),
            m -> m.addFootage(id, -1_000_000_000_000_001L, T),
            m -> m.upsertCamera(Camera.at(id, CHICAGO_LAT, CHICAGO_LON).retentionDays(181)),
            m -> m.addFootage(id + 1_000_000, T, T + 1),
            m -> m.deleteCamera(id + 1_000_000));
        cluster.client().apply(new Mutations().upsertCamera(Camera.at(id, CHICAGO_LAT, CHICAGO_LON)));
        try (LiveIndex core = LiveIndex.create(B, LiveOptions.defaults().maxRetentionDays(180))) {
            core.upsertCamera(Camera.at(id, CHICAGO_LAT, CHICAGO_LON));
            for (Consumer<Mutations> change : bad) {
                Mutations one = new Mutations();
                change.accept(one);
                InvalidInputException expected = catchThrowableOfType(InvalidInputException.class, () -> one.forEach(visitor(core)));
                assertThat(expected).as("the core refuses it").isNotNull();
                ChangeRefusedException refused = catchThrowableOfType(ChangeRefusedException.class, () -> cluster.client().apply(one));
                assertThat(refused).as("the cluster refuses %s", expected.getMessage()).isNotNull();
                // The same words, but for what sets the longest retention.
                assertThat(refused.reason().getMessage().replace("maxRetentionDays of the cluster", "maxRetentionDays of the live index"))
                    .isEqualTo(expected.getMessage());
                assertThat(refused.accepted()).isZero();
            }
        }
    }

    @Test
    void shouldApplyTheChangesBeforeARefusedOneAndNoneAfter() {
        long a = IDS.incrementAndGet();
        long unknown = IDS.incrementAndGet();
        long c = IDS.incrementAndGet();
        Mutations batch = new Mutations()
            .upsertCamera(Camera.at(a, CHICAGO_LAT, CHICAGO_LON))
            .addFootage(a, T, T + 1_000)
            .addFootage(unknown, T, T + 1_000)
            .upsertCamera(Camera.at(c, CHICAGO_LAT, CHICAGO_LON))
            .addFootage(c, T, T + 1_000);

        ChangeRefusedException refused = catchThrowableOfType(ChangeRefusedException.class, () -> cluster.client().apply(batch));

        assertThat(refused.accepted()).isEqualTo(2);
        assertThat(refused.reason().getMessage()).isEqualTo("camera_id " + unknown + " is not a known camera: add the camera before its footage");
        assertThat(refused.getMessage()).startsWith("change 2 of the batch was refused: camera_id " + unknown);
        assertThat(cluster.node(2).index().match(CHICAGO, T, T + 1, T)).contains(a).doesNotContain(c);
        assertThat(cluster.client().apply(new Mutations().addFootage(a, T + 60_000, T + 61_000))).isEqualTo(1);
    }

    @Test
    void shouldRefuseClockAdvances() {
        assertThatThrownBy(() -> cluster.client().apply(new Mutations().advanceClock(T))).isInstanceOf(ChangeRefusedException.class)
            .hasMessageContaining("advanceClock " + T + " is not supported by a cluster");
    }

    @Test
    void shouldMoveACameraToAnotherShardCellWithItsFootageInOneApply() {
        long id = IDS.incrementAndGet();
        ClusterIndex client = cluster.client();
        client.apply(new Mutations().upsertCamera(Camera.at(id, CHICAGO_LAT, CHICAGO_LON)).addFootage(id, T, T + 1_000));
        assertThat(client.match(CHICAGO, T, T + 1, T)).contains(id);

        client.apply(new Mutations().upsertCamera(Camera.at(id, SYDNEY_LAT, SYDNEY_LON)).addFootage(id, T + 3_600_000, T + 3_601_000));

        ShardCells cells = new ShardCells(ShardCells.DEFAULT_RESOLUTION);
        IMap<Object, Object> cameras = cluster.node(0).hazelcast().getMap(MemberIndexes.CAMERAS);
        assertThat(cameras.containsKey(new CameraKey(id, cells.cellOf(CHICAGO_LAT, CHICAGO_LON)))).as("the old record is gone").isFalse();
        CameraRecord moved = (CameraRecord) cameras.get(new CameraKey(id, cells.cellOf(SYDNEY_LAT, SYDNEY_LON)));
        assertThat(moved.inDoubt()).isFalse();
        assertThat(moved.footageCount()).as("the footage moved with it").isEqualTo(2);
        for (ClusterNode node : cluster.nodes()) {
            assertThat(node.index().match(CHICAGO, T, T + 1, T)).as("asked through %s", node.address()).doesNotContain(id);
            assertThat(node.index().match(SYDNEY, T, T + 1, T)).as("old footage, new place, through %s", node.address()).contains(id);
            assertThat(node.index().match(SYDNEY, T + 3_600_000, T + 3_600_001, T)).contains(id);
        }
    }

    @Test
    void shouldShowAnOptOutToTheVeryNextQueryOnEveryMember() {
        long id = IDS.incrementAndGet();
        ClusterIndex client = cluster.client();
        client.apply(new Mutations().upsertCamera(Camera.at(id, CHICAGO_LAT, CHICAGO_LON)).addFootage(id, T, T + 1_000));
        List<ClusterIndex> askers = new ArrayList<>();
        askers.add(client);
        for (ClusterNode n : cluster.nodes()) {
            askers.add(n.index());
        }
        for (int round = 0; round < 10; round++) {
            boolean optedIn = round % 2 == 1;
            ClusterIndex writer = askers.get(round % askers.size());
            writer.apply(new Mutations().upsertCamera(Camera.at(id, CHICAGO_LAT, CHICAGO_LON).optedIn(optedIn)));
            for (ClusterIndex asker : askers) {
                long[] ids = asker.match(CHICAGO, T, T + 1, T);
                if (optedIn) {
                    assertThat(ids).as("round %d", round).contains(id);
                } else {
                    assertThat(ids).as("round %d", round).doesNotContain(id);
                }
            }
        }
    }

    @Test
    void shouldStayExactWhenAMoveWasCutShortAndSettleItWithTheNextChange() {
        ClusterNode node = cluster.node(0);
        ShardCells cells = new ShardCells(ShardCells.DEFAULT_RESOLUTION);
        Partitions partitions = Partitions.of(node.hazelcast().getPartitionService());
        IMap<Object, Object> cameras = node.hazelcast().getMap(MemberIndexes.CAMERAS);
        IMap<Long, Long> directory = node.hazelcast().getMap(MemberIndexes.DIRECTORY);
        long chicago = cells.cellOf(CHICAGO_LAT, CHICAGO_LON);
        long sydney = cells.cellOf(SYDNEY_LAT, SYDNEY_LON);
        AtomicLong changes = new AtomicLong(System.nanoTime());

        for (boolean tookEffect : new boolean[] {false, true}) {
            long id = IDS.incrementAndGet();
            node.index().apply(new Mutations().upsertCamera(Camera.at(id, CHICAGO_LAT, CHICAGO_LON)).addFootage(id, T, T + 1_000));
            // What a writer leaves when it dies between writing the new record and removing the old one.
            send(cameras, partitions, new CameraKey(id, chicago), ChangeProcessor.markLeaving(partitions.of(chicago), changes.incrementAndGet(), sydney));
            send(cameras, partitions, new CameraKey(id, sydney), ChangeProcessor.put(partitions.of(sydney), changes.incrementAndGet(),
                Camera.at(id, SYDNEY_LAT, SYDNEY_LON), true, new long[] {T, T + 1_000}, CameraRecord.ARRIVING, chicago));
            if (tookEffect) {
                directory.set(id, sydney);
            }
            for (ClusterIndex asker : List.of(cluster.client(), node.index(), cluster.node(2).index())) {
                assertThat(contains(asker.match(CHICAGO, T, T + 1, T), id)).as("old place, move took effect: %s", tookEffect).isEqualTo(!tookEffect);
                assertThat(contains(asker.match(SYDNEY, T, T + 1, T), id)).as("new place, move took effect: %s", tookEffect).isEqualTo(tookEffect);
            }

            cluster.client().apply(new Mutations().addFootage(id, T + 60_000, T + 61_000));

            long kept = tookEffect ? sydney : chicago;
            long dropped = tookEffect ? chicago : sydney;
            assertThat(cameras.containsKey(new CameraKey(id, dropped))).as("the record the move left behind is removed").isFalse();
            CameraRecord settled = (CameraRecord) cameras.get(new CameraKey(id, kept));
            assertThat(settled.inDoubt()).isFalse();
            assertThat(settled.footageCount()).isEqualTo(2);
            ClusterArea keptArea = tookEffect ? SYDNEY : CHICAGO;
            ClusterArea droppedArea = tookEffect ? CHICAGO : SYDNEY;
            assertThat(cluster.client().match(keptArea, T + 60_000, T + 60_001, T)).contains(id);
            assertThat(cluster.client().match(droppedArea, T, T + 120_000, T)).doesNotContain(id);
        }
    }

    @Test
    void shouldApplyAChangeOnlyOnTheMemberThatRaisedTheCountForIt() {
        long id = IDS.incrementAndGet();
        ClusterNode node = cluster.node(1);
        node.index().apply(new Mutations().upsertCamera(Camera.at(id, CHICAGO_LAT, CHICAGO_LON)).addFootage(id, T, T + 1_000));
        ShardCells cells = new ShardCells(ShardCells.DEFAULT_RESOLUTION);
        Partitions partitions = Partitions.of(node.hazelcast().getPartitionService());
        IMap<Object, Object> cameras = node.hazelcast().getMap(MemberIndexes.CAMERAS);
        long chicago = cells.cellOf(CHICAGO_LAT, CHICAGO_LON);

        ChangeOutcome outcome = cameras.executeOnKey(new CameraKey(id, chicago),
            ChangeProcessor.remove(partitions.of(chicago), System.nanoTime()).authorizedBy(UUID.randomUUID()));

        assertThat(outcome.status()).isEqualTo(ChangeOutcome.MOVED);
        assertThat(cameras.containsKey(new CameraKey(id, chicago))).isTrue();
        assertThat(cluster.client().match(CHICAGO, T, T + 1, T)).contains(id);
    }

    @Test
    void shouldRefuseAMemberStartedWithAnotherBucket() throws InterruptedException {
        int before = cluster.node(0).hazelcast().getCluster().getMembers().size();
        List<String> seeds = new ArrayList<>(cluster.addresses());
        int port = TestCluster.freePort();
        seeds.add("127.0.0.1:" + port);

        assertThatThrownBy(() -> ClusterNode.start(TestCluster.options(30_000).maxRetentionDays(180).clusterName(cluster.name()).port(port)
            .members(seeds)))
            .isInstanceOf(InvalidInputException.class)
            .hasMessage("bucketMillis 30000 differs from the cluster's 60000: every member of a cluster must use the same bucket size");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (cluster.node(0).hazelcast().getCluster().getMembers().size() != before && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(cluster.node(0).hazelcast().getCluster().getMembers()).as("the refused member has left").hasSize(before);
        assertThat(cluster.client().status()).hasSize(before);
    }

    private static boolean contains(long[] ids, long id) {
        for (long i : ids) {
            if (i == id) {
                return true;
            }
        }
        return false;
    }

    private static void send(IMap<Object, Object> cameras, Partitions partitions, CameraKey key, ChangeProcessor change) {
        Bumped bumped = cameras.executeOnKey(partitions.key(change.partitionId()), new BumpProcessor());
        cameras.executeOnKey(key, change.authorizedBy(bumped.member()));
        cameras.executeOnKey(partitions.key(change.partitionId()), BumpProcessor.closing());
    }

    private static Mutations.Visitor visitor(LiveIndex live) {
        return new Mutations.Visitor() {
            @Override
            public void upsertCamera(Camera camera) {
                live.upsertCamera(camera);
            }

            @Override
            public void deleteCamera(long id) {
                live.deleteCamera(id);
            }

            @Override
            public void addFootage(long cameraId, long startMillis, long endMillis) {
                live.addFootage(cameraId, startMillis, endMillis);
            }

            @Override
            public void advanceClock(long nowMillis) {
                live.advanceClock(nowMillis);
            }
        };
    }
}
