package io.geomatch.core.internal.query;

import io.geomatch.core.internal.contract.TimeBuckets;
import io.geomatch.core.internal.segment.IndexColumns;
import org.agrona.DirectBuffer;
import org.agrona.UnsafeAccess;

import java.lang.ref.Reference;

/**
 * The footage pass of a query: decides which spatial candidates are eligible and hold retained
 * footage in the window, in ordinal order, into the result.
 *
 * <p>Per query and retention class, {@link #prepare} sets the first retained bucket of the window
 * and two 128-bit masks of footage slots (wholly inside the retained window, touched by it). A
 * candidate's own slot mask then decides most candidates: a footage slot wholly inside is a
 * match, none in a touched slot is a miss ({@link #rowVerdict}). The rest go into the result as
 * pending, and {@link #searchPending} binary-searches their merged bucket runs, all together at
 * the end, after one read per cache line of all their runs: those reads do not depend on each
 * other, so their misses overlap. Without an overlay the loop over candidates has no branch on a
 * camera's verdict: every candidate is written to the result and to the pending list, and each
 * list's length grows by 0 or 1. Bucket numbers are relative to the index's base bucket.
 * Immutable; safe for concurrent queries, each with its own scratch and result.
 */
final class FootagePass {
    /** Verdicts of {@link #rowVerdict}. Bit 0: the camera goes into the result; bit 1: its runs must still be searched. */
    private static final int NO_MATCH = 0;
    private static final int MATCH = 1;
    private static final int SEARCH_RUNS = 3;
    /** Bytes per cache line. */
    private static final int LINE_BYTES = 64;
    /** The runs read ahead of a pending search lie in at most this many cache lines from the camera's first. */
    private static final int MAX_TOUCHED_LINES = 8;

    private final IndexColumns columns;
    private final long bucketMillis;
    /** Slot mask, first run and attributes per ordinal, {@link IndexColumns#CAMERA_BYTES} each. */
    private final DirectBuffer cameras;
    private final long baseBucket;
    private final long slotBuckets;
    /** Buckets covered by the 128 footage slots. */
    private final long slotSpan;
    private final int[] retentionDays;
    /** Runs per cache line (a run is 4, 8 or 16 bytes). */
    private final int runsPerLine;
    /**
     * {@link #cameras} for the branch-free loop, which checks its whole range once and then reads
     * through {@link UnsafeAccess} unchecked: the backing array ({@code null} off-heap) and address.
     */
    private final byte[] cameraArray;
    private final long cameraAddress;

    FootagePass(IndexColumns columns) {
        this.columns = columns;
        this.bucketMillis = columns.bucketMillis();
        this.cameras = columns.cameras();
        this.baseBucket = columns.baseBucket();
        this.slotBuckets = columns.slotBuckets();
        this.slotSpan = slotBuckets * IndexColumns.SLOTS;
        this.retentionDays = columns.retentionDays();
        this.runsPerLine = LINE_BYTES / columns.runStride();
        this.cameraArray = cameras.byteArray();
        this.cameraAddress = cameras.addressOffset();
    }

    /** @return the retention classes of the index */
    int retentionClasses() {
        return retentionDays.length;
    }

    /**
     * Sets the per-class tables of a window.
     *
     * @return the window's last bucket, relative
     */
    long prepare(long fromMillis, long toMillis, long nowMillis, QueryScratch s) {
        long firstBucket = TimeBuckets.firstBucket(fromMillis, bucketMillis) - baseBucket;
        long lastBucket = TimeBuckets.lastBucket(toMillis, bucketMillis) - baseBucket;
        long[] retainedFrom = s.retainedFromBucket;
        for (int c = 0; c < retentionDays.length; c++) {
            long oldest = TimeBuckets.firstRetainedBucket(nowMillis, retentionDays[c], bucketMillis) - baseBucket;
            retainedFrom[c] = Math.max(firstBucket, oldest);
            slotMasks(retainedFrom[c], lastBucket, s, c);
        }
        return lastBucket;
    }

    /**
     * For one retention class, the footage slots that lie wholly inside {@code [lo, hi]} (any footage
     * there matches) and all slots that meet it (footage elsewhere cannot match).
     */
    private void slotMasks(long lo, long hi, QueryScratch s, int c) {
        assert IndexColumns.MASK_WORDS == 2;
        if (lo > hi || hi < 0 || lo >= slotSpan) {
            s.fullSlots[2 * c] = 0;
            s.fullSlots[2 * c + 1] = 0;
            s.touchedSlots[2 * c] = 0;
            s.touchedSlots[2 * c + 1] = 0;
            return;
        }
        int first = (int) (Math.max(lo, 0) / slotBuckets);
        int last = (int) (Math.min(hi, slotSpan - 1) / slotBuckets);
        int firstFull = lo <= (long) first * slotBuckets ? first : first + 1;
        int lastFull = hi >= (long) (last + 1) * slotBuckets - 1 ? last : last - 1;
        for (int w = 0; w < IndexColumns.MASK_WORDS; w++) {
            s.touchedSlots[2 * c + w] = IndexColumns.slotRange(first, last, w);
            s.fullSlots[2 * c + w] = firstFull <= lastFull ? IndexColumns.slotRange(firstFull, lastFull, w) : 0;
        }
    }

    /**
     * The footage check of every spatial candidate from this index's rows alone ({@link #rowVerdict}):
     * each candidate is written to the result and to the pending list, and the two counts advance
     * by the bits of its verdict, so the loop does not branch on them.
     */
    void sealedPass(QueryScratch s, MatchResult r) {
        int[] spans = s.spans();
        int spanInts = s.spanInts();
        int candidates = 0;
        for (int i = 0; i < spanInts; i += 2) {
            candidates += spans[i + 1] - spans[i];
        }
        r.reserve(candidates);
        s.reservePending(candidates);
        if (spanInts > 0) {
            // Every candidate lies in [spans[0], spans[spanInts - 1]): one check for all the unchecked reads below.
            cameras.boundsCheck(spans[0] * IndexColumns.CAMERA_BYTES, (spans[spanInts - 1] - spans[0]) * IndexColumns.CAMERA_BYTES);
        }
        byte[] array = cameraArray;
        long address = cameraAddress;
        int[] ordinals = r.ordinalArray();
        int[] pending = s.pending();
        int[] pendingAt = s.pendingAtArray();
        long[] full = s.fullSlots;
        long[] touched = s.touchedSlots;
        int size = r.ordinalCount();
        int pendingCount = s.pendingCount();
        for (int i = 0; i < spanInts; i += 2) {
            for (int o = spans[i], end = spans[i + 1]; o < end; o++) {
                long row = address + (long) o * IndexColumns.CAMERA_BYTES;
                int attr = UnsafeAccess.UNSAFE.getShort(array, row + IndexColumns.ATTRS_OFFSET);
                long mask0 = UnsafeAccess.UNSAFE.getLong(array, row + IndexColumns.MASK_OFFSET);
                long mask1 = UnsafeAccess.UNSAFE.getLong(array, row + IndexColumns.MASK_OFFSET + Long.BYTES);
                int verdict = rowVerdict(attr, mask0, mask1, full, touched);
                ordinals[size] = o;
                pending[pendingCount] = o;
                pendingAt[pendingCount] = size;
                size += verdict & 1;
                pendingCount += verdict >>> 1;
            }
        }
        r.setSize(size);
        s.setPendingCount(pendingCount);
        Reference.reachabilityFence(cameras);
    }

    /**
     * The footage check with an overlay of changes: a camera the overlay knows about is decided by
     * it, every other one by its row.
     */
    void overlayPass(QueryScratch s, MatchResult r, Overlay overlay, long lastBucket) {
        int[] spans = s.spans();
        int spanInts = s.spanInts();
        for (int i = 0; i < spanInts; i += 2) {
            for (int o = spans[i], end = spans[i + 1]; o < end; o++) {
                int slot = overlay.changedSlot(o);
                int verdict = slot >= 0 ? (overlay.matchesChanged(o, slot, s, lastBucket) ? MATCH : NO_MATCH) : sealedVerdict(o, s);
                if (verdict == MATCH) {
                    r.add(o);
                } else if (verdict == SEARCH_RUNS) {
                    s.addPending(o, r.ordinalCount());
                    r.add(o);
                }
            }
        }
    }

    /**
     * Decides the cameras whose slot masks could not, by searching their runs: first one read per
     * cache line of every pending camera's runs (independent loads, whose misses overlap), then
     * the searches, which then hit the cache; then drops the rejected ones from the result.
     */
    void searchPending(QueryScratch s, MatchResult r, long lastBucket) {
        int count = s.pendingCount();
        if (count == 0) {
            return;
        }
        int[] pending = s.pending();
        long touched = 0;
        int step = runsPerLine;
        for (int i = 0; i < count; i++) {
            int o = pending[i];
            int end = Math.min(columns.firstRun(o + 1), columns.firstRun(o) + MAX_TOUCHED_LINES * step);
            for (int run = columns.firstRun(o); run < end; run += step) {
                touched += columns.runFirst(run);
            }
        }
        s.touched = touched;
        int[] ordinals = r.ordinalArray();
        for (int i = 0; i < count; i++) {
            if (!pendingRunsMeet(pending[i], s, lastBucket)) {
                s.reject(i, ordinals);
            }
        }
        int rejected = s.rejectedCount();
        if (rejected > 0) {
            int size = r.ordinalCount();
            int kept = s.pendingAtArray()[0];
            for (int i = kept; i < size; i++) {
                if (ordinals[i] != QueryScratch.REJECTED) {
                    ordinals[kept++] = ordinals[i];
                }
            }
            r.setSize(size - rejected);
        }
        s.clearPending();
    }

    /**
     * {@link #rowVerdict} of a camera's row: flags, then the slot mask against the query's
     * per-class tables of slots wholly inside the window and slots it touches.
     */
    private int sealedVerdict(int ordinal, QueryScratch s) {
        int row = ordinal * IndexColumns.CAMERA_BYTES;
        return rowVerdict(cameras.getShort(row + IndexColumns.ATTRS_OFFSET), cameras.getLong(row + IndexColumns.MASK_OFFSET),
            cameras.getLong(row + IndexColumns.MASK_OFFSET + Long.BYTES), s.fullSlots, s.touchedSlots);
    }

    /**
     * The verdict of a camera row, without a branch: {@link #NO_MATCH} if either ineligibility flag
     * is set or its slot mask meets no slot the window touches, {@link #MATCH} if it meets a slot
     * wholly inside the window, else {@link #SEARCH_RUNS}.
     *
     * @param attr the row's attributes (flags and retention class)
     * @param full per class, the two words of the slots wholly inside the window
     * @param touched per class, the two words of the slots the window touches
     */
    private static int rowVerdict(int attr, long mask0, long mask1, long[] full, long[] touched) {
        int c = (attr & IndexColumns.CLASS_MASK) << 1;
        // 1 if neither flag is set (the flags are bits of a 16-bit value), else 0.
        int eligible = ((attr & IndexColumns.ATTR_INELIGIBLE) - 1) >>> 31;
        int inFull = nonZero((mask0 & full[c]) | (mask1 & full[c + 1]));
        int inTouched = touchesWindow(attr, mask0, mask1, touched);
        // MATCH (1) when in a full slot; SEARCH_RUNS (3) when only in touched ones.
        return eligible & (inFull | inTouched) | (eligible & (inFull ^ 1) & inTouched) << 1;
    }

    /**
     * @param attr a row's attributes
     * @param mask0 its slot mask's first word
     * @param mask1 its second word
     * @param touched per class, the two words of the slots the window touches ({@link #prepare})
     * @return 1 if the row's footage meets a slot the window touches, else 0 (then the camera holds
     *     no footage in the window, unless an overlay says otherwise), without a branch
     */
    static int touchesWindow(int attr, long mask0, long mask1, long[] touched) {
        int c = (attr & IndexColumns.CLASS_MASK) << 1;
        return nonZero((mask0 & touched[c]) | (mask1 & touched[c + 1]));
    }

    /** @return 1 if {@code x} is not zero, else 0, without a branch */
    private static int nonZero(long x) {
        return (int) ((x | -x) >>> 63);
    }

    /**
     * Eligibility and footage from this index's own columns alone: is some bucket in
     * {@code [retainedFrom[class], lastBucket]} held? The row decides most cameras; the rest
     * search their runs.
     */
    boolean sealedHasFootage(int ordinal, QueryScratch s, long lastBucket) {
        int verdict = sealedVerdict(ordinal, s);
        return verdict == MATCH || verdict == SEARCH_RUNS && pendingRunsMeet(ordinal, s, lastBucket);
    }

    /** @return whether a camera whose verdict was {@link #SEARCH_RUNS} has a run in its class's retained window */
    private boolean pendingRunsMeet(int ordinal, QueryScratch s, long lastBucket) {
        int c = cameras.getShort(ordinal * IndexColumns.CAMERA_BYTES + IndexColumns.ATTRS_OFFSET) & IndexColumns.CLASS_MASK;
        return runsMeet(columns.firstRun(ordinal), columns.firstRun(ordinal + 1), s.retainedFromBucket[c], lastBucket);
    }

    /**
     * Whether a camera's stored runs meet {@code [firstBucket, lastBucket]}, absolute, ignoring
     * eligibility and retention (the caller has folded retention into the range).
     */
    boolean hasFootageBetween(int ordinal, long firstBucket, long lastBucket) {
        if (firstBucket > lastBucket) {
            return false;
        }
        return runsMeet(columns.firstRun(ordinal), columns.firstRun(ordinal + 1), firstBucket - baseBucket, lastBucket - baseBucket);
    }

    /**
     * Whether the sorted, disjoint runs {@code [a, b)} meet {@code [firstBucket, lastBucket]} (relative
     * buckets): the last run starting at or before {@code lastBucket} has the largest end among all candidates.
     */
    private boolean runsMeet(int a, int b, long firstBucket, long lastBucket) {
        int lo = a;
        int hi = b;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (columns.runFirst(mid) <= lastBucket) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo > a && columns.runLast(lo - 1) >= firstBucket;
    }

    /**
     * @param ordinal a position in the index
     * @return the retention class of the camera if it is eligible, else -1
     */
    int eligibleClass(int ordinal) {
        int attr = cameras.getShort(ordinal * IndexColumns.CAMERA_BYTES + IndexColumns.ATTRS_OFFSET);
        return (attr & IndexColumns.ATTR_INELIGIBLE) != 0 ? -1 : attr & IndexColumns.CLASS_MASK;
    }
}
