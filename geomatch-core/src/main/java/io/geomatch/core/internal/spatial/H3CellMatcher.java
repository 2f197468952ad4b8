package io.geomatch.core.internal.spatial;

import com.uber.h3core.H3Core;
import com.uber.h3core.util.LatLng;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * A set of H3 cells of any resolutions: a point matches cell {@code c} if
 * {@code latLngToCell(lat, lon, resolution(c)) == c}. That is the contract itself, evaluated with
 * h3-java for each candidate point, so it is exact by construction.
 *
 * <p>Candidates come from a bounding box per cell, computed once from the cell boundary densified
 * along its great-circle edges and padded; a box that holds a pole is widened to every longitude.
 * Rectangles are never classified {@link #INSIDE}: every candidate is tested, so H3 queries cost
 * one JNI call per candidate camera and distinct resolution.
 *
 * <p>Immutable and thread-safe.
 */
public final class H3CellMatcher extends SpatialMatcher {
    private static final int EDGE_STEPS = 16;

    private final int[] resolutions;
    private final long[][] cellsByResolution;
    private final double[] boxes;

    /**
     * @param cells valid H3 cell indexes (validated by the caller with {@link #isValidCell}); duplicates allowed
     * @return the matcher
     */
    public static H3CellMatcher of(long[] cells) {
        long[] sorted = distinctSorted(cells);
        return new H3CellMatcher(sorted, boxes(sorted));
    }

    /** @param boxes a padded box per cell, then their union, four values each */
    private H3CellMatcher(long[] sorted, double[] boxes) {
        super(boxes[boxes.length - 4], boxes[boxes.length - 3], boxes[boxes.length - 2], boxes[boxes.length - 1]);
        this.boxes = Arrays.copyOf(boxes, boxes.length - 4);
        H3Core h3 = h3();
        int[] countByRes = new int[16];
        for (long c : sorted) {
            countByRes[h3.getResolution(c)]++;
        }
        int used = 0;
        for (int r = 0; r < 16; r++) {
            used += countByRes[r] > 0 ? 1 : 0;
        }
        resolutions = new int[used];
        cellsByResolution = new long[used][];
        for (int r = 0, k = 0; r < 16; r++) {
            if (countByRes[r] == 0) {
                continue;
            }
            resolutions[k] = r;
            long[] same = new long[countByRes[r]];
            int j = 0;
            for (long c : sorted) {
                if (h3.getResolution(c) == r) {
                    same[j++] = c;
                }
            }
            cellsByResolution[k++] = same;
        }
    }

    private static long[] distinctSorted(long[] cells) {
        long[] sorted = cells.clone();
        Arrays.sort(sorted);
        int distinct = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                sorted[distinct++] = sorted[i];
            }
        }
        return Arrays.copyOf(sorted, distinct);
    }

    private static double[] boxes(long[] sorted) {
        H3Core h3 = h3();
        int n = sorted.length;
        double[] boxes = new double[4 * (n + 1)];
        double[] union = {180, 90, -180, -90};
        for (int i = 0; i < n; i++) {
            boundingBox(h3, sorted[i], boxes, 4 * i);
            union[0] = Math.min(union[0], boxes[4 * i]);
            union[1] = Math.min(union[1], boxes[4 * i + 1]);
            union[2] = Math.max(union[2], boxes[4 * i + 2]);
            union[3] = Math.max(union[3], boxes[4 * i + 3]);
        }
        System.arraycopy(union, 0, boxes, 4 * n, 4);
        return boxes;
    }

    /**
     * @param cell a candidate H3 index
     * @return whether h3-java considers it a valid cell
     */
    public static boolean isValidCell(long cell) {
        return h3().isValidCell(cell);
    }

    private static void boundingBox(H3Core h3, long cell, double[] out, int at) {
        List<LatLng> boundary = h3.cellToBoundary(cell);
        double x0 = Double.POSITIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        int n = boundary.size();
        for (int v = 0; v < n; v++) {
            LatLng a = boundary.get(v);
            LatLng b = boundary.get((v + 1) % n);
            double[] pa = unit(a.lat, a.lng);
            double[] pb = unit(b.lat, b.lng);
            for (int s = 0; s <= EDGE_STEPS; s++) {
                double t = (double) s / EDGE_STEPS;
                double x = pa[0] + t * (pb[0] - pa[0]);
                double y = pa[1] + t * (pb[1] - pa[1]);
                double z = pa[2] + t * (pb[2] - pa[2]);
                double lat = Math.toDegrees(Math.atan2(z, Math.hypot(x, y)));
                double lon = Math.toDegrees(Math.atan2(y, x));
                x0 = Math.min(x0, lon);
                x1 = Math.max(x1, lon);
                y0 = Math.min(y0, lat);
                y1 = Math.max(y1, lat);
            }
        }
        double padLat = (y1 - y0) * 0.02 + 1e-7;
        double padLon = (x1 - x0) * 0.02 + 1e-7;
        y0 = Math.max(-90, y0 - padLat);
        y1 = Math.min(90, y1 + padLat);
        if (x1 - x0 > 180 || h3.latLngToCell(90, 0, h3.getResolution(cell)) == cell
            || h3.latLngToCell(-90, 0, h3.getResolution(cell)) == cell) {
            // Crosses the antimeridian or holds a pole: every longitude, and the pole itself.
            x0 = -180;
            x1 = 180;
            if (h3.latLngToCell(90, 0, h3.getResolution(cell)) == cell) {
                y1 = 90;
            }
            if (h3.latLngToCell(-90, 0, h3.getResolution(cell)) == cell) {
                y0 = -90;
            }
        } else {
            x0 = Math.max(-180, x0 - padLon);
            x1 = Math.min(180, x1 + padLon);
        }
        out[at] = x0;
        out[at + 1] = y0;
        out[at + 2] = x1;
        out[at + 3] = y1;
    }

    private static double[] unit(double latDegrees, double lonDegrees) {
        double phi = Math.toRadians(latDegrees);
        double lambda = Math.toRadians(lonDegrees);
        return new double[] {Math.cos(phi) * Math.cos(lambda), Math.cos(phi) * Math.sin(lambda), Math.sin(phi)};
    }

    @Override
    public boolean covers(double latDegrees, double lonDegrees) {
        H3Core h3 = h3();
        for (int k = 0; k < resolutions.length; k++) {
            long cell = h3.latLngToCell(latDegrees, lonDegrees, resolutions[k]);
            if (Arrays.binarySearch(cellsByResolution[k], cell) >= 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int classify(double x0, double y0, double x1, double y1, int[] edges) {
        for (int i = 0; i < boxes.length; i += 4) {
            if (x1 >= boxes[i] && x0 <= boxes[i + 2] && y1 >= boxes[i + 1] && y0 <= boxes[i + 3]) {
                return BOUNDARY;
            }
        }
        return OUTSIDE;
    }

    private static H3Core h3() {
        return Holder.H3;
    }

    /** Loads the native library on first use only, so indexes without H3 queries never need it. */
    private static final class Holder {
        static final H3Core H3;

        static {
            try {
                H3 = H3Core.newInstance();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load the H3 native library", e);
            }
        }
    }
}
