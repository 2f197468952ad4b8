package io.geomatch.core.testing;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The view-matching oracle cases, shared by every implementation that matches by view (the core's
 * {@code ViewMatchOracleTest}, the cluster's oracle test): in each place a square with a square
 * hole and a triangle beside it, cameras with random views around them, and probes placed in each
 * camera's own ground frame: sectors that reach 2 mm past an edge, a vertex or a hole's edge, or
 * stop 2 mm short, or touch them; a camera in a hole that sees only the hole; cameras inside
 * facing away; fields of view of 1, 180, 359 and 360 degrees, headings across north (350 plus or
 * minus 30), ranges of 1 m and 200 m. Footage and windows fall on bucket edges. The expected
 * answer is {@link BruteForce#viewInside}; a camera it calls ambiguous may answer either way
 * ({@link #withoutAmbiguous}).
 */
public final class ViewOracleCases {
    /** The time the footage starts around, epoch ms. */
    public static final long BASE_MILLIS = 1_762_000_000_000L;
    /** The default places, {lat, lon}: Chicago, beside the antimeridian, and 80 degrees north and south. */
    public static final double[][] PLACES = {{41.875, -87.75}, {10.0, 179.996}, {80.0, 20.0}, {-80.0, -60.0}};
    private static final GeometryFactory GF = new GeometryFactory();
    private static final double M = Math.PI / 180 * BruteForce.EARTH_RADIUS_METERS;

    private ViewOracleCases() {
    }

    /**
     * A case: the fleet, the areas, and which probes touch an area (tangent: either answer is
     * right) or come within 2 mm of touching it.
     *
     * @param seed the seed
     * @param bucketMillis the bucket size the footage is aligned to
     * @param data the fleet
     * @param areas the areas to ask, polygons in (x = lon, y = lat) degrees
     * @param tangent cameras whose range reaches exactly to an area
     * @param nearTangent cameras whose range stops or reaches 2 mm from an area
     * @param random the case's random source, for its windows
     */
    public record Case(long seed, long bucketMillis, Dataset data, List<Geometry> areas, List<Integer> tangent, List<Integer> nearTangent,
                       SplittableRandom random) {
        /** @return windows for one area: all the footage, and windows on bucket edges and retention cut-offs (draws from the random source) */
        public List<long[]> windows() {
            return ViewOracleCases.windows(data, bucketMillis, random);
        }
    }

    /**
     * @param seed the seed
     * @param bucketMillis the bucket size
     * @return the case in the default {@link #PLACES}
     */
    public static Case build(long seed, long bucketMillis) {
        return build(seed, bucketMillis, PLACES);
    }

    /**
     * @param seed the seed
     * @param bucketMillis the bucket size
     * @param places where to put the areas, {lat, lon}
     * @return the case
     */
    public static Case build(long seed, long bucketMillis, double[][] places) {
        SplittableRandom random = new SplittableRandom(seed * 31);
        Dataset data = new Dataset(seed, BASE_MILLIS);
        long[] aligned = {bucketMillis, 60_000};
        List<Geometry> areas = new ArrayList<>();
        List<Integer> tangent = new ArrayList<>();
        List<Integer> nearTangent = new ArrayList<>();
        for (double[] place : places) {
            Polygon holed = square(place[0], place[1], 300, 80);
            // The triangle stands beside the square, to the west where the world ends to the east.
            double beside = (place[1] > 170 ? -700 : 700) / (M * Math.cos(Math.toRadians(place[0])));
            Polygon triangle = triangle(place[0], place[1] + beside);
            areas.add(holed);
            areas.add(triangle);
            for (Polygon p : List.of(holed, triangle)) {
                addRandomViewers(data, random, p, aligned);
                addEdgeProbes(data, random, p, aligned, tangent, nearTangent);
            }
            addHoleProbes(data, place[0], place[1], aligned);
        }
        return new Case(seed, bucketMillis, data, areas, tangent, nearTangent, random);
    }

    /**
     * @param ids matching ids, ascending
     * @param data the fleet
     * @param ambiguous which cameras may answer either way
     * @return the ids without those of ambiguous cameras
     */
    public static long[] withoutAmbiguous(long[] ids, Dataset data, boolean[] ambiguous) {
        long[] skip = new long[data.cameraCount()];
        int n = 0;
        for (int c = 0; c < ambiguous.length; c++) {
            if (ambiguous[c]) {
                skip[n++] = data.id(c);
            }
        }
        long[] sorted = Arrays.copyOf(skip, n);
        Arrays.sort(sorted);
        return Arrays.stream(ids).filter(id -> Arrays.binarySearch(sorted, id) < 0).toArray();
    }

    /** Cameras around an area, each with a view: random, and the fields of view and headings the contract singles out. */
    private static void addRandomViewers(Dataset data, SplittableRandom random, Polygon p, long[] aligned) {
        Coordinate centre = p.getEnvelopeInternal().centre();
        double kx = M * Math.cos(Math.toRadians(centre.y));
        double[] fovs = {1, 180, 359, 360, 60, 120};
        for (int i = 0; i < 120; i++) {
            double dx = random.nextDouble(-700, 700);
            double dy = random.nextDouble(-700, 700);
            if (Math.abs(centre.x + dx / kx) > 180) {
                // Beside the antimeridian: the world ends there (the frame does not wrap).
                continue;
            }
            int c = data.addCamera(centre.y + dy / M, centre.x + dx / kx, aligned);
            double fov = i < 60 ? fovs[i % fovs.length] : random.nextDouble(1, 360);
            double heading = i % 7 == 0 ? 350 : random.nextDouble(0, 360);
            double range = i % 11 == 0 ? 200 : i % 13 == 0 ? 1 : random.nextDouble(5, 150);
            data.setView(c, heading, i % 7 == 0 ? 60 : fov, range);
        }
    }

    /**
     * For every edge of the area's rings: a camera in front of the edge's midpoint and one beyond
     * its first vertex, facing it, with a range 2 mm past it, 2 mm short of it, and to the
     * millimetre of it, all measured in the camera's own frame.
     */
    private static void addEdgeProbes(Dataset data, SplittableRandom random, Polygon p, long[] aligned, List<Integer> tangent,
                                      List<Integer> nearTangent) {
        List<LinearRing> rings = new ArrayList<>();
        rings.add(p.getExteriorRing());
        for (int h = 0; h < p.getNumInteriorRing(); h++) {
            rings.add(p.getInteriorRingN(h));
        }
        for (LinearRing ring : rings) {
            Coordinate[] pts = ring.getCoordinates();
            for (int i = 0; i + 1 < pts.length; i++) {
                Coordinate a = pts[i];
                Coordinate b = pts[i + 1];
                double kx = M * Math.cos(Math.toRadians(a.y));
                // Unit normal of the edge in local metres, and the target points: the midpoint and the vertex.
                double ex = (b.x - a.x) * kx;
                double ey = (b.y - a.y) * M;
                double len = Math.hypot(ex, ey);
                for (int side = -1; side <= 1; side += 2) {
                    double nx = -ey / len * side;
                    double ny = ex / len * side;
                    double distance = 10 + random.nextDouble() * 30;
                    double tx = (a.x + b.x) / 2;
                    double ty = (a.y + b.y) / 2;
                    for (double[] target : new double[][] {{tx, ty, nx, ny}, {a.x, a.y, nx - ex / len, ny - ey / len}}) {
                        double norm = Math.hypot(target[2], target[3]);
                        double lat = target[1] + target[3] / norm * distance / M;
                        double lon = target[0] + target[2] / norm * distance / kx;
                        if (Math.abs(lon) > 180) {
                            continue;
                        }
                        for (double extra : new double[] {0.002, -0.002, 0}) {
                            int c = data.addCamera(lat, lon, aligned);
                            (extra == 0 ? tangent : nearTangent).add(c);
                            double[] frame = frame(lat, lon, target[0], target[1]);
                            double reach = Math.hypot(frame[0], frame[1]);
                            double heading = Math.toDegrees(Math.atan2(frame[0], frame[1]));
                            double toEdge = Math.max(0.001, distanceToEdge(lat, lon, a, b));
                            double range = Math.min(200, Math.min(reach, toEdge) + extra);
                            data.setView(c, (heading + 360) % 360, 90, Math.max(0.001, range));
                        }
                    }
                }
            }
        }
    }

    /** A camera at the hole's centre that sees only the hole, one that sees 2 mm past its edge, and one inside the shell facing away. */
    private static void addHoleProbes(Dataset data, double lat, double lon, long[] aligned) {
        // The hole is a square of half-side 80 m at the centre: its edges are 80 m away.
        data.setView(data.addCamera(lat, lon, aligned), 0, 360, 79.9);
        data.setView(data.addCamera(lat, lon, aligned), 45, 10, 80 * Math.sqrt(2) - 1);
        data.setView(data.addCamera(lat, lon, aligned), 0, 1, 80.002);
        double kx = M * Math.cos(Math.toRadians(lat));
        data.setView(data.addCamera(lat + 200 / M, lon + 200 / kx, aligned), 45, 1, 1);
    }

    /** @return (x, y) of a point in the ground frame of a camera at (lat0, lon0), metres */
    private static double[] frame(double lat0, double lon0, double lon, double lat) {
        return new double[] {(lon - lon0) * M * Math.cos(Math.toRadians(lat0)), (lat - lat0) * M};
    }

    /** @return the distance from a camera to the segment a-b, in its own frame */
    private static double distanceToEdge(double lat0, double lon0, Coordinate a, Coordinate b) {
        double[] p = frame(lat0, lon0, a.x, a.y);
        double[] q = frame(lat0, lon0, b.x, b.y);
        double dx = q[0] - p[0];
        double dy = q[1] - p[1];
        double t = Math.max(0, Math.min(1, -(p[0] * dx + p[1] * dy) / (dx * dx + dy * dy)));
        return Math.hypot(p[0] + t * dx, p[1] + t * dy);
    }

    /** Windows: all the footage, and windows starting and ending on bucket edges. */
    static List<long[]> windows(Dataset data, long b, SplittableRandom random) {
        List<long[]> windows = new ArrayList<>();
        long now = BASE_MILLIS + 86_400_000L;
        windows.add(new long[] {BASE_MILLIS - 5 * 86_400_000L, now, now});
        for (int i = 0; i < 3; i++) {
            int f = random.nextInt(data.footageCount());
            long edge = Math.floorDiv(data.footageStart(f), b) * b;
            windows.add(new long[] {edge, edge + b, now});
            windows.add(new long[] {edge - 3_600_000L, edge, now});
            int c = data.footageCamera(f);
            long expiry = (Math.floorDiv(data.footageEnd(f) - 1, b) + 1) * b + data.retentionDays(c) * 86_400_000L;
            windows.add(new long[] {data.footageStart(f), data.footageEnd(f), expiry});
            windows.add(new long[] {data.footageStart(f), data.footageEnd(f), expiry - 1});
        }
        return windows;
    }

    /** A square of {@code half} metres around a place with a square hole of {@code holeHalf} metres. */
    private static Polygon square(double lat, double lon, double half, double holeHalf) {
        return GF.createPolygon(ring(lat, lon, half), new LinearRing[] {ring(lat, lon, holeHalf)});
    }

    private static LinearRing ring(double lat, double lon, double half) {
        double dx = half / (M * Math.cos(Math.toRadians(lat)));
        double dy = half / M;
        return GF.createLinearRing(new Coordinate[] {new Coordinate(lon - dx, lat - dy), new Coordinate(lon + dx, lat - dy),
            new Coordinate(lon + dx, lat + dy), new Coordinate(lon - dx, lat + dy), new Coordinate(lon - dx, lat - dy)});
    }

    private static Polygon triangle(double lat, double lon) {
        double kx = M * Math.cos(Math.toRadians(lat));
        double east = Math.min(180, lon + 150 / kx);
        return GF.createPolygon(new Coordinate[] {new Coordinate(lon - 150 / kx, lat - 100 / M), new Coordinate(east, lat - 80 / M),
            new Coordinate(lon, lat + 120 / M), new Coordinate(lon - 150 / kx, lat - 100 / M)});
    }
}
