package io.geomatch.core.store;

import org.agrona.DirectBuffer;

/**
 * The columns of a sealed index, each an off-heap buffer indexed by camera ordinal (the camera's
 * position in Morton-key order) and read through Agrona with bounds checks on.
 *
 * <p>Layout, all little-endian (native order on supported platforms):
 * <ul>
 *   <li>{@code keys}: long per ordinal, the Morton key, non-decreasing;</li>
 *   <li>{@code latDegrees}, {@code lonDegrees}: double per ordinal, the exact input coordinates;</li>
 *   <li>{@code ids}: long per ordinal, the caller's camera id;</li>
 *   <li>{@code attrs}: short per ordinal, retention class index in bits 0-11, opted-out in bit 12,
 *       e2ee in bit 13;</li>
 *   <li>{@code footageOffsets}: int per ordinal plus one; the camera's footage runs are
 *       {@code [offsets[o], offsets[o+1])};</li>
 *   <li>{@code runFirstBucket}, {@code runLastBucket}: long per run, inclusive bucket bounds; runs of
 *       one camera are sorted, disjoint and not adjacent.</li>
 * </ul>
 * {@code retentionDays} holds the distinct retention values, ascending, indexed by class.
 * Immutable once constructed; safe to read from any number of threads.
 *
 * @param bucketMillis the time bucket size, milliseconds
 * @param cameraCount number of cameras
 * @param runCount number of footage runs
 * @param retentionDays distinct retention values in days, ascending
 * @param keys Morton keys
 * @param latDegrees latitudes
 * @param lonDegrees longitudes
 * @param ids camera ids
 * @param attrs packed retention class and flags
 * @param footageOffsets run offsets per ordinal
 * @param runFirstBucket first bucket of each run
 * @param runLastBucket last bucket of each run
 */
public record IndexColumns(
    long bucketMillis,
    int cameraCount,
    int runCount,
    int[] retentionDays,
    DirectBuffer keys,
    DirectBuffer latDegrees,
    DirectBuffer lonDegrees,
    DirectBuffer ids,
    DirectBuffer attrs,
    DirectBuffer footageOffsets,
    DirectBuffer runFirstBucket,
    DirectBuffer runLastBucket) {

    /** Mask of the retention class index in an attrs value. */
    public static final int CLASS_MASK = 0x0FFF;
    /** Attrs bit: the owner opted out. */
    public static final int ATTR_OPTED_OUT = 0x1000;
    /** Attrs bit: the camera is end-to-end encrypted. */
    public static final int ATTR_E2EE = 0x2000;
    /** Attrs bits that make a camera ineligible. */
    public static final int ATTR_INELIGIBLE = ATTR_OPTED_OUT | ATTR_E2EE;
}
