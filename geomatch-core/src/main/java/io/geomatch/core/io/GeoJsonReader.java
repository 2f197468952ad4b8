package io.geomatch.core.io;

import io.geomatch.core.InvalidInputException;
import io.geomatch.core.internal.area.Areas;
import org.locationtech.jts.geom.Geometry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads an area (one or more polygons, with holes) from GeoJSON or WKT into JTS geometry, and
 * refuses anything that is not a valid area with a one-line message that names the line.
 *
 * <p>Accepted GeoJSON (RFC 7946, parsed strictly): a Polygon, MultiPolygon or GeometryCollection
 * of those; a Feature (its geometry); a FeatureCollection (the geometries of all its features).
 * Positions are {@code [lon, lat]} in degrees, longitude -180..180 and latitude -90..90, with an
 * optional altitude that is ignored. Every ring has at least 4 positions and repeats its first
 * position last; every Polygon and MultiPolygon is valid by JTS {@code IsValidOp}. Separate parts
 * (features, members of a collection) may overlap: the area is their union.
 *
 * <p>The result is built with one shared {@code GeometryFactory} (floating precision, SRID 4326)
 * in (x = lon, y = lat): the Polygon or MultiPolygon itself when there is one part, else a
 * GeometryCollection of the parts, nested collections flattened.
 *
 * <p>Stateless and thread-safe.
 */
public final class GeoJsonReader {
    private GeoJsonReader() {
    }

    /**
     * Reads an area from GeoJSON text.
     *
     * @param json the GeoJSON text
     * @param sourceName the name that error messages start with, such as a file name
     * @return a Polygon or MultiPolygon, or a GeometryCollection of them when there are several parts
     * @throws InvalidInputException on malformed JSON or an invalid area, for example
     *     {@code area.json line 4: lat 95 is out of range, allowed -90..90}
     */
    public static Geometry read(String json, String sourceName) {
        return Areas.fromGeoJson(json, sourceName);
    }

    /**
     * Reads an area from a UTF-8 GeoJSON file. Error messages start with {@code file.toString()}.
     *
     * @param file the GeoJSON file
     * @return a Polygon or MultiPolygon, or a GeometryCollection of them when there are several parts
     * @throws InvalidInputException on text that is not UTF-8, malformed JSON or an invalid area
     * @throws UncheckedIOException if the file cannot be read
     */
    public static Geometry read(Path file) {
        String json;
        try {
            json = Utf8.decoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        int malformed = Utf8.malformedIndex(json);
        if (malformed >= 0) {
            throw Utf8.notUtf8(file.toString(), lineOf(json, malformed));
        }
        return read(json, file.toString());
    }

    /**
     * Reads an area from WKT: {@code POLYGON}, {@code MULTIPOLYGON} or a {@code GEOMETRYCOLLECTION}
     * of those, in (lon lat) order, under the same rules as GeoJSON.
     *
     * @param wkt the WKT text
     * @return a Polygon or MultiPolygon, or a GeometryCollection of them when there are several parts
     * @throws InvalidInputException on malformed WKT ({@code wkt ... is not valid WKT: reason}),
     *     another geometry type, an empty area, a coordinate out of range or an invalid polygon
     */
    public static Geometry readWkt(String wkt) {
        return Areas.fromWkt(wkt);
    }

    /**
     * Checks that a geometry is a valid area: a Polygon, MultiPolygon or GeometryCollection of
     * those, not empty, coordinates in range (x = lon -180..180, y = lat -90..90), and each Polygon
     * and MultiPolygon valid by JTS {@code IsValidOp}. Parts of a GeometryCollection may overlap.
     *
     * @param geometry the geometry to check, not null
     * @throws InvalidInputException naming the first broken rule, for example
     *     {@code area is not a valid polygon: Self-intersection at 1 1}
     */
    public static void validateArea(Geometry geometry) {
        Areas.validate(geometry);
    }

    /** @return the 1-based line of {@code index}, counting line breaks as the JSON parser does */
    private static long lineOf(String text, int index) {
        long line = 1;
        for (int i = 0; i < index; i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                line++;
            }
        }
        return line;
    }
}
