package io.geomatch.core.internal.spatial;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

import java.util.SplittableRandom;

/**
 * Areas on a dyadic lattice near New York for tests of points exactly on edges: the spacing is a
 * power of two, so lattice coordinates (and those at any power-of-two fraction of the spacing) are
 * exact doubles, and a lattice point on a line through two others is exactly on it.
 */
public final class LatticeAreas {
    /** Lattice spacing, degrees. */
    public static final double STEP = 1.0 / 1024;
    private static final double X0 = -74.0;
    private static final double Y0 = 40.5;
    private static final GeometryFactory FACTORY = new GeometryFactory();

    private LatticeAreas() {
    }

    /**
     * @param random the source of randomness
     * @return a random valid area with lattice vertices, centred 12 to 28 units from the origin
     *     in x and y and reaching at most 32 units from its centre: a triangle, a square turned to
     *     a lattice slope, a square with such a square as its hole, or two overlapping features
     */
    public static Geometry random(SplittableRandom random) {
        int kind = random.nextInt(4);
        int cx = random.nextInt(12, 28);
        int cy = random.nextInt(12, 28);
        if (kind == 0) {
            int[][] pts;
            do {
                pts = new int[][] {{cx - random.nextInt(1, 12), cy - random.nextInt(1, 12)},
                    {cx + random.nextInt(1, 12), cy - random.nextInt(-6, 12)},
                    {cx + random.nextInt(-6, 6), cy + random.nextInt(1, 12)}, null};
                pts[3] = pts[0];
            } while (!polygon(pts).isValid());
            return polygon(pts);
        }
        int a = random.nextInt(1, 9);
        int b = random.nextInt(0, 7);
        // Square with side vector (a, b): its edges have slope b/a and pass through lattice points.
        int[][] square = {{cx, cy}, {cx + a, cy + b}, {cx + a - b, cy + b + a}, {cx - b, cy + a}, {cx, cy}};
        if (kind == 1) {
            return polygon(square);
        }
        if (kind == 2) {
            int s = 2 * (a + b) + 4;
            Polygon outer = polygon(new int[][] {{cx - s, cy - s}, {cx + s, cy - s}, {cx + s, cy + s}, {cx - s, cy + s}, {cx - s, cy - s}});
            return FACTORY.createPolygon(outer.getExteriorRing(), new LinearRing[] {polygon(square).getExteriorRing()});
        }
        Polygon other = polygon(new int[][] {{cx + 1, cy - 5}, {cx + 9, cy + 3}, {cx + 1, cy + 11}, {cx - 7, cy + 3}, {cx + 1, cy - 5}});
        // Two features that overlap: a point is covered if either covers it.
        return FACTORY.createGeometryCollection(new Geometry[] {polygon(square), other});
    }

    /**
     * @param lattice closed ring of lattice points {x, y}
     * @return the polygon
     */
    public static Polygon polygon(int[][] lattice) {
        Coordinate[] ring = new Coordinate[lattice.length];
        for (int i = 0; i < lattice.length; i++) {
            ring[i] = new Coordinate(lon(lattice[i][0]), lat(lattice[i][1]));
        }
        return FACTORY.createPolygon(ring);
    }

    /**
     * @param area a polygon or a collection of polygons, which may overlap
     * @param lat latitude of the point
     * @param lon longitude of the point
     * @return whether any part of the area covers the point, by JTS
     */
    public static boolean jtsCovers(Geometry area, double lat, double lon) {
        for (int i = 0; i < area.getNumGeometries(); i++) {
            if (area.getGeometryN(i).covers(FACTORY.createPoint(new Coordinate(lon, lat)))) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param i lattice x
     * @return its longitude
     */
    public static double lon(int i) {
        return X0 + i * STEP;
    }

    /**
     * @param i lattice y
     * @return its latitude
     */
    public static double lat(int i) {
        return Y0 + i * STEP;
    }
}
