package io.geomatch.cluster.placement;

import com.uber.h3core.H3Core;
import com.uber.h3core.util.LatLng;
import io.geomatch.core.InvalidInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shard cells of the cluster: a camera's shard cell is its H3 cell at one coarse resolution
 * ({@code latLngToCell(lat, lon, resolution)}), and an area reaches the shard cells that any point
 * of its box may fall in.
 *
 * <p>{@link #covering} is exact in the safe direction: every cell that holds a point of the box is
 * in it, and a cell is in it only if its boundary comes within {@value #PAD_METERS} m of the box
 * (or lies beyond 85 degrees of latitude, or holds a pole, where it is included whenever it is
 * reached). H3 cell edges are great-circle arcs between the vertices {@code cellToBoundary} gives
 * (a cell that crosses an icosahedron face has extra vertices there), so each edge is cut into
 * {@value #EDGE_STEPS} arcs whose chords in (lon, lat) degrees stray from the true edge by at most
 * a few metres at the resolutions the cluster uses; the pad is several times that. The covering is
 * found by a breadth-first walk from the cell of the box's centre through neighbours whose padded
 * outline meets the box; cells tile the sphere, so the walk reaches every cell that meets it.
 *
 * <p>Thread-safe: outlines and neighbours of the cells met are cached (up to
 * {@value #CACHE_CELLS} cells, then the cache starts afresh). h3-java allocates per call, so a
 * covering allocates a little; a query asks for one covering.
 */
public final class ShardCells {
    /** The resolution chosen for shard cells; see the README's "Running on a cluster" for the measurement behind it. */
    public static final int DEFAULT_RESOLUTION = 3;
    /** Coarsest resolution allowed. */
    public static final int MIN_RESOLUTION = 0;
    /** Finest resolution allowed: finer cells would split a 0.5 mi² area across shards too often. */
    public static final int MAX_RESOLUTION = 6;
    /** How far outside the box a cell's outline may come and still be asked, metres. */
    public static final double PAD_METERS = 15.0;
    /** Arcs per cell edge in the outline. */
    static final int EDGE_STEPS = 32;
    private static final int CACHE_CELLS = 16_384;
    private static final double METERS_PER_DEGREE_LAT = 110_574.0;
    /** Beyond this latitude cells are not tested, only included. */
    private static final double POLAR_LATITUDE = 85.0;

    private static final H3Core H3;

    static {
        try {
            H3 = H3Core.newInstance();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load h3-java's native library", e);
        }
    }

    private final int resolution;
    private final long northPoleCell;
    private final long southPoleCell;
    private final ConcurrentHashMap<Long, Outline> outlines = new ConcurrentHashMap<>();

    /**
     * @param resolution the H3 resolution of shard cells, {@value #MIN_RESOLUTION}..{@value #MAX_RESOLUTION}
     * @throws InvalidInputException if out of range
     */
    public ShardCells(int resolution) {
        if (resolution < MIN_RESOLUTION || resolution > MAX_RESOLUTION) {
            throw new InvalidInputException("shardResolution", resolution, "is out of range, allowed " + MIN_RESOLUTION + ".." + MAX_RESOLUTION);
        }
        this.resolution = resolution;
        this.northPoleCell = H3.latLngToCell(90, 0, resolution);
        this.southPoleCell = H3.latLngToCell(-90, 0, resolution);
    }

    /** @return the H3 resolution of shard cells */
    public int resolution() {
        return resolution;
    }

    /**
     * @param latDegrees a camera's latitude
     * @param lonDegrees its longitude
     * @return its shard cell
     */
    public long cellOf(double latDegrees, double lonDegrees) {
        return H3.latLngToCell(latDegrees, lonDegrees, resolution);
    }

    /**
     * The shard cells a box can reach: every cell that holds a point of the closed box
     * {@code [minLat, maxLat] x [minLon, maxLon]} (which does not cross the antimeridian), and only
     * cells that come within {@value #PAD_METERS} m of it.
     *
     * @param minLat southern edge, degrees
     * @param minLon western edge, degrees
     * @param maxLat northern edge, degrees
     * @param maxLon eastern edge, degrees
     * @param limit most cells wanted
     * @return the cells, ascending, or {@code null} if there are more than {@code limit}
     */
    public long[] covering(double minLat, double minLon, double maxLat, double maxLon, int limit) {
        if (!(minLat <= maxLat && minLon <= maxLon)) {
            throw new IllegalArgumentException("box " + minLat + "," + minLon + " .. " + maxLat + "," + maxLon + " is empty");
        }
        double maxAbsLat = Math.min(POLAR_LATITUDE, Math.max(Math.abs(minLat), Math.abs(maxLat)));
        double padLat = PAD_METERS / METERS_PER_DEGREE_LAT;
        double padLon = padLat / Math.cos(Math.toRadians(maxAbsLat));
        Box box = new Box(minLat - padLat, minLon - padLon, maxLat + padLat, maxLon + padLon);

        long start = cellOf((minLat + maxLat) / 2, (minLon + maxLon) / 2);
        long[] found = new long[16];
        int count = 0;
        ArrayDeque<Long> queue = new ArrayDeque<>();
        java.util.HashSet<Long> seen = new java.util.HashSet<>();
        queue.add(start);
        seen.add(start);
        while (!queue.isEmpty()) {
            long cell = queue.poll();
            if (count == limit) {
                return null;
            }
            if (count == found.length) {
                found = Arrays.copyOf(found, count * 2);
            }
            found[count++] = cell;
            for (long next : outline(cell).neighbours) {
                if (seen.add(next) && meets(next, box)) {
                    queue.add(next);
                }
            }
        }
        long[] cells = Arrays.copyOf(found, count);
        Arrays.sort(cells);
        return cells;
    }

    /** Whether a cell's outline meets the (padded) box, or the cell is polar and so always taken. */
    private boolean meets(long cell, Box box) {
        if (cell == northPoleCell || cell == southPoleCell) {
            return true;
        }
        Outline o = outline(cell);
        if (o.polar) {
            return true;
        }
        // The outline's longitudes are unwrapped around its first vertex; try the box at every offset of 360.
        for (double shift = -360; shift <= 360; shift += 360) {
            if (o.maxLon + shift < box.minLon || o.minLon + shift > box.maxLon || o.maxLat < box.minLat || o.minLat > box.maxLat) {
                continue;
            }
            if (o.meets(box.minLat, box.minLon - shift, box.maxLat, box.maxLon - shift)) {
                return true;
            }
        }
        return false;
    }

    private Outline outline(long cell) {
        Outline o = outlines.get(cell);
        if (o == null) {
            if (outlines.size() >= CACHE_CELLS) {
                outlines.clear();
            }
            o = new Outline(cell);
            outlines.put(cell, o);
        }
        return o;
    }

    private record Box(double minLat, double minLon, double maxLat, double maxLon) {
    }

    /** A cell's boundary as a closed ring of (lon, lat) points, edges densified along their great circles. */
    private static final class Outline {
        final long[] neighbours;
        final double[] lons;
        final double[] lats;
        final double minLon;
        final double maxLon;
        final double minLat;
        final double maxLat;
        final boolean polar;

        Outline(long cell) {
            List<Long> disk = H3.gridDisk(cell, 1);
            long[] n = new long[disk.size() - 1];
            int k = 0;
            for (long c : disk) {
                if (c != cell) {
                    n[k++] = c;
                }
            }
            this.neighbours = Arrays.copyOf(n, k);
            List<LatLng> boundary = H3.cellToBoundary(cell);
            int vertices = boundary.size();
            int points = vertices * EDGE_STEPS + 1;
            lons = new double[points];
            lats = new double[points];
            double prevLon = boundary.get(0).lng;
            double loLon = Double.POSITIVE_INFINITY;
            double hiLon = Double.NEGATIVE_INFINITY;
            double loLat = Double.POSITIVE_INFINITY;
            double hiLat = Double.NEGATIVE_INFINITY;
            int at = 0;
            for (int v = 0; v < vertices; v++) {
                double[] a = unit(boundary.get(v));
                double[] b = unit(boundary.get((v + 1) % vertices));
                for (int s = 0; s < EDGE_STEPS || (v == vertices - 1 && s == EDGE_STEPS); s++) {
                    double t = (double) s / EDGE_STEPS;
                    double x = a[0] + t * (b[0] - a[0]);
                    double y = a[1] + t * (b[1] - a[1]);
                    double z = a[2] + t * (b[2] - a[2]);
                    double lat = Math.toDegrees(Math.atan2(z, Math.hypot(x, y)));
                    double lon = Math.toDegrees(Math.atan2(y, x));
                    // Unwrap: keep each longitude within 180 degrees of the one before.
                    while (lon - prevLon > 180) {
                        lon -= 360;
                    }
                    while (lon - prevLon < -180) {
                        lon += 360;
                    }
                    prevLon = lon;
                    lons[at] = lon;
                    lats[at] = lat;
                    at++;
                    loLon = Math.min(loLon, lon);
                    hiLon = Math.max(hiLon, lon);
                    loLat = Math.min(loLat, lat);
                    hiLat = Math.max(hiLat, lat);
                }
            }
            assert at == points;
            minLon = loLon;
            maxLon = hiLon;
            minLat = loLat;
            maxLat = hiLat;
            // A ring that does not close after unwrapping winds around a pole; near the poles degrees mislead.
            polar = Math.abs(lons[points - 1] - lons[0]) > 1e-6 || Math.max(Math.abs(loLat), Math.abs(hiLat)) > POLAR_LATITUDE;
        }

        private static double[] unit(LatLng p) {
            double phi = Math.toRadians(p.lat);
            double lambda = Math.toRadians(p.lng);
            return new double[] {Math.cos(phi) * Math.cos(lambda), Math.cos(phi) * Math.sin(lambda), Math.sin(phi)};
        }

        /** Whether the ring (as a polygon) meets the rectangle: an edge crosses it, or the rectangle lies inside the ring. */
        boolean meets(double y0, double x0, double y1, double x1) {
            for (int i = 0; i + 1 < lons.length; i++) {
                if (segmentMeetsRect(lons[i], lats[i], lons[i + 1], lats[i + 1], x0, y0, x1, y1)) {
                    return true;
                }
            }
            return contains((x0 + x1) / 2, (y0 + y1) / 2);
        }

        private boolean contains(double x, double y) {
            boolean inside = false;
            for (int i = 0, j = lons.length - 1; i < lons.length; j = i++) {
                if ((lats[i] > y) != (lats[j] > y)
                    && x < (lons[j] - lons[i]) * (y - lats[i]) / (lats[j] - lats[i]) + lons[i]) {
                    inside = !inside;
                }
            }
            return inside;
        }

        /** Liang-Barsky clipping of segment (ax, ay)-(bx, by) against the closed rectangle. */
        private static boolean segmentMeetsRect(double ax, double ay, double bx, double by, double x0, double y0, double x1, double y1) {
            double t0 = 0;
            double t1 = 1;
            double dx = bx - ax;
            double dy = by - ay;
            double[] p = {-dx, dx, -dy, dy};
            double[] q = {ax - x0, x1 - ax, ay - y0, y1 - ay};
            for (int k = 0; k < 4; k++) {
                if (p[k] == 0) {
                    if (q[k] < 0) {
                        return false;
                    }
                } else {
                    double r = q[k] / p[k];
                    if (p[k] < 0) {
                        t0 = Math.max(t0, r);
                    } else {
                        t1 = Math.min(t1, r);
                    }
                    if (t0 > t1) {
                        return false;
                    }
                }
            }
            return true;
        }
    }
}
