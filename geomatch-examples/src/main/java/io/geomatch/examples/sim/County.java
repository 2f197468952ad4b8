package io.geomatch.examples.sim;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;

import java.util.Objects;

/**
 * A US county (or county equivalent: parish, borough, census area, independent city, territory
 * district) as an agency jurisdiction.
 *
 * <p>The geometry is a Polygon or MultiPolygon in (x = lon, y = lat) WGS84 degrees, generalised
 * to about 1:10 million, so borders are accurate to a few hundred metres only. JTS geometries are
 * mutable: callers must not modify it. Reading it from several threads is safe.
 *
 * @param fips the five-digit FIPS code, state then county, for example {@code 17031}
 * @param name the county's name without its kind, for example {@code Cook}
 * @param state the full name of the state or territory, for example {@code Illinois}
 * @param geometry its outline, a Polygon or MultiPolygon, x = lon and y = lat in degrees
 * @see Counties
 */
public record County(String fips, String name, String state, Geometry geometry) {
    /**
     * Checks the components.
     *
     * @param fips the five-digit FIPS code
     * @param name the county's name
     * @param state the state's full name
     * @param geometry its outline, a Polygon or MultiPolygon
     * @throws NullPointerException if any component is null
     * @throws IllegalArgumentException if {@code fips} is not five digits or the geometry is
     *     neither a Polygon nor a MultiPolygon
     */
    public County {
        Objects.requireNonNull(fips, "fips");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(geometry, "geometry");
        if (!fips.matches("[0-9]{5}")) {
            throw new IllegalArgumentException("fips '" + fips + "' is not five digits");
        }
        if (!(geometry instanceof Polygon) && !(geometry instanceof MultiPolygon)) {
            throw new IllegalArgumentException("county " + fips + ": geometry is a " + geometry.getGeometryType()
                + ", expected Polygon or MultiPolygon");
        }
    }

    /**
     * Returns the geometry as GeoJSON (RFC 7946) text, for example to pass to
     * {@code io.geomatch.core.Area.geoJson}. Coordinates are written with {@link Double#toString}, so
     * they read back exactly; ring orientation is as stored, not normalised to the RFC's
     * right-hand rule.
     *
     * @return a GeoJSON Polygon or MultiPolygon object, one line
     */
    public String geoJson() {
        StringBuilder out = new StringBuilder(64 + geometry.getNumPoints() * 40);
        if (geometry instanceof Polygon polygon) {
            out.append("{\"type\":\"Polygon\",\"coordinates\":");
            appendPolygon(out, polygon);
        } else {
            out.append("{\"type\":\"MultiPolygon\",\"coordinates\":[");
            for (int i = 0; i < geometry.getNumGeometries(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                appendPolygon(out, (Polygon) geometry.getGeometryN(i));
            }
            out.append(']');
        }
        return out.append('}').toString();
    }

    private static void appendPolygon(StringBuilder out, Polygon polygon) {
        out.append('[');
        appendRing(out, polygon.getExteriorRing());
        for (int i = 0; i < polygon.getNumInteriorRing(); i++) {
            out.append(',');
            appendRing(out, polygon.getInteriorRingN(i));
        }
        out.append(']');
    }

    private static void appendRing(StringBuilder out, LineString ring) {
        out.append('[');
        Coordinate[] coordinates = ring.getCoordinates();
        for (int i = 0; i < coordinates.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append('[').append(coordinates[i].x).append(',').append(coordinates[i].y).append(']');
        }
        out.append(']');
    }
}
