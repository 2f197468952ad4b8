package io.geomatch.core.store;

import io.geomatch.core.BuildProgress;
import io.geomatch.core.spatial.MortonCode;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Turns the builder's arrays into sealed {@link IndexColumns}: computes Morton keys (in parallel),
 * radix-sorts cameras into key order (the keys are then dropped: the columns recompute them), maps retention values to classes, groups footage by camera
 * ordinal and merges each camera's bucket intervals into disjoint runs.
 *
 * <p>Merging uses the fact that the union of integer intervals can be read off their starts and
 * ends sorted independently: after the i-th smallest end there is a gap exactly when the
 * (i+1)-th smallest start lies beyond it.
 */
public final class IndexAssembler {
    /** Builder flag: the owner opted out. */
    public static final int FLAG_OPTED_OUT = 1;
    /** Builder flag: end-to-end encrypted. */
    public static final int FLAG_E2EE = 2;
    /** Most cameras one index holds: the 16-byte rows, plus the sentinel, must fit one buffer. */
    public static final int MAX_CAMERAS = (Integer.MAX_VALUE - 64) / IndexColumns.CAMERA_BYTES - 1;
    /** Most footage intervals one index holds: the run column, at 8 bytes a run, must fit one buffer. */
    public static final int MAX_FOOTAGE = (Integer.MAX_VALUE - 64) / IndexColumns.NARROW_RUN;

    /** Largest bucket size, ms: 366 days. */
    public static final long MAX_BUCKET_MILLIS = 366L * 86_400_000L;
    /** Largest column, bytes: one Agrona buffer. */
    public static final long MAX_COLUMN_BYTES = Integer.MAX_VALUE - 64;

    private static final int ALIGNMENT = 64;
    private static final int RADIX_BITS = 16;

    private final long bucketMillis;
    private final BuildProgress progress;

    /**
     * @param bucketMillis the bucket size the footage was bucketed with
     * @param progress told about each phase
     */
    public IndexAssembler(long bucketMillis, BuildProgress progress) {
        this.bucketMillis = bucketMillis;
        this.progress = progress;
    }

    /**
     * Builds the columns. Array arguments are the builder's (only the first {@code n} entries are
     * used) and are not modified.
     *
     * @param n cameras
     * @param ids camera ids
     * @param lat latitudes
     * @param lon longitudes
     * @param retentionDays retention per camera
     * @param flags builder flags per camera
     * @param footage the footage intervals, by camera insertion index
     * @return the sealed columns, off-heap
     */
    public IndexColumns assemble(int n, long[] ids, double[] lat, double[] lon, short[] retentionDays, byte[] flags,
                                 FootageBlocks footage) {
        int m = footage.size();
        long[] keys = new long[n];
        IntStream.range(0, n).parallel().forEach(i -> keys[i] = MortonCode.keyOf(lat[i], lon[i]));
        progress.onProgress("keys", n, n);

        int[] order = sortedOrder(keys);
        progress.onProgress("sort", n, n);

        int[] ordinalOf = new int[n];
        for (int o = 0; o < n; o++) {
            ordinalOf[order[o]] = o;
        }

        boolean[] seen = new boolean[Short.MAX_VALUE + 1];
        for (int i = 0; i < n; i++) {
            seen[retentionDays[i]] = true;
        }
        int classes = 0;
        int[] classOf = new int[seen.length];
        for (int d = 0; d < seen.length; d++) {
            if (seen[d]) {
                classOf[d] = classes++;
            }
        }
        int[] retentionValues = new int[classes];
        for (int d = 0, c = 0; d < seen.length; d++) {
            if (seen[d]) {
                retentionValues[c++] = d;
            }
        }
        assert classes <= IndexColumns.CLASS_MASK + 1;

        int[] offsets = new int[n + 1];
        long[] runFirst = new long[m];
        long[] runLast = new long[m];
        int runs = groupAndMerge(n, ordinalOf, footage, offsets, runFirst, runLast);
        progress.onProgress("footage", m, m);

        UnsafeBuffer coordinateCol = allocate((long) n * IndexColumns.COORDINATE_BYTES);
        UnsafeBuffer idCol = allocate((long) n * Long.BYTES);
        for (int o = 0; o < n; o++) {
            int i = order[o];
            coordinateCol.putDouble(o * IndexColumns.COORDINATE_BYTES + IndexColumns.LON_OFFSET, lon[i]);
            coordinateCol.putDouble(o * IndexColumns.COORDINATE_BYTES + IndexColumns.LAT_OFFSET, lat[i]);
            idCol.putLong(o * Long.BYTES, ids[i]);
        }
        long base = 0;
        long max = 0;
        for (int r = 0; r < runs; r++) {
            base = r == 0 ? runFirst[r] : Math.min(base, runFirst[r]);
            max = r == 0 ? runLast[r] : Math.max(max, runLast[r]);
        }
        int stride = max - base <= Integer.MAX_VALUE ? IndexColumns.NARROW_RUN : IndexColumns.WIDE_RUN;
        if ((long) runs * stride > MAX_COLUMN_BYTES) {
            throw new IllegalStateException(runs + " footage runs spanning buckets " + base + ".." + max
                + " exceed one buffer; use a larger bucket size");
        }
        UnsafeBuffer runCol = allocate((long) runs * stride);
        for (int r = 0; r < runs; r++) {
            if (stride == IndexColumns.NARROW_RUN) {
                runCol.putInt(r * stride, (int) (runFirst[r] - base));
                runCol.putInt(r * stride + Integer.BYTES, (int) (runLast[r] - base));
            } else {
                runCol.putLong(r * stride, runFirst[r] - base);
                runCol.putLong(r * stride + Long.BYTES, runLast[r] - base);
            }
        }
        progress.onProgress("layout", n, n);
        long slotBuckets = Math.max(1, (max - base) / IndexColumns.SLOTS + 1);
        UnsafeBuffer cameraCol = allocate((long) (n + 1) * IndexColumns.CAMERA_BYTES);
        for (int o = 0; o < n; o++) {
            int i = order[o];
            int row = o * IndexColumns.CAMERA_BYTES;
            int attr = classOf[retentionDays[i]]
                | ((flags[i] & FLAG_OPTED_OUT) != 0 ? IndexColumns.ATTR_OPTED_OUT : 0)
                | ((flags[i] & FLAG_E2EE) != 0 ? IndexColumns.ATTR_E2EE : 0);
            for (int w = 0; w < IndexColumns.MASK_WORDS; w++) {
                cameraCol.putLong(row + IndexColumns.MASK_OFFSET + w * Long.BYTES,
                    slotMask(offsets[o], offsets[o + 1], runFirst, runLast, base, slotBuckets, w));
            }
            cameraCol.putInt(row + IndexColumns.FIRST_RUN_OFFSET, offsets[o]);
            cameraCol.putShort(row + IndexColumns.ATTRS_OFFSET, (short) attr);
        }
        cameraCol.putInt(n * IndexColumns.CAMERA_BYTES + IndexColumns.FIRST_RUN_OFFSET, offsets[n]);
        return new IndexColumns(bucketMillis, n, runs, retentionValues,
            coordinateCol, cameraCol, idCol, base, stride, runCol, slotBuckets);
    }

    /**
     * @param from first run
     * @param to end of the runs, exclusive
     * @param runFirst first bucket per run, absolute
     * @param runLast last bucket per run, absolute
     * @param base the bucket the mask's slots start at
     * @param slotBuckets buckets per slot
     * @param word which long of the mask
     * @return word {@code word} of the footage slot mask of the runs {@code [from, to)}, bounds absolute
     */
    public static long slotMask(int from, int to, long[] runFirst, long[] runLast, long base, long slotBuckets, int word) {
        long mask = 0;
        for (int r = from; r < to; r++) {
            mask |= IndexColumns.runSlots(runFirst[r] - base, runLast[r] - base, slotBuckets, word);
        }
        return mask;
    }

    /**
     * Groups intervals by camera ordinal and merges each camera's intervals into sorted runs,
     * joining overlapping and adjacent ones.
     *
     * @return the number of runs written to the front of {@code runFirst}/{@code runLast}
     */
    static int groupAndMerge(int n, int[] ordinalOf, FootageBlocks footage, int[] offsets, long[] runFirst, long[] runLast) {
        int m = footage.size();
        int[] start = new int[n + 1];
        for (int i = 0; i < m; i++) {
            start[ordinalOf[footage.camera(i)] + 1]++;
        }
        for (int o = 0; o < n; o++) {
            start[o + 1] += start[o];
        }
        int[] fill = Arrays.copyOf(start, n);
        for (int i = 0; i < m; i++) {
            int p = fill[ordinalOf[footage.camera(i)]]++;
            runFirst[p] = footage.firstBucket(i);
            runLast[p] = footage.lastBucket(i);
        }
        int w = 0;
        for (int o = 0; o < n; o++) {
            offsets[o] = w;
            int a = start[o];
            int b = start[o + 1];
            if (a == b) {
                continue;
            }
            Arrays.sort(runFirst, a, b);
            Arrays.sort(runLast, a, b);
            long groupFirst = runFirst[a];
            for (int i = a; i < b; i++) {
                if (i + 1 == b || runFirst[i + 1] > runLast[i] + 1) {
                    long last = runLast[i];
                    long nextFirst = i + 1 < b ? runFirst[i + 1] : 0;
                    runFirst[w] = groupFirst;
                    runLast[w] = last;
                    w++;
                    groupFirst = nextFirst;
                }
            }
        }
        offsets[n] = w;
        return w;
    }

    /**
     * A stable LSD radix sort of non-negative 62-bit keys.
     *
     * @param keys the keys, not modified
     * @return the indexes of {@code keys} in ascending key order (ties in index order)
     */
    public static int[] sortedOrder(long[] keys) {
        int n = keys.length;
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        if (n < 2) {
            return idx;
        }
        long[] k = keys.clone();
        long[] k2 = new long[n];
        int[] idx2 = new int[n];
        int[] count = new int[1 << RADIX_BITS];
        int mask = (1 << RADIX_BITS) - 1;
        for (int shift = 0; shift < Long.SIZE; shift += RADIX_BITS) {
            Arrays.fill(count, 0);
            for (int i = 0; i < n; i++) {
                count[(int) (k[i] >>> shift) & mask]++;
            }
            if (count[(int) (k[0] >>> shift) & mask] == n) {
                continue;
            }
            for (int d = 0, sum = 0; d < count.length; d++) {
                int c = count[d];
                count[d] = sum;
                sum += c;
            }
            for (int i = 0; i < n; i++) {
                int p = count[(int) (k[i] >>> shift) & mask]++;
                k2[p] = k[i];
                idx2[p] = idx[i];
            }
            long[] tk = k;
            k = k2;
            k2 = tk;
            int[] ti = idx;
            idx = idx2;
            idx2 = ti;
        }
        return idx;
    }

    /**
     * @param bytes the column size, at most {@link #MAX_COLUMN_BYTES}
     * @return a zeroed, 64-byte aligned direct buffer of that size
     */
    public static UnsafeBuffer allocate(long bytes) {
        if (bytes > MAX_COLUMN_BYTES) {
            throw new IllegalStateException("column of " + bytes + " bytes exceeds one buffer");
        }
        return new UnsafeBuffer(BufferUtil.allocateDirectAligned((int) Math.max(bytes, 0), ALIGNMENT));
    }
}
