package io.geomatch.core;

import io.geomatch.core.spatial.CellTree;
import io.geomatch.core.spatial.MortonCode;
import io.geomatch.core.spatial.SpatialMatcher;
import io.geomatch.core.store.IndexColumns;
import io.geomatch.core.store.SnapshotFile;
import org.agrona.DirectBuffer;
import org.agrona.UnsafeAccess;

import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An immutable, off-heap index of cameras and the time buckets of their footage, answering
 * "which eligible cameras inside this area hold retained footage from this timeframe".
 *
 * <p>Cameras are stored in Morton (Z-order) key order, so every quadtree cell is one contiguous
 * run of ordinals, and a {@link CellTree}, built when the index is made or opened, holds where
 * each cell of more than {@value #LEAF_CAMERAS} cameras splits into its four children: descending
 * is one node read rather than a key search. A query walks the quadtree from the smallest cells
 * that enclose the area's bounding box: cells the area wholly covers contribute all their cameras
 * without a point test, cells it misses are skipped, cells that at most
 * {@value SpatialMatcher#MAX_CELL_EDGES} polygon edges cut decide each camera by which side of
 * each edge's line it lies on (one filtered orientation test per edge; one exact point test per
 * side pattern met, and for cameras too close to a line to tell; the children of such a cell, when
 * it is split, are classified among its edges only), and only cameras in the remaining boundary
 * cells get the full exact point test. This spatial pass only collects the
 * candidates, as ascending spans of ordinals; a second pass checks them for footage: per query and
 * retention class, a table holds the first retained bucket and two 128-bit masks of footage slots
 * (wholly inside the window, touched by it); the camera's own slot mask decides most candidates,
 * and the rest binary-search their merged bucket runs, all together at the end, with their runs
 * read ahead so that the misses overlap. The per-camera loops of both passes branch on the data
 * only in rare cases (a side pattern not met before, a camera near a line): otherwise a camera's
 * verdict moves the output position, because which side of a line a camera lies on, or whether
 * it holds footage, is a coin toss to the branch predictor. Matching follows DESIGN section 3
 * exactly:
 * <ul>
 *   <li>footage {@code [s, e)} occupies buckets {@code floor(s/B)..floor((e-1)/B)};</li>
 *   <li>a window {@code [from, to)} spans buckets {@code floor(from/B)..floor((to-1)/B)};</li>
 *   <li>bucket {@code b} is retained at {@code now} if {@code (b+1)*B > now - retentionDays*86400000};</li>
 *   <li>only cameras with {@code optedIn && !e2ee} match.</li>
 * </ul>
 *
 * <p>Threading: any number of threads may query one index concurrently, each with its own
 * {@link Matches}. {@link #match} does not allocate once its {@code Matches} has grown to the
 * result size. Closing only drops references; the memory is released by the garbage collector
 * once no query still uses it, so a late query can never touch unmapped memory.
 *
 * @see GeoIndexBuilder
 * @see Area
 */
public final class GeoIndex implements AutoCloseable {
    /** Milliseconds in a day, as the retention rule counts them. */
    public static final long MILLIS_PER_DAY = 86_400_000L;
    /** Cells holding at most this many cameras are tested point by point rather than split; larger ones have a node. */
    private static final int LEAF_CAMERAS = 32;
    /**
     * Cells that only a few edges' lines cut are scanned, orientation tests per camera, once they
     * hold at most this many cameras: larger ones are split, so that fewer cameras on the far side
     * of the edges are read.
     */
    private static final int EDGE_LEAF_CAMERAS = 128;
    /**
     * Verdicts of {@link #footageVerdict}. Bit 0: the camera goes into the result; bit 1: its runs
     * must still be searched, and it is dropped again if none meets the window.
     */
    private static final int NO_MATCH = 0;
    private static final int MATCH = 1;
    private static final int SEARCH_RUNS = 3;
    /** Runs (int pairs) per 64-byte cache line. */
    private static final int RUNS_PER_LINE = 8;
    /** The runs read ahead of a pending search are at most this many from the camera's first. */
    private static final int MAX_TOUCHED_RUNS = 8 * RUNS_PER_LINE;
    /** Relative error bound of the floating-point orientation determinant (JTS's {@code DP_SAFE_EPSILON}). */
    private static final double ORIENTATION_ERROR = 1e-15;
    /** Padding of cell rectangles, degrees: far above coordinate rounding, far below any camera spacing that matters. */
    private static final double CELL_PAD_DEGREES = 1e-9;

    private final IndexColumns columns;
    private final int cameraCount;
    private final long bucketMillis;
    /** Longitude and latitude per ordinal, {@link IndexColumns#COORDINATE_BYTES} each. */
    private final DirectBuffer coordinates;
    /** Slot mask, first run and attributes per ordinal, {@link IndexColumns#CAMERA_BYTES} each. */
    private final DirectBuffer cameras;
    private final DirectBuffer ids;
    private final long baseBucket;
    private final long slotBuckets;
    /** Buckets covered by the 128 footage slots. */
    private final long slotSpan;
    private final int[] retentionDays;
    /** Where each cell of more than {@value #LEAF_CAMERAS} cameras splits into its children. */
    private final CellTree tree;
    /**
     * {@link #coordinates} and {@link #cameras} for the per-camera loops, which check their whole
     * range once and then read through {@link UnsafeAccess} unchecked (Agrona checks every read,
     * which cost about 5% of a query in a same-JVM A/B): the backing array ({@code null} off-heap)
     * and address.
     */
    private final byte[] coordinateArray;
    private final long coordinateAddress;
    private final byte[] cameraArray;
    private final long cameraAddress;

    GeoIndex(IndexColumns columns) {
        this.columns = columns;
        this.cameraCount = columns.cameraCount();
        this.bucketMillis = columns.bucketMillis();
        this.coordinates = columns.coordinates();
        this.cameras = columns.cameras();
        this.ids = columns.ids();
        this.baseBucket = columns.baseBucket();
        this.slotBuckets = columns.slotBuckets();
        this.slotSpan = slotBuckets * IndexColumns.SLOTS;
        this.retentionDays = columns.retentionDays();
        this.tree = CellTree.build(cameraCount, this::keyOf, LEAF_CAMERAS);
        this.coordinateArray = coordinates.byteArray();
        this.coordinateAddress = coordinates.addressOffset();
        this.cameraArray = cameras.byteArray();
        this.cameraAddress = cameras.addressOffset();
    }

    /**
     * Starts building an index.
     *
     * @param bucketMillis the time bucket size {@code B} in milliseconds, 1 (exact) to 366 days
     * @return a new builder
     * @throws InvalidInputException if {@code bucketMillis} is out of range
     */
    public static GeoIndexBuilder builder(long bucketMillis) {
        return new GeoIndexBuilder(bucketMillis);
    }

    /**
     * Opens a snapshot written by {@link #snapshot(Path)}: verifies it completely (magic, version,
     * lengths, CRC32C of every section, structural invariants) and memory-maps it read-only. The
     * opened index answers exactly as the one that was saved.
     *
     * @param file the snapshot file
     * @return the index
     * @throws IndexFormatException if the file is missing, truncated, corrupted or of another version
     * @throws IOException if it cannot be read
     */
    public static GeoIndex open(Path file) throws IOException {
        return new GeoIndex(SnapshotFile.open(file));
    }

    /**
     * Writes this index to a snapshot file: to a temporary file in the same directory, forced to
     * disk, then atomically renamed over {@code file}.
     *
     * @param file the target file
     * @throws IOException if it cannot be written; {@code file} is then untouched
     */
    public void snapshot(Path file) throws IOException {
        SnapshotFile.write(columns, file);
    }

    /** @return the sealed columns, for tests and diagnostics in this package */
    IndexColumns columns() {
        return columns;
    }

    /** @return the number of cameras, eligible or not */
    public int cameraCount() {
        return cameraCount;
    }

    /** @return the time bucket size {@code B}, milliseconds */
    public long bucketMillis() {
        return bucketMillis;
    }

    /** @return the number of merged footage runs (bucket intervals) held */
    public long footageRunCount() {
        return columns.runCount();
    }

    /** @return bytes of off-heap memory (or mapped file) the index occupies: {@link #spatialBytes()} without
     *  its on-heap cell tree, plus {@link #footageBytes()}, plus 8 bytes per camera of ids */
    public long offHeapBytes() {
        return (long) coordinates.capacity() + cameras.capacity() + ids.capacity() + columns.runs().capacity();
    }

    /**
     * The spatial part of the index: 16 bytes of coordinates per camera, off-heap, plus the
     * {@link CellTree} of split positions on the heap (16 bytes per cell of more than
     * {@value #LEAF_CAMERAS} cameras, typically well under one byte per camera).
     *
     * @return bytes used to answer "where"
     */
    public long spatialBytes() {
        return (long) coordinates.capacity() + tree.bytes();
    }

    /**
     * The time and eligibility part of the index, off-heap: per camera a 24-byte row (footage slot
     * mask, first run, retention class and flags), plus the merged footage runs (8 or 16 bytes
     * each).
     *
     * @return bytes used to answer "when" and "who may be asked"
     */
    public long footageBytes() {
        return (long) cameras.capacity() + columns.runs().capacity();
    }

    /**
     * @param ordinal a position in the index, {@code 0..cameraCount()-1}
     * @return the camera id stored there
     */
    public long cameraId(int ordinal) {
        return ids.getLong(ordinal * Long.BYTES);
    }

    /**
     * @param ordinal a position in the index
     * @return the camera's latitude, degrees
     */
    public double latDegrees(int ordinal) {
        return coordinates.getDouble(ordinal * IndexColumns.COORDINATE_BYTES + IndexColumns.LAT_OFFSET);
    }

    /**
     * @param ordinal a position in the index
     * @return the camera's longitude, degrees
     */
    public double lonDegrees(int ordinal) {
        return coordinates.getDouble(ordinal * IndexColumns.COORDINATE_BYTES + IndexColumns.LON_OFFSET);
    }

    /**
     * Finds the cameras inside {@code area} that are eligible and hold retained footage in the
     * window, into a caller-owned container. Allocation-free once {@code into} has grown.
     *
     * @param area the area
     * @param fromMillis window start, inclusive, epoch ms
     * @param toMillis window end, exclusive, epoch ms, greater than {@code fromMillis}
     * @param nowMillis the time at which retention is judged, epoch ms
     * @param into cleared, then filled with the matching ordinals in ascending order
     * @throws InvalidInputException if {@code fromMillis >= toMillis} or an instant is out of range
     */
    public void match(Area area, long fromMillis, long toMillis, long nowMillis, Matches into) {
        checkQuery(area, fromMillis, toMillis, nowMillis, into);
        matchBase(area.matcher(), fromMillis, toMillis, nowMillis, into, null);
    }

    /** The argument checks of every query, sealed or live. */
    static void checkQuery(Area area, long fromMillis, long toMillis, long nowMillis, Matches into) {
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(into, "into");
        GeoIndexBuilder.checkMillis("from", fromMillis);
        GeoIndexBuilder.checkMillis("to", toMillis);
        GeoIndexBuilder.checkMillis("now", nowMillis);
        if (fromMillis >= toMillis) {
            throw new InvalidInputException("to", toMillis, "must be after from " + fromMillis);
        }
    }

    /**
     * The query over this index's cameras, with arguments already checked. With an overlay (a
     * live query), cameras the overlay knows about are decided by it.
     */
    void matchBase(SpatialMatcher matcher, long fromMillis, long toMillis, long nowMillis, Matches into, LiveView overlay) {
        into.reset(this, retentionDays.length);
        into.overlay = overlay;
        // Bucket numbers from here on are relative to the base bucket of the stored runs.
        long firstBucket = Math.floorDiv(fromMillis, bucketMillis) - baseBucket;
        long lastBucket = Math.floorDiv(toMillis - 1, bucketMillis) - baseBucket;
        long[] retainedFrom = into.retainedFromBucket;
        for (int c = 0; c < retentionDays.length; c++) {
            // (b+1)*B > now - days*D  <=>  b >= floor((now - days*D) / B)
            long oldest = Math.floorDiv(nowMillis - retentionDays[c] * MILLIS_PER_DAY, bucketMillis) - baseBucket;
            retainedFrom[c] = Math.max(firstBucket, oldest);
            slotMasks(retainedFrom[c], lastBucket, into, c);
        }
        search(matcher, into);
        // Then the footage check, over the spatial candidates in ordinal order; the cameras whose
        // slot masks cannot tell are searched together at the end.
        if (overlay == null) {
            sealedFootagePass(into);
        } else {
            int[] spans = into.spans();
            int spanInts = into.spanInts();
            for (int i = 0; i < spanInts; i += 2) {
                for (int o = spans[i], end = spans[i + 1]; o < end; o++) {
                    int verdict = footageVerdict(o, into, lastBucket);
                    if (verdict == MATCH) {
                        into.add(o);
                    } else if (verdict == SEARCH_RUNS) {
                        into.addPending(o);
                    }
                }
            }
        }
        searchPendingRuns(into, lastBucket);
    }

    /**
     * The footage check of every spatial candidate from this index's rows alone ({@link #rowVerdict}):
     * each candidate is written to the result and to the pending list, and the two counts advance
     * by the bits of its verdict, so the loop does not branch on them.
     */
    private void sealedFootagePass(Matches into) {
        int[] spans = into.spans();
        int spanInts = into.spanInts();
        int candidates = 0;
        for (int i = 0; i < spanInts; i += 2) {
            candidates += spans[i + 1] - spans[i];
        }
        into.reserveResults(candidates);
        if (spanInts > 0) {
            // Every candidate lies in [spans[0], spans[spanInts - 1]): one check for all the unchecked reads below.
            cameras.boundsCheck(spans[0] * IndexColumns.CAMERA_BYTES, (spans[spanInts - 1] - spans[0]) * IndexColumns.CAMERA_BYTES);
        }
        byte[] array = cameraArray;
        long address = cameraAddress;
        int[] ordinals = into.ordinalArray();
        int[] pending = into.pending();
        int[] pendingAt = into.pendingAtArray();
        long[] full = into.fullSlots;
        long[] touched = into.touchedSlots;
        int size = into.size();
        int pendingCount = into.pendingCount();
        for (int i = 0; i < spanInts; i += 2) {
            for (int o = spans[i], end = spans[i + 1]; o < end; o++) {
                long row = address + (long) o * IndexColumns.CAMERA_BYTES;
                int attr = UnsafeAccess.UNSAFE.getShort(array, row + IndexColumns.ATTRS_OFFSET);
                long mask0 = UnsafeAccess.UNSAFE.getLong(array, row + IndexColumns.MASK_OFFSET);
                long mask1 = UnsafeAccess.UNSAFE.getLong(array, row + IndexColumns.MASK_OFFSET + Long.BYTES);
                int verdict = rowVerdict(attr, mask0, mask1, full, touched);
                ordinals[size] = o;
                pending[pendingCount] = o;
                pendingAt[pendingCount] = size;
                size += verdict & 1;
                pendingCount += verdict >>> 1;
            }
        }
        into.setSizes(size, pendingCount);
        Reference.reachabilityFence(cameras);
    }

    /**
     * Decides the cameras whose slot masks could not, by searching their runs: first one read per
     * cache line of every pending camera's runs (independent loads, whose misses overlap), then
     * the searches, which then hit the cache.
     */
    private void searchPendingRuns(Matches into, long lastBucket) {
        int count = into.pendingCount();
        if (count == 0) {
            return;
        }
        int[] pending = into.pending();
        long touched = 0;
        for (int i = 0; i < count; i++) {
            int o = pending[i];
            int end = Math.min(columns.firstRun(o + 1), columns.firstRun(o) + MAX_TOUCHED_RUNS);
            for (int r = columns.firstRun(o); r < end; r += RUNS_PER_LINE) {
                touched += columns.runFirst(r);
            }
        }
        into.touched = touched;
        for (int i = 0; i < count; i++) {
            if (!pendingRunsMeet(pending[i], into, lastBucket)) {
                into.reject(i);
            }
        }
        into.dropRejected();
    }

    /**
     * Convenience form of {@link #match}: the matching camera ids, ascending. Allocates.
     *
     * @param area the area
     * @param fromMillis window start, inclusive, epoch ms
     * @param toMillis window end, exclusive, epoch ms
     * @param nowMillis the time at which retention is judged, epoch ms
     * @return matching camera ids, ascending
     */
    public long[] matchIds(Area area, long fromMillis, long toMillis, long nowMillis) {
        Matches matches = new Matches();
        match(area, fromMillis, toMillis, nowMillis, matches);
        return matches.ids();
    }

    /**
     * Convenience form of {@link #match} that only counts.
     *
     * @param area the area
     * @param fromMillis window start, inclusive, epoch ms
     * @param toMillis window end, exclusive, epoch ms
     * @param nowMillis the time at which retention is judged, epoch ms
     * @return how many cameras match
     */
    public int count(Area area, long fromMillis, long toMillis, long nowMillis) {
        Matches matches = Matches.countOnly();
        match(area, fromMillis, toMillis, nowMillis, matches);
        return matches.count();
    }

    /**
     * For one retention class, the footage slots that lie wholly inside {@code [lo, hi]} (any footage
     * there matches) and all slots that meet it (footage elsewhere cannot match).
     */
    private void slotMasks(long lo, long hi, Matches into, int c) {
        assert IndexColumns.MASK_WORDS == 2;
        if (lo > hi || hi < 0 || lo >= slotSpan) {
            into.fullSlots[2 * c] = 0;
            into.fullSlots[2 * c + 1] = 0;
            into.touchedSlots[2 * c] = 0;
            into.touchedSlots[2 * c + 1] = 0;
            return;
        }
        int first = (int) (Math.max(lo, 0) / slotBuckets);
        int last = (int) (Math.min(hi, slotSpan - 1) / slotBuckets);
        int firstFull = lo <= (long) first * slotBuckets ? first : first + 1;
        int lastFull = hi >= (long) (last + 1) * slotBuckets - 1 ? last : last - 1;
        for (int w = 0; w < IndexColumns.MASK_WORDS; w++) {
            into.touchedSlots[2 * c + w] = IndexColumns.slotRange(first, last, w);
            into.fullSlots[2 * c + w] = firstFull <= lastFull ? IndexColumns.slotRange(firstFull, lastFull, w) : 0;
        }
    }

    private void search(SpatialMatcher m, Matches into) {
        if (cameraCount == 0) {
            return;
        }
        int qx0 = MortonCode.quantizeLon(m.minLon());
        int qx1 = MortonCode.quantizeLon(m.maxLon());
        int qy0 = MortonCode.quantizeLat(m.minLat());
        int qy1 = MortonCode.quantizeLat(m.maxLat());
        if (qx1 < qx0 || qy1 < qy0) {
            return;
        }
        // Deepest level whose cells are at least as large as the box: it meets at most 2 x 2 cells.
        long extent = Math.max(qx1 - qx0, qy1 - qy0) + 1L;
        int level = Math.max(0, MortonCode.BITS - (Long.SIZE - Long.numberOfLeadingZeros(extent - 1)));
        int shift = MortonCode.BITS - level;
        int cx0 = qx0 >>> shift;
        int cx1 = qx1 >>> shift;
        int cy0 = qy0 >>> shift;
        int cy1 = qy1 >>> shift;
        assert cx1 - cx0 <= 1 && cy1 - cy0 <= 1;
        long[] starts = into.startKeys;
        int[] cells = into.startCells;
        int count = 0;
        for (int cy = cy0; cy <= cy1; cy++) {
            for (int cx = cx0; cx <= cx1; cx++) {
                long start = MortonCode.cellStart(level, cx, cy);
                int j = count++;
                // Insertion by key keeps the visit, and so the ordinals, in ascending order.
                while (j > 0 && starts[j - 1] > start) {
                    starts[j] = starts[j - 1];
                    cells[2 * j] = cells[2 * j - 2];
                    cells[2 * j + 1] = cells[2 * j - 1];
                    j--;
                }
                starts[j] = start;
                cells[2 * j] = cx;
                cells[2 * j + 1] = cy;
            }
        }
        // Walk down the cell tree to each start cell, or to its ancestor that has too few cameras to
        // have a node; start cells sharing such an ancestor are adjacent in key order and visit it once.
        int lastLevel = -1;
        int lastX = 0;
        int lastY = 0;
        for (int i = 0; i < count; i++) {
            int cx = cells[2 * i];
            int cy = cells[2 * i + 1];
            int node = tree.root();
            int lo = 0;
            int hi = cameraCount;
            int l = 0;
            while (l < level && node != CellTree.NONE) {
                int below = level - l - 1;
                int quadrant = ((cx >>> below) & 1) | ((cy >>> below) & 1) << 1;
                int childNode = tree.childNode(node, quadrant, l, lo, hi);
                int childLo = tree.childLo(node, quadrant, lo);
                hi = tree.childHi(node, quadrant, hi);
                lo = childLo;
                node = childNode;
                l++;
            }
            int x = cx >>> (level - l);
            int y = cy >>> (level - l);
            if (l != lastLevel || x != lastX || y != lastY) {
                visit(m, into, l, x, y, node, lo, hi);
                lastLevel = l;
                lastX = x;
                lastY = y;
            }
        }
    }

    /**
     * Matches the cameras {@code [lo, hi)} of cell {@code (cx, cy)} at {@code level}, whose tree node
     * is {@code node} ({@link CellTree#NONE} if the cell is too small or too deep to have one).
     */
    private void visit(SpatialMatcher m, Matches into, int level, int cx, int cy, int node, int lo, int hi) {
        visit(m, into, level, cx, cy, node, lo, hi, -1);
    }

    /**
     * {@link #visit}, for a cell whose parent's classification carried edges: it is classified
     * among the {@code amongCount} of them kept in {@link Matches#levelEdges} for the parent's
     * level, or among all edges if {@code amongCount} is -1.
     */
    private void visit(SpatialMatcher m, Matches into, int level, int cx, int cy, int node, int lo, int hi, int amongCount) {
        if (lo >= hi) {
            return;
        }
        int shift = MortonCode.BITS - level;
        double x0 = MortonCode.lonOf((long) cx << shift) - CELL_PAD_DEGREES;
        double x1 = MortonCode.lonOf(((long) cx + 1) << shift) + CELL_PAD_DEGREES;
        double y0 = MortonCode.latOf((long) cy << shift) - CELL_PAD_DEGREES;
        double y1 = MortonCode.latOf(((long) cy + 1) << shift) + CELL_PAD_DEGREES;
        int classification = amongCount < 0 ? m.classify(x0, y0, x1, y1, into.cellEdges)
            : m.classifyAmong(x0, y0, x1, y1, into.levelEdges, (level - 1) * SpatialMatcher.MAX_CELL_EDGES, amongCount, into.cellEdges);
        int kind = SpatialMatcher.kindOf(classification);
        if (kind == SpatialMatcher.OUTSIDE) {
            return;
        }
        if (kind == SpatialMatcher.INSIDE) {
            into.addSpan(lo, hi);
            return;
        }
        if (kind == SpatialMatcher.EDGES && (node == CellTree.NONE || hi - lo <= EDGE_LEAF_CAMERAS)) {
            matchBesideEdges(m, SpatialMatcher.edgeCountOf(classification), into, lo, hi, x0, y0, x1, y1);
            return;
        }
        if (node == CellTree.NONE) {
            for (int o = lo; o < hi; o++) {
                int at = o * IndexColumns.COORDINATE_BYTES;
                if (m.covers(coordinates.getDouble(at + IndexColumns.LAT_OFFSET), coordinates.getDouble(at + IndexColumns.LON_OFFSET))) {
                    into.addSpan(o, o + 1);
                }
            }
            return;
        }
        // The children of a cell that few edges cut are classified among those edges only.
        int childAmong = -1;
        int levelAt = level * SpatialMatcher.MAX_CELL_EDGES;
        if (kind == SpatialMatcher.EDGES) {
            childAmong = SpatialMatcher.edgeCountOf(classification);
            System.arraycopy(into.cellEdges, 0, into.levelEdges, levelAt, childAmong);
        }
        int x = cx << 1;
        int y = cy << 1;
        for (int quadrant = 0; quadrant < 4; quadrant++) {
            visit(m, into, level + 1, x + (quadrant & 1), y + (quadrant >>> 1), tree.childNode(node, quadrant, level, lo, hi),
                tree.childLo(node, quadrant, lo), tree.childHi(node, quadrant, hi), childAmong);
        }
    }

    /**
     * The cameras of a cell that only the lines of {@code count} edges (in {@link Matches#cellEdges})
     * may cut. Cameras strictly off every line, on the same side of each, are covered alike: the
     * first camera met with each such side pattern gets the exact point test, which decides the
     * others. A camera too close to a line for the floating-point orientation to be trusted gets
     * the exact point test itself.
     */
    private void matchBesideEdges(SpatialMatcher m, int count, Matches into, int lo, int hi, double x0, double y0, double x1, double y1) {
        double[] lines = into.cellLines;
        int[] edges = into.cellEdges;
        for (int i = 0; i < count; i++) {
            double ax = m.edgeCoordinate(edges[i], 0);
            double ay = m.edgeCoordinate(edges[i], 1);
            double bx = m.edgeCoordinate(edges[i], 2);
            double by = m.edgeCoordinate(edges[i], 3);
            lines[5 * i] = ax;
            lines[5 * i + 1] = ay;
            lines[5 * i + 2] = bx;
            lines[5 * i + 3] = by;
            // The filter's error bound at the cell's farthest corner from each endpoint: rounding is
            // monotone, so it is at least the bound any camera in the cell would compute for itself.
            double left = Math.max(Math.abs(ax - x0), Math.abs(ax - x1)) * Math.max(Math.abs(by - y0), Math.abs(by - y1));
            double right = Math.max(Math.abs(ay - y0), Math.abs(ay - y1)) * Math.max(Math.abs(bx - x0), Math.abs(bx - x1));
            lines[5 * i + 4] = ORIENTATION_ERROR * (left + right);
        }
        coordinates.boundsCheck(lo * IndexColumns.COORDINATE_BYTES, (hi - lo) * IndexColumns.COORDINATE_BYTES);
        byte[] array = coordinateArray;
        long address = coordinateAddress;
        // Bit p: whether side pattern p has been tested; and whether its cameras are covered.
        int knownPatterns = 0;
        int coveredPatterns = 0;
        int[] spans = into.reserveSpans(2 * (hi - lo));
        int k = into.spanInts();
        for (int o = lo; o < hi; o++) {
            long at = address + (long) o * IndexColumns.COORDINATE_BYTES;
            double lat = UnsafeAccess.UNSAFE.getDouble(array, at + IndexColumns.LAT_OFFSET);
            double lon = UnsafeAccess.UNSAFE.getDouble(array, at + IndexColumns.LON_OFFSET);
            // Bit i of the pattern: the camera is on the positive side of line i.
            int pattern = 0;
            int nearLine = 0;
            for (int i = 0, e = 0; i < count; i++, e += 5) {
                // The orientation determinant in floating point, trusted only beyond its error bound
                // (the bound JTS's own filter uses, taken at the cell's corners).
                double det = (lines[e] - lon) * (lines[e + 3] - lat) - (lines[e + 1] - lat) * (lines[e + 2] - lon);
                double bound = lines[e + 4];
                int positive = negative(bound - det);
                pattern |= positive << i;
                nearLine |= (positive | negative(det + bound)) ^ 1;
            }
            int covered;
            if ((nearLine | ((knownPatterns >>> pattern) & 1) ^ 1) != 0) {
                covered = m.covers(lat, lon) ? 1 : 0;
                if (nearLine == 0) {
                    knownPatterns |= 1 << pattern;
                    coveredPatterns |= covered << pattern;
                }
            } else {
                covered = (coveredPatterns >>> pattern) & 1;
            }
            // Always written; kept only if covered.
            spans[k] = o;
            spans[k + 1] = o + 1;
            k += covered << 1;
        }
        into.setSpanInts(k);
        Reference.reachabilityFence(coordinates);
    }

    /** @return 1 if {@code x} is not zero, else 0, without a branch */
    private static int nonZero(long x) {
        return (int) ((x | -x) >>> 63);
    }

    /**
     * @param x not -0.0: callers pass a bound of at least +0.0 plus or minus a determinant, which
     *     rounds to -0.0 only if both are zeros of opposite sign, and the bound is never -0.0
     * @return 1 if {@code x} is negative, else 0, without a branch
     */
    private static int negative(double x) {
        return (int) (Double.doubleToRawLongBits(x) >>> 63);
    }

    /** @return the Morton key of the camera at {@code ordinal}, recomputed from its coordinates */
    private long keyOf(int ordinal) {
        int at = ordinal * IndexColumns.COORDINATE_BYTES;
        return MortonCode.keyOf(coordinates.getDouble(at + IndexColumns.LAT_OFFSET), coordinates.getDouble(at + IndexColumns.LON_OFFSET));
    }

    /**
     * Eligibility and footage, as far as the camera's row decides: {@link #MATCH}, {@link #NO_MATCH},
     * or {@link #SEARCH_RUNS} when its slot mask cannot tell. Cameras a live overlay knows about
     * are decided by it.
     */
    private int footageVerdict(int ordinal, Matches into, long lastBucket) {
        LiveView overlay = into.overlay;
        if (overlay != null) {
            int slot = overlay.slotOfOrdinal(ordinal);
            if (slot >= 0) {
                return overlay.matchesChangedBaseCamera(ordinal, slot, into, lastBucket) ? MATCH : NO_MATCH;
            }
        }
        return sealedVerdict(ordinal, into);
    }

    /**
     * {@link #footageVerdict} from this index's own row: flags, then the slot mask against the
     * query's per-class tables of slots wholly inside the window and slots it touches.
     */
    private int sealedVerdict(int ordinal, Matches into) {
        int row = ordinal * IndexColumns.CAMERA_BYTES;
        return rowVerdict(cameras.getShort(row + IndexColumns.ATTRS_OFFSET), cameras.getLong(row + IndexColumns.MASK_OFFSET),
            cameras.getLong(row + IndexColumns.MASK_OFFSET + Long.BYTES), into.fullSlots, into.touchedSlots);
    }

    /**
     * The verdict of a camera row, without a branch: {@link #NO_MATCH} if either ineligibility flag
     * is set or its slot mask meets no slot the window touches, {@link #MATCH} if it meets a slot
     * wholly inside the window, else {@link #SEARCH_RUNS}.
     *
     * @param attr the row's attributes (flags and retention class)
     * @param full per class, the two words of the slots wholly inside the window
     * @param touched per class, the two words of the slots the window touches
     */
    private static int rowVerdict(int attr, long mask0, long mask1, long[] full, long[] touched) {
        int c = (attr & IndexColumns.CLASS_MASK) << 1;
        // 1 if neither flag is set (the flags are bits of a 16-bit value), else 0.
        int eligible = ((attr & IndexColumns.ATTR_INELIGIBLE) - 1) >>> 31;
        int inFull = nonZero((mask0 & full[c]) | (mask1 & full[c + 1]));
        int inTouched = nonZero((mask0 & touched[c]) | (mask1 & touched[c + 1]));
        // MATCH (1) when in a full slot; SEARCH_RUNS (3) when only in touched ones.
        return eligible & (inFull | inTouched) | (eligible & (inFull ^ 1) & inTouched) << 1;
    }

    /**
     * Eligibility and footage from this index's own columns alone: is some bucket in
     * {@code [retainedFrom[class], lastBucket]} held? The row decides most cameras; the rest
     * search their runs.
     */
    boolean sealedHasFootage(int ordinal, Matches into, long lastBucket) {
        int verdict = sealedVerdict(ordinal, into);
        return verdict == MATCH || verdict == SEARCH_RUNS && pendingRunsMeet(ordinal, into, lastBucket);
    }

    /** @return whether a camera whose verdict was {@link #SEARCH_RUNS} has a run in its class's retained window */
    private boolean pendingRunsMeet(int ordinal, Matches into, long lastBucket) {
        int c = cameras.getShort(ordinal * IndexColumns.CAMERA_BYTES + IndexColumns.ATTRS_OFFSET) & IndexColumns.CLASS_MASK;
        return runsMeet(columns.firstRun(ordinal), columns.firstRun(ordinal + 1), into.retainedFromBucket[c], lastBucket);
    }

    /**
     * Whether the sorted, disjoint runs {@code [a, b)} meet {@code [firstBucket, lastBucket]} (relative
     * buckets): the last run starting at or before {@code lastBucket} has the largest end among all candidates.
     */
    private boolean runsMeet(int a, int b, long firstBucket, long lastBucket) {
        int lo = a;
        int hi = b;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (columns.runFirst(mid) <= lastBucket) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo > a && columns.runLast(lo - 1) >= firstBucket;
    }

    /** @return the bucket that stored runs are relative to */
    long baseBucket() {
        return baseBucket;
    }

    /**
     * @param ordinal a position in the index
     * @return the retention class of the camera if it is eligible, else -1
     */
    int eligibleClass(int ordinal) {
        int attr = cameras.getShort(ordinal * IndexColumns.CAMERA_BYTES + IndexColumns.ATTRS_OFFSET);
        return (attr & IndexColumns.ATTR_INELIGIBLE) != 0 ? -1 : attr & IndexColumns.CLASS_MASK;
    }

    /**
     * Whether a camera's own stored footage holds a bucket in {@code [firstBucket, lastBucket]},
     * ignoring eligibility and retention (the caller has folded retention into the range).
     *
     * @param ordinal a position in the index
     * @param firstBucket first bucket, absolute
     * @param lastBucket last bucket, absolute
     * @return whether some stored run meets the range
     */
    boolean hasFootageBetween(int ordinal, long firstBucket, long lastBucket) {
        if (firstBucket > lastBucket) {
            return false;
        }
        return runsMeet(columns.firstRun(ordinal), columns.firstRun(ordinal + 1), firstBucket - baseBucket, lastBucket - baseBucket);
    }

    /** Drops this handle's references; memory is reclaimed by the garbage collector. */
    @Override
    public void close() {
        // Nothing to unmap eagerly: see the class comment on why late readers must stay safe.
    }
}
