package io.geomatch.core.internal.area;

import io.geomatch.core.InvalidInputException;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns a parsed GeoJSON (RFC 7946) document into the Polygon and MultiPolygon parts of an area,
 * checking each value where it stands so that every error names its line.
 *
 * <p>Foreign members ({@code properties}, {@code bbox}, {@code id}, ...) are ignored; an
 * altitude, the optional third element of a position, is ignored too. Single use.
 */
final class GeoJsonAreas {
    private static final String ALLOWED_ROOT =
        "allowed Polygon, MultiPolygon, GeometryCollection, Feature, FeatureCollection";
    private static final Set<String> GEOMETRY_TYPES = Set.of("Polygon", "MultiPolygon", "GeometryCollection");
    private static final Set<String> ROOT_TYPES =
        Set.of("Polygon", "MultiPolygon", "GeometryCollection", "Feature", "FeatureCollection");
    private static final Set<String> FEATURE_TYPES = Set.of("Feature");
    private static final Set<String> NOT_AREAS = Set.of("Point", "MultiPoint", "LineString", "MultiLineString");

    private final String source;
    private final List<Geometry> parts = new ArrayList<>();

    private GeoJsonAreas(String source) {
        this.source = source;
    }

    /**
     * @param root the parsed document
     * @param source the name used in error messages
     * @return a Polygon or MultiPolygon when the document holds one, else a GeometryCollection of them
     * @throws InvalidInputException for anything that is not a valid area, naming the line
     */
    static Geometry toArea(JsonValue root, String source) {
        GeoJsonAreas areas = new GeoJsonAreas(source);
        String type = areas.type(root, "geojson", ROOT_TYPES, ALLOWED_ROOT);
        if (type.equals("Feature")) {
            areas.feature(root);
        } else if (type.equals("FeatureCollection")) {
            areas.featureCollection(root);
        } else {
            areas.geometry(root, type);
        }
        return AreaRules.combine(areas.parts);
    }

    /** @return the value's {@code type}, which must be one of {@code allowed} */
    private String type(JsonValue object, String what, Set<String> allowed, String allowedText) {
        if (!object.is(JsonValue.Kind.OBJECT)) {
            throw located(new InvalidInputException(what, object.snippet(), "is not an object: " + allowedText), object);
        }
        JsonValue type = object.member("type");
        if (type == null) {
            throw located(new InvalidInputException("type", null, "is missing: " + allowedText), object);
        }
        if (!type.is(JsonValue.Kind.STRING)) {
            throw located(new InvalidInputException("type", type.snippet(), "is not a string: " + allowedText), type);
        }
        String name = type.string();
        if (allowed.contains(name)) {
            return name;
        }
        String problem = NOT_AREAS.contains(name) ? "is not an area: "
            : ROOT_TYPES.contains(name) ? "is not allowed here: " : "is not a GeoJSON type: ";
        throw located(new InvalidInputException("type", name, problem + allowedText), type);
    }

    private void featureCollection(JsonValue collection) {
        List<JsonValue> features = nonEmptyArray(collection, "features", "a FeatureCollection needs at least one Feature");
        for (JsonValue feature : features) {
            type(feature, "feature", FEATURE_TYPES, "allowed Feature");
            feature(feature);
        }
    }

    private void feature(JsonValue feature) {
        JsonValue geometry = feature.member("geometry");
        String needs = "a Feature needs a Polygon, MultiPolygon or GeometryCollection geometry";
        if (geometry == null) {
            throw located(new InvalidInputException("geometry", null, "is missing: " + needs), feature);
        }
        if (geometry.is(JsonValue.Kind.NULL)) {
            throw located(new InvalidInputException("geometry", null, "is null: " + needs), geometry);
        }
        geometry(geometry, type(geometry, "geometry", GEOMETRY_TYPES, AreaRules.ALLOWED_GEOMETRIES));
    }

    private void geometry(JsonValue geometry, String type) {
        switch (type) {
            case "Polygon": {
                JsonValue coordinates = required(geometry, "coordinates", "a Polygon needs an array of rings");
                parts.add(valid(polygon(coordinates, "coordinates"), coordinates));
                break;
            }
            case "MultiPolygon": {
                JsonValue coordinates = geometry.member("coordinates");
                List<JsonValue> polygons = nonEmptyArray(geometry, "coordinates", "a MultiPolygon needs at least one polygon");
                Polygon[] members = new Polygon[polygons.size()];
                for (int i = 0; i < members.length; i++) {
                    members[i] = valid(polygon(polygons.get(i), "polygon"), polygons.get(i));
                }
                MultiPolygon multi = AreaRules.FACTORY.createMultiPolygon(members);
                parts.add(members.length == 1 ? multi : valid(multi, coordinates));
                break;
            }
            default: {
                assert type.equals("GeometryCollection") : type;
                for (JsonValue member : nonEmptyArray(geometry, "geometries", "a GeometryCollection needs at least one geometry")) {
                    geometry(member, type(member, "geometry", GEOMETRY_TYPES, AreaRules.ALLOWED_GEOMETRIES));
                }
            }
        }
    }

    /** @param rings the array of rings of one polygon, shell first */
    private Polygon polygon(JsonValue rings, String what) {
        List<JsonValue> list = arrayOf(rings, what, "is not an array of rings");
        if (list.isEmpty()) {
            throw located(new InvalidInputException(what, null, "is empty: a polygon needs at least one ring"), rings);
        }
        LinearRing shell = ring(list.get(0));
        LinearRing[] holes = new LinearRing[list.size() - 1];
        for (int i = 0; i < holes.length; i++) {
            holes[i] = ring(list.get(i + 1));
        }
        return AreaRules.FACTORY.createPolygon(shell, holes);
    }

    private LinearRing ring(JsonValue ring) {
        List<JsonValue> positions = arrayOf(ring, "ring", "is not an array of positions");
        if (positions.size() < 4) {
            throw located(new InvalidInputException("ring", null, "has " + positions.size()
                + " positions, allowed at least 4 (a ring repeats its first position last)"), ring);
        }
        Coordinate[] coordinates = new Coordinate[positions.size()];
        for (int i = 0; i < coordinates.length; i++) {
            coordinates[i] = position(positions.get(i));
        }
        Coordinate first = coordinates[0];
        Coordinate last = coordinates[coordinates.length - 1];
        if (!first.equals2D(last)) {
            throw located(new InvalidInputException("ring", null, "is not closed: first position " + text(first)
                + " differs from last " + text(last)), ring);
        }
        return AreaRules.FACTORY.createLinearRing(coordinates);
    }

    private Coordinate position(JsonValue position) {
        if (!isPosition(position)) {
            throw located(new InvalidInputException("position", position.snippet(),
                "is not a position: allowed [lon, lat] or [lon, lat, altitude] numbers"), position);
        }
        JsonValue lon = position.elements().get(0);
        JsonValue lat = position.elements().get(1);
        try {
            AreaRules.checkLon(lon.number());
        } catch (InvalidInputException e) {
            throw located(e, lon);
        }
        try {
            AreaRules.checkLat(lat.number());
        } catch (InvalidInputException e) {
            throw located(e, lat);
        }
        return new Coordinate(lon.number(), lat.number());
    }

    private static boolean isPosition(JsonValue value) {
        if (!value.is(JsonValue.Kind.ARRAY) || value.elements().size() < 2 || value.elements().size() > 3) {
            return false;
        }
        for (JsonValue element : value.elements()) {
            if (!element.is(JsonValue.Kind.NUMBER)) {
                return false;
            }
        }
        return true;
    }

    private <G extends Geometry> G valid(G polygonal, JsonValue where) {
        try {
            AreaRules.checkValid(polygonal);
        } catch (InvalidInputException e) {
            throw located(e, where);
        }
        return polygonal;
    }

    /** @return the elements of the member {@code name} of {@code object}, an array that must not be empty */
    private List<JsonValue> nonEmptyArray(JsonValue object, String name, String needs) {
        JsonValue array = required(object, name, needs);
        List<JsonValue> elements = arrayOf(array, name, "is not an array");
        if (elements.isEmpty()) {
            throw located(new InvalidInputException(name, null, "is empty: " + needs), array);
        }
        return elements;
    }

    private JsonValue required(JsonValue object, String name, String needs) {
        JsonValue member = object.member(name);
        if (member == null) {
            throw located(new InvalidInputException(name, null, "is missing: " + needs), object);
        }
        return member;
    }

    private List<JsonValue> arrayOf(JsonValue value, String what, String problem) {
        if (!value.is(JsonValue.Kind.ARRAY)) {
            throw located(new InvalidInputException(what, value.snippet(), problem), value);
        }
        return value.elements();
    }

    private static String text(Coordinate c) {
        return "[" + AreaRules.format(c.x) + ", " + AreaRules.format(c.y) + "]";
    }

    private InvalidInputException located(InvalidInputException e, JsonValue where) {
        return e.at(source, where.line());
    }
}
