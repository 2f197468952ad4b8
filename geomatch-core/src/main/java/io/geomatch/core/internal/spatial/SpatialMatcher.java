package io.geomatch.core.internal.spatial;

/**
 * The spatial half of a query: an exact point predicate plus a conservative classification of
 * axis-aligned rectangles that lets whole quadtree cells be accepted or skipped without per-point
 * work, or decided with a few orientation tests per point.
 *
 * <p>Contract: {@link #classify} may answer {@link #BOUNDARY} whenever it is unsure, but it answers
 * {@link #INSIDE} only if {@link #covers} is true for every point of the rectangle, and
 * {@link #OUTSIDE} only if it is false for every point. It answers {@link #EDGES} with {@code n}
 * edges (at most {@value #MAX_CELL_EDGES}, written to its {@code edges} argument, see
 * {@link #edgeCountOf}) only if every boundary point of the area that lies in the rectangle lies
 * on the line through one of those edges. Then the points of the rectangle that lie strictly off
 * all {@code n} lines, on the same side of each, form a convex region that no boundary crosses:
 * they are either all covered or all not, so one exact {@link #covers} per such side pattern
 * decides every point off the lines. Implementations are immutable and safe for concurrent use;
 * {@link #covers} and {@link #classify} do not allocate. Every matcher also knows a box in degrees
 * that contains all the points it covers.
 */
public abstract class SpatialMatcher {
    /** No point of the rectangle is covered. */
    public static final int OUTSIDE = 0;
    /** Every point of the rectangle is covered. */
    public static final int INSIDE = 1;
    /** Some points may be covered and some not: test each. */
    public static final int BOUNDARY = 2;
    /**
     * The only boundary that may meet the rectangle lies on the lines through a few straight
     * edges; the classification also carries how many ({@link #edgeCountOf}).
     */
    public static final int EDGES = 3;
    /** Most edges an {@link #EDGES} classification carries; the size {@link #classify}'s {@code edges} needs. */
    public static final int MAX_CELL_EDGES = 4;
    /** Low bits of a classification that hold its kind; the bits above hold an {@link #EDGES} count. */
    private static final int KIND_BITS = 2;
    private static final int KIND_MASK = (1 << KIND_BITS) - 1;

    private final double minLon;
    private final double minLat;
    private final double maxLon;
    private final double maxLat;
    /** The box quantised to Morton quanta ({@link MortonCode#quantizeLon}, {@link MortonCode#quantizeLat}). */
    private final int boxMinX;
    private final int boxMaxX;
    private final int boxMinY;
    private final int boxMaxY;

    /**
     * @param minLon western edge of a box holding every covered point, degrees
     * @param minLat southern edge of that box
     * @param maxLon eastern edge of that box
     * @param maxLat northern edge of that box
     */
    protected SpatialMatcher(double minLon, double minLat, double maxLon, double maxLat) {
        this.minLon = minLon;
        this.minLat = minLat;
        this.maxLon = maxLon;
        this.maxLat = maxLat;
        this.boxMinX = MortonCode.quantizeLon(minLon);
        this.boxMaxX = MortonCode.quantizeLon(maxLon);
        this.boxMinY = MortonCode.quantizeLat(minLat);
        this.boxMaxY = MortonCode.quantizeLat(maxLat);
    }

    /**
     * @param x0 western edge of the rectangle, degrees
     * @param y0 southern edge
     * @param x1 eastern edge
     * @param y1 northern edge
     * @return whether the closed rectangle misses the bounding box
     */
    protected final boolean outsideBox(double x0, double y0, double x1, double y1) {
        return x1 < minLon || x0 > maxLon || y1 < minLat || y0 > maxLat;
    }

    /**
     * @param latDegrees latitude of the point
     * @param lonDegrees longitude of the point
     * @return whether the area covers the point, exactly as the matching contract defines it
     */
    public abstract boolean covers(double latDegrees, double lonDegrees);

    /**
     * Classifies a closed rectangle {@code [minLon, maxLon] x [minLat, maxLat]} in degrees.
     *
     * @param minLon western edge
     * @param minLat southern edge
     * @param maxLon eastern edge
     * @param maxLat northern edge
     * @param edges at least {@value #MAX_CELL_EDGES} ints; an {@link #EDGES} answer writes its edges
     *     to the first {@link #edgeCountOf} of them, and any answer may overwrite them
     * @return {@link #OUTSIDE}, {@link #INSIDE}, {@link #BOUNDARY}, or an {@link #EDGES}
     *     classification whose kind and edge count {@link #kindOf} and {@link #edgeCountOf} extract
     */
    public abstract int classify(double minLon, double minLat, double maxLon, double maxLat, int[] edges);

    /**
     * {@link #classify} for a rectangle inside one that an {@link #EDGES} classification answered:
     * only the edges that met the enclosing rectangle can meet this one, so only they are tested.
     * Answers exactly as {@link #classify} would; matchers whose {@code classify} never answers
     * {@link #EDGES} need not override it.
     *
     * @param minLon western edge
     * @param minLat southern edge
     * @param maxLon eastern edge
     * @param maxLat northern edge
     * @param among holds, from {@code at}, the edges that the enclosing rectangle's classification wrote
     * @param at where they start in {@code among}
     * @param count how many, 1 to {@value #MAX_CELL_EDGES}
     * @param edges as for {@link #classify}; must not be {@code among}
     * @return as {@link #classify}
     */
    public int classifyAmong(double minLon, double minLat, double maxLon, double maxLat, int[] among, int at, int count, int[] edges) {
        return classify(minLon, minLat, maxLon, maxLat, edges);
    }

    /**
     * @param classification a value returned by {@link #classify}
     * @return its kind: {@link #OUTSIDE}, {@link #INSIDE}, {@link #BOUNDARY} or {@link #EDGES}
     */
    public static int kindOf(int classification) {
        return classification & KIND_MASK;
    }

    /**
     * @param classification an {@link #EDGES} value returned by {@link #classify}
     * @return how many edges it carries, 1 to {@value #MAX_CELL_EDGES}
     */
    public static int edgeCountOf(int classification) {
        return classification >>> KIND_BITS;
    }

    /**
     * @param count how many edges were written, 1 to {@value #MAX_CELL_EDGES}
     * @return the {@link #EDGES} classification carrying that count
     */
    protected static int edges(int count) {
        assert count >= 1 && count <= MAX_CELL_EDGES;
        return EDGES | count << KIND_BITS;
    }

    /**
     * One coordinate of an edge's endpoints, for the orientation tests of an {@link #EDGES} cell's
     * points. The edge's line is the one through these two points, exactly as doubles.
     *
     * @param edge an edge written by an {@link #EDGES} classification of this matcher
     * @param k 0 and 1: longitude and latitude of its start; 2 and 3: of its end
     * @return that coordinate, degrees
     * @throws UnsupportedOperationException if this matcher never answers {@link #EDGES}
     */
    public double edgeCoordinate(int edge, int k) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no edges");
    }

    /**
     * @return how many straight edges bound the area ({@link #edgeCoordinate} reads them by number
     *     from 0); 0 for an area that has none (a circle, H3 cells), which view matching refuses
     */
    public int edgeCount() {
        return 0;
    }

    /** @return western edge of a box that contains every covered point, degrees */
    public final double minLon() {
        return minLon;
    }

    /** @return southern edge of a box that contains every covered point, degrees */
    public final double minLat() {
        return minLat;
    }

    /** @return eastern edge of a box that contains every covered point, degrees */
    public final double maxLon() {
        return maxLon;
    }

    /** @return northern edge of a box that contains every covered point, degrees */
    public final double maxLat() {
        return maxLat;
    }

    /**
     * The box's quanta, the one place a query's search box is quantised: every quantum holding a
     * covered point lies in {@code [boxMinX(), boxMaxX()] x [boxMinY(), boxMaxY()]}.
     *
     * @return the first quantised x of the box
     */
    public final int boxMinX() {
        return boxMinX;
    }

    /** @return the last quantised x of the box */
    public final int boxMaxX() {
        return boxMaxX;
    }

    /** @return the first quantised y of the box */
    public final int boxMinY() {
        return boxMinY;
    }

    /** @return the last quantised y of the box */
    public final int boxMaxY() {
        return boxMaxY;
    }

    /** @return whether the quantised box holds no quantum, so that no point can be covered */
    public final boolean boxEmpty() {
        return boxMaxX < boxMinX || boxMaxY < boxMinY;
    }
}
