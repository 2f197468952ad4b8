package io.geomatch.core.internal.area;

import io.geomatch.core.InvalidInputException;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

import java.math.BigDecimal;
import java.util.List;

/**
 * The rules every area obeys, whatever format it came from: its parts are Polygons or
 * MultiPolygons (possibly gathered in GeometryCollections), none is empty, every coordinate is a
 * longitude in -180..180 and a latitude in -90..90, and every part is valid by JTS
 * {@link IsValidOp} (no self-intersection, holes inside their shell, and so on). Overlap between
 * separate parts is allowed: an area is the union of its parts.
 *
 * <p>The checks throw {@link InvalidInputException} without a location; readers that know the line
 * add it with {@link InvalidInputException#at(String, long)}.
 */
final class AreaRules {
    /** The factory of every geometry the readers build: floating precision, SRID 4326. */
    static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), 4326);

    /** The geometry types an area may have, as an error message's "allowed" part. */
    static final String ALLOWED_GEOMETRIES = "allowed Polygon, MultiPolygon, GeometryCollection";

    private AreaRules() {
    }

    /**
     * Checks a whole geometry and appends its Polygon and MultiPolygon parts to {@code parts},
     * flattening GeometryCollections.
     *
     * @throws InvalidInputException if any rule is broken
     */
    static void collectParts(Geometry geometry, List<Geometry> parts) {
        String type = geometry.getGeometryType();
        switch (type) {
            case Geometry.TYPENAME_POLYGON:
            case Geometry.TYPENAME_MULTIPOLYGON:
                for (int i = 0; i < geometry.getNumGeometries(); i++) {
                    if (geometry.getGeometryN(i).isEmpty()) {
                        throw empty();
                    }
                }
                for (int i = 0; i < geometry.getNumGeometries(); i++) {
                    Polygon polygon = (Polygon) geometry.getGeometryN(i);
                    checkRange(polygon.getExteriorRing().getCoordinateSequence());
                    for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
                        checkRange(polygon.getInteriorRingN(h).getCoordinateSequence());
                    }
                }
                checkValid(geometry);
                parts.add(geometry);
                return;
            case Geometry.TYPENAME_GEOMETRYCOLLECTION:
                if (geometry.getNumGeometries() == 0) {
                    throw empty();
                }
                for (int i = 0; i < geometry.getNumGeometries(); i++) {
                    collectParts(geometry.getGeometryN(i), parts);
                }
                return;
            default:
                throw new InvalidInputException("type", type, "is not an area: " + ALLOWED_GEOMETRIES);
        }
    }

    /**
     * @return the only part, or a GeometryCollection of several
     */
    static Geometry combine(List<Geometry> parts) {
        assert !parts.isEmpty();
        return parts.size() == 1 ? parts.get(0) : FACTORY.createGeometryCollection(parts.toArray(new Geometry[0]));
    }

    /** @throws InvalidInputException unless every position of {@code ring} is a longitude and latitude in range */
    private static void checkRange(CoordinateSequence ring) {
        for (int i = 0; i < ring.size(); i++) {
            checkLon(ring.getX(i));
            checkLat(ring.getY(i));
        }
    }

    /** @throws InvalidInputException unless {@code lon} is in -180..180 */
    static void checkLon(double lon) {
        if (!(lon >= -180 && lon <= 180)) {
            throw new InvalidInputException("lon", format(lon), "is out of range, allowed -180..180");
        }
    }

    /** @throws InvalidInputException unless {@code lat} is in -90..90 */
    static void checkLat(double lat) {
        if (!(lat >= -90 && lat <= 90)) {
            throw new InvalidInputException("lat", format(lat), "is out of range, allowed -90..90");
        }
    }

    /**
     * Checks one Polygon or MultiPolygon with JTS {@link IsValidOp}, unless it is a polygon whose
     * rings {@link SimplePolygons} proves simple and apart, at a fraction of the cost.
     *
     * @throws InvalidInputException naming the JTS problem and where it is, for example
     *     {@code area is not a valid polygon: Self-intersection at 1 1}
     */
    static void checkValid(Geometry polygonal) {
        if (SimplePolygons.provedValid(polygonal)) {
            return;
        }
        TopologyValidationError error = new IsValidOp(polygonal).getValidationError();
        if (error != null) {
            Coordinate c = error.getCoordinate();
            String where = c == null ? "" : " at " + format(c.x) + " " + format(c.y);
            throw new InvalidInputException("area", null, "is not a valid polygon: " + error.getMessage() + where);
        }
    }

    static InvalidInputException empty() {
        return new InvalidInputException("area", null, "is empty: give at least one polygon with at least 4 positions");
    }

    /** @return {@code value} in plain decimal without a trailing {@code .0}, for example {@code 95} or {@code -87.5} */
    static String format(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
