package io.geomatch.bench.engine;

import io.geomatch.world.CameraWorld;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.prep.PreparedGeometry;

/**
 * The brute-force baseline: answers a query by looking at every camera in primitive arrays, with
 * no index at all. It is what an application would write first, done carefully.
 *
 * <p>For each camera, in position order: a bounding-box test on its raw coordinates (the same
 * inclusive envelope test JTS starts {@code covers} with), then eligibility
 * ({@code optedIn && !e2ee}), then JTS {@link PreparedGeometry#covers} on a point, then the
 * time rule of DESIGN section 3 on each of its raw footage intervals until one qualifies:
 * interval {@code [s, e)} occupies buckets {@code floor(s/B)..floor((e-1)/B)}, the window
 * {@code floor(from/B)..floor((to-1)/B)}, and a bucket is retained from
 * {@code floor((now - days*86400000)/B)} on. So it does the same work per query as geomatch is
 * asked to do, only without an index: time O(cameras) plus the footage of the spatial candidates.
 *
 * <p>It allocates one JTS point per camera inside the area's bounding box, as JTS's API
 * requires. Thread-safe for concurrent queries with separate {@link Hits}, since it only reads.
 */
public final class BruteForceScan {
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
