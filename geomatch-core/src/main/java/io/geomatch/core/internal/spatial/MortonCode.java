package io.geomatch.core.internal.spatial;

/**
 * Z-order (Morton) keys over quantised longitude and latitude: the spatial order of the index.
 *
 * <p>Longitude -180..180 and latitude -90..90 are each quantised to {@value #BITS} bits (about
 * 1.9 cm of longitude and 0.9 cm of latitude at the equator) and interleaved, x in the even bits
 * and y in the odd bits, into a non-negative 62-bit key. A quadtree cell at level {@code L}
 * (0 = the whole world, {@value #BITS} = one quantum) with cell coordinates {@code (cx, cy)} is
 * exactly the key range {@code [cellStart(L, cx, cy), cellStart + cellSpan(L))}, so once cameras
 * are sorted by key every cell is one contiguous run of ordinals, and its four children are four
 * consecutive sub-runs in the order (x0,y0), (x1,y0), (x0,y1), (x1,y1). Unlike H3, where a coarse
 * cell's descendants are not geometrically inside it, this nesting is exact.
 */
public final class MortonCode {
    /** Bits per axis; also the deepest quadtree level. */
    public static final int BITS = 31;
    private static final long QUANTA = 1L << BITS;
    private static final double X_PER_DEGREE = QUANTA / 360.0;
    private static final double Y_PER_DEGREE = QUANTA / 180.0;

    private MortonCode() {
    }

    /**
     * @param lonDegrees longitude, -180..180
     * @return the quantised x in {@code [0, 2^31)}; 180 maps to the last quantum
     */
    public static int quantizeLon(double lonDegrees) {
        return clamp(Math.floor((lonDegrees + 180.0) * X_PER_DEGREE));
    }

    /**
     * @param latDegrees latitude, -90..90
     * @return the quantised y in {@code [0, 2^31)}; 90 maps to the last quantum
     */
    public static int quantizeLat(double latDegrees) {
        return clamp(Math.floor((latDegrees + 90.0) * Y_PER_DEGREE));
    }

    private static int clamp(double q) {
        if (q <= 0) {
            return 0;
        }
        return q >= QUANTA - 1 ? (int) (QUANTA - 1) : (int) q;
    }

    /**
     * @param x quantised x, may be {@code 2^31} for the right edge of the last cell
     * @return the longitude in degrees of the western edge of quantum {@code x}
     */
    public static double lonOf(long x) {
        return x / X_PER_DEGREE - 180.0;
    }

    /**
     * @param y quantised y, may be {@code 2^31} for the top edge of the last cell
     * @return the latitude in degrees of the southern edge of quantum {@code y}
     */
    public static double latOf(long y) {
        return y / Y_PER_DEGREE - 90.0;
    }

    /**
     * @param latDegrees latitude, -90..90
     * @param lonDegrees longitude, -180..180
     * @return the point's 62-bit key
     */
    public static long keyOf(double latDegrees, double lonDegrees) {
        return interleave(quantizeLon(lonDegrees), quantizeLat(latDegrees));
    }

    /**
     * @param x quantised x in {@code [0, 2^31)}
     * @param y quantised y in {@code [0, 2^31)}
     * @return the key with x in the even bits and y in the odd bits
     */
    public static long interleave(int x, int y) {
        return spread(x) | (spread(y) << 1);
    }

    private static long spread(int v) {
        long x = v & 0xFFFF_FFFFL;
        x = (x | (x << 16)) & 0x0000_FFFF_0000_FFFFL;
        x = (x | (x << 8)) & 0x00FF_00FF_00FF_00FFL;
        x = (x | (x << 4)) & 0x0F0F_0F0F_0F0F_0F0FL;
        x = (x | (x << 2)) & 0x3333_3333_3333_3333L;
        x = (x | (x << 1)) & 0x5555_5555_5555_5555L;
        return x;
    }

    /**
     * @param level quadtree level, 0..{@value #BITS}
     * @param cx cell x at that level, {@code 0..2^level-1}
     * @param cy cell y at that level
     * @return the first key inside the cell
     */
    public static long cellStart(int level, int cx, int cy) {
        int shift = BITS - level;
        return interleave(cx << shift, cy << shift);
    }

    /**
     * @param level quadtree level, 0..{@value #BITS}
     * @return how many keys a cell at that level spans
     */
    public static long cellSpan(int level) {
        return 1L << (2 * (BITS - level));
    }
}
