package io.geomatch.core.internal.live;

import io.geomatch.core.internal.memory.MemoryBudget;
import io.geomatch.core.internal.memory.OffHeap;
import io.geomatch.core.internal.memory.Shared;
import io.geomatch.core.internal.segment.ColumnWriter;
import io.geomatch.core.internal.segment.IndexColumns;
import org.agrona.collections.Int2IntHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.List;

/**
 * A tier: the footage of one frozen delta, or of several adjacent tiers compacted into one, sealed
 * off-heap and keyed by camera key (the base ordinal, or the key the writer gave a camera the base
 * does not hold). A tier is what makes a merge cost the delta and not the base: freezing a delta
 * writes only the delta's footage, sorted by key, and the base stays as it is.
 *
 * <p>Layout, little-endian, each column a whole {@link OffHeap} allocation:
 * <ul>
 *   <li>{@code keys}: int per camera with footage here, ascending;</li>
 *   <li>{@code firstRun}: int per camera plus a sentinel: its runs are {@code [firstRun(i), firstRun(i+1))};</li>
 *   <li>{@code runs}: per run its first and last bucket, relative to {@link #minBucket()}, in the
 *       narrowest width that holds the tier's span, as a segment's runs are
 *       ({@link IndexColumns#runFirst(org.agrona.DirectBuffer, int, int)}): 4, 8 or 16 bytes.
 *       A camera's runs are sorted, disjoint and not adjacent.</li>
 * </ul>
 * 8 bytes per camera and 4 per run (8 or 16 for wide spans). The tier covers delta generations
 * {@code [genLo, genHi]}: a camera deleted at generation {@code g} has no footage here from
 * generations before {@code g} (the freeze or compaction that saw the delete dropped it), and
 * readers skip a tier whose {@code genHi} is below a camera's reset generation. Its bucket bounds
 * let a query skip it whole when the window misses them, which is the common case for streaming
 * footage and windows in the past.
 *
 * <p>Immutable; safe to read from any number of threads while its {@link #memory()} is held.
 */
public final class FootageTier {
    /** Cameras per sorted group in the radix sort of keys. */
    private static final int RADIX_BITS = 16;

    private final int genLo;
    private final int genHi;
    private final int level;
    private final int keyCount;
    private final int runCount;
    private final long baseBucket;
    private final int stride;
    private final long minBucket;
    private final long maxBucket;
    private final UnsafeBuffer keys;
    private final UnsafeBuffer firstRuns;
    private final UnsafeBuffer runs;
    private final long bytes;
    private final Shared memory;

    private FootageTier(int genLo, int genHi, int level, int keyCount, int runCount, long baseBucket, int stride, long minBucket,
                        long maxBucket, UnsafeBuffer keys, UnsafeBuffer firstRuns, UnsafeBuffer runs) {
        this.genLo = genLo;
        this.genHi = genHi;
        this.level = level;
        this.keyCount = keyCount;
        this.runCount = runCount;
        this.baseBucket = baseBucket;
        this.stride = stride;
        this.minBucket = minBucket;
        this.maxBucket = maxBucket;
        this.keys = keys;
        this.firstRuns = firstRuns;
        this.runs = runs;
        this.bytes = (long) keys.capacity() + firstRuns.capacity() + runs.capacity();
        this.memory = new Shared("a footage tier of generations " + genLo + ".." + genHi, () -> {
            OffHeap.free(keys);
            OffHeap.free(firstRuns);
            OffHeap.free(runs);
        });
        memory.whenUnreachable(this);
    }

    // ---------------------------------------------------------------- reading

    /** @return the holders of this tier's memory; the creator holds it once */
    public Shared memory() {
        return memory;
    }

    /** @return the first delta generation folded in */
    public int genLo() {
        return genLo;
    }

    /** @return the last delta generation folded in */
    public int genHi() {
        return genHi;
    }

    /** @return 0 for a frozen delta, one more than its inputs' for a compaction */
    public int level() {
        return level;
    }

    /** @return cameras with footage here */
    public int keyCount() {
        return keyCount;
    }

    /** @return runs held */
    public int runCount() {
        return runCount;
    }

    /** @return off-heap bytes */
    public long bytes() {
        return bytes;
    }

    /** @return the first bucket of any run, absolute */
    public long minBucket() {
        return minBucket;
    }

    /** @return the last bucket of any run, absolute */
    public long maxBucket() {
        return maxBucket;
    }

    /**
     * @param firstBucket first bucket, absolute
     * @param lastBucket last bucket, absolute
     * @return whether some run here may meet the range: {@code false} lets a query skip the tier
     */
    public boolean mayMeet(long firstBucket, long lastBucket) {
        return firstBucket <= maxBucket && lastBucket >= minBucket;
    }

    /**
     * @param i a position, {@code 0..keyCount()-1}
     * @return the key there
     */
    int keyAt(int i) {
        return keys.getInt(i * Integer.BYTES);
    }

    /**
     * @param i a position, {@code 0..keyCount()}
     * @return the first run of the camera there (the sentinel holds {@link #runCount()})
     */
    int firstRun(int i) {
        return firstRuns.getInt(i * Integer.BYTES);
    }

    /**
     * @param run a run
     * @return its first bucket, absolute
     */
    long runFirst(int run) {
        return baseBucket + IndexColumns.runFirst(runs, stride, run);
    }

    /**
     * @param run a run
     * @return its last bucket, absolute
     */
    long runLast(int run) {
        return baseBucket + IndexColumns.runLast(runs, stride, run);
    }

    /**
     * @param key a camera key
     * @return its position, or {@code -1} if it has no footage here
     */
    int find(int key) {
        int lo = 0;
        int hi = keyCount - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int k = keyAt(mid);
            if (k < key) {
                lo = mid + 1;
            } else if (k > key) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /**
     * @param from a position to start at, {@code 0..keyCount()}
     * @param key a camera key, not below the key before {@code from}
     * @return the first position at or after {@code from} whose key is at least {@code key}
     */
    int seek(int from, int key) {
        int lo = from;
        int step = 1;
        // Gallop, then binary search: keys asked in ascending order cost little each.
        int hi = from;
        while (hi < keyCount && keyAt(hi) < key) {
            lo = hi + 1;
            hi = from + step;
            step <<= 1;
        }
        hi = Math.min(hi, keyCount);
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (keyAt(mid) < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Whether a camera's footage here meets a bucket range.
     *
     * @param key the camera's key
     * @param firstBucket first bucket, absolute
     * @param lastBucket last bucket, absolute
     * @return whether some run of it meets {@code [firstBucket, lastBucket]}
     */
    public boolean meets(int key, long firstBucket, long lastBucket) {
        if (!mayMeet(firstBucket, lastBucket) || firstBucket > lastBucket) {
            return false;
        }
        int i = find(key);
        if (i < 0) {
            return false;
        }
        int a = firstRun(i);
        int lo = a;
        int hi = firstRun(i + 1);
        // The last run starting at or before lastBucket has the largest end among those that may meet it.
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (runFirst(mid) <= lastBucket) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo > a && runLast(lo - 1) >= firstBucket;
    }

    /**
     * Adds a camera's runs here to a pair list.
     *
     * @param position its position, from {@link #find} or {@link #seek}
     * @param pairs the list's array
     * @param k pairs in use
     * @return the array (grown if needed); the new count is {@code k} plus the camera's runs
     */
    long[] addRuns(int position, long[] pairs, int k) {
        for (int r = firstRun(position), end = firstRun(position + 1); r < end; r++) {
            pairs = RunLists.put(pairs, k++, runFirst(r), runLast(r));
        }
        return pairs;
    }

    /**
     * @param position a position
     * @return how many runs the camera there has
     */
    int runsAt(int position) {
        return firstRun(position + 1) - firstRun(position);
    }

    @Override
    public String toString() {
        return "FootageTier{gens=" + genLo + ".." + genHi + ", level=" + level + ", cameras=" + keyCount + ", runs=" + runCount
            + ", buckets=" + minBucket + ".." + maxBucket + "}";
    }

    // ---------------------------------------------------------------- writing

    /** @return the most off-heap bytes one footage row of a delta can take in a tier: a wide run and a camera entry */
    static long bytesPerRow() {
        return IndexColumns.WIDE_RUN + 2L * Integer.BYTES;
    }

    /**
     * Freezes a published prefix of a delta into a tier: each camera's footage rows that still
     * belong to it (from its newest version's first row on; none for a deleted camera), sorted,
     * clipped to the horizon and coalesced into runs.
     *
     * @param delta the delta
     * @param slots the prefix's slot count
     * @param versions the prefix's version count
     * @param footageRows the prefix's footage count
     * @param horizonBucket buckets before it are dropped ({@link SegmentMerger#NO_HORIZON}: none)
     * @param budget reserved before the tier is allocated
     * @return the tier, or {@code null} if no footage remains
     * @throws MemoryBudgetException if the tier does not fit the budget
     */
    static FootageTier freeze(Delta delta, int slots, int versions, int footageRows, long horizonBucket, MemoryBudget budget) {
        // Per slot, the first row that counts; Integer.MAX_VALUE for a deleted camera.
        int[] fromRow = new int[slots];
        for (int s = 0; s < slots; s++) {
            int v = delta.latestVersion(s, versions);
            if (v == Delta.NONE) {
                continue;
            }
            fromRow[s] = (delta.versionAttrs(v) & Delta.ATTR_DELETED) != 0 ? Integer.MAX_VALUE : Math.max(0, delta.versionFootageFrom(v));
        }
        int[] rows = new int[slots];
        for (int f = 0; f < footageRows; f++) {
            int s = delta.footageSlot(f);
            if (f >= fromRow[s] && delta.footageLast(f) >= horizonBucket) {
                rows[s]++;
            }
        }
        // Slots with rows, in key order.
        int groups = 0;
        for (int s = 0; s < slots; s++) {
            groups += rows[s] > 0 ? 1 : 0;
        }
        int[] order = new int[groups];
        int[] orderKeys = new int[groups];
        for (int s = 0, g = 0; s < slots; s++) {
            if (rows[s] > 0) {
                order[g] = s;
                orderKeys[g] = delta.slotKey(s);
                g++;
            }
        }
        sortByKey(order, orderKeys);
        int[] rank = new int[slots];
        int[] groupStart = new int[groups + 1];
        for (int g = 0; g < groups; g++) {
            rank[order[g]] = g;
            groupStart[g + 1] = groupStart[g] + rows[order[g]];
        }
        long[] pairs = new long[2 * groupStart[groups]];
        int[] fill = java.util.Arrays.copyOf(groupStart, groups);
        for (int f = 0; f < footageRows; f++) {
            int s = delta.footageSlot(f);
            if (f >= fromRow[s] && delta.footageLast(f) >= horizonBucket) {
                int p = fill[rank[s]]++;
                pairs[2 * p] = delta.footageFirst(f);
                pairs[2 * p + 1] = delta.footageLast(f);
            }
        }
        // Sort and coalesce each group in place, then lay the groups out.
        Writer out = new Writer(delta.gen(), delta.gen(), 0);
        long[] group = new long[32];
        for (int pass = 0; pass < 2; pass++) {
            for (int g = 0; g < groups; g++) {
                int k = groupStart[g + 1] - groupStart[g];
                if (group.length < 2 * k) {
                    group = new long[Math.max(2 * k, group.length * 2)];
                }
                System.arraycopy(pairs, 2 * groupStart[g], group, 0, 2 * k);
                RunLists.sort(group, k);
                int n = RunLists.coalesce(group, k, horizonBucket);
                out.camera(orderKeys[g], group, n);
            }
            if (pass == 0 && !out.allocate(budget)) {
                return null;
            }
        }
        return out.finish();
    }

    /**
     * Compacts adjacent tiers (oldest first) into one: per camera, the runs of every input whose
     * generations its last delete does not postdate, merged, clipped to the horizon.
     *
     * @param inputs the tiers, oldest first, their generations adjacent
     * @param resets per key of a camera deleted since the base, the generation of its last delete
     *     ({@link Integer#MAX_VALUE} if it is deleted now); keys without an entry were never deleted
     * @param horizonBucket buckets before it are dropped
     * @param budget reserved before the tier is allocated
     * @return the tier, or {@code null} if no footage remains
     * @throws MemoryBudgetException if the tier does not fit the budget
     */
    static FootageTier compact(List<FootageTier> inputs, Int2IntHashMap resets, long horizonBucket, MemoryBudget budget) {
        int k = inputs.size();
        int level = 0;
        for (int t = 0; t < k; t++) {
            level = Math.max(level, inputs.get(t).level + 1);
            assert t == 0 || inputs.get(t).genLo == inputs.get(t - 1).genHi + 1 : "adjacent generations";
        }
        Writer out = new Writer(inputs.get(0).genLo, inputs.get(k - 1).genHi, level);
        long[] group = new long[32];
        int[] at = new int[k];
        for (int pass = 0; pass < 2; pass++) {
            java.util.Arrays.fill(at, 0);
            while (true) {
                int key = Integer.MAX_VALUE;
                boolean any = false;
                for (int t = 0; t < k; t++) {
                    FootageTier in = inputs.get(t);
                    if (at[t] < in.keyCount) {
                        key = Math.min(key, in.keyAt(at[t]));
                        any = true;
                    }
                }
                if (!any) {
                    break;
                }
                int reset = resets.get(key);
                int n = 0;
                for (int t = 0; t < k; t++) {
                    FootageTier in = inputs.get(t);
                    if (at[t] < in.keyCount && in.keyAt(at[t]) == key) {
                        if (reset == resets.missingValue() || in.genHi >= reset) {
                            group = in.addRuns(at[t], group, n);
                            n += in.runsAt(at[t]);
                        }
                        at[t]++;
                    }
                }
                RunLists.sort(group, n);
                out.camera(key, group, RunLists.coalesce(group, n, horizonBucket));
            }
            if (pass == 0 && !out.allocate(budget)) {
                return null;
            }
        }
        return out.finish();
    }

    /** Sorts {@code order} by {@code keys} (non-negative ints), both in step: a radix sort in two passes. */
    static void sortByKey(int[] order, int[] keys) {
        int n = order.length;
        int[] o2 = new int[n];
        int[] k2 = new int[n];
        int[] count = new int[(1 << RADIX_BITS) + 1];
        for (int shift = 0; shift < Integer.SIZE; shift += RADIX_BITS) {
            java.util.Arrays.fill(count, 0);
            for (int i = 0; i < n; i++) {
                count[((keys[i] >>> shift) & ((1 << RADIX_BITS) - 1)) + 1]++;
            }
            for (int b = 0; b < 1 << RADIX_BITS; b++) {
                count[b + 1] += count[b];
            }
            for (int i = 0; i < n; i++) {
                int p = count[(keys[i] >>> shift) & ((1 << RADIX_BITS) - 1)]++;
                o2[p] = order[i];
                k2[p] = keys[i];
            }
            System.arraycopy(o2, 0, order, 0, n);
            System.arraycopy(k2, 0, keys, 0, n);
        }
    }

    /**
     * Lays out a tier in two passes over the same cameras in ascending key order: the first counts
     * and finds the bucket span, {@link #allocate} sizes the columns, the second writes them.
     */
    private static final class Writer {
        final int genLo;
        final int genHi;
        final int level;
        int keys;
        int runs;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        boolean writing;
        int stride;
        UnsafeBuffer keyColumn;
        UnsafeBuffer firstRunColumn;
        UnsafeBuffer runColumn;
        int key;
        int run;
        long reserved;
        MemoryBudget budget;

        Writer(int genLo, int genHi, int level) {
            this.genLo = genLo;
            this.genHi = genHi;
            this.level = level;
        }

        void camera(int cameraKey, long[] pairs, int n) {
            if (n == 0) {
                return;
            }
            if (!writing) {
                keys++;
                runs += n;
                min = Math.min(min, pairs[0]);
                max = Math.max(max, pairs[2 * n - 1]);
                return;
            }
            assert key == 0 || keyColumn.getInt((key - 1) * Integer.BYTES) < cameraKey : "keys ascend";
            keyColumn.putInt(key * Integer.BYTES, cameraKey);
            firstRunColumn.putInt(key * Integer.BYTES, run);
            key++;
            for (int i = 0; i < n; i++) {
                long first = pairs[2 * i] - min;
                long last = pairs[2 * i + 1] - min;
                IndexColumns.putRun(runColumn, stride, run, first, last);
                run++;
            }
        }

        /** @return whether there is anything to write; the columns are then allocated */
        boolean allocate(MemoryBudget b) {
            if (runs == 0) {
                return false;
            }
            stride = ColumnWriter.runStride(max - min);
            if ((long) runs * stride > OffHeap.MAX_BYTES) {
                throw new IllegalStateException(runs + " footage runs exceed one tier");
            }
            long need = 4L * keys + 4L * (keys + 1) + (long) runs * stride + 3L * OffHeap.ALIGNMENT;
            if (!b.tryReserve(need)) {
                throw new MemoryBudgetException("a footage tier of " + need + " bytes does not fit the memory budget: "
                    + b.usedBytes() + " of " + b.maxBytes() + " bytes in use");
            }
            budget = b;
            reserved = need;
            try {
                keyColumn = OffHeap.allocate(4L * keys);
                firstRunColumn = OffHeap.allocate(4L * (keys + 1));
                runColumn = OffHeap.allocate((long) runs * stride);
            } catch (RuntimeException | Error e) {
                OffHeap.free(keyColumn);
                OffHeap.free(firstRunColumn);
                b.release(need);
                throw e;
            }
            writing = true;
            return true;
        }

        FootageTier finish() {
            assert key == keys && run == runs;
            firstRunColumn.putInt(keys * Integer.BYTES, runs);
            FootageTier tier = new FootageTier(genLo, genHi, level, keys, runs, min, stride, min, max, keyColumn, firstRunColumn,
                runColumn);
            // The reservation becomes the tier's count until its memory is freed.
            budget.track(tier.memory(), reserved, true);
            return tier;
        }
    }
}
