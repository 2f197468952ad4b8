package io.geomatch.core;

import io.geomatch.core.store.FootageBlocks;
import io.geomatch.core.store.IndexAssembler;
import org.agrona.collections.Long2LongHashMap;

import java.util.Arrays;
import java.util.Objects;

/**
 * Collects cameras and their footage and builds an immutable, off-heap {@link GeoIndex}.
 *
 * <p>Cameras must be added before their footage. Every argument is validated when it is added,
 * so a bad row is reported at once with the field, the value and the allowed range; the builder
 * is left as it was before the failing call. Memory: about 40 bytes of heap per camera and 20
 * bytes per footage interval until {@link #build()}; footage is stored in blocks, never copied
 * while it grows.
 *
 * <p>Not thread-safe: one thread adds and builds. {@link #build()} itself uses all cores where
 * that pays.
 */
public final class GeoIndexBuilder {
    /** Smallest allowed {@code retentionDays}. */
    public static final int MIN_RETENTION_DAYS = 1;
    /** Largest allowed {@code retentionDays}. */
    public static final int MAX_RETENTION_DAYS = 3650;
    /**
     * Largest accepted magnitude of an instant, in epoch milliseconds (about the year 33658), so
     * that bucket arithmetic can never overflow.
     */
    public static final long MAX_ABS_MILLIS = 1_000_000_000_000_000L;

    private static final long MISSING = -1L;

    private final long bucketMillis;
    private final Long2LongHashMap indexOfId = new Long2LongHashMap(MISSING);
    private BuildProgress progress = BuildProgress.NONE;

    private int cameraCount;
    private long[] ids = new long[1024];
    private double[] latDegrees = new double[1024];
    private double[] lonDegrees = new double[1024];
    private short[] retentionDays = new short[1024];
    private byte[] flags = new byte[1024];

    private final FootageBlocks footage = new FootageBlocks();

    GeoIndexBuilder(long bucketMillis) {
        if (bucketMillis < 1 || bucketMillis > IndexAssembler.MAX_BUCKET_MILLIS) {
            throw new InvalidInputException("bucketMillis", bucketMillis, "is out of range, allowed 1..31622400000 (1 ms to 366 days)");
        }
        this.bucketMillis = bucketMillis;
    }

    /**
     * Sets the listener told about progress during {@link #build()}.
     *
     * @param listener the listener, not null
     * @return this builder
     */
    public GeoIndexBuilder progress(BuildProgress listener) {
        this.progress = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * Adds a camera.
     *
     * @param id the caller's 64-bit id, unique within the index
     * @param latDegrees WGS84 latitude in degrees, -90..90
     * @param lonDegrees WGS84 longitude in degrees, -180..180
     * @param optedIn whether the owner receives requests
     * @param e2ee whether the camera's footage is end-to-end encrypted (it can then never share)
     * @param retentionDays how long the camera keeps footage, {@value #MIN_RETENTION_DAYS}..{@value #MAX_RETENTION_DAYS}
     * @return this builder
     * @throws InvalidInputException for an out-of-range value or an id that was already added
     */
    public GeoIndexBuilder addCamera(long id, double latDegrees, double lonDegrees, boolean optedIn, boolean e2ee, int retentionDays) {
        if (!(latDegrees >= -90.0 && latDegrees <= 90.0)) {
            throw new InvalidInputException("lat", latDegrees, "is out of range, allowed -90..90");
        }
        if (!(lonDegrees >= -180.0 && lonDegrees <= 180.0)) {
            throw new InvalidInputException("lon", lonDegrees, "is out of range, allowed -180..180");
        }
        if (retentionDays < MIN_RETENTION_DAYS || retentionDays > MAX_RETENTION_DAYS) {
            throw new InvalidInputException("retention_days", retentionDays,
                "is out of range, allowed " + MIN_RETENTION_DAYS + ".." + MAX_RETENTION_DAYS);
        }
        if (cameraCount == IndexAssembler.MAX_CAMERAS) {
            throw new InvalidInputException("cameras", cameraCount + 1, "is too many, allowed at most " + IndexAssembler.MAX_CAMERAS);
        }
        if (indexOfId.putIfAbsent(id, cameraCount) != MISSING) {
            throw new InvalidInputException("id", id, "is a duplicate: each camera id may appear once");
        }
        if (cameraCount == ids.length) {
            int capacity = grow(ids.length);
            ids = Arrays.copyOf(ids, capacity);
            this.latDegrees = Arrays.copyOf(this.latDegrees, capacity);
            this.lonDegrees = Arrays.copyOf(this.lonDegrees, capacity);
            this.retentionDays = Arrays.copyOf(this.retentionDays, capacity);
            flags = Arrays.copyOf(flags, capacity);
        }
        ids[cameraCount] = id;
        this.latDegrees[cameraCount] = latDegrees;
        this.lonDegrees[cameraCount] = lonDegrees;
        this.retentionDays[cameraCount] = (short) retentionDays;
        flags[cameraCount] = (byte) ((optedIn ? 0 : IndexAssembler.FLAG_OPTED_OUT) | (e2ee ? IndexAssembler.FLAG_E2EE : 0));
        cameraCount++;
        return this;
    }

    /**
     * Adds an interval of footage {@code [startMillis, endMillis)} held by a camera. The index
     * records the time buckets it touches: {@code floor(start/B)} to {@code floor((end-1)/B)}.
     *
     * @param cameraId the id of a camera added before
     * @param startMillis inclusive start, epoch milliseconds
     * @param endMillis exclusive end, epoch milliseconds, greater than {@code startMillis}
     * @return this builder
     * @throws InvalidInputException for an unknown camera, {@code endMillis <= startMillis}, or an
     *     instant beyond {@link #MAX_ABS_MILLIS}
     */
    public GeoIndexBuilder addFootage(long cameraId, long startMillis, long endMillis) {
        long camera = indexOfId.get(cameraId);
        if (camera == MISSING) {
            throw new InvalidInputException("camera_id", cameraId, "is not a known camera: add the camera before its footage");
        }
        checkMillis("start", startMillis);
        checkMillis("end", endMillis);
        if (endMillis <= startMillis) {
            throw new InvalidInputException("end", endMillis, "must be after start " + startMillis);
        }
        if (footage.size() == IndexAssembler.MAX_FOOTAGE) {
            throw new InvalidInputException("footage", footage.size() + 1L, "is too many intervals, allowed at most " + IndexAssembler.MAX_FOOTAGE);
        }
        footage.add((int) camera, Math.floorDiv(startMillis, bucketMillis), Math.floorDiv(endMillis - 1, bucketMillis));
        return this;
    }

    static void checkMillis(String field, long millis) {
        if (millis < -MAX_ABS_MILLIS || millis > MAX_ABS_MILLIS) {
            throw new InvalidInputException(field, millis, "is out of range, allowed -" + MAX_ABS_MILLIS + ".." + MAX_ABS_MILLIS + " epoch ms");
        }
    }

    private static int grow(int length) {
        long next = Math.min((long) length + (length >> 1) + 16, Integer.MAX_VALUE - 16);
        if (next <= length) {
            throw new IllegalStateException("builder is full at " + length + " entries");
        }
        return (int) next;
    }

    /** @return the bucket size chosen for this index, in milliseconds */
    public long bucketMillis() {
        return bucketMillis;
    }

    /** @return how many cameras have been added */
    public int cameraCount() {
        return cameraCount;
    }

    /** @return how many footage intervals have been added */
    public long footageCount() {
        return footage.size();
    }

    /**
     * Builds the index: sorts cameras into spatial order, groups footage into merged bucket runs
     * per camera and lays everything out off-heap. The builder may be discarded afterwards.
     *
     * @return a new index, safe for concurrent queries
     */
    public GeoIndex build() {
        IndexAssembler assembler = new IndexAssembler(bucketMillis, progress);
        return new GeoIndex(assembler.assemble(cameraCount, ids, latDegrees, lonDegrees, retentionDays, flags, footage));
    }
}
