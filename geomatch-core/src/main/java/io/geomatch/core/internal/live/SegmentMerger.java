package io.geomatch.core.internal.live;

import io.geomatch.core.internal.memory.MemoryBudget;
import io.geomatch.core.internal.memory.OffHeap;
import io.geomatch.core.internal.spatial.MortonCode;
import io.geomatch.core.internal.contract.CameraAttributes;
import io.geomatch.core.internal.contract.CameraView;
import io.geomatch.core.internal.segment.ColumnWriter;
import io.geomatch.core.internal.segment.IndexAssembler;
import io.geomatch.core.internal.segment.IndexColumns;

/**
 * A full merge: folds a base, its footage tiers and a published prefix of its {@link Delta} into
 * a new sealed segment: one sequential pass over the base in key order, with the delta's new and
 * moved cameras (sorted by key) merged in, and each changed camera's footage (delta rows, tier
 * runs from its reset generation on) merged with its stored runs. Its cost is the whole base; the
 * merges a live index runs as footage streams in are freezes into tiers ({@link FootageTier}),
 * which cost the delta, and full merges run when they are asked for or camera changes pile up.
 *
 * <p>Footage that no camera can retain any more is dropped on the way: every bucket before the
 * <em>horizon</em>, the first bucket still retained at the index clock by the longest retention
 * allowed. Queries at or after the clock cannot tell the difference. Unchanged cameras copy
 * their runs as they are (shifted to the new base bucket, the first one clipped to the horizon);
 * only changed cameras sort and merge intervals. Reads the base and the delta prefix only, so it
 * runs on any thread while the writer goes on appending.
 */
public final class SegmentMerger {
    /** No horizon: keep every bucket. */
    public static final long NO_HORIZON = Long.MIN_VALUE;

    /**
     * A merged segment and the bytes reserved for it in the budget.
     *
     * @param columns the new sealed columns, off-heap
     * @param reservedBytes what the budget counts for them until they are freed
     */
    public record Output(IndexColumns columns, long reservedBytes) {
    }

    private SegmentMerger() {
    }

    /**
     * @param base the sealed base
     * @param tiers its footage tiers, oldest first
     * @param delta its delta
     * @param slots the prefix's slot count
     * @param versions the prefix's version count
     * @param footageRows the prefix's footage count
     * @param horizonBucket absolute buckets before this one are dropped; {@link #NO_HORIZON} keeps all
     * @param budget reserved before the columns are allocated
     * @return the new sealed columns, off-heap, and their reservation
     * @throws IllegalStateException if the result exceeds what one segment can hold
     * @throws MemoryBudgetException if it does not fit the budget
     */
    public static Output merge(IndexColumns base, FootageTier[] tiers, Delta delta, int slots, int versions, int footageRows,
                               long horizonBucket, MemoryBudget budget) {
        int baseCount = base.cameraCount();
        long base0 = base.baseBucket();

        // Cameras whose newest version is an upsert enter in key order; base cameras with a version leave.
        int[] upSlot = new int[slots];
        int[] upVersion = new int[slots];
        boolean[] versioned = new boolean[slots];
        int ups = 0;
        for (int s = 0; s < slots; s++) {
            int v = delta.latestVersion(s, versions);
            versioned[s] = v != Delta.NONE;
            if (v != Delta.NONE && (delta.versionAttrs(v) & Delta.ATTR_DELETED) == 0) {
                upSlot[ups] = s;
                upVersion[ups] = v;
                ups++;
            }
        }
        long[] upKeys = new long[ups];
        for (int i = 0; i < ups; i++) {
            upKeys[i] = MortonCode.keyOf(delta.versionLat(upVersion[i]), delta.versionLon(upVersion[i]));
        }
        int[] upOrder = IndexAssembler.sortedOrder(upKeys);

        long outCap = (long) baseCount + ups;
        if (outCap > IndexColumns.MAX_CAMERAS) {
            throw new IllegalStateException("merging would give " + outCap + " cameras, more than one segment holds ("
                + IndexColumns.MAX_CAMERAS + ")");
        }
        // source[o] >= 0: a base ordinal; < 0: -(i + 1) for the i-th upsert in key order.
        int[] source = new int[(int) outCap];
        int n = 0;
        int u = 0;
        for (int o = 0; o < baseCount; o++) {
            int s = delta.slotOfOrdinal(o, slots);
            if (s != Delta.NONE && versioned[s]) {
                continue;
            }
            long key = base.key(o);
            while (u < ups && upKeys[upOrder[u]] < key) {
                source[n++] = -(u + 1);
                u++;
            }
            source[n++] = o;
        }
        while (u < ups) {
            source[n++] = -(u + 1);
            u++;
        }

        // Pass 1: runs per camera, the bucket span, and the retention values in use.
        int[] runCount = new int[n];
        long total = 0;
        long[] span = {Long.MAX_VALUE, Long.MIN_VALUE};
        boolean[] retentionSeen = ColumnWriter.noRetentions();
        long[] scratch = new long[16];
        // Changed cameras are visited in output order; rank their slots so, and group the footage by rank.
        // slotAt[o]: the delta slot of output camera o, or NONE for a base camera the delta never touched.
        int[] slotAt = new int[n];
        int[] rank = new int[slots];
        java.util.Arrays.fill(rank, -1);
        int ranked = 0;
        for (int o = 0; o < n; o++) {
            int src = source[o];
            int slot = src >= 0 ? delta.slotOfOrdinal(src, slots) : upSlot[upOrder[-src - 1]];
            slotAt[o] = slot;
            if (slot != Delta.NONE) {
                rank[slot] = ranked++;
            }
        }
        Changed changed = new Changed(delta, slots, footageRows, rank, ranked, tiers);
        // Whether an output camera is a base camera no change touched (no delta row, no tier run): copied as it is.
        boolean[] plain = new boolean[n];
        int views = 0;
        for (int o = 0; o < n; o++) {
            int src = source[o];
            views += (src >= 0 ? base.view(src) : delta.versionView(upVersion[upOrder[-src - 1]])) != CameraView.NONE ? 1 : 0;
            if (src >= 0) {
                retentionSeen[CameraAttributes.retentionDays(base.cameraAttributes(src))] = true;
                plain[o] = slotAt[o] == Delta.NONE && !changed.inTiers(src);
                if (plain[o]) {
                    int end = base.firstRun(src + 1);
                    int first = firstKept(base, src, horizonBucket);
                    runCount[o] = end - first;
                    if (first < end) {
                        span[0] = Math.min(span[0], Math.max(base.runFirst(first) + base0, horizonBucket));
                        span[1] = Math.max(span[1], base.runLast(end - 1) + base0);
                    }
                    total += runCount[o];
                    continue;
                }
            } else {
                retentionSeen[CameraAttributes.retentionDays(delta.versionAttrs(upVersion[upOrder[-src - 1]]))] = true;
            }
            scratch = changed.gather(delta, src, slotAt[o], src >= 0 ? Delta.NONE : upVersion[upOrder[-src - 1]], scratch);
            runCount[o] = changed.merge(base, scratch, horizonBucket, null, false, span);
            total += runCount[o];
        }
        changed.rewind();
        if (total > IndexColumns.MAX_RUNS) {
            throw new IllegalStateException("merging would give " + total + " footage runs, more than one segment holds ("
                + IndexColumns.MAX_RUNS + ")");
        }
        int runs = (int) total;
        long minBucket = span[0];
        long maxBucket = span[1];
        // Keep the base's bucket origin and slot width while the footage fits them: unchanged cameras
        // then copy their runs and masks as they are. Otherwise lay out afresh, with a quarter of room to grow.
        boolean keep = base.runCount() > 0 && runs > 0 && minBucket >= base0
            && maxBucket - base0 < IndexColumns.SLOTS * base.slotBuckets()
            && ColumnWriter.holds(base.runStride(), maxBucket - base0);
        long newBase = keep ? base0 : runs == 0 ? 0 : minBucket;
        long width = runs == 0 ? 0 : maxBucket - newBase;
        // Runs as wide as the slots' room to grow, so that the footage that fits the slots also fits the runs.
        int stride = keep ? base.runStride() : ColumnWriter.runStride(width + width / 4);
        if ((long) runs * stride > IndexColumns.MAX_COLUMN_BYTES) {
            throw new IllegalStateException(runs + " footage runs spanning " + width + " buckets exceed one segment; use a larger bucket size");
        }
        long slotBuckets = keep ? base.slotBuckets() : ColumnWriter.slotBuckets(width, width / 4);

        // Pass 2: lay out the columns, once the budget has room for them.
        long bytes = (long) n * IndexColumns.COORDINATE_BYTES + (long) n * Long.BYTES + (n + 1L) * IndexColumns.CAMERA_BYTES
            + (long) runs * stride + (long) views * IndexColumns.VIEW_BYTES + 5L * OffHeap.ALIGNMENT;
        if (!budget.tryReserve(bytes)) {
            throw new MemoryBudgetException("a merged base of " + bytes + " bytes does not fit the memory budget: "
                + budget.usedBytes() + " of " + budget.maxBytes() + " bytes in use");
        }
        try {
            return new Output(write(base, delta, horizonBucket, n, runs, newBase, stride, slotBuckets, retentionSeen, views, source, upOrder,
                upSlot, upVersion, runCount, plain, slotAt, changed, keep, scratch), bytes);
        } catch (RuntimeException | Error e) {
            budget.release(bytes);
            throw e;
        }
    }

    private static IndexColumns write(IndexColumns base, Delta delta, long horizonBucket, int n, int runs, long newBase, int stride,
                                      long slotBuckets, boolean[] retentionSeen, int views, int[] source, int[] upOrder, int[] upSlot,
                                      int[] upVersion, int[] runCount, boolean[] plain, int[] slotAt, Changed changed, boolean keep,
                                      long[] scratch) {
        long base0 = base.baseBucket();
        ColumnWriter out = new ColumnWriter(base.bucketMillis(), n, runs, newBase, stride, slotBuckets, retentionSeen, views);
        for (int o = 0; o < n; o++) {
            int src = source[o];
            if (src >= 0) {
                out.copyCamera(o, base, src);
            } else {
                int i = upOrder[-src - 1];
                int v = upVersion[i];
                out.camera(o, delta.slotId(upSlot[i]), delta.versionLat(v), delta.versionLon(v), delta.versionAttrs(v), delta.versionView(v));
            }
            int count = runCount[o];
            if (plain[o]) {
                int from = base.firstRun(src + 1) - count;
                boolean whole = from == base.firstRun(src) && (count == 0 || base.runFirst(from) + base0 >= horizonBucket);
                if (keep && whole) {
                    // Unchanged camera, unchanged layout: its runs and mask are copied byte for byte.
                    out.copyRuns(base, from, count, base.slotMask(src, 0), base.slotMask(src, 1));
                } else {
                    for (int r = 0; r < count; r++) {
                        out.run(Math.max(base.runFirst(from + r) + base0, horizonBucket), base.runLast(from + r) + base0);
                    }
                }
            } else {
                scratch = changed.gather(delta, src, slotAt[o], src >= 0 ? Delta.NONE : upVersion[upOrder[-src - 1]], scratch);
                int written = changed.merge(base, scratch, horizonBucket, out, keep, null);
                assert written == count;
            }
        }
        return out.finish();
    }

    /**
     * One changed camera's footage: its stored runs (unless a delete reset them) merged with the
     * delta's intervals and its tier runs, sorted by start. Reused from camera to camera.
     */
    private static final class Changed {
        final FootageTier[] tiers;
        /** Per tier, the position of the next base camera's key: base cameras come in ascending order. */
        final int[] cursor;
        /** The delta's footage rows grouped by slot, in row order within a slot: one sequential pass instead of chasing chains. */
        final int[] groupStart;
        final long[] groupFirst;
        final long[] groupLast;
        final int[] groupRow;
        int baseOrdinal;
        int pairs;

        final int[] rank;

        /** Slots that leave no camera (deleted ones) have rank -1: their rows are left out. */
        Changed(Delta delta, int slots, int footageRows, int[] rank, int ranked, FootageTier[] tiers) {
            this.rank = rank;
            this.tiers = tiers;
            this.cursor = new int[tiers.length];
            groupStart = new int[ranked + 1];
            int[] rows = new int[ranked];
            int kept = 0;
            for (int f = 0; f < footageRows; f++) {
                int r = rank[delta.footageSlot(f)];
                if (r >= 0) {
                    rows[r]++;
                    kept++;
                }
            }
            for (int r = 0; r < ranked; r++) {
                groupStart[r + 1] = groupStart[r] + rows[r];
            }
            int[] fill = java.util.Arrays.copyOf(groupStart, ranked);
            groupFirst = new long[kept];
            groupLast = new long[kept];
            groupRow = new int[kept];
            for (int f = 0; f < footageRows; f++) {
                int r = rank[delta.footageSlot(f)];
                if (r < 0) {
                    continue;
                }
                int p = fill[r]++;
                groupFirst[p] = delta.footageFirst(f);
                groupLast[p] = delta.footageLast(f);
                groupRow[p] = f;
            }
        }

        /** Starts the next pass over the cameras: the tier cursors go back to the first key. */
        void rewind() {
            java.util.Arrays.fill(cursor, 0);
        }

        /**
         * @param ordinal a base camera, asked in ascending order within a pass
         * @return whether some tier holds runs of it
         */
        boolean inTiers(int ordinal) {
            boolean found = false;
            for (int t = 0; t < tiers.length; t++) {
                int at = tiers[t].seek(cursor[t], ordinal);
                cursor[t] = at;
                found |= at < tiers[t].keyCount() && tiers[t].keyAt(at) == ordinal;
            }
            return found;
        }

        /**
         * Collects a changed camera's delta intervals and tier runs, sorted, into the returned array,
         * and remembers whose stored runs count: its own for a base camera, the moved camera's unless
         * a delete reset them.
         *
         * @param src the output camera's source (base ordinal, or negative for an upsert)
         * @param slot its delta slot, or {@link Delta#NONE}
         * @param version its newest version for an upsert, else {@link Delta#NONE}
         */
        long[] gather(Delta delta, int src, int slot, int version, long[] scratch) {
            int footageFrom = version == Delta.NONE ? Delta.NONE : delta.versionFootageFrom(version);
            int resetGen = version == Delta.NONE ? Delta.NONE : delta.versionResetGen(version);
            baseOrdinal = src >= 0 ? src : resetGen == Delta.NONE ? delta.slotOrdinal(slot) : Delta.NONE;
            int k = 0;
            if (slot != Delta.NONE) {
                int g = rank[slot];
                for (int p = groupStart[g], end = groupStart[g + 1]; p < end; p++) {
                    if (groupRow[p] >= footageFrom) {
                        scratch = RunLists.put(scratch, k++, groupFirst[p], groupLast[p]);
                    }
                }
            }
            int key = src >= 0 ? src : delta.slotKey(slot);
            for (int t = 0; t < tiers.length; t++) {
                FootageTier tier = tiers[t];
                if (tier.genHi() < resetGen) {
                    continue;
                }
                int at;
                if (src >= 0) {
                    at = tier.seek(cursor[t], key);
                    cursor[t] = at;
                } else {
                    at = tier.find(key);
                }
                if (at >= 0 && at < tier.keyCount() && tier.keyAt(at) == key) {
                    scratch = tier.addRuns(at, scratch, k);
                    k += tier.runsAt(at);
                }
            }
            RunLists.sort(scratch, k);
            pairs = k;
            return scratch;
        }

        /**
         * Merges the stored runs with the gathered intervals, clipped to the horizon, joining
         * overlapping and adjacent ones: writes them to {@code out} if it is not null, else widens
         * {@code span} ({first, last} bucket) by them.
         *
         * @param sameLayout whether {@code out} has the base's bucket origin, run width and slot width
         * @return how many runs result
         */
        int merge(IndexColumns base, long[] sorted, long horizonBucket, ColumnWriter out, boolean sameLayout, long[] span) {
            long base0 = base.baseBucket();
            int r = baseOrdinal == Delta.NONE ? 0 : base.firstRun(baseOrdinal);
            int rEnd = baseOrdinal == Delta.NONE ? 0 : base.firstRun(baseOrdinal + 1);
            int j = 0;
            int count = 0;
            if (r < rEnd && pairs > 0 && base.runFirst(r) + base0 >= horizonBucket && sorted[0] > base.runLast(rEnd - 1) + base0 + 1) {
                // Streaming footage: everything new lies after the stored runs, which stay as they are.
                count = rEnd - r;
                if (out == null) {
                    span[0] = Math.min(span[0], base.runFirst(r) + base0);
                    span[1] = Math.max(span[1], base.runLast(rEnd - 1) + base0);
                } else if (sameLayout) {
                    out.copyRuns(base, r, count, base.slotMask(baseOrdinal, 0), base.slotMask(baseOrdinal, 1));
                } else {
                    for (int k = 0; k < count; k++) {
                        out.run(base.runFirst(r + k) + base0, base.runLast(r + k) + base0);
                    }
                }
                r = rEnd;
            }
            long curFirst = 0;
            long curLast = Long.MIN_VALUE;
            boolean open = false;
            while (r < rEnd || j < pairs) {
                long first;
                long last;
                if (j >= pairs || (r < rEnd && base.runFirst(r) + base0 <= sorted[2 * j])) {
                    first = base.runFirst(r) + base0;
                    last = base.runLast(r) + base0;
                    r++;
                } else {
                    first = sorted[2 * j];
                    last = sorted[2 * j + 1];
                    j++;
                }
                first = Math.max(first, horizonBucket);
                if (first > last) {
                    continue;
                }
                if (open && first <= curLast + 1) {
                    curLast = Math.max(curLast, last);
                    continue;
                }
                if (open) {
                    emit(out, curFirst, curLast, span);
                    count++;
                }
                curFirst = first;
                curLast = last;
                open = true;
            }
            if (open) {
                emit(out, curFirst, curLast, span);
                count++;
            }
            return count;
        }

        private static void emit(ColumnWriter out, long first, long last, long[] span) {
            if (out == null) {
                span[0] = Math.min(span[0], first);
                span[1] = Math.max(span[1], last);
            } else {
                out.run(first, last);
            }
        }
    }

    /** @return the first run of a base camera that ends at or after the horizon */
    private static int firstKept(IndexColumns base, int ordinal, long horizonBucket) {
        int lo = base.firstRun(ordinal);
        int hi = base.firstRun(ordinal + 1);
        if (horizonBucket == NO_HORIZON) {
            return lo;
        }
        long horizon = horizonBucket - base.baseBucket();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (base.runLast(mid) < horizon) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
