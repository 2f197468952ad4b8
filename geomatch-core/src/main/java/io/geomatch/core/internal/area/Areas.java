package io.geomatch.core.internal.area;

import io.geomatch.core.InvalidInputException;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The one entry to this package: an area from GeoJSON text, from WKT text, or checked as given.
 * Every result obeys {@code AreaRules}; every refusal is an {@link InvalidInputException} of one
 * line. Stateless and thread-safe.
 */
public final class Areas {
    private Areas() {
    }

    /**
     * @param json GeoJSON text: a Polygon, MultiPolygon or GeometryCollection of those, a Feature
     *     or a FeatureCollection
     * @param sourceName what error messages start with, such as a file name
     * @return a Polygon or MultiPolygon, or a GeometryCollection of them when there are several parts
     * @throws InvalidInputException on malformed JSON or an invalid area, naming the line
     */
    public static Geometry fromGeoJson(String json, String sourceName) {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(sourceName, "sourceName");
        return GeoJsonAreas.toArea(JsonParser.parse(json, sourceName), sourceName);
    }

    /**
     * @param wkt {@code POLYGON}, {@code MULTIPOLYGON} or a {@code GEOMETRYCOLLECTION} of those, in
     *     (lon lat) order
     * @return a Polygon or MultiPolygon, or a GeometryCollection of them when there are several parts
     * @throws InvalidInputException on malformed WKT ({@code wkt ... is not valid WKT: reason}),
     *     another geometry type, an empty area, a coordinate out of range or an invalid polygon
     */
    public static Geometry fromWkt(String wkt) {
        Objects.requireNonNull(wkt, "wkt");
        Geometry geometry;
        try {
            geometry = new WKTReader(AreaRules.FACTORY).read(wkt);
        } catch (ParseException | IllegalArgumentException e) {
            throw new InvalidInputException("wkt", JsonValue.snippet(wkt, 0, wkt.length()), "is not valid WKT: " + e.getMessage());
        }
        String rest = afterGeometry(wkt);
        if (!rest.isEmpty()) {
            throw new InvalidInputException("wkt", JsonValue.snippet(rest, 0, rest.length()),
                "is not valid WKT: unexpected text after the end of the geometry");
        }
        List<Geometry> parts = new ArrayList<>();
        AreaRules.collectParts(geometry, parts);
        return AreaRules.combine(parts);
    }

    /**
     * Checks a geometry given directly: a Polygon, MultiPolygon or GeometryCollection of those, not
     * empty, coordinates in range (x = lon -180..180, y = lat -90..90), each Polygon and
     * MultiPolygon valid by JTS {@code IsValidOp}; parts of a collection may overlap.
     *
     * @param geometry the geometry
     * @throws InvalidInputException naming the first broken rule, for example
     *     {@code area is not a valid polygon: Self-intersection at 1 1}
     */
    public static void validate(Geometry geometry) {
        AreaRules.collectParts(Objects.requireNonNull(geometry, "geometry"), new ArrayList<>());
    }

    /**
     * JTS stops reading at the end of the geometry and ignores what follows; this finds what follows
     * the parenthesis that closes the first one, which is where every non-empty WKT geometry ends.
     */
    private static String afterGeometry(String wkt) {
        int open = wkt.indexOf('(');
        if (open < 0) {
            return "";
        }
        int depth = 0;
        for (int i = open; i < wkt.length(); i++) {
            char c = wkt.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return wkt.substring(i + 1).strip();
            }
        }
        return "";
    }
}
