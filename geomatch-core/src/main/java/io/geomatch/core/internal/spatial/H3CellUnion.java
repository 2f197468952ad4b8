package io.geomatch.core.internal.spatial;

import com.uber.h3core.H3Core;
import com.uber.h3core.util.LatLng;

import java.util.List;

/**
 * The cells of one resolution in an H3 cell set, decided without h3-java wherever its answer is
 * certain: an {@link OutlineGrid} of the planar {@link H3CellOutline} of their union, with the
 * outline's margin. A point farther than the margin from the outline is decided by the grid
 * (covered, or not), most with one array read; a rectangle the grid finds wholly inside or
 * outside is decided whole. Only points within the margin of the outline, and points in the box
 * of a cell left out of the outline (across the antimeridian or holding a pole), are left to
 * {@code latLngToCell}.
 *
 * <p>Immutable and thread-safe; the query methods do not allocate.
 */
final class H3CellUnion {
    /** Arc steps per edge for the box of a cell left out of the outline. */
    private static final int BOX_EDGE_STEPS = 16;

    /** The cells' resolution. */
    final int resolution;
    /** Every cell of this resolution in the set, ascending. */
    private final long[] cells;
    /** The outline as a grid, or null if every cell was left out. */
    private final OutlineGrid grid;
    /** The margin, degrees: h3-java's boundary lies within it of the outline. */
    final double marginDegrees;
    /** Four values per cell left out of the outline: a padded box holding it. */
    private final double[] leftOutBoxes;
    /** A box holding every point the cells cover: west, south, east, north. */
    final double[] box;

    private H3CellUnion(int resolution, long[] cells, H3CellOutline outline, double[] leftOutBoxes) {
        this.resolution = resolution;
        this.cells = cells;
        this.grid = outline.rings.isEmpty() ? null : OutlineGrid.of(outline.rings, outline.marginDegrees);
        this.marginDegrees = outline.marginDegrees;
        this.leftOutBoxes = leftOutBoxes;
        double[] b = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (double[] ring : outline.rings) {
            for (int k = 0; k < ring.length; k += 2) {
                b[0] = Math.min(b[0], ring[k] - marginDegrees);
                b[1] = Math.min(b[1], ring[k + 1] - marginDegrees);
                b[2] = Math.max(b[2], ring[k] + marginDegrees);
                b[3] = Math.max(b[3], ring[k + 1] + marginDegrees);
            }
        }
        b[0] = Math.max(-180, b[0]);
        b[1] = Math.max(-90, b[1]);
        b[2] = Math.min(180, b[2]);
        b[3] = Math.min(90, b[3]);
        for (int i = 0; i < leftOutBoxes.length; i += 4) {
            b[0] = Math.min(b[0], leftOutBoxes[i]);
            b[1] = Math.min(b[1], leftOutBoxes[i + 1]);
            b[2] = Math.max(b[2], leftOutBoxes[i + 2]);
            b[3] = Math.max(b[3], leftOutBoxes[i + 3]);
        }
        this.box = b;
    }

    /**
     * @param h3 h3-java
     * @param cells distinct valid cells of one resolution, ascending
     * @return the union
     */
    static H3CellUnion of(H3Core h3, long[] cells) {
        H3CellOutline outline = H3CellOutline.of(h3, cells);
        double[] boxes = new double[4 * outline.leftOut.length];
        for (int i = 0; i < outline.leftOut.length; i++) {
            boundingBox(h3, outline.leftOut[i], boxes, 4 * i);
        }
        return new H3CellUnion(h3.getResolution(cells[0]), cells, outline, boxes);
    }

    /**
     * @param latDegrees latitude of a point
     * @param lonDegrees longitude
     * @return {@link SpatialMatcher#INSIDE} if a cell covers it, {@link SpatialMatcher#OUTSIDE} if
     *     none does, {@link SpatialMatcher#BOUNDARY} if only h3-java can tell
     */
    int locate(double latDegrees, double lonDegrees) {
        if (grid != null) {
            int where = grid.locate(lonDegrees, latDegrees);
            if (where == OutlineGrid.INSIDE) {
                return SpatialMatcher.INSIDE;
            }
            if (where == OutlineGrid.NEAR) {
                return SpatialMatcher.BOUNDARY;
            }
        }
        return leftOutTouch(lonDegrees, latDegrees, lonDegrees, latDegrees) ? SpatialMatcher.BOUNDARY : SpatialMatcher.OUTSIDE;
    }

    /**
     * Classifies a closed rectangle: {@link SpatialMatcher#INSIDE}, {@link SpatialMatcher#OUTSIDE}
     * or {@link SpatialMatcher#BOUNDARY}, as {@link SpatialMatcher#classify} requires.
     */
    int classify(double x0, double y0, double x1, double y1) {
        if (grid != null) {
            int where = grid.classify(x0, y0, x1, y1);
            if (where == OutlineGrid.INSIDE) {
                return SpatialMatcher.INSIDE;
            }
            if (where == OutlineGrid.NEAR) {
                return SpatialMatcher.BOUNDARY;
            }
        }
        return leftOutTouch(x0, y0, x1, y1) ? SpatialMatcher.BOUNDARY : SpatialMatcher.OUTSIDE;
    }

    /** @return how many edges the outline has (0 if every cell was left out) */
    int outlineEdges() {
        return grid == null ? 0 : grid.edgeCount();
    }

    /** @return whether the cell is one of this resolution's */
    boolean holds(long cell) {
        return java.util.Arrays.binarySearch(cells, cell) >= 0;
    }

    private boolean leftOutTouch(double x0, double y0, double x1, double y1) {
        double[] b = leftOutBoxes;
        for (int i = 0; i < b.length; i += 4) {
            if (x1 >= b[i] && x0 <= b[i + 2] && y1 >= b[i + 1] && y0 <= b[i + 3]) {
                return true;
            }
        }
        return false;
    }

    /** A box holding a cell: its boundary densified along the arcs, padded; every longitude across the antimeridian or at a pole. */
    private static void boundingBox(H3Core h3, long cell, double[] out, int at) {
        List<LatLng> boundary = h3.cellToBoundary(cell);
        double x0 = Double.POSITIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        int n = boundary.size();
        for (int v = 0; v < n; v++) {
            LatLng a = boundary.get(v);
            LatLng b = boundary.get((v + 1) % n);
            double[] pa = H3CellOutline.unit(a.lat, a.lng);
            double[] pb = H3CellOutline.unit(b.lat, b.lng);
            for (int s = 0; s <= BOX_EDGE_STEPS; s++) {
                double t = (double) s / BOX_EDGE_STEPS;
                double x = pa[0] + t * (pb[0] - pa[0]);
                double y = pa[1] + t * (pb[1] - pa[1]);
                double z = pa[2] + t * (pb[2] - pa[2]);
                double lat = Math.toDegrees(Math.atan2(z, Math.hypot(x, y)));
                double lon = Math.toDegrees(Math.atan2(y, x));
                x0 = Math.min(x0, lon);
                x1 = Math.max(x1, lon);
                y0 = Math.min(y0, lat);
                y1 = Math.max(y1, lat);
            }
        }
        double padLat = (y1 - y0) * 0.02 + 1e-7;
        double padLon = (x1 - x0) * 0.02 + 1e-7;
        y0 = Math.max(-90, y0 - padLat);
        y1 = Math.min(90, y1 + padLat);
        int res = h3.getResolution(cell);
        boolean north = h3.latLngToCell(90, 0, res) == cell;
        boolean south = h3.latLngToCell(-90, 0, res) == cell;
        if (x1 - x0 > 180 || north || south) {
            x0 = -180;
            x1 = 180;
            y1 = north ? 90 : y1;
            y0 = south ? -90 : y0;
        } else {
            x0 = Math.max(-180, x0 - padLon);
            x1 = Math.min(180, x1 + padLon);
        }
        out[at] = x0;
        out[at + 1] = y0;
        out[at + 2] = x1;
        out[at + 3] = y1;
    }
}
