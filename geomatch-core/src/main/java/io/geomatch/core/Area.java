package io.geomatch.core;

import io.geomatch.core.internal.area.Areas;
import io.geomatch.core.internal.contract.Checks;
import io.geomatch.core.internal.spatial.CircleMatcher;
import io.geomatch.core.internal.spatial.H3CellMatcher;
import io.geomatch.core.internal.spatial.PolygonMatcher;
import io.geomatch.core.internal.spatial.SpatialMatcher;
import org.locationtech.jts.geom.Geometry;

import java.util.function.Supplier;

/**
 * The area of a request, compiled once and reusable for any number of queries on any index.
 *
 * <p>Matching semantics, exactly:
 * <ul>
 *   <li>{@linkplain #polygon polygons} (Polygon, MultiPolygon, with holes, several of them):
 *       JTS {@code covers}, boundary inclusive, planar in (x = lon, y = lat) degrees; a point
 *       matches if any polygon covers it;</li>
 *   <li>{@linkplain #circle circles}: haversine distance at most {@code radiusMeters} on a sphere
 *       of radius 6,371,008.8 m;</li>
 *   <li>{@linkplain #h3Cells H3 cells}: {@code latLngToCell(lat, lon, resolution(c)) == c} for any
 *       of the cells, which may mix resolutions.</li>
 * </ul>
 * Immutable and thread-safe.
 */
public final class Area {
    private final SpatialMatcher matcher;
    /** Says what the area is, for messages: made only when one is written. */
    private final Supplier<String> description;

    private Area(SpatialMatcher matcher, Supplier<String> description) {
        this.matcher = matcher;
        this.description = description;
    }

    /**
     * An area of polygons given as JTS geometry in (x = lon, y = lat) degrees.
     *
     * @param geometry a Polygon, MultiPolygon or GeometryCollection of those; each must be valid
     * @return the area
     * @throws InvalidInputException if the geometry is empty, not areal, out of range or invalid
     *     (for example self-intersecting)
     */
    public static Area polygon(Geometry geometry) {
        Areas.validate(geometry);
        return compiled(geometry);
    }

    /** An area of polygons that the area rules have already checked. */
    private static Area compiled(Geometry geometry) {
        String type = geometry.getGeometryType();
        int points = geometry.getNumPoints();
        return new Area(PolygonMatcher.of(geometry), () -> type + " with " + points + " points");
    }

    /**
     * An area parsed from GeoJSON: a Polygon, MultiPolygon or GeometryCollection geometry, a
     * Feature or a FeatureCollection (the union of its features).
     *
     * @param json the GeoJSON text
     * @return the area
     * @throws InvalidInputException on malformed JSON or an invalid area, naming the line
     */
    public static Area geoJson(String json) {
        return compiled(Areas.fromGeoJson(json, "geojson"));
    }

    /**
     * An area parsed from WKT: {@code POLYGON}, {@code MULTIPOLYGON} or a
     * {@code GEOMETRYCOLLECTION} of those, in (lon lat) order.
     *
     * @param wkt the WKT text
     * @return the area
     * @throws InvalidInputException on malformed WKT or an invalid area
     */
    public static Area wkt(String wkt) {
        return compiled(Areas.fromWkt(wkt));
    }

    /**
     * A circle on the sphere.
     *
     * @param centerLatDegrees centre latitude, -90..90
     * @param centerLonDegrees centre longitude, -180..180
     * @param radiusMeters radius in metres, 0..20,000,000
     * @return the area
     * @throws InvalidInputException if a value is out of range
     */
    public static Area circle(double centerLatDegrees, double centerLonDegrees, double radiusMeters) {
        Checks.latitude(centerLatDegrees);
        Checks.longitude(centerLonDegrees);
        if (!(radiusMeters >= 0 && radiusMeters <= 20_000_000)) {
            throw new InvalidInputException("radiusMeters", radiusMeters, "is out of range, allowed 0..20000000");
        }
        return new Area(new CircleMatcher(centerLatDegrees, centerLonDegrees, radiusMeters),
            () -> "circle " + centerLatDegrees + "," + centerLonDegrees + " r=" + radiusMeters + "m");
    }

    /**
     * A set of H3 cells, of any mix of resolutions.
     *
     * @param cells H3 cell indexes, at least one
     * @return the area
     * @throws InvalidInputException if the set is empty or a value is not a valid H3 cell
     */
    public static Area h3Cells(long... cells) {
        if (cells.length == 0) {
            throw new InvalidInputException("cells", "", "is empty, give at least one H3 cell");
        }
        for (long cell : cells) {
            if (!H3CellMatcher.isValidCell(cell)) {
                throw new InvalidInputException("cells", Long.toHexString(cell), "is not a valid H3 cell index");
            }
        }
        int count = cells.length;
        return new Area(H3CellMatcher.of(cells), () -> count + " H3 cells");
    }

    /**
     * Evaluates the area's predicate for one point, without any index.
     *
     * @param latDegrees latitude
     * @param lonDegrees longitude
     * @return whether a camera there would be inside the area
     */
    public boolean covers(double latDegrees, double lonDegrees) {
        return matcher.covers(latDegrees, lonDegrees);
    }

    /**
     * The southern edge of a box that holds every point the area covers (see {@link #maxLatDegrees()}).
     *
     * @return latitude, degrees, -90..90
     */
    public double minLatDegrees() {
        return matcher.minLat();
    }

    /**
     * The northern edge of a box that holds every point the area covers: no camera north of it can
     * match. With {@link #minLatDegrees()}, {@link #minLonDegrees()} and {@link #maxLonDegrees()} it
     * lets code that places cameras by region (shards, tiles, a map's viewport) find the regions an
     * area can reach without testing points. The box is conservative, not tight: a polygon's is its
     * envelope, a circle's and an H3 cell's are padded slightly, and an area that crosses the
     * antimeridian or holds a pole spans every longitude.
     *
     * @return latitude, degrees, -90..90, at least {@link #minLatDegrees()}
     */
    public double maxLatDegrees() {
        return matcher.maxLat();
    }

    /**
     * The western edge of a box that holds every point the area covers (see {@link #maxLatDegrees()}).
     *
     * @return longitude, degrees, -180..180
     */
    public double minLonDegrees() {
        return matcher.minLon();
    }

    /**
     * The eastern edge of a box that holds every point the area covers (see {@link #maxLatDegrees()}).
     *
     * @return longitude, degrees, -180..180, at least {@link #minLonDegrees()}
     */
    public double maxLonDegrees() {
        return matcher.maxLon();
    }

    SpatialMatcher matcher() {
        return matcher;
    }

    /**
     * @param mode the match mode of a query
     * @return whether this area can be matched in it: every area by position, polygons only by view
     */
    boolean supports(MatchMode mode) {
        return mode == MatchMode.POSITION || matcher.edgeCount() > 0;
    }

    /**
     * @param mode the match mode of a query
     * @return the compiled area
     * @throws InvalidInputException if this area cannot be matched in {@code mode}
     */
    SpatialMatcher matcherFor(MatchMode mode) {
        if (!supports(mode)) {
            throw new InvalidInputException("mode", "VIEW", "needs a polygon area, not " + description.get()
                + ": a view is matched against the area's edges");
        }
        return matcher;
    }

    @Override
    public String toString() {
        return "Area[" + description.get() + "]";
    }
}
