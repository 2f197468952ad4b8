package io.geomatch.core.internal.spatial;

import org.locationtech.jts.algorithm.CGAlgorithmsDD;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

import java.util.ArrayList;
import java.util.List;

/**
 * Planar point-in-polygon matching in (x = lon, y = lat) degrees that agrees exactly with JTS
 * {@code Geometry.covers(Point)}: boundary inclusive, holes excluded.
 *
 * <p>The edges of every ring are kept once, in one flat array; each polygon component is a run of
 * them. A point is located with the crossing-number rule that JTS uses ({@code RayCrossingCounter})
 * and the same robust orientation predicate ({@link CGAlgorithmsDD#orientationIndex(double, double, double, double, double, double)}),
 * so points exactly on edges and vertices are decided identically. Components with many edges get
 * a band index on y: edges are filed under every horizontal band they span, and a point only
 * looks at the edges of its band, which is exact because the band function is monotone. A point
 * is covered if any component covers it, which is the union semantics of several features.
 *
 * <p>Rectangles are classified by the edges that may meet them, over all components: none (the
 * centre decides inside or outside), one to {@value #MAX_CELL_EDGES} ({@link #EDGES}: the boundary
 * within the rectangle lies on those edges' lines, and {@link #edgeCoordinate} gives their
 * endpoints), or more ({@link #BOUNDARY}). Edges are numbered across components in the order of
 * their rings.
 *
 * <p>Immutable and thread-safe; {@link #covers} and {@link #classify} do not allocate.
 */
public final class PolygonMatcher extends SpatialMatcher {
    private static final int BAND_THRESHOLD_EDGES = 24;
    private static final int MAX_BANDS = 4096;
    private static final int MAX_ENTRIES_PER_EDGE = 8;

    /** Returned by a component's edge search when more than {@value #MAX_CELL_EDGES} edges meet the rectangle. */
    private static final int TOO_MANY = -1;

    private final Component[] components;
    /** Every edge of every component, by global edge number: start x, start y, end x, end y. */
    private final double[] edges;

    private PolygonMatcher(Component[] components, double[] edges, double[] box) {
        super(box[0], box[1], box[2], box[3]);
        this.components = components;
        this.edges = edges;
    }

    private static double[] box(Component[] components) {
        double[] box = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (Component c : components) {
            box[0] = Math.min(box[0], c.minX);
            box[1] = Math.min(box[1], c.minY);
            box[2] = Math.max(box[2], c.maxX);
            box[3] = Math.max(box[3], c.maxY);
        }
        return box;
    }

    /**
     * Compiles the polygons of a geometry. The caller has validated it: only Polygon,
     * MultiPolygon and collections of them, each valid.
     *
     * @param geometry a non-empty areal geometry in (lon, lat) degrees
     * @return the matcher
     */
    public static PolygonMatcher of(Geometry geometry) {
        List<Polygon> polygons = new ArrayList<>();
        collect(geometry, polygons);
        if (polygons.isEmpty()) {
            throw new IllegalArgumentException("geometry has no polygon");
        }
        int edgeCount = 0;
        for (Polygon polygon : polygons) {
            edgeCount += edgeCount(polygon);
        }
        double[] edges = new double[4 * edgeCount];
        Component[] components = new Component[polygons.size()];
        int firstEdge = 0;
        for (int i = 0; i < components.length; i++) {
            Polygon polygon = polygons.get(i);
            int e = addRing(polygon.getExteriorRing(), firstEdge, edges);
            for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
                e = addRing(polygon.getInteriorRingN(h), e, edges);
            }
            components[i] = new Component(edges, firstEdge, e - firstEdge);
            firstEdge = e;
        }
        return new PolygonMatcher(components, edges, box(components));
    }

    private static int edgeCount(Polygon polygon) {
        int edges = edgeCount(polygon.getExteriorRing());
        for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
            edges += edgeCount(polygon.getInteriorRingN(h));
        }
        return edges;
    }

    private static int edgeCount(LinearRing ring) {
        return Math.max(0, ring.getNumPoints() - 1);
    }

    /** Writes the ring's edges from global edge {@code e} on; returns the edge after them. */
    private static int addRing(LinearRing ring, int e, double[] edges) {
        CoordinateSequence points = ring.getCoordinateSequence();
        for (int i = 0; i + 1 < points.size(); i++, e++) {
            edges[4 * e] = points.getX(i);
            edges[4 * e + 1] = points.getY(i);
            edges[4 * e + 2] = points.getX(i + 1);
            edges[4 * e + 3] = points.getY(i + 1);
        }
        return e;
    }

    private static void collect(Geometry geometry, List<Polygon> out) {
        if (geometry instanceof Polygon) {
            if (!geometry.isEmpty()) {
                out.add((Polygon) geometry);
            }
            return;
        }
        for (int i = 0; i < geometry.getNumGeometries(); i++) {
            Geometry part = geometry.getGeometryN(i);
            if (part == geometry) {
                throw new IllegalArgumentException("not an areal geometry: " + geometry.getGeometryType());
            }
            collect(part, out);
        }
    }

    @Override
    public boolean covers(double latDegrees, double lonDegrees) {
        for (Component c : components) {
            if (c.covers(lonDegrees, latDegrees)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int classify(double x0, double y0, double x1, double y1, int[] edges) {
        if (outsideBox(x0, y0, x1, y1)) {
            return OUTSIDE;
        }
        int count = 0;
        for (Component c : components) {
            count = c.touchingEdges(x0, y0, x1, y1, edges, count);
            if (count == TOO_MANY) {
                return BOUNDARY;
            }
        }
        return byEdges(count, x0, y0, x1, y1);
    }

    /** @return the classification of a rectangle that {@code count} edges (at most {@value #MAX_CELL_EDGES}) meet */
    private int byEdges(int count, double x0, double y0, double x1, double y1) {
        if (count > 0) {
            return edges(count);
        }
        // No edge passes through the rectangle, so all its points lie on the same side of every
        // ring: the centre decides for all of them.
        return covers(0.5 * (y0 + y1), 0.5 * (x0 + x1)) ? INSIDE : OUTSIDE;
    }

    @Override
    public int classifyAmong(double x0, double y0, double x1, double y1, int[] among, int at, int amongCount, int[] found) {
        if (outsideBox(x0, y0, x1, y1)) {
            return OUTSIDE;
        }
        int count = 0;
        for (int i = 0; i < amongCount; i++) {
            int edge = among[at + i];
            int e = 4 * edge;
            if (segmentTouches(edges[e], edges[e + 1], edges[e + 2], edges[e + 3], x0, y0, x1, y1)) {
                found[count++] = edge;
            }
        }
        return byEdges(count, x0, y0, x1, y1);
    }

    @Override
    public int edgeCount() {
        return edges.length / 4;
    }

    @Override
    public double edgeCoordinate(int edge, int k) {
        return edges[4 * edge + k];
    }

    /** One polygon (shell and holes): a run of the matcher's edges, with an optional y-band index. */
    private static final class Component {
        /** The matcher's edges: start x, start y, end x, end y per global edge number. */
        final double[] edges;
        /** Global number of this component's first edge. */
        final int firstEdge;
        /** Number of this component's edges. */
        final int size;
        final double minX;
        final double minY;
        final double maxX;
        final double maxY;
        /** Number of bands, 0 when the component is small enough to scan. */
        final int bands;
        final double bandHeight;
        /** CSR: edges of band b are bandEdges[bandStart[b] .. bandStart[b+1]). */
        final int[] bandStart;
        final int[] bandEdges;

        Component(double[] edges, int firstEdge, int count) {
            this.edges = edges;
            this.firstEdge = firstEdge;
            this.size = count;
            double x0 = Double.POSITIVE_INFINITY;
            double y0 = Double.POSITIVE_INFINITY;
            double x1 = Double.NEGATIVE_INFINITY;
            double y1 = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < count; i++) {
                x0 = Math.min(x0, Math.min(ax(i), bx(i)));
                x1 = Math.max(x1, Math.max(ax(i), bx(i)));
                y0 = Math.min(y0, Math.min(ay(i), by(i)));
                y1 = Math.max(y1, Math.max(ay(i), by(i)));
            }
            minX = x0;
            minY = y0;
            maxX = x1;
            maxY = y1;
            if (count < BAND_THRESHOLD_EDGES || !(maxY > minY)) {
                bands = 0;
                bandHeight = 0;
                bandStart = null;
                bandEdges = null;
                return;
            }
            // Long edges are filed under every band they span: fewer bands until the filing stays
            // within a few entries per edge, so that memory stays linear in the edge count.
            int bandCount = Math.min(MAX_BANDS, Math.max(2, count / 4));
            while (bandCount > 2 && filedEntries(bandCount) > MAX_ENTRIES_PER_EDGE * (long) count) {
                bandCount /= 2;
            }
            bands = bandCount;
            bandHeight = (maxY - minY) / bands;
            // bandStart[b + 1] counts band b's entries, then becomes where band b + 1 starts; filing
            // moves bandStart[b] up to band b's end, and one shift puts it back to band b's start.
            bandStart = new int[bands + 1];
            for (int i = 0; i < count; i++) {
                for (int b = band(Math.min(ay(i), by(i))), hi = band(Math.max(ay(i), by(i))); b <= hi; b++) {
                    bandStart[b + 1]++;
                }
            }
            for (int b = 0; b < bands; b++) {
                bandStart[b + 1] += bandStart[b];
            }
            bandEdges = new int[bandStart[bands]];
            for (int i = 0; i < count; i++) {
                for (int b = band(Math.min(ay(i), by(i))), hi = band(Math.max(ay(i), by(i))); b <= hi; b++) {
                    bandEdges[bandStart[b]++] = i;
                }
            }
            System.arraycopy(bandStart, 0, bandStart, 1, bands);
            bandStart[0] = 0;
        }

        double ax(int i) {
            return edges[4 * (firstEdge + i)];
        }

        double ay(int i) {
            return edges[4 * (firstEdge + i) + 1];
        }

        double bx(int i) {
            return edges[4 * (firstEdge + i) + 2];
        }

        double by(int i) {
            return edges[4 * (firstEdge + i) + 3];
        }

        /** @return how many (band, edge) entries a band index of {@code bandCount} bands would hold */
        private long filedEntries(int bandCount) {
            double height = (maxY - minY) / bandCount;
            long entries = 0;
            for (int i = 0; i < size; i++) {
                entries += band(Math.max(ay(i), by(i)), minY, height, bandCount) - band(Math.min(ay(i), by(i)), minY, height, bandCount) + 1;
            }
            return entries;
        }

        private static int band(double y, double minY, double height, int count) {
            int b = (int) Math.floor((y - minY) / height);
            return b < 0 ? 0 : Math.min(b, count - 1);
        }

        /** Monotone non-decreasing in y, clamped to the bands. */
        int band(double y) {
            return band(y, minY, bandHeight, bands);
        }

        boolean covers(double px, double py) {
            if (px < minX || px > maxX || py < minY || py > maxY) {
                return false;
            }
            int crossings = 0;
            if (bands == 0) {
                for (int i = 0; i < size; i++) {
                    int r = crossing(i, px, py);
                    if (r < 0) {
                        return true;
                    }
                    crossings += r;
                }
            } else {
                int b = band(py);
                for (int k = bandStart[b], end = bandStart[b + 1]; k < end; k++) {
                    int r = crossing(bandEdges[k], px, py);
                    if (r < 0) {
                        return true;
                    }
                    crossings += r;
                }
            }
            return (crossings & 1) == 1;
        }

        /**
         * The crossing-number step for one edge and a ray from the point towards +x.
         *
         * @return -1 if the point lies on the edge, 1 if the ray crosses it, else 0
         */
        private int crossing(int i, double px, double py) {
            double x1 = ax(i);
            double y1 = ay(i);
            double x2 = bx(i);
            double y2 = by(i);
            if (x1 < px && x2 < px) {
                return 0;
            }
            if (px == x2 && py == y2) {
                return -1;
            }
            if (y1 == py && y2 == py) {
                return px >= Math.min(x1, x2) && px <= Math.max(x1, x2) ? -1 : 0;
            }
            if ((y1 > py && y2 <= py) || (y2 > py && y1 <= py)) {
                int orient = CGAlgorithmsDD.orientationIndex(x1, y1, x2, y2, px, py);
                if (orient == 0) {
                    return -1;
                }
                if (y2 < y1) {
                    orient = -orient;
                }
                return orient > 0 ? 1 : 0;
            }
            return 0;
        }

        /**
         * The edges that may meet the closed rectangle, added to those found so far in other components.
         *
         * @param found the global numbers of the edges found so far, {@code count} of them
         * @return the new count, or {@link #TOO_MANY} if more than {@value #MAX_CELL_EDGES} edges meet it
         */
        int touchingEdges(double x0, double y0, double x1, double y1, int[] found, int count) {
            if (x1 < minX || x0 > maxX || y1 < minY || y0 > maxY) {
                return count;
            }
            if (bands == 0) {
                for (int i = 0; i < size; i++) {
                    if (segmentTouches(i, x0, y0, x1, y1)) {
                        if (count == MAX_CELL_EDGES) {
                            return TOO_MANY;
                        }
                        found[count++] = firstEdge + i;
                    }
                }
                return count;
            }
            int lo = band(y0);
            int hi = band(y1);
            for (int b = lo; b <= hi; b++) {
                for (int k = bandStart[b], end = bandStart[b + 1]; k < end; k++) {
                    int i = bandEdges[k];
                    // A long edge is filed under every band it spans: meeting it again is no new edge.
                    if (segmentTouches(i, x0, y0, x1, y1) && !holds(found, count, firstEdge + i)) {
                        if (count == MAX_CELL_EDGES) {
                            return TOO_MANY;
                        }
                        found[count++] = firstEdge + i;
                    }
                }
            }
            return count;
        }

        private static boolean holds(int[] values, int count, int value) {
            for (int i = 0; i < count; i++) {
                if (values[i] == value) {
                    return true;
                }
            }
            return false;
        }

        private boolean segmentTouches(int i, double x0, double y0, double x1, double y1) {
            return PolygonMatcher.segmentTouches(ax(i), ay(i), bx(i), by(i), x0, y0, x1, y1);
        }
    }

    /**
     * Whether the segment from (sx, sy) to (ex, ey) may meet the closed rectangle. Conservative:
     * rounding can only turn a miss into a touch, because callers pad rectangles far beyond the
     * rounding error (the H3 outline grid relies on the same, with its margin).
     */
    static boolean segmentTouches(double sx, double sy, double ex, double ey, double x0, double y0, double x1, double y1) {
        if (Math.max(sx, ex) < x0 || Math.min(sx, ex) > x1 || Math.max(sy, ey) < y0 || Math.min(sy, ey) > y1) {
            return false;
        }
        double dx = ex - sx;
        double dy = ey - sy;
        double c00 = dx * (y0 - sy) - dy * (x0 - sx);
        double c10 = dx * (y0 - sy) - dy * (x1 - sx);
        double c01 = dx * (y1 - sy) - dy * (x0 - sx);
        double c11 = dx * (y1 - sy) - dy * (x1 - sx);
        boolean allPositive = c00 > 0 && c10 > 0 && c01 > 0 && c11 > 0;
        boolean allNegative = c00 < 0 && c10 < 0 && c01 < 0 && c11 < 0;
        return !(allPositive || allNegative);
    }
}
