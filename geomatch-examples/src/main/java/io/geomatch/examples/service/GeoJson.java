package io.geomatch.examples.service;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;

/**
 * Writes a validated Polygon or MultiPolygon back as plain GeoJSON, so that what the service
 * stores and publishes is the geometry alone, never members a caller wrapped around it.
 */
final class GeoJson {
    private GeoJson() {
    }

    /**
     * @param geometry a Polygon or MultiPolygon in (x = lon, y = lat)
     * @return its GeoJSON text, coordinates written exactly ({@link Double#toString})
     */
    static String write(Geometry geometry) {
        StringBuilder sb = new StringBuilder();
        if (geometry instanceof Polygon p) {
            sb.append("{\"type\":\"Polygon\",\"coordinates\":");
            polygon(p, sb);
        } else if (geometry instanceof MultiPolygon mp) {
            sb.append("{\"type\":\"MultiPolygon\",\"coordinates\":[");
            for (int i = 0; i < mp.getNumGeometries(); i++) {
                sb.append(i == 0 ? "" : ",");
                polygon((Polygon) mp.getGeometryN(i), sb);
            }
            sb.append(']');
        } else {
            throw new IllegalArgumentException("only a Polygon or MultiPolygon can be written, not a " + geometry.getGeometryType());
        }
        return sb.append('}').toString();
    }

    private static void polygon(Polygon p, StringBuilder sb) {
        sb.append('[');
        ring(p.getExteriorRing(), sb);
        for (int i = 0; i < p.getNumInteriorRing(); i++) {
            sb.append(',');
            ring(p.getInteriorRingN(i), sb);
        }
        sb.append(']');
    }

    private static void ring(LineString ring, StringBuilder sb) {
        sb.append('[');
        Coordinate[] cs = ring.getCoordinates();
        for (int i = 0; i < cs.length; i++) {
            sb.append(i == 0 ? "[" : ",[").append(cs[i].x).append(',').append(cs[i].y).append(']');
        }
        sb.append(']');
    }
}
