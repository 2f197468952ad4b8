package io.geomatch.examples.service.geo;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;

import java.io.IOException;

/**
 * GeoJSON Polygon and MultiPolygon (RFC 7946) to JTS and back, straight from Jackson's tree: the
 * service parses an area once, where the request body is read, and keeps the JTS geometry from
 * then on; the journal writes and reads it through {@link #module()}. Coordinates are
 * {@code [lon, lat]} (a third, altitude, is ignored), written back with {@link Double#toString}
 * so they read back exactly. Only the geometry is kept: members a caller wraps around it are not
 * stored or published. Stateless and thread-safe.
 *
 * <p>Reading checks structure only (types, closed rings of at least four finite positions, a
 * vertex budget); whether the polygon is valid, in range and of an allowed size is for
 * {@code service.policy}.
 */
public final class GeoJson {
    private static final GeometryFactory GEOMETRY = new GeometryFactory();
    private static final ObjectMapper JSON = new ObjectMapper();

    private GeoJson() {
    }

    /** GeoJSON that cannot be an area: names the field and what is wrong, one line. */
    public static final class InvalidGeoJsonException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        /** Whether the only problem is more vertices than allowed. */
        private final boolean tooManyVertices;

        InvalidGeoJsonException(String message, boolean tooManyVertices) {
            super(message);
            this.tooManyVertices = tooManyVertices;
        }

        /** @return whether the geometry was refused only for having more vertices than allowed */
        public boolean tooManyVertices() {
            return tooManyVertices;
        }
    }

    /**
     * Reads a Polygon or MultiPolygon from a parsed JSON value.
     *
     * @param node the GeoJSON geometry object
     * @param field the field it came from, for messages
     * @param maxVertices the most positions allowed over all rings, 4 or more
     * @return the geometry, x = lon and y = lat in degrees
     * @throws InvalidGeoJsonException if it is not a Polygon or MultiPolygon of closed rings of
     *     finite positions, or has more than {@code maxVertices} positions
     */
    public static Geometry read(JsonNode node, String field, int maxVertices) {
        if (node == null || !node.isObject()) {
            throw invalid(field, "must be a GeoJSON Polygon or MultiPolygon object");
        }
        String type = node.path("type").asText("");
        JsonNode coordinates = node.get("coordinates");
        if (!type.equals("Polygon") && !type.equals("MultiPolygon")) {
            throw invalid(field, "must be a GeoJSON Polygon or MultiPolygon, not " + (type.isEmpty() ? "an object without a type" : "a " + clip(type)));
        }
        if (coordinates == null || !coordinates.isArray()) {
            throw invalid(field, "has no coordinates array");
        }
        int[] budget = {maxVertices};
        if (type.equals("Polygon")) {
            return polygon(coordinates, field, budget, maxVertices);
        }
        if (coordinates.isEmpty()) {
            throw invalid(field, "is a MultiPolygon without polygons");
        }
        Polygon[] polygons = new Polygon[coordinates.size()];
        for (int i = 0; i < polygons.length; i++) {
            polygons[i] = polygon(coordinates.get(i), field, budget, maxVertices);
        }
        return GEOMETRY.createMultiPolygon(polygons);
    }

    /**
     * Reads a Polygon or MultiPolygon from GeoJSON text, for callers that hold text (the demo,
     * the simulator, tests).
     *
     * @param text GeoJSON of one Polygon or MultiPolygon
     * @param field the field it came from, for messages
     * @return the geometry
     * @throws InvalidGeoJsonException if it is not JSON or not such a geometry
     */
    public static Geometry parse(String text, String field) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (IOException e) {
            throw invalid(field, "is not JSON");
        }
        return read(node, field, Integer.MAX_VALUE);
    }

    private static Polygon polygon(JsonNode rings, String field, int[] budget, int maxVertices) {
        if (!rings.isArray() || rings.isEmpty()) {
            throw invalid(field, "has a polygon without rings");
        }
        LinearRing shell = ring(rings.get(0), field, budget, maxVertices);
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int i = 0; i < holes.length; i++) {
            holes[i] = ring(rings.get(i + 1), field, budget, maxVertices);
        }
        return GEOMETRY.createPolygon(shell, holes);
    }

    private static LinearRing ring(JsonNode positions, String field, int[] budget, int maxVertices) {
        if (!positions.isArray() || positions.size() < 4) {
            throw invalid(field, "has a ring of fewer than 4 positions; a ring is closed and has at least 4");
        }
        budget[0] -= positions.size();
        if (budget[0] < 0) {
            throw new InvalidGeoJsonException(field + " has more than " + maxVertices + " vertices, allowed at most "
                + maxVertices, true);
        }
        Coordinate[] cs = new Coordinate[positions.size()];
        for (int i = 0; i < cs.length; i++) {
            JsonNode p = positions.get(i);
            if (!p.isArray() || p.size() < 2 || p.size() > 3 || !p.get(0).isNumber() || !p.get(1).isNumber()) {
                throw invalid(field, "has a position that is not [lon, lat]");
            }
            double lon = p.get(0).asDouble();
            double lat = p.get(1).asDouble();
            if (!Double.isFinite(lon) || !Double.isFinite(lat)) {
                throw invalid(field, "has a position that is not finite");
            }
            cs[i] = new Coordinate(lon, lat);
        }
        if (!cs[0].equals2D(cs[cs.length - 1])) {
            throw invalid(field, "has a ring that is not closed (its last position must repeat its first)");
        }
        return GEOMETRY.createLinearRing(cs);
    }

    private static InvalidGeoJsonException invalid(String field, String what) {
        return new InvalidGeoJsonException(field + " " + what, false);
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }

    /**
     * @param geometry a Polygon or MultiPolygon in (x = lon, y = lat)
     * @return its GeoJSON text, coordinates written exactly
     * @throws IllegalArgumentException for any other geometry
     */
    public static String write(Geometry geometry) {
        StringBuilder sb = new StringBuilder(64 + geometry.getNumPoints() * 40);
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

    private static void write(Geometry geometry, JsonGenerator gen) throws IOException {
        gen.writeStartObject();
        if (geometry instanceof Polygon p) {
            gen.writeStringField("type", "Polygon");
            gen.writeFieldName("coordinates");
            polygon(p, gen);
        } else if (geometry instanceof MultiPolygon mp) {
            gen.writeStringField("type", "MultiPolygon");
            gen.writeFieldName("coordinates");
            gen.writeStartArray();
            for (int i = 0; i < mp.getNumGeometries(); i++) {
                polygon((Polygon) mp.getGeometryN(i), gen);
            }
            gen.writeEndArray();
        } else {
            throw new IllegalArgumentException("only a Polygon or MultiPolygon can be written, not a " + geometry.getGeometryType());
        }
        gen.writeEndObject();
    }

    private static void polygon(Polygon p, JsonGenerator gen) throws IOException {
        gen.writeStartArray();
        ring(p.getExteriorRing(), gen);
        for (int i = 0; i < p.getNumInteriorRing(); i++) {
            ring(p.getInteriorRingN(i), gen);
        }
        gen.writeEndArray();
    }

    private static void ring(LineString ring, JsonGenerator gen) throws IOException {
        gen.writeStartArray();
        for (Coordinate c : ring.getCoordinates()) {
            gen.writeStartArray();
            gen.writeNumber(c.x);
            gen.writeNumber(c.y);
            gen.writeEndArray();
        }
        gen.writeEndArray();
    }

    /**
     * A Jackson module that writes JTS Polygons and MultiPolygons as GeoJSON objects and reads
     * them back (without a vertex budget: what it reads was checked when it was first accepted).
     *
     * @return the module
     */
    public static SimpleModule module() {
        SimpleModule m = new SimpleModule("geomatch-geojson");
        m.addSerializer(Geometry.class, new JsonSerializer<>() {
            @Override
            public void serialize(Geometry value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                write(value, gen);
            }
        });
        m.addDeserializer(Geometry.class, new JsonDeserializer<>() {
            @Override
            public Geometry deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                JsonNode node = p.readValueAsTree();
                return read(node, p.currentName() == null ? "geometry" : p.currentName(), Integer.MAX_VALUE);
            }
        });
        return m;
    }
}
