package io.geomatch.core.testing;

import com.uber.h3core.H3Core;
import com.uber.h3core.util.LatLng;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * H3 cell sets and probe points for oracle tests of H3 areas: sets of every resolution at awkward
 * places (a pentagon, the antimeridian, both poles, an icosahedron face centre, random places),
 * with holes and of mixed resolutions; and points exactly on, and a hair either side of, the
 * vertices and edges of their cells, where {@code latLngToCell} changes its answer.
 */
public final class H3Cases {
    /** Offsets from a vertex or edge point, degrees: either side of every margin an implementation might use. */
    private static final double[] VERTEX_OFFSETS = {1e-12, 1e-9, 1e-8, 2e-8, 1e-7, 1e-6};
    private static final double[] EDGE_OFFSETS = {1e-12, 1e-9, 2e-8, 1e-7, 1e-6};
    private static final H3Core H3 = BruteForce.h3();

    private H3Cases() {
    }

    /** A named set of H3 cells. */
    public record CellSet(String name, long[] cells) {
        @Override
        public String toString() {
            StringBuilder hex = new StringBuilder();
            for (long c : cells) {
                hex.append(hex.length() == 0 ? "" : ",").append(Long.toHexString(c));
            }
            return name + " [" + hex + "]";
        }
    }

    /** Receives probe points. */
    public interface Sink {
        /**
         * @param lat latitude, degrees
         * @param lon longitude, degrees
         */
        void accept(double lat, double lon);
    }

    /**
     * The places sets are made at, for one resolution: random places, Chicago, a pentagon's
     * centre, a point of the antimeridian, both poles and an icosahedron face centre (where h3
     * computes least precisely).
     *
     * @param res the resolution
     * @param random the seeded source of the random ones
     * @return lat, lon pairs with a name each
     */
    public static List<Object[]> places(int res, SplittableRandom random) {
        List<Object[]> places = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            places.add(new Object[] {"random", Math.toDegrees(Math.asin(2 * random.nextDouble() - 1)), 360 * random.nextDouble() - 180});
        }
        places.add(new Object[] {"chicago", 41.8781, -87.6298});
        List<Long> pentagons = new ArrayList<>(H3.getPentagons(res));
        LatLng pentagon = H3.cellToLatLng(pentagons.get(random.nextInt(pentagons.size())));
        places.add(new Object[] {"pentagon", pentagon.lat, pentagon.lng});
        places.add(new Object[] {"antimeridian", -60 + 120 * random.nextDouble(), 180.0});
        places.add(new Object[] {"north pole", 90.0, 0.0});
        places.add(new Object[] {"south pole", -90.0, 0.0});
        double[][] faces = faceCentres();
        double[] face = faces[random.nextInt(faces.length)];
        places.add(new Object[] {"face centre", face[0], face[1]});
        return places;
    }

    /**
     * The sets made at a place: its cell; a disk of radius 2 with a third of its cells taken out
     * (holes and a ragged outline); a ring of radius 2 around a missing centre (a hole); and, below
     * resolution 15, its ring of radius 1 with a finer cell in the missing centre and one finer
     * still at a vertex (mixed resolutions).
     *
     * @param name the place's name
     * @param lat the place's latitude
     * @param lon its longitude
     * @param res the resolution
     * @param random the seeded source of the cells taken out
     * @return the sets
     */
    public static List<CellSet> sets(String name, double lat, double lon, int res, SplittableRandom random) {
        List<CellSet> sets = new ArrayList<>();
        long centre = H3.latLngToCell(lat, lon, res);
        String at = name + " res " + res;
        sets.add(new CellSet(at + " cell", new long[] {centre}));
        List<Long> disk = H3.gridDisk(centre, 2);
        List<Long> ragged = new ArrayList<>();
        for (long c : disk) {
            if (c == centre || random.nextInt(3) != 0) {
                ragged.add(c);
            }
        }
        sets.add(new CellSet(at + " ragged disk", toArray(ragged)));
        List<Long> ring = new ArrayList<>(disk);
        ring.remove(Long.valueOf(centre));
        sets.add(new CellSet(at + " ring", toArray(ring)));
        if (res < 15) {
            Set<Long> mixed = new LinkedHashSet<>(H3.gridDisk(centre, 1));
            mixed.remove(centre);
            mixed.add(H3.latLngToCell(lat, lon, res + 1));
            if (res + 2 <= 15) {
                LatLng vertex = H3.cellToBoundary(centre).get(0);
                mixed.add(H3.latLngToCell(vertex.lat, vertex.lng, res + 2));
            }
            sets.add(new CellSet(at + " mixed", toArray(new ArrayList<>(mixed))));
        }
        return sets;
    }

    /**
     * Probe points around every cell of a set: each boundary vertex (from {@code cellToBoundary},
     * so including the extra vertices of Class III cells on face edges) exactly, one ulp either
     * side in latitude and longitude, and 1e-12 to 1e-6 degrees either side in each; points of
     * each edge's great-circle arc (its middle and a random point) exactly and 1e-12 to 1e-6
     * degrees either side in latitude and longitude.
     *
     * @param cells the cells
     * @param dense false for a cheaper subset: vertices exactly, one ulp and 1e-9 and 2e-8 degrees
     *     off, and edge middles exactly and 1e-9 and 2e-8 degrees off
     * @param random the seeded source of the random edge points
     * @param sink receives the points
     */
    public static void probes(long[] cells, boolean dense, SplittableRandom random, Sink sink) {
        for (long cell : cells) {
            List<LatLng> boundary = H3.cellToBoundary(cell);
            int n = boundary.size();
            for (int v = 0; v < n; v++) {
                LatLng a = boundary.get(v);
                LatLng b = boundary.get((v + 1) % n);
                sink.accept(a.lat, a.lng);
                sink.accept(clampLat(Math.nextUp(a.lat)), a.lng);
                sink.accept(clampLat(Math.nextDown(a.lat)), a.lng);
                sink.accept(a.lat, Math.nextUp(a.lng));
                sink.accept(a.lat, Math.nextDown(a.lng));
                for (double d : dense ? VERTEX_OFFSETS : new double[] {1e-9, 2e-8}) {
                    around(a.lat, a.lng, d, sink);
                }
                for (double f : dense ? new double[] {0.5, random.nextDouble()} : new double[] {0.5}) {
                    double[] p = alongArc(a, b, f);
                    sink.accept(p[0], p[1]);
                    for (double d : dense ? EDGE_OFFSETS : new double[] {1e-9, 2e-8}) {
                        around(p[0], p[1], d, sink);
                    }
                }
            }
        }
    }

    private static void around(double lat, double lon, double d, Sink sink) {
        sink.accept(clampLat(lat + d), lon);
        sink.accept(clampLat(lat - d), lon);
        sink.accept(lat, wrapLon(lon + d));
        sink.accept(lat, wrapLon(lon - d));
    }

    private static double clampLat(double lat) {
        return Math.max(-90, Math.min(90, lat));
    }

    private static double wrapLon(double lon) {
        return lon > 180 ? lon - 360 : lon < -180 ? lon + 360 : lon;
    }

    /** @return lat, lon of the point a fraction {@code f} along the great-circle arc from a to b (by its chord) */
    private static double[] alongArc(LatLng a, LatLng b, double f) {
        double[] p = unit(a.lat, a.lng);
        double[] q = unit(b.lat, b.lng);
        double x = p[0] + f * (q[0] - p[0]);
        double y = p[1] + f * (q[1] - p[1]);
        double z = p[2] + f * (q[2] - p[2]);
        return new double[] {Math.toDegrees(Math.atan2(z, Math.hypot(x, y))), Math.toDegrees(Math.atan2(y, x))};
    }

    private static double[] unit(double lat, double lon) {
        double phi = Math.toRadians(lat);
        double lambda = Math.toRadians(lon);
        return new double[] {Math.cos(phi) * Math.cos(lambda), Math.cos(phi) * Math.sin(lambda), Math.sin(phi)};
    }

    /**
     * The 20 icosahedron face centres, lat and lon, worked out from h3's res-0 pentagons (the
     * icosahedron's vertices) and checked against h3: every face centre is the centre of the
     * res-15 cell that holds it.
     *
     * @return lat, lon pairs, degrees
     */
    public static double[][] faceCentres() {
        List<double[]> vertices = new ArrayList<>();
        for (long p : H3.getPentagons(0)) {
            LatLng c = H3.cellToLatLng(p);
            vertices.add(unit(c.lat, c.lng));
        }
        List<double[]> centres = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            for (int j = i + 1; j < 12; j++) {
                for (int k = j + 1; k < 12; k++) {
                    double[] a = vertices.get(i);
                    double[] b = vertices.get(j);
                    double[] c = vertices.get(k);
                    // Neighbouring vertices of the icosahedron have dot product 1/sqrt(5); others -1/sqrt(5) or -1.
                    if (dot(a, b) > 0.3 && dot(b, c) > 0.3 && dot(a, c) > 0.3) {
                        double x = a[0] + b[0] + c[0];
                        double y = a[1] + b[1] + c[1];
                        double z = a[2] + b[2] + c[2];
                        double lat = Math.toDegrees(Math.atan2(z, Math.hypot(x, y)));
                        double lon = Math.toDegrees(Math.atan2(y, x));
                        LatLng cellCentre = H3.cellToLatLng(H3.latLngToCell(lat, lon, 15));
                        if (Math.abs(cellCentre.lat - lat) > 1e-9 || Math.abs(cellCentre.lng - lon) > 1e-9) {
                            throw new IllegalStateException("face centre " + lat + "," + lon + " is not the centre of its res-15 cell " + cellCentre);
                        }
                        centres.add(new double[] {lat, lon});
                    }
                }
            }
        }
        if (centres.size() != 20) {
            throw new IllegalStateException(centres.size() + " face centres");
        }
        return centres.toArray(new double[0][]);
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    private static long[] toArray(List<Long> cells) {
        return cells.stream().mapToLong(Long::longValue).toArray();
    }
}
