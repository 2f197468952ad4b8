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
 *   <li>{@code runs}: per run, its first and last bucket (inclusive) minus {@code baseBucket},
 *       interleaved so that both bounds share a cache line: two ints ({@code runStride} 8) when every
 *       bucket lies within 2^31 of the base, which is the case for any bucket of a minute or more,
 *       else two longs ({@code runStride} 16). Runs of one camera are sorted, disjoint and not
 *       adjacent.</li>
 * </ul>
 * {@code slotMasks} holds a long per ordinal summarising its footage: the run span
 * {@code [baseBucket, baseBucket + 64 * slotBuckets)} is cut into 64 slots of {@code slotBuckets}
 * buckets, and bit {@code s} is set when one of the camera's runs touches slot {@code s}. A query
 * decides most cameras from this word alone: a set bit in a slot wholly inside the window (and
 * retained) is a match, no set bit in any slot the window touches is a miss, and only the rest
 * search their runs.
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
 * @param baseBucket the bucket that run values are relative to
 * @param runStride bytes per run: 8 (int bounds) or 16 (long bounds)
 * @param runs the run bounds, interleaved
 * @param slotBuckets buckets per footage slot, at least 1
 * @param slotMasks footage slot mask per ordinal
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
    long baseBucket,
    int runStride,
    DirectBuffer runs,
    long slotBuckets,
    DirectBuffer slotMasks) {

    /** Mask of the retention class index in an attrs value. */
    public static final int CLASS_MASK = 0x0FFF;
    /** Attrs bit: the owner opted out. */
    public static final int ATTR_OPTED_OUT = 0x1000;
    /** Attrs bit: the camera is end-to-end encrypted. */
    public static final int ATTR_E2EE = 0x2000;
    /** Attrs bits that make a camera ineligible. */
    public static final int ATTR_INELIGIBLE = ATTR_OPTED_OUT | ATTR_E2EE;
    /** Run stride with int bounds. */
    public static final int NARROW_RUN = 2 * Integer.BYTES;
    /** Run stride with long bounds. */
    public static final int WIDE_RUN = 2 * Long.BYTES;

    /** Footage slots summarised per camera: one bit each in a long. */
    public static final int SLOTS = Long.SIZE;

    /**
     * @param firstSlot first slot, 0..63
     * @param lastSlot last slot, {@code firstSlot..63}
     * @return a mask with bits {@code firstSlot..lastSlot} set
     */
    public static long slotRange(int firstSlot, int lastSlot) {
        return (-1L >>> (SLOTS - 1 - lastSlot)) & (-1L << firstSlot);
    }

    /**
     * The footage slots one run touches; the one definition shared by the writer and the verifier.
     *
     * @param first the run's first bucket, relative to {@link #baseBucket()}, non-negative
     * @param last the run's last bucket, relative, {@code first..64*slotBuckets-1}
     * @param slotBuckets buckets per slot
     * @return the mask of the slots from {@code first}'s to {@code last}'s
     */
    public static long runSlots(long first, long last, long slotBuckets) {
        return slotRange((int) (first / slotBuckets), (int) (last / slotBuckets));
    }

    /**
     * @param run run index
     * @return its first bucket, relative to {@link #baseBucket()}
     */
    public long runFirst(int run) {
        return runStride == NARROW_RUN ? runs.getInt(run * NARROW_RUN) : runs.getLong(run * WIDE_RUN);
    }

    /**
     * @param run run index
     * @return its last bucket, relative to {@link #baseBucket()}
     */
    public long runLast(int run) {
        return runStride == NARROW_RUN ? runs.getInt(run * NARROW_RUN + Integer.BYTES) : runs.getLong(run * WIDE_RUN + Long.BYTES);
    }
}
