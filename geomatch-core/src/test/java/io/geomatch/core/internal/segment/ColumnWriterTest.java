package io.geomatch.core.internal.segment;

import io.geomatch.core.internal.contract.CameraAttributes;
import io.geomatch.core.internal.contract.CameraView;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one writer of the column layout: rows, run offsets and the sentinel, retention classes and
 * flags, slot masks as the union of each camera's runs' slots, wide runs, copies from another
 * segment, the one slot-width formula, and the same columns whether written in one pass or in
 * blocks of any size.
 */
class ColumnWriterTest {
    @Test
    void shouldLayOutRowsRunsAndMasks() {
        boolean[] inUse = ColumnWriter.noRetentions();
        inUse[7] = true;
        inUse[30] = true;
        // Slots of 10 buckets from base 1000.
        ColumnWriter w = new ColumnWriter(60_000, 3, 4, 1000, IndexColumns.NARROW_RUN, 10, inUse, 0);
        w.camera(0, 11L, 41.0, -87.0, 30, 0L);
        w.run(1000, 1005);
        w.run(1015, 1031);
        w.camera(1, 12L, 42.0, -88.0, 7 | CameraAttributes.OPTED_OUT, 0L);
        w.camera(2, 13L, 43.0, -89.0, 30 | CameraAttributes.E2EE, 0L);
        w.run(1640, 1641);
        w.run(2279, 2279);
        IndexColumns c = w.finish();

        assertThat(c.cameraCount()).isEqualTo(3);
        assertThat(c.runCount()).isEqualTo(4);
        assertThat(c.retentionDays()).containsExactly(7, 30);
        assertThat(c.latDegrees(1)).isEqualTo(42.0);
        assertThat(c.lonDegrees(2)).isEqualTo(-89.0);
        assertThat(c.ids().getLong(2 * Long.BYTES)).isEqualTo(13L);
        assertThat(new int[] {c.firstRun(0), c.firstRun(1), c.firstRun(2), c.firstRun(3)}).containsExactly(0, 2, 2, 4);
        assertThat(c.runFirst(1)).isEqualTo(15);
        assertThat(c.runLast(1)).isEqualTo(31);
        // Camera 0 touches slots 0, 1, 2 and 3; camera 2 slots 64 and 127.
        assertThat(c.slotMask(0, 0)).isEqualTo(0b1111L);
        assertThat(c.slotMask(0, 1)).isZero();
        assertThat(c.slotMask(1, 0) | c.slotMask(1, 1)).isZero();
        assertThat(c.slotMask(2, 0)).isZero();
        assertThat(c.slotMask(2, 1)).isEqualTo(1L | 1L << 63);
        assertThat(c.attrs(0)).isEqualTo(1);
        assertThat(c.attrs(1)).isEqualTo(IndexColumns.ATTR_OPTED_OUT);
        assertThat(c.attrs(2)).isEqualTo(1 | IndexColumns.ATTR_E2EE);
        assertThat(c.cameraAttributes(1)).isEqualTo(7 | CameraAttributes.OPTED_OUT);
        assertThat(c.cameraAttributes(2)).isEqualTo(30 | CameraAttributes.E2EE);
    }

    @Test
    void shouldCopyCamerasAndRunsFromAnotherSegmentAndReclassThem() {
        boolean[] inUse = ColumnWriter.noRetentions();
        inUse[7] = true;
        inUse[30] = true;
        ColumnWriter w = new ColumnWriter(60_000, 1, 2, 1000, IndexColumns.NARROW_RUN, 10, inUse, 0);
        w.camera(0, 11L, 41.0, -87.0, 30 | CameraAttributes.E2EE, 0L);
        w.run(1000, 1005);
        w.run(1015, 1031);
        IndexColumns source = w.finish();

        boolean[] only30 = ColumnWriter.noRetentions();
        only30[30] = true;
        ColumnWriter copy = new ColumnWriter(60_000, 1, 2, 1000, IndexColumns.NARROW_RUN, 10, only30, 0);
        copy.copyCamera(0, source, 0);
        copy.copyRuns(source, 0, 2, source.slotMask(0, 0), source.slotMask(0, 1));
        IndexColumns c = copy.finish();
        assertThat(c.retentionDays()).containsExactly(30);
        assertThat(c.attrs(0)).as("class 0 now, e2ee kept").isEqualTo(IndexColumns.ATTR_E2EE);
        assertThat(c.cameraAttributes(0)).isEqualTo(source.cameraAttributes(0));
        assertThat(c.latDegrees(0)).isEqualTo(41.0);
        assertThat(c.ids().getLong(0)).isEqualTo(11L);
        assertThat(c.runLast(1)).isEqualTo(31);
        assertThat(c.slotMask(0, 0)).isEqualTo(source.slotMask(0, 0));
    }

    @Test
    void shouldStoreRunsInShortsWhileTheirSpanFitsSixteenBitsUnsigned() {
        assertThat(ColumnWriter.runStride(IndexColumns.MAX_SHORT_BUCKET)).isEqualTo(IndexColumns.SHORT_RUN);
        assertThat(ColumnWriter.runStride(IndexColumns.MAX_SHORT_BUCKET + 1L)).isEqualTo(IndexColumns.NARROW_RUN);
        assertThat(ColumnWriter.holds(IndexColumns.SHORT_RUN, 65_535)).isTrue();
        assertThat(ColumnWriter.holds(IndexColumns.SHORT_RUN, 65_536)).isFalse();
        assertThat(ColumnWriter.holds(IndexColumns.NARROW_RUN, 65_536)).isTrue();
        assertThat(ColumnWriter.holds(IndexColumns.NARROW_RUN, Integer.MAX_VALUE + 1L)).isFalse();
        assertThat(ColumnWriter.holds(IndexColumns.WIDE_RUN, Long.MAX_VALUE)).isTrue();
        boolean[] inUse = ColumnWriter.noRetentions();
        inUse[1] = true;
        long base = 1_000_000;
        long slot = ColumnWriter.slotBuckets(65_535, 0);
        ColumnWriter w = new ColumnWriter(60_000, 2, 3, base, IndexColumns.SHORT_RUN, slot, inUse, 0);
        w.camera(0, 1L, 0, 0, 1, 0L);
        w.run(base, base + 32_767);
        w.run(base + 32_769, base + 65_535);
        w.camera(1, 2L, 0, 1, 1, 0L);
        w.run(base + 40_000, base + 40_000);
        IndexColumns c = w.finish();
        assertThat(c.runs().capacity()).as("4 bytes a run").isEqualTo(12);
        // Bounds above 32,767 read back unsigned, not negative.
        assertThat(new long[] {c.runFirst(0), c.runLast(0), c.runFirst(1), c.runLast(1), c.runFirst(2), c.runLast(2)})
            .containsExactly(0, 32_767, 32_769, 65_535, 40_000, 40_000);
        assertThat(c.slotMask(0, 1) >>> 63).as("the last bucket falls in the last slot").isEqualTo(1);
        assertThat(c.firstRun(1)).isEqualTo(2);
    }

    @Test
    void shouldStoreRunsWideWhenTheirSpanExceedsAnInt() {
        long span = Integer.MAX_VALUE + 10L;
        assertThat(ColumnWriter.runStride(Integer.MAX_VALUE)).isEqualTo(IndexColumns.NARROW_RUN);
        assertThat(ColumnWriter.runStride(span)).isEqualTo(IndexColumns.WIDE_RUN);
        boolean[] inUse = ColumnWriter.noRetentions();
        inUse[1] = true;
        long slot = ColumnWriter.slotBuckets(span, 0);
        ColumnWriter w = new ColumnWriter(1, 1, 2, -5, IndexColumns.WIDE_RUN, slot, inUse, 0);
        w.camera(0, 1L, 0, 0, 1, 0L);
        w.run(-5, -5);
        w.run(span - 5, span - 5);
        IndexColumns c = w.finish();
        assertThat(c.runFirst(1)).isEqualTo(span);
        assertThat(c.slotMask(0, 0) & 1).isEqualTo(1);
        assertThat(c.slotMask(0, 1) >>> 63).as("the last bucket falls in the last slot").isEqualTo(1);
    }

    @Test
    void shouldCoverTheSpanAndTheHeadroomWithTheSlots() {
        for (long span : new long[] {0, 1, 127, 128, 10_079, 1L << 40}) {
            for (long headroom : new long[] {0, span / 4}) {
                long slot = ColumnWriter.slotBuckets(span, headroom);
                assertThat(slot).isPositive();
                assertThat(slot * IndexColumns.SLOTS).as("span %d headroom %d", span, headroom).isGreaterThan(span + headroom);
            }
        }
        assertThat(ColumnWriter.slotBuckets(10_079, 0)).as("a week of minutes in 128 slots").isEqualTo(79);
    }

    @Test
    void shouldWriteInBlocksExactlyWhatOnePassWrites() {
        // Two view blocks and a bit, so that blocks smaller than, equal to and larger than a view block all occur.
        int n = 2 * IndexColumns.VIEW_BLOCK + 1000;
        SplittableRandom random = new SplittableRandom(17);
        long[] ids = new long[n];
        int[] attributes = new int[n];
        long[] views = new long[n];
        int[] runsOf = new int[n];
        int runs = 0;
        int viewCount = 0;
        for (int o = 0; o < n; o++) {
            ids[o] = random.nextLong();
            attributes[o] = (1 + random.nextInt(3) * 7) | (random.nextInt(9) == 0 ? CameraAttributes.E2EE : 0);
            // Long stretches without views, so that some blocks hold none and ranks cross block edges.
            boolean viewed = (o / 5000) % 3 != 1 && random.nextBoolean();
            views[o] = viewed ? CameraView.of(random.nextInt(360), 1 + random.nextInt(360), 1 + random.nextInt(200)) : CameraView.NONE;
            viewCount += viewed ? 1 : 0;
            runsOf[o] = random.nextInt(4);
            runs += runsOf[o];
        }
        boolean[] inUse = ColumnWriter.noRetentions();
        inUse[1] = true;
        inUse[8] = true;
        inUse[15] = true;
        ColumnWriter one = new ColumnWriter(60_000, n, runs, 500, IndexColumns.NARROW_RUN, 100, inUse, viewCount);
        for (int o = 0; o < n; o++) {
            one.camera(o, ids[o], latOf(o), lonOf(o), attributes[o], views[o]);
            for (int r = 0; r < runsOf[o]; r++) {
                one.run(500 + o % 1000 + 40L * r, 500 + o % 1000 + 40L * r + r);
            }
        }
        IndexColumns reference = one.finish();
        assertThat(reference.viewBlocks()).hasSize(3);

        int[][] cuts = {{0, n}, {0, 16, 20_000, 65_536, 65_537, n}, {0, 131_072, n}, {0, 1000, 70_000, n}, {0, 8192, 16_384, 24_576, n}};
        for (int[] cut : cuts) {
            // Each block's runs go after a loose upper bound of the runs before it (7 spare per block), as merging leaves them.
            int maxRuns = runs + 7 * cut.length;
            ColumnWriter w = ColumnWriter.inBlocks(60_000, n, 500, IndexColumns.NARROW_RUN, 100, inUse, maxRuns, viewCount,
                () -> ColumnWriter.allocateRuns(maxRuns, IndexColumns.NARROW_RUN));
            ColumnWriter.Block[] blocks = new ColumnWriter.Block[cut.length - 1];
            int[] runsBefore = new int[cut.length];
            int[] viewsBefore = new int[cut.length];
            for (int k = 0; k < blocks.length; k++) {
                runsBefore[k + 1] = runsBefore[k] + 7;
                viewsBefore[k + 1] = viewsBefore[k];
                for (int o = cut[k]; o < cut[k + 1]; o++) {
                    runsBefore[k + 1] += runsOf[o];
                    viewsBefore[k + 1] += views[o] != CameraView.NONE ? 1 : 0;
                }
            }
            // Written last block first, as threads may.
            for (int k = blocks.length - 1; k >= 0; k--) {
                blocks[k] = w.block(cut[k], cut[k + 1], runsBefore[k] + 7, viewsBefore[k]);
                for (int o = cut[k]; o < cut[k + 1]; o++) {
                    blocks[k].camera(o, ids[o], latOf(o), lonOf(o), attributes[o], views[o]);
                    for (int r = 0; r < runsOf[o]; r++) {
                        blocks[k].run(500 + o % 1000 + 40L * r, 500 + o % 1000 + 40L * r + r);
                    }
                }
                blocks[k].end();
            }
            assertSameColumns(w.finish(blocks), reference, "blocks cut at " + java.util.Arrays.toString(cut));
        }
    }

    private static double latOf(int o) {
        return -90 + o * (180.0 / (3 * IndexColumns.VIEW_BLOCK));
    }

    private static double lonOf(int o) {
        return 180 - o * (360.0 / (3 * IndexColumns.VIEW_BLOCK));
    }

    /** Asserts that two segments hold the same bytes in every column, and the same shape. */
    static void assertSameColumns(IndexColumns actual, IndexColumns expected, String what) {
        assertThat(actual.cameraCount()).as(what).isEqualTo(expected.cameraCount());
        assertThat(actual.runCount()).as(what).isEqualTo(expected.runCount());
        assertThat(actual.baseBucket()).as(what).isEqualTo(expected.baseBucket());
        assertThat(actual.runStride()).as(what).isEqualTo(expected.runStride());
        assertThat(actual.slotBuckets()).as(what).isEqualTo(expected.slotBuckets());
        assertThat(actual.retentionDays()).as(what).containsExactly(expected.retentionDays());
        assertThat(actual.viewBlocks()).as(what).containsExactly(expected.viewBlocks());
        assertThat(actual.maxRangeMillimeters()).as(what).isEqualTo(expected.maxRangeMillimeters());
        assertSameBytes(actual.coordinates(), expected.coordinates(), what + ": coordinates");
        assertSameBytes(actual.cameras(), expected.cameras(), what + ": camera rows");
        assertSameBytes(actual.ids(), expected.ids(), what + ": ids");
        assertSameBytes(actual.runs(), expected.runs(), what + ": runs");
        assertSameBytes(actual.views(), expected.views(), what + ": views");
    }

    private static void assertSameBytes(DirectBuffer actual, DirectBuffer expected, String what) {
        assertThat(actual.capacity()).as(what).isEqualTo(expected.capacity());
        for (int i = 0; i < expected.capacity(); i++) {
            if (actual.getByte(i) != expected.getByte(i)) {
                throw new AssertionError(what + " differ first at byte " + i);
            }
        }
    }
}
