package io.geomatch.core.internal.query;

import io.geomatch.core.internal.contract.CameraView;
import io.geomatch.core.internal.segment.IndexColumns;
import io.geomatch.core.internal.spatial.CellTree;
import io.geomatch.core.internal.spatial.MortonCode;
import io.geomatch.core.internal.spatial.SpatialMatcher;
import io.geomatch.core.internal.spatial.ViewSector;
import org.agrona.DirectBuffer;
import org.agrona.UnsafeAccess;

import java.lang.ref.Reference;

/**
 * The spatial pass of a query: walks the quadtree of a sealed index down from the smallest cells
 * that enclose the area's box and collects the cameras the area covers, as ascending spans of
 * ordinals in {@link QueryScratch}.
 *
 * <p>A cell the area wholly covers contributes all its cameras without a point test; a cell it
 * misses is skipped; a cell that at most {@value SpatialMatcher#MAX_CELL_EDGES} polygon edges
 * cut is scanned once it holds {@value #EDGE_LEAF_CAMERAS} cameras or fewer, each camera decided
 * by which side of each edge's line it lies on (one filtered orientation test per edge; one exact
 * point test per side pattern met, and for cameras too close to a line to tell); the children of
 * such a cell, when it is split instead, are classified among its edges only. Any other boundary
 * cell is split, through one node of the {@link CellTree}, until it holds {@value #LEAF_CAMERAS}
 * cameras or fewer, which get the exact point test. The per-camera loop of the edge scan branches
 * on the data only in rare cases (a side pattern not met before, a camera near a line): which side
 * of a line a camera lies on is a coin toss to the branch predictor, so a camera's verdict moves
 * the output position instead. Immutable; safe for concurrent queries, each with its own scratch.
 */
final class CellDescent {
    /** Cells holding at most this many cameras are tested point by point rather than split; larger ones have a node. */
    static final int LEAF_CAMERAS = 32;
    /**
     * Cells that only a few edges' lines cut are scanned, orientation tests per camera, once they
     * hold at most this many cameras: larger ones are split, so that fewer cameras on the far side
     * of the edges are read.
     */
    static final int EDGE_LEAF_CAMERAS = 128;
    /** Relative error bound of the floating-point orientation determinant (JTS's {@code DP_SAFE_EPSILON}). */
    private static final double ORIENTATION_ERROR = 1e-15;
    /** Padding of cell rectangles, degrees: far above coordinate rounding, far below any camera spacing that matters. */
    private static final double CELL_PAD_DEGREES = 1e-9;

    private final int cameraCount;
    private final IndexColumns columns;
    /** Longitude and latitude per ordinal, {@link IndexColumns#COORDINATE_BYTES} each. */
    private final DirectBuffer coordinates;
    private final CellTree tree;
    /**
     * {@link #coordinates} for the edge scan, which checks its whole range once and then reads
     * through {@link UnsafeAccess} unchecked (Agrona checks every read, which cost about 5% of a
     * query in a same-JVM A/B): the backing array ({@code null} off-heap) and address.
     */
    private final byte[] coordinateArray;
    private final long coordinateAddress;
    /** The camera rows, read unchecked by the view pass's scan in the same way. */
    private final byte[] cameraArray;
    private final long cameraAddress;

    CellDescent(IndexColumns columns, CellTree tree) {
        this.columns = columns;
        this.cameraCount = columns.cameraCount();
        this.coordinates = columns.coordinates();
        this.tree = tree;
        this.coordinateArray = coordinates.byteArray();
        this.coordinateAddress = coordinates.addressOffset();
        this.cameraArray = columns.cameras().byteArray();
        this.cameraAddress = columns.cameras().addressOffset();
    }

    /** Collects the cameras {@code m} covers into the spans of {@code s}, in ascending order. */
    void collect(SpatialMatcher m, QueryScratch s) {
        if (cameraCount == 0 || m.boxEmpty()) {
            return;
        }
        descend(m, s, m.boxMinX(), m.boxMaxX(), m.boxMinY(), m.boxMaxY(), -1, null);
    }

    /**
     * The view pass: collects the cameras with a view, standing within {@code rangeMeters} of the
     * polygon area {@code m}, whose sector meets one of its edges, into the viewer spans of
     * {@code s}, in ascending order. Cells whose every camera's sector stays clear of the area
     * (the cell grown by the range misses it) or lies inside it (those cameras stand in the area,
     * which the spatial pass found) need no camera test; in the others, only the edges that meet
     * the grown cell are tested. No camera the spatial pass found (it stands in the area) gets a
     * sector test, nor one whose row shows no footage the window touches (and which the overlay does
     * not decide), which could not match whatever it sees; nor one that no edge comes near, by a
     * bound without trigonometry ({@link ViewSector#mayReachPrepared}). The spatial pass must have
     * filled the spans of {@code s}.
     *
     * @param rangeMeters the longest range of any view in the index
     * @param overlay the changes laid over this index, or {@code null}; its footage tables must be
     *     set in {@code s} ({@link FootagePass#prepare})
     */
    void collectViewers(SpatialMatcher m, QueryScratch s, double rangeMeters, Overlay overlay) {
        if (cameraCount == 0 || m.boxEmpty()) {
            return;
        }
        double dLat = rangeMeters / ViewSector.METERS_PER_DEGREE;
        double minLat = Math.max(-90, m.minLat() - dLat);
        double maxLat = Math.min(90, m.maxLat() + dLat);
        double dLon = ViewSector.lonMarginDegrees(Math.max(Math.abs(minLat), Math.abs(maxLat)), rangeMeters);
        s.rewindSpans();
        descend(m, s, MortonCode.quantizeLon(Math.max(-180, m.minLon() - dLon)), MortonCode.quantizeLon(Math.min(180, m.maxLon() + dLon)),
            MortonCode.quantizeLat(minLat), MortonCode.quantizeLat(maxLat), rangeMeters, overlay);
    }

    /**
     * Walks from the cells that enclose a quantised box: the spatial pass ({@code rangeMeters}
     * negative) or the view pass.
     */
    private void descend(SpatialMatcher m, QueryScratch s, int qx0, int qx1, int qy0, int qy1, double rangeMeters, Overlay overlay) {
        // Deepest level whose cells are at least as large as the box: it meets at most 2 x 2 cells.
        long extent = Math.max(qx1 - qx0, qy1 - qy0) + 1L;
        int level = Math.max(0, MortonCode.BITS - (Long.SIZE - Long.numberOfLeadingZeros(extent - 1)));
        int shift = MortonCode.BITS - level;
        int cx0 = qx0 >>> shift;
        int cx1 = qx1 >>> shift;
        int cy0 = qy0 >>> shift;
        int cy1 = qy1 >>> shift;
        assert cx1 - cx0 <= 1 && cy1 - cy0 <= 1;
        long[] starts = s.startKeys;
        int[] cells = s.startCells;
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
                if (rangeMeters < 0) {
                    visit(m, s, l, x, y, node, lo, hi, -1);
                } else {
                    visitViewers(m, s, l, x, y, node, lo, hi, rangeMeters, -1, overlay);
                }
                lastLevel = l;
                lastX = x;
                lastY = y;
            }
        }
    }

    /**
     * Matches the cameras {@code [lo, hi)} of cell {@code (cx, cy)} at {@code level}, whose tree node
     * is {@code node} ({@link CellTree#NONE} if the cell is too small or too deep to have one). A
     * cell whose parent's classification carried edges is classified among the {@code amongCount}
     * of them kept in {@link QueryScratch#levelEdges} for the parent's level; with {@code amongCount}
     * -1, among all edges.
     */
    private void visit(SpatialMatcher m, QueryScratch s, int level, int cx, int cy, int node, int lo, int hi, int amongCount) {
        if (lo >= hi) {
            return;
        }
        int shift = MortonCode.BITS - level;
        double x0 = MortonCode.lonOf((long) cx << shift) - CELL_PAD_DEGREES;
        double x1 = MortonCode.lonOf(((long) cx + 1) << shift) + CELL_PAD_DEGREES;
        double y0 = MortonCode.latOf((long) cy << shift) - CELL_PAD_DEGREES;
        double y1 = MortonCode.latOf(((long) cy + 1) << shift) + CELL_PAD_DEGREES;
        int classification = amongCount < 0 ? m.classify(x0, y0, x1, y1, s.cellEdges)
            : m.classifyAmong(x0, y0, x1, y1, s.levelEdges, (level - 1) * SpatialMatcher.MAX_CELL_EDGES, amongCount, s.cellEdges);
        int kind = SpatialMatcher.kindOf(classification);
        if (kind == SpatialMatcher.OUTSIDE) {
            return;
        }
        if (kind == SpatialMatcher.INSIDE) {
            s.addSpan(lo, hi);
            return;
        }
        if (kind == SpatialMatcher.EDGES && (node == CellTree.NONE || hi - lo <= EDGE_LEAF_CAMERAS)) {
            scanBesideEdges(m, SpatialMatcher.edgeCountOf(classification), s, lo, hi, x0, y0, x1, y1);
            return;
        }
        if (node == CellTree.NONE) {
            for (int o = lo; o < hi; o++) {
                int at = o * IndexColumns.COORDINATE_BYTES;
                if (m.covers(coordinates.getDouble(at + IndexColumns.LAT_OFFSET), coordinates.getDouble(at + IndexColumns.LON_OFFSET))) {
                    s.addSpan(o, o + 1);
                }
            }
            return;
        }
        // The children of a cell that few edges cut are classified among those edges only.
        int childAmong = -1;
        int levelAt = level * SpatialMatcher.MAX_CELL_EDGES;
        if (kind == SpatialMatcher.EDGES) {
            childAmong = SpatialMatcher.edgeCountOf(classification);
            System.arraycopy(s.cellEdges, 0, s.levelEdges, levelAt, childAmong);
        }
        int x = cx << 1;
        int y = cy << 1;
        for (int quadrant = 0; quadrant < 4; quadrant++) {
            visit(m, s, level + 1, x + (quadrant & 1), y + (quadrant >>> 1), tree.childNode(node, quadrant, level, lo, hi),
                tree.childLo(node, quadrant, lo), tree.childHi(node, quadrant, hi), childAmong);
        }
    }

    /**
     * {@link #visit} for the view pass: the cell grown by the range decides whether any camera in it
     * can see the area (a grown cell inside the area holds only cameras standing in it, which the
     * spatial pass has). A cell is split until it holds {@value #EDGE_LEAF_CAMERAS} cameras or
     * fewer, or has no node, and then scanned: splitting further costs more classifications than
     * it saves camera tests (each camera is first tested by cheap filters). As in {@link #visit}, a
     * cell whose parent's grown cell only a few edges met is classified among those edges only.
     */
    private void visitViewers(SpatialMatcher m, QueryScratch s, int level, int cx, int cy, int node, int lo, int hi, double rangeMeters,
                              int amongCount, Overlay overlay) {
        if (lo >= hi) {
            return;
        }
        int shift = MortonCode.BITS - level;
        double x0 = MortonCode.lonOf((long) cx << shift) - CELL_PAD_DEGREES;
        double x1 = MortonCode.lonOf(((long) cx + 1) << shift) + CELL_PAD_DEGREES;
        double y0 = MortonCode.latOf((long) cy << shift) - CELL_PAD_DEGREES;
        double y1 = MortonCode.latOf(((long) cy + 1) << shift) + CELL_PAD_DEGREES;
        double dLat = rangeMeters / ViewSector.METERS_PER_DEGREE;
        double dLon = ViewSector.lonMarginDegrees(Math.max(Math.abs(y0), Math.abs(y1)) + dLat, rangeMeters);
        int parentAt = (level - 1) * SpatialMatcher.MAX_CELL_EDGES;
        int grown = amongCount < 0 ? m.classify(x0 - dLon, y0 - dLat, x1 + dLon, y1 + dLat, s.cellEdges)
            : m.classifyAmong(x0 - dLon, y0 - dLat, x1 + dLon, y1 + dLat, s.levelEdges, parentAt, amongCount, s.cellEdges);
        int kind = SpatialMatcher.kindOf(grown);
        if (kind == SpatialMatcher.OUTSIDE || kind == SpatialMatcher.INSIDE) {
            // No sector reaches the area, or every camera here stands in it (the spatial pass has those).
            return;
        }
        int edgeCount = kind == SpatialMatcher.EDGES ? SpatialMatcher.edgeCountOf(grown) : -1;
        if (node == CellTree.NONE || hi - lo <= EDGE_LEAF_CAMERAS) {
            scanViewers(m, s, lo, hi, edgeCount < 0 ? null : s.cellEdges, Math.max(0, edgeCount), overlay,
                ViewSector.lonMetersLowerBound(Math.max(Math.abs(y0), Math.abs(y1))));
            return;
        }
        if (edgeCount > 0) {
            System.arraycopy(s.cellEdges, 0, s.levelEdges, level * SpatialMatcher.MAX_CELL_EDGES, edgeCount);
        }
        int x = cx << 1;
        int y = cy << 1;
        for (int quadrant = 0; quadrant < 4; quadrant++) {
            visitViewers(m, s, level + 1, x + (quadrant & 1), y + (quadrant >>> 1), tree.childNode(node, quadrant, level, lo, hi),
                tree.childLo(node, quadrant, lo), tree.childHi(node, quadrant, hi), rangeMeters, edgeCount, overlay);
        }
    }

    /**
     * Tests each eligible camera with a view in {@code [lo, hi)} that may hold footage in the window
     * against the given edges (all, if {@code null}), in two loops: the first reads only the rows
     * and keeps the candidates, without a branch on their verdicts (whether a camera has a view,
     * and footage in the window, is a coin toss to the branch predictor); the second reads the
     * candidates' coordinates and views and tests them, range filter first.
     *
     * @param lonMetersLow a lower bound of metres per degree of longitude for every camera of the cell
     */
    private void scanViewers(SpatialMatcher m, QueryScratch s, int lo, int hi, int[] edges, int count, Overlay overlay,
                             double lonMetersLow) {
        columns.requireVerified(lo, hi);
        DirectBuffer rows = columns.cameras();
        rows.boundsCheck(lo * IndexColumns.CAMERA_BYTES, (hi - lo) * IndexColumns.CAMERA_BYTES);
        coordinates.boundsCheck(lo * IndexColumns.COORDINATE_BYTES, (hi - lo) * IndexColumns.COORDINATE_BYTES);
        long[] touched = s.touchedSlots;
        int[] candidates = s.viewCandidates;
        if (candidates.length < hi - lo) {
            candidates = new int[hi - lo];
            s.viewCandidates = candidates;
        }
        int n = 0;
        for (int o = lo; o < hi; o++) {
            // A camera standing in the area is in the answer already.
            if (s.inSpans(o)) {
                continue;
            }
            long row = cameraAddress + (long) o * IndexColumns.CAMERA_BYTES;
            int attr = UnsafeAccess.UNSAFE.getShort(cameraArray, row + IndexColumns.ATTRS_OFFSET);
            int window = FootagePass.touchesWindow(attr, UnsafeAccess.UNSAFE.getLong(cameraArray, row + IndexColumns.MASK_OFFSET),
                UnsafeAccess.UNSAFE.getLong(cameraArray, row + IndexColumns.MASK_OFFSET + Long.BYTES), touched);
            // The overlay may hold footage its row does not show.
            if (overlay != null && overlay.changedSlot(o) >= 0) {
                window = 1;
            }
            // 1 if it has a view and is eligible (an ineligible camera could never match), else 0:
            // the flags are bits of a 16-bit value, so only exactly ATTR_VIEW leaves zero.
            int viewer = (((attr & (IndexColumns.ATTR_VIEW | IndexColumns.ATTR_INELIGIBLE)) ^ IndexColumns.ATTR_VIEW) - 1) >>> 31;
            // Kept when it may also hold footage in the window: always written, counted only if kept.
            candidates[n] = o;
            n += window & viewer;
        }
        Reference.reachabilityFence(rows);
        if (n == 0) {
            return;
        }
        // A cell met by more edges than a classification keeps (edges null, rare) goes to the exact test at once.
        double[] reach = s.cellLines;
        if (edges != null) {
            ViewSector.prepareReach(m, edges, count, lonMetersLow, reach);
        }
        for (int i = 0; i < n; i++) {
            int o = candidates[i];
            long at = coordinateAddress + (long) o * IndexColumns.COORDINATE_BYTES;
            double lat = UnsafeAccess.UNSAFE.getDouble(coordinateArray, at + IndexColumns.LAT_OFFSET);
            double lon = UnsafeAccess.UNSAFE.getDouble(coordinateArray, at + IndexColumns.LON_OFFSET);
            long view = columns.view(o);
            if ((edges == null || ViewSector.mayReachPrepared(reach, count, lat, lon, CameraView.rangeMillimeters(view) / 1000.0,
                lonMetersLow)) && ViewSector.meetsEdges(m, edges, count, lat, lon, view)) {
                s.addViewerSpan(o, o + 1);
            }
        }
        Reference.reachabilityFence(coordinates);
    }

    /**
     * The cameras of a cell that only the lines of {@code count} edges (in {@link QueryScratch#cellEdges})
     * may cut. Cameras strictly off every line, on the same side of each, are covered alike: the
     * first camera met with each such side pattern gets the exact point test, which decides the
     * others. A camera too close to a line for the floating-point orientation to be trusted gets
     * the exact point test itself.
     */
    private void scanBesideEdges(SpatialMatcher m, int count, QueryScratch s, int lo, int hi, double x0, double y0, double x1, double y1) {
        double[] lines = s.cellLines;
        int[] edges = s.cellEdges;
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
        int[] spans = s.reserveSpans(2 * (hi - lo));
        int k = s.spanInts();
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
        s.setSpanInts(k);
        Reference.reachabilityFence(coordinates);
    }

    /**
     * @param x not -0.0: callers pass a bound of at least +0.0 plus or minus a determinant, which
     *     rounds to -0.0 only if both are zeros of opposite sign, and the bound is never -0.0
     * @return 1 if {@code x} is negative, else 0, without a branch
     */
    private static int negative(double x) {
        return (int) (Double.doubleToRawLongBits(x) >>> 63);
    }
}
