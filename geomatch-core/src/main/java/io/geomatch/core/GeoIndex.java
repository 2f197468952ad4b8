package io.geomatch.core;

import io.geomatch.core.internal.contract.Checks;
import io.geomatch.core.internal.contract.TimeBuckets;
import io.geomatch.core.internal.memory.Shared;
import io.geomatch.core.internal.query.SealedIndex;
import io.geomatch.core.internal.segment.IndexColumns;
import io.geomatch.core.internal.segment.SnapshotFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An immutable, off-heap index of cameras and the time buckets of their footage, answering
 * "which eligible cameras inside this area hold retained footage from this timeframe".
 *
 * <p>Matching follows the contract exactly (the README's "Matching contract"):
 * <ul>
 *   <li>a polygon covers a camera boundary-inclusively (JTS {@code covers}); a circle by
 *       haversine distance; H3 cells by {@code latLngToCell} at each cell's resolution;</li>
 *   <li>footage {@code [s, e)} occupies buckets {@code floor(s/B)..floor((e-1)/B)};</li>
 *   <li>a window {@code [from, to)} spans buckets {@code floor(from/B)..floor((to-1)/B)};</li>
 *   <li>bucket {@code b} is retained at {@code now} if {@code (b+1)*B > now - retentionDays*86400000};</li>
 *   <li>only cameras with {@code optedIn && !e2ee} match.</li>
 * </ul>
 *
 * <p>How a query runs: cameras are stored in Morton (Z-order) key order, so every quadtree cell
 * is one contiguous run of ordinals. A spatial pass walks the quadtree from the cells that enclose
 * the area's box, taking cells the area covers whole, skipping cells it misses, and testing
 * cameras only along the area's boundary (mostly by which side of a few edges' lines they lie on);
 * a footage pass then decides each candidate from a 128-slot summary of its footage, and searches
 * its merged bucket runs only when the summary cannot tell. The package
 * {@code io.geomatch.core.internal.query} holds that engine; the README's Design section
 * describes it with measurements.
 *
 * <p>An index opened from a snapshot verifies each block of 8,192 cameras the first time a query
 * reads it (see {@link #open}): every query method may then throw an
 * {@link java.io.UncheckedIOException} wrapping the {@link IndexFormatException} of a corrupt
 * block, instead of reading it.
 *
 * <p>Threading: any number of threads may query one index concurrently, each with its own
 * {@link Matches}. {@link #match} does not allocate once its {@code Matches} has grown to the
 * result size.
 *
 * <p>Memory: {@link #close()} makes later calls fail with an {@link IllegalStateException} and
 * frees the off-heap memory (or unmaps the file) at once, unless a query is still running on it
 * (the last one to finish frees it) or a live index or a sealed index it handed out shares it
 * (then the last of those to close frees it). A query racing {@code close} finishes correctly or
 * fails cleanly, and never reads freed memory. The ids of a result are read from the index when
 * asked for: read them before closing the index, or {@code Matches.ids()} refuses with an
 * {@code IllegalStateException} once the memory is gone. An index that is never closed is freed by
 * the garbage collector, as any direct buffer.
 *
 * @see GeoIndexBuilder
 * @see LiveIndex
 * @see Area
 */
public final class GeoIndex implements AutoCloseable {
    /** Milliseconds in a day, as the retention rule counts them. */
    public static final long MILLIS_PER_DAY = TimeBuckets.MILLIS_PER_DAY;

    private final SealedIndex index;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** @param index the engine's index; this handle takes over its creator's hold on its memory */
    GeoIndex(SealedIndex index) {
        this.index = index;
    }

    /**
     * Starts building an index.
     *
     * @param bucketMillis the time bucket size {@code B} in milliseconds, 1 (exact) to 366 days
     * @return a new builder
     * @throws InvalidInputException if {@code bucketMillis} is out of range
     */
    public static GeoIndexBuilder builder(long bucketMillis) {
        return new GeoIndexBuilder(bucketMillis);
    }

    /**
     * Opens a snapshot written by {@link #snapshot(Path)} and memory-maps it read-only. Opening
     * verifies the header and section table, every length, the checksums of the coordinates and
     * of the small sections, and the structure every query relies on (coordinates in range and in
     * spatial order, views, the table of blocks). The rest, the camera rows, ids and footage runs
     * in blocks of 8,192 cameras, is verified (CRC32C and structure) the first time a query reads
     * a block; a query that would read a corrupt block fails with an {@link UncheckedIOException}
     * wrapping an {@link IndexFormatException}, and so does every later query that reads it.
     * {@link #verify()} verifies every block at once. The opened index answers exactly as the one
     * that was saved. Snapshots of format versions 2 and 3 (before the block table) are verified
     * completely here.
     *
     * @param file the snapshot file
     * @return the index
     * @throws IndexFormatException if the file is missing, truncated, corrupted or of another version
     * @throws IOException if it cannot be read
     */
    public static GeoIndex open(Path file) throws IOException {
        return new GeoIndex(SealedIndex.openLazily(file));
    }

    /**
     * Verifies now every block of an opened snapshot that no query has read yet (see
     * {@link #open}), on all cores; does nothing for a built index or one already verified.
     *
     * @throws IndexFormatException naming the file and the first corrupt block
     * @throws IllegalStateException if the index is closed
     */
    public void verify() throws IndexFormatException {
        sealed().verifyAll();
    }

    /**
     * Writes this index to a snapshot file: to a temporary file in the same directory, forced to
     * disk, then atomically renamed over {@code file}. An index opened from a snapshot is first
     * verified completely ({@link #verify()}), so that a corrupt block is never written with a
     * fresh checksum.
     *
     * @param file the target file
     * @throws IndexFormatException if this index was opened from a snapshot that has a corrupt block
     * @throws IOException if it cannot be written; {@code file} is then untouched
     */
    public void snapshot(Path file) throws IOException {
        Shared memory = retain();
        try {
            SnapshotFile.write(index.columns(), file);
        } finally {
            memory.release();
        }
    }

    /**
     * Finds the cameras inside {@code area} that are eligible and hold retained footage in the
     * window, into a caller-owned container. Allocation-free once {@code into} has grown.
     *
     * @param area the area
     * @param fromMillis window start, inclusive, epoch ms
     * @param toMillis window end, exclusive, epoch ms, greater than {@code fromMillis}
     * @param nowMillis the time at which retention is judged, epoch ms
     * @param into cleared, then filled with the matching ordinals in ascending order
     * @throws InvalidInputException if {@code fromMillis >= toMillis} or an instant is out of range
     * @throws IllegalStateException if the index is closed
     */
    public void match(Area area, long fromMillis, long toMillis, long nowMillis, Matches into) {
        match(area, fromMillis, toMillis, nowMillis, MatchMode.POSITION, into);
    }

    /**
     * {@link #match(Area, long, long, long, Matches)} in a given mode: by position, or by what
     * the cameras see ({@link MatchMode#VIEW}; then a camera with a view matches when its sector
     * meets the area). Allocation-free once {@code into} has grown.
     *
     * @param area the area; a polygon area for {@link MatchMode#VIEW}
     * @param fromMillis window start, inclusive, epoch ms
     * @param toMillis window end, exclusive, epoch ms, greater than {@code fromMillis}
     * @param nowMillis the time at which retention is judged, epoch ms
     * @param mode what makes a camera match
     * @param into cleared, then filled with the matching ordinals in ascending order
     * @throws InvalidInputException if {@code fromMillis >= toMillis}, an instant is out of range,
     *     or the area is a circle or H3 cells in {@link MatchMode#VIEW}
     * @throws IllegalStateException if the index is closed
     */
    public void match(Area area, long fromMillis, long toMillis, long nowMillis, MatchMode mode, Matches into) {
        checkQuery(area, fromMillis, toMillis, nowMillis, mode, into);
        Shared memory = retain();
        try {
            index.match(area.matcherFor(mode), fromMillis, toMillis, nowMillis, into.scratch(), into.result(), null, mode == MatchMode.VIEW);
        } finally {
            memory.release();
        }
    }

    /** The argument checks of every query, sealed or live. */
    static void checkQuery(Area area, long fromMillis, long toMillis, long nowMillis, MatchMode mode, Matches into) {
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(into, "into");
        Checks.window(fromMillis, toMillis, nowMillis);
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
        return matchIds(area, fromMillis, toMillis, nowMillis, MatchMode.POSITION);
    }

    /**
     * Convenience form of {@link #match(Area, long, long, long, MatchMode, Matches)}: the matching
     * camera ids, ascending. Allocates.
     *
     * @param area the area
     * @param fromMillis window start, inclusive, epoch ms
     * @param toMillis window end, exclusive, epoch ms
     * @param nowMillis the time at which retention is judged, epoch ms
     * @param mode what makes a camera match
     * @return matching camera ids, ascending
     */
    public long[] matchIds(Area area, long fromMillis, long toMillis, long nowMillis, MatchMode mode) {
        Matches matches = new Matches();
        match(area, fromMillis, toMillis, nowMillis, mode, matches);
        return matches.ids();
    }

    /**
     * Convenience form of {@link #match} that only counts.
     *
     * @param area the area
     * @param fromMillis window start, inclusive, epoch ms
     * @param toMillis window end, exclusive, epoch ms
     * @param nowMillis the time at which retention is judged, epoch ms
     * @return how many cameras match
     */
    public int count(Area area, long fromMillis, long toMillis, long nowMillis) {
        return count(area, fromMillis, toMillis, nowMillis, MatchMode.POSITION);
    }

    /**
     * Convenience form of {@link #match(Area, long, long, long, MatchMode, Matches)} that only counts.
     *
     * @param area the area
     * @param fromMillis window start, inclusive, epoch ms
     * @param toMillis window end, exclusive, epoch ms
     * @param nowMillis the time at which retention is judged, epoch ms
     * @param mode what makes a camera match
     * @return how many cameras match
     */
    public int count(Area area, long fromMillis, long toMillis, long nowMillis, MatchMode mode) {
        Matches matches = Matches.countOnly();
        match(area, fromMillis, toMillis, nowMillis, mode, matches);
        return matches.count();
    }

    /** @return the number of cameras, eligible or not */
    public int cameraCount() {
        return index.cameraCount();
    }

    /** @return the time bucket size {@code B}, milliseconds */
    public long bucketMillis() {
        return index.bucketMillis();
    }

    /** @return the number of merged footage runs (bucket intervals) held */
    public long footageRunCount() {
        return index.columns().runCount();
    }

    /**
     * @return bytes of off-heap memory (or mapped file) the index occupies: {@link #spatialBytes()}
     *     without its on-heap cell tree, plus {@link #footageBytes()}, plus 8 bytes per camera of ids,
     *     plus 8 bytes per camera that has a view; what a {@link LiveIndex} built on it counts for it
     */
    public long offHeapBytes() {
        return index.offHeapBytes();
    }

    /**
     * The spatial part of the index: 16 bytes of coordinates per camera, off-heap, plus the cell
     * tree of split positions on the heap (16 bytes per cell of more than 32 cameras, typically
     * well under one byte per camera).
     *
     * @return bytes used to answer "where"
     */
    public long spatialBytes() {
        return (long) index.columns().coordinates().capacity() + index.treeBytes();
    }

    /**
     * The time and eligibility part of the index, off-heap: per camera a 24-byte row (footage slot
     * mask, first run, retention class and flags), plus the merged footage runs (4, 8 or 16 bytes
     * each, the narrowest that holds the footage's span of buckets).
     *
     * @return bytes used to answer "when" and "who may be asked"
     */
    public long footageBytes() {
        IndexColumns c = index.columns();
        return (long) c.cameras().capacity() + c.runs().capacity();
    }

    /**
     * @param ordinal a position in the index, {@code 0..cameraCount()-1}
     * @return the camera id stored there
     */
    public long cameraId(int ordinal) {
        Shared memory = retain();
        try {
            index.columns().requireVerified(ordinal, ordinal + 1);
            return index.cameraId(ordinal);
        } finally {
            memory.release();
        }
    }

    /**
     * @param ordinal a position in the index
     * @return the camera's latitude, degrees
     */
    public double latDegrees(int ordinal) {
        Shared memory = retain();
        try {
            return index.columns().latDegrees(ordinal);
        } finally {
            memory.release();
        }
    }

    /**
     * @param ordinal a position in the index
     * @return the camera's longitude, degrees
     */
    public double lonDegrees(int ordinal) {
        Shared memory = retain();
        try {
            return index.columns().lonDegrees(ordinal);
        } finally {
            memory.release();
        }
    }

    /**
     * Closes this handle: every later query, snapshot, accessor or live index started from it
     * fails with an {@link IllegalStateException}, and its off-heap memory (or mapping) is freed
     * at once, unless something else still holds it: a query already running (which finishes
     * normally, and frees it), a live index started from it, or a view of one. Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            index.memory().release();
        }
    }

    /**
     * @return the engine's index, every block verified, for what reads all of it
     * @throws UncheckedIOException wrapping the {@link IndexFormatException} of a corrupt block
     */
    SealedIndex verifiedSealed() {
        try {
            sealed().verifyAll();
        } catch (IndexFormatException e) {
            throw new UncheckedIOException(e);
        }
        return index;
    }

    /** @return the engine's index, after checking that this handle is open (its memory is not held for the caller) */
    SealedIndex sealed() {
        if (closed.get()) {
            throw new IllegalStateException("this GeoIndex is closed");
        }
        return index;
    }

    /** @return the index's memory, held for the caller, who releases it */
    private Shared retain() {
        Shared memory = sealed().memory();
        if (!memory.tryRetain()) {
            throw new IllegalStateException("this GeoIndex is closed");
        }
        return memory;
    }
}
