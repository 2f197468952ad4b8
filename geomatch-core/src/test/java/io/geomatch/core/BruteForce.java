package io.geomatch.core;

import com.uber.h3core.H3Core;
import org.locationtech.jts.geom.Coordinate;
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
 * The reference the index must agree with: every camera and every footage row checked one by
 * one with the contract's definitions (DESIGN section 3), sharing no code with the index.
 */
final class BruteForce {
    static final double EARTH_RADIUS_METERS = 6_371_008.8;
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
    interface Region {
        boolean covers(double lat, double lon);
    }

    private BruteForce() {
    }

    /**
     * JTS covers on (x = lon, y = lat); several polygons match if any covers the point. Uses
     * JTS's prepared form of each polygon, which JTS defines to answer exactly as
     * {@code Geometry.covers}, only faster on many-vertex polygons.
     */
    static Region polygons(Geometry g) {
        List<PreparedGeometry> parts = new ArrayList<>();
        for (int i = 0; i < g.getNumGeometries(); i++) {
            Geometry part = g.getGeometryN(i);
            for (int j = 0; j < part.getNumGeometries(); j++) {
                parts.add(PreparedGeometryFactory.prepare(part.getGeometryN(j)));
            }
        }
        return (lat, lon) -> {
            Geometry point = FACTORY.createPoint(new Coordinate(lon, lat));
            for (PreparedGeometry p : parts) {
                if (p.covers(point)) {
                    return true;
                }
            }
            return false;
        };
    }

    static Region circle(double centerLat, double centerLon, double radiusMeters) {
        return (lat, lon) -> haversineMeters(centerLat, centerLon, lat, lon) <= radiusMeters;
    }

    static double haversineMeters(double lat1, double lon1, double lat2, double lon2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dp = p2 - p1;
        double dl = Math.toRadians(lon2 - lon1);
        double a = Math.pow(Math.sin(dp / 2), 2) + Math.cos(p1) * Math.cos(p2) * Math.pow(Math.sin(dl / 2), 2);
        return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    static Region cells(long... cells) {
        return (lat, lon) -> {
            for (long c : cells) {
                if (H3.latLngToCell(lat, lon, H3.getResolution(c)) == c) {
                    return true;
                }
            }
            return false;
        };
    }

    static H3Core h3() {
        return H3;
    }

    /** Which cameras the region covers, one test per camera. */
    static boolean[] inside(Dataset d, Region region) {
        boolean[] inside = new boolean[d.size()];
        for (int c = 0; c < d.size(); c++) {
            inside[c] = region.covers(d.lat[c], d.lon[c]);
        }
        return inside;
    }

    /** The expected ids, ascending, for a polygonal area (union of its parts, JTS covers). */
    static long[] matchPolygons(Dataset d, long bucketMillis, Geometry area, long from, long to, long now) {
        return match(d, bucketMillis, inside(d, polygons(area)), from, to, now);
    }

    /** The expected ids, ascending, given which cameras are inside the area. */
    static long[] match(Dataset d, long bucketMillis, boolean[] inside, long from, long to, long now) {
        long windowFirst = Math.floorDiv(from, bucketMillis);
        long windowLast = Math.floorDiv(to - 1, bucketMillis);
        boolean[] hit = new boolean[d.size()];
        for (int f = 0; f < d.footageCount(); f++) {
            int c = d.footageCamera[f];
            if (hit[c] || !d.optedIn[c] || d.e2ee[c]) {
                continue;
            }
            long first = Math.max(Math.floorDiv(d.footageStart[f], bucketMillis), windowFirst);
            long last = Math.min(Math.floorDiv(d.footageEnd[f] - 1, bucketMillis), windowLast);
            if (first > last) {
                continue;
            }
            // Retention is monotone in the bucket: the latest shared bucket decides.
            boolean retained = (last + 1) * bucketMillis > now - d.retentionDays[c] * 86_400_000L;
            if (retained && inside[c]) {
                hit[c] = true;
            }
        }
        long[] ids = new long[d.size()];
        int n = 0;
        for (int c = 0; c < d.size(); c++) {
            if (hit[c]) {
                ids[n++] = d.ids[c];
            }
        }
        long[] result = Arrays.copyOf(ids, n);
        Arrays.sort(result);
        return result;
    }
}
