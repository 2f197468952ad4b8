package io.geomatch.bench;

import io.geomatch.world.CameraWorld;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

import java.util.Arrays;

/**
 * The test oracle for the side-by-side engines: DESIGN section 3 in its literal form, sharing no
 * code with what it checks. Spatial half: plain (unprepared) JTS {@code Geometry.covers} on a
 * fresh point for every camera. The rest: eligibility, then each raw footage interval's buckets
 * against the window's buckets and the retention inequality.
 */
public final class BruteForceOracle {
    private static final GeometryFactory FACTORY = new GeometryFactory();

    private BruteForceOracle() {
    }

    /**
     * @param data the cameras
     * @param area the area, (x = lon, y = lat) degrees
     * @return positions of the cameras the area covers, boundary included, ascending
     */
    public static int[] covered(CameraWorld data, Geometry area) {
        int[] found = new int[data.cameraCount()];
        int size = 0;
        for (int i = 0; i < data.cameraCount(); i++) {
            if (area.covers(FACTORY.createPoint(new Coordinate(data.lonDegrees()[i], data.latDegrees()[i])))) {
                found[size++] = i;
            }
        }
        return Arrays.copyOf(found, size);
    }

    /**
     * @param data the cameras
     * @param covered positions of the cameras the area covers, from {@link #covered}
     * @param fromMillis window start, inclusive, epoch ms
     * @param toMillis window end, exclusive, epoch ms
     * @param nowMillis the instant retention is judged at, epoch ms
     * @param bucketMillis the bucket size {@code B}, ms
     * @return the ids of the covered cameras that are eligible and hold a retained footage bucket
     *     in the window, ascending
     */
    public static long[] matchingIds(CameraWorld data, int[] covered, long fromMillis, long toMillis, long nowMillis,
                                     long bucketMillis) {
        long windowFirst = Math.floorDiv(fromMillis, bucketMillis);
        long windowLast = Math.floorDiv(toMillis - 1, bucketMillis);
        long[] found = new long[covered.length];
        int size = 0;
        for (int i : covered) {
            if (!(data.optedIn()[i] && !data.e2ee()[i])) {
                continue;
            }
            long retentionMillis = data.retentionDays()[i] * 86_400_000L;
            boolean hit = false;
            for (int f = data.footageOffsets()[i]; f < data.footageOffsets()[i + 1] && !hit; f++) {
                long s = data.footageStartMillis()[f];
                long e = s + data.footageDurationMillis()[f];
                // Of the interval's buckets floor(s/B)..floor((e-1)/B) that lie in the window, if
                // any is retained the latest one is: (b+1)*B > now - retention only gets truer as
                // b grows. So testing that one bucket is the rule, not a shortcut of it.
                long first = Math.max(Math.floorDiv(s, bucketMillis), windowFirst);
                long last = Math.min(Math.floorDiv(e - 1, bucketMillis), windowLast);
                hit = first <= last && (last + 1) * bucketMillis > nowMillis - retentionMillis;
            }
            if (hit) {
                found[size++] = data.ids()[i];
            }
        }
        long[] ids = Arrays.copyOf(found, size);
        Arrays.sort(ids);
        return ids;
    }
}
