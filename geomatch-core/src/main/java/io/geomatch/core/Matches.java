package io.geomatch.core;

import org.roaringbitmap.RoaringBitmap;

import java.util.Arrays;

/**
 * A caller-owned, reusable container for the result of a query: the matching cameras' ordinals
 * in ascending order.
 *
 * <p>Reuse one instance per thread for allocation-free queries: {@link GeoIndex#match} clears it
 * and refills it, growing its arrays only when a result is larger than any before. Ordinals are
 * positions in the index that produced the result; {@link #id(int)} translates them to camera
 * ids. Not thread-safe.
 */
public final class Matches {
    private final boolean storeOrdinals;
    private int[] ordinals;
    private int size;
    private GeoIndex index;
    long[] retainedFromBucket = new long[16];
    /** Per retention class {@code c}, words {@code 2c} and {@code 2c+1} of the slots wholly inside the window. */
    long[] fullSlots = new long[2 * 16];
    /** Per retention class, the two words of the slots the window touches. */
    long[] touchedSlots = new long[2 * 16];
    final long[] startKeys = new long[4];
    final int[] startCells = new int[8];

    /** Creates a container that keeps the matching ordinals. */
    public Matches() {
        this(true, 256);
    }

    private Matches(boolean storeOrdinals, int capacity) {
        this.storeOrdinals = storeOrdinals;
        this.ordinals = new int[storeOrdinals ? capacity : 0];
    }

    /**
     * Creates a container that only counts: {@link #count()} works, ordinal and id access do not.
     *
     * @return a counting container
     */
    public static Matches countOnly() {
        return new Matches(false, 0);
    }

    void reset(GeoIndex owner, int retentionClasses) {
        index = owner;
        size = 0;
        if (retainedFromBucket.length < retentionClasses) {
            retainedFromBucket = new long[retentionClasses];
            fullSlots = new long[2 * retentionClasses];
            touchedSlots = new long[2 * retentionClasses];
        }
    }

    void add(int ordinal) {
        if (storeOrdinals) {
            if (size == ordinals.length) {
                ordinals = Arrays.copyOf(ordinals, Math.max(16, size * 2));
            }
            assert size == 0 || ordinals[size - 1] < ordinal : "ordinals must ascend";
            ordinals[size] = ordinal;
        }
        size++;
    }

    /** @return how many cameras matched */
    public int count() {
        return size;
    }

    /**
     * @param i position in the result, {@code 0..count()-1}
     * @return the ordinal of the i-th match, ascending in i
     */
    public int ordinal(int i) {
        checkPosition(i);
        return ordinals[i];
    }

    /**
     * @param i position in the result, {@code 0..count()-1}
     * @return the camera id of the i-th match (ids are not sorted by position)
     */
    public long id(int i) {
        return index.cameraId(ordinal(i));
    }

    /**
     * @return the matching camera ids, ascending; allocates a new array
     */
    public long[] ids() {
        checkStored();
        long[] ids = new long[size];
        for (int i = 0; i < size; i++) {
            ids[i] = index.cameraId(ordinals[i]);
        }
        Arrays.sort(ids);
        return ids;
    }

    /**
     * Adds the matching ordinals to a bitmap, for set algebra across queries.
     *
     * @param bitmap the caller's bitmap
     * @return {@code bitmap}
     */
    public RoaringBitmap addOrdinalsTo(RoaringBitmap bitmap) {
        checkStored();
        for (int i = 0; i < size; i++) {
            bitmap.add(ordinals[i]);
        }
        return bitmap;
    }

    private void checkPosition(int i) {
        checkStored();
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("position=" + i + " count=" + size);
        }
    }

    private void checkStored() {
        if (!storeOrdinals) {
            throw new IllegalStateException("this Matches only counts; create it with new Matches() to read ordinals");
        }
    }
}
