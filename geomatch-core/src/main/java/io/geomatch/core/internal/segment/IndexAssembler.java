package io.geomatch.core.internal.segment;

import io.geomatch.core.InvalidInputException;
import io.geomatch.core.internal.contract.CameraAttributes;
import io.geomatch.core.internal.contract.CameraView;
import io.geomatch.core.internal.memory.OffHeap;
import io.geomatch.core.internal.spatial.MortonCode;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Turns the builder's arrays into sealed {@link IndexColumns}: computes Morton keys, radix-sorts
 * cameras into key order (the keys are then dropped: the columns recompute them), and writes the
 * columns in blocks of consecutive ordinals through the {@link ColumnWriter}, one block per task
 * on all cores: each camera's rows, and its bucket intervals merged into disjoint runs. A block's
 * runs are written from the count of intervals before it (an upper bound of the runs before it),
 * and moved down to follow the previous block's at the end; nothing is staged on the heap.
 *
 * <p>Merging uses the fact that the union of integer intervals can be read off their starts and
 * ends sorted independently: after the i-th smallest end there is a gap exactly when the
 * (i+1)-th smallest start lies beyond it. A camera's intervals are usually added in order, so
 * they are sorted only when a scan finds them out of order.
 *
 * <p>Every phase but the grouping of footage that was not added camera by camera uses all cores:
 * keys and blocks are independent, and the radix sort splits each pass's counting and scattering
 * into parts, which keeps it stable. A block visits its cameras in key order, so each camera's
 * values and intervals lie somewhere else in the builder's arrays: for every {@value #AHEAD}
 * cameras, one value of each is read first in a loop of independent loads, whose cache misses
 * overlap (in a harness at 10 M cameras, 18% less CPU per build). No id may be given to two
 * cameras, which a sorted copy of the ids shows, after the keys' sort and with its arrays, at less
 * cost than a lookup per camera as the builder is fed. The columns are allocated after that, the
 * runs column (the largest) on a thread of its own beside the others: an allocation is mostly the
 * kernel faulting in fresh pages, one thread's work per allocation. The result does not depend on
 * the number of threads or on the block size.
 */
public final class IndexAssembler {
    private static final int RADIX_BITS = 16;
    /** Keys below which the sort runs on one thread. */
    private static final int PARALLEL_SORT_MIN = 1 << 16;
    /** Bytes of runs below which the runs column is allocated on the calling thread, not one of its own. */
    private static final long PARALLEL_ALLOCATION_MIN_BYTES = 1 << 20;
    /** Largest block of ordinals: one view block. */
    private static final int MAX_BLOCK_CAMERAS = IndexColumns.VIEW_BLOCK;
    /** Smallest block of ordinals. */
    private static final int MIN_BLOCK_CAMERAS = 16;
    /** Blocks aimed at per index, for an even load on the cores: the block size is the power of two below n / this. */
    private static final int BLOCKS_AIMED_AT = 64;
    /** Cameras whose rows and first intervals are read ahead together, a power of two. */
    private static final int AHEAD = 32;
    /** Where {@link #touchAhead}'s reads go, so that they are not dropped. */
    @SuppressWarnings("unused")
    private static volatile long sink;

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
    /** Cameras per block, a power of two, or 0 to choose by size. */
    private final int blockCameras;

    /**
     * @param bucketMillis the bucket size the footage was bucketed with
     * @param progress told about each phase
     */
    public IndexAssembler(long bucketMillis, Progress progress) {
        this(bucketMillis, progress, 0);
    }

    /**
     * @param bucketMillis the bucket size the footage was bucketed with
     * @param progress told about each phase
     * @param blockCameras cameras per block, a power of two, or 0 to choose by size
     */
    IndexAssembler(long bucketMillis, Progress progress, int blockCameras) {
        assert blockCameras >= 0 && Integer.bitCount(blockCameras) <= 1;
        this.bucketMillis = bucketMillis;
        this.progress = progress;
        this.blockCameras = blockCameras;
    }

    /**
     * @param n cameras
     * @return cameras per block for an index of {@code n}: a power of two from
     *     {@value #MIN_BLOCK_CAMERAS} to {@value #MAX_BLOCK_CAMERAS}, about {@code n / 64}
     */
    static int blockCamerasFor(int n) {
        return Math.max(MIN_BLOCK_CAMERAS, Math.min(MAX_BLOCK_CAMERAS, Integer.highestOneBit(Math.max(1, n / BLOCKS_AIMED_AT))));
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
     * @throws InvalidInputException for an id given to two cameras (before any column is allocated)
     * @throws IllegalStateException if the runs exceed one column
     */
    public IndexColumns assemble(int n, long[] ids, double[] lat, double[] lon, int[] attributes, long[] views, FootageBlocks footage) {
        int m = footage.size();
        boolean[] retentionInUse = ColumnWriter.noRetentions();
        int viewCount = 0;
        for (int i = 0; i < n; i++) {
            retentionInUse[CameraAttributes.retentionDays(attributes[i])] = true;
            viewCount += views[i] != CameraView.NONE ? 1 : 0;
        }
        long base = m == 0 ? 0 : footage.minBucket();
        long max = m == 0 ? 0 : footage.maxBucket();
        int stride = ColumnWriter.runStride(max - base);

        int[] order = sortedCheckingIds(n, ids, lat, lon);

        // The columns (room for every interval as a run; a built index never grows: its slots cover
        // its runs and nothing more), on two threads: the runs column, three quarters of the bytes,
        // on one of its own, the others on this one. An allocation is mostly the kernel faulting in
        // fresh pages, which two threads do faster than one; and it is done after the sort, not
        // beside it, because the JDK zeroes a direct buffer in one call that does not stop for a
        // safepoint: a collection's pause, or any other, called meanwhile holds every other thread
        // until it returns (at 10 M cameras, for up to 4 s).
        Supplier<UnsafeBuffer> allocateRuns = () -> ColumnWriter.allocateRuns(m, stride);
        CompletableFuture<UnsafeBuffer> runs = (long) m * stride < PARALLEL_ALLOCATION_MIN_BYTES
            ? CompletableFuture.completedFuture(allocateRuns.get())
            : CompletableFuture.supplyAsync(allocateRuns, task -> {
                Thread allocator = new Thread(task, "geomatch-build-columns");
                allocator.setDaemon(true);
                allocator.start();
            });
        ColumnWriter writer;
        try {
            writer = ColumnWriter.inBlocks(bucketMillis, n, base, stride, ColumnWriter.slotBuckets(max - base, 0), retentionInUse, m,
                viewCount, () -> await(runs));
        } catch (RuntimeException | Error e) {
            // The runs column, once allocated, would otherwise wait for the collector to be freed.
            runs.thenAccept(OffHeap::free);
            throw e;
        }
        progress.onProgress("columns", n, n);

        footage.groupByCamera(n);
        progress.onProgress("footage", m, m);

        int size = blockCameras > 0 ? blockCameras : blockCamerasFor(n);
        int blockCount = (int) ((n + (long) size - 1) / size);
        // Per block, the intervals (at least its runs) and views of its cameras: where its runs and views go.
        int[] runsBefore = new int[blockCount + 1];
        int[] viewsBefore = new int[blockCount + 1];
        IntStream.range(0, blockCount).parallel().forEach(k -> {
            int intervals = 0;
            int blockViews = 0;
            for (int o = k * size, hi = (int) Math.min((long) k * size + size, n); o < hi; o++) {
                int i = order[o];
                intervals += footage.countOf(i);
                blockViews += views[i] != CameraView.NONE ? 1 : 0;
            }
            runsBefore[k + 1] = intervals;
            viewsBefore[k + 1] = blockViews;
        });
        Arrays.parallelPrefix(runsBefore, Integer::sum);
        Arrays.parallelPrefix(viewsBefore, Integer::sum);
        assert viewsBefore[blockCount] == viewCount;
        ColumnWriter.Block[] blocks = new ColumnWriter.Block[blockCount];
        IntStream.range(0, blockCount).parallel().forEach(k -> {
            int lo = k * size;
            ColumnWriter.Block block = writer.block(lo, (int) Math.min((long) lo + size, n), runsBefore[k], viewsBefore[k]);
            writeBlock(block, lo, (int) Math.min((long) lo + size, n), order, ids, lat, lon, attributes, views, footage);
            blocks[k] = block;
        });
        IndexColumns columns = writer.finish(blocks);
        progress.onProgress("layout", n, n);
        return columns;
    }

    /**
     * Sorts the cameras by Morton key, then refuses an id given to two cameras, sorting a copy of
     * the ids in the key sort's arrays (which are dropped on return: the columns recompute keys).
     *
     * @return the insertion indexes of the cameras in key order
     * @throws InvalidInputException for an id given to two cameras
     */
    private int[] sortedCheckingIds(int n, long[] ids, double[] lat, double[] lon) {
        long[] keys = new long[n];
        long[] keyScratch = new long[n];
        int[] indexes = new int[n];
        int[] indexScratch = new int[n];
        IntStream.range(0, n).parallel().forEach(i -> keys[i] = MortonCode.keyOf(lat[i], lon[i]));
        progress.onProgress("keys", n, n);

        int parts = partsFor(n);
        int[] order = radixSort(keys, keyScratch, indexes, indexScratch, n, parts) ? indexScratch : indexes;
        progress.onProgress("sort", n, n);

        System.arraycopy(ids, 0, keys, 0, n);
        int[] twice = sameId(ids, radixSort(keys, keyScratch, null, null, n, parts) ? keyScratch : keys, n);
        if (twice != null) {
            throw new InvalidInputException("id", ids[twice[0]], "is a duplicate: cameras " + (twice[0] + 1L) + " and " + (twice[1] + 1L)
                + " as added have it, each camera id may appear once");
        }
        progress.onProgress("ids", n, n);
        return order;
    }

    /**
     * Finds the first camera, in the order they were added, whose id an earlier camera has: the
     * one the builder would have refused had it looked the id up when it was added.
     *
     * @param ids camera ids by insertion index
     * @param sorted the same ids in ascending (unsigned) order
     * @param n cameras
     * @return the insertion indexes of that earlier camera and of that camera, or {@code null}
     *     when every id is distinct
     */
    static int[] sameId(long[] ids, long[] sorted, int n) {
        LongHashSet repeated = new LongHashSet();
        for (int i = 1; i < n; i++) {
            if (sorted[i] == sorted[i - 1]) {
                repeated.add(sorted[i]);
            }
        }
        if (repeated.isEmpty()) {
            return null;
        }
        Long2LongHashMap firstAt = new Long2LongHashMap(-1);
        for (int k = 0; ; k++) {
            if (repeated.contains(ids[k])) {
                long first = firstAt.putIfAbsent(ids[k], k);
                if (first >= 0) {
                    return new int[] {(int) first, k};
                }
            }
        }
    }

    /** @return the runs column, or the allocation's own exception (an {@link OutOfMemoryError}, a column too large) */
    private static UnsafeBuffer await(CompletableFuture<UnsafeBuffer> allocation) {
        try {
            return allocation.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Writes the cameras at ordinals {@code [lo, hi)} and their merged runs into their block. */
    private static void writeBlock(ColumnWriter.Block block, int lo, int hi, int[] order, long[] ids, double[] lat, double[] lon,
                                   int[] attributes, long[] views, FootageBlocks footage) {
        int most = 0;
        for (int o = lo; o < hi; o++) {
            most = Math.max(most, footage.countOf(order[o]));
        }
        long[] first = new long[most];
        long[] last = new long[most];
        long touched = 0;
        for (int o = lo; o < hi; o++) {
            if (((o - lo) & (AHEAD - 1)) == 0) {
                touched += touchAhead(o, Math.min(hi, o + AHEAD), order, ids, lat, lon, attributes, views, footage);
            }
            int i = order[o];
            block.camera(o, ids[i], lat[i], lon[i], attributes[i], views[i]);
            int count = footage.countOf(i);
            int at = footage.firstOf(i);
            for (int k = 0; k < count; k++) {
                int interval = footage.intervalAt(at + k);
                first[k] = footage.firstBucket(interval);
                last[k] = footage.lastBucket(interval);
            }
            int runs = merge(first, last, count);
            for (int r = 0; r < runs; r++) {
                block.run(first[r], last[r]);
            }
        }
        block.end();
        sink = touched;
    }

    /**
     * Reads, for the cameras at ordinals {@code [lo, hi)}, one value of each of their rows and of
     * their first interval: loads that do not depend on each other, so that their cache misses
     * overlap, where the per-camera work that follows would take them one after another.
     *
     * @return a sum of what was read, so that the reads are not optimised away
     */
    private static long touchAhead(int lo, int hi, int[] order, long[] ids, double[] lat, double[] lon, int[] attributes, long[] views,
                                   FootageBlocks footage) {
        long sum = 0;
        for (int o = lo; o < hi; o++) {
            int i = order[o];
            sum += ids[i] + Double.doubleToRawLongBits(lat[i]) + Double.doubleToRawLongBits(lon[i]) + attributes[i] + views[i]
                + footage.countOf(i) + footage.firstOf(i);
        }
        for (int o = lo; o < hi; o++) {
            int i = order[o];
            if (footage.countOf(i) > 0) {
                int interval = footage.intervalAt(footage.firstOf(i));
                sum += footage.firstBucket(interval) + footage.lastBucket(interval);
            }
        }
        return sum;
    }

    /**
     * Merges inclusive intervals into sorted, disjoint, non-adjacent runs, in place.
     *
     * @param first the intervals' first buckets, in {@code [0, count)}; the runs' on return
     * @param last their last buckets; the runs' on return
     * @param count intervals
     * @return the number of runs at the front of {@code first} and {@code last}
     */
    static int merge(long[] first, long[] last, int count) {
        if (count == 0) {
            return 0;
        }
        sortIfNeeded(first, count);
        sortIfNeeded(last, count);
        int w = 0;
        long groupFirst = first[0];
        for (int i = 0; i < count; i++) {
            if (i + 1 == count || first[i + 1] > last[i] + 1) {
                long end = last[i];
                long nextFirst = i + 1 < count ? first[i + 1] : 0;
                first[w] = groupFirst;
                last[w] = end;
                w++;
                groupFirst = nextFirst;
            }
        }
        return w;
    }

    private static void sortIfNeeded(long[] values, int count) {
        for (int i = 1; i < count; i++) {
            if (values[i] < values[i - 1]) {
                Arrays.sort(values, 0, count);
                return;
            }
        }
    }

    /**
     * A stable LSD radix sort of non-negative 62-bit keys, on all cores for large inputs.
     *
     * @param keys the keys, not modified
     * @return the indexes of {@code keys} in ascending key order (ties in index order)
     */
    public static int[] sortedOrder(long[] keys) {
        return sortedOrder(keys, partsFor(keys.length));
    }

    /**
     * The same sort, each pass's counting and scattering split into {@code parts} consecutive
     * ranges handled in parallel; the result does not depend on {@code parts}.
     *
     * @param keys the keys, not modified
     * @param parts ranges per pass, at least 1
     * @return the indexes of {@code keys} in ascending key order (ties in index order)
     */
    static int[] sortedOrder(long[] keys, int parts) {
        int n = keys.length;
        int[] idx = new int[n];
        int[] idx2 = new int[n];
        return radixSort(keys.clone(), new long[n], idx, idx2, n, parts) ? idx2 : idx;
    }

    /** @return ranges per radix pass for {@code n} keys: one below {@link #PARALLEL_SORT_MIN}, else one per core */
    private static int partsFor(int n) {
        return n < PARALLEL_SORT_MIN ? 1 : Runtime.getRuntime().availableProcessors();
    }

    /**
     * A stable LSD radix sort of {@code keys[0, n)} as unsigned 64-bit values, in 16-bit digits
     * (a pass whose digit is the same in every key is skipped), carrying their indexes if given:
     * the sort of the cameras by key and of the ids, in the same arrays, which the caller
     * allocates (the sort itself allocates only its digit counts, 256 KB per part). Each pass
     * moves the keys between the two arrays; which one holds the result is returned.
     *
     * @param keys the keys; overwritten
     * @param keyScratch room for {@code n} keys; overwritten
     * @param indexes set to {@code 0..n-1}, then moved with the keys; or {@code null} to sort the keys alone
     * @param indexScratch room for {@code n} indexes, or {@code null} with {@code indexes}
     * @param n keys
     * @param parts ranges each pass's counting and scattering is split into, handled in parallel, at least 1
     * @return {@code false} when the sorted keys, and the indexes in their order, are in {@code keys}
     *     and {@code indexes}; {@code true} when they are in the scratch arrays
     */
    static boolean radixSort(long[] keys, long[] keyScratch, int[] indexes, int[] indexScratch, int n, int parts) {
        if (indexes != null) {
            for (int i = 0; i < n; i++) {
                indexes[i] = i;
            }
        }
        if (n < 2) {
            return false;
        }
        int p = Math.max(1, Math.min(parts, n));
        int digits = 1 << RADIX_BITS;
        int mask = digits - 1;
        int[][] count = new int[p][digits];
        int[] from = new int[p + 1];
        for (int t = 0; t <= p; t++) {
            from[t] = (int) ((long) n * t / p);
        }
        boolean inScratch = false;
        for (int shift = 0; shift < Long.SIZE; shift += RADIX_BITS) {
            int s = shift;
            long[] src = inScratch ? keyScratch : keys;
            long[] dst = inScratch ? keys : keyScratch;
            int[] srcIdx = inScratch ? indexScratch : indexes;
            int[] dstIdx = inScratch ? indexes : indexScratch;
            IntStream.range(0, p).parallel().forEach(t -> {
                int[] c = count[t];
                Arrays.fill(c, 0);
                for (int i = from[t], end = from[t + 1]; i < end; i++) {
                    c[(int) (src[i] >>> s) & mask]++;
                }
            });
            int firstDigit = (int) (src[0] >>> s) & mask;
            int inFirst = 0;
            for (int t = 0; t < p; t++) {
                inFirst += count[t][firstDigit];
            }
            if (inFirst == n) {
                continue;
            }
            // Digit-major, part-minor offsets: part t's keys of a digit follow part t-1's, so the sort stays stable.
            for (int d = 0, sum = 0; d < digits; d++) {
                for (int t = 0; t < p; t++) {
                    int c = count[t][d];
                    count[t][d] = sum;
                    sum += c;
                }
            }
            IntStream.range(0, p).parallel().forEach(t -> {
                int[] c = count[t];
                if (srcIdx == null) {
                    for (int i = from[t], end = from[t + 1]; i < end; i++) {
                        dst[c[(int) (src[i] >>> s) & mask]++] = src[i];
                    }
                } else {
                    for (int i = from[t], end = from[t + 1]; i < end; i++) {
                        int at = c[(int) (src[i] >>> s) & mask]++;
                        dst[at] = src[i];
                        dstIdx[at] = srcIdx[i];
                    }
                }
            });
            inScratch = !inScratch;
        }
        return inScratch;
    }
}
