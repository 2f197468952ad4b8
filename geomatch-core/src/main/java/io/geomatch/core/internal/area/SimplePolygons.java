package io.geomatch.core.internal.area;

import org.locationtech.jts.algorithm.CGAlgorithmsDD;
import org.locationtech.jts.algorithm.RayCrossingCounter;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;

/**
 * A quick proof of validity for the shapes nearly every request has, a polygon whose rings are
 * simple and apart, so that it need not pay for JTS {@code IsValidOp}, which builds a topology
 * graph (about 2 kB and 1 us for a 32-gon). It only ever says "valid": any other shape, or rings
 * it cannot prove simple and apart, go to {@code IsValidOp}, which decides and names the problem.
 *
 * <p>A polygon is valid for JTS when each ring has at least three edges, none of zero length; every
 * two edges that do not follow each other in one ring share no point, and every two that do share
 * only their common vertex (they do not fold back along each other); and each hole lies inside
 * the shell and outside every other hole, which, the rings being apart, one vertex of each
 * decides. The tests use JTS's robust {@link CGAlgorithmsDD#orientationIndex} and
 * {@link RayCrossingCounter}, the predicates {@code IsValidOp} itself rests on. Pairs of edges are
 * tested in quadratic time, so polygons of more than {@value #MAX_EDGES} edges go to
 * {@code IsValidOp}.
 */
final class SimplePolygons {
    /** Polygons with more edges are left to {@code IsValidOp}: the pairwise test grows with the square. */
    static final int MAX_EDGES = 64;
    /** Per thread: each edge's ends (x0, y0, x1, y1) and box (min x, max x, min y, max y). */
    private static final ThreadLocal<double[]> EDGES = ThreadLocal.withInitial(() -> new double[8 * MAX_EDGES]);
    /** Per thread: each edge's ring, and the number of the ring's first edge. */
    private static final ThreadLocal<int[]> RINGS = ThreadLocal.withInitial(() -> new int[2 * MAX_EDGES]);

    private SimplePolygons() {
    }

    /**
     * @param polygonal a Polygon or MultiPolygon
     * @return true only if it is a Polygon whose rings are simple and apart, its holes inside its
     *     shell and outside each other: then it is valid
     */
    static boolean provedValid(Geometry polygonal) {
        if (!(polygonal instanceof Polygon)) {
            return false;
        }
        Polygon polygon = (Polygon) polygonal;
        int holes = polygon.getNumInteriorRing();
        double[] e = EDGES.get();
        int[] rings = RINGS.get();
        int edges = 0;
        for (int r = 0; r <= holes; r++) {
            int added = addRing(ring(polygon, r).getCoordinateSequence(), r, edges, e, rings);
            if (added < 0) {
                return false;
            }
            edges += added;
        }
        for (int i = 0; i < edges; i++) {
            int ring = rings[2 * i];
            int first = rings[2 * i + 1];
            // The edge that follows edge i in its ring: the next one, or the ring's first after its last.
            int next = i + 1 < edges && rings[2 * i + 2] == ring ? i + 1 : first;
            if (foldsBack(e, i, next)) {
                return false;
            }
            for (int j = i + 1; j < edges; j++) {
                boolean follows = j == next || rings[2 * j] == ring && i == first && (j + 1 == edges || rings[2 * j + 2] != ring);
                if (follows || apart(e, i, j)) {
                    continue;
                }
                if (segmentsMeet(e, i, j)) {
                    return false;
                }
            }
        }
        // The rings are apart: one vertex of a hole tells on which side of another ring all of it lies.
        for (int h = 1; h <= holes; h++) {
            LinearRing hole = ring(polygon, h);
            if (RayCrossingCounter.locatePointInRing(hole.getCoordinateN(0), polygon.getExteriorRing().getCoordinateSequence())
                != Location.INTERIOR) {
                return false;
            }
            for (int other = 1; other <= holes; other++) {
                if (other != h && RayCrossingCounter.locatePointInRing(hole.getCoordinateN(0), ring(polygon, other).getCoordinateSequence())
                    != Location.EXTERIOR) {
                    return false;
                }
            }
        }
        return true;
    }

    private static LinearRing ring(Polygon polygon, int r) {
        return r == 0 ? polygon.getExteriorRing() : polygon.getInteriorRingN(r - 1);
    }

    /**
     * Copies a ring's edges after the {@code at} already copied.
     *
     * @return how many, or -1 if the ring is not closed, has fewer than 3 edges, one of zero
     *     length or a coordinate that is not finite, or the polygon would pass {@value #MAX_EDGES} edges
     */
    private static int addRing(CoordinateSequence ring, int r, int at, double[] e, int[] rings) {
        int count = ring.size() - 1;
        if (count < 3 || at + count > MAX_EDGES || ring.getX(0) != ring.getX(count) || ring.getY(0) != ring.getY(count)) {
            return -1;
        }
        for (int i = 0; i < count; i++) {
            double x0 = ring.getX(i);
            double y0 = ring.getY(i);
            double x1 = ring.getX(i + 1);
            double y1 = ring.getY(i + 1);
            if (!Double.isFinite(x0) || !Double.isFinite(y0) || x0 == x1 && y0 == y1) {
                return -1;
            }
            int k = 8 * (at + i);
            e[k] = x0;
            e[k + 1] = y0;
            e[k + 2] = x1;
            e[k + 3] = y1;
            e[k + 4] = Math.min(x0, x1);
            e[k + 5] = Math.max(x0, x1);
            e[k + 6] = Math.min(y0, y1);
            e[k + 7] = Math.max(y0, y1);
            rings[2 * (at + i)] = r;
            rings[2 * (at + i) + 1] = at;
        }
        return count;
    }

    /** @return whether the boxes of edges i and j are apart */
    private static boolean apart(double[] e, int i, int j) {
        int a = 8 * i;
        int b = 8 * j;
        return e[a + 5] < e[b + 4] || e[b + 5] < e[a + 4] || e[a + 7] < e[b + 6] || e[b + 7] < e[a + 6];
    }

    /** @return whether edge i and edge j, which follows it (from i's end), share more than that vertex */
    private static boolean foldsBack(double[] e, int i, int j) {
        double ax = e[8 * i];
        double ay = e[8 * i + 1];
        double bx = e[8 * i + 2];
        double by = e[8 * i + 3];
        double cx = e[8 * j + 2];
        double cy = e[8 * j + 3];
        if (CGAlgorithmsDD.orientationIndex(ax, ay, bx, by, cx, cy) != 0) {
            return false;
        }
        // On one line: they overlap unless c lies beyond b, away from a.
        return (ax - bx) * (cx - bx) + (ay - by) * (cy - by) > 0;
    }

    /** @return whether edges i and j, whose boxes overlap, share a point */
    private static boolean segmentsMeet(double[] e, int i, int j) {
        double p0x = e[8 * i];
        double p0y = e[8 * i + 1];
        double p1x = e[8 * i + 2];
        double p1y = e[8 * i + 3];
        double q0x = e[8 * j];
        double q0y = e[8 * j + 1];
        double q1x = e[8 * j + 2];
        double q1y = e[8 * j + 3];
        int q0 = CGAlgorithmsDD.orientationIndex(p0x, p0y, p1x, p1y, q0x, q0y);
        int q1 = CGAlgorithmsDD.orientationIndex(p0x, p0y, p1x, p1y, q1x, q1y);
        int p0 = CGAlgorithmsDD.orientationIndex(q0x, q0y, q1x, q1y, p0x, p0y);
        int p1 = CGAlgorithmsDD.orientationIndex(q0x, q0y, q1x, q1y, p1x, p1y);
        // Apart when one lies wholly on one side of the other's line. Otherwise they cross, or an
        // endpoint lies on the other's line where the lines meet, which is on the other segment;
        // if all four are zero the segments are collinear and meet because their boxes overlap.
        return q0 * q1 <= 0 && p0 * p1 <= 0;
    }
}
