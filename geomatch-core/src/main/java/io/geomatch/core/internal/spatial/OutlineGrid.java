package io.geomatch.core.internal.spatial;

import java.util.Arrays;
import java.util.List;

/**
 * Point location and rectangle classification for planar closed rings (an outline, inside by
 * crossing parity) with a margin: a regular grid over the rings' box in which each cell is known to
 * lie wholly inside the rings, wholly outside them, or near them (an edge comes within the margin,
 * plus a millionth of a cell, of the cell). Most points are decided with one array read and most
 * rectangles with four (summed-area counts), where an edge index would search edges.
 *
 * <p>Building: each edge marks, row by row, the cells that the part of it within the row (grown
 * by the reach) comes near; every other cell of a row takes the crossing parity of the row's
 * centre line at the cell's centre, which no edge comes near. Consecutive near cells of a row form
 * a <em>run</em>, which keeps the edges that come near any of its cells, and the state of the cell
 * east of it (outside, past the grid's east side).
 *
 * <p>A point in a near cell is {@link #NEAR} if an edge of its run comes within the margin of it
 * (its square of half-side margin meets the edge); otherwise the crossing-number rule along the
 * ray east from it to the end of its run (where it meets no edge: the next cell has none near),
 * counted over the run's edges with the half-open rule on y, and the state of the cell there,
 * decide it. Every edge that the ray crosses before the run ends comes near a cell of the run,
 * so it is among the run's edges. Coordinates that round into a neighbouring cell lie within a
 * millionth of a cell of it, which the reach allows for.
 *
 * <p>Immutable and thread-safe; {@link #locate} and {@link #classify} do not allocate.
 */
final class OutlineGrid {
    /** The point, or every point of the rectangle, lies outside the rings, farther than the margin from every edge. */
    static final int OUTSIDE = 0;
    /** The point, or every point of the rectangle, lies inside the rings, farther than the margin from every edge. */
    static final int INSIDE = 1;
    /** An edge may come within the margin of the point, or of a point of the rectangle. */
    static final int NEAR = 2;
    /** Most cells a grid has. */
    static final int MAX_CELLS = 4096;
    /** Cells per edge, before {@link #MAX_CELLS} caps them. */
    private static final int CELLS_PER_EDGE = 16;
    private static final int MIN_CELLS = 256;
    /** A cell's entry in {@link #cells} for an outside cell; inside is {@link #INSIDE_CELL}; a near cell holds its run. */
    private static final int OUTSIDE_CELL = -1;
    private static final int INSIDE_CELL = -2;

    private final double x0;
    private final double y0;
    /** Cells per degree of longitude and of latitude. */
    private final double perLon;
    private final double perLat;
    private final int columns;
    private final int rows;
    private final double margin;
    /** Per cell, row by row: {@link #OUTSIDE_CELL}, {@link #INSIDE_CELL}, or the number of its run. */
    private final int[] cells;
    /**
     * Summed-area table, {@code (rows + 1) x (columns + 1)}: inside cells times 2^16 plus cells
     * that are not outside, over the cells below and left of each corner.
     */
    private final int[] sums;
    /** Per run: whether the cell east of it is inside. */
    private final boolean[] runEndsInside;
    /** CSR: the edges of run {@code r} are {@code runEdges[runStart[r] .. runStart[r+1])}. */
    private final int[] runStart;
    private final int[] runEdges;
    /** Per edge: start x, start y, end x, end y. */
    private final double[] edges;

    private OutlineGrid(double x0, double y0, double cellWidth, double cellHeight, int columns, int rows, double margin, int[] cells,
                        boolean[] runEndsInside, int[] runStart, int[] runEdges, double[] edges) {
        this.x0 = x0;
        this.y0 = y0;
        this.perLon = 1 / cellWidth;
        this.perLat = 1 / cellHeight;
        this.columns = columns;
        this.rows = rows;
        this.margin = margin;
        this.cells = cells;
        this.runEndsInside = runEndsInside;
        this.runStart = runStart;
        this.runEdges = runEdges;
        this.edges = edges;
        this.sums = new int[(rows + 1) * (columns + 1)];
        for (int r = 0; r < rows; r++) {
            int rowSum = 0;
            for (int c = 0; c < columns; c++) {
                int cell = cells[r * columns + c];
                rowSum += (cell == INSIDE_CELL ? 1 << 16 : 0) + (cell != OUTSIDE_CELL ? 1 : 0);
                sums[(r + 1) * (columns + 1) + c + 1] = sums[r * (columns + 1) + c + 1] + rowSum;
            }
        }
    }

    /**
     * @param rings closed rings, each as lon, lat pairs whose last point repeats the first; at least one
     * @param marginDegrees the margin, above 0
     * @return the grid over the rings' box grown by the margin
     */
    static OutlineGrid of(List<double[]> rings, double marginDegrees) {
        int edgeCount = 0;
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (double[] ring : rings) {
            edgeCount += ring.length / 2 - 1;
            for (int k = 0; k < ring.length; k += 2) {
                minX = Math.min(minX, ring[k]);
                maxX = Math.max(maxX, ring[k]);
                minY = Math.min(minY, ring[k + 1]);
                maxY = Math.max(maxY, ring[k + 1]);
            }
        }
        double[] edges = new double[4 * edgeCount];
        int e = 0;
        for (double[] ring : rings) {
            for (int k = 0; k + 3 < ring.length; k += 2, e += 4) {
                System.arraycopy(ring, k, edges, e, 4);
            }
        }
        double gx0 = minX - marginDegrees;
        double gy0 = minY - marginDegrees;
        double width = maxX + marginDegrees - gx0;
        double height = maxY + marginDegrees - gy0;
        int target = Math.max(MIN_CELLS, Math.min(MAX_CELLS, CELLS_PER_EDGE * edgeCount));
        // Cells about square in degrees, at least one row and one column.
        double side = Math.sqrt(width * height / target);
        int columns = (int) Math.max(1, Math.min(target, Math.ceil(width / side)));
        int rows = (int) Math.max(1, Math.min(target / columns, Math.ceil(height / side)));
        return new Builder(edges, gx0, gy0, width / columns, height / rows, columns, rows, marginDegrees).build();
    }

    /** The passes that make a grid. */
    private static final class Builder {
        final double[] edges;
        final int edgeCount;
        final double gx0;
        final double gy0;
        final double cellWidth;
        final double cellHeight;
        final int columns;
        final int rows;
        final double margin;
        final double reach;

        Builder(double[] edges, double gx0, double gy0, double cellWidth, double cellHeight, int columns, int rows, double margin) {
            this.edges = edges;
            this.edgeCount = edges.length / 4;
            this.gx0 = gx0;
            this.gy0 = gy0;
            this.cellWidth = cellWidth;
            this.cellHeight = cellHeight;
            this.columns = columns;
            this.rows = rows;
            this.margin = margin;
            this.reach = margin + 1e-6 * Math.max(cellWidth, cellHeight);
        }

        OutlineGrid build() {
            int[] cells = new int[columns * rows];
            Arrays.fill(cells, OUTSIDE_CELL);
            // Pass 1: near cells, marked 0 for now.
            forEachReach((edge, r, c0, c1) -> Arrays.fill(cells, r * columns + c0, r * columns + c1 + 1, 0));
            // Pass 2: the other cells of each row by the parity of the row's centre line.
            double[][] crossings = rowCrossings();
            for (int r = 0; r < rows; r++) {
                double[] xs = crossings[r];
                int left = 0;
                for (int c = 0; c < columns; c++) {
                    double centre = gx0 + (c + 0.5) * cellWidth;
                    while (left < xs.length && xs[left] < centre) {
                        left++;
                    }
                    int at = r * columns + c;
                    if (cells[at] == OUTSIDE_CELL && (left & 1) == 1) {
                        cells[at] = INSIDE_CELL;
                    }
                }
            }
            // Pass 3: runs of near cells, each with the state of the cell east of it.
            int runs = 0;
            boolean[] endsInside = new boolean[columns * rows];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < columns; ) {
                    int at = r * columns + c;
                    if (cells[at] < 0) {
                        c++;
                        continue;
                    }
                    int end = c;
                    while (end < columns && cells[r * columns + end] >= 0) {
                        cells[r * columns + end] = runs;
                        end++;
                    }
                    endsInside[runs] = end < columns && cells[r * columns + end] == INSIDE_CELL;
                    runs++;
                    c = end;
                }
            }
            // Pass 4: each run's edges; an edge's near cells within one row are consecutive, so in one run.
            int[] runStart = new int[runs + 1];
            forEachReach((edge, r, c0, c1) -> runStart[cells[r * columns + c0] + 1]++);
            for (int k = 0; k < runs; k++) {
                runStart[k + 1] += runStart[k];
            }
            int[] runEdges = new int[runStart[runs]];
            int[] fill = Arrays.copyOf(runStart, runs);
            forEachReach((edge, r, c0, c1) -> runEdges[fill[cells[r * columns + c0]]++] = edge);
            return new OutlineGrid(gx0, gy0, cellWidth, cellHeight, columns, rows, margin, cells, Arrays.copyOf(endsInside, runs), runStart,
                runEdges, edges);
        }

        /** Receives, for an edge and a row it comes near, the columns it comes near. */
        private interface ReachVisitor {
            void visit(int edge, int row, int firstColumn, int lastColumn);
        }

        /** Visits, for every edge and row, the cells the part of the edge within the row grown by the reach comes near. */
        private void forEachReach(ReachVisitor visitor) {
            for (int e = 0; e < edgeCount; e++) {
                double ax = edges[4 * e];
                double ay = edges[4 * e + 1];
                double bx = edges[4 * e + 2];
                double by = edges[4 * e + 3];
                double low = Math.min(ay, by);
                double high = Math.max(ay, by);
                int lastRow = rowOf(high + reach);
                for (int r = rowOf(low - reach); r <= lastRow; r++) {
                    double partLow = Math.max(low, gy0 + r * cellHeight - reach);
                    double partHigh = Math.min(high, gy0 + (r + 1) * cellHeight + reach);
                    double xa;
                    double xb;
                    if (ay == by) {
                        xa = ax;
                        xb = bx;
                    } else {
                        xa = ax + (partLow - ay) * (bx - ax) / (by - ay);
                        xb = ax + (partHigh - ay) * (bx - ax) / (by - ay);
                    }
                    visitor.visit(e, r, columnOf(Math.min(xa, xb) - reach), columnOf(Math.max(xa, xb) + reach));
                }
            }
        }

        /** @return per row, the x of every edge crossing of its centre line (half-open on y), ascending */
        private double[][] rowCrossings() {
            int[] counts = new int[rows];
            for (int pass = 0; pass < 2; pass++) {
                double[][] xs = pass == 0 ? null : new double[rows][];
                if (xs != null) {
                    for (int r = 0; r < rows; r++) {
                        xs[r] = new double[counts[r]];
                        counts[r] = 0;
                    }
                }
                for (int e = 0; e < edgeCount; e++) {
                    double ax = edges[4 * e];
                    double ay = edges[4 * e + 1];
                    double bx = edges[4 * e + 2];
                    double by = edges[4 * e + 3];
                    int lastRow = rowOf(Math.max(ay, by));
                    for (int r = rowOf(Math.min(ay, by)); r <= lastRow; r++) {
                        double centre = gy0 + (r + 0.5) * cellHeight;
                        if ((ay > centre) != (by > centre)) {
                            if (xs != null) {
                                xs[r][counts[r]] = ax + (centre - ay) * (bx - ax) / (by - ay);
                            }
                            counts[r]++;
                        }
                    }
                }
                if (xs != null) {
                    for (double[] row : xs) {
                        Arrays.sort(row);
                    }
                    return xs;
                }
            }
            throw new AssertionError();
        }

        private int rowOf(double y) {
            return (int) Math.max(0, Math.min(rows - 1, Math.floor((y - gy0) / cellHeight)));
        }

        private int columnOf(double x) {
            return (int) Math.max(0, Math.min(columns - 1, Math.floor((x - gx0) / cellWidth)));
        }
    }

    /**
     * @param x longitude of a point, degrees
     * @param y latitude
     * @return {@link #INSIDE}, {@link #OUTSIDE}, or {@link #NEAR} if an edge comes within the margin of it
     */
    int locate(double x, double y) {
        double fx = (x - x0) * perLon;
        double fy = (y - y0) * perLat;
        if (!(fx >= 0 && fx < columns && fy >= 0 && fy < rows)) {
            return OUTSIDE;
        }
        int run = cells[(int) fy * columns + (int) fx];
        if (run < 0) {
            return run == INSIDE_CELL ? INSIDE : OUTSIDE;
        }
        double m = margin;
        int crossings = 0;
        for (int k = runStart[run], end = runStart[run + 1]; k < end; k++) {
            int e = 4 * runEdges[k];
            double ax = edges[e];
            double ay = edges[e + 1];
            double bx = edges[e + 2];
            double by = edges[e + 3];
            if (PolygonMatcher.segmentTouches(ax, ay, bx, by, x - m, y - m, x + m, y + m)) {
                return NEAR;
            }
            // The edge is farther than the margin from the point, so where it crosses the point's
            // parallel (if it does) is too: the side is clear of rounding.
            if ((ay > y) != (by > y) && ax + (y - ay) * (bx - ax) / (by - ay) > x) {
                crossings++;
            }
        }
        return ((crossings & 1) == 1) != runEndsInside[run] ? INSIDE : OUTSIDE;
    }

    /**
     * @param rx0 western edge of a closed rectangle, degrees
     * @param ry0 southern edge
     * @param rx1 eastern edge
     * @param ry1 northern edge
     * @return {@link #INSIDE} if inside cells hold the whole rectangle, {@link #OUTSIDE} if it meets
     *     only outside cells (or none), else {@link #NEAR}
     */
    int classify(double rx0, double ry0, double rx1, double ry1) {
        double fx0 = (rx0 - x0) * perLon;
        double fy0 = (ry0 - y0) * perLat;
        double fx1 = (rx1 - x0) * perLon;
        double fy1 = (ry1 - y0) * perLat;
        if (!(fx1 >= 0 && fx0 < columns && fy1 >= 0 && fy0 < rows)) {
            return OUTSIDE;
        }
        boolean withinGrid = fx0 >= 0 && fx1 < columns && fy0 >= 0 && fy1 < rows;
        int c0 = (int) Math.max(0, fx0);
        int r0 = (int) Math.max(0, fy0);
        int c1 = (int) Math.min(columns - 1, fx1);
        int r1 = (int) Math.min(rows - 1, fy1);
        int stride = columns + 1;
        int counts = sums[(r1 + 1) * stride + c1 + 1] - sums[r0 * stride + c1 + 1] - sums[(r1 + 1) * stride + c0] + sums[r0 * stride + c0];
        if ((counts & 0xFFFF) == 0) {
            return OUTSIDE;
        }
        if (withinGrid && counts >>> 16 == (c1 - c0 + 1) * (r1 - r0 + 1)) {
            return INSIDE;
        }
        return NEAR;
    }

    /** @return how many edges the rings have */
    int edgeCount() {
        return edges.length / 4;
    }
}
