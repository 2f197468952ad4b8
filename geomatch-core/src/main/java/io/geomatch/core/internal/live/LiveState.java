package io.geomatch.core.internal.live;

import io.geomatch.core.InvalidInputException;
import io.geomatch.core.internal.contract.CameraAttributes;
import io.geomatch.core.internal.contract.CameraView;
import io.geomatch.core.internal.contract.TimeBuckets;
import io.geomatch.core.internal.memory.Shared;
import io.geomatch.core.internal.query.MatchResult;
import io.geomatch.core.internal.query.QueryScratch;
import io.geomatch.core.internal.query.SealedIndex;
import io.geomatch.core.internal.spatial.MortonCode;
import io.geomatch.core.internal.spatial.SpatialMatcher;
import io.geomatch.core.internal.spatial.ViewSector;

/**
 * One published, immutable state of a live index: a {@link Generation} of sealed segments (base and
 * footage tiers) plus a prefix of its delta, the clock, and counts. Every query on a state sees
 * exactly the changes made before it was published, however many more arrive meanwhile.
 *
 * <p>A query runs in two passes. The base pass is the sealed index's own query. When nothing laid
 * over the base can change its answer (no base camera has a new version, and neither the delta's
 * footage nor any tier's meets the window: the usual case for footage streaming in and windows in
 * the past) it is exactly the sealed query. Otherwise the state, through the thread's
 * {@link LiveQuery}, is its {@code Overlay}: a base camera with a newer version (moved, changed or
 * deleted) is skipped, one that only gained footage also checks the delta's and the tiers'. The
 * delta pass then finds the cameras whose newest version is an upsert, through a hashed grid of
 * {@link Delta#GRID_LEVEL} quadtree cells (or a scan when the area spans many cells), and tests each
 * exactly, with its footage in the delta, in the tiers from its reset on, and in the base if it was
 * never reset.
 *
 * <p>Threading: immutable; any number of threads may query one state, each with its own scratch,
 * result and {@link LiveQuery}, while holding its generation's memory. Queries never block and do
 * not allocate.
 */
public final class LiveState {
    /** Above this many grid cells in an area's box, the delta pass scans all versions instead. */
    private static final int MAX_GRID_CELLS = 16;

    private final Generation gen;
    private final SealedIndex base;
    private final Delta delta;
    private final FootageTier[] tiers;
    private final int slots;
    private final int versions;
    private final int footageRows;
    private final long clockMillis;
    private final long opCount;
    private final long cameraCount;
    /** Base cameras with a version in the delta (a bound for this state): none lets the base pass run alone. */
    private final int versionedBase;
    /** Bounds of every footage bucket in the delta (a superset of this state's rows): windows outside skip the delta's footage. */
    private final long footageMin;
    private final long footageMax;
    /** The longest range of the delta's views (a bound for this state's rows), metres. */
    private final double deltaRangeMeters;

    LiveState(Generation gen, int slots, int versions, int footageRows, long clockMillis, long opCount, long cameraCount) {
        this.gen = gen;
        this.base = gen.base;
        this.delta = gen.delta;
        this.tiers = gen.tiers;
        this.versionedBase = delta.versionedBaseSlots();
        this.footageMin = delta.footageMin();
        this.footageMax = delta.footageMax();
        this.deltaRangeMeters = delta.maxRangeMillimeters() / 1000.0;
        this.slots = slots;
        this.versions = versions;
        this.footageRows = footageRows;
        this.clockMillis = clockMillis;
        this.opCount = opCount;
        this.cameraCount = cameraCount;
    }

    /**
     * The query, with the window already checked, on a thread that holds {@link #memory()}.
     *
     * @param m the area
     * @param fromMillis window start, inclusive
     * @param toMillis window end, exclusive
     * @param nowMillis when retention is judged, not before {@link #clockMillis()}
     * @param scratch the calling thread's working memory
     * @param into emptied, then filled: base cameras by ordinal (their ids copied out), changed ones by id
     * @param byView whether cameras with a view match by what they see ({@code m} is then a polygon area)
     * @param q the calling thread's live query
     * @throws InvalidInputException if {@code nowMillis} is before the clock
     */
    public void match(SpatialMatcher m, long fromMillis, long toMillis, long nowMillis, QueryScratch scratch, MatchResult into,
                      boolean byView, LiveQuery q) {
        if (nowMillis < clockMillis) {
            throw new InvalidInputException("now", nowMillis, "is before the live index clock " + clockMillis
                + ": footage the clock has expired may be gone, so retention can only be judged at or after it");
        }
        long bucketMillis = base.bucketMillis();
        long firstBucket = TimeBuckets.firstBucket(fromMillis, bucketMillis);
        long lastBucket = TimeBuckets.lastBucket(toMillis, bucketMillis);
        boolean deltaFootage = footageRows > 0 && firstBucket <= footageMax && lastBucket >= footageMin;
        q.prepare(this, tiers, firstBucket, lastBucket, deltaFootage);
        try {
            boolean overlay = (versionedBase > 0 && versions > 0) || deltaFootage || q.tierCount > 0;
            base.match(m, fromMillis, toMillis, nowMillis, scratch, into, overlay ? q : null, byView);
            // Copied while this thread holds the segment: the result never reads it afterwards.
            into.resolveIds();
            if (versions > 0) {
                matchDelta(m, firstBucket, lastBucket, nowMillis, scratch, into, byView ? Math.max(base.maxRangeMeters(), deltaRangeMeters) : 0,
                    q);
            }
        } finally {
            q.done();
        }
    }

    /** @return the holders of this state's segments: retain before a query, release after */
    public Shared memory() {
        return gen.memory;
    }

    /** @return the index clock in this state, epoch ms, or {@link Long#MIN_VALUE} if never advanced */
    public long clockMillis() {
        return clockMillis;
    }

    /** @return how many changes this state reflects */
    public long opCount() {
        return opCount;
    }

    /** @return how many cameras exist in this state */
    public long cameraCount() {
        return cameraCount;
    }

    /** @return camera versions plus footage intervals held in the delta */
    public long deltaRows() {
        return (long) versions + footageRows;
    }

    /** @return sealed segments this state reads: the base and its footage tiers */
    public int segmentCount() {
        return 1 + tiers.length;
    }

    /** @return off-heap bytes of this state's base and tiers */
    public long segmentBytes() {
        return gen.bytes;
    }

    /** @return the sealed base */
    public SealedIndex base() {
        return base;
    }

    Generation generation() {
        return gen;
    }

    Delta delta() {
        return delta;
    }

    FootageTier[] tiers() {
        return tiers;
    }

    int slots() {
        return slots;
    }

    int versions() {
        return versions;
    }

    int footageRows() {
        return footageRows;
    }

    /** @return whether the delta holds no row in this state */
    boolean deltaEmpty() {
        return versions == 0 && footageRows == 0;
    }

    /** @return the delta slot of a base camera, or -1 */
    int changedSlot(int ordinal) {
        return delta.slotOfOrdinal(ordinal, slots);
    }

    /**
     * The base pass's decision for a base camera the overlay knows about: skipped if it has a newer
     * version (the delta pass answers for it), else its stored footage, its delta footage, or its
     * footage in a tier the window may meet.
     *
     * @param slot its delta slot, or {@link LiveQuery#TIER_ONLY}
     */
    boolean matchesChanged(int ordinal, int slot, QueryScratch scratch, long lastBucket, LiveQuery q) {
        boolean inDelta = slot != LiveQuery.TIER_ONLY;
        if (inDelta && delta.mayHaveVersion(ordinal) && delta.latestVersion(slot, versions) != Delta.NONE) {
            return false;
        }
        if (base.matchesOwnFootage(ordinal, scratch, lastBucket)) {
            return true;
        }
        int c = base.eligibleClass(ordinal);
        if (c < 0) {
            return false;
        }
        long offset = base.baseBucket();
        long first = scratch.retainedFromBucket(c) + offset;
        long last = lastBucket + offset;
        if (first > last) {
            return false;
        }
        if (inDelta && q.deltaFootage && first <= footageMax && last >= footageMin
            && delta.footageMeets(slot, footageRows, Delta.NONE, first, last)) {
            return true;
        }
        return q.tiersMeet(tiers, ordinal, Delta.NONE, first, last);
    }

    /**
     * The delta pass: the cameras upserted since the last full merge, found through the grid cells
     * of the area's box, grown by {@code rangeMeters} when views count.
     */
    private void matchDelta(SpatialMatcher m, long firstBucket, long lastBucket, long nowMillis, QueryScratch scratch, MatchResult into,
                            double rangeMeters, LiveQuery q) {
        if (m.boxEmpty()) {
            return;
        }
        int shift = MortonCode.BITS - Delta.GRID_LEVEL;
        int qx0 = m.boxMinX();
        int qx1 = m.boxMaxX();
        int qy0 = m.boxMinY();
        int qy1 = m.boxMaxY();
        if (rangeMeters > 0) {
            double dLat = rangeMeters / ViewSector.METERS_PER_DEGREE;
            double minLat = Math.max(-90, m.minLat() - dLat);
            double maxLat = Math.min(90, m.maxLat() + dLat);
            double dLon = ViewSector.lonMarginDegrees(Math.max(Math.abs(minLat), Math.abs(maxLat)), rangeMeters);
            qx0 = MortonCode.quantizeLon(Math.max(-180, m.minLon() - dLon));
            qx1 = MortonCode.quantizeLon(Math.min(180, m.maxLon() + dLon));
            qy0 = MortonCode.quantizeLat(minLat);
            qy1 = MortonCode.quantizeLat(maxLat);
        }
        int cx0 = qx0 >>> shift;
        int cx1 = qx1 >>> shift;
        int cy0 = qy0 >>> shift;
        int cy1 = qy1 >>> shift;
        long cells = (long) (cx1 - cx0 + 1) * (cy1 - cy0 + 1);
        if (cells > MAX_GRID_CELLS || cells * 8 > versions) {
            for (int v = 0; v < versions; v++) {
                consider(v, m, firstBucket, lastBucket, nowMillis, into, rangeMeters > 0, q);
            }
            return;
        }
        int[] buckets = scratch.gridBuckets();
        int count = 0;
        for (int cy = cy0; cy <= cy1; cy++) {
            for (int cx = cx0; cx <= cx1; cx++) {
                int b = Delta.gridBucket(cx, cy);
                boolean seen = false;
                for (int i = 0; i < count; i++) {
                    seen |= buckets[i] == b;
                }
                if (!seen) {
                    buckets[count++] = b;
                }
            }
        }
        for (int i = 0; i < count; i++) {
            for (int v = delta.gridHead(buckets[i]); v != Delta.NONE; v = delta.versionPreviousInGrid(v)) {
                if (v < versions) {
                    consider(v, m, firstBucket, lastBucket, nowMillis, into, rangeMeters > 0, q);
                }
            }
        }
    }

    /**
     * Tests one version: the camera's newest, an upsert, eligible, inside the area (or, by view,
     * seeing it), with retained footage in the window: in the delta (from its last delete in this
     * delta on), in the tiers (from its reset generation on), or in the base (if never reset).
     */
    private void consider(int v, SpatialMatcher m, long firstBucket, long lastBucket, long nowMillis, MatchResult into, boolean byView,
                          LiveQuery q) {
        int attrs = delta.versionAttrs(v);
        if ((attrs & (Delta.ATTR_DELETED | CameraAttributes.INELIGIBLE)) != 0) {
            return;
        }
        int slot = delta.versionSlot(v);
        if (delta.latestVersion(slot, versions) != v) {
            return;
        }
        double lat = delta.versionLat(v);
        double lon = delta.versionLon(v);
        long view = byView ? delta.versionView(v) : CameraView.NONE;
        if (!m.covers(lat, lon) && (view == CameraView.NONE || !ViewSector.meetsEdges(m, null, 0, lat, lon, view))) {
            return;
        }
        long first = Math.max(firstBucket,
            TimeBuckets.firstRetainedBucket(nowMillis, CameraAttributes.retentionDays(attrs), base.bucketMillis()));
        if (first > lastBucket) {
            return;
        }
        int resetGen = delta.versionResetGen(v);
        int key = delta.slotKey(slot);
        int ordinal = resetGen == Delta.NONE ? delta.slotOrdinal(slot) : Delta.NONE;
        if ((ordinal != Delta.NONE && base.hasFootageBetween(ordinal, first, lastBucket))
            || delta.footageMeets(slot, footageRows, delta.versionFootageFrom(v), first, lastBucket)
            || q.tiersMeet(tiers, key, resetGen, first, lastBucket)) {
            into.addDeltaId(delta.slotId(slot));
        }
    }
}
