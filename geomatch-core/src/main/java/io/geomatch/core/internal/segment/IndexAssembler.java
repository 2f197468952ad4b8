package io.geomatch.core.internal.segment;

import io.geomatch.core.internal.contract.CameraAttributes;
import io.geomatch.core.internal.contract.CameraView;
import io.geomatch.core.internal.spatial.MortonCode;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Turns the builder's arrays into sealed {@link IndexColumns}: computes Morton keys (in parallel),
 * radix-sorts cameras into key order (the keys are then dropped: the columns recompute them),
 * groups footage by camera ordinal, merges each camera's bucket intervals into disjoint runs, and
 * lays the result out through the {@link ColumnWriter}.
 *
 * <p>Merging uses the fact that the union of integer intervals can be read off their starts and
 * ends sorted independently: after the i-th smallest end there is a gap exactly when the
 * (i+1)-th smallest start lies beyond it.
 */
public final class IndexAssembler {
    private static final int RADIX_BITS = 16;

    /** Told about each phase of a build: {@code (phase, done, total)}. */
    @FunctionalInterface
    public interface Progress {
        /**
         * @param phase a short lower-case name such as {@code sort}
         * @param done units done in this phase
         * @param total units in this phase, or -1 when unknown
         */
        void onProgress(String phase, long done, long total);
    }

    private final long bucketMillis;
    private final Progress progress;

    /**
     * @param bucketMillis the bucket size the footage was bucketed with
     * @param progress told about each phase
     */
    public IndexAssembler(long bucketMillis, Progress progress) {
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
     * @param attributes retention and flags per camera, as {@link CameraAttributes} packs them
     * @param views the view of each camera, as {@code CameraView} packs it, or {@code CameraView.NONE}
     * @param footage the footage intervals, by camera insertion index
     * @return the sealed columns, off-heap
     * @throws IllegalStateException if the runs exceed one column
     */
    public IndexColumns assemble(int n, long[] ids, double[] lat, double[] lon, int[] attributes, long[] views, FootageBlocks footage) {
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
        boolean[] retentionInUse = ColumnWriter.noRetentions();
        int viewCount = 0;
        for (int i = 0; i < n; i++) {
            retentionInUse[CameraAttributes.retentionDays(attributes[i])] = true;
            viewCount += views[i] != CameraView.NONE ? 1 : 0;
        }

        int[] offsets = new int[n + 1];
        long[] runFirst = new long[m];
        long[] runLast = new long[m];
        int runs = groupAndMerge(n, ordinalOf, footage, offsets, runFirst, runLast);
        progress.onProgress("footage", m, m);

        long base = 0;
        long max = 0;
        for (int r = 0; r < runs; r++) {
            base = r == 0 ? runFirst[r] : Math.min(base, runFirst[r]);
            max = r == 0 ? runLast[r] : Math.max(max, runLast[r]);
        }
        int stride = ColumnWriter.runStride(max - base);
        if ((long) runs * stride > IndexColumns.MAX_COLUMN_BYTES) {
            throw new IllegalStateException(runs + " footage runs spanning buckets " + base + ".." + max
                + " exceed one buffer; use a larger bucket size");
        }
        // A built index never grows: its slots cover its runs and nothing more.
        ColumnWriter writer = new ColumnWriter(bucketMillis, n, runs, base, stride, ColumnWriter.slotBuckets(max - base, 0),
            retentionInUse, viewCount);
        for (int o = 0; o < n; o++) {
            int i = order[o];
            writer.camera(o, ids[i], lat[i], lon[i], attributes[i], views[i]);
            for (int r = offsets[o]; r < offsets[o + 1]; r++) {
                writer.run(runFirst[r], runLast[r]);
            }
        }
        IndexColumns columns = writer.finish();
        progress.onProgress("layout", n, n);
        return columns;
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
}
