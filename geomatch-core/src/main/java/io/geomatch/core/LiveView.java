package io.geomatch.core;

import io.geomatch.core.live.Delta;
import io.geomatch.core.spatial.MortonCode;
import io.geomatch.core.spatial.SpatialMatcher;

/**
 * One consistent, immutable state of a {@link LiveIndex}: its sealed base plus a published prefix
 * of its delta. Every query on a view sees exactly the changes made before the view was taken,
 * however many more arrive meanwhile; {@link LiveIndex#view()} hands out the newest one.
 *
 * <p>A query runs in two passes. The base pass is the sealed index's own search, except that a
 * base camera the delta knows about is decided here: a camera with a newer version (moved,
 * changed, deleted) is skipped, one that only gained footage also checks the appended footage.
 * The delta pass then finds the cameras whose newest version is an upsert, through a hashed grid
 * of {@link Delta#GRID_LEVEL} quadtree cells (or a scan when the area spans many cells), and
 * tests each exactly. Both passes follow the matching contract of {@link GeoIndex}.
 *
 * <p>Threading: immutable; any number of threads may query one view, each with its own
 * {@link Matches}. Queries never block and, once {@code Matches} has grown, do not allocate.
 */
public final class LiveView {
    /** Above this many grid cells in an area's box, the delta pass scans all versions instead. */
    private static final int MAX_GRID_CELLS = 16;

    private final GeoIndex base;
    private final Delta delta;
    private final int slots;
    private final int versions;
    private final int footageRows;
    private final long clockMillis;
    private final long opCount;
    private final long cameraCount;
    /** Bounds of every footage bucket in the delta (a superset of this view's rows): windows outside skip the delta's footage. */
    private final long footageMin;
    private final long footageMax;

    LiveView(GeoIndex base, Delta delta, int slots, int versions, int footageRows, long clockMillis, long opCount, long cameraCount) {
        this.footageMin = delta.footageMin();
        this.footageMax = delta.footageMax();
        this.base = base;
        this.delta = delta;
        this.slots = slots;
        this.versions = versions;
        this.footageRows = footageRows;
        this.clockMillis = clockMillis;
        this.opCount = opCount;
        this.cameraCount = cameraCount;
    }

    /**
     * Finds the cameras inside {@code area} that are eligible and hold retained footage in the
     * window, as {@link GeoIndex#match} defines it, in this state of the index.
     *
     * @param area the area
     * @param fromMillis window start, inclusive, epoch ms
     * @param toMillis window end, exclusive, epoch ms, greater than {@code fromMillis}
     * @param nowMillis the time at which retention is judged, epoch ms, not before {@link #clockMillis()}
     * @param into cleared, then filled: cameras unchanged since the last merge by ordinal, the
     *     others by id (see {@link Matches#hasOrdinal(int)})
     * @throws InvalidInputException if {@code fromMillis >= toMillis}, an instant is out of range,
     *     or {@code nowMillis} is before the clock
     */
    public void match(Area area, long fromMillis, long toMillis, long nowMillis, Matches into) {
        GeoIndex.checkQuery(area, fromMillis, toMillis, nowMillis, into);
        if (nowMillis < clockMillis) {
            throw new InvalidInputException("now", nowMillis, "is before the live index clock " + clockMillis
                + ": footage the clock has expired may be gone, so retention can only be judged at or after it");
        }
        SpatialMatcher m = area.matcher();
        base.matchBase(m, fromMillis, toMillis, nowMillis, into, deltaEmpty() ? null : this);
        into.overlay = null;
        if (versions > 0) {
            matchDelta(m, fromMillis, toMillis, nowMillis, into);
        }
    }

    /**
     * Convenience form of {@link #match}: the matching camera ids, ascending. Allocates.
     *
     * @param area the area
     * @param fromMillis window start, inclusive, epoch ms
     * @param toMillis window end, exclusive, epoch ms
     * @param nowMillis the time at which retention is judged, epoch ms
     * @return matching camera ids, ascending
     */
    public long[] matchIds(Area area, long fromMillis, long toMillis, long nowMillis) {
        Matches matches = new Matches();
        match(area, fromMillis, toMillis, nowMillis, matches);
        return matches.ids();
    }

    /** @return the index clock in this state, epoch ms, or {@link Long#MIN_VALUE} if never advanced */
    public long clockMillis() {
        return clockMillis;
    }

    /** @return how many changes (upserts, deletes, footage, clock advances) this state reflects, since the index was created */
    public long opCount() {
        return opCount;
    }

    /** @return how many cameras exist in this state */
    public long cameraCount() {
        return cameraCount;
    }

    /** @return changes held in the delta, not yet merged into the sealed base: camera versions plus footage intervals */
    public long deltaRows() {
        return (long) versions + footageRows;
    }

    /** @return the time bucket size, milliseconds */
    public long bucketMillis() {
        return base.bucketMillis();
    }

    GeoIndex base() {
        return base;
    }

    Delta delta() {
        return delta;
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

    /** @return whether the delta holds no row in this view */
    boolean deltaEmpty() {
        return versions == 0 && footageRows == 0;
    }

    /** @return the delta slot of a base camera, or {@link Delta#NONE} */
    int slotOfOrdinal(int ordinal) {
        return delta.slotOfOrdinal(ordinal, slots);
    }

    /**
     * The base pass's decision for a base camera the delta knows about: skipped if it has a newer
     * version (the delta pass answers for it), else its stored footage or its appended footage.
     */
    boolean matchesChangedBaseCamera(int ordinal, int slot, Matches into, long lastBucket) {
        if (delta.mayHaveVersion(ordinal) && delta.latestVersion(slot, versions) != Delta.NONE) {
            return false;
        }
        if (base.sealedHasFootage(ordinal, into, lastBucket)) {
            return true;
        }
        int c = base.eligibleClass(ordinal);
        if (c < 0) {
            return false;
        }
        long offset = base.baseBucket();
        long first = into.retainedFromBucket[c] + offset;
        long last = lastBucket + offset;
        return first <= last && first <= footageMax && last >= footageMin
            && delta.footageMeets(slot, footageRows, Delta.NONE, first, last);
    }

    private void matchDelta(SpatialMatcher m, long fromMillis, long toMillis, long nowMillis, Matches into) {
        long bucketMillis = base.bucketMillis();
        long firstBucket = Math.floorDiv(fromMillis, bucketMillis);
        long lastBucket = Math.floorDiv(toMillis - 1, bucketMillis);
        int qx0 = MortonCode.quantizeLon(m.minLon());
        int qx1 = MortonCode.quantizeLon(m.maxLon());
        int qy0 = MortonCode.quantizeLat(m.minLat());
        int qy1 = MortonCode.quantizeLat(m.maxLat());
        if (qx1 < qx0 || qy1 < qy0) {
            return;
        }
        int shift = MortonCode.BITS - Delta.GRID_LEVEL;
        int cx0 = qx0 >>> shift;
        int cx1 = qx1 >>> shift;
        int cy0 = qy0 >>> shift;
        int cy1 = qy1 >>> shift;
        long cells = (long) (cx1 - cx0 + 1) * (cy1 - cy0 + 1);
        if (cells > MAX_GRID_CELLS || cells * 8 > versions) {
            for (int v = 0; v < versions; v++) {
                consider(v, m, firstBucket, lastBucket, nowMillis, into);
            }
            return;
        }
        int[] buckets = into.gridBuckets;
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
                    consider(v, m, firstBucket, lastBucket, nowMillis, into);
                }
            }
        }
    }

    /** Tests one version: the camera's newest, an upsert, eligible, inside the area, with retained footage in the window. */
    private void consider(int v, SpatialMatcher m, long firstBucket, long lastBucket, long nowMillis, Matches into) {
        int attrs = delta.versionAttrs(v);
        if ((attrs & (Delta.ATTR_DELETED | Delta.ATTR_OPTED_OUT | Delta.ATTR_E2EE)) != 0) {
            return;
        }
        int slot = delta.versionSlot(v);
        if (delta.latestVersion(slot, versions) != v) {
            return;
        }
        if (!m.covers(delta.versionLat(v), delta.versionLon(v))) {
            return;
        }
        long retentionDays = attrs & Delta.ATTR_RETENTION_MASK;
        long first = Math.max(firstBucket, Math.floorDiv(nowMillis - retentionDays * GeoIndex.MILLIS_PER_DAY, base.bucketMillis()));
        if (first > lastBucket) {
            return;
        }
        int footageFrom = delta.versionFootageFrom(v);
        int ordinal = footageFrom == Delta.NONE ? delta.slotOrdinal(slot) : Delta.NONE;
        if ((ordinal != Delta.NONE && base.hasFootageBetween(ordinal, first, lastBucket))
            || delta.footageMeets(slot, footageRows, footageFrom, first, lastBucket)) {
            into.addDeltaId(delta.slotId(slot));
        }
    }
}
