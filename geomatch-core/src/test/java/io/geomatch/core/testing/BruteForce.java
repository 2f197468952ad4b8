package io.geomatch.core.testing;

import com.uber.h3core.H3Core;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one reference every index, store, peer engine and workload is checked against: every camera
 * and every footage row tested one by one with the contract's definitions (the README's "Matching contract"),
 * sharing no code with the index. Core, world and bench tests all use it (the core's test jar
 * ships it).
 */
public final class BruteForce {
    /** The sphere of the circle rule, metres. */
    public static final double EARTH_RADIUS_METERS = 6_371_008.8;
    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final GeometryFactory FACTORY = new GeometryFactory();
    private static final H3Core H3;

    static {
        try {
            H3 = H3Core.newInstance();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A point predicate in the contract's own terms. */
    public interface Region {
        /**
         * @param lat latitude, degrees
         * @param lon longitude, degrees
         * @return whether a camera there is inside
         */
        boolean covers(double lat, double lon);
    }

    /** Cameras and their footage as the oracle reads them: cameras by index, footage rows each naming its camera. */
    public interface Fleet {
        /** @return how many cameras */
        int cameraCount();

        /**
         * @param c camera index
         * @return its id
         */
        long id(int c);

        /**
         * @param c camera index
         * @return its latitude
         */
        double lat(int c);

        /**
         * @param c camera index
         * @return its longitude
         */
        double lon(int c);

        /**
         * @param c camera index
         * @return whether its owner receives requests
         */
        boolean optedIn(int c);

        /**
         * @param c camera index
         * @return whether its footage is end-to-end encrypted
         */
        boolean e2ee(int c);

        /**
         * @param c camera index
         * @return days of footage kept
         */
        int retentionDays(int c);

        /** @return how many footage rows */
        int footageCount();

        /**
         * @param f footage row
         * @return the index of its camera
         */
        int footageCamera(int f);

        /**
         * @param f footage row
         * @return its inclusive start, epoch ms
         */
        long footageStart(int f);

        /**
         * @param f footage row
         * @return its exclusive end, epoch ms
         */
        long footageEnd(int f);

        /**
         * @param c camera index
         * @return whether it has a view; without one, it matches by position in every mode
         */
        default boolean hasView(int c) {
            return false;
        }

        /**
         * @param c camera index, with a view
         * @return its heading, degrees clockwise from north
         */
        default double headingDegrees(int c) {
            throw new IllegalStateException("no view");
        }

        /**
         * @param c camera index, with a view
         * @return its field of view, degrees
         */
        default double fieldOfViewDegrees(int c) {
            throw new IllegalStateException("no view");
        }

        /**
         * @param c camera index, with a view
         * @return its range, metres
         */
        default double rangeMeters(int c) {
            throw new IllegalStateException("no view");
        }
    }

    private BruteForce() {
    }

    /**
     * Cameras in arrays, with their footage grouped per camera: camera {@code c}'s clips are rows
     * {@code footageOffsets[c]..footageOffsets[c+1]-1}, each {@code [start, start + duration)}.
     *
     * @param ids camera ids
     * @param lat latitudes
     * @param lon longitudes
     * @param optedIn opt-in flags
     * @param e2ee encryption flags
     * @param retentionDays retention, days
     * @param footageOffsets per camera, its first footage row; one more entry at the end
     * @param footageStart per footage row, its start, epoch ms
     * @param footageDuration per footage row, its length, ms
     * @return a fleet over the arrays (not copied)
     */
    public static Fleet grouped(long[] ids, double[] lat, double[] lon, boolean[] optedIn, boolean[] e2ee, int[] retentionDays,
                                int[] footageOffsets, long[] footageStart, int[] footageDuration) {
        int cameras = ids.length;
        int[] cameraOf = new int[footageOffsets[cameras]];
        for (int c = 0; c < cameras; c++) {
            Arrays.fill(cameraOf, footageOffsets[c], footageOffsets[c + 1], c);
        }
        return new Fleet() {
            @Override public int cameraCount() {
                return cameras;
            }

            @Override public long id(int c) {
                return ids[c];
            }

            @Override public double lat(int c) {
                return lat[c];
            }

            @Override public double lon(int c) {
                return lon[c];
            }

            @Override public boolean optedIn(int c) {
                return optedIn[c];
            }

            @Override public boolean e2ee(int c) {
                return e2ee[c];
            }

            @Override public int retentionDays(int c) {
                return retentionDays[c];
            }

            @Override public int footageCount() {
                return cameraOf.length;
            }

            @Override public int footageCamera(int f) {
                return cameraOf[f];
            }

            @Override public long footageStart(int f) {
                return footageStart[f];
            }

            @Override public long footageEnd(int f) {
                return footageStart[f] + footageDuration[f];
            }
        };
    }

    /**
     * A fleet whose cameras have the given views.
     *
     * @param fleet the cameras and footage
     * @param hasView whether a camera has a view
     * @param headingDegrees a camera's heading
     * @param fieldOfViewDegrees a camera's field of view
     * @param rangeMeters a camera's range
     * @return the fleet, with views
     */
    public static Fleet withViews(Fleet fleet, java.util.function.IntPredicate hasView, java.util.function.IntToDoubleFunction headingDegrees,
                                  java.util.function.IntToDoubleFunction fieldOfViewDegrees, java.util.function.IntToDoubleFunction rangeMeters) {
        return new Fleet() {
            @Override public int cameraCount() {
                return fleet.cameraCount();
            }

            @Override public long id(int c) {
                return fleet.id(c);
            }

            @Override public double lat(int c) {
                return fleet.lat(c);
            }

            @Override public double lon(int c) {
                return fleet.lon(c);
            }

            @Override public boolean optedIn(int c) {
                return fleet.optedIn(c);
            }

            @Override public boolean e2ee(int c) {
                return fleet.e2ee(c);
            }

            @Override public int retentionDays(int c) {
                return fleet.retentionDays(c);
            }

            @Override public int footageCount() {
                return fleet.footageCount();
            }

            @Override public int footageCamera(int f) {
                return fleet.footageCamera(f);
            }

            @Override public long footageStart(int f) {
                return fleet.footageStart(f);
            }

            @Override public long footageEnd(int f) {
                return fleet.footageEnd(f);
            }

            @Override public boolean hasView(int c) {
                return hasView.test(c);
            }

            @Override public double headingDegrees(int c) {
                return headingDegrees.applyAsDouble(c);
            }

            @Override public double fieldOfViewDegrees(int c) {
                return fieldOfViewDegrees.applyAsDouble(c);
            }

            @Override public double rangeMeters(int c) {
                return rangeMeters.applyAsDouble(c);
            }
        };
    }

    /**
     * JTS covers on (x = lon, y = lat); several polygons match if any covers the point. Uses
     * JTS's prepared form of each polygon, which JTS defines to answer exactly as
     * {@code Geometry.covers}, only faster on many-vertex polygons, behind the envelope test that
     * covers implies.
     *
     * @param g Polygon, MultiPolygon or a collection of them
     * @return the region
     */
    public static Region polygons(Geometry g) {
        List<PreparedGeometry> parts = new ArrayList<>();
        for (int i = 0; i < g.getNumGeometries(); i++) {
            Geometry part = g.getGeometryN(i);
            for (int j = 0; j < part.getNumGeometries(); j++) {
                parts.add(PreparedGeometryFactory.prepare(part.getGeometryN(j)));
            }
        }
        Envelope envelope = g.getEnvelopeInternal();
        return (lat, lon) -> {
            if (!envelope.covers(lon, lat)) {
                return false;
            }
            Geometry point = FACTORY.createPoint(new Coordinate(lon, lat));
            for (PreparedGeometry p : parts) {
                if (p.covers(point)) {
                    return true;
                }
            }
            return false;
        };
    }

    /**
     * @param centerLat centre latitude
     * @param centerLon centre longitude
     * @param radiusMeters radius
     * @return haversine distance at most {@code radiusMeters} on the contract's sphere
     */
    public static Region circle(double centerLat, double centerLon, double radiusMeters) {
        return (lat, lon) -> haversineMeters(centerLat, centerLon, lat, lon) <= radiusMeters;
    }

    /**
     * @param lat1 first latitude
     * @param lon1 first longitude
     * @param lat2 second latitude
     * @param lon2 second longitude
     * @return the haversine distance, metres, on a sphere of {@link #EARTH_RADIUS_METERS}
     */
    public static double haversineMeters(double lat1, double lon1, double lat2, double lon2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dp = p2 - p1;
        double dl = Math.toRadians(lon2 - lon1);
        double a = Math.pow(Math.sin(dp / 2), 2) + Math.cos(p1) * Math.cos(p2) * Math.pow(Math.sin(dl / 2), 2);
        return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    /**
     * @param cells H3 cells of any resolutions
     * @return {@code latLngToCell(lat, lon, resolution(c)) == c} for any of the cells
     */
    public static Region cells(long... cells) {
        // The rule asks latLngToCell once per cell; asking once per resolution present and looking
        // the answer up among that resolution's cells is the same test, and far fewer JNI calls.
        java.util.Map<Integer, java.util.Set<Long>> byResolution = new java.util.TreeMap<>();
        for (long c : cells) {
            byResolution.computeIfAbsent(H3.getResolution(c), r -> new java.util.HashSet<>()).add(c);
        }
        return (lat, lon) -> {
            for (java.util.Map.Entry<Integer, java.util.Set<Long>> e : byResolution.entrySet()) {
                if (e.getValue().contains(H3.latLngToCell(lat, lon, e.getKey()))) {
                    return true;
                }
            }
            return false;
        };
    }

    /**
     * Which cameras match a polygonal area by view, as the contract defines it: a camera without a
     * view by position (JTS covers); one with a view when its sector meets the area. Written apart
     * from the index, with JTS: in the camera's ground frame ({@code x = (lon - lon0) cos(lat0)
     * pi/180 R}, {@code y = (lat - lat0) pi/180 R}) the area becomes a polygon in metres, the wedge
     * of bearings a polygon reaching beyond the range (its straight sides exact, its far side
     * outside the range circle), and the sector meets the area exactly when the distance from the
     * camera to the wedge's intersection with the area is at most the range (to the area itself, for
     * a full circle).
     *
     * <p>Where the answer depends on rounding, the contract allows either: a camera is marked
     * ambiguous (and its answer should not be compared) when its answer changes as the range moves
     * by 1 mm or the wedge's bounding angles by 1e-9 rad.
     *
     * @param d the fleet
     * @param area polygons in (x = lon, y = lat) degrees
     * @param ambiguous filled: which cameras may answer either way
     * @return which cameras match by view
     */
    public static boolean[] viewInside(Fleet d, Geometry area, boolean[] ambiguous) {
        Region position = polygons(area);
        boolean[] inside = new boolean[d.cameraCount()];
        for (int c = 0; c < inside.length; c++) {
            inside[c] = position.covers(d.lat(c), d.lon(c));
            ambiguous[c] = false;
            if (inside[c] || !d.hasView(c)) {
                continue;
            }
            double r = d.rangeMeters(c);
            // Beyond the range, with room for the 1 mm the ambiguity test adds, the area is out of sight.
            Envelope box = area.getEnvelopeInternal();
            double reachLat = (r + 0.01) / (Math.PI / 180 * EARTH_RADIUS_METERS);
            double reachLon = reachLat / Math.max(1e-12, Math.cos(Math.toRadians(Math.min(90, Math.abs(d.lat(c)) + reachLat))));
            if (d.lat(c) < box.getMinY() - reachLat || d.lat(c) > box.getMaxY() + reachLat
                || d.lon(c) < box.getMinX() - reachLon || d.lon(c) > box.getMaxX() + reachLon) {
                continue;
            }
            double h = Math.toRadians(d.headingDegrees(c));
            double half = Math.toRadians(d.fieldOfViewDegrees(c)) / 2;
            boolean disk = d.fieldOfViewDegrees(c) >= 360;
            Geometry frame = toFrame(area, d.lat(c), d.lon(c));
            double toArea = frame.distance(ORIGIN);
            if (toArea > r + 0.01) {
                continue;
            }
            boolean base = sees(frame, r, h - half, h + half, disk);
            inside[c] = base;
            ambiguous[c] = sees(frame, r + 0.001, h - half, h + half, disk) != base || sees(frame, r - 0.001, h - half, h + half, disk) != base
                || !disk && (sees(frame, r, h - half - 1e-9, h + half + 1e-9, false) != base
                    || sees(frame, r, h - half + 1e-9, h + half - 1e-9, false) != base);
        }
        return inside;
    }

    private static final Geometry ORIGIN = FACTORY.createPoint(new Coordinate(0, 0));

    /** @return the area in the ground frame of a camera at (lat0, lon0), metres */
    private static Geometry toFrame(Geometry area, double lat0, double lon0) {
        double ky = Math.PI / 180 * EARTH_RADIUS_METERS;
        double kx = Math.cos(Math.toRadians(lat0)) * ky;
        Geometry copy = area.copy();
        copy.apply((org.locationtech.jts.geom.CoordinateFilter) p -> {
            p.x = (p.x - lon0) * kx;
            p.y = (p.y - lat0) * ky;
        });
        copy.geometryChanged();
        return copy;
    }

    /** @return whether the sector of range r between the bearings (radians, clockwise from north) meets the area */
    private static boolean sees(Geometry frame, double r, double from, double to, boolean disk) {
        if (disk) {
            return frame.distance(ORIGIN) <= r;
        }
        double span = to - from;
        int steps = Math.max(2, (int) Math.ceil(span / Math.toRadians(10)));
        Coordinate[] ring = new Coordinate[steps + 3];
        ring[0] = new Coordinate(0, 0);
        double far = 2 * r + 1;
        for (int i = 0; i <= steps; i++) {
            double bearing = from + span * i / steps;
            ring[i + 1] = new Coordinate(far * Math.sin(bearing), far * Math.cos(bearing));
        }
        ring[steps + 2] = ring[0];
        Geometry wedge = FACTORY.createPolygon(ring);
        Geometry seen = wedge.intersection(frame.buffer(0));
        return !seen.isEmpty() && seen.distance(ORIGIN) <= r;
    }

    /** @return h3-java, for tests that pick cells */
    public static H3Core h3() {
        return H3;
    }

    /**
     * @param d the fleet
     * @param region the region
     * @return which cameras the region covers, one test per camera
     */
    public static boolean[] inside(Fleet d, Region region) {
        boolean[] inside = new boolean[d.cameraCount()];
        for (int c = 0; c < inside.length; c++) {
            inside[c] = region.covers(d.lat(c), d.lon(c));
        }
        return inside;
    }

    /**
     * @param d the fleet
     * @param bucketMillis the bucket size
     * @param region the area
     * @param from window start, inclusive
     * @param to window end, exclusive
     * @param now when retention is judged
     * @return the expected ids, ascending, for a region
     */
    public static long[] match(Fleet d, long bucketMillis, Region region, long from, long to, long now) {
        return match(d, bucketMillis, inside(d, region), from, to, now);
    }

    /**
     * @param d the fleet
     * @param bucketMillis the bucket size
     * @param area polygons
     * @param from window start, inclusive
     * @param to window end, exclusive
     * @param now when retention is judged
     * @return the expected ids, ascending, for a polygonal area (union of its parts, JTS covers)
     */
    public static long[] matchPolygons(Fleet d, long bucketMillis, Geometry area, long from, long to, long now) {
        return match(d, bucketMillis, polygons(area), from, to, now);
    }

    /**
     * The contract, row by row: a camera matches if it is eligible ({@code optedIn && !e2ee}),
     * inside, and one of its footage rows occupies a bucket of the window that is retained at
     * {@code now}.
     *
     * @param d the fleet
     * @param bucketMillis the bucket size
     * @param inside which cameras the area covers
     * @param from window start, inclusive
     * @param to window end, exclusive
     * @param now when retention is judged
     * @return the expected ids, ascending
     */
    public static long[] match(Fleet d, long bucketMillis, boolean[] inside, long from, long to, long now) {
        if (bucketMillis < 1 || to <= from) {
            throw new IllegalArgumentException("bucketMillis=" + bucketMillis + " from=" + from + " to=" + to);
        }
        long windowFirst = Math.floorDiv(from, bucketMillis);
        long windowLast = Math.floorDiv(to - 1, bucketMillis);
        boolean[] hit = new boolean[d.cameraCount()];
        for (int f = 0; f < d.footageCount(); f++) {
            int c = d.footageCamera(f);
            if (hit[c] || !inside[c] || !d.optedIn(c) || d.e2ee(c)) {
                continue;
            }
            long first = Math.max(Math.floorDiv(d.footageStart(f), bucketMillis), windowFirst);
            long last = Math.min(Math.floorDiv(d.footageEnd(f) - 1, bucketMillis), windowLast);
            // Retention is monotone in the bucket: the latest shared bucket decides.
            if (first <= last && (last + 1) * bucketMillis > now - d.retentionDays(c) * MILLIS_PER_DAY) {
                hit[c] = true;
            }
        }
        long[] ids = new long[d.cameraCount()];
        int n = 0;
        for (int c = 0; c < hit.length; c++) {
            if (hit[c]) {
                ids[n++] = d.id(c);
            }
        }
        long[] result = Arrays.copyOf(ids, n);
        Arrays.sort(result);
        return result;
    }
}
