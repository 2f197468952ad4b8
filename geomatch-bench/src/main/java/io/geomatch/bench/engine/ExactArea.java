package io.geomatch.bench.engine;

import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;

import java.util.ArrayList;
import java.util.List;

/**
 * The exact point test every peer ends with: JTS boundary-inclusive {@code covers} of a point by
 * polygonal geometry, planar in (x = lon, y = lat) degrees, as the README's "Matching contract" defines it.
 *
 * <p>It is what {@code PreparedGeometry.covers(Point)} does for a polygonal geometry (an
 * inclusive envelope test, then the indexed ray-crossing locator, where a point on an edge or
 * vertex is {@link Location#BOUNDARY} and so covered), without the {@code Point} JTS would need
 * per test: the caller passes a reusable {@link Coordinate}. The locator still allocates two
 * small objects per call inside JTS, which escape analysis usually removes.
 *
 * <p>Immutable and thread-safe (the locator builds its index once, synchronised); each thread
 * passes its own coordinate.
 */
final class ExactArea {
    private final Geometry geometry;
    private final Envelope envelope;
    private final IndexedPointInAreaLocator locator;

    /**
     * @param geometry a valid Polygon or MultiPolygon, (x = lon, y = lat) degrees
     */
    ExactArea(Geometry geometry) {
        this.geometry = geometry;
        this.envelope = geometry.getEnvelopeInternal();
        this.locator = new IndexedPointInAreaLocator(geometry);
    }

    /**
     * @param lonDegrees the point's longitude
     * @param latDegrees the point's latitude
     * @param scratch a coordinate this thread owns; overwritten
     * @return whether the geometry covers the point, boundary included
     */
    boolean covers(double lonDegrees, double latDegrees, Coordinate scratch) {
        if (!envelope.covers(lonDegrees, latDegrees)) {
            return false;
        }
        scratch.x = lonDegrees;
        scratch.y = latDegrees;
        return locator.locate(scratch) != Location.EXTERIOR;
    }

    /** @return the geometry tested against */
    Geometry geometry() {
        return geometry;
    }

    /** @return the geometry's bounding box */
    Envelope envelope() {
        return envelope;
    }

    /**
     * @param polygonal a Polygon or MultiPolygon
     * @return its polygons
     */
    static List<Polygon> polygons(Geometry polygonal) {
        List<Polygon> polygons = new ArrayList<>(polygonal.getNumGeometries());
        for (int i = 0; i < polygonal.getNumGeometries(); i++) {
            Geometry part = polygonal.getGeometryN(i);
            if (part instanceof Polygon && !part.isEmpty()) {
                polygons.add((Polygon) part);
            }
        }
        return polygons;
    }
}
