package io.geomatch.examples.service.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.geomatch.core.InvalidInputException;
import io.geomatch.core.io.Instants;
import io.geomatch.examples.service.ServiceException;
import io.geomatch.examples.service.geo.GeoJson;
import org.locationtech.jts.geom.Geometry;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A request body parsed strictly: one JSON object, only known fields, each of the expected type.
 * Every problem is a {@link ServiceException} with status 400 naming the field.
 */
final class JsonBody {
    private static final ObjectMapper JSON = new ObjectMapper()
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final JsonNode node;
    /** What field names are reported with: empty at the top, {@code "view."} inside {@code view}. */
    private final String prefix;

    private JsonBody(JsonNode node, String prefix) {
        this.node = node;
        this.prefix = prefix;
    }

    /**
     * @param bytes the body
     * @param allowed the field names the endpoint knows
     * @return the parsed body
     * @throws ServiceException 400 {@code malformed-json}, {@code unknown-field} or {@code invalid-type}
     */
    static JsonBody parse(byte[] bytes, Set<String> allowed) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ServiceException(400, "malformed-json", null, "the body is not UTF-8");
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr();
            throw new ServiceException(400, "malformed-json", null, "the body is not valid JSON" + where + ": " + e.getOriginalMessage());
        }
        if (node == null || node.isMissingNode() || !node.isObject()) {
            throw new ServiceException(400, "malformed-json", null, "the body must be one JSON object");
        }
        return checked(node, "", allowed);
    }

    private static JsonBody checked(JsonNode node, String prefix, Set<String> allowed) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = prefix + names.next();
            if (!allowed.contains(name.substring(prefix.length()))) {
                throw new ServiceException(400, "unknown-field", name, "field " + name + " is not known here, allowed "
                    + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        }
        return new JsonBody(node, prefix);
    }

    /**
     * A nested object, read as strictly as the body.
     *
     * @param name the field
     * @param allowed the field names it may hold
     * @return it, its fields named {@code name.field} in errors, or null if missing or null
     */
    JsonBody object(String name, Set<String> allowed) {
        JsonNode v = field(name, false);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            throw type(name, "a JSON object", v);
        }
        return checked(v, prefix + name + ".", allowed);
    }

    private JsonNode field(String name, boolean required) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                throw new ServiceException(422, "missing-field", prefix + name, prefix + name + " is required");
            }
            return null;
        }
        return v;
    }

    private ServiceException type(String name, String expected, JsonNode got) {
        String field = prefix + name;
        return new ServiceException(400, "invalid-type", field, field + " must be " + expected + ", got "
            + got.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }

    String string(String name, boolean required) {
        JsonNode v = field(name, required);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw type(name, "a string", v);
        }
        return v.asText();
    }

    double number(String name) {
        JsonNode v = field(name, true);
        if (!v.isNumber()) {
            throw type(name, "a number", v);
        }
        return v.asDouble();
    }

    int integer(String name) {
        JsonNode v = field(name, true);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw type(name, "an integer", v);
        }
        return v.asInt();
    }

    boolean bool(String name, boolean defaultValue) {
        JsonNode v = field(name, false);
        if (v == null) {
            return defaultValue;
        }
        if (!v.isBoolean()) {
            throw type(name, "true or false", v);
        }
        return v.asBoolean();
    }

    /** An instant: an ISO-8601 string with offset, or integer epoch ms. */
    long instant(String name) {
        JsonNode v = field(name, true);
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.asLong();
        }
        if (!v.isTextual()) {
            throw type(name, "an ISO-8601 instant such as 2026-11-03T14:00:00Z, or epoch ms", v);
        }
        try {
            return Instants.parseMillis(name, v.asText());
        } catch (InvalidInputException e) {
            throw new ServiceException(400, "invalid-type", name, e.getMessage());
        }
    }

    /**
     * A GeoJSON Polygon or MultiPolygon, read once into JTS.
     *
     * @param name the field
     * @param required whether a missing field is an error (422 {@code missing-field}) or null
     * @param maxVertices the most positions allowed
     * @return the geometry, or null if missing and not required
     */
    Geometry geometry(String name, boolean required, int maxVertices) {
        JsonNode v = field(name, required);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            throw type(name, "a GeoJSON object", v);
        }
        try {
            return GeoJson.read(v, name, maxVertices);
        } catch (GeoJson.InvalidGeoJsonException e) {
            throw new ServiceException(422, name + (e.tooManyVertices() ? "-too-complex" : "-invalid"), name, e.getMessage());
        }
    }

    byte[] base64(String name) {
        String s = string(name, true);
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new ServiceException(400, "invalid-type", name, name + " is not valid base64: " + e.getMessage());
        }
    }

    List<String> strings(String name) {
        JsonNode v = field(name, false);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            throw type(name, "an array of strings", v);
        }
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw type(name, "an array of strings", item);
            }
            out.add(item.asText());
        }
        return out;
    }
}
