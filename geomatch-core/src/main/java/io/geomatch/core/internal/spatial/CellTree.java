package io.geomatch.core.internal.spatial;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntToLongFunction;

/**
 * The split points of the quadtree over points sorted by Morton key: for every cell that holds
 * more than {@code leafPoints} points (above the deepest level), the positions where its four
 * children's runs begin, so that a query descends from a cell to its children by reading one node
 * instead of searching keys.
 *
 * <p>A cell at level {@code L} whose points are the positions {@code [lo, hi)} has a node exactly
 * when {@link #hasNode hasNode(L, hi - lo)}. A node is four ints: the three split positions (the
 * first position of children 1, 2 and 3, in the child order of {@link MortonCode}) and the index
 * of its first child's node. The nodes of one cell's children are consecutive, in child order, so
 * a child's node is the first child's index plus the number of earlier siblings that have a node;
 * descending into all four children reads one or two cache lines. The root, the whole world, is
 * node 0 when it has one.
 *
 * <p>Size: the cells of one level that have a node are disjoint and each holds more than
 * {@code leafPoints} points, so a level has fewer than {@code n / leafPoints} nodes, and typical
 * data, where most nodes have several children with nodes, has about {@code n / leafPoints}
 * nodes in all: 16 bytes per node, about half a byte per point with 32-point leaves. Immutable;
 * safe for concurrent use.
 */
public final class CellTree {
    /** The node index of a cell that has no node. */
    public static final int NONE = -1;
    private static final int INTS_PER_NODE = 4;
    private static final int FIRST_CHILD = 3;
    /** Worlds of at most this many points are built on one thread; larger ones in cells of at most this many, or a 64th of the points. */
    private static final int PARALLEL_MIN_POINTS = 1 << 16;

    private final int leafPoints;
    private final int pointCount;
    private int[] nodes;
    private int nodeCount;

    private CellTree(int pointCount, int leafPoints) {
        this.pointCount = pointCount;
        this.leafPoints = leafPoints;
    }

    /**
     * Builds the tree of {@code pointCount} points whose keys ascend, on all cores when there are
     * many: the cells of at most {@code max(65536, pointCount / 64)} points are built apart, in
     * parallel, each from its own node down.
     *
     * @param pointCount number of points
     * @param keyOf the Morton key of the point at a position, ascending with the position; called
     *     from several threads at once
     * @param leafPoints cells holding at most this many points get no node, at least 1
     * @return the tree
     */
    public static CellTree build(int pointCount, IntToLongFunction keyOf, int leafPoints) {
        return build(pointCount, keyOf, leafPoints, Math.max(PARALLEL_MIN_POINTS, pointCount / 64));
    }

    /**
     * {@link #build(int, IntToLongFunction, int)} with the size of the cells built apart given.
     *
     * @param taskPoints cells holding at most this many points are built apart, in parallel; a
     *     whole world of at most this many is built on the calling thread
     */
    static CellTree build(int pointCount, IntToLongFunction keyOf, int leafPoints, int taskPoints) {
        if (leafPoints < 1) {
            throw new IllegalArgumentException("leafPoints must be at least 1: " + leafPoints);
        }
        CellTree tree = new CellTree(pointCount, leafPoints);
        boolean parallel = pointCount > taskPoints;
        // Built apart, the parts hold nearly every node: the top needs little room.
        tree.nodes = new int[INTS_PER_NODE * (parallel ? 64 : Math.max(16, pointCount / leafPoints))];
        if (tree.hasNode(0, pointCount)) {
            tree.nodeCount = 1;
            if (!parallel) {
                tree.fill(0, 0, 0L, 0, pointCount, keyOf, null, 0);
            } else {
                List<Part> parts = new ArrayList<>();
                tree.fill(0, 0, 0L, 0, pointCount, keyOf, parts, taskPoints);
                tree.append(parts, parts.parallelStream().map(part -> part.build(keyOf, leafPoints)).toList());
            }
        }
        if (tree.nodes.length != INTS_PER_NODE * tree.nodeCount) {
            tree.nodes = Arrays.copyOf(tree.nodes, INTS_PER_NODE * tree.nodeCount);
        }
        return tree;
    }

    /**
     * Writes node {@code node} of the cell starting at key {@code start}, then its children's
     * nodes; or, with {@code parts} given and a cell of at most {@code taskPoints} points, leaves
     * the node's slot to a part built apart.
     */
    private void fill(int node, int level, long start, int lo, int hi, IntToLongFunction keyOf, List<Part> parts, int taskPoints) {
        if (parts != null && hi - lo <= taskPoints) {
            parts.add(new Part(node, level, start, lo, hi));
            return;
        }
        long quarter = MortonCode.cellSpan(level + 1);
        int b1 = lowerBound(keyOf, start + quarter, lo, hi);
        int b2 = lowerBound(keyOf, start + 2 * quarter, b1, hi);
        int b3 = lowerBound(keyOf, start + 3 * quarter, b2, hi);
        int at = INTS_PER_NODE * node;
        nodes[at] = b1;
        nodes[at + 1] = b2;
        nodes[at + 2] = b3;
        int first = nodeCount;
        nodes[at + FIRST_CHILD] = first;
        int children = 0;
        for (int q = 0; q < 4; q++) {
            if (hasNode(level + 1, childHi(node, q, hi) - childLo(node, q, lo))) {
                children++;
            }
        }
        nodeCount += children;
        if (nodes.length < INTS_PER_NODE * nodeCount) {
            nodes = Arrays.copyOf(nodes, Math.max(nodes.length * 2, INTS_PER_NODE * nodeCount));
        }
        int next = first;
        for (int q = 0; q < 4; q++) {
            int from = childLo(node, q, lo);
            int to = childHi(node, q, hi);
            if (hasNode(level + 1, to - from)) {
                fill(next++, level + 1, start + q * quarter, from, to, keyOf, parts, taskPoints);
            }
        }
    }

    /**
     * Appends the nodes built for the parts after this tree's, in the parts' order: a part's own
     * node goes to the slot left for it, its other nodes after those appended before, their child
     * indices moved along. Children stay consecutive, in child order, as within each part.
     */
    private void append(List<Part> parts, List<CellTree> built) {
        int total = nodeCount;
        for (CellTree part : built) {
            total += part.nodeCount - 1;
        }
        nodes = Arrays.copyOf(nodes, INTS_PER_NODE * total);
        int base = nodeCount;
        nodeCount = total;
        for (int p = 0; p < parts.size(); p++) {
            CellTree part = built.get(p);
            for (int i = 0; i < part.nodeCount; i++) {
                int at = INTS_PER_NODE * (i == 0 ? parts.get(p).node() : base + i - 1);
                System.arraycopy(part.nodes, INTS_PER_NODE * i, nodes, at, FIRST_CHILD);
                // A part's child indices are at least 1: its own node is 0.
                nodes[at + FIRST_CHILD] = base + part.nodes[INTS_PER_NODE * i + FIRST_CHILD] - 1;
            }
            base += part.nodeCount - 1;
        }
    }

    /** A cell whose nodes are built apart: the slot of its node, its level, first key and positions. */
    private record Part(int node, int level, long start, int lo, int hi) {
        /** @return the cell's nodes, its own node first (node 0) */
        CellTree build(IntToLongFunction keyOf, int leafPoints) {
            CellTree part = new CellTree(hi - lo, leafPoints);
            part.nodes = new int[INTS_PER_NODE * Math.max(16, (hi - lo) / leafPoints)];
            part.nodeCount = 1;
            part.fill(0, level, start, lo, hi, keyOf, null, 0);
            return part;
        }
    }

    /** @return the first position in {@code [lo, hi)} whose key is at least {@code key}, or {@code hi} */
    private static int lowerBound(IntToLongFunction keyOf, long key, int lo, int hi) {
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (keyOf.applyAsLong(mid) < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** @return the node of the root cell (the whole world, positions {@code [0, pointCount)}), or {@link #NONE} */
    public int root() {
        return nodeCount == 0 ? NONE : 0;
    }

    /**
     * @param level the cell's level, 0..{@value MortonCode#BITS}
     * @param points how many points the cell holds
     * @return whether such a cell has a node: it holds more than the leaf size and can be split
     */
    public boolean hasNode(int level, int points) {
        return points > leafPoints && level < MortonCode.BITS;
    }

    /**
     * @param node a node
     * @param quadrant a child, 0..3
     * @param lo the first position of the node's cell
     * @return the first position of that child
     */
    public int childLo(int node, int quadrant, int lo) {
        return quadrant == 0 ? lo : nodes[INTS_PER_NODE * node + quadrant - 1];
    }

    /**
     * @param node a node
     * @param quadrant a child, 0..3
     * @param hi the end (exclusive) of the node's cell
     * @return the end (exclusive) of that child
     */
    public int childHi(int node, int quadrant, int hi) {
        return quadrant == 3 ? hi : nodes[INTS_PER_NODE * node + quadrant];
    }

    /**
     * @param node a node of a cell at {@code level}
     * @param quadrant a child, 0..3
     * @param level the node's level
     * @param lo the first position of the node's cell
     * @param hi the end (exclusive) of the node's cell
     * @return the child's node, or {@link #NONE} if it has none
     */
    public int childNode(int node, int quadrant, int level, int lo, int hi) {
        int at = INTS_PER_NODE * node;
        int child = nodes[at + FIRST_CHILD];
        int from = lo;
        for (int q = 0; q < quadrant; q++) {
            int to = nodes[at + q];
            if (hasNode(level + 1, to - from)) {
                child++;
            }
            from = to;
        }
        return hasNode(level + 1, childHi(node, quadrant, hi) - from) ? child : NONE;
    }

    /** @return the number of points the tree was built over */
    public int pointCount() {
        return pointCount;
    }

    /** @return the number of nodes */
    public int nodeCount() {
        return nodeCount;
    }

    /** @return bytes the nodes occupy */
    public long bytes() {
        return (long) nodes.length * Integer.BYTES;
    }
}
