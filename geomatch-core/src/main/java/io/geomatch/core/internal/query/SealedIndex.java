package io.geomatch.core.internal.query;

import io.geomatch.core.IndexFormatException;
import io.geomatch.core.internal.memory.OffHeap;
import io.geomatch.core.internal.memory.Shared;
import io.geomatch.core.internal.segment.FootageBlocks;
import io.geomatch.core.internal.segment.IndexAssembler;
import io.geomatch.core.internal.segment.IndexColumns;
import io.geomatch.core.internal.segment.SnapshotFile;
import io.geomatch.core.internal.spatial.CellTree;
import io.geomatch.core.internal.spatial.SpatialMatcher;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A sealed segment made ready for queries: its {@link IndexColumns} plus the {@link CellTree} of
 * where each large cell splits, built when the segment is made or opened. A query is two passes
 * over it: the {@link CellDescent} collects the cameras the area covers, the {@link FootagePass}
 * keeps those with eligible, retained footage in the window. An {@link Overlay} of live changes
 * may decide the cameras it knows about.
 *
 * <p>Immutable; any number of threads may query it at once, each with its own scratch and result.
 * Its off-heap columns are owned by {@link #memory()}: whoever reads them holds it (see
 * {@code internal.memory}), and the last release frees or unmaps them at once.
 */
public final class SealedIndex {
    private final IndexColumns columns;
    private final CellTree tree;
    private final CellDescent descent;
    private final FootagePass footage;
    private final Shared memory;

    /**
     * @param columns the segment; this index owns its buffers from now on, and its creator holds {@link #memory()} once
     */
    public SealedIndex(IndexColumns columns) {
        this.columns = columns;
        this.tree = CellTree.build(columns.cameraCount(), columns::key, CellDescent.LEAF_CAMERAS);
        this.descent = new CellDescent(columns, tree);
        this.footage = new FootagePass(columns);
        this.memory = new Shared("a sealed segment of " + columns.cameraCount() + " cameras", () -> free(columns));
        memory.whenUnreachable(this);
    }

    private static void free(IndexColumns c) {
        OffHeap.free(c.coordinates());
        OffHeap.free(c.cameras());
        OffHeap.free(c.ids());
        OffHeap.free(c.runs());
        OffHeap.free(c.views());
    }

    /**
     * @return the holders of the columns: retain it before reading them on any thread that does not
     *     already hold it, release it after; the creator holds it once
     */
    public Shared memory() {
        return memory;
    }

    /** @return the bytes of the off-heap columns (memory-mapped ones included) */
    public long offHeapBytes() {
        return (long) columns.coordinates().capacity() + columns.cameras().capacity() + columns.ids().capacity()
            + columns.runs().capacity() + columns.views().capacity();
    }

    /**
     * Opens a snapshot file, verified in full, memory-mapped.
     *
     * @param file the snapshot
     * @return the index
     * @throws IndexFormatException if the file is missing, truncated, corrupted or of another version
     * @throws IOException if it cannot be read
     */
    public static SealedIndex open(Path file) throws IOException {
        return new SealedIndex(SnapshotFile.openVerified(file));
    }

    /**
     * Opens a snapshot file, memory-mapped, verified except for the blocks of camera rows, ids
     * and runs that {@link #match} verifies as it first reads them (see {@code BlockVerifier}).
     *
     * @param file the snapshot
     * @return the index
     * @throws IndexFormatException if the file is missing, truncated, corrupted or of another version
     * @throws IOException if it cannot be read
     */
    public static SealedIndex openLazily(Path file) throws IOException {
        return new SealedIndex(SnapshotFile.open(file));
    }

    /**
     * Verifies now every block a query has not read yet.
     *
     * @throws IndexFormatException for the first corrupt block
     */
    public void verifyAll() throws IndexFormatException {
        columns.verifier().verifyAll();
    }

    /**
     * @param bucketMillis the bucket size
     * @return an index without cameras
     */
    public static SealedIndex empty(long bucketMillis) {
        return new SealedIndex(new IndexAssembler(bucketMillis, (phase, done, total) -> { })
            .assemble(0, new long[0], new double[0], new double[0], new int[0], new long[0], new FootageBlocks()));
    }

    /**
     * The query, with its arguments already checked: the cameras {@code m} covers that are
     * eligible and hold footage retained at {@code nowMillis} in {@code [fromMillis, toMillis)}.
     *
     * @param m the area
     * @param fromMillis window start, inclusive
     * @param toMillis window end, exclusive, after the start
     * @param nowMillis when retention is judged
     * @param scratch the calling thread's working memory
     * @param into emptied, then filled with ascending ordinals
     * @param overlay changes that decide the cameras they know about, or {@code null}
     * @param byView whether cameras with a view match by what they see ({@code m} is then a polygon area)
     */
    public void match(SpatialMatcher m, long fromMillis, long toMillis, long nowMillis, QueryScratch scratch, MatchResult into,
                      Overlay overlay, boolean byView) {
        into.reset(this);
        scratch.reset(footage.retentionClasses());
        long lastBucket = footage.prepare(fromMillis, toMillis, nowMillis, scratch);
        descent.collect(m, scratch);
        if (byView && columns.maxRangeMillimeters() > 0) {
            descent.collectViewers(m, scratch, columns.maxRangeMillimeters() / 1000.0, overlay);
            scratch.mergeViewerSpans();
        }
        // A snapshot's blocks are verified the first time a query reads them.
        columns.verifier().requireSpans(scratch.spans(), scratch.spanInts());
        if (overlay == null) {
            footage.sealedPass(scratch, into);
        } else {
            footage.overlayPass(scratch, into, overlay, lastBucket);
        }
        footage.searchPending(scratch, into, lastBucket);
    }

    /**
     * For an overlay deciding a camera of this index: whether it is eligible and holds footage of
     * its own in the query's retained window.
     *
     * @param ordinal the camera
     * @param scratch the query's working memory, as {@link #match} set it
     * @param lastBucket the window's last bucket, relative to {@link #baseBucket()}
     * @return whether it matches on its stored footage
     */
    public boolean matchesOwnFootage(int ordinal, QueryScratch scratch, long lastBucket) {
        return footage.sealedHasFootage(ordinal, scratch, lastBucket);
    }

    /**
     * @param ordinal a camera
     * @return its retention class if it is eligible, else -1
     */
    public int eligibleClass(int ordinal) {
        return footage.eligibleClass(ordinal);
    }

    /**
     * Whether a camera's stored footage holds a bucket in {@code [firstBucket, lastBucket]},
     * ignoring eligibility and retention (the caller has folded retention into the range).
     *
     * @param ordinal a camera
     * @param firstBucket first bucket, absolute
     * @param lastBucket last bucket, absolute
     * @return whether some stored run meets the range
     */
    public boolean hasFootageBetween(int ordinal, long firstBucket, long lastBucket) {
        return footage.hasFootageBetween(ordinal, firstBucket, lastBucket);
    }

    /** @return the segment */
    public IndexColumns columns() {
        return columns;
    }

    /**
     * @param ordinal a camera
     * @return its view, packed, or {@code CameraView.NONE}
     */
    public long view(int ordinal) {
        return columns.view(ordinal);
    }

    /** @return the longest range of any view, metres, or 0 */
    public double maxRangeMeters() {
        return columns.maxRangeMillimeters() / 1000.0;
    }

    /** @return the bucket that stored runs are relative to */
    public long baseBucket() {
        return columns.baseBucket();
    }

    /** @return the number of cameras */
    public int cameraCount() {
        return columns.cameraCount();
    }

    /** @return the bucket size, milliseconds */
    public long bucketMillis() {
        return columns.bucketMillis();
    }

    /**
     * @param ordinal a camera
     * @return its id
     */
    public long cameraId(int ordinal) {
        return columns.ids().getLong(ordinal * Long.BYTES);
    }

    /** @return bytes of the cell tree, on the heap */
    public long treeBytes() {
        return tree.bytes();
    }
}
