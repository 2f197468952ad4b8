package io.geomatch.bench.engine;

import com.uber.h3core.H3Core;
import com.uber.h3core.util.LatLng;
import io.geomatch.world.CameraWorld;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.prep.PreparedGeometry;

import java.util.Arrays;
import java.util.List;

/**
 * The brute-force baseline: answers a query by looking at every camera in primitive arrays, with
 * no index at all. It is what an application would write first, done carefully.
 *
 * <p>For each camera, in position order: a bounding-box test on its raw coordinates (the same
 * inclusive envelope test JTS starts {@code covers} with), then eligibility
 * ({@code optedIn && !e2ee}), then JTS {@link PreparedGeometry#covers} on a point, then the
 * time rule of the README's "Matching contract" on each of its raw footage intervals until one qualifies:
 * interval {@code [s, e)} occupies buckets {@code floor(s/B)..floor((e-1)/B)}, the window
 * {@code floor(from/B)..floor((to-1)/B)}, and a bucket is retained from
 * {@code floor((now - days*86400000)/B)} on. So it does the same work per query as geomatch is
 * asked to do, only without an index: time O(cameras) plus the footage of the spatial candidates.
 *
 * <p>An area of H3 cells ({@link #matchCells}) is scanned the same way, with h3-java's
 * {@code latLngToCell} in place of JTS.
 *
 * <p>It allocates one JTS point per camera inside the area's bounding box, as JTS's API
 * requires. Thread-safe for concurrent queries with separate {@link Hits}, since it only reads.
 */
public final class BruteForceScan {
    private static final H3Core H3 = H3Library.H3;

    private final GeometryFactory factory = new GeometryFactory();
    private final int cameraCount;
    private final long bucketMillis;
    private final double[] latDegrees;
    private final double[] lonDegrees;
    private final boolean[] optedIn;
    private final boolean[] e2ee;
    private final int[] retentionDays;
    private final int[] footageOffsets;
    private final long[] footageStartMillis;
    private final int[] footageDurationMillis;

    /**
     * Wraps a data set's arrays, without copying.
     *
     * @param data the cameras and their footage
     * @param bucketMillis the time bucket size {@code B}, ms, at least 1, as the compared index uses
     * @throws IllegalArgumentException if {@code bucketMillis < 1}
     */
    public BruteForceScan(CameraWorld data, long bucketMillis) {
        if (bucketMillis < 1) {
            throw new IllegalArgumentException("bucketMillis=" + bucketMillis + " is out of range, allowed 1 or more");
        }
        this.cameraCount = data.cameraCount();
        this.bucketMillis = bucketMillis;
        this.latDegrees = data.latDegrees();
        this.lonDegrees = data.lonDegrees();
        this.optedIn = data.optedIn();
        this.e2ee = data.e2ee();
        this.retentionDays = data.retentionDays();
        this.footageOffsets = data.footageOffsets();
        this.footageStartMillis = data.footageStartMillis();
        this.footageDurationMillis = data.footageDurationMillis();
    }

    /**
     * Finds the eligible cameras covered by {@code area} that hold retained footage in the
     * window.
     *
     * @param area the area, prepared, in (x = lon, y = lat) degrees
     * @param fromMillis window start, inclusive, epoch ms
     * @param toMillis window end, exclusive, epoch ms, greater than {@code fromMillis}
     * @param nowMillis the instant retention is judged at, epoch ms
     * @param into cleared, then filled with the matching camera positions, ascending
     * @return how many cameras match
     */
    public int match(PreparedGeometry area, long fromMillis, long toMillis, long nowMillis, Hits into) {
        into.clear();
        Envelope box = area.getGeometry().getEnvelopeInternal();
        double minLon = box.getMinX();
        double maxLon = box.getMaxX();
        double minLat = box.getMinY();
        double maxLat = box.getMaxY();
        long firstBucket = Math.floorDiv(fromMillis, bucketMillis);
        long lastBucket = Math.floorDiv(toMillis - 1, bucketMillis);
        for (int i = 0; i < cameraCount; i++) {
            double lon = lonDegrees[i];
            double lat = latDegrees[i];
            // Non-short-circuit '&': cameras are in no spatial order, so a branch per comparison
            // would be mispredicted about half the time; this leaves one rarely-taken branch.
            boolean inBox = (lon >= minLon) & (lon <= maxLon) & (lat >= minLat) & (lat <= maxLat);
            if (inBox && optedIn[i] && !e2ee[i]
                && area.covers(factory.createPoint(new Coordinate(lon, lat)))
                && hasFootage(i, firstBucket, lastBucket, nowMillis)) {
                into.add(i);
            }
        }
        return into.count();
    }

    /**
     * Prepares a set of H3 cells for {@link #matchCells}: the distinct cells of each resolution,
     * ascending, and a box holding them all (each cell's boundary, its great-circle edges
     * sampled, padded by 2% and 1e-6 degrees; every longitude for a cell across the antimeridian
     * or holding a pole). Allocates.
     *
     * @param cells valid H3 cells, at least one
     * @return the prepared set
     */
    public CellSet cellSet(long[] cells) {
        int[] resolutions = Arrays.stream(cells).mapToInt(H3::getResolution).distinct().sorted().toArray();
        long[][] byResolution = new long[resolutions.length][];
        for (int k = 0; k < resolutions.length; k++) {
            int res = resolutions[k];
            byResolution[k] = Arrays.stream(cells).filter(c -> H3.getResolution(c) == res).sorted().distinct().toArray();
        }
        double[] box = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (long cell : cells) {
            cellBox(cell, box);
        }
        return new CellSet(resolutions, byResolution, box[0], box[1], box[2], box[3]);
    }

    private static void cellBox(long cell, double[] box) {
        List<LatLng> boundary = H3.cellToBoundary(cell);
        double x0 = Double.POSITIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        int n = boundary.size();
        for (int v = 0; v < n; v++) {
            double[] a = unit(boundary.get(v));
            double[] b = unit(boundary.get((v + 1) % n));
            for (int s = 0; s <= 16; s++) {
                double t = s / 16.0;
                double x = a[0] + t * (b[0] - a[0]);
                double y = a[1] + t * (b[1] - a[1]);
                double z = a[2] + t * (b[2] - a[2]);
                double lat = Math.toDegrees(Math.atan2(z, Math.hypot(x, y)));
                double lon = Math.toDegrees(Math.atan2(y, x));
                x0 = Math.min(x0, lon);
                x1 = Math.max(x1, lon);
                y0 = Math.min(y0, lat);
                y1 = Math.max(y1, lat);
            }
        }
        int res = H3.getResolution(cell);
        boolean north = H3.latLngToCell(90, 0, res) == cell;
        boolean south = H3.latLngToCell(-90, 0, res) == cell;
        double padLat = (y1 - y0) * 0.02 + 1e-6;
        double padLon = (x1 - x0) * 0.02 + 1e-6;
        if (x1 - x0 > 180 || north || south) {
            x0 = -180;
            x1 = 180;
        } else {
            x0 -= padLon;
            x1 += padLon;
        }
        box[0] = Math.min(box[0], x0);
        box[1] = Math.min(box[1], south ? -90 : y0 - padLat);
        box[2] = Math.max(box[2], x1);
        box[3] = Math.max(box[3], north ? 90 : y1 + padLat);
    }

    private static double[] unit(LatLng p) {
        double phi = Math.toRadians(p.lat);
        double lambda = Math.toRadians(p.lng);
        return new double[] {Math.cos(phi) * Math.cos(lambda), Math.cos(phi) * Math.sin(lambda), Math.sin(phi)};
    }

    /**
     * Finds the eligible cameras in the H3 cells that hold retained footage in the window: for
     * every camera, the box test, eligibility, then h3-java {@code latLngToCell} at each
     * resolution of the set (one JNI call each) until a cell of the set is found, then the raw
     * footage intervals.
     *
     * @param cells the cells, from {@link #cellSet}
     * @param fromMillis window start, inclusive, epoch ms
     * @param toMillis window end, exclusive, epoch ms, greater than {@code fromMillis}
     * @param nowMillis the instant retention is judged at, epoch ms
     * @param into cleared, then filled with the matching camera positions, ascending
     * @return how many cameras match
     */
    public int matchCells(CellSet cells, long fromMillis, long toMillis, long nowMillis, Hits into) {
        into.clear();
        long firstBucket = Math.floorDiv(fromMillis, bucketMillis);
        long lastBucket = Math.floorDiv(toMillis - 1, bucketMillis);
        for (int i = 0; i < cameraCount; i++) {
            double lon = lonDegrees[i];
            double lat = latDegrees[i];
            boolean inBox = (lon >= cells.minLon) & (lon <= cells.maxLon) & (lat >= cells.minLat) & (lat <= cells.maxLat);
            if (inBox && optedIn[i] && !e2ee[i] && cells.covers(lat, lon) && hasFootage(i, firstBucket, lastBucket, nowMillis)) {
                into.add(i);
            }
        }
        return into.count();
    }

    /** H3 cells by resolution and a box holding them, from {@link #cellSet}. Immutable. */
    public static final class CellSet {
        private final int[] resolutions;
        private final long[][] cells;
        private final double minLon;
        private final double minLat;
        private final double maxLon;
        private final double maxLat;

        private CellSet(int[] resolutions, long[][] cells, double minLon, double minLat, double maxLon, double maxLat) {
            this.resolutions = resolutions;
            this.cells = cells;
            this.minLon = minLon;
            this.minLat = minLat;
            this.maxLon = maxLon;
            this.maxLat = maxLat;
        }

        boolean covers(double lat, double lon) {
            for (int k = 0; k < resolutions.length; k++) {
                if (Arrays.binarySearch(cells[k], H3.latLngToCell(lat, lon, resolutions[k])) >= 0) {
                    return true;
                }
            }
            return false;
        }
    }

    private boolean hasFootage(int camera, long firstBucket, long lastBucket, long nowMillis) {
        long oldestRetained = Math.floorDiv(nowMillis - retentionDays[camera] * CameraWorld.MILLIS_PER_DAY, bucketMillis);
        long from = Math.max(firstBucket, oldestRetained);
        for (int f = footageOffsets[camera]; f < footageOffsets[camera + 1]; f++) {
            long start = footageStartMillis[f];
            long first = Math.floorDiv(start, bucketMillis);
            long last = Math.floorDiv(start + footageDurationMillis[f] - 1, bucketMillis);
            if (Math.max(first, from) <= Math.min(last, lastBucket)) {
                return true;
            }
        }
        return false;
    }
}
