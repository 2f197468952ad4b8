package io.geomatch.core.internal.segment;

import io.geomatch.core.internal.contract.CameraAttributes;
import io.geomatch.core.internal.contract.CameraView;
import io.geomatch.core.internal.spatial.MortonCode;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The columns of a sealed index, each an off-heap buffer indexed by camera ordinal (the camera's
 * position in Morton-key order) and read through Agrona with bounds checks on.
 *
 * <p>Layout, all little-endian (native order on supported platforms). A query reads two rows per
 * candidate camera, and nothing else unless the footage summary is
 * undecided:
 * <ul>
 *   <li>{@code coordinates}: {@value #COORDINATE_BYTES} bytes per ordinal, the exact input
 *       longitude then latitude as doubles. Cameras are sorted by the Morton key of these
 *       coordinates ({@link MortonCode#keyOf}); the key itself is not stored, it is recomputed
 *       when needed, which keeps the spatial part at 16 bytes per camera;</li>
 *   <li>{@code cameras}: {@value #CAMERA_BYTES} bytes per ordinal plus one sentinel row: the
 *       footage slot mask (two longs at 0 and 8), the index of the camera's first footage run
 *       (int at 16; its runs are {@code [firstRun(o), firstRun(o+1))}, and the sentinel holds
 *       {@code runCount}), the attributes (short at 20: retention class index in bits 0-11,
 *       opted-out in bit 12, e2ee in bit 13, has a view in bit 14) and, for a camera with a view,
 *       its view's rank within its block of {@value #VIEW_BLOCK} ordinals (unsigned short at 22;
 *       zero otherwise);</li>
 *   <li>{@code ids}: long per ordinal, the caller's camera id, read only for results;</li>
 *   <li>{@code runs}: per run, its first and last bucket (inclusive) minus {@code baseBucket},
 *       interleaved so that both bounds share a cache line, in the narrowest of three widths that
 *       holds every bucket: two unsigned shorts ({@code runStride} 4) when every bucket lies within
 *       65,535 of the base (45 days of one-minute buckets), two ints ({@code runStride} 8) within
 *       2^31, which is the case for any bucket of a minute or more, else two longs
 *       ({@code runStride} 16). Runs of one camera are sorted, disjoint and not adjacent.</li>
 *   <li>{@code views}: {@value #VIEW_BYTES} bytes per camera that has a view, in ordinal order:
 *       the packed view (see {@code CameraView}); a camera's view is at index
 *       {@code viewBlocks[o >> 16] + rank}, where {@code viewBlocks} counts the views before each
 *       block. A camera without a view costs nothing here.</li>
 * </ul>
 * The slot mask summarises a camera's footage: the run span
 * {@code [baseBucket, baseBucket + 128 * slotBuckets)} is cut into 128 slots of {@code slotBuckets}
 * buckets, and bit {@code s} is set when one of the camera's runs touches slot {@code s}. A query
 * decides most cameras from this word alone: a set bit in a slot wholly inside the window (and
 * retained) is a match, no set bit in any slot the window touches is a miss, and only the rest
 * search their runs.
 * {@code retentionDays} holds the distinct retention values, ascending, indexed by class.
 * Immutable once constructed; safe to read from any number of threads.
 *
 * <p>Columns memory-mapped from a snapshot may hold blocks of camera rows, ids and runs that have
 * not been verified yet: code that reads a camera's row, id, runs or view first calls
 * {@link #requireVerified} for it (the query does so once per candidate span). Coordinates,
 * retention values, views and view blocks are verified when the file is opened.
 *
 * @param bucketMillis the time bucket size, milliseconds
 * @param cameraCount number of cameras
 * @param runCount number of footage runs
 * @param retentionDays distinct retention values in days, ascending
 * @param coordinates longitude and latitude per ordinal
 * @param cameras slot mask, first run and attributes per ordinal, plus the sentinel row
 * @param ids camera ids
 * @param baseBucket the bucket that run values are relative to
 * @param runStride bytes per run: 4 (unsigned short bounds), 8 (int bounds) or 16 (long bounds)
 * @param runs the run bounds, interleaved
 * @param slotBuckets buckets per footage slot, at least 1
 * @param views the packed views of the cameras that have one, in ordinal order
 * @param viewBlocks per block of {@value #VIEW_BLOCK} ordinals, the views before it
 * @param maxRangeMillimeters the longest range of any view, or 0 without views
 * @param verifier what still verifies the camera rows, ids and runs of columns read from a
 *     snapshot, block by block, before they are read ({@link #requireVerified}); nothing for
 *     columns built in memory
 */
public record IndexColumns(
    long bucketMillis,
    int cameraCount,
    int runCount,
    int[] retentionDays,
    DirectBuffer coordinates,
    DirectBuffer cameras,
    DirectBuffer ids,
    long baseBucket,
    int runStride,
    DirectBuffer runs,
    long slotBuckets,
    DirectBuffer views,
    int[] viewBlocks,
    int maxRangeMillimeters,
    BlockVerifier verifier) {

    /** Bytes per ordinal in {@code coordinates}. */
    public static final int COORDINATE_BYTES = 2 * Double.BYTES;
    /** Offset of the longitude in a coordinates row. */
    public static final int LON_OFFSET = 0;
    /** Offset of the latitude in a coordinates row. */
    public static final int LAT_OFFSET = Double.BYTES;
    /** Bytes per row in {@code cameras}. */
    public static final int CAMERA_BYTES = 24;
    /** Offset of the slot mask in a camera row: {@value #MASK_WORDS} longs, slots 0-63 first. */
    public static final int MASK_OFFSET = 0;
    /** Offset of the first run index in a camera row. */
    public static final int FIRST_RUN_OFFSET = 16;
    /** Offset of the attributes in a camera row. */
    public static final int ATTRS_OFFSET = 20;
    /** Mask of the retention class index in an attrs value. */
    public static final int CLASS_MASK = 0x0FFF;
    /** Attrs bit: the owner opted out. */
    public static final int ATTR_OPTED_OUT = 0x1000;
    /** Attrs bit: the camera is end-to-end encrypted. */
    public static final int ATTR_E2EE = 0x2000;
    /** Attrs bits that make a camera ineligible. */
    public static final int ATTR_INELIGIBLE = ATTR_OPTED_OUT | ATTR_E2EE;
    /** Attrs bit: the camera has a view. */
    public static final int ATTR_VIEW = 0x4000;
    /** Offset of a camera's view rank within its block, in a camera row. */
    public static final int VIEW_RANK_OFFSET = 22;
    /** Ordinals per view block: a rank within a block fits an unsigned short. */
    public static final int VIEW_BLOCK = 1 << 16;
    /** Bytes per view in {@code views}. */
    public static final int VIEW_BYTES = Long.BYTES;
    /** Run stride with unsigned short bounds. */
    public static final int SHORT_RUN = 2 * Short.BYTES;
    /** Largest relative bucket of a run with unsigned short bounds. */
    public static final int MAX_SHORT_BUCKET = 0xFFFF;
    /** Run stride with int bounds. */
    public static final int NARROW_RUN = 2 * Integer.BYTES;
    /** Run stride with long bounds. */
    public static final int WIDE_RUN = 2 * Long.BYTES;

    /** Largest column, bytes: one Agrona buffer. */
    public static final long MAX_COLUMN_BYTES = Integer.MAX_VALUE - 64;
    /** Most cameras one segment holds: the camera rows, plus the sentinel, must fit one buffer. */
    public static final int MAX_CAMERAS = (int) (MAX_COLUMN_BYTES / CAMERA_BYTES) - 1;
    /** Most footage runs one segment holds: the run column, at 8 bytes a run, must fit one buffer. */
    public static final int MAX_RUNS = (int) (MAX_COLUMN_BYTES / NARROW_RUN);

    /** Longs in a footage slot mask. */
    public static final int MASK_WORDS = 2;
    /** Footage slots summarised per camera: one bit each in {@value #MASK_WORDS} longs. */
    public static final int SLOTS = MASK_WORDS * Long.SIZE;

    /**
     * @param ordinal camera ordinal
     * @return its longitude, degrees
     */
    public double lonDegrees(int ordinal) {
        return coordinates.getDouble(ordinal * COORDINATE_BYTES + LON_OFFSET);
    }

    /**
     * @param ordinal camera ordinal
     * @return its latitude, degrees
     */
    public double latDegrees(int ordinal) {
        return coordinates.getDouble(ordinal * COORDINATE_BYTES + LAT_OFFSET);
    }

    /**
     * @param ordinal camera ordinal
     * @return its Morton key, recomputed from its coordinates
     */
    public long key(int ordinal) {
        return MortonCode.keyOf(latDegrees(ordinal), lonDegrees(ordinal));
    }

    /**
     * @param ordinal camera ordinal
     * @param word which long of the mask, {@code 0..MASK_WORDS-1}: word {@code w} holds slots
     *     {@code 64w..64w+63}
     * @return that word of its footage slot mask
     */
    public long slotMask(int ordinal, int word) {
        return cameras.getLong(ordinal * CAMERA_BYTES + MASK_OFFSET + word * Long.BYTES);
    }

    /**
     * @param ordinal camera ordinal, {@code 0..cameraCount} (the sentinel row holds {@code runCount})
     * @return the index of its first footage run
     */
    public int firstRun(int ordinal) {
        return cameras.getInt(ordinal * CAMERA_BYTES + FIRST_RUN_OFFSET);
    }

    /**
     * @param ordinal camera ordinal
     * @return its attributes, unsigned
     */
    public int attrs(int ordinal) {
        return cameras.getShort(ordinal * CAMERA_BYTES + ATTRS_OFFSET) & 0xFFFF;
    }

    /**
     * @param ordinal camera ordinal
     * @return its retention and flags, packed as {@link CameraAttributes} defines
     */
    public int cameraAttributes(int ordinal) {
        int a = attrs(ordinal);
        return retentionDays[a & CLASS_MASK]
            | ((a & ATTR_OPTED_OUT) != 0 ? CameraAttributes.OPTED_OUT : 0)
            | ((a & ATTR_E2EE) != 0 ? CameraAttributes.E2EE : 0);
    }

    /**
     * @param ordinal camera ordinal
     * @return its packed view, or {@code CameraView.NONE}
     */
    public long view(int ordinal) {
        int row = ordinal * CAMERA_BYTES;
        if ((cameras.getShort(row + ATTRS_OFFSET) & ATTR_VIEW) == 0) {
            return CameraView.NONE;
        }
        int index = viewBlocks[ordinal >>> 16] + (cameras.getShort(row + VIEW_RANK_OFFSET) & 0xFFFF);
        return views.getLong(index * VIEW_BYTES);
    }

    /** @return how many cameras have a view */
    public int viewCount() {
        return views.capacity() / VIEW_BYTES;
    }

    /**
     * @param firstSlot first slot, {@code 0..SLOTS-1}
     * @param lastSlot last slot, {@code firstSlot..SLOTS-1}
     * @param word which long of a mask, {@code 0..MASK_WORDS-1}
     * @return the bits of slots {@code firstSlot..lastSlot} that fall in that word
     */
    public static long slotRange(int firstSlot, int lastSlot, int word) {
        int wordFirst = word * Long.SIZE;
        int from = Math.max(firstSlot, wordFirst) - wordFirst;
        int to = Math.min(lastSlot, wordFirst + Long.SIZE - 1) - wordFirst;
        return from > to ? 0 : (-1L >>> (Long.SIZE - 1 - to)) & (-1L << from);
    }

    /**
     * The footage slots one run touches; the one definition shared by the writer and the verifier.
     *
     * @param first the run's first bucket, relative to {@link #baseBucket()}, non-negative
     * @param last the run's last bucket, relative, {@code first..SLOTS*slotBuckets-1}
     * @param slotBuckets buckets per slot
     * @param word which long of the mask
     * @return that word of the mask of the slots from {@code first}'s to {@code last}'s
     */
    public static long runSlots(long first, long last, long slotBuckets, int word) {
        return slotRange((int) (first / slotBuckets), (int) (last / slotBuckets), word);
    }

    /**
     * @param run run index
     * @return its first bucket, relative to {@link #baseBucket()}
     */
    public long runFirst(int run) {
        return runFirst(runs, runStride, run);
    }

    /**
     * @param run run index
     * @return its last bucket, relative to {@link #baseBucket()}
     */
    public long runLast(int run) {
        return runLast(runs, runStride, run);
    }

    /**
     * @param runs a runs column
     * @param stride its bytes per run
     * @param run run index
     * @return the run's first bucket, relative
     */
    public static long runFirst(DirectBuffer runs, int stride, int run) {
        return switch (stride) {
            case SHORT_RUN -> runs.getShort(run * SHORT_RUN) & 0xFFFF;
            case NARROW_RUN -> runs.getInt(run * NARROW_RUN);
            default -> runs.getLong(run * WIDE_RUN);
        };
    }

    /**
     * @param runs a runs column
     * @param stride its bytes per run
     * @param run run index
     * @return the run's last bucket, relative
     */
    public static long runLast(DirectBuffer runs, int stride, int run) {
        return switch (stride) {
            case SHORT_RUN -> runs.getShort(run * SHORT_RUN + Short.BYTES) & 0xFFFF;
            case NARROW_RUN -> runs.getInt(run * NARROW_RUN + Integer.BYTES);
            default -> runs.getLong(run * WIDE_RUN + Long.BYTES);
        };
    }

    /**
     * Writes a run: the one encoder of the layout {@link #runFirst(DirectBuffer, int, int)} reads.
     *
     * @param runs a runs column
     * @param stride its bytes per run
     * @param run run index
     * @param first its first bucket, relative, {@code 0..} what the stride holds
     * @param last its last bucket, relative
     */
    public static void putRun(MutableDirectBuffer runs, int stride, int run, long first, long last) {
        switch (stride) {
            case SHORT_RUN -> {
                runs.putShort(run * SHORT_RUN, (short) first);
                runs.putShort(run * SHORT_RUN + Short.BYTES, (short) last);
            }
            case NARROW_RUN -> {
                runs.putInt(run * NARROW_RUN, (int) first);
                runs.putInt(run * NARROW_RUN + Integer.BYTES, (int) last);
            }
            default -> {
                runs.putLong(run * WIDE_RUN, first);
                runs.putLong(run * WIDE_RUN + Long.BYTES, last);
            }
        }
    }

    /**
     * Verifies, if not done yet, the camera rows, ids and runs of the cameras {@code [lo, hi)}.
     *
     * @param lo first ordinal
     * @param hi the ordinal after the last
     * @throws java.io.UncheckedIOException wrapping an {@link io.geomatch.core.IndexFormatException} if one of them is corrupt
     */
    public void requireVerified(int lo, int hi) {
        verifier.require(lo, hi);
    }
}
