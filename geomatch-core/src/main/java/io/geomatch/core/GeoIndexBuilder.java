package io.geomatch.core;

import io.geomatch.core.internal.contract.Checks;
import io.geomatch.core.internal.contract.FloorDivider;
import io.geomatch.core.internal.contract.TimeBuckets;
import io.geomatch.core.internal.query.SealedIndex;
import io.geomatch.core.internal.segment.FootageBlocks;
import io.geomatch.core.internal.segment.IndexAssembler;
import io.geomatch.core.internal.segment.IndexColumns;
import org.agrona.collections.Long2LongHashMap;

import java.util.Arrays;
import java.util.Objects;

/**
 * Collects cameras and their footage and builds an immutable, off-heap {@link GeoIndex}.
 *
 * <pre>{@code
 * GeoIndex index = GeoIndex.builder(60_000)
 *     .addCamera(Camera.at(42L, 41.8781, -87.6298).retentionDays(30))
 *     .addFootage(42L, startMillis, endMillis)
 *     .build();
 * }</pre>
 *
 * <p>Cameras must be added before their footage. Every argument is validated when it is given,
 * so a bad row is reported at once with the field, the value and the allowed range; the builder
 * is left as it was before the failing call. The one rule that spans rows, that each camera id
 * appears once, is checked by {@link #build()}, which names the id and the two cameras that have
 * it: checking it at every {@link #addCamera} takes a random access into a table of every id (at
 * 10 M cameras, two fifths of the time spent adding), while {@code build()} sorts a copy of the
 * ids in the arrays its sort of the cameras has made anyway (0.15 to 0.3 s at 10 M). A caller that
 * must report a duplicate where it read it (a file's line) checks as it reads, as
 * {@link io.geomatch.core.io.CameraCsv} does.
 *
 * <p>Memory: 36 bytes of heap per camera (up to half as much again while its arrays grow) and 12
 * bytes per footage interval until {@link #build()} (20 once some bucket lies 2^31 buckets or more
 * from the first one added); footage is stored in blocks, never copied while it grows. Footage
 * added camera by camera (all of one camera's intervals together) builds fastest: each camera's
 * intervals are then read where they lie, instead of being grouped first; and footage given in
 * the order the cameras were added needs no lookup of their ids, even past up to 15 cameras in a
 * row without footage (otherwise a table of the ids is made at the first lookup: about 25 to 50
 * bytes more per camera, and a random access into it for every camera added after).
 *
 * <p>Not thread-safe: one thread adds and builds. {@link #build()} itself uses all cores where
 * that pays.
 */
public final class GeoIndexBuilder {
    /**
     * Largest accepted magnitude of an instant, in epoch milliseconds (about the year 33658), so
     * that bucket arithmetic can never overflow.
     */
    public static final long MAX_ABS_MILLIS = Checks.MAX_ABS_MILLIS;

    private static final long MISSING = -1L;
    /** Cameras after the last footage's camera where the next footage's camera is looked for before its id is looked up. */
    private static final int FOLLOWING = 16;

    private final long bucketMillis;
    /** Instants to buckets ({@code floor(t/B)}), without a division instruction per instant. */
    private final FloorDivider buckets;
    /** Each id's insertion index (the first, for an id added twice), made at the first lookup of an id, else {@code null}. */
    private Long2LongHashMap indexOfId;
    private BuildProgress progress = BuildProgress.NONE;

    private int cameraCount;
    private long[] ids = new long[1024];
    private double[] latDegrees = new double[1024];
    private double[] lonDegrees = new double[1024];
    /** Retention and flags per camera, packed as the layers below the API carry them. */
    private int[] attributes = new int[1024];
    /** The view of each camera, packed, or 0 for none. */
    private long[] views = new long[1024];

    private final FootageBlocks footage = new FootageBlocks();
    /** The camera of the last footage added, and its insertion index: a feed usually adds a camera's footage together. */
    private long lastFootageId;
    private int lastFootageCamera = -1;

    GeoIndexBuilder(long bucketMillis) {
        Checks.bucketMillis(bucketMillis);
        this.bucketMillis = bucketMillis;
        this.buckets = new FloorDivider(bucketMillis);
    }

    /**
     * Sets the listener told about progress during {@link #build()}.
     *
     * @param listener the listener, not null
     * @return this builder
     */
    public GeoIndexBuilder progress(BuildProgress listener) {
        this.progress = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * Adds a camera.
     *
     * @param camera the camera; its id must not have been added before ({@link #build()} refuses
     *     an id added twice)
     * @return this builder
     * @throws InvalidInputException for one camera too many
     */
    public GeoIndexBuilder addCamera(Camera camera) {
        Objects.requireNonNull(camera, "camera");
        if (cameraCount == IndexColumns.MAX_CAMERAS) {
            throw new InvalidInputException("cameras", cameraCount + 1, "is too many, allowed at most " + IndexColumns.MAX_CAMERAS);
        }
        long id = camera.id();
        if (cameraCount == ids.length) {
            int capacity = grow(ids.length);
            ids = Arrays.copyOf(ids, capacity);
            latDegrees = Arrays.copyOf(latDegrees, capacity);
            lonDegrees = Arrays.copyOf(lonDegrees, capacity);
            attributes = Arrays.copyOf(attributes, capacity);
            views = Arrays.copyOf(views, capacity);
        }
        ids[cameraCount] = id;
        latDegrees[cameraCount] = camera.latDegrees();
        lonDegrees[cameraCount] = camera.lonDegrees();
        attributes[cameraCount] = camera.attributes();
        views[cameraCount] = camera.packedView();
        if (indexOfId != null) {
            indexOfId.putIfAbsent(id, cameraCount);
        }
        cameraCount++;
        return this;
    }

    /**
     * Adds an interval of footage {@code [startMillis, endMillis)} held by a camera. The index
     * records the time buckets it touches: {@code floor(start/B)} to {@code floor((end-1)/B)}.
     *
     * @param cameraId the id of a camera added before
     * @param startMillis inclusive start, epoch milliseconds
     * @param endMillis exclusive end, epoch milliseconds, greater than {@code startMillis}
     * @return this builder
     * @throws InvalidInputException for an unknown camera, {@code endMillis <= startMillis}, or an
     *     instant beyond {@link #MAX_ABS_MILLIS}
     */
    public GeoIndexBuilder addFootage(long cameraId, long startMillis, long endMillis) {
        int camera = lastFootageCamera;
        if (cameraId != lastFootageId || camera < 0) {
            // A feed that gives footage camera by camera in the order the cameras were added needs no lookup.
            long found = following(camera, cameraId);
            if (found == MISSING) {
                found = indexOf(cameraId);
            }
            if (found == MISSING) {
                throw new InvalidInputException("camera_id", cameraId, "is not a known camera: add the camera before its footage");
            }
            camera = (int) found;
        }
        Checks.interval(startMillis, endMillis);
        if (footage.size() == IndexColumns.MAX_RUNS) {
            throw new InvalidInputException("footage", footage.size() + 1L, "is too many intervals, allowed at most " + IndexColumns.MAX_RUNS);
        }
        footage.add(camera, TimeBuckets.firstBucket(startMillis, buckets), TimeBuckets.lastBucket(endMillis, buckets));
        lastFootageId = cameraId;
        lastFootageCamera = camera;
        return this;
    }

    /**
     * @param camera the camera of the footage added last, or -1
     * @param cameraId the id of the next footage's camera
     * @return the insertion index of that camera if it is one of the {@value #FOLLOWING} added
     *     after {@code camera} (the cameras between having no footage), else {@link #MISSING}
     */
    private long following(int camera, long cameraId) {
        for (int i = camera + 1, end = (int) Math.min(cameraCount, (long) camera + 1 + FOLLOWING); i < end; i++) {
            if (ids[i] == cameraId) {
                return i;
            }
        }
        return MISSING;
    }

    /** @return whether footage has needed a camera looked up by id, which made the table of ids (for tests) */
    boolean idTableMade() {
        return indexOfId != null;
    }

    /** @return the insertion index of the first camera added with that id, or {@link #MISSING} */
    private long indexOf(long cameraId) {
        if (indexOfId == null) {
            Long2LongHashMap made = new Long2LongHashMap(MISSING);
            for (int i = 0; i < cameraCount; i++) {
                made.putIfAbsent(ids[i], i);
            }
            indexOfId = made;
        }
        return indexOfId.get(cameraId);
    }

    private static int grow(int length) {
        long next = Math.min((long) length + (length >> 1) + 16, Integer.MAX_VALUE - 16);
        if (next <= length) {
            throw new IllegalStateException("builder is full at " + length + " entries");
        }
        return (int) next;
    }

    /** @return the bucket size chosen for this index, in milliseconds */
    public long bucketMillis() {
        return bucketMillis;
    }

    /** @return how many cameras have been added */
    public int cameraCount() {
        return cameraCount;
    }

    /** @return how many footage intervals have been added */
    public long footageCount() {
        return footage.size();
    }

    /**
     * Builds the index: sorts cameras into spatial order, groups footage into merged bucket runs
     * per camera and lays everything out off-heap. The builder may be discarded afterwards.
     *
     * @return a new index, safe for concurrent queries
     * @throws InvalidInputException for a camera id added twice, naming the id, the first camera
     *     (in the order they were added, counted from 1) whose id an earlier camera has, and that
     *     earlier camera, for example
     *     {@code id 7 is a duplicate: cameras 2 and 5 as added have it, each camera id may appear once};
     *     the builder is left as it was
     */
    public GeoIndex build() {
        IndexAssembler assembler = new IndexAssembler(bucketMillis, progress::onProgress);
        return new GeoIndex(new SealedIndex(assembler.assemble(cameraCount, ids, latDegrees, lonDegrees, attributes, views, footage)));
    }
}
