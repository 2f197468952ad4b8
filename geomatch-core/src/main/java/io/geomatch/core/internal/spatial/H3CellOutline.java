package io.geomatch.core.internal.spatial;

import com.uber.h3core.H3Core;
import com.uber.h3core.util.LatLng;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The outline of a union of H3 cells of one resolution: the closed rings, in (lon, lat) degrees,
 * along the cell edges that separate a cell of the set from a cell outside it, with the margin
 * within which the planar rings and h3-java's {@code latLngToCell} may disagree.
 *
 * <p>Why rings of lon/lat points can stand for {@code latLngToCell}: h3 projects a point
 * gnomonically onto the icosahedron face whose centre is nearest and rounds it to a hexagon of
 * that face's grid; a gnomonic projection maps great circles to straight lines, so a cell's
 * edges are great-circle arcs between the vertices that {@code cellToBoundary} lists (including
 * the extra vertices where an edge of a Class III cell crosses a face edge). The rings follow
 * those arcs, densified until no piece strays from its arc by more than a quarter of the margin.
 * A vertex that several cells list (each computes it, to within rounding) takes the coordinates
 * of the first, so the rings close exactly; an edge that two cells of the set list lies inside
 * the union and never appears.
 *
 * <p>The margin, degrees, is the largest of {@value #MIN_MARGIN_DEGREES} (about 1 mm; h3's own
 * rounding moves its boundary by about 1e-14 rad away from face centres),
 * {@value #RELATIVE_MARGIN} of the longest cell edge (so that coarse cells need few densified
 * pieces), and {@value #FACE_CENTRE_ERROR} / r, where r is the least angle, in radians, from a
 * face centre to the outline: h3 derives a point's distance from the face centre as
 * {@code acos(1 - d²/2)}, which loses precision near the centre (measured below 1e-16 / r rad, at
 * every resolution). It is divided by the cosine of the outline's highest latitude, so that it
 * bounds longitude errors too.
 *
 * <p>A union that would cross the antimeridian or hold a pole has no planar outline: its cells
 * that cross the antimeridian or hold a pole are left out of the outline (the caller tests them
 * with h3-java itself), and the outline is made of the rest.
 */
final class H3CellOutline {
    /** Smallest margin, degrees. */
    static final double MIN_MARGIN_DEGREES = 1e-8;
    /** Margin as a fraction of the longest cell edge of the outline. */
    static final double RELATIVE_MARGIN = 1e-6;
    /** Margin near a face centre: this divided by the angle to the centre, radians. */
    static final double FACE_CENTRE_ERROR = 2e-15;
    /** Longest piece of a densified arc, radians, so that each piece is close to a parabola. */
    private static final double MAX_PIECE_RADIANS = 0.01;
    /** Deepest halving of one arc. */
    private static final int MAX_DEPTH = 30;
    /** Face centres nearer than this, radians, to the outline's cap are checked point by point. */
    private static final double FACE_CHECK_RADIANS = 0.05;
    /** Unit vectors of the 20 icosahedron face centres, from the 12 res-0 pentagons. */
    private static final double[][] FACE_CENTRES = faceCentres(Holder.H3);

    /** Each ring as lon, lat pairs; the last point repeats the first. */
    final List<double[]> rings;
    /** The margin, degrees. */
    final double marginDegrees;
    /** Cells of the input left out: they cross the antimeridian or hold a pole. */
    final long[] leftOut;

    private H3CellOutline(List<double[]> rings, double marginDegrees, long[] leftOut) {
        this.rings = rings;
        this.marginDegrees = marginDegrees;
        this.leftOut = leftOut;
    }

    /**
     * @param h3 h3-java
     * @param cells distinct valid cells, all of one resolution, ascending
     * @return their outline
     */
    static H3CellOutline of(H3Core h3, long[] cells) {
        Topology first = Topology.of(h3, cells);
        if (first != null) {
            return first.outline();
        }
        // The union crosses the antimeridian or holds a pole: leave out the cells that do.
        int res = h3.getResolution(cells[0]);
        long north = h3.latLngToCell(90, 0, res);
        long south = h3.latLngToCell(-90, 0, res);
        long[] kept = new long[cells.length];
        long[] out = new long[cells.length];
        int keptCount = 0;
        int outCount = 0;
        for (long cell : cells) {
            if (cell == north || cell == south || crossesAntimeridian(h3.cellToBoundary(cell))) {
                out[outCount++] = cell;
            } else {
                kept[keptCount++] = cell;
            }
        }
        Topology rest = keptCount == 0 ? null : Topology.of(h3, Arrays.copyOf(kept, keptCount));
        if (rest == null) {
            return new H3CellOutline(List.of(), 0, cells.clone());
        }
        H3CellOutline outline = rest.outline();
        if (outline.leftOut.length > 0) {
            return new H3CellOutline(List.of(), 0, cells.clone());
        }
        return new H3CellOutline(outline.rings, outline.marginDegrees, Arrays.copyOf(out, outCount));
    }

    private static boolean crossesAntimeridian(List<LatLng> boundary) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (LatLng p : boundary) {
            min = Math.min(min, p.lng);
            max = Math.max(max, p.lng);
        }
        // An arc shorter than a half circle that passes no pole keeps its longitudes between its ends'.
        return max - min > 180;
    }

    /** The boundary edges of a cell set, chained into rings of arcs. */
    private static final class Topology {
        /**
         * Points closer than this, degrees of latitude and of longitude times the cosine of the
         * latitude, are one vertex computed by two cells (h3 rounds to about 1e-13 degrees;
         * vertices lie 4e-6 degrees or more apart).
         */
        private static final double SAME_VERTEX_DEGREES = 1e-9;
        /** Low bits of a sort key that hold a point's number (the latitude bucket takes the 38 above). */
        private static final int POINT_BITS = 25;
        private static final long POINT_MASK = (1L << POINT_BITS) - 1;

        /** The cells. */
        final long[] cells;
        /** Each ring as lat, lon pairs of its arc ends (cell vertices, with the extra vertices of Class III cells), closed. */
        final List<double[]> arcRings;

        private Topology(long[] cells, List<double[]> arcRings) {
            this.cells = cells;
            this.arcRings = arcRings;
        }

        /**
         * Each cell's boundary from {@code cellToBoundary}; a vertex that several cells list gets
         * the coordinates of the first, so rings close exactly; an edge two cells list is inside
         * the union; the others are chained into rings, at vertices where they meet.
         *
         * @return the topology, or null if it has no planar outline (it wraps the antimeridian or a
         *     pole, or has no boundary at all)
         */
        static Topology of(H3Core h3, long[] cells) {
            int n = cells.length;
            int[] cellStart = new int[n + 1];
            DoubleList points = new DoubleList();
            for (int i = 0; i < n; i++) {
                for (LatLng p : h3.cellToBoundary(cells[i])) {
                    points.add(p.lat, p.lng);
                }
                cellStart[i + 1] = points.size() / 2;
            }
            double[] latLon = points.toArray();
            int[] vertexOf = new int[latLon.length / 2];
            int vertices = identify(latLon, vertexOf);
            // An edge listed by two cells lies inside the union; one listed once is on its outline.
            long[] keys = new long[vertexOf.length];
            int listed = 0;
            for (int i = 0; i < n; i++) {
                for (int k = cellStart[i]; k < cellStart[i + 1]; k++) {
                    int a = vertexOf[k];
                    int b = vertexOf[k + 1 < cellStart[i + 1] ? k + 1 : cellStart[i]];
                    if (a != b) {
                        keys[listed++] = (long) Math.min(a, b) << 32 | Math.max(a, b);
                    }
                }
            }
            Arrays.sort(keys, 0, listed);
            int[] from = new int[listed];
            int[] to = new int[listed];
            int edges = 0;
            for (int k = 0; k < listed; ) {
                int run = 1;
                while (k + run < listed && keys[k + run] == keys[k]) {
                    run++;
                }
                if (run == 1) {
                    from[edges] = (int) (keys[k] >>> 32);
                    to[edges] = (int) keys[k];
                    edges++;
                }
                k += run;
            }
            if (edges == 0) {
                return null;
            }
            // The outline edges at each vertex (two, unless the union touches itself there).
            int[] incidentStart = new int[vertices + 1];
            for (int e = 0; e < edges; e++) {
                incidentStart[from[e] + 1]++;
                incidentStart[to[e] + 1]++;
            }
            for (int v = 0; v < vertices; v++) {
                incidentStart[v + 1] += incidentStart[v];
            }
            int[] incident = new int[2 * edges];
            int[] fill = Arrays.copyOf(incidentStart, vertices);
            for (int e = 0; e < edges; e++) {
                incident[fill[from[e]]++] = e;
                incident[fill[to[e]]++] = e;
            }
            double[] first = new double[2 * vertices];
            for (int k = vertexOf.length - 1; k >= 0; k--) {
                first[2 * vertexOf[k]] = latLon[2 * k];
                first[2 * vertexOf[k] + 1] = latLon[2 * k + 1];
            }
            List<double[]> rings = new ArrayList<>();
            boolean[] used = new boolean[edges];
            for (int start = 0; start < edges; start++) {
                if (used[start]) {
                    continue;
                }
                DoubleList ring = new DoubleList();
                int origin = from[start];
                int at = origin;
                int e = start;
                while (true) {
                    used[e] = true;
                    ring.add(first[2 * at], first[2 * at + 1]);
                    at = from[e] == at ? to[e] : from[e];
                    if (at == origin) {
                        break;
                    }
                    e = unusedIncident(incident, incidentStart, used, at);
                    if (e < 0) {
                        return null;
                    }
                }
                ring.add(first[2 * origin], first[2 * origin + 1]);
                double[] closed = ring.toArray();
                for (int k = 3; k < closed.length; k += 2) {
                    if (Math.abs(closed[k] - closed[k - 2]) > 180) {
                        return null;
                    }
                }
                rings.add(closed);
            }
            return new Topology(cells, rings);
        }

        private static int unusedIncident(int[] incident, int[] incidentStart, boolean[] used, int vertex) {
            for (int k = incidentStart[vertex]; k < incidentStart[vertex + 1]; k++) {
                if (!used[incident[k]]) {
                    return incident[k];
                }
            }
            return -1;
        }

        /**
         * Numbers the distinct vertices among the points: points within {@link #SAME_VERTEX_DEGREES}
         * of each other are one, found by a sweep along latitude. A vertex on the antimeridian that
         * two cells list as 180 and -180 stays two vertices, which splits the planar union there.
         *
         * @param latLon points, lat and lon each
         * @param vertexOf filled with each point's vertex number
         * @return how many distinct vertices
         */
        private static int identify(double[] latLon, int[] vertexOf) {
            int count = vertexOf.length;
            double[] cosLat = new double[count];
            // Sorted by latitude quantised to buckets of the tolerance, then by point: a vertex's points share a bucket or neighbour.
            long[] order = new long[count];
            for (int k = 0; k < count; k++) {
                cosLat[k] = Math.cos(Math.toRadians(latLon[2 * k]));
                long bucket = (long) Math.floor((latLon[2 * k] + 90) / SAME_VERTEX_DEGREES);
                order[k] = bucket << POINT_BITS | k;
            }
            Arrays.sort(order);
            int vertices = 0;
            for (int i = 0; i < count; i++) {
                int p = (int) (order[i] & POINT_MASK);
                long bucket = order[i] >>> POINT_BITS;
                int found = -1;
                for (int j = i - 1; j >= 0 && (order[j] >>> POINT_BITS) >= bucket - 1; j--) {
                    int q = (int) (order[j] & POINT_MASK);
                    if (Math.abs(latLon[2 * p] - latLon[2 * q]) <= SAME_VERTEX_DEGREES
                        && Math.abs(latLon[2 * p + 1] - latLon[2 * q + 1]) * cosLat[p] <= SAME_VERTEX_DEGREES) {
                        found = vertexOf[q];
                        break;
                    }
                }
                vertexOf[p] = found >= 0 ? found : vertices++;
            }
            // Number vertices in the order their first point was listed, so that rings come out the same every time.
            int[] renumber = new int[vertices];
            Arrays.fill(renumber, -1);
            int next = 0;
            for (int k = 0; k < count; k++) {
                if (renumber[vertexOf[k]] < 0) {
                    renumber[vertexOf[k]] = next++;
                }
                vertexOf[k] = renumber[vertexOf[k]];
            }
            return vertices;
        }

        /** @return the outline: the margin from the arcs, then the arcs densified */
        H3CellOutline outline() {
            List<double[]> units = new ArrayList<>(arcRings.size());
            double longestArc = 0;
            double maxAbsLat = 0;
            double[] centre = new double[3];
            for (double[] ring : arcRings) {
                double[] u = new double[ring.length / 2 * 3];
                for (int k = 0; k < ring.length / 2; k++) {
                    unit(ring[2 * k], ring[2 * k + 1], u, 3 * k);
                    maxAbsLat = Math.max(maxAbsLat, Math.abs(ring[2 * k]));
                    centre[0] += u[3 * k];
                    centre[1] += u[3 * k + 1];
                    centre[2] += u[3 * k + 2];
                    if (k > 0) {
                        longestArc = Math.max(longestArc, angle(u, 3 * k - 3, u, 3 * k));
                    }
                }
                units.add(u);
            }
            double base = Math.max(MIN_MARGIN_DEGREES, RELATIVE_MARGIN * Math.toDegrees(longestArc));
            double nearestFace = nearestFaceCentre(units, centre, longestArc);
            base = Math.max(base, Math.toDegrees(FACE_CENTRE_ERROR / nearestFace));
            double tolerance = base / Math.cos(Math.toRadians(maxAbsLat)) / 8;
            List<double[]> rings = new ArrayList<>(arcRings.size());
            double densifiedMaxAbsLat = maxAbsLat;
            for (int r = 0; r < arcRings.size(); r++) {
                double[] arcRing = arcRings.get(r);
                double[] u = units.get(r);
                DoubleList ring = new DoubleList();
                for (int k = 0; k + 3 < arcRing.length; k += 2) {
                    double[] a = Arrays.copyOfRange(u, 3 * (k / 2), 3 * (k / 2) + 3);
                    double[] b = Arrays.copyOfRange(u, 3 * (k / 2) + 3, 3 * (k / 2) + 6);
                    ring.addLonLat(arcRing[k + 1], arcRing[k]);
                    densify(a, arcRing[k + 1], arcRing[k], b, arcRing[k + 3], arcRing[k + 2], tolerance, ring, 0);
                }
                ring.addLonLat(arcRing[arcRing.length - 1], arcRing[arcRing.length - 2]);
                double[] points = ring.toArray();
                for (int k = 1; k < points.length; k += 2) {
                    densifiedMaxAbsLat = Math.max(densifiedMaxAbsLat, Math.abs(points[k]));
                }
                rings.add(points);
            }
            double margin = base / Math.cos(Math.toRadians(densifiedMaxAbsLat));
            if (!(margin < 1)) {
                // Within a hair of a pole, or of a face centre at the finest resolutions: h3-java decides every point.
                return new H3CellOutline(List.of(), 0, cells.clone());
            }
            return new H3CellOutline(rings, margin, new long[0]);
        }
    }

    /**
     * @return the least angle, radians, from a face centre to the outline (a lower bound; +infinity
     *     if every face centre is far), where every point of an arc lies within half its length of an end
     */
    private static double nearestFaceCentre(List<double[]> units, double[] centreSum, double longestArc) {
        double norm = Math.sqrt(centreSum[0] * centreSum[0] + centreSum[1] * centreSum[1] + centreSum[2] * centreSum[2]);
        double[] centre = {centreSum[0] / norm, centreSum[1] / norm, centreSum[2] / norm};
        double radius = 0;
        for (double[] u : units) {
            for (int k = 0; k < u.length; k += 3) {
                radius = Math.max(radius, angle(centre, 0, u, k));
            }
        }
        double nearest = Double.POSITIVE_INFINITY;
        for (double[] face : FACE_CENTRES) {
            if (!(norm > 0) || angle(face, 0, centre, 0) <= radius + FACE_CHECK_RADIANS) {
                for (double[] u : units) {
                    for (int k = 0; k < u.length; k += 3) {
                        nearest = Math.min(nearest, angle(face, 0, u, k) - longestArc / 2);
                    }
                }
            } else {
                nearest = Math.min(nearest, FACE_CHECK_RADIANS);
            }
        }
        return Math.max(nearest, 1e-300);
    }

    /**
     * Appends the inner points of the great-circle arc from {@code a} to {@code b} (unit vectors,
     * with their lon, lat degrees), halving it until the arc strays from each piece's chord by at
     * most {@code tolerance} degrees at its quarter points.
     */
    private static void densify(double[] a, double aLon, double aLat, double[] b, double bLon, double bLat, double tolerance,
                                DoubleList out, int depth) {
        double[] m = midpoint(a, b);
        double mLat = latOf(m);
        double mLon = lonNear(m, aLon);
        double[] q1 = midpoint(a, m);
        double[] q3 = midpoint(m, b);
        boolean straight = angle(a, b) <= MAX_PIECE_RADIANS
            && distanceToChord(mLon, mLat, aLon, aLat, bLon, bLat) <= tolerance
            && distanceToChord(lonNear(q1, aLon), latOf(q1), aLon, aLat, bLon, bLat) <= tolerance
            && distanceToChord(lonNear(q3, aLon), latOf(q3), aLon, aLat, bLon, bLat) <= tolerance;
        if (straight || depth == MAX_DEPTH) {
            return;
        }
        densify(a, aLon, aLat, m, mLon, mLat, tolerance, out, depth + 1);
        out.addLonLat(mLon, mLat);
        densify(m, mLon, mLat, b, bLon, bLat, tolerance, out, depth + 1);
    }

    /** @return the planar distance, degrees, from a point to the segment between two points */
    private static double distanceToChord(double px, double py, double ax, double ay, double bx, double by) {
        double dx = bx - ax;
        double dy = by - ay;
        double length2 = dx * dx + dy * dy;
        double t = length2 == 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length2));
        return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
    }

    private static double[] midpoint(double[] a, double[] b) {
        double x = a[0] + b[0];
        double y = a[1] + b[1];
        double z = a[2] + b[2];
        double n = Math.sqrt(x * x + y * y + z * z);
        return new double[] {x / n, y / n, z / n};
    }

    static double[] unit(double latDegrees, double lonDegrees) {
        double[] u = new double[3];
        unit(latDegrees, lonDegrees, u, 0);
        return u;
    }

    /** Writes the unit vector of a point to {@code out} from {@code at}. */
    private static void unit(double latDegrees, double lonDegrees, double[] out, int at) {
        double phi = Math.toRadians(latDegrees);
        double lambda = Math.toRadians(lonDegrees);
        double cosPhi = Math.cos(phi);
        out[at] = cosPhi * Math.cos(lambda);
        out[at + 1] = cosPhi * Math.sin(lambda);
        out[at + 2] = Math.sin(phi);
    }

    private static double latOf(double[] u) {
        return Math.toDegrees(Math.atan2(u[2], Math.hypot(u[0], u[1])));
    }

    /**
     * @return the longitude of a point of an arc that does not cross the antimeridian, on the side
     *     of {@code nearLon} (a point on the antimeridian may come out as either -180 or 180)
     */
    private static double lonNear(double[] u, double nearLon) {
        double lon = Math.toDegrees(Math.atan2(u[1], u[0]));
        if (lon - nearLon > 180) {
            lon -= 360;
        } else if (nearLon - lon > 180) {
            lon += 360;
        }
        return Math.max(-180, Math.min(180, lon));
    }

    /** @return the angle between two unit vectors, radians, accurate for small angles too */
    static double angle(double[] a, double[] b) {
        return angle(a, 0, b, 0);
    }

    /** @return the angle between the unit vectors at {@code a[i]} and {@code b[j]}, radians */
    private static double angle(double[] a, int i, double[] b, int j) {
        double ax = a[i];
        double ay = a[i + 1];
        double az = a[i + 2];
        double bx = b[j];
        double by = b[j + 1];
        double bz = b[j + 2];
        double cx = ay * bz - az * by;
        double cy = az * bx - ax * bz;
        double cz = ax * by - ay * bx;
        return Math.atan2(Math.sqrt(cx * cx + cy * cy + cz * cz), ax * bx + ay * by + az * bz);
    }

    /**
     * The icosahedron's face centres: the normalised centroids of the triangles of mutually
     * nearest res-0 pentagon centres, which are its vertices.
     */
    private static double[][] faceCentres(H3Core h3) {
        List<double[]> vertices = new ArrayList<>();
        for (long pentagon : h3.getPentagons(0)) {
            LatLng c = h3.cellToLatLng(pentagon);
            vertices.add(unit(c.lat, c.lng));
        }
        // Neighbouring icosahedron vertices are 63.4 degrees apart; the next nearest, 116.6.
        double edge = Math.toRadians(90);
        List<double[]> centres = new ArrayList<>();
        int n = vertices.size();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                for (int k = j + 1; k < n; k++) {
                    double[] a = vertices.get(i);
                    double[] b = vertices.get(j);
                    double[] c = vertices.get(k);
                    if (angle(a, b) < edge && angle(b, c) < edge && angle(a, c) < edge) {
                        double[] sum = {a[0] + b[0] + c[0], a[1] + b[1] + c[1], a[2] + b[2] + c[2]};
                        double norm = Math.sqrt(sum[0] * sum[0] + sum[1] * sum[1] + sum[2] * sum[2]);
                        centres.add(new double[] {sum[0] / norm, sum[1] / norm, sum[2] / norm});
                    }
                }
            }
        }
        if (centres.size() != 20) {
            throw new IllegalStateException("found " + centres.size() + " icosahedron faces in h3's res-0 pentagons, expected 20");
        }
        return centres.toArray(new double[0][]);
    }

    /** A growable list of doubles. */
    private static final class DoubleList {
        private double[] values = new double[32];
        private int size;

        void add(double first, double second) {
            if (size + 2 > values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[size++] = first;
            values[size++] = second;
        }

        void addLonLat(double lon, double lat) {
            add(lon, lat);
        }

        int size() {
            return size;
        }

        double[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    /** h3-java, loaded on first use. */
    static final class Holder {
        static final H3Core H3 = H3CellMatcher.h3();

        private Holder() {
        }
    }
}
