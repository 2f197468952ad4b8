package io.geomatch.core.internal.segment;

import io.geomatch.core.internal.contract.CameraAttributes;
import io.geomatch.core.internal.contract.CameraView;
import io.geomatch.core.internal.contract.Checks;
import io.geomatch.core.internal.memory.OffHeap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Lays out the columns of a sealed segment, camera by camera in ordinal order: the one writer of
 * the layout {@link IndexColumns} describes, shared by the builder's {@link IndexAssembler} and
 * the live index's merger.
 *
 * <p>The caller decides the segment's shape first (cameras, runs, the bucket the runs are
 * relative to, the run width and the slot width, through {@link #runStride} and
 * {@link #slotBuckets}, the retention values in use and how many views), then for each ordinal in turn calls
 * {@link #camera} or {@link #copyCamera}, followed by that camera's runs in ascending order
 * ({@link #run}, or {@link #copyRuns} when the source has the same layout), and finally
 * {@link #finish}. The slot mask of each camera is the union of its runs' slots. Single use, one
 * thread.
 */
public final class ColumnWriter {
    private final long bucketMillis;
    private final int cameraCount;
    private final int runCount;
    private final long baseBucket;
    private final int stride;
    private final long slotBuckets;
    private final int[] retentionValues;
    /** Per retention in days, its class index, for the retentions in use. */
    private final int[] classOf;
    private final UnsafeBuffer coordinates;
    private final UnsafeBuffer ids;
    private final UnsafeBuffer cameras;
    private final UnsafeBuffer runs;
    private final UnsafeBuffer views;
    private final int[] viewBlocks;
    private int viewCount;
    private int maxRangeMillimeters;
    /** The camera being written, or -1 before the first. */
    private int ordinal = -1;
    private int run;
    private long mask0;
    private long mask1;

    /**
     * @param spanBuckets the last bucket of the segment's runs minus the first
     * @return bytes per run: {@link IndexColumns#NARROW_RUN} (int bounds) when the span fits an int, else {@link IndexColumns#WIDE_RUN}
     */
    public static int runStride(long spanBuckets) {
        return spanBuckets <= Integer.MAX_VALUE ? IndexColumns.NARROW_RUN : IndexColumns.WIDE_RUN;
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
     * Allocates the columns.
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
        this.bucketMillis = bucketMillis;
        this.cameraCount = cameraCount;
        this.runCount = runCount;
        this.baseBucket = baseBucket;
        this.stride = stride;
        this.slotBuckets = slotBuckets;
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
        this.runs = allocate((long) runCount * stride);
        this.views = allocate((long) views * IndexColumns.VIEW_BYTES);
        this.viewBlocks = new int[(cameraCount + IndexColumns.VIEW_BLOCK - 1) / IndexColumns.VIEW_BLOCK];
    }

    /** @return an array to mark retentions in use, indexed by days, for the constructor */
    public static boolean[] noRetentions() {
        return new boolean[Checks.MAX_RETENTION_DAYS + 1];
    }

    /**
     * Starts the next camera.
     *
     * @param next its ordinal: the one after the previous camera's
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

    /**
     * Starts the next camera as a copy of another segment's camera: location, id, retention and
     * flags (its runs follow separately).
     *
     * @param next its ordinal: the one after the previous camera's
     * @param from the other segment
     * @param fromOrdinal the camera's ordinal there
     */
    public void copyCamera(int next, IndexColumns from, int fromOrdinal) {
        begin(next);
        coordinates.putBytes(next * IndexColumns.COORDINATE_BYTES, from.coordinates(), fromOrdinal * IndexColumns.COORDINATE_BYTES,
            IndexColumns.COORDINATE_BYTES);
        ids.putLong(next * Long.BYTES, from.ids().getLong(fromOrdinal * Long.BYTES));
        putAttributes(next, from.cameraAttributes(fromOrdinal), from.view(fromOrdinal));
    }

    private void begin(int next) {
        assert next == ordinal + 1 && next < cameraCount : "cameras in ordinal order";
        endCamera();
        ordinal = next;
        if ((next & (IndexColumns.VIEW_BLOCK - 1)) == 0) {
            viewBlocks[next >>> 16] = viewCount;
        }
        cameras.putInt(next * IndexColumns.CAMERA_BYTES + IndexColumns.FIRST_RUN_OFFSET, run);
    }

    private void putAttributes(int at, int attributes, long view) {
        int flags = ((attributes & CameraAttributes.OPTED_OUT) != 0 ? IndexColumns.ATTR_OPTED_OUT : 0)
            | ((attributes & CameraAttributes.E2EE) != 0 ? IndexColumns.ATTR_E2EE : 0)
            | (view != CameraView.NONE ? IndexColumns.ATTR_VIEW : 0);
        int row = at * IndexColumns.CAMERA_BYTES;
        cameras.putShort(row + IndexColumns.ATTRS_OFFSET, (short) (classOf[CameraAttributes.retentionDays(attributes)] | flags));
        if (view != CameraView.NONE) {
            cameras.putShort(row + IndexColumns.VIEW_RANK_OFFSET, (short) (viewCount - viewBlocks[at >>> 16]));
            views.putLong(viewCount * IndexColumns.VIEW_BYTES, view);
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
        assert run < runCount && first >= 0 && first <= last && last < IndexColumns.SLOTS * slotBuckets;
        if (stride == IndexColumns.NARROW_RUN) {
            runs.putInt(run * stride, (int) first);
            runs.putInt(run * stride + Integer.BYTES, (int) last);
        } else {
            runs.putLong(run * stride, first);
            runs.putLong(run * stride + Long.BYTES, last);
        }
        mask0 |= IndexColumns.runSlots(first, last, slotBuckets, 0);
        mask1 |= IndexColumns.runSlots(first, last, slotBuckets, 1);
        run++;
    }

    /**
     * Appends runs of the current camera copied byte for byte from a segment with the same base
     * bucket, run width and slot width, with the slots they touch.
     *
     * @param from the other segment
     * @param fromRun its first run to copy
     * @param count how many runs
     * @param slots0 the slots the copied runs touch, slots 0-63
     * @param slots1 the slots 64-127
     */
    public void copyRuns(IndexColumns from, int fromRun, int count, long slots0, long slots1) {
        assert from.baseBucket() == baseBucket && from.runStride() == stride && from.slotBuckets() == slotBuckets;
        runs.putBytes(run * stride, from.runs(), fromRun * stride, count * stride);
        mask0 |= slots0;
        mask1 |= slots1;
        run += count;
    }

    private void endCamera() {
        if (ordinal >= 0) {
            int row = ordinal * IndexColumns.CAMERA_BYTES;
            cameras.putLong(row + IndexColumns.MASK_OFFSET, mask0);
            cameras.putLong(row + IndexColumns.MASK_OFFSET + Long.BYTES, mask1);
        }
        mask0 = 0;
        mask1 = 0;
    }

    /**
     * Ends the last camera and the segment.
     *
     * @return the columns, exactly as many cameras and runs as announced
     */
    public IndexColumns finish() {
        endCamera();
        assert ordinal == cameraCount - 1 && run == runCount : "ordinal=" + ordinal + " run=" + run;
        assert viewCount * IndexColumns.VIEW_BYTES == views.capacity() : "viewCount=" + viewCount;
        cameras.putInt(cameraCount * IndexColumns.CAMERA_BYTES + IndexColumns.FIRST_RUN_OFFSET, run);
        return new IndexColumns(bucketMillis, cameraCount, runCount, retentionValues, coordinates, cameras, ids, baseBucket, stride, runs,
            slotBuckets, views, viewBlocks, maxRangeMillimeters);
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
