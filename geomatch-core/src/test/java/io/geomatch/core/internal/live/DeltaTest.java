package io.geomatch.core.internal.live;

import io.geomatch.core.internal.contract.CameraAttributes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delta's logs read through prefixes, as views read them: a reader holding older counts sees
 * exactly the rows below them, whatever the writer appends later; chains, the base-ordinal table
 * and the grid find a camera's rows; a delete resets the footage that counts, in this delta and,
 * through its generation, in the tiers; cameras outside the base get keys of their own.
 */
class DeltaTest {
    private static final int RETAIN_30 = 30;

    @Test
    void shouldShowEachReaderThePrefixItsCountsName() {
        Delta d = new Delta(10, 64, 0, 10);
        int s = d.addSlot(1001L, 4);
        int v0 = d.appendVersion(s, 41.0, -87.0, RETAIN_30, 0L);
        int f0 = d.appendFootage(s, 100, 110);
        // A reader published here holds (versions 1, footage 1).
        int v1 = d.appendVersion(s, 42.0, -88.0, RETAIN_30 | CameraAttributes.OPTED_OUT, 0L);
        int f1 = d.appendFootage(s, 500, 510);

        assertThat(d.latestVersion(s, 1)).isEqualTo(v0);
        assertThat(d.latestVersion(s, 2)).isEqualTo(v1);
        assertThat(d.latestVersion(s, 0)).isEqualTo(Delta.NONE);
        assertThat(d.versionLat(v1)).isEqualTo(42.0);
        assertThat(d.versionAttrs(v1) & CameraAttributes.OPTED_OUT).isNotZero();
        // The old reader does not see the new footage; the new one does.
        assertThat(d.footageMeets(s, 1, Delta.NONE, 505, 505)).isFalse();
        assertThat(d.footageMeets(s, 2, Delta.NONE, 505, 505)).isTrue();
        assertThat(d.footageMeets(s, 1, Delta.NONE, 110, 200)).isTrue();
        assertThat(d.footageMeets(s, 2, Delta.NONE, 111, 499)).isFalse();
        assertThat(f0).isZero();
        assertThat(f1).isEqualTo(1);
        // The version knows how much footage was there when it was staged, for carrying rows over in order.
        assertThat(d.versionFootageCountAt(v1)).isEqualTo(1);
    }

    @Test
    void shouldFindABaseCameraByOrdinalOnlyOnceItsSlotIsPublished() {
        Delta d = new Delta(10, 64, 0, 10);
        assertThat(d.slotOfOrdinal(7, 0)).isEqualTo(Delta.NONE);
        int s = d.addSlot(77L, 7);
        assertThat(d.slotOfOrdinal(7, s)).as("a reader whose slot count predates the slot").isEqualTo(Delta.NONE);
        assertThat(d.slotOfOrdinal(7, s + 1)).isEqualTo(s);
        assertThat(d.slotOrdinal(s)).isEqualTo(7);
        assertThat(d.slotId(s)).isEqualTo(77L);
        assertThat(d.mayHaveVersion(7)).as("footage alone is no version").isFalse();
        d.appendFootage(s, 1, 2);
        assertThat(d.mayHaveVersion(7)).isFalse();
        d.appendVersion(s, 0, 0, RETAIN_30, 0L);
        assertThat(d.mayHaveVersion(7)).isTrue();
    }

    @Test
    void shouldCountOnlyFootageAfterTheLastDelete() {
        Delta d = new Delta(0, 64, 0, 0);
        int s = d.addSlot(5L, d.newKey());
        d.appendVersion(s, 1.0, 1.0, RETAIN_30, 0L);
        d.appendFootage(s, 10, 10);
        int deleted = d.appendVersion(s, Double.NaN, Double.NaN, Delta.ATTR_DELETED, 0L);
        int readded = d.appendVersion(s, 1.0, 1.0, RETAIN_30, 0L);
        d.appendFootage(s, 20, 20);
        assertThat(d.versionFootageFrom(deleted)).isEqualTo(1);
        assertThat(d.versionFootageFrom(readded)).as("an upsert keeps the footage that counted before it").isEqualTo(1);
        int from = d.versionFootageFrom(readded);
        assertThat(d.footageMeets(s, d.footageCount(), from, 10, 10)).as("footage before the delete is gone").isFalse();
        assertThat(d.footageMeets(s, d.footageCount(), from, 20, 20)).isTrue();
    }

    @Test
    void shouldResetTiersFromTheGenerationOfTheLastDeleteAndCarryItOver() {
        Delta d = new Delta(10, 64, 3, 10);
        int s = d.addSlot(4L, 4);
        int kept = d.appendVersion(s, 1.0, 1.0, RETAIN_30, 0L);
        assertThat(d.versionResetGen(kept)).as("never deleted: the base and every tier count").isEqualTo(Delta.NONE);
        int deleted = d.appendVersion(s, Double.NaN, Double.NaN, Delta.ATTR_DELETED, 0L);
        int readded = d.appendVersion(s, 2.0, 2.0, RETAIN_30, 0L);
        assertThat(d.versionResetGen(deleted)).isEqualTo(3);
        assertThat(d.versionResetGen(readded)).as("the re-add keeps the reset").isEqualTo(3);
        assertThat(d.versionedSlots()).isEqualTo(1);
        assertThat(d.versionedBaseSlots()).isEqualTo(1);

        Delta next = new Delta(10, 64, 4, 10);
        int carried = next.appendCarriedVersion(next.addSlot(4L, 4), 2.0, 2.0, RETAIN_30, 0L, d.versionResetGen(readded));
        assertThat(next.versionResetGen(carried)).isEqualTo(3);
        assertThat(next.versionFootageFrom(carried)).as("every row of the new delta counts").isEqualTo(Delta.NONE);
        int moved = next.appendVersion(next.slotOfBase(4), 3.0, 3.0, RETAIN_30, 0L);
        assertThat(next.versionResetGen(moved)).as("a later upsert inherits the carried reset").isEqualTo(3);
    }

    @Test
    void shouldGiveCamerasOutsideTheBaseKeysOfTheirOwn() {
        Delta d = new Delta(10, 64, 0, 10);
        int key = d.newKey();
        assertThat(key).isEqualTo(10);
        int s = d.addSlot(99L, key);
        assertThat(d.slotOfNew(99L)).isEqualTo(s);
        assertThat(d.slotKey(s)).isEqualTo(10);
        assertThat(d.slotOrdinal(s)).as("no base ordinal").isEqualTo(Delta.NONE);
        // A key carried from an earlier delta moves the next one past it.
        Delta next = new Delta(10, 64, 1, 10);
        next.addSlot(98L, 17);
        assertThat(next.newKey()).isEqualTo(18);
    }

    @Test
    void shouldFileUpsertsInTheGridOfTheirPlace() {
        Delta d = new Delta(0, 64, 0, 0);
        int a = d.addSlot(1L, d.newKey());
        int b = d.addSlot(2L, d.newKey());
        int va = d.appendVersion(a, 41.8781, -87.6298, RETAIN_30, 0L);
        int vb = d.appendVersion(b, 40.7128, -74.0060, RETAIN_30, 0L);
        int chicago = Delta.gridBucketOf(41.8781, -87.6298);
        assertThat(chicago).isNotEqualTo(Delta.gridBucketOf(40.7128, -74.0060));
        assertThat(d.gridHead(chicago)).isEqualTo(va);
        assertThat(d.versionPreviousInGrid(va)).isEqualTo(Delta.NONE);
        int va2 = d.appendVersion(a, 41.8782, -87.6298, RETAIN_30, 0L);
        assertThat(d.gridHead(chicago)).isEqualTo(va2);
        assertThat(d.versionPreviousInGrid(va2)).isEqualTo(va);
        assertThat(d.gridHead(Delta.gridBucketOf(40.7128, -74.0060))).isEqualTo(vb);
    }

    @Test
    void shouldReportFullWhenAnyLogReachesItsCapacity() {
        Delta d = new Delta(0, 3, 0, 0);
        int s = d.addSlot(1L, d.newKey());
        d.appendVersion(s, 0, 0, RETAIN_30, 0L);
        d.appendFootage(s, 1, 1);
        d.appendFootage(s, 2, 2);
        assertThat(d.isFull()).isFalse();
        d.appendFootage(s, 3, 3);
        assertThat(d.isFull()).isTrue();
    }
}
