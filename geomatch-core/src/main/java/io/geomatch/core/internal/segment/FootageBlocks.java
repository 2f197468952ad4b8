package io.geomatch.core.internal.segment;

import java.util.Arrays;

/**
 * The builder's footage intervals, as camera index and inclusive bucket bounds, kept in
 * fixed-size blocks so that growing never copies what is already stored: tens of millions of
 * intervals would otherwise be copied several times and need twice their size while growing.
 * Bounds are stored as ints relative to the first interval's first bucket, 12 bytes an interval
 * with the camera, for as long as every bound lies within 2^31 buckets of it (any bucket of a
 * second or more does); the first bound beyond turns every block to longs, 20 bytes an interval.
 *
 * <p>It also keeps, per camera, how many intervals it has and where its first one is, and
 * whether every camera's intervals were added one after the other (as a camera-by-camera feed
 * adds them): the build then reads each camera's intervals in place. Otherwise
 * {@link #groupByCamera} sorts interval positions by camera once (a counting sort). The lowest
 * first bucket and the highest last bucket are tracked as intervals arrive. Not thread-safe while
 * adding; once grouped, any number of threads may read.
 */
public final class FootageBlocks {
    private static final int BLOCK_SHIFT = 20;
    private static final int BLOCK = 1 << BLOCK_SHIFT;
    private static final int MASK = BLOCK - 1;

    private int[][] cameras = new int[0][];
    /** While narrow, the bounds minus {@link #anchor}; else {@code null}. */
    private int[][] firstOffsets = new int[0][];
    private int[][] lastOffsets = new int[0][];
    /** Once wide, the bounds; else {@code null}. */
    private long[][] firstBuckets;
    private long[][] lastBuckets;
    /** The first interval's first bucket. */
    private long anchor;
    private int size;

    /** Per camera index, its intervals. */
    private int[] countOf = new int[0];
    /** Per camera index, the position of its first interval: in insertion order, or in {@link #byCamera} once grouped. */
    private int[] firstOf = new int[0];
    private int lastCamera = -1;
    /** Whether each camera's intervals are consecutive in insertion order. */
    private boolean consecutive = true;
    /** Interval indexes sorted by camera, or {@code null} while the intervals are consecutive. */
    private int[] byCamera;
    private long minBucket = Long.MAX_VALUE;
    private long maxBucket = Long.MIN_VALUE;

    /**
     * Appends an interval.
     *
     * @param camera the camera's insertion index, 0 or more
     * @param firstBucket first bucket, inclusive
     * @param lastBucket last bucket, inclusive, at least {@code firstBucket}
     */
    public void add(int camera, long firstBucket, long lastBucket) {
        if (size == 0) {
            anchor = firstBucket;
        }
        long firstOffset = firstBucket - anchor;
        long lastOffset = lastBucket - anchor;
        if (firstBuckets == null && (firstOffset != (int) firstOffset || lastOffset != (int) lastOffset)) {
            widen();
        }
        int block = size >>> BLOCK_SHIFT;
        if (block == cameras.length || block == 0 && size == cameras[0].length) {
            // The first block starts small so that small indexes stay small.
            int length = block > 0 ? BLOCK : size == 0 ? 1024 : Math.min(BLOCK, size * 2);
            cameras = grow(cameras, block, length);
            if (firstBuckets == null) {
                firstOffsets = grow(firstOffsets, block, length);
                lastOffsets = grow(lastOffsets, block, length);
            } else {
                firstBuckets = grow(firstBuckets, block, length);
                lastBuckets = grow(lastBuckets, block, length);
            }
        }
        if (camera != lastCamera) {
            if (camera >= countOf.length) {
                int capacity = (int) Math.min(Integer.MAX_VALUE - 16, Math.max(camera + 1L, countOf.length + (countOf.length >> 1) + 16L));
                countOf = Arrays.copyOf(countOf, capacity);
                firstOf = Arrays.copyOf(firstOf, capacity);
            }
            if (countOf[camera] == 0) {
                firstOf[camera] = size;
            } else {
                consecutive = false;
            }
            lastCamera = camera;
        }
        countOf[camera]++;
        int at = size & MASK;
        cameras[block][at] = camera;
        if (firstBuckets == null) {
            firstOffsets[block][at] = (int) firstOffset;
            lastOffsets[block][at] = (int) lastOffset;
        } else {
            firstBuckets[block][at] = firstBucket;
            lastBuckets[block][at] = lastBucket;
        }
        minBucket = Math.min(minBucket, firstBucket);
        maxBucket = Math.max(maxBucket, lastBucket);
        byCamera = null;
        size++;
    }

    /** Turns the bounds stored so far to longs; every later one is stored so. */
    private void widen() {
        firstBuckets = new long[firstOffsets.length][];
        lastBuckets = new long[lastOffsets.length][];
        for (int b = 0; b < firstOffsets.length; b++) {
            firstBuckets[b] = new long[firstOffsets[b].length];
            lastBuckets[b] = new long[lastOffsets[b].length];
            for (int i = 0; i < firstOffsets[b].length; i++) {
                firstBuckets[b][i] = anchor + firstOffsets[b][i];
                lastBuckets[b][i] = anchor + lastOffsets[b][i];
            }
        }
        firstOffsets = null;
        lastOffsets = null;
    }

    /** @return {@code blocks} with block {@code block} added (zeroed) or grown to {@code length} */
    private static int[][] grow(int[][] blocks, int block, int length) {
        int[][] grown = block == blocks.length ? Arrays.copyOf(blocks, block + 1) : blocks;
        grown[block] = grown[block] == null ? new int[length] : Arrays.copyOf(grown[block], length);
        return grown;
    }

    private static long[][] grow(long[][] blocks, int block, int length) {
        long[][] grown = block == blocks.length ? Arrays.copyOf(blocks, block + 1) : blocks;
        grown[block] = grown[block] == null ? new long[length] : Arrays.copyOf(grown[block], length);
        return grown;
    }

    /** @return the number of intervals */
    public int size() {
        return size;
    }

    /** @return the lowest first bucket, or {@link Long#MAX_VALUE} without intervals */
    long minBucket() {
        return minBucket;
    }

    /** @return the highest last bucket, or {@link Long#MIN_VALUE} without intervals */
    long maxBucket() {
        return maxBucket;
    }

    /**
     * Makes {@link #firstOf} and {@link #positionOf} available: a no-op when each camera's
     * intervals were added consecutively, else a counting sort of interval indexes by camera.
     *
     * @param cameraCount the cameras, more than any camera index added
     */
    void groupByCamera(int cameraCount) {
        if (countOf.length < cameraCount) {
            countOf = Arrays.copyOf(countOf, cameraCount);
            firstOf = Arrays.copyOf(firstOf, cameraCount);
        }
        if (consecutive || byCamera != null) {
            return;
        }
        int[] next = new int[cameraCount];
        for (int c = 0, at = 0; c < cameraCount; c++) {
            firstOf[c] = at;
            next[c] = at;
            at += countOf[c];
        }
        int[] sorted = new int[size];
        for (int i = 0; i < size; i++) {
            sorted[next[camera(i)]++] = i;
        }
        byCamera = sorted;
    }

    /**
     * @param camera a camera index
     * @return how many intervals it has
     */
    int countOf(int camera) {
        return countOf[camera];
    }

    /**
     * @param camera a camera index, after {@link #groupByCamera}
     * @return the position of its first interval; its {@code k}-th is at {@code firstOf(camera) + k}
     */
    int firstOf(int camera) {
        return firstOf[camera];
    }

    /**
     * @param position a position from {@link #firstOf}, after {@link #groupByCamera}
     * @return the index of the interval there
     */
    int intervalAt(int position) {
        return byCamera == null ? position : byCamera[position];
    }

    int camera(int i) {
        return cameras[i >>> BLOCK_SHIFT][i & MASK];
    }

    long firstBucket(int i) {
        return firstBuckets == null ? anchor + firstOffsets[i >>> BLOCK_SHIFT][i & MASK] : firstBuckets[i >>> BLOCK_SHIFT][i & MASK];
    }

    long lastBucket(int i) {
        return lastBuckets == null ? anchor + lastOffsets[i >>> BLOCK_SHIFT][i & MASK] : lastBuckets[i >>> BLOCK_SHIFT][i & MASK];
    }

    /** @return whether the bounds are stored as longs (some lies 2^31 buckets or more from the first) */
    boolean wide() {
        return firstBuckets != null;
    }
}
