package io.geomatch.bench.engine;

import com.uber.h3core.H3Core;
import com.uber.h3core.util.LatLng;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The H3 cells that stand for a polygonal area when a request comes as cells
 * ({@code areaKind=h3}): h3-java's {@code polygonToCells} of each polygon (shell and holes) at
 * the given resolution, which takes the cells whose centre lies inside the polygon, so the cells
 * cover about the polygon's own area (a 0.5 mi² square: about 85 res-10 cells). A polygon too thin
 * to hold any cell centre gets the one cell of its interior point. The cells are then the area
 * itself: engines match them with H3 semantics ({@code latLngToCell}), not the polygon.
 *
 * <p>Stateless and thread-safe; allocates (h3-java's boxed lists).
 */
public final class H3Covering {
    private static final H3Core H3 = H3Library.H3;

    private H3Covering() {
    }

    /**
     * @param area a Polygon or MultiPolygon in (x = lon, y = lat) degrees
     * @param resolution the H3 resolution, 0 to 15
     * @return the cells, distinct and ascending, at least one
     */
    public static long[] cells(Geometry area, int resolution) {
        TreeSet<Long> cells = new TreeSet<>();
        for (Polygon polygon : ExactArea.polygons(area)) {
            List<List<LatLng>> holes = new ArrayList<>(polygon.getNumInteriorRing());
            for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
                holes.add(loop(polygon.getInteriorRingN(h)));
            }
            List<Long> found = H3.polygonToCells(loop(polygon.getExteriorRing()), holes, resolution);
            if (found.isEmpty()) {
                Point inside = polygon.getInteriorPoint();
                cells.add(H3.latLngToCell(inside.getY(), inside.getX(), resolution));
            }
            cells.addAll(found);
        }
        return cells.stream().mapToLong(Long::longValue).toArray();
    }

    /** @return the ring's vertices as H3 wants them: lat/lng degrees, without the closing repeat */
    static List<LatLng> loop(LinearRing ring) {
        Coordinate[] coordinates = ring.getCoordinates();
        List<LatLng> loop = new ArrayList<>(coordinates.length - 1);
        for (int i = 0; i < coordinates.length - 1; i++) {
            loop.add(new LatLng(coordinates[i].y, coordinates[i].x));
        }
        return loop;
    }
}
