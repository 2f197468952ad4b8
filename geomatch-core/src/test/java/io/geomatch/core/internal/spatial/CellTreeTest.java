package io.geomatch.core.internal.spatial;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link CellTree} against the keys it was built from: every cell reached from the root has a
 * node exactly when {@code hasNode} says so, its children's position ranges are exactly the
 * positions whose keys fall in each child cell (found here by a linear scan), and every node is
 * reached exactly once.
 */
class CellTreeTest {
    private static final int LEAF = 4;

    @Test
    void shouldSplitEveryCellAtItsChildrensKeysForClusteredAndStackedPoints() {
        SplittableRandom random = new SplittableRandom(20261202L);
        long[] keys = new long[3000];
        int n = 0;
        // Clusters at several scales, plus stacks of identical points (the tree runs down to the
        // deepest level there) and points on the world's edges.
        while (n < keys.length - 60) {
            int x = random.nextInt(1 << 20) << 11;
            int y = random.nextInt(1 << 20) << 11;
            int spread = 1 << random.nextInt(1, 30);
            int points = random.nextInt(1, 40);
            for (int i = 0; i < points && n < keys.length - 60; i++) {
                keys[n++] = MortonCode.interleave(clamp((long) x + random.nextInt(spread)), clamp((long) y + random.nextInt(spread)));
            }
        }
        for (int i = 0; i < 40; i++) {
            keys[n++] = MortonCode.interleave(123_456_789, 987_654_321);
        }
        for (int i = 0; i < 20; i++) {
            keys[n++] = MortonCode.interleave(i % 2 == 0 ? 0 : (1 << 31) - 1, (1 << 31) - 1);
        }
        Arrays.sort(keys);
        CellTree serial = CellTree.build(keys.length, o -> keys[o], LEAF);
        assertThat(serial.nodeCount()).as("nodes").isGreaterThan(500);
        checkTree(serial, keys);
        // Built in parallel from cells of at most 1 to 400 points, the tree holds the same nodes, reached the same way.
        for (int taskPoints : new int[] {1, LEAF + 1, 37, 400}) {
            CellTree parallel = CellTree.build(keys.length, o -> keys[o], LEAF, taskPoints);
            assertThat(parallel.nodeCount()).as("nodes built from cells of at most %d points", taskPoints).isEqualTo(serial.nodeCount());
            checkTree(parallel, keys);
        }
    }

    private static void checkTree(CellTree tree, long[] keys) {
        assertThat(tree.pointCount()).isEqualTo(keys.length);
        assertThat(tree.root()).isEqualTo(0);
        int[] reached = new int[tree.nodeCount()];
        int deepest = check(tree, keys, reached, tree.root(), 0, 0, 0, 0, keys.length);
        assertThat(reached).as("times each node is reached").containsOnly(1);
        assertThat(deepest).as("deepest level with a node").isEqualTo(MortonCode.BITS - 1);
        assertThat(tree.bytes()).isEqualTo(16L * tree.nodeCount());
    }

    /** @return the deepest level below {@code level} at which a node was found */
    private static int check(CellTree tree, long[] keys, int[] reached, int node, int level, int cx, int cy, int lo, int hi) {
        reached[node]++;
        int deepest = level;
        for (int q = 0; q < 4; q++) {
            int x = 2 * cx + (q & 1);
            int y = 2 * cy + (q >>> 1);
            long start = MortonCode.cellStart(level + 1, x, y);
            long end = start + MortonCode.cellSpan(level + 1);
            int from = 0;
            while (from < keys.length && keys[from] < start) {
                from++;
            }
            int to = from;
            while (to < keys.length && keys[to] < end) {
                to++;
            }
            assertThat(from).as("level %d child %d from", level + 1, q).isBetween(lo, hi);
            assertThat(tree.childLo(node, q, lo)).as("level %d cell (%d, %d) first position", level + 1, x, y).isEqualTo(from);
            assertThat(tree.childHi(node, q, hi)).as("level %d cell (%d, %d) end", level + 1, x, y).isEqualTo(to);
            int child = tree.childNode(node, q, level, lo, hi);
            boolean expectNode = to - from > LEAF && level + 1 < MortonCode.BITS;
            assertThat(tree.hasNode(level + 1, to - from)).isEqualTo(expectNode);
            assertThat(child != CellTree.NONE).as("level %d cell (%d, %d) of %d points has a node", level + 1, x, y, to - from)
                .isEqualTo(expectNode);
            if (child != CellTree.NONE) {
                deepest = Math.max(deepest, check(tree, keys, reached, child, level + 1, x, y, from, to));
            }
        }
        return deepest;
    }

    private static int clamp(long v) {
        return (int) Math.min(v, (1L << 31) - 1);
    }

    @Test
    void shouldHaveNoNodeWhenTheWorldHoldsALeafOrLess() {
        long[] keys = {1, 5, 9, 1L << 40};
        CellTree tree = CellTree.build(keys.length, o -> keys[o], LEAF);

        assertThat(tree.root()).isEqualTo(CellTree.NONE);
        assertThat(tree.nodeCount()).isZero();
        assertThat(CellTree.build(0, o -> 0, LEAF).root()).isEqualTo(CellTree.NONE);
    }

    @Test
    void shouldRefuseALeafSizeBelowOne() {
        assertThatThrownBy(() -> CellTree.build(10, o -> o, 0))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("leafPoints must be at least 1: 0");
    }
}
