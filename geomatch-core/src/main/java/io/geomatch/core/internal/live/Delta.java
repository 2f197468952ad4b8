package io.geomatch.core.internal.live;

import io.geomatch.core.internal.contract.CameraAttributes;
import io.geomatch.core.internal.contract.CameraView;
import io.geomatch.core.internal.spatial.MortonCode;
import org.agrona.collections.Long2LongHashMap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Every change made to a live index since its sealed segments: three append-only logs that one
 * writer extends while any number of readers query a published prefix of them.
 *
 * <ul>
 *   <li><b>slots</b>: one per camera the delta knows about: its id and its <em>key</em> (its base
 *       ordinal if the base holds it, else a number from {@code baseCameras} on that the writer gave
 *       it, the same in every tier until the next full merge), plus the heads of its version and
 *       footage chains;</li>
 *   <li><b>versions</b>: every upsert and delete, with position, attributes and a link to the
 *       previous version of the same camera and to the previous version in the same grid bucket;</li>
 *   <li><b>footage</b>: every appended interval as absolute bucket bounds, with a link to the
 *       previous interval of the same camera.</li>
 * </ul>
 *
 * <p>Visibility is by prefix: a reader holds counts {@code (slots, versions, footage)} taken from
 * a published view and ignores every row at or beyond them. Rows are written once and never
 * change, so a prefix is immutable. The only mutable words are the chain heads (per slot, per
 * base ordinal and per grid bucket): the writer stores them with release semantics after the row
 * they point to, readers load them with acquire semantics and walk back past rows newer than
 * their view. Rows live in fixed-size chunks under a directory sized for {@link #capacity()}
 * rows, so nothing a reader may hold is ever moved or copied.
 *
 * <p>A camera's state in the delta: its latest version (upsert or delete), if any, overrides the
 * base; its footage is the delta's intervals from {@link #versionFootageFrom(int)} on, plus the
 * tiers' from its {@link #versionResetGen(int) reset generation} on, plus the base's if it was
 * never reset (deleted) since the base. Each delta has a generation number, and becomes the tier
 * of that number when it is frozen; the camera versions of a frozen delta are carried over to the
 * next one ({@link #appendCarriedVersion}), so the delta always holds the newest version of every
 * camera changed since the last full merge. Threading: the writer methods ({@link #addSlot},
 * {@link #appendVersion}, {@link #appendCarriedVersion}, {@link #appendFootage}, {@link #slotOfBase},
 * {@link #slotOfNew}, {@link #newKey}) are for one thread at a time; every other method is safe
 * from any thread for rows inside its counts.
 */
public final class Delta {
    /** No row: an absent slot, version or footage interval. */
    public static final int NONE = -1;
    /**
     * Version attribute, beside the camera's own ({@link CameraAttributes}, bits 0-17): the version
     * is a delete.
     */
    public static final int ATTR_DELETED = 1 << 18;
    /** Quadtree level of the grid that finds changed cameras by place: cells of about 2 x 1 km at 40 degrees. */
    public static final int GRID_LEVEL = 14;
    /** Buckets of the grid's hash table. */
    public static final int GRID_BUCKETS = 1 << 16;

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final int CHUNK_SHIFT = 12;
    private static final int CHUNK_ROWS = 1 << CHUNK_SHIFT;
    private static final long LOW = 0xFFFF_FFFFL;

    // Slot row: id, key, heads ((version + 1) << 32 | (footage + 1)), first and last bucket of its footage.
    private static final int SLOT_LONGS = 5;
    /** Bit of an {@code ordinalSlot} entry: the base camera has had a version (upsert or delete) in this delta. */
    private static final int VERSIONED = 1 << 30;
    // Version row: lat bits, lon bits, slot << 32 | attrs, (prev same slot + 1) << 32 | (prev in grid + 1),
    // footageFrom << 32 | footageCountAt, packed view, reset generation.
    private static final int VERSION_LONGS = 7;
    // Footage row: first bucket, last bucket, slot << 32 | (prev same slot + 1).
    private static final int FOOTAGE_LONGS = 3;

    private final int capacity;
    private final int baseCameras;
    private final int gen;
    /** Per base ordinal, its slot + 1 (with {@link #VERSIONED}), or 0. */
    private final int[] ordinalSlot;
    /** Per grid bucket, the newest version there + 1, or 0. */
    private final int[] gridHeads = new int[GRID_BUCKETS];
    private final long[][] slots;
    private final long[][] versions;
    private final long[][] footage;
    /** Slots of cameras the base does not hold, by id. */
    private final Long2LongHashMap slotOfNewId = new Long2LongHashMap(NONE);
    private int nextNewKey;
    private int slotCount;
    private int versionCount;
    private int footageCount;
    private int versionedSlots;
    private int versionedBaseSlots;
    private long footageMin = Long.MAX_VALUE;
    private long footageMax = Long.MIN_VALUE;
    private int maxRangeMillimeters;

    /**
     * @param baseCameras cameras in the base the delta overlays
     * @param capacity most rows each log may hold, at least 1
     * @param gen this delta's generation: the tier it becomes when frozen
     * @param nextNewKey the key the next camera the base does not hold gets, at least {@code baseCameras}
     */
    public Delta(int baseCameras, int capacity, int gen, int nextNewKey) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity=" + capacity + " must be at least 1");
        }
        assert nextNewKey >= baseCameras;
        this.capacity = capacity;
        this.baseCameras = baseCameras;
        this.gen = gen;
        this.nextNewKey = nextNewKey;
        this.ordinalSlot = new int[baseCameras];
        int chunks = (int) (((long) capacity + CHUNK_ROWS - 1) >>> CHUNK_SHIFT);
        this.slots = new long[chunks][];
        this.versions = new long[chunks][];
        this.footage = new long[chunks][];
    }

    /** @return most rows each log holds */
    public int capacity() {
        return capacity;
    }

    /** @return this delta's generation */
    public int gen() {
        return gen;
    }

    /** @return cameras in the base the delta overlays: keys below this are base ordinals */
    public int baseCameras() {
        return baseCameras;
    }

    /** @return the key the next camera outside the base would get (writer's view) */
    public int nextNewKey() {
        return nextNewKey;
    }

    /** @return slots that have a version (writer's count) */
    public int versionedSlots() {
        return versionedSlots;
    }

    /** @return slots of base cameras that have a version (writer's count) */
    public int versionedBaseSlots() {
        return versionedBaseSlots;
    }

    /** @return slots so far (writer's count) */
    public int slotCount() {
        return slotCount;
    }

    /** @return versions so far (writer's count) */
    public int versionCount() {
        return versionCount;
    }

    /** @return footage intervals so far (writer's count) */
    public int footageCount() {
        return footageCount;
    }

    /** @return whether one more op may not fit: some log is full */
    public boolean isFull() {
        return slotCount == capacity || versionCount == capacity || footageCount == capacity;
    }

    // ---------------------------------------------------------------- writer

    /**
     * @param ordinal a base ordinal
     * @return its slot, or {@link #NONE} (writer's view)
     */
    public int slotOfBase(int ordinal) {
        return (ordinalSlot[ordinal] & ~VERSIONED) - 1;
    }

    /**
     * @param id the id of a camera the base does not hold
     * @return its slot, or {@link #NONE} (writer's view)
     */
    public int slotOfNew(long id) {
        return (int) slotOfNewId.get(id);
    }

    /** @return a key for a camera the base does not hold and no slot has: the next unused one. Writer only. */
    public int newKey() {
        return nextNewKey++;
    }

    /**
     * Gives a camera a slot. Writer only; the caller checks {@link #isFull()} first.
     *
     * @param id the camera id, without a slot yet
     * @param key its base ordinal, or (a camera the base does not hold) its key from {@link #newKey()}
     *     or from an earlier delta over the same base
     * @return the new slot
     */
    public int addSlot(long id, int key) {
        assert key >= 0 && slotCount < capacity;
        int s = slotCount;
        long[] chunk = chunk(slots, s, SLOT_LONGS);
        int at = (s & (CHUNK_ROWS - 1)) * SLOT_LONGS;
        chunk[at] = id;
        chunk[at + 1] = key;
        chunk[at + 2] = 0;
        chunk[at + 3] = Long.MAX_VALUE;
        chunk[at + 4] = Long.MIN_VALUE;
        slotCount++;
        if (key < baseCameras) {
            assert slotOfBase(key) == NONE;
            INTS.setRelease(ordinalSlot, key, s + 1);
        } else {
            assert slotOfNew(id) == NONE;
            slotOfNewId.put(id, s);
            nextNewKey = Math.max(nextNewKey, key + 1);
        }
        return s;
    }

    /**
     * Appends a version of a camera. Writer only; the caller checks {@link #isFull()} first.
     *
     * @param slot the camera's slot
     * @param latDegrees latitude (ignored for a delete)
     * @param lonDegrees longitude (ignored for a delete)
     * @param attrs the camera's {@link CameraAttributes}, or {@link #ATTR_DELETED} for a delete
     * @param view the camera's view, as {@link CameraView} packs it, or {@link CameraView#NONE}
     * @return the new version
     */
    public int appendVersion(int slot, double latDegrees, double lonDegrees, int attrs, long view) {
        int previous = (int) (slotHeads(slot) >>> 32) - 1;
        boolean deleted = (attrs & ATTR_DELETED) != 0;
        int footageFrom = deleted ? footageCount : previous == NONE ? NONE : versionFootageFrom(previous);
        int resetGen = deleted ? gen : previous == NONE ? NONE : versionResetGen(previous);
        return append(slot, latDegrees, lonDegrees, attrs, view, footageFrom, resetGen);
    }

    /**
     * Appends the newest version of a camera as an earlier delta over the same base held it, when
     * that delta is frozen: every footage row of this delta belongs to it, and the tiers' from its
     * reset generation on. Writer only (or the merge that builds this delta); the caller checks
     * {@link #isFull()} first.
     *
     * @param slot the camera's slot, without a version yet
     * @param latDegrees latitude
     * @param lonDegrees longitude
     * @param attrs attributes, {@link #ATTR_DELETED} for a deleted camera
     * @param view the packed view
     * @param resetGen the generation of the camera's last delete since the base, or {@link #NONE}
     * @return the new version
     */
    public int appendCarriedVersion(int slot, double latDegrees, double lonDegrees, int attrs, long view, int resetGen) {
        assert (int) (slotHeads(slot) >>> 32) == 0 : "a carried version comes first";
        return append(slot, latDegrees, lonDegrees, attrs, view, NONE, resetGen);
    }

    private int append(int slot, double latDegrees, double lonDegrees, int attrs, long view, int footageFrom, int resetGen) {
        assert slot >= 0 && slot < slotCount && versionCount < capacity;
        int v = versionCount;
        long heads = slotHeads(slot);
        int previous = (int) (heads >>> 32) - 1;
        boolean deleted = (attrs & ATTR_DELETED) != 0;
        int ordinal = slotOrdinal(slot);
        if (previous == NONE) {
            versionedSlots++;
            versionedBaseSlots += ordinal >= 0 ? 1 : 0;
        }
        if (ordinal >= 0) {
            // Before the version is published: a reader that sees the version also sees the bit.
            INTS.setRelease(ordinalSlot, ordinal, (slot + 1) | VERSIONED);
        }
        int bucket = deleted ? NONE : gridBucketOf(latDegrees, lonDegrees);
        int previousInGrid = deleted ? NONE : gridHeads[bucket] - 1;
        long[] chunk = chunk(versions, v, VERSION_LONGS);
        int at = (v & (CHUNK_ROWS - 1)) * VERSION_LONGS;
        chunk[at] = Double.doubleToRawLongBits(deleted ? Double.NaN : latDegrees);
        chunk[at + 1] = Double.doubleToRawLongBits(deleted ? Double.NaN : lonDegrees);
        chunk[at + 2] = pack(slot, attrs);
        chunk[at + 3] = pack(previous + 1, previousInGrid + 1);
        chunk[at + 4] = pack(footageFrom, footageCount);
        chunk[at + 5] = deleted ? CameraView.NONE : view;
        chunk[at + 6] = resetGen;
        if (view != CameraView.NONE) {
            maxRangeMillimeters = Math.max(maxRangeMillimeters, CameraView.rangeMillimeters(view));
        }
        versionCount++;
        setSlotHeads(slot, ((long) (v + 1) << 32) | (heads & LOW));
        if (!deleted) {
            INTS.setRelease(gridHeads, bucket, v + 1);
        }
        return v;
    }

    /**
     * Appends a footage interval of a camera. Writer only; the caller checks {@link #isFull()} first.
     *
     * @param slot the camera's slot
     * @param firstBucket first bucket, absolute, inclusive
     * @param lastBucket last bucket, absolute, inclusive
     * @return the new interval's row
     */
    public int appendFootage(int slot, long firstBucket, long lastBucket) {
        assert slot >= 0 && slot < slotCount && footageCount < capacity && firstBucket <= lastBucket;
        int f = footageCount;
        long heads = slotHeads(slot);
        long[] chunk = chunk(footage, f, FOOTAGE_LONGS);
        int at = (f & (CHUNK_ROWS - 1)) * FOOTAGE_LONGS;
        chunk[at] = firstBucket;
        chunk[at + 1] = lastBucket;
        chunk[at + 2] = pack(slot, (int) (heads & LOW));
        long[] slotChunk = slots[slot >>> CHUNK_SHIFT];
        int slotAt = (slot & (CHUNK_ROWS - 1)) * SLOT_LONGS;
        slotChunk[slotAt + 3] = Math.min(slotChunk[slotAt + 3], firstBucket);
        slotChunk[slotAt + 4] = Math.max(slotChunk[slotAt + 4], lastBucket);
        footageMin = Math.min(footageMin, firstBucket);
        footageMax = Math.max(footageMax, lastBucket);
        footageCount++;
        setSlotHeads(slot, (heads & ~LOW) | (f + 1));
        return f;
    }

    // ---------------------------------------------------------------- readers

    /**
     * @param ordinal a base ordinal
     * @param slots the reader's slot count
     * @return the slot of that base camera, or {@link #NONE} if the delta (as the reader sees it) has none
     */
    public int slotOfOrdinal(int ordinal, int slots) {
        int s = ((int) INTS.getAcquire(ordinalSlot, ordinal) & ~VERSIONED) - 1;
        return s < slots ? s : NONE;
    }

    /**
     * @param ordinal a base ordinal that has a slot
     * @return whether the camera may have a version in this delta; {@code false} means it has none
     *     that any reader can see (versions only ever set the flag before they are published)
     */
    public boolean mayHaveVersion(int ordinal) {
        return ((int) INTS.getAcquire(ordinalSlot, ordinal) & VERSIONED) != 0;
    }

    /** @return the longest range of every view appended so far (writer's view), millimetres, or 0 */
    public int maxRangeMillimeters() {
        return maxRangeMillimeters;
    }

    /** @return the first bucket of all footage appended so far (writer's view), or {@link Long#MAX_VALUE} */
    public long footageMin() {
        return footageMin;
    }

    /** @return the last bucket of all footage appended so far (writer's view), or {@link Long#MIN_VALUE} */
    public long footageMax() {
        return footageMax;
    }

    /**
     * @param slot a slot
     * @param versions the reader's version count
     * @return the slot's newest version below {@code versions}, or {@link #NONE}
     */
    public int latestVersion(int slot, int versions) {
        int v = (int) (slotHeads(slot) >>> 32) - 1;
        while (v >= versions) {
            v = versionPrevious(v);
        }
        return v;
    }

    /**
     * Whether the camera's delta footage, as the reader sees it, meets a bucket range.
     *
     * @param slot the camera's slot
     * @param footageRows the reader's footage count
     * @param from the first row that counts ({@link #versionFootageFrom}); {@link #NONE} for all
     * @param firstBucket first bucket, absolute
     * @param lastBucket last bucket, absolute
     * @return whether some interval in rows {@code [from, footageRows)} meets {@code [firstBucket, lastBucket]}
     */
    public boolean footageMeets(int slot, int footageRows, int from, long firstBucket, long lastBucket) {
        int f = (int) (slotHeads(slot) & LOW) - 1;
        // The slot's bounds were widened before its head moved, so they cover every row a reader can reach.
        long[] slotChunk = slots[slot >>> CHUNK_SHIFT];
        int slotAt = (slot & (CHUNK_ROWS - 1)) * SLOT_LONGS;
        if (slotChunk[slotAt + 3] > lastBucket || slotChunk[slotAt + 4] < firstBucket) {
            return false;
        }
        while (f >= footageRows) {
            f = footagePrevious(f);
        }
        for (; f >= 0 && f >= from; f = footagePrevious(f)) {
            long[] chunk = footage[f >>> CHUNK_SHIFT];
            int at = (f & (CHUNK_ROWS - 1)) * FOOTAGE_LONGS;
            if (chunk[at] <= lastBucket && chunk[at + 1] >= firstBucket) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param bucket a grid bucket, {@code 0..GRID_BUCKETS-1}
     * @return the newest version filed there, or {@link #NONE}
     */
    public int gridHead(int bucket) {
        return (int) INTS.getAcquire(gridHeads, bucket) - 1;
    }

    /**
     * @param latDegrees a latitude
     * @param lonDegrees a longitude
     * @return the hash bucket of the grid cell holding that point
     */
    public static int gridBucketOf(double latDegrees, double lonDegrees) {
        int shift = MortonCode.BITS - GRID_LEVEL;
        return gridBucket(MortonCode.quantizeLon(lonDegrees) >>> shift, MortonCode.quantizeLat(latDegrees) >>> shift);
    }

    /**
     * @param cx grid cell column, a quantised longitude shifted to {@link #GRID_LEVEL}
     * @param cy grid cell row, likewise
     * @return the hash bucket of that cell
     */
    public static int gridBucket(int cx, int cy) {
        long h = ((long) cx << 32 | (cy & LOW)) * 0x9E37_79B9_7F4A_7C15L;
        return (int) (h >>> (Long.SIZE - 16));
    }

    /**
     * @param slot a slot
     * @return the camera id
     */
    public long slotId(int slot) {
        return slots[slot >>> CHUNK_SHIFT][(slot & (CHUNK_ROWS - 1)) * SLOT_LONGS];
    }

    /**
     * @param slot a slot
     * @return the camera's key: its base ordinal, or from {@link #baseCameras()} on for a camera the base does not hold
     */
    public int slotKey(int slot) {
        return (int) slots[slot >>> CHUNK_SHIFT][(slot & (CHUNK_ROWS - 1)) * SLOT_LONGS + 1];
    }

    /**
     * @param slot a slot
     * @return the camera's base ordinal, or {@link #NONE}
     */
    public int slotOrdinal(int slot) {
        int key = slotKey(slot);
        return key < baseCameras ? key : NONE;
    }

    /**
     * @param v a version
     * @return its slot
     */
    public int versionSlot(int v) {
        return (int) (versionWord(v, 2) >>> 32);
    }

    /**
     * @param v a version
     * @return its view, as {@link CameraView} packs it, or {@link CameraView#NONE}
     */
    public long versionView(int v) {
        return versionWord(v, 5);
    }

    /**
     * @param v a version
     * @return its {@link CameraAttributes}, with {@link #ATTR_DELETED} set for a delete
     */
    public int versionAttrs(int v) {
        return (int) versionWord(v, 2);
    }

    /**
     * @param v a version
     * @return its latitude, degrees ({@code NaN} for a delete)
     */
    public double versionLat(int v) {
        return Double.longBitsToDouble(versionWord(v, 0));
    }

    /**
     * @param v a version
     * @return its longitude, degrees ({@code NaN} for a delete)
     */
    public double versionLon(int v) {
        return Double.longBitsToDouble(versionWord(v, 1));
    }

    /**
     * @param v a version
     * @return the previous version of the same camera, or {@link #NONE}
     */
    public int versionPrevious(int v) {
        return (int) (versionWord(v, 3) >>> 32) - 1;
    }

    /**
     * @param v a version
     * @return the previous version filed in the same grid bucket, or {@link #NONE}
     */
    public int versionPreviousInGrid(int v) {
        return (int) (versionWord(v, 3) & LOW) - 1;
    }

    /**
     * @param v a version
     * @return the first footage row of this delta that belongs to the camera as of this version, or
     *     {@link #NONE} when no delete precedes it in this delta (then every row does)
     */
    public int versionFootageFrom(int v) {
        return (int) (versionWord(v, 4) >>> 32);
    }

    /**
     * @param v a version
     * @return the generation of the camera's last delete since the base (tiers from it on hold its
     *     footage, the base's and older tiers' do not count), or {@link #NONE} if it was never deleted
     */
    public int versionResetGen(int v) {
        return (int) versionWord(v, 6);
    }

    /**
     * @param v a version
     * @return how many footage rows preceded it: the order of the two logs' rows
     */
    public int versionFootageCountAt(int v) {
        return (int) versionWord(v, 4);
    }

    /**
     * @param f a footage row
     * @return its camera's slot
     */
    public int footageSlot(int f) {
        return (int) (footageWord(f, 2) >>> 32);
    }

    /**
     * @param f a footage row
     * @return its first bucket, absolute
     */
    public long footageFirst(int f) {
        return footageWord(f, 0);
    }

    /**
     * @param f a footage row
     * @return its last bucket, absolute
     */
    public long footageLast(int f) {
        return footageWord(f, 1);
    }

    /**
     * @param f a footage row
     * @return the previous row of the same camera, or {@link #NONE}
     */
    public int footagePrevious(int f) {
        return (int) (footageWord(f, 2) & LOW) - 1;
    }

    private long versionWord(int v, int word) {
        return versions[v >>> CHUNK_SHIFT][(v & (CHUNK_ROWS - 1)) * VERSION_LONGS + word];
    }

    private long footageWord(int f, int word) {
        return footage[f >>> CHUNK_SHIFT][(f & (CHUNK_ROWS - 1)) * FOOTAGE_LONGS + word];
    }

    private long slotHeads(int slot) {
        return (long) LONGS.getAcquire(slots[slot >>> CHUNK_SHIFT], (slot & (CHUNK_ROWS - 1)) * SLOT_LONGS + 2);
    }

    private void setSlotHeads(int slot, long heads) {
        LONGS.setRelease(slots[slot >>> CHUNK_SHIFT], (slot & (CHUNK_ROWS - 1)) * SLOT_LONGS + 2, heads);
    }

    private static long[] chunk(long[][] directory, int row, int rowLongs) {
        long[] chunk = directory[row >>> CHUNK_SHIFT];
        if (chunk == null) {
            // Published to readers by the release of whatever first points into it.
            chunk = new long[CHUNK_ROWS * rowLongs];
            directory[row >>> CHUNK_SHIFT] = chunk;
        }
        return chunk;
    }

    private static long pack(int high, int low) {
        return ((long) high << 32) | (low & LOW);
    }
}
