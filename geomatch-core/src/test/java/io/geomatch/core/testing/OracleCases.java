package io.geomatch.core.testing;

import io.geomatch.core.Area;
import io.geomatch.core.Camera;
import org.locationtech.jts.algorithm.ConvexHull;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateFilter;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The seeded oracle cases every query path is checked on, in the core and in the modules built on
 * it: polygons (convex, concave, holes, multi, overlapping collections, many-vertex), circles (one
 * exactly through a camera) and H3 cell sets; cameras exactly on vertices and edges and a hair off
 * them, and stacked on one point; windows and footage on bucket edges; retention cut-offs;
 * opted-out and e2ee cameras. Also the one way a dataset is turned into a base plus a history of
 * changes (new cameras, footage appended, cameras upserted again, moved far away and back, deleted
 * and re-added). The expected answer is always {@link BruteForce}'s.
 */
public final class OracleCases {
    /** The instant the footage clusters around. */
    public static final long BASE_MILLIS = 1_762_000_000_000L;
    /** Far from every test area (Sydney): where a camera moves to and back from. */
    public static final double AWAY_LAT = -33.9;
    /** Longitude of {@link #AWAY_LAT}. */
    public static final double AWAY_LON = 151.2;
    private static final GeometryFactory GF = new GeometryFactory();
    private static final double CENTER_LON = -87.75;
    private static final double CENTER_LAT = 41.875;
    /** A dyadic step: sums and midpoints of such coordinates are exact doubles. */
    private static final double STEP = 1.0 / 4096;

    private OracleCases() {
    }

    /**
     * One case: the data, the areas to ask about, and the random stream the case's windows come from.
     *
     * @param seed the seed, to replay
     * @param bucketMillis the bucket size the case is meant for (some clips start on its edges)
     * @param data the cameras and footage
     * @param checks the areas
     * @param random positioned after the data and areas: {@link #windows} draws from it
     */
    public record Case(long seed, long bucketMillis, Dataset data, List<Check> checks, SplittableRandom random) {
        /**
         * @return the next windows to ask one area about, each {from, to, now}; draws from {@link #random()}
         */
        public List<long[]> windows() {
            return OracleCases.windows(random, data, bucketMillis);
        }
    }

    /**
     * An area to ask about, compiled, as the oracle reads it, and as it was defined: exactly one of
     * {@code polygon}, {@code circle} and {@code cells} is set.
     *
     * @param label names the area in failure messages
     * @param area the compiled area
     * @param region the oracle's predicate
     * @param polygon the polygons, or {@code null}
     * @param circle {lat, lon, radiusMeters}, or {@code null}
     * @param cells the H3 cells, or {@code null}
     */
    public record Check(String label, Area area, BruteForce.Region region, Geometry polygon, double[] circle, long[] cells) {
    }

    /**
     * A dataset as a base and the changes that bring it to the whole dataset.
     *
     * @param base the first changes: even cameras and some of their footage
     * @param changes the rest, in order
     */
    public record Split(List<LiveOp> base, List<LiveOp> changes) {
        /** @return the base, then the changes: every change of the dataset's history, in order */
        public List<LiveOp> all() {
            List<LiveOp> all = new ArrayList<>(base);
            all.addAll(changes);
            return all;
        }
    }

    /**
     * Builds a case: about 3,000 cameras (background clustered around the areas and scattered
     * widely, probes on and beside every vertex and edge, a camera with 40-day-old footage, 20
     * cameras on one point) and 7 polygons, 4 circles and 3 H3 cell sets.
     *
     * @param seed the seed
     * @param bucketMillis the bucket size some clips are aligned to
     * @return the case
     */
    public static Case build(long seed, long bucketMillis) {
        SplittableRandom random = new SplittableRandom(seed * 7919);
        List<Geometry> polygons = polygons(random);
        Dataset data = new Dataset(seed, BASE_MILLIS);
        long[] aligned = {bucketMillis, 1_000, 60_000};
        // Background cameras, clustered around the test areas and scattered widely.
        for (int i = 0; i < 2500; i++) {
            double spread = i % 5 == 0 ? 0.5 : 0.02;
            data.addCamera(CENTER_LAT + random.nextGaussian() * spread, CENTER_LON + random.nextGaussian() * spread, aligned);
        }
        // Probes exactly on, and a hair off, every vertex and on edges of every polygon.
        for (Geometry g : polygons) {
            for (int p = 0; p < g.getNumGeometries(); p++) {
                Polygon poly = (Polygon) g.getGeometryN(p);
                addRingProbes(data, poly.getExteriorRing(), aligned);
                for (int h = 0; h < poly.getNumInteriorRing(); h++) {
                    addRingProbes(data, poly.getInteriorRingN(h), aligned);
                }
            }
        }
        // Old footage 40 days back: the runs then span 57,600 one-minute buckets (short runs, within
        // 65,535), 3.5 million one-second buckets (int runs) and more than 2^31 one-millisecond
        // buckets (long runs), so that each run width meets the oracle.
        data.addFootage(data.addCamera(CENTER_LAT, CENTER_LON, aligned), BASE_MILLIS - 40 * 86_400_000L, BASE_MILLIS - 40 * 86_400_000L + 5_000);
        // Duplicate locations: several cameras at one point.
        for (int i = 0; i < 20; i++) {
            data.addCamera(CENTER_LAT, CENTER_LON, aligned);
        }

        List<Check> checks = new ArrayList<>();
        for (Geometry g : polygons) {
            checks.add(new Check("polygon " + g, Area.polygon(g), BruteForce.polygons(g), g, null, null));
        }
        for (int i = 0; i < 4; i++) {
            double lat = CENTER_LAT + random.nextGaussian() * 0.02;
            double lon = CENTER_LON + random.nextGaussian() * 0.02;
            double radius = 50 + random.nextDouble() * 3000;
            if (i == 0) {
                // A camera exactly on the circle: the boundary is inclusive.
                int c = random.nextInt(data.cameraCount());
                radius = BruteForce.haversineMeters(lat, lon, data.lat(c), data.lon(c));
            }
            checks.add(new Check("circle " + lat + "," + lon + " r=" + radius, Area.circle(lat, lon, radius),
                BruteForce.circle(lat, lon, radius), null, new double[] {lat, lon, radius}, null));
        }
        for (int i = 0; i < 3; i++) {
            long[] cells = new long[1 + random.nextInt(6)];
            for (int k = 0; k < cells.length; k++) {
                int c = random.nextInt(data.cameraCount());
                cells[k] = BruteForce.h3().latLngToCell(data.lat(c), data.lon(c), 5 + random.nextInt(7));
            }
            checks.add(new Check("cells " + Arrays.toString(cells), Area.h3Cells(cells), BruteForce.cells(cells), null, null, cells));
        }
        return new Case(seed, bucketMillis, data, checks, random);
    }

    /**
     * Windows: wide, narrow, starting and ending exactly on bucket edges, and on retention edges.
     *
     * @param random the stream to draw from
     * @param data the dataset, whose footage the edge windows are placed on
     * @param b the bucket size
     * @return windows, each {from, to, now}
     */
    public static List<long[]> windows(SplittableRandom random, Dataset data, long b) {
        List<long[]> windows = new ArrayList<>();
        long now = BASE_MILLIS + 86_400_000L;
        windows.add(new long[] {BASE_MILLIS - 5 * 86_400_000L, now, now});
        for (int i = 0; i < 6; i++) {
            long from = BASE_MILLIS + random.nextLong(-4 * 86_400_000L, 86_400_000L);
            long to = from + 1 + random.nextLong(12 * 3_600_000L);
            windows.add(new long[] {from, to, now + random.nextLong(3 * 86_400_000L)});
        }
        for (int i = 0; i < 6; i++) {
            int f = random.nextInt(data.footageCount());
            long edge = Math.floorDiv(data.footageStart(f), b) * b;
            long end = Math.floorDiv(data.footageEnd(f) - 1, b) * b + b;
            windows.add(new long[] {edge, edge + b, now});
            windows.add(new long[] {end, end + 15 * 60_000L, now});
            windows.add(new long[] {edge - 3_600_000L, edge, now});
            windows.add(new long[] {edge - 3_600_000L, edge + 1, now});
            // Retention edge: the last bucket of this footage is retained at now-1 and expires at now.
            int c = data.footageCamera(f);
            long lastBucket = Math.floorDiv(data.footageEnd(f) - 1, b);
            long expiry = (lastBucket + 1) * b + data.retentionDays(c) * 86_400_000L;
            windows.add(new long[] {data.footageStart(f), data.footageEnd(f), expiry});
            windows.add(new long[] {data.footageStart(f), data.footageEnd(f), expiry - 1});
        }
        return windows;
    }

    /**
     * The even cameras, with the even footage rows of each, as the base; and the changes that bring
     * it to the whole dataset: the odd cameras and their footage, the rest of the base cameras'
     * footage, and for some base cameras an upsert of the same camera, a move far away
     * ({@link #AWAY_LAT}, {@link #AWAY_LON}) and back, or a delete and re-add with all their
     * footage. Every change leaves a row in a live index's delta.
     *
     * @param data the dataset
     * @return its base and changes
     */
    public static Split split(Dataset data) {
        List<LiveOp> base = new ArrayList<>();
        List<LiveOp> changes = new ArrayList<>();
        boolean[] readded = new boolean[data.cameraCount()];
        for (int c = 0; c < data.cameraCount(); c++) {
            if (c % 2 == 1) {
                changes.add(LiveOp.upsert(data.camera(c)));
                continue;
            }
            base.add(LiveOp.upsert(data.camera(c)));
            switch (c % 10) {
                case 0 -> changes.add(LiveOp.upsert(data.camera(c)));
                case 2 -> {
                    changes.add(LiveOp.upsert(Camera.at(data.id(c), AWAY_LAT, AWAY_LON)));
                    changes.add(LiveOp.upsert(data.camera(c)));
                }
                case 4 -> {
                    changes.add(LiveOp.delete(data.id(c)));
                    changes.add(LiveOp.upsert(data.camera(c)));
                    readded[c] = true;
                }
                default -> {
                    // Unchanged, or changed only by footage appended below.
                }
            }
        }
        for (int f = 0; f < data.footageCount(); f++) {
            int c = data.footageCamera(f);
            LiveOp footage = LiveOp.footage(data.id(c), data.footageStart(f), data.footageEnd(f));
            (c % 2 == 0 && f % 2 == 0 && !readded[c] ? base : changes).add(footage);
        }
        return new Split(base, changes);
    }

    private static void addRingProbes(Dataset data, LinearRing ring, long[] aligned) {
        Coordinate[] pts = ring.getCoordinates();
        for (int i = 0; i + 1 < pts.length; i++) {
            Coordinate a = pts[i];
            Coordinate b = pts[i + 1];
            data.addCamera(a.y, a.x, aligned);
            data.addCamera(Math.nextUp(a.y), a.x, aligned);
            data.addCamera(a.y, Math.nextDown(a.x), aligned);
            data.addCamera((a.y + b.y) / 2, (a.x + b.x) / 2, aligned);
            data.addCamera((3 * a.y + b.y) / 4, (3 * a.x + b.x) / 4, aligned);
            data.addCamera(Math.nextUp((a.y + b.y) / 2), (a.x + b.x) / 2, aligned);
        }
    }

    /** Polygons on a dyadic grid around the centre, so that probes on edges are exact. */
    private static List<Geometry> polygons(SplittableRandom random) {
        List<Geometry> list = new ArrayList<>();
        // Axis-aligned rectangle.
        list.add(rect(grid(random, -40, 0), grid(random, -40, 0), grid(random, 10, 60), grid(random, 10, 60)));
        // Convex hull of random grid points.
        Coordinate[] pts = new Coordinate[12];
        for (int i = 0; i < pts.length; i++) {
            pts[i] = new Coordinate(CENTER_LON + grid(random, -80, 80), CENTER_LAT + grid(random, -80, 80));
        }
        list.add(new ConvexHull(pts, GF).getConvexHull());
        // Concave stars, one small and one with many vertices (exercises the band index).
        list.add(star(random, 9, 20, 80));
        list.add(star(random, 300, 600, 1600));
        // Square with two holes.
        Polygon holed = GF.createPolygon(ring(-100, -100, 100, 100), new LinearRing[] {ring(-60, -60, -10, -10), ring(10, 10, 70, 40)});
        list.add(holed);
        // MultiPolygon of two disjoint stars, and an overlapping collection (several features).
        Polygon a = star(random, 7, 10, 30);
        Polygon b = (Polygon) a.copy();
        b.apply((CoordinateFilter) c -> c.x += 200 * STEP);
        b.geometryChanged();
        list.add(GF.createMultiPolygon(new Polygon[] {a, b}));
        list.add(GF.createGeometryCollection(new Geometry[] {
            rect(-50 * STEP, -50 * STEP, 30 * STEP, 30 * STEP), rect(0, 0, 60 * STEP, 60 * STEP)}));
        return list;
    }

    private static double grid(SplittableRandom random, int lo, int hi) {
        return random.nextInt(lo, hi + 1) * STEP;
    }

    private static Polygon rect(double x0, double y0, double x1, double y1) {
        return GF.createPolygon(new Coordinate[] {
            new Coordinate(CENTER_LON + x0, CENTER_LAT + y0), new Coordinate(CENTER_LON + x1, CENTER_LAT + y0),
            new Coordinate(CENTER_LON + x1, CENTER_LAT + y1), new Coordinate(CENTER_LON + x0, CENTER_LAT + y1),
            new Coordinate(CENTER_LON + x0, CENTER_LAT + y0)});
    }

    private static LinearRing ring(int x0, int y0, int x1, int y1) {
        return GF.createLinearRing(new Coordinate[] {
            new Coordinate(CENTER_LON + x0 * STEP, CENTER_LAT + y0 * STEP), new Coordinate(CENTER_LON + x1 * STEP, CENTER_LAT + y0 * STEP),
            new Coordinate(CENTER_LON + x1 * STEP, CENTER_LAT + y1 * STEP), new Coordinate(CENTER_LON + x0 * STEP, CENTER_LAT + y1 * STEP),
            new Coordinate(CENTER_LON + x0 * STEP, CENTER_LAT + y0 * STEP)});
    }

    /** A star with alternating radii, vertices snapped to the dyadic grid. */
    private static Polygon star(SplittableRandom random, int points, int inner, int outer) {
        Coordinate[] c = new Coordinate[2 * points + 1];
        for (int i = 0; i < 2 * points; i++) {
            double angle = Math.PI * i / points;
            double r = (i % 2 == 0 ? outer : inner) * (0.8 + 0.4 * random.nextDouble());
            c[i] = new Coordinate(CENTER_LON + Math.round(r * Math.cos(angle)) * STEP, CENTER_LAT + Math.round(r * Math.sin(angle)) * STEP);
        }
        c[2 * points] = c[0];
        return GF.createPolygon(c);
    }
}
