package io.geomatch.core.live;

import io.geomatch.core.spatial.MortonCode;
import io.geomatch.core.store.IndexAssembler;
import io.geomatch.core.store.IndexColumns;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * Folds a published prefix of a {@link Delta} into its base and writes a new sealed segment:
 * one sequential pass over the base in key order, with the delta's new and moved cameras
 * (sorted by key) merged in, and each changed camera's footage merged with its stored runs.
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

    private SegmentMerger() {
    }

    /**
     * @param base the sealed base
     * @param delta its delta
     * @param slots the prefix's slot count
     * @param versions the prefix's version count
     * @param footageRows the prefix's footage count
     * @param horizonBucket absolute buckets before this one are dropped; {@link #NO_HORIZON} keeps all
     * @return the new sealed columns, off-heap
     * @throws IllegalStateException if the result exceeds what one segment can hold
     */
    public static IndexColumns merge(IndexColumns base, Delta delta, int slots, int versions, int footageRows, long horizonBucket) {
        int baseCount = base.cameraCount();
        long base0 = base.baseBucket();

        // Cameras whose newest version is an upsert enter in key order; base cameras with a version leave.
        int[] upSlot = new int[slots];
        int[] upVersion = new int[slots];
        int ups = 0;
        for (int s = 0; s < slots; s++) {
            int v = delta.latestVersion(s, versions);
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
        if (outCap > IndexAssembler.MAX_CAMERAS) {
            throw new IllegalStateException("merging would give " + outCap + " cameras, more than one segment holds ("
                + IndexAssembler.MAX_CAMERAS + ")");
        }
        // source[o] >= 0: a base ordinal; < 0: -(i + 1) for the i-th upsert in key order.
        int[] source = new int[(int) outCap];
        int n = 0;
        int u = 0;
        for (int o = 0; o < baseCount; o++) {
            int s = delta.slotOfOrdinal(o, slots);
            if (s != Delta.NONE && delta.latestVersion(s, versions) != Delta.NONE) {
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
        long[] changedRuns = new long[64];
        int changedLongs = 0;
        long total = 0;
        long minBucket = Long.MAX_VALUE;
        long maxBucket = Long.MIN_VALUE;
        boolean[] retentionSeen = new boolean[IndexColumns.CLASS_MASK + 1];
        long[] scratch = new long[16];
        for (int o = 0; o < n; o++) {
            int src = source[o];
            int slot;
            int footageFrom;
            int baseOrdinal;
            if (src >= 0) {
                retentionSeen[base.retentionDays()[base.attrs(src) & IndexColumns.CLASS_MASK]] = true;
                slot = delta.slotOfOrdinal(src, slots);
                footageFrom = Delta.NONE;
                baseOrdinal = src;
                if (slot == Delta.NONE) {
                    int end = base.firstRun(src + 1);
                    int first = firstKept(base, src, horizonBucket);
                    runCount[o] = end - first;
                    if (first < end) {
                        minBucket = Math.min(minBucket, Math.max(base.runFirst(first) + base0, horizonBucket));
                        maxBucket = Math.max(maxBucket, base.runLast(end - 1) + base0);
                    }
                    total += runCount[o];
                    continue;
                }
            } else {
                int i = upOrder[-src - 1];
                int v = upVersion[i];
                slot = upSlot[i];
                retentionSeen[delta.versionAttrs(v) & Delta.ATTR_RETENTION_MASK] = true;
                footageFrom = delta.versionFootageFrom(v);
                baseOrdinal = footageFrom == Delta.NONE ? delta.slotOrdinal(slot) : Delta.NONE;
            }
            // A changed camera: gather stored and appended intervals, clip, sort and merge.
            int k = 0;
            if (baseOrdinal != Delta.NONE) {
                for (int r = base.firstRun(baseOrdinal), end = base.firstRun(baseOrdinal + 1); r < end; r++) {
                    scratch = put(scratch, k++, base.runFirst(r) + base0, base.runLast(r) + base0);
                }
            }
            int f = delta.footageHead(slot);
            while (f >= footageRows) {
                f = delta.footagePrevious(f);
            }
            for (; f >= 0 && f >= footageFrom; f = delta.footagePrevious(f)) {
                scratch = put(scratch, k++, delta.footageFirst(f), delta.footageLast(f));
            }
            int merged = mergeIntervals(scratch, k, horizonBucket);
            runCount[o] = merged;
            total += merged;
            if (changedRuns.length < changedLongs + 2L * merged) {
                changedRuns = Arrays.copyOf(changedRuns, (int) Math.min(Integer.MAX_VALUE - 16,
                    Math.max(changedRuns.length * 2L, changedLongs + 2L * merged)));
            }
            System.arraycopy(scratch, 0, changedRuns, changedLongs, 2 * merged);
            changedLongs += 2 * merged;
            if (merged > 0) {
                minBucket = Math.min(minBucket, scratch[0]);
                maxBucket = Math.max(maxBucket, scratch[2 * merged - 1]);
            }
        }
        if (total > IndexAssembler.MAX_FOOTAGE) {
            throw new IllegalStateException("merging would give " + total + " footage runs, more than one segment holds ("
                + IndexAssembler.MAX_FOOTAGE + ")");
        }
        int runs = (int) total;
        long newBase = runs == 0 ? 0 : minBucket;
        long span = runs == 0 ? 0 : maxBucket - minBucket;
        int stride = span <= Integer.MAX_VALUE ? IndexColumns.NARROW_RUN : IndexColumns.WIDE_RUN;
        if ((long) runs * stride > IndexAssembler.MAX_COLUMN_BYTES) {
            throw new IllegalStateException(runs + " footage runs spanning " + span + " buckets exceed one segment; use a larger bucket size");
        }
        long slotBuckets = Math.max(1, span / IndexColumns.SLOTS + 1);
        int classes = 0;
        int[] classOf = new int[retentionSeen.length];
        for (int d = 0; d < retentionSeen.length; d++) {
            if (retentionSeen[d]) {
                classOf[d] = classes++;
            }
        }
        int[] retentionValues = new int[classes];
        for (int d = 0, c = 0; d < retentionSeen.length; d++) {
            if (retentionSeen[d]) {
                retentionValues[c++] = d;
            }
        }

        // Pass 2: lay out the columns.
        UnsafeBuffer coordinates = IndexAssembler.allocate((long) n * IndexColumns.COORDINATE_BYTES);
        UnsafeBuffer ids = IndexAssembler.allocate((long) n * Long.BYTES);
        UnsafeBuffer cameras = IndexAssembler.allocate((long) (n + 1) * IndexColumns.CAMERA_BYTES);
        UnsafeBuffer runColumn = IndexAssembler.allocate((long) runs * stride);
        int run = 0;
        int changedAt = 0;
        for (int o = 0; o < n; o++) {
            int src = source[o];
            double lat;
            double lon;
            long id;
            int attr;
            boolean copied;
            if (src >= 0) {
                lat = base.latDegrees(src);
                lon = base.lonDegrees(src);
                id = base.ids().getLong(src * Long.BYTES);
                int a = base.attrs(src);
                attr = classOf[base.retentionDays()[a & IndexColumns.CLASS_MASK]] | (a & IndexColumns.ATTR_INELIGIBLE);
                copied = delta.slotOfOrdinal(src, slots) == Delta.NONE;
            } else {
                int i = upOrder[-src - 1];
                int v = upVersion[i];
                lat = delta.versionLat(v);
                lon = delta.versionLon(v);
                id = delta.slotId(upSlot[i]);
                int a = delta.versionAttrs(v);
                attr = classOf[a & Delta.ATTR_RETENTION_MASK]
                    | ((a & Delta.ATTR_OPTED_OUT) != 0 ? IndexColumns.ATTR_OPTED_OUT : 0)
                    | ((a & Delta.ATTR_E2EE) != 0 ? IndexColumns.ATTR_E2EE : 0);
                copied = false;
            }
            coordinates.putDouble(o * IndexColumns.COORDINATE_BYTES + IndexColumns.LON_OFFSET, lon);
            coordinates.putDouble(o * IndexColumns.COORDINATE_BYTES + IndexColumns.LAT_OFFSET, lat);
            ids.putLong(o * Long.BYTES, id);
            int row = o * IndexColumns.CAMERA_BYTES;
            cameras.putInt(row + IndexColumns.FIRST_RUN_OFFSET, run);
            cameras.putShort(row + IndexColumns.ATTRS_OFFSET, (short) attr);
            long mask0 = 0;
            long mask1 = 0;
            int from = copied ? firstKept(base, src, horizonBucket) : 0;
            for (int r = 0; r < runCount[o]; r++) {
                long first;
                long last;
                if (copied) {
                    first = Math.max(base.runFirst(from + r) + base0, horizonBucket);
                    last = base.runLast(from + r) + base0;
                } else {
                    first = changedRuns[changedAt++];
                    last = changedRuns[changedAt++];
                }
                long f = first - newBase;
                long l = last - newBase;
                if (stride == IndexColumns.NARROW_RUN) {
                    runColumn.putInt(run * stride, (int) f);
                    runColumn.putInt(run * stride + Integer.BYTES, (int) l);
                } else {
                    runColumn.putLong(run * stride, f);
                    runColumn.putLong(run * stride + Long.BYTES, l);
                }
                mask0 |= IndexColumns.runSlots(f, l, slotBuckets, 0);
                mask1 |= IndexColumns.runSlots(f, l, slotBuckets, 1);
                run++;
            }
            cameras.putLong(row + IndexColumns.MASK_OFFSET, mask0);
            cameras.putLong(row + IndexColumns.MASK_OFFSET + Long.BYTES, mask1);
        }
        assert run == runs && changedAt == changedLongs;
        cameras.putInt(n * IndexColumns.CAMERA_BYTES + IndexColumns.FIRST_RUN_OFFSET, runs);
        return new IndexColumns(base.bucketMillis(), n, runs, retentionValues, coordinates, cameras, ids,
            newBase, stride, runColumn, slotBuckets);
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

    private static long[] put(long[] pairs, int k, long first, long last) {
        if (pairs.length < 2 * k + 2) {
            pairs = Arrays.copyOf(pairs, Math.max(16, pairs.length * 2));
        }
        pairs[2 * k] = first;
        pairs[2 * k + 1] = last;
        return pairs;
    }

    /**
     * Clips intervals to the horizon, sorts them and joins overlapping and adjacent ones, in place.
     *
     * @return how many disjoint runs are now at the front of {@code pairs}
     */
    static int mergeIntervals(long[] pairs, int k, long horizonBucket) {
        int kept = 0;
        for (int i = 0; i < k; i++) {
            long first = Math.max(pairs[2 * i], horizonBucket);
            long last = pairs[2 * i + 1];
            if (first <= last) {
                pairs[2 * kept] = first;
                pairs[2 * kept + 1] = last;
                kept++;
            }
        }
        sortPairs(pairs, kept);
        int w = 0;
        for (int i = 0; i < kept; i++) {
            long first = pairs[2 * i];
            long last = pairs[2 * i + 1];
            if (w > 0 && first <= pairs[2 * w - 1] + 1) {
                pairs[2 * w - 1] = Math.max(pairs[2 * w - 1], last);
            } else {
                pairs[2 * w] = first;
                pairs[2 * w + 1] = last;
                w++;
            }
        }
        return w;
    }

    /** Insertion sort by first bucket for short lists, else a sort of packed indexes. */
    private static void sortPairs(long[] pairs, int k) {
        if (k <= 32) {
            for (int i = 1; i < k; i++) {
                long first = pairs[2 * i];
                long last = pairs[2 * i + 1];
                int j = i;
                while (j > 0 && pairs[2 * j - 2] > first) {
                    pairs[2 * j] = pairs[2 * j - 2];
                    pairs[2 * j + 1] = pairs[2 * j - 1];
                    j--;
                }
                pairs[2 * j] = first;
                pairs[2 * j + 1] = last;
            }
            return;
        }
        Integer[] order = new Integer[k];
        for (int i = 0; i < k; i++) {
            order[i] = i;
        }
        long[] copy = Arrays.copyOf(pairs, 2 * k);
        Arrays.sort(order, (a, b) -> Long.compare(copy[2 * a], copy[2 * b]));
        for (int i = 0; i < k; i++) {
            pairs[2 * i] = copy[2 * order[i]];
            pairs[2 * i + 1] = copy[2 * order[i] + 1];
        }
    }
}
