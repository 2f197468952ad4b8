package io.geomatch.core.internal.segment;

import io.geomatch.core.internal.contract.CameraAttributes;
import io.geomatch.core.internal.contract.CameraView;
import io.geomatch.core.internal.contract.Checks;
import io.geomatch.core.internal.contract.FloorDivider;
import io.geomatch.core.internal.memory.OffHeap;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Lays out the columns of a sealed segment, camera by camera in ordinal order: the one writer of
 * the layout {@link IndexColumns} describes, shared by the builder's {@link IndexAssembler} and
 * the live index's merger.
 *
 * <p>The caller decides the segment's shape first (cameras, the bucket the runs are relative to,
 * the run width and the slot width, through {@link #runStride} and {@link #slotBuckets}, and the
 * retention values in use). Then either:
 * <ul>
 *   <li><b>in one pass</b>, knowing how many runs and views there are: for each ordinal in turn
 *       {@link #camera} or {@link #copyCamera}, followed by that camera's runs in ascending order
 *       ({@link #run}, or {@link #copyRuns} when the source has the same layout), and finally
 *       {@link #finish()}; single use, one thread;</li>
 *   <li><b>in blocks</b> ({@link #inBlocks}), knowing the views but only an upper bound of the
 *       runs (the intervals before they are merged): each {@link Block} covers a range of
 *       ordinals and is written the same way by one thread, different blocks by different threads
 *       at once, straight into the columns: its runs from the upper bound of the runs before it,
 *       its views from the count of views before it. {@link #finish(Block[])} then moves each
 *       block's runs down to follow the previous block's (in order, one copy per block) and
 *       shifts the run offsets and view ranks in the rows, in parallel. The runs column keeps the
 *       memory of the upper bound: the intervals that merging joined leave that much unused at
 *       its end.</li>
 * </ul>
 * The slot mask of each camera is the union of its runs' slots.
 */
public final class ColumnWriter {
    private final long bucketMillis;
    private final int cameraCount;
    private final long baseBucket;
    private final int stride;
    private final long slotBuckets;
    /** Relative buckets to slots, without a division instruction per run bound. */
    private final FloorDivider slots;
    private final int[] retentionValues;
    /** Per retention in days, its class index, for the retentions in use. */
    private final int[] classOf;
    private final UnsafeBuffer coordinates;
    private final UnsafeBuffer ids;
    private final UnsafeBuffer cameras;
    /** In one pass, the runs; in blocks, at most that many. */
    private final int runCount;
    private final UnsafeBuffer runs;
    private final UnsafeBuffer views;
    /** In one pass, the only block, else {@code null}. */
    private final Block only;

    /**
     * @param spanBuckets the last bucket of the segment's runs minus the first
     * @return bytes per run, the narrowest that holds the span: {@link IndexColumns#SHORT_RUN} (unsigned short
     *     bounds), {@link IndexColumns#NARROW_RUN} (int bounds) or {@link IndexColumns#WIDE_RUN}
     */
    public static int runStride(long spanBuckets) {
        return spanBuckets <= IndexColumns.MAX_SHORT_BUCKET ? IndexColumns.SHORT_RUN
            : spanBuckets <= Integer.MAX_VALUE ? IndexColumns.NARROW_RUN : IndexColumns.WIDE_RUN;
    }

    /**
     * @param stride bytes per run
     * @param spanBuckets the last bucket of some runs minus the base
     * @return whether runs of that width hold buckets up to that span
     */
    public static boolean holds(int stride, long spanBuckets) {
        return stride >= runStride(spanBuckets);
    }

    /**
     * The width of a footage slot: the {@value IndexColumns#SLOTS} slots cover the runs' span plus
     * room to grow. A built index has no room (it never grows); a merged one leaves room, so that
     * footage streaming in after it still fits the same slots and the next merge copies unchanged
     * cameras byte for byte.
     *
     * @param spanBuckets the last bucket of the runs minus the first
     * @param headroomBuckets buckets beyond the span the slots must also cover
     * @return buckets per slot, at least 1
     */
    public static long slotBuckets(long spanBuckets, long headroomBuckets) {
        return Math.max(1, (spanBuckets + headroomBuckets) / IndexColumns.SLOTS + 1);
    }

    /**
     * Allocates the columns for writing in one pass.
     *
     * @param bucketMillis the bucket size the runs are counted in
     * @param cameraCount cameras the segment holds
     * @param runCount runs the segment holds
     * @param baseBucket the bucket the runs are stored relative to
     * @param stride bytes per run, from {@link #runStride}
     * @param slotBuckets buckets per slot, from {@link #slotBuckets}
     * @param retentionInUse per retention in days ({@code 0..}{@link Checks#MAX_RETENTION_DAYS}), whether a camera has it
     * @param views how many of the cameras have a view
     * @throws IllegalStateException if a column would exceed one buffer
     */
    public ColumnWriter(long bucketMillis, int cameraCount, int runCount, long baseBucket, int stride, long slotBuckets,
                        boolean[] retentionInUse, int views) {
        this(bucketMillis, cameraCount, runCount, baseBucket, stride, slotBuckets, retentionInUse, views, null);
    }

    /** @param runs the runs column, allocated elsewhere, taken once the other columns are allocated; or {@code null} to write in one pass */
    private ColumnWriter(long bucketMillis, int cameraCount, int runCount, long baseBucket, int stride, long slotBuckets,
                         boolean[] retentionInUse, int views, Supplier<UnsafeBuffer> runs) {
        this.bucketMillis = bucketMillis;
        this.cameraCount = cameraCount;
        this.baseBucket = baseBucket;
        this.stride = stride;
        this.slotBuckets = slotBuckets;
        this.slots = new FloorDivider(slotBuckets);
        this.classOf = new int[retentionInUse.length];
        int classes = 0;
        for (int d = 0; d < retentionInUse.length; d++) {
            if (retentionInUse[d]) {
                classOf[d] = classes++;
            }
        }
        assert classes <= IndexColumns.CLASS_MASK + 1;
        this.retentionValues = new int[classes];
        for (int d = 0, c = 0; d < retentionInUse.length; d++) {
            if (retentionInUse[d]) {
                retentionValues[c++] = d;
            }
        }
        this.coordinates = allocate((long) cameraCount * IndexColumns.COORDINATE_BYTES);
        this.ids = allocate((long) cameraCount * Long.BYTES);
        this.cameras = allocate((long) (cameraCount + 1) * IndexColumns.CAMERA_BYTES);
        this.runCount = runCount;
        this.views = allocate((long) views * IndexColumns.VIEW_BYTES);
        UnsafeBuffer runColumn;
        try {
            runColumn = runs != null ? runs.get() : allocate((long) runCount * stride);
        } catch (RuntimeException | Error e) {
            // Not a writer, so nobody else can free what was allocated for it.
            OffHeap.free(coordinates);
            OffHeap.free(ids);
            OffHeap.free(cameras);
            OffHeap.free(this.views);
            throw e;
        }
        this.runs = runColumn;
        assert this.runs.capacity() == (long) runCount * stride;
        this.only = runs == null ? new Block(0, cameraCount, 0, 0) : null;
    }

    /**
     * Allocates the columns for writing in {@link Block}s, but for the runs column, which the
     * caller allocates (with {@link #allocateRuns}), so that two threads can share the work: most
     * of an allocation's time is the kernel faulting in fresh pages, and two threads faulting at
     * once took 2.5 to 3.1 s for what one took in 3.8 to 4.2 s (1.4 GB, on this 2-core VM).
     *
     * @param bucketMillis the bucket size the runs are counted in
     * @param cameraCount cameras the segment holds
     * @param baseBucket the bucket the runs are stored relative to
     * @param stride bytes per run, from {@link #runStride}
     * @param slotBuckets buckets per slot, from {@link #slotBuckets}
     * @param retentionInUse per retention in days, whether a camera has it
     * @param maxRuns at least as many runs as the segment will hold
     * @param views how many of the cameras have a view
     * @param runs gives the runs column, from {@link #allocateRuns}{@code (maxRuns, stride)}, once the
     *     other columns are allocated (it may wait for another thread's allocation); the writer owns it
     * @return the writer
     * @throws IllegalStateException if a column would exceed one buffer
     */
    public static ColumnWriter inBlocks(long bucketMillis, int cameraCount, long baseBucket, int stride, long slotBuckets,
                                       boolean[] retentionInUse, int maxRuns, int views, Supplier<UnsafeBuffer> runs) {
        return new ColumnWriter(bucketMillis, cameraCount, maxRuns, baseBucket, stride, slotBuckets, retentionInUse, views,
            Objects.requireNonNull(runs, "runs"));
    }

    /**
     * @param maxRuns runs the column has room for
     * @param stride bytes per run
     * @return a zeroed runs column for {@link #inBlocks}
     * @throws IllegalStateException if it exceeds one buffer
     */
    public static UnsafeBuffer allocateRuns(int maxRuns, int stride) {
        return allocate((long) maxRuns * stride);
    }

    /** @return an array to mark retentions in use, indexed by days, for the constructor */
    public static boolean[] noRetentions() {
        return new boolean[Checks.MAX_RETENTION_DAYS + 1];
    }

    /**
     * A block of ordinals for a writer made {@link #inBlocks}: written by one thread, while other
     * blocks are written by others.
     *
     * @param firstOrdinal its first ordinal
     * @param endOrdinal the ordinal after its last
     * @param runsBefore at least as many runs as the blocks before it will have, and at most the
     *     upper bound less as many as its own cameras will have
     * @param viewsBefore exactly as many views as the cameras before it have
     * @return the block
     */
    public Block block(int firstOrdinal, int endOrdinal, int runsBefore, int viewsBefore) {
        assert only == null && 0 <= firstOrdinal && firstOrdinal <= endOrdinal && endOrdinal <= cameraCount;
        return new Block(firstOrdinal, endOrdinal, runsBefore, viewsBefore);
    }

    /**
     * Starts the next camera, in one pass.
     *
     * @param next its ordinal: the one after the previous camera's
     * @param id its id
     * @param latDegrees its latitude
     * @param lonDegrees its longitude
     * @param attributes its retention and flags, as {@link CameraAttributes} packs them
     * @param view its view, as {@link CameraView} packs it, or {@link CameraView#NONE}
     */
    public void camera(int next, long id, double latDegrees, double lonDegrees, int attributes, long view) {
        only.camera(next, id, latDegrees, lonDegrees, attributes, view);
    }

    /**
     * Starts the next camera as a copy of another segment's camera, in one pass: location, id,
     * retention and flags (its runs follow separately).
     *
     * @param next its ordinal: the one after the previous camera's
     * @param from the other segment
     * @param fromOrdinal the camera's ordinal there
     */
    public void copyCamera(int next, IndexColumns from, int fromOrdinal) {
        only.copyCamera(next, from, fromOrdinal);
    }

    /**
     * Appends a run of the current camera, in one pass: after its previous run, not adjacent to it.
     *
     * @param firstBucket first bucket, absolute, at or after the base bucket
     * @param lastBucket last bucket, absolute, within the slots
     */
    public void run(long firstBucket, long lastBucket) {
        only.run(firstBucket, lastBucket);
    }

    /**
     * Appends runs of the current camera copied byte for byte from a segment with the same base
     * bucket, run width and slot width, with the slots they touch, in one pass.
     *
     * @param from the other segment
     * @param fromRun its first run to copy
     * @param count how many runs
     * @param slots0 the slots the copied runs touch, slots 0-63
     * @param slots1 the slots 64-127
     */
    public void copyRuns(IndexColumns from, int fromRun, int count, long slots0, long slots1) {
        only.copyRuns(from, fromRun, count, slots0, slots1);
    }

    /**
     * Ends the last camera and the segment written in one pass.
     *
     * @return the columns, exactly as many cameras and runs as announced
     */
    public IndexColumns finish() {
        Block b = only;
        b.end();
        assert b.ordinal == cameraCount - 1 && b.run == runCount : "ordinal=" + b.ordinal + " run=" + b.run;
        assert b.viewCount * IndexColumns.VIEW_BYTES == views.capacity() : "viewCount=" + b.viewCount;
        cameras.putInt(cameraCount * IndexColumns.CAMERA_BYTES + IndexColumns.FIRST_RUN_OFFSET, b.run);
        int[] viewBlocks = new int[(cameraCount + IndexColumns.VIEW_BLOCK - 1) / IndexColumns.VIEW_BLOCK];
        System.arraycopy(b.viewsBeforeViewBlock, 0, viewBlocks, 0, viewBlocks.length);
        return new IndexColumns(bucketMillis, cameraCount, runCount, retentionValues, coordinates, cameras, ids, baseBucket, stride, runs,
            slotBuckets, views, viewBlocks, b.maxRangeMillimeters, BlockVerifier.TRUSTED);
    }

    /**
     * Ends a segment written in blocks: places each block's runs and views after those of the
     * blocks before it, in parallel.
     *
     * @param blocks every block, in ordinal order, together covering every ordinal, each ended
     * @return the columns
     * @throws IllegalStateException if the runs exceed one column
     */
    public IndexColumns finish(Block[] blocks) {
        int count = blocks.length;
        int maxRange = 0;
        int total = 0;
        int[] shift = new int[count];
        for (int k = 0; k < count; k++) {
            Block b = blocks[k];
            assert b.ordinal == b.endOrdinal - 1 || b.firstOrdinal == b.endOrdinal : "block " + k + " not written to its end";
            assert k == 0 ? b.firstOrdinal == 0 : b.firstOrdinal == blocks[k - 1].endOrdinal;
            assert b.viewsBefore == (k == 0 ? 0 : blocks[k - 1].viewsBefore + blocks[k - 1].viewCount) : "block " + k + " views";
            assert b.runsBefore >= total && b.runsBefore + b.run <= runCount : "block " + k + " runs";
            // Each block's runs follow the previous block's; moved in order, a move never overwrites runs not yet moved.
            if (b.runsBefore != total) {
                runs.putBytes(total * stride, runs, b.runsBefore * stride, b.run * stride);
            }
            shift[k] = total - b.runsBefore;
            total += b.run;
            maxRange = Math.max(maxRange, b.maxRangeMillimeters);
        }
        assert count == 0 ? cameraCount == 0 : blocks[count - 1].endOrdinal == cameraCount;
        assert count == 0 || blocks[count - 1].viewsBefore + blocks[count - 1].viewCount == views.capacity() / IndexColumns.VIEW_BYTES;
        int[] viewBlocks = new int[(cameraCount + IndexColumns.VIEW_BLOCK - 1) / IndexColumns.VIEW_BLOCK];
        for (int k = 0; k < count; k++) {
            Block b = blocks[k];
            for (int i = 0; i < b.viewsBeforeViewBlock.length; i++) {
                viewBlocks[b.firstWhole + i] = b.viewsBefore + b.viewsBeforeViewBlock[i];
            }
        }
        IntStream.range(0, count).parallel().forEach(k -> {
            Block b = blocks[k];
            // Ranks up to the block's first view block boundary counted from the block's start, not the view block's.
            int rankShift = b.viewsBefore - (b.firstOrdinal < cameraCount ? viewBlocks[b.firstOrdinal >>> 16] : 0);
            int unaligned = Math.min(b.endOrdinal, b.firstWhole << 16);
            if (shift[k] == 0 && (rankShift == 0 || unaligned == b.firstOrdinal)) {
                return;
            }
            for (int o = b.firstOrdinal; o < b.endOrdinal; o++) {
                int row = o * IndexColumns.CAMERA_BYTES;
                cameras.putInt(row + IndexColumns.FIRST_RUN_OFFSET, cameras.getInt(row + IndexColumns.FIRST_RUN_OFFSET) + shift[k]);
                if (o < unaligned && rankShift != 0 && (cameras.getShort(row + IndexColumns.ATTRS_OFFSET) & IndexColumns.ATTR_VIEW) != 0) {
                    cameras.putShort(row + IndexColumns.VIEW_RANK_OFFSET,
                        (short) ((cameras.getShort(row + IndexColumns.VIEW_RANK_OFFSET) & 0xFFFF) + rankShift));
                }
            }
        });
        cameras.putInt(cameraCount * IndexColumns.CAMERA_BYTES + IndexColumns.FIRST_RUN_OFFSET, total);
        // The runs as a column of their own length; the memory beyond, which merging left unused, stays with it.
        // A view of the same allocation (not a slice), so that the segment's owner can still free the whole of it.
        UnsafeBuffer exact = new UnsafeBuffer(runs, 0, total * stride);
        return new IndexColumns(bucketMillis, cameraCount, total, retentionValues, coordinates, cameras, ids, baseBucket, stride,
            exact, slotBuckets, views, viewBlocks, maxRange, BlockVerifier.TRUSTED);
    }

    /**
     * The cameras of a range of ordinals and their runs, written in ordinal order by one thread:
     * {@link #camera} or {@link #copyCamera} for each ordinal in turn, each followed by its runs,
     * then {@link #end}. Everything goes straight into the columns: runs from the block's
     * {@code runsBefore}, views from its {@code viewsBefore}; view ranks before the block's first
     * view block boundary are counted from the block's start until {@link #finish(Block[])}
     * shifts them, with the run offsets.
     */
    public final class Block {
        private final int firstOrdinal;
        private final int endOrdinal;
        /** The first view block that starts in this block. */
        private final int firstWhole;
        /** Where the block's runs are written; its run {@code r} is at {@code runsBefore + r}. */
        private final int runsBefore;
        /** Views of the cameras before the block; its view {@code v} is at {@code viewsBefore + v}. */
        private final int viewsBefore;
        /** Views before each view block that starts in this block, counted from the block's start. */
        private final int[] viewsBeforeViewBlock;
        private int viewCount;
        /** Views of this block before the current camera's view block, or before the block if that starts earlier. */
        private int viewsBeforeCurrent;
        private int maxRangeMillimeters;
        /** The camera being written, or {@code firstOrdinal - 1} before the first. */
        private int ordinal;
        private int run;
        private long mask0;
        private long mask1;

        private Block(int firstOrdinal, int endOrdinal, int runsBefore, int viewsBefore) {
            this.firstOrdinal = firstOrdinal;
            this.endOrdinal = endOrdinal;
            this.runsBefore = runsBefore;
            this.viewsBefore = viewsBefore;
            this.ordinal = firstOrdinal - 1;
            this.firstWhole = (firstOrdinal + IndexColumns.VIEW_BLOCK - 1) >>> 16;
            int endWhole = (endOrdinal + IndexColumns.VIEW_BLOCK - 1) >>> 16;
            this.viewsBeforeViewBlock = new int[Math.max(0, endWhole - firstWhole)];
        }

        /**
         * Starts the next camera of the block.
         *
         * @param next its ordinal: the block's first, or the one after the previous camera's
         * @param id its id
         * @param latDegrees its latitude
         * @param lonDegrees its longitude
         * @param attributes its retention and flags, as {@link CameraAttributes} packs them
         * @param view its view, as {@link CameraView} packs it, or {@link CameraView#NONE}
         */
        public void camera(int next, long id, double latDegrees, double lonDegrees, int attributes, long view) {
            begin(next);
            coordinates.putDouble(next * IndexColumns.COORDINATE_BYTES + IndexColumns.LON_OFFSET, lonDegrees);
            coordinates.putDouble(next * IndexColumns.COORDINATE_BYTES + IndexColumns.LAT_OFFSET, latDegrees);
            ids.putLong(next * Long.BYTES, id);
            putAttributes(next, attributes, view);
        }

        void copyCamera(int next, IndexColumns from, int fromOrdinal) {
            begin(next);
            coordinates.putBytes(next * IndexColumns.COORDINATE_BYTES, from.coordinates(), fromOrdinal * IndexColumns.COORDINATE_BYTES,
                IndexColumns.COORDINATE_BYTES);
            ids.putLong(next * Long.BYTES, from.ids().getLong(fromOrdinal * Long.BYTES));
            putAttributes(next, from.cameraAttributes(fromOrdinal), from.view(fromOrdinal));
        }

        private void begin(int next) {
            assert next == ordinal + 1 && next < endOrdinal : "cameras in ordinal order";
            end();
            ordinal = next;
            if ((next & (IndexColumns.VIEW_BLOCK - 1)) == 0) {
                viewsBeforeViewBlock[(next >>> 16) - firstWhole] = viewCount;
                viewsBeforeCurrent = viewCount;
            }
            cameras.putInt(next * IndexColumns.CAMERA_BYTES + IndexColumns.FIRST_RUN_OFFSET, runsBefore + run);
        }

        private void putAttributes(int at, int attributes, long view) {
            int flags = ((attributes & CameraAttributes.OPTED_OUT) != 0 ? IndexColumns.ATTR_OPTED_OUT : 0)
                | ((attributes & CameraAttributes.E2EE) != 0 ? IndexColumns.ATTR_E2EE : 0)
                | (view != CameraView.NONE ? IndexColumns.ATTR_VIEW : 0);
            int row = at * IndexColumns.CAMERA_BYTES;
            cameras.putShort(row + IndexColumns.ATTRS_OFFSET, (short) (classOf[CameraAttributes.retentionDays(attributes)] | flags));
            if (view != CameraView.NONE) {
                cameras.putShort(row + IndexColumns.VIEW_RANK_OFFSET, (short) (viewCount - viewsBeforeCurrent));
                views.putLong((viewsBefore + viewCount) * IndexColumns.VIEW_BYTES, view);
                viewCount++;
                maxRangeMillimeters = Math.max(maxRangeMillimeters, CameraView.rangeMillimeters(view));
            }
        }

        /**
         * Appends a run of the current camera: after its previous run, not adjacent to it.
         *
         * @param firstBucket first bucket, absolute, at or after the base bucket
         * @param lastBucket last bucket, absolute, within the slots
         */
        public void run(long firstBucket, long lastBucket) {
            long first = firstBucket - baseBucket;
            long last = lastBucket - baseBucket;
            assert first >= 0 && first <= last && last < IndexColumns.SLOTS * slotBuckets;
            IndexColumns.putRun(runs, stride, runsBefore + run, first, last);
            int firstSlot = slotOf(first);
            int lastSlot = slotOf(last);
            mask0 |= IndexColumns.slotRange(firstSlot, lastSlot, 0);
            mask1 |= IndexColumns.slotRange(firstSlot, lastSlot, 1);
            run++;
        }

        void copyRuns(IndexColumns from, int fromRun, int count, long slots0, long slots1) {
            assert from.baseBucket() == baseBucket && from.runStride() == stride && from.slotBuckets() == slotBuckets;
            runs.putBytes((runsBefore + run) * stride, from.runs(), fromRun * stride, count * stride);
            mask0 |= slots0;
            mask1 |= slots1;
            run += count;
        }

        /** Ends the block's last camera; further cameras of the block may not follow. */
        public void end() {
            if (ordinal >= firstOrdinal) {
                int row = ordinal * IndexColumns.CAMERA_BYTES;
                cameras.putLong(row + IndexColumns.MASK_OFFSET, mask0);
                cameras.putLong(row + IndexColumns.MASK_OFFSET + Long.BYTES, mask1);
            }
            mask0 = 0;
            mask1 = 0;
        }
    }

    /**
     * @param relativeBucket a bucket relative to the base, {@code 0..SLOTS*slotBuckets-1}
     * @return its slot: {@code relativeBucket / slotBuckets}
     */
    int slotOf(long relativeBucket) {
        return (int) slots.floorDiv(relativeBucket);
    }

    /**
     * @param bytes the column size
     * @return a zeroed, 64-byte aligned direct buffer of that size, freeable with {@link OffHeap#free}
     * @throws IllegalStateException if it exceeds {@link IndexColumns#MAX_COLUMN_BYTES}
     */
    public static UnsafeBuffer allocate(long bytes) {
        if (bytes > IndexColumns.MAX_COLUMN_BYTES) {
            throw new IllegalStateException("column of " + bytes + " bytes exceeds one buffer");
        }
        // A whole allocation, not a slice of one, so that the segment's owner can free it at once.
        return OffHeap.allocate(Math.max(bytes, 0));
    }
}
