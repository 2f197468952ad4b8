package io.geomatch.core.internal.segment;

import java.util.Arrays;

/**
 * The builder's footage intervals, as camera index and inclusive bucket bounds, kept in
 * fixed-size blocks so that growing never copies what is already stored: tens of millions of
 * intervals would otherwise be copied several times and need twice their size while growing.
 * Not thread-safe.
 */
public final class FootageBlocks {
    private static final int BLOCK_SHIFT = 20;
    private static final int BLOCK = 1 << BLOCK_SHIFT;
    private static final int MASK = BLOCK - 1;

    private int[][] cameras = new int[0][];
    private long[][] firstBuckets = new long[0][];
    private long[][] lastBuckets = new long[0][];
    private int size;

    /**
     * Appends an interval.
     *
     * @param camera the camera's insertion index
     * @param firstBucket first bucket, inclusive
     * @param lastBucket last bucket, inclusive
     */
    public void add(int camera, long firstBucket, long lastBucket) {
        int block = size >>> BLOCK_SHIFT;
        if (block == cameras.length) {
            cameras = Arrays.copyOf(cameras, block + 1);
            firstBuckets = Arrays.copyOf(firstBuckets, block + 1);
            lastBuckets = Arrays.copyOf(lastBuckets, block + 1);
            int length = block == 0 ? 1024 : BLOCK;
            cameras[block] = new int[length];
            firstBuckets[block] = new long[length];
            lastBuckets[block] = new long[length];
        } else if (block == 0 && size == cameras[0].length) {
            // The first block starts small so that small indexes stay small.
            int length = Math.min(BLOCK, size * 2);
            cameras[0] = Arrays.copyOf(cameras[0], length);
            firstBuckets[0] = Arrays.copyOf(firstBuckets[0], length);
            lastBuckets[0] = Arrays.copyOf(lastBuckets[0], length);
        }
        int at = size & MASK;
        cameras[block][at] = camera;
        firstBuckets[block][at] = firstBucket;
        lastBuckets[block][at] = lastBucket;
        size++;
    }

    /** @return the number of intervals */
    public int size() {
        return size;
    }

    int camera(int i) {
        return cameras[i >>> BLOCK_SHIFT][i & MASK];
    }

    long firstBucket(int i) {
        return firstBuckets[i >>> BLOCK_SHIFT][i & MASK];
    }

    long lastBucket(int i) {
        return lastBuckets[i >>> BLOCK_SHIFT][i & MASK];
    }
}
