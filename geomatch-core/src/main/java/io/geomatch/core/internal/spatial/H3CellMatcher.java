package io.geomatch.core.internal.spatial;

import com.uber.h3core.H3Core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * A set of H3 cells of any resolutions: a point matches cell {@code c} if
 * {@code latLngToCell(lat, lon, resolution(c)) == c}, exactly as h3-java answers it.
 *
 * <p>The cells of each resolution are compiled into an {@link H3CellUnion}: the planar outline of
 * their union (cell edges are great-circle arcs between the vertices h3 lists, densified), a
 * margin that bounds how far h3-java's own answer can stray from it, and an {@link OutlineGrid}
 * that decides points and rectangles against the outline. A point farther than the margin from
 * every outline is decided by the grids alone, most with one array read; only a point within the
 * margin of an outline (about a millimetre at fine resolutions: almost no camera), or in the box
 * of a cell left out of its outline (it crosses the antimeridian or holds a pole), costs a JNI
 * {@code latLngToCell} call. A rectangle that one resolution's grid holds whole is
 * {@link #INSIDE}; one that every grid and left-out box misses is {@link #OUTSIDE}; any other is
 * {@link #BOUNDARY}: its cameras are tested one by one, at the cost of a grid read each.
 *
 * <p>Immutable and thread-safe; {@link #covers} and {@link #classify} do not allocate.
 */
public final class H3CellMatcher extends SpatialMatcher {
    /** One per resolution present, ascending. */
    private final H3CellUnion[] unions;
    /** The one union of a set of one resolution (the usual case), else null. */
    private final H3CellUnion single;

    /**
     * @param cells valid H3 cell indexes (validated by the caller with {@link #isValidCell}); duplicates allowed
     * @return the matcher
     */
    public static H3CellMatcher of(long[] cells) {
        long[] sorted = distinctSorted(cells);
        H3Core h3 = h3();
        int[] countByRes = new int[16];
        for (long c : sorted) {
            countByRes[h3.getResolution(c)]++;
        }
        int used = 0;
        for (int r = 0; r < 16; r++) {
            used += countByRes[r] > 0 ? 1 : 0;
        }
        H3CellUnion[] unions = new H3CellUnion[used];
        for (int r = 0, k = 0; r < 16; r++) {
            if (countByRes[r] == 0) {
                continue;
            }
            long[] same = new long[countByRes[r]];
            int j = 0;
            for (long c : sorted) {
                if (h3.getResolution(c) == r) {
                    same[j++] = c;
                }
            }
            unions[k++] = H3CellUnion.of(h3, same);
        }
        double[] box = {180, 90, -180, -90};
        for (H3CellUnion u : unions) {
            box[0] = Math.min(box[0], u.box[0]);
            box[1] = Math.min(box[1], u.box[1]);
            box[2] = Math.max(box[2], u.box[2]);
            box[3] = Math.max(box[3], u.box[3]);
        }
        return new H3CellMatcher(unions, box);
    }

    private H3CellMatcher(H3CellUnion[] unions, double[] box) {
        super(box[0], box[1], box[2], box[3]);
        this.unions = unions;
        this.single = unions.length == 1 ? unions[0] : null;
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

    /**
     * @param cell a candidate H3 index
     * @return whether h3-java considers it a valid cell
     */
    public static boolean isValidCell(long cell) {
        return h3().isValidCell(cell);
    }

    @Override
    public boolean covers(double latDegrees, double lonDegrees) {
        if (single != null) {
            int where = single.locate(latDegrees, lonDegrees);
            return where == INSIDE || where == BOUNDARY && single.holds(h3().latLngToCell(latDegrees, lonDegrees, single.resolution));
        }
        for (H3CellUnion u : unions) {
            int where = u.locate(latDegrees, lonDegrees);
            if (where == INSIDE || where == BOUNDARY && u.holds(h3().latLngToCell(latDegrees, lonDegrees, u.resolution))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int classify(double x0, double y0, double x1, double y1, int[] edges) {
        if (outsideBox(x0, y0, x1, y1)) {
            return OUTSIDE;
        }
        // Inside if one resolution's cells hold the rectangle, outside if every one misses it.
        int result = OUTSIDE;
        for (H3CellUnion u : unions) {
            int kind = u.classify(x0, y0, x1, y1);
            if (kind == INSIDE) {
                return INSIDE;
            }
            if (kind != OUTSIDE) {
                result = BOUNDARY;
            }
        }
        return result;
    }

    /** @return h3-java, loaded on first use */
    static H3Core h3() {
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
