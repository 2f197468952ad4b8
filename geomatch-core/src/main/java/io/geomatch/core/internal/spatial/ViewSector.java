package io.geomatch.core.internal.spatial;

import io.geomatch.core.internal.contract.CameraView;

/**
 * Whether a camera's view sector meets an area's edges: the exact test of view matching, in the
 * camera's ground frame ({@code x = (lon - lon0) cos(lat0) pi/180 R}, {@code y = (lat - lat0)
 * pi/180 R}), where the area's edges stay straight segments.
 *
 * <p>A closed sector meets a closed segment exactly when the segment comes within the range of
 * the camera and either an endpoint lies in the sector, or the segment crosses one of the
 * sector's two bounding radii, or it crosses its arc inside the wedge (a whole disk needs only
 * the distance). A point is in the wedge when the angle between it and the heading is at most
 * half the field of view, tested as {@code p . u >= |p| cos(half)} without any arc tangent. The
 * area meets the sector when the camera stands in it (the position test, done apart) or one of
 * its edges meets the sector: a sector is connected and holds the camera's point, so if it holds
 * a point of the area but not the camera's, it crosses the area's boundary. Arithmetic is in
 * doubles: answers are exact except where a sector only touches an edge, within rounding.
 * Stateless; no allocation.
 */
public final class ViewSector {
    /** The sphere of the ground frame, metres. */
    public static final double EARTH_RADIUS_METERS = 6_371_008.8;
    /** Metres of ground per degree of latitude. */
    public static final double METERS_PER_DEGREE = EARTH_RADIUS_METERS * Math.PI / 180;

    private ViewSector() {
    }

    /**
     * @param absLatDegrees the latitude farthest from the equator that a camera may have
     * @param rangeMeters a range
     * @return degrees of longitude that {@code rangeMeters} of ground can span from such a camera
     *     (the whole circle, 360, near a pole)
     */
    public static double lonMarginDegrees(double absLatDegrees, double rangeMeters) {
        double metersPerDegree = METERS_PER_DEGREE * Math.cos(Math.toRadians(Math.min(90, absLatDegrees)));
        return metersPerDegree * 360 <= rangeMeters ? 360 : rangeMeters / metersPerDegree;
    }

    /**
     * @param absLatDegrees the latitude farthest from the equator that the cameras to be tested
     *     with it may have
     * @return metres of ground per degree of longitude at that latitude, made a little smaller: a
     *     lower bound of {@code cos(lat0) pi/180 R} for every such camera, for {@link #mayReachPrepared}
     */
    public static double lonMetersLowerBound(double absLatDegrees) {
        return Math.max(0, METERS_PER_DEGREE * Math.cos(Math.toRadians(Math.min(90, absLatDegrees))) * (1 - 1e-9));
    }

    /**
     * Prepares edges for {@link #mayReachPrepared}, once for the cameras of a cell: for edge
     * {@code i}, {@code reach[5i..5i+4]} get its first end (longitude, latitude), its vector in
     * metres with degrees of longitude measured by {@code lonMetersLow}, and one over that vector's
     * squared length (0 for a point).
     *
     * @param m a polygon area
     * @param edges the edges
     * @param count how many of {@code edges}
     * @param lonMetersLow a lower bound of metres per degree of longitude for the cameras to be tested
     * @param reach receives five values per edge
     */
    public static void prepareReach(SpatialMatcher m, int[] edges, int count, double lonMetersLow, double[] reach) {
        for (int i = 0; i < count; i++) {
            int e = edges[i];
            double dx = (m.edgeCoordinate(e, 2) - m.edgeCoordinate(e, 0)) * lonMetersLow;
            double dy = (m.edgeCoordinate(e, 3) - m.edgeCoordinate(e, 1)) * METERS_PER_DEGREE;
            double dd = dx * dx + dy * dy;
            reach[5 * i] = m.edgeCoordinate(e, 0);
            reach[5 * i + 1] = m.edgeCoordinate(e, 1);
            reach[5 * i + 2] = dx;
            reach[5 * i + 3] = dy;
            reach[5 * i + 4] = dd > 0 ? 1 / dd : 0;
        }
    }

    /**
     * A cheap filter before {@link #meetsEdges}, with no trigonometry, over edges
     * {@link #prepareReach prepared} once for the camera's cell: false only if no edge comes within
     * {@code rangeMeters} of the camera even when degrees of longitude are measured with a lower
     * bound of their length, so that no sector of that range can meet one. Shortening one axis
     * brings every point nearer, so the nearest point of an edge is then at most as far as in the
     * camera's own frame; the range is taken a hair longer, so the filter never refuses what the
     * exact test would take.
     *
     * @param reach the prepared edges
     * @param count how many
     * @param latDegrees the camera's latitude
     * @param lonDegrees the camera's longitude
     * @param rangeMeters the camera's range
     * @param lonMetersLow the bound the edges were prepared with
     * @return whether an edge may come within range
     */
    public static boolean mayReachPrepared(double[] reach, int count, double latDegrees, double lonDegrees, double rangeMeters,
                                           double lonMetersLow) {
        double rr = rangeMeters * rangeMeters * (1 + 1e-9);
        for (int e = 0; e < 5 * count; e += 5) {
            double px = (lonDegrees - reach[e]) * lonMetersLow;
            double py = (latDegrees - reach[e + 1]) * METERS_PER_DEGREE;
            double dx = reach[e + 2];
            double dy = reach[e + 3];
            double t = Math.max(0, Math.min(1, (px * dx + py * dy) * reach[e + 4]));
            double ex = px - t * dx;
            double ey = py - t * dy;
            if (ex * ex + ey * ey <= rr) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param m a polygon area
     * @param edges the area's edges to test, from its classification of a rectangle that holds the
     *     sector, or {@code null} for all of them
     * @param count how many of {@code edges} to test (ignored for all)
     * @param latDegrees the camera's latitude
     * @param lonDegrees the camera's longitude
     * @param view the camera's view, packed, not {@link CameraView#NONE}
     * @return whether the sector meets one of the edges
     */
    public static boolean meetsEdges(SpatialMatcher m, int[] edges, int count, double latDegrees, double lonDegrees, long view) {
        double r = CameraView.rangeMillimeters(view) / 1000.0;
        double rr = r * r;
        double ky = METERS_PER_DEGREE;
        double kx = Math.cos(Math.toRadians(latDegrees)) * ky;
        // The wedge's trigonometry waits for an edge within range: most cameras near an area see none.
        boolean wedgeReady = false;
        boolean disk = CameraView.fieldOfViewCentidegrees(view) >= CameraView.CENTIDEGREES_PER_TURN;
        double ux = 0;
        double uy = 0;
        double cosHalf = 0;
        double r1x = 0;
        double r1y = 0;
        double r2x = 0;
        double r2y = 0;
        int n = edges == null ? m.edgeCount() : count;
        for (int i = 0; i < n; i++) {
            int e = edges == null ? i : edges[i];
            double ax = (m.edgeCoordinate(e, 0) - lonDegrees) * kx;
            double ay = (m.edgeCoordinate(e, 1) - latDegrees) * ky;
            double bx = (m.edgeCoordinate(e, 2) - lonDegrees) * kx;
            double by = (m.edgeCoordinate(e, 3) - latDegrees) * ky;
            if (!withinRange(ax, ay, bx, by, rr)) {
                continue;
            }
            if (disk) {
                return true;
            }
            if (!wedgeReady) {
                // The heading's unit vector (bearing clockwise from north: x east, y north) and the two radii's ends.
                double heading = Math.toRadians(CameraView.headingCentidegrees(view) / 100.0);
                double half = Math.toRadians(CameraView.fieldOfViewCentidegrees(view) / 200.0);
                ux = Math.sin(heading);
                uy = Math.cos(heading);
                cosHalf = Math.cos(half);
                double sinHalf = Math.sin(half);
                // The radii at heading -/+ half: the heading's vector turned by the half angle.
                r1x = r * (ux * cosHalf - uy * sinHalf);
                r1y = r * (uy * cosHalf + ux * sinHalf);
                r2x = r * (ux * cosHalf + uy * sinHalf);
                r2y = r * (uy * cosHalf - ux * sinHalf);
                wedgeReady = true;
            }
            if (meetsWedge(ax, ay, bx, by, r, ux, uy, cosHalf, r1x, r1y, r2x, r2y)) {
                return true;
            }
        }
        return false;
    }

    /** @return whether the closed segment A-B comes within the range: its point closest to the camera does */
    private static boolean withinRange(double ax, double ay, double bx, double by, double rr) {
        double dx = bx - ax;
        double dy = by - ay;
        double dd = dx * dx + dy * dy;
        double t = dd > 0 ? Math.max(0, Math.min(1, -(ax * dx + ay * dy) / dd)) : 0;
        double cx = ax + t * dx;
        double cy = ay + t * dy;
        return cx * cx + cy * cy <= rr;
    }

    /**
     * Whether a sector narrower than a disk meets the closed segment A-B, which comes within its
     * range: an endpoint in the sector, a crossing of a bounding radius, or of the arc inside the wedge.
     */
    static boolean meetsWedge(double ax, double ay, double bx, double by, double r, double ux, double uy,
                              double cosHalf, double r1x, double r1y, double r2x, double r2y) {
        double rr = r * r;
        if (inSector(ax, ay, rr, ux, uy, cosHalf) || inSector(bx, by, rr, ux, uy, cosHalf)) {
            return true;
        }
        if (segmentsMeet(ax, ay, bx, by, 0, 0, r1x, r1y) || segmentsMeet(ax, ay, bx, by, 0, 0, r2x, r2y)) {
            return true;
        }
        double dx = bx - ax;
        double dy = by - ay;
        double dd = dx * dx + dy * dy;
        if (dd == 0) {
            return false;
        }
        // Where the segment's line crosses the range circle: |A + sD| = r.
        double ad = ax * dx + ay * dy;
        double aa = ax * ax + ay * ay;
        double disc = ad * ad - dd * (aa - rr);
        if (disc < 0) {
            return false;
        }
        double root = Math.sqrt(disc);
        return arcPoint((-ad - root) / dd, ax, ay, dx, dy, r, ux, uy, cosHalf)
            || arcPoint((-ad + root) / dd, ax, ay, dx, dy, r, ux, uy, cosHalf);
    }

    /** @return whether the point at {@code s} along the segment, on the range circle, lies in the wedge */
    private static boolean arcPoint(double s, double ax, double ay, double dx, double dy, double r, double ux, double uy, double cosHalf) {
        return s >= 0 && s <= 1 && inWedge(ax + s * dx, ay + s * dy, r, ux, uy, cosHalf);
    }

    /** @return whether the point is within the range and the wedge */
    private static boolean inSector(double x, double y, double rr, double ux, double uy, double cosHalf) {
        double pp = x * x + y * y;
        return pp <= rr && inWedge(x, y, Math.sqrt(pp), ux, uy, cosHalf);
    }

    /** @return whether a point at distance {@code length} lies within half the field of view of the heading */
    private static boolean inWedge(double x, double y, double length, double ux, double uy, double cosHalf) {
        return x * ux + y * uy >= length * cosHalf;
    }

    /** @return whether the closed segments P-Q and R-S share a point */
    private static boolean segmentsMeet(double px, double py, double qx, double qy, double rx, double ry, double sx, double sy) {
        double d1 = cross(rx, ry, sx, sy, px, py);
        double d2 = cross(rx, ry, sx, sy, qx, qy);
        double d3 = cross(px, py, qx, qy, rx, ry);
        double d4 = cross(px, py, qx, qy, sx, sy);
        if ((d1 > 0 && d2 < 0 || d1 < 0 && d2 > 0) && (d3 > 0 && d4 < 0 || d3 < 0 && d4 > 0)) {
            return true;
        }
        return d1 == 0 && within(rx, ry, sx, sy, px, py) || d2 == 0 && within(rx, ry, sx, sy, qx, qy)
            || d3 == 0 && within(px, py, qx, qy, rx, ry) || d4 == 0 && within(px, py, qx, qy, sx, sy);
    }

    /** @return the orientation of C relative to the line A-B: positive on the left */
    private static double cross(double ax, double ay, double bx, double by, double cx, double cy) {
        return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
    }

    /** @return whether C, on the line A-B, lies within the segment's box */
    private static boolean within(double ax, double ay, double bx, double by, double cx, double cy) {
        return Math.min(ax, bx) <= cx && cx <= Math.max(ax, bx) && Math.min(ay, by) <= cy && cy <= Math.max(ay, by);
    }
}
