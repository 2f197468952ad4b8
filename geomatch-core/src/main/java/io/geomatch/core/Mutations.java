package io.geomatch.core;

import java.util.Arrays;

/**
 * An ordered batch of changes for {@link GeoStore#apply(Mutations)}: camera upserts and deletes,
 * footage and clock advances, with the meanings of the {@link LiveIndex} methods of the same
 * names. Stored in primitive arrays; reuse one batch with {@link #clear()}. Not thread-safe.
 */
public final class Mutations {
    static final byte UPSERT = 1;
    static final byte DELETE = 2;
    static final byte FOOTAGE = 3;
    static final byte CLOCK = 4;

    private byte[] types = new byte[64];
    private long[] ids = new long[64];
    private long[] first = new long[64];
    private long[] second = new long[64];
    private int[] retention = new int[64];
    private byte[] flags = new byte[64];
    private int size;
    private int accepted;

    /**
     * @param id the camera id
     * @param latDegrees latitude, -90..90
     * @param lonDegrees longitude, -180..180
     * @param optedIn whether the owner receives requests
     * @param e2ee whether the footage is end-to-end encrypted
     * @param retentionDays days of footage kept
     * @return this batch
     */
    public Mutations upsertCamera(long id, double latDegrees, double lonDegrees, boolean optedIn, boolean e2ee, int retentionDays) {
        int i = next(UPSERT, id);
        first[i] = Double.doubleToRawLongBits(latDegrees);
        second[i] = Double.doubleToRawLongBits(lonDegrees);
        retention[i] = retentionDays;
        flags[i] = (byte) ((optedIn ? 1 : 0) | (e2ee ? 2 : 0));
        return this;
    }

    /**
     * @param id the id of an existing camera
     * @return this batch
     */
    public Mutations deleteCamera(long id) {
        next(DELETE, id);
        return this;
    }

    /**
     * @param cameraId the id of an existing camera
     * @param startMillis inclusive start, epoch ms
     * @param endMillis exclusive end, epoch ms
     * @return this batch
     */
    public Mutations addFootage(long cameraId, long startMillis, long endMillis) {
        int i = next(FOOTAGE, cameraId);
        first[i] = startMillis;
        second[i] = endMillis;
        return this;
    }

    /**
     * @param nowMillis the new clock, epoch ms
     * @return this batch
     */
    public Mutations advanceClock(long nowMillis) {
        int i = next(CLOCK, 0);
        first[i] = nowMillis;
        return this;
    }

    /** @return how many changes the batch holds */
    public int size() {
        return size;
    }

    /**
     * @return after {@link GeoStore#apply}, how many changes from the start of the batch were
     *     made durable and visible: all of them on success, those before the refused one otherwise
     */
    public int accepted() {
        return accepted;
    }

    /** Empties the batch for reuse. */
    public void clear() {
        size = 0;
        accepted = 0;
    }

    private int next(byte type, long id) {
        if (size == types.length) {
            int capacity = size * 2;
            types = Arrays.copyOf(types, capacity);
            ids = Arrays.copyOf(ids, capacity);
            first = Arrays.copyOf(first, capacity);
            second = Arrays.copyOf(second, capacity);
            retention = Arrays.copyOf(retention, capacity);
            flags = Arrays.copyOf(flags, capacity);
        }
        int i = size++;
        types[i] = type;
        ids[i] = id;
        return i;
    }

    byte type(int i) {
        return types[i];
    }

    long id(int i) {
        return ids[i];
    }

    double lat(int i) {
        return Double.longBitsToDouble(first[i]);
    }

    double lon(int i) {
        return Double.longBitsToDouble(second[i]);
    }

    long start(int i) {
        return first[i];
    }

    long end(int i) {
        return second[i];
    }

    boolean optedIn(int i) {
        return (flags[i] & 1) != 0;
    }

    boolean e2ee(int i) {
        return (flags[i] & 2) != 0;
    }

    int retentionDays(int i) {
        return retention[i];
    }

    void accepted(int n) {
        accepted = n;
    }
}
