package io.geomatch.examples.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.valid.IsValidOp;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * The 3,231 US counties and county equivalents (50 states, DC, Puerto Rico and the island
 * territories), loaded once from the shipped resource {@code io/geomatch/examples/sim/us-counties.geojson.gz}
 * (US Census Bureau cartographic boundaries, public domain, via us-atlas; see NOTICE), with a
 * point-in-county lookup. The simulator uses them as agency jurisdictions.
 *
 * <p>The resource is a GeoJSON FeatureCollection with properties {@code name}, {@code state} (full
 * name) and {@code fips} per feature, copied unchanged from the shared data set. It is read
 * strictly: anything but a Polygon or MultiPolygon with finite, in-range {@code [lon, lat]}
 * positions and closed rings of at least 4 positions fails the load. Some generalised outlines
 * are not valid by JTS {@link IsValidOp} (self-touching rings, slivers); such a geometry is
 * replaced by {@code buffer(0)} when that changes its planar area by at most 0.1 %, and kept as
 * read otherwise, because {@code buffer(0)} can drop whole parts of a badly formed polygon.
 * {@link #repairedCount()} and {@link #invalidKeptCount()} report how many of each there were: in
 * the shipped file 40 are repaired and none is kept invalid (checked by {@code CountiesTest}).
 * {@code covers} on a kept invalid geometry would still answer sensibly for points away from the
 * defect.
 *
 * <p>{@link #containing} queries an {@link STRtree} over the county envelopes, then tests
 * {@code covers} on each candidate: a few microseconds, against a millisecond for a scan of every
 * county. Aleutians West (02016) spans the antimeridian, so its envelope covers every longitude
 * and it is a candidate for every query at its latitudes.
 *
 * <p>Immutable once loaded and safe to share between threads: the tree is built before
 * {@link #load} returns and is only read afterwards.
 *
 * @see County
 */
public final class Counties {
    /** The maximum relative change in area for which {@code buffer(0)} is accepted as a repair. */
    static final double MAX_REPAIR_AREA_CHANGE = 0.001;

    private static final String RESOURCE = "us-counties.geojson.gz";
    private static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), 4326);

    private final List<County> all;
    private final Map<String, County> byFips;
    private final STRtree tree;
    private final int repairedCount;
    private final int invalidKeptCount;

    /** Loads on first use; a failure is kept and reported, as a fresh exception, on every call. */
    private static final class Holder {
        static final Counties INSTANCE;
        static final IllegalStateException FAILURE;

        static {
            Counties counties = null;
            IllegalStateException failure = null;
            try {
                counties = read(RESOURCE);
            } catch (IllegalStateException e) {
                failure = e;
            }
            INSTANCE = counties;
            FAILURE = failure;
        }
    }

    private Counties(List<County> all, int repairedCount, int invalidKeptCount) {
        this.all = Collections.unmodifiableList(all);
        this.repairedCount = repairedCount;
        this.invalidKeptCount = invalidKeptCount;
        this.byFips = new HashMap<>(all.size() * 2);
        this.tree = new STRtree();
        for (int i = 0; i < all.size(); i++) {
            County county = all.get(i);
            if (byFips.put(county.fips(), county) != null) {
                throw new IllegalStateException("resource io/geomatch/examples/sim/" + RESOURCE + ": fips "
                    + county.fips() + " occurs twice");
            }
            tree.insert(county.geometry().getEnvelopeInternal(), i);
        }
        tree.build();
    }

    /**
     * Returns the counties, reading the resource on the first call (about half a second).
     *
     * @return the counties, shared
     * @throws IllegalStateException if the resource is missing from the class path or malformed;
     *     the message names the resource and, for bad content, the feature
     */
    public static Counties load() {
        if (Holder.FAILURE != null) {
            throw new IllegalStateException(Holder.FAILURE.getMessage(), Holder.FAILURE);
        }
        return Holder.INSTANCE;
    }

    /**
     * Returns every county in file order (by state, then county, as us-atlas writes them).
     *
     * @return the counties, immutable
     */
    public List<County> all() {
        return all;
    }

    /**
     * Looks a county up by its FIPS code.
     *
     * @param fips the five-digit code, for example {@code 06037}
     * @return the county, or empty if no county has that code
     * @throws NullPointerException if {@code fips} is null
     */
    public Optional<County> byFips(String fips) {
        return Optional.ofNullable(byFips.get(Objects.requireNonNull(fips, "fips")));
    }

    /**
     * Finds the county whose outline covers a point (interior or boundary). A point on a border
     * between counties gets the one that comes first in {@link #all()}, so the answer equals a
     * scan of {@code all()} in order.
     *
     * @param latDegrees WGS84 latitude, degrees, -90..90
     * @param lonDegrees WGS84 longitude, degrees, -180..180
     * @return the county, or empty for a point in no county (sea, Canada, gaps in the generalised borders)
     * @throws IllegalArgumentException if a coordinate is NaN or out of range
     */
    public Optional<County> containing(double latDegrees, double lonDegrees) {
        if (!(latDegrees >= -90 && latDegrees <= 90)) {
            throw new IllegalArgumentException("latDegrees " + latDegrees + " is out of range, allowed -90..90");
        }
        if (!(lonDegrees >= -180 && lonDegrees <= 180)) {
            throw new IllegalArgumentException("lonDegrees " + lonDegrees + " is out of range, allowed -180..180");
        }
        Point point = FACTORY.createPoint(new Coordinate(lonDegrees, latDegrees));
        int best = Integer.MAX_VALUE;
        for (Object item : tree.query(new Envelope(lonDegrees, lonDegrees, latDegrees, latDegrees))) {
            int index = (Integer) item;
            if (index < best && all.get(index).geometry().covers(point)) {
                best = index;
            }
        }
        return best == Integer.MAX_VALUE ? Optional.empty() : Optional.of(all.get(best));
    }

    /**
     * Returns how many geometries were invalid by JTS and replaced by {@code buffer(0)}.
     *
     * @return the count, 0 or more
     */
    public int repairedCount() {
        return repairedCount;
    }

    /**
     * Returns how many geometries are invalid by JTS and kept as read, because {@code buffer(0)}
     * would have changed their area by more than 0.1 %.
     *
     * @return the count, 0 or more
     */
    public int invalidKeptCount() {
        return invalidKeptCount;
    }

    /**
     * Reads counties from a gzipped GeoJSON resource next to this class.
     *
     * @param resource the resource name, relative to this package
     * @return the counties
     * @throws IllegalStateException if the resource is missing or malformed
     */
    static Counties read(String resource) {
        String where = "resource io/geomatch/examples/sim/" + resource;
        JsonNode root;
        try (InputStream raw = Counties.class.getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IllegalStateException(where + " is missing from the class path");
            }
            try (InputStream in = new GZIPInputStream(raw, 1 << 16)) {
                root = new ObjectMapper().readTree(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException(where + " cannot be read: " + e.getMessage(), e);
        }
        if (root == null || !"FeatureCollection".equals(root.path("type").asText(null))) {
            throw new IllegalStateException(where + ": expected a GeoJSON FeatureCollection");
        }
        JsonNode features = root.path("features");
        if (!features.isArray() || features.isEmpty()) {
            throw new IllegalStateException(where + ": 'features' must be a non-empty array");
        }
        List<County> counties = new ArrayList<>(features.size());
        int repaired = 0;
        int invalidKept = 0;
        for (int i = 0; i < features.size(); i++) {
            JsonNode feature = features.get(i);
            String at = where + " feature " + i;
            JsonNode properties = feature.path("properties");
            String fips = text(properties, "fips", at);
            at += " (fips " + fips + ")";
            String name = text(properties, "name", at);
            String state = text(properties, "state", at);
            Geometry geometry = geometry(feature.path("geometry"), at);
            if (!new IsValidOp(geometry).isValid()) {
                Geometry fixed = geometry.buffer(0);
                double area = geometry.getArea();
                if ((fixed instanceof Polygon || fixed instanceof MultiPolygon)
                    && Math.abs(fixed.getArea() - area) <= MAX_REPAIR_AREA_CHANGE * area) {
                    fixed.setSRID(geometry.getSRID());
                    geometry = fixed;
                    repaired++;
                } else {
                    invalidKept++;
                }
            }
            try {
                counties.add(new County(fips, name, state, geometry));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(at + ": " + e.getMessage(), e);
            }
        }
        return new Counties(counties, repaired, invalidKept);
    }

    private static String text(JsonNode properties, String field, String at) {
        JsonNode value = properties.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalStateException(at + ": property '" + field + "' must be a non-empty string");
        }
        return value.asText();
    }

    private static Geometry geometry(JsonNode geometry, String at) {
        String type = geometry.path("type").asText("");
        JsonNode coordinates = geometry.path("coordinates");
        if (!coordinates.isArray()) {
            throw new IllegalStateException(at + ": geometry must have a 'coordinates' array");
        }
        switch (type) {
            case "Polygon":
                return polygon(coordinates, at);
            case "MultiPolygon": {
                if (coordinates.isEmpty()) {
                    throw new IllegalStateException(at + ": MultiPolygon has no polygons");
                }
                Polygon[] parts = new Polygon[coordinates.size()];
                for (int p = 0; p < parts.length; p++) {
                    parts[p] = polygon(coordinates.get(p), at + " polygon " + p);
                }
                return FACTORY.createMultiPolygon(parts);
            }
            default:
                throw new IllegalStateException(at + ": geometry type '" + type + "', expected Polygon or MultiPolygon");
        }
    }

    private static Polygon polygon(JsonNode rings, String at) {
        if (!rings.isArray() || rings.isEmpty()) {
            throw new IllegalStateException(at + ": a polygon needs at least an exterior ring");
        }
        LinearRing shell = ring(rings.get(0), at + " ring 0");
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int r = 1; r < rings.size(); r++) {
            holes[r - 1] = ring(rings.get(r), at + " ring " + r);
        }
        return FACTORY.createPolygon(shell, holes);
    }

    private static LinearRing ring(JsonNode positions, String at) {
        if (!positions.isArray() || positions.size() < 4) {
            throw new IllegalStateException(at + ": a ring needs at least 4 positions");
        }
        Coordinate[] coordinates = new Coordinate[positions.size()];
        for (int k = 0; k < coordinates.length; k++) {
            JsonNode position = positions.get(k);
            if (!position.isArray() || position.size() < 2 || !position.get(0).isNumber() || !position.get(1).isNumber()) {
                throw new IllegalStateException(at + " position " + k + ": expected [lon, lat] numbers");
            }
            double lon = position.get(0).doubleValue();
            double lat = position.get(1).doubleValue();
            if (!(lon >= -180 && lon <= 180) || !(lat >= -90 && lat <= 90)) {
                throw new IllegalStateException(at + " position " + k + ": [" + lon + ", " + lat
                    + "] is out of range, allowed lon -180..180, lat -90..90");
            }
            coordinates[k] = new Coordinate(lon, lat);
        }
        if (!coordinates[0].equals2D(coordinates[coordinates.length - 1])) {
            throw new IllegalStateException(at + ": ring is not closed (first position differs from last)");
        }
        return FACTORY.createLinearRing(coordinates);
    }
}
