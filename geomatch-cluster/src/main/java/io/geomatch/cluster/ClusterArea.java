package io.geomatch.cluster;

import io.geomatch.cluster.data.AreaDefinition;
import io.geomatch.core.Area;
import io.geomatch.core.InvalidInputException;
import io.geomatch.core.io.GeoJsonReader;
import org.locationtech.jts.geom.Geometry;

/**
 * The area of a cluster query: the same kinds and the same matching rules as a geomatch
 * {@link Area} (polygons covering boundary-inclusively, circles by haversine distance, H3 cells
 * of any resolutions), in a form that can travel to the members that answer it. It is checked and
 * compiled here, when made, so a bad area fails at once with the core's one-line message, and
 * compiled again once on each member that answers it. Immutable and thread-safe.
 *
 * <pre>{@code
 * ClusterArea area = ClusterArea.wkt("POLYGON ((-87.64 41.87, -87.62 41.87, -87.62 41.89, -87.64 41.89, -87.64 41.87))");
 * long[] ids = cluster.match(area, fromMillis, toMillis, nowMillis);
 * }</pre>
 */
public final class ClusterArea {
    private final AreaDefinition definition;

    private ClusterArea(AreaDefinition definition) {
        this.definition = definition;
    }

    /**
     * @param geometry a Polygon, MultiPolygon or GeometryCollection of those, in (x = lon, y = lat) degrees
     * @return the area, as {@link Area#polygon} defines it
     * @throws InvalidInputException if the geometry is not a valid area
     */
    public static ClusterArea polygon(Geometry geometry) {
        return new ClusterArea(AreaDefinition.polygons(geometry));
    }

    /**
     * @param wkt {@code POLYGON}, {@code MULTIPOLYGON} or a {@code GEOMETRYCOLLECTION} of those, in (lon lat) order
     * @return the area, as {@link Area#wkt} defines it
     * @throws InvalidInputException on malformed WKT or an invalid area
     */
    public static ClusterArea wkt(String wkt) {
        return polygon(GeoJsonReader.readWkt(wkt));
    }

    /**
     * @param json GeoJSON text: a Polygon, MultiPolygon, GeometryCollection, Feature or FeatureCollection
     * @param sourceName what error messages call the text, such as a file name
     * @return the area, as {@link Area#geoJson} defines it
     * @throws InvalidInputException on malformed JSON or an invalid area, naming the line
     */
    public static ClusterArea geoJson(String json, String sourceName) {
        return polygon(GeoJsonReader.read(json, sourceName));
    }

    /**
     * @param centerLatDegrees centre latitude, -90..90
     * @param centerLonDegrees centre longitude, -180..180
     * @param radiusMeters radius, metres, 0..20,000,000
     * @return the circle, as {@link Area#circle} defines it
     * @throws InvalidInputException if a value is out of range
     */
    public static ClusterArea circle(double centerLatDegrees, double centerLonDegrees, double radiusMeters) {
        return new ClusterArea(AreaDefinition.circle(centerLatDegrees, centerLonDegrees, radiusMeters));
    }

    /**
     * @param cells H3 cells of any mix of resolutions, at least one
     * @return the cells, as {@link Area#h3Cells} defines them
     * @throws InvalidInputException if the set is empty or a value is not a valid H3 cell
     */
    public static ClusterArea h3Cells(long... cells) {
        return new ClusterArea(AreaDefinition.cells(cells));
    }

    /** @return the compiled geomatch area, for local use (for example to query a single index the same way) */
    public Area area() {
        return definition.compiled();
    }

    AreaDefinition definition() {
        return definition;
    }

    @Override
    public String toString() {
        return "ClusterArea[" + definition + "]";
    }
}
