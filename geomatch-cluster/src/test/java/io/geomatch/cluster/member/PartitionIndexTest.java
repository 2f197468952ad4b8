package io.geomatch.cluster.member;

import io.geomatch.cluster.data.CameraKey;
import io.geomatch.cluster.data.CameraRecord;
import io.geomatch.cluster.data.IndexChange;
import io.geomatch.core.Area;
import io.geomatch.core.Camera;
import io.geomatch.core.LiveOptions;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules that keep a member's index of a partition exact, without a cluster: it answers only
 * at the write count it reflects; a raise it did not see from where it stands drops it; a build
 * takes the changes and raises made while it read its snapshot, and gives up on a gap; a
 * camera moving between two cells of one partition while a build runs is held once; and a write of
 * many records answers nothing while open, is taken when closed by the index that opened it, and
 * is otherwise rebuilt from the data. As a backup's warm index it follows the owner's raises and
 * changes and answers at once when promoted, but only if it took every change of every round: one
 * that missed a change drops itself when the round closes, and one promoted while a round is open
 * answers nothing until it is built again.
 */
class PartitionIndexTest {
    private static final long B = 60_000;
    private static final long T = 1_762_000_000_000L;
    private static final Area HERE = Area.circle(41.8781, -87.6298, 1_000);
    private static final Area THERE = Area.circle(41.9781, -87.6298, 1_000);

    private static PartitionIndex index() {
        return new PartitionIndex(7, B, LiveOptions.defaults());
    }

    private static CameraRecord at(long id, double lat, long... footage) {
        return CameraRecord.of(Camera.at(id, lat, -87.6298), footage, 1);
    }

    private static long[] match(PartitionIndex pi, long count, Area area) {
        return pi.readable(count).view().matchIds(area, T, T + 1, T);
    }

    @Test
    void shouldAnswerOnlyAtTheCountItReflects() {
        PartitionIndex pi = index();
        int build = pi.startBuild(true);
        assertThat(pi.finishBuild(build, 5, Map.of(new CameraKey(1, 10), at(1, 41.8781, T, T + 1_000)))).isTrue();

        assertThat(match(pi, 5, HERE)).containsExactly(1L);
        assertThat(pi.readable(6)).as("a write this index did not see").isNull();
        assertThat(pi.readable(4)).isNull();

        pi.bumped(5, 6, 0, false, 0, false);
        pi.changed(new CameraKey(2, 10), null, at(2, 41.8781, T, T + 1_000), false, false);
        assertThat(match(pi, 6, HERE)).containsExactly(1L, 2L);
    }

    @Test
    void shouldDropItselfOnARaiseItDidNotFollow() {
        PartitionIndex pi = index();
        pi.finishBuild(pi.startBuild(true), 5, Map.of());

        pi.bumped(8, 9, 0, false, 0, false);

        assertThat(pi.state()).isEqualTo(PartitionIndex.State.STALE);
        assertThat(pi.readable(9)).isNull();
        assertThat(pi.needsBuild()).isTrue();
    }

    @Test
    void shouldTakeTheChangesAndRaisesMadeDuringABuild() {
        PartitionIndex pi = index();
        int build = pi.startBuild(true);
        CameraKey one = new CameraKey(1, 10);
        CameraKey two = new CameraKey(2, 10);
        CameraRecord oneBefore = at(1, 41.8781, T, T + 1_000);
        // A raise and a change the snapshot already holds, then two it does not.
        pi.bumped(4, 5, 0, false, 0, false);
        pi.changed(one, null, oneBefore, false, false);
        pi.bumped(5, 6, 0, false, 0, false);
        pi.changed(two, null, at(2, 41.8781, T, T + 1_000), false, false);
        pi.bumped(6, 7, 0, false, 0, false);
        pi.changed(one, oneBefore, null, false, false);

        assertThat(pi.finishBuild(build, 5, Map.of(one, oneBefore))).isTrue();

        assertThat(match(pi, 7, HERE)).containsExactly(2L);
    }

    @Test
    void shouldGiveUpABuildWhoseRaisesHaveAGap() {
        PartitionIndex pi = index();
        int build = pi.startBuild(true);
        pi.bumped(5, 6, 0, false, 0, false);
        pi.bumped(7, 8, 0, false, 0, false);

        assertThat(pi.finishBuild(build, 5, Map.of())).isFalse();
        assertThat(pi.state()).isEqualTo(PartitionIndex.State.STALE);
    }

    @Test
    void shouldHoldOnceACameraMovingBetweenTwoCellsOfThePartitionDuringABuild() {
        PartitionIndex pi = index();
        int build = pi.startBuild(true);
        CameraKey oldKey = new CameraKey(1, 10);
        CameraKey newKey = new CameraKey(1, 11);
        CameraRecord old = at(1, 41.8781, T, T + 1_000);
        CameraRecord moved = CameraRecord.of(Camera.at(1, 41.9781, -87.6298), new long[] {T, T + 1_000}, 2);
        pi.bumped(5, 6, 0, false, 0, false);
        pi.changed(newKey, null, moved, true, false);
        pi.bumped(6, 7, 0, false, 0, false);
        pi.changed(oldKey, old, null, false, false);
        Map<CameraKey, CameraRecord> snapshot = new HashMap<>();
        snapshot.put(oldKey, old);

        assertThat(pi.finishBuild(build, 5, snapshot)).isTrue();

        assertThat(match(pi, 7, HERE)).isEmpty();
        assertThat(match(pi, 7, THERE)).containsExactly(1L);
    }

    @Test
    void shouldKeepRecordsInDoubtApartFromTheIndex() {
        PartitionIndex pi = index();
        CameraKey key = new CameraKey(1, 10);
        CameraRecord settled = at(1, 41.8781, T, T + 1_000);
        pi.finishBuild(pi.startBuild(true), 1, Map.of(key, settled));

        pi.bumped(1, 2, 0, false, 0, false);
        pi.changed(key, settled, settled.withMove(CameraRecord.LEAVING, 99, 2), false, false);

        PartitionIndex.Readable r = pi.readable(2);
        assertThat(r.view().matchIds(HERE, T, T + 1, T)).isEmpty();
        assertThat(r.doubtful()).hasSize(1);
        assertThat(r.doubtful().get(0).index().matchIds(HERE, T, T + 1, T)).containsExactly(1L);

        pi.bumped(2, 3, 0, false, 0, false);
        pi.changed(key, settled.withMove(CameraRecord.LEAVING, 99, 2), settled.withMove(CameraRecord.SETTLED, 0, 3), false, false);
        assertThat(pi.readable(3).doubtful()).isEmpty();
        assertThat(pi.readable(3).view().matchIds(HERE, T, T + 1, T)).containsExactly(1L);
    }

    @Test
    void shouldAnswerNothingWhileAWriteIsOpenAndTakeItWhenClosed() {
        PartitionIndex pi = index();
        CameraKey one = new CameraKey(1, 10);
        CameraRecord oneBefore = at(1, 41.8781, T, T + 1_000);
        pi.finishBuild(pi.startBuild(true), 5, Map.of(one, oneBefore));

        pi.bumped(5, 6, 77, false, 0, false);
        assertThat(pi.readable(6)).as("a write is open").isNull();

        IndexChange carried = new IndexChange(one, true, false, false, CameraRecord.of(oneBefore.camera(1), new long[] {T + 60_000, T + 61_000}, 0));
        IndexChange created = new IndexChange(new CameraKey(2, 10), false, true, true, at(2, 41.8781, T, T + 1_000));
        assertThat(pi.closeWrite(77, new IndexChange[] {carried, created})).isTrue();

        assertThat(match(pi, 6, HERE)).containsExactly(1L, 2L);
        assertThat(pi.readable(6).view().matchIds(HERE, T + 60_000, T + 60_001, T)).as("footage appended").containsExactly(1L);
    }

    @Test
    void shouldBuildAgainWhenClosingAWriteItDidNotOpen() {
        PartitionIndex pi = index();
        pi.finishBuild(pi.startBuild(true), 5, Map.of());

        assertThat(pi.closeWrite(99, new IndexChange[0])).isFalse();

        assertThat(pi.state()).isEqualTo(PartitionIndex.State.STALE);
    }

    @Test
    void shouldGiveUpAWriteLeftOpenAndAWriteOpenedDuringABuild() {
        PartitionIndex pi = index();
        pi.finishBuild(pi.startBuild(true), 5, Map.of());
        pi.bumped(5, 6, 77, false, 0, false);

        pi.giveUpStaleWrite(System.nanoTime());
        assertThat(pi.state()).as("open for a moment").isEqualTo(PartitionIndex.State.READY);
        pi.giveUpStaleWrite(System.nanoTime() + PartitionIndex.OPEN_WRITE_LIMIT_NANOS + 1);
        assertThat(pi.state()).isEqualTo(PartitionIndex.State.STALE);

        int build = pi.startBuild(true);
        pi.bumped(6, 7, 78, false, 0, false);
        assertThat(pi.finishBuild(build, 6, Map.of())).as("the snapshot may miss the write's records").isFalse();
        assertThat(pi.state()).isEqualTo(PartitionIndex.State.STALE);
    }

    /** A warm backup index: built, then following a round of two changes and its close, as the backup copies bring them. */
    private static PartitionIndex warmBackupAfterRound(int tally) {
        PartitionIndex pi = index();
        pi.finishBuild(pi.startBuild(false), 5, Map.of());
        pi.bumped(5, 6, 0, false, 0, true);
        pi.changed(new CameraKey(1, 10), null, at(1, 41.8781, T, T + 1_000), false, true);
        pi.changed(new CameraKey(2, 10), null, at(2, 41.8781, T, T + 1_000), false, true);
        pi.bumped(6, 7, 0, true, tally, true);
        return pi;
    }

    @Test
    void shouldAnswerAtOnceWhenPromotedAfterTakingEveryChangeOfItsRounds() {
        PartitionIndex pi = warmBackupAfterRound(2);

        assertThat(pi.state()).isEqualTo(PartitionIndex.State.READY);
        assertThat(match(pi, 7, HERE)).as("promoted: answers from the warm index").containsExactly(1L, 2L);
    }

    @Test
    void shouldDropABackupIndexThatMissedAChangeOfARound() {
        PartitionIndex pi = warmBackupAfterRound(3);

        assertThat(pi.state()).as("the owner wrote three changes, the backup took two").isEqualTo(PartitionIndex.State.STALE);
        assertThat(pi.readable(7)).isNull();
        assertThat(pi.needsBuild()).isTrue();
    }

    @Test
    void shouldNotAnswerWhenPromotedWhileARoundItSawAsABackupIsOpen() {
        PartitionIndex pi = index();
        pi.finishBuild(pi.startBuild(false), 5, Map.of());
        pi.bumped(5, 6, 0, false, 0, true);
        pi.changed(new CameraKey(1, 10), null, at(1, 41.8781, T, T + 1_000), false, true);

        assertThat(pi.readable(6)).as("the owner may have written changes this backup never got").isNull();

        int build = pi.startBuild(true);
        assertThat(pi.finishBuild(build, 6, Map.of(new CameraKey(1, 10), at(1, 41.8781, T, T + 1_000)))).isTrue();
        assertThat(match(pi, 6, HERE)).as("built again as the owner").containsExactly(1L);
    }

    @Test
    void shouldDropABackupIndexOnAChangeOutsideARoundAndOnARoundNeverClosed() {
        PartitionIndex outside = index();
        outside.finishBuild(outside.startBuild(false), 5, Map.of());
        outside.changed(new CameraKey(1, 10), null, at(1, 41.8781, T, T + 1_000), false, true);
        assertThat(outside.state()).as("it missed the raise that opened the round").isEqualTo(PartitionIndex.State.STALE);

        PartitionIndex unclosed = index();
        unclosed.finishBuild(unclosed.startBuild(false), 5, Map.of());
        unclosed.bumped(5, 6, 0, false, 0, true);
        unclosed.bumped(6, 7, 0, false, 0, true);
        assertThat(unclosed.state()).as("the first round's count never came").isEqualTo(PartitionIndex.State.STALE);
    }

    @Test
    void shouldTakeAWriteOfManyRecordsAsABackupAndAnswerOnlyOnceItIsClosed() {
        PartitionIndex pi = index();
        pi.finishBuild(pi.startBuild(false), 5, Map.of());
        pi.bumped(5, 6, 77, false, 0, true);
        assertThat(pi.readable(6)).as("promoted with the write open: not trusted").isNull();

        assertThat(pi.closeWrite(77, new IndexChange[] {new IndexChange(new CameraKey(2, 10), false, true, true, at(2, 41.8781, T, T + 1_000))}))
            .isTrue();
        assertThat(match(pi, 6, HERE)).containsExactly(2L);
    }

    @Test
    void shouldAnswerOffThePartitionThreadOnlyWhileItsConfirmationHolds() {
        PartitionIndex pi = index();
        pi.finishBuild(pi.startBuild(true), 5, Map.of(new CameraKey(1, 10), at(1, 41.8781, T, T + 1_000)));
        assertThat(pi.readableConfirmed(42)).as("never found current on the partition thread").isNull();

        assertThat(pi.readable(5, 42)).isNotNull();
        assertThat(pi.readableConfirmed(42).view().matchIds(HERE, T, T + 1, T)).containsExactly(1L);
        assertThat(pi.readableConfirmed(43)).as("the partition's replicas changed since").isNull();

        pi.bumped(5, 6, 0, false, 0, false);
        pi.changed(new CameraKey(2, 10), null, at(2, 41.8781, T, T + 1_000), false, false);
        assertThat(pi.readableConfirmed(42).view().matchIds(HERE, T, T + 1, T)).as("writes it followed as the owner").containsExactly(1L, 2L);

        pi.bumped(6, 7, 77, false, 0, false);
        assertThat(pi.readableConfirmed(42)).as("a write of many records is open").isNull();
        pi.closeWrite(77, new IndexChange[0]);
        assertThat(pi.readableConfirmed(42)).isNotNull();

        pi.bumped(7, 8, 0, false, 0, true);
        assertThat(pi.readableConfirmed(42)).as("a backup's copy of a raise: the owner is elsewhere").isNull();

        pi.readable(8, 44);
        pi.drop();
        assertThat(pi.readableConfirmed(44)).as("dropped").isNull();
    }
}
