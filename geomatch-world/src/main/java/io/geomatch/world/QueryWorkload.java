package io.geomatch.world;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The community-request workload over a {@link CameraWorld}: request areas of five shapes and
 * their windows.
 *
 * <p><b>Queries</b> ({@link #generate}) are JTS polygons in (x = lon, y = lat) degrees, all of
 * the same area, with windows of the same length. Query {@code i} has shape
 * {@code Shape.values()[i % 5]}:
 * <ul>
 *   <li>{@link Shape#SQUARE}: an axis-aligned square;</li>
 *   <li>{@link Shape#CIRCLE_32}: a regular 32-gon (a circle as a polygon);</li>
 *   <li>{@link Shape#CONCAVE_L}: a square with one quadrant removed, whose reflex vertex is the
 *       centre, so the centre camera lies exactly on a vertex;</li>
 *   <li>{@link Shape#THIN_STRIP}: a 20:1 rectangle;</li>
 *   <li>{@link Shape#WITH_HOLE}: a square with a centred square hole of half its side, so the
 *       centre camera lies in the hole.</li>
 * </ul>
 * Every shape but the square is rotated by a uniformly random angle about its centre. Sizes are
 * exact in a local equirectangular projection at the centre's latitude (metres per degree
 * {@link CameraWorld#METERS_PER_DEGREE}, times the cosine of the latitude for longitude; one mile
 * is 1,609.344 m), which is within a fraction of a percent of the area on the sphere for requests
 * of a few square miles. The centre is a camera picked uniformly at random, so queries follow
 * camera density, except that every 16th query ({@code i % 16 == 15}) is an <em>empty</em> one:
 * the same shape and size centred at a point of open sea (the Gulf of Mexico, the Atlantic, the
 * Pacific or the Gulf of Alaska, jittered by up to half a degree) where it has been checked to
 * cover no camera of the world. The window {@code [fromMillis, toMillis)} has the given length
 * and lies within {@code [historyStartMillis, nowMillis]}, with {@code toMillis} uniform over the
 * instants that allow it. The same arguments always give the same queries.
 *
 * <p>The answers to these queries are checked in tests against the one brute-force oracle of the
 * project, which lives in geomatch-core's test scope: main code keeps no second copy of the
 * matching contract.
 *
 * <p>Stateless; every method is safe to call from any thread.
 */
public final class QueryWorkload {
    /** Largest number of queries {@link #generate} makes at once. */
    public static final int MAX_QUERIES = 1 << 24;
    /** Largest area {@link #generate} accepts, square miles. */
    public static final double MAX_AREA_SQUARE_MILES = 1000.0;
    /** Every query whose index {@code i} has {@code i % EMPTY_EVERY == EMPTY_EVERY - 1} is empty. */
    public static final int EMPTY_EVERY = 16;

    private static final Shape[] SHAPES = Shape.values();
    private static final int CIRCLE_VERTICES = 32;
    private static final double STRIP_ASPECT = 20.0;
    private static final int EMPTY_ATTEMPTS = 200;
    /** Points of open sea, {lat, lon}, hundreds of kilometres from any US place. */
    private static final double[][] OPEN_SEA = {
        {25.5, -90.0},   // Gulf of Mexico
        {32.0, -70.0},   // Atlantic, east of the Carolinas
        {39.0, -65.5},   // Atlantic, south-east of New England
        {33.0, -126.0},  // Pacific, west of California
        {40.0, -140.0},  // North Pacific
        {55.0, -146.0},  // Gulf of Alaska
    };

    private QueryWorkload() {
    }

    /** The outline of a query polygon. */
    public enum Shape {
        /** An axis-aligned square. */
        SQUARE,
        /** A regular 32-gon, randomly rotated. */
        CIRCLE_32,
        /** A square with its north-east quadrant removed (an L), randomly rotated. */
        CONCAVE_L,
        /** A rectangle 20 times as long as it is wide, randomly rotated. */
        THIN_STRIP,
        /** A square with a centred square hole of half its side, randomly rotated. */
        WITH_HOLE
    }

    /**
     * One community request of the workload.
     *
     * @param shape the outline of the polygon
     * @param empty whether the polygon was placed where it covers no camera of the world
     * @param polygon the area, a valid JTS polygon in (x = lon, y = lat) degrees; shared, so do not modify it
     * @param fromMillis window start, inclusive, epoch ms
     * @param toMillis window end, exclusive, epoch ms, greater than {@code fromMillis}
     */
    public record Query(Shape shape, boolean empty, Polygon polygon, long fromMillis, long toMillis) {
    }

    /**
     * Makes a query workload over a world; see the class description.
     *
     * @param world the world whose cameras centre the queries and whose history holds the windows
     * @param count how many queries, 1..{@value #MAX_QUERIES}
     * @param areaSquareMiles the area of every polygon, square miles, greater than 0 and at most
     *     {@value #MAX_AREA_SQUARE_MILES}
     * @param windowMillis the length of every window, ms, 1..{@code world.historyDays() * 86,400,000}
     * @param seed the seed; equal arguments give equal queries
     * @return the queries, query {@code i} of shape {@code Shape.values()[i % 5]}
     * @throws IllegalArgumentException if an argument is out of range, naming it, its value and
     *     the allowed range
     * @throws IllegalStateException if no empty placement was found (only for worlds with cameras
     *     far out at sea)
     */
    public static Query[] generate(CameraWorld world, int count, double areaSquareMiles, long windowMillis, long seed) {
        Objects.requireNonNull(world, "world");
        if (count < 1 || count > MAX_QUERIES) {
            throw new IllegalArgumentException("count=" + count + " is out of range, allowed 1.." + MAX_QUERIES);
        }
        if (!(areaSquareMiles > 0 && areaSquareMiles <= MAX_AREA_SQUARE_MILES)) {
            throw new IllegalArgumentException("areaSquareMiles=" + areaSquareMiles + " is out of range, allowed (0, "
                + MAX_AREA_SQUARE_MILES + "]");
        }
        long historyMillis = world.historyDays() * CameraWorld.MILLIS_PER_DAY;
        if (windowMillis < 1 || windowMillis > historyMillis) {
            throw new IllegalArgumentException("windowMillis=" + windowMillis + " is out of range, allowed 1.." + historyMillis);
        }
        GeometryFactory factory = new GeometryFactory();
        SplittableRandom rng = new SplittableRandom(seed);
        double areaSquareMeters = areaSquareMiles * CameraWorld.METERS_PER_MILE * CameraWorld.METERS_PER_MILE;
        long earliestEnd = world.historyStartMillis() + windowMillis;
        Query[] queries = new Query[count];
        for (int i = 0; i < count; i++) {
            Shape shape = SHAPES[i % SHAPES.length];
            boolean empty = i % EMPTY_EVERY == EMPTY_EVERY - 1;
            double angle = shape == Shape.SQUARE ? 0.0 : 2.0 * Math.PI * rng.nextDouble();
            Polygon polygon;
            if (empty) {
                polygon = emptyPolygon(world, factory, shape, areaSquareMeters, angle, rng);
            } else {
                int camera = rng.nextInt(world.cameraCount());
                polygon = polygon(factory, shape, world.latDegrees()[camera], world.lonDegrees()[camera], areaSquareMeters, angle);
            }
            long to = earliestEnd + rng.nextLong(world.nowMillis() - earliestEnd + 1);
            queries[i] = new Query(shape, empty, polygon, to - windowMillis, to);
        }
        return queries;
    }

    /**
     * The area of a geometry in square miles, measured in the local equirectangular projection at
     * a latitude: the planar area in square degrees times {@code METERS_PER_DEGREE^2 * cos(lat)}.
     * This is how {@link #generate} sizes its polygons, so for a query polygon and its centre's
     * latitude it returns the requested area up to rounding.
     *
     * @param area a geometry in (x = lon, y = lat) degrees
     * @param latDegrees the latitude of the projection, degrees, -90..90
     * @return the area, square miles
     */
    public static double equirectangularSquareMiles(Geometry area, double latDegrees) {
        double metersPerMile = CameraWorld.METERS_PER_MILE;
        return area.getArea() * CameraWorld.METERS_PER_DEGREE * CameraWorld.METERS_PER_DEGREE
            * StrictMath.cos(StrictMath.toRadians(latDegrees)) / (metersPerMile * metersPerMile);
    }

    /** A polygon of the given shape and area centred at an open-sea point where it covers no camera. */
    private static Polygon emptyPolygon(CameraWorld world, GeometryFactory factory, Shape shape, double areaSquareMeters,
                                        double angle, SplittableRandom rng) {
        for (int attempt = 0; attempt < EMPTY_ATTEMPTS; attempt++) {
            double[] sea = OPEN_SEA[rng.nextInt(OPEN_SEA.length)];
            double lat = sea[0] + rng.nextDouble() - 0.5;
            double lon = sea[1] + rng.nextDouble() - 0.5;
            Polygon polygon = polygon(factory, shape, lat, lon, areaSquareMeters, angle);
            if (coversNoCamera(world, polygon, factory)) {
                return polygon;
            }
        }
        throw new IllegalStateException("no empty placement found for a " + shape + " of " + areaSquareMeters
            + " m2 after " + EMPTY_ATTEMPTS + " attempts");
    }

    private static boolean coversNoCamera(CameraWorld world, Polygon polygon, GeometryFactory factory) {
        Envelope envelope = polygon.getEnvelopeInternal();
        double[] lat = world.latDegrees();
        double[] lon = world.lonDegrees();
        for (int i = 0; i < world.cameraCount(); i++) {
            if (envelope.covers(lon[i], lat[i]) && polygon.covers(factory.createPoint(new Coordinate(lon[i], lat[i])))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Builds a shape of the given area in local metres around (0, 0), rotates it by {@code angle}
     * radians and maps it to degrees around the centre.
     */
    static Polygon polygon(GeometryFactory factory, Shape shape, double latDegrees, double lonDegrees,
                           double areaSquareMeters, double angle) {
        Local local = new Local(latDegrees, lonDegrees, angle);
        switch (shape) {
            case SQUARE: {
                double h = Math.sqrt(areaSquareMeters) / 2;
                return factory.createPolygon(local.ring(factory, -h, -h, h, -h, h, h, -h, h));
            }
            case CIRCLE_32: {
                // A regular n-gon of circumradius R has area (n/2) R^2 sin(2 pi / n).
                double r = Math.sqrt(2 * areaSquareMeters / (CIRCLE_VERTICES * StrictMath.sin(2 * Math.PI / CIRCLE_VERTICES)));
                double[] xy = new double[2 * CIRCLE_VERTICES];
                for (int k = 0; k < CIRCLE_VERTICES; k++) {
                    double a = 2 * Math.PI * k / CIRCLE_VERTICES;
                    xy[2 * k] = r * StrictMath.cos(a);
                    xy[2 * k + 1] = r * StrictMath.sin(a);
                }
                return factory.createPolygon(local.ring(factory, xy));
            }
            case CONCAVE_L: {
                // The square [-h, h]^2 without its quadrant [0, h]^2: area 3 h^2.
                double h = Math.sqrt(areaSquareMeters / 3);
                return factory.createPolygon(local.ring(factory, -h, -h, h, -h, h, 0, 0, 0, 0, h, -h, h));
            }
            case THIN_STRIP: {
                // Width w, length 20 w: area 20 w^2.
                double w = Math.sqrt(areaSquareMeters / STRIP_ASPECT);
                double halfLength = STRIP_ASPECT * w / 2;
                return factory.createPolygon(local.ring(factory,
                    -halfLength, -w / 2, halfLength, -w / 2, halfLength, w / 2, -halfLength, w / 2));
            }
            case WITH_HOLE: {
                // Outer square of side 2h, hole of side h: area 4 h^2 - h^2 = 3 h^2.
                double h = Math.sqrt(areaSquareMeters / 3);
                double g = h / 2;
                LinearRing shell = local.ring(factory, -h, -h, h, -h, h, h, -h, h);
                LinearRing hole = local.ring(factory, -g, -g, -g, g, g, g, g, -g);
                return factory.createPolygon(shell, new LinearRing[] {hole});
            }
            default:
                throw new AssertionError(shape);
        }
    }

    /** Maps local metres (x east, y north), rotated by an angle, to degrees around a centre. */
    private static final class Local {
        private final double latDegrees;
        private final double lonDegrees;
        private final double cos;
        private final double sin;
        private final double metersPerDegreeLon;

        Local(double latDegrees, double lonDegrees, double angle) {
            this.latDegrees = latDegrees;
            this.lonDegrees = lonDegrees;
            this.cos = StrictMath.cos(angle);
            this.sin = StrictMath.sin(angle);
            this.metersPerDegreeLon = CameraWorld.METERS_PER_DEGREE * StrictMath.cos(StrictMath.toRadians(latDegrees));
        }

        /** A closed ring through the given (x, y) pairs, metres. */
        LinearRing ring(GeometryFactory factory, double... xy) {
            int n = xy.length / 2;
            Coordinate[] ring = new Coordinate[n + 1];
            for (int k = 0; k < n; k++) {
                double x = xy[2 * k] * cos - xy[2 * k + 1] * sin;
                double y = xy[2 * k] * sin + xy[2 * k + 1] * cos;
                ring[k] = new Coordinate(lonDegrees + x / metersPerDegreeLon, latDegrees + y / CameraWorld.METERS_PER_DEGREE);
            }
            ring[n] = ring[0].copy();
            return factory.createLinearRing(ring);
        }
    }
}
