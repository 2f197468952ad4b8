package io.geomatch.core.internal.segment;

import io.geomatch.core.IndexFormatException;
import org.agrona.DirectBuffer;

import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Verifies a snapshot's cameras block by block, each block the first time something reads it:
 * {@value #BLOCK} consecutive ordinals, with their camera rows, ids and runs. A block is good when
 * its checksum matches and its structure holds every invariant the query relies on (attributes,
 * view ranks, run offsets, merged runs, slot masks equal to the runs' slots); a bad block stays
 * bad, and everything that would read it fails with the same {@link IndexFormatException}.
 *
 * <p>What a block is checked against was verified when the file was opened: the block table
 * (per block, its first run and the views before it, checksummed and checked to ascend within the
 * header's counts), so a block's checksum covers a range inside its sections, and its checks
 * need nothing outside it but the first run offset of the block after it, which its checksum
 * covers too (the camera row after its last, or the sentinel row).
 *
 * <p>Thread-safe: any number of threads may require blocks at once. Two threads may verify the
 * same block at the same time; both reach the same verdict, which is published with release
 * semantics and read with acquire semantics. The columns never change, so a verdict stays true.
 */
public final class BlockVerifier {
    /** Log2 of the ordinals per block. */
    public static final int BLOCK_SHIFT = 13;
    /** Ordinals per block: a divisor of {@link IndexColumns#VIEW_BLOCK}, so each view block starts a block. */
    public static final int BLOCK = 1 << BLOCK_SHIFT;
    private static final VarHandle STATE = MethodHandles.arrayElementVarHandle(byte[].class);
    private static final byte UNKNOWN = 0;
    private static final byte GOOD = 1;
    private static final byte BAD = 2;

    /** For columns built in memory: nothing to verify. */
    static final BlockVerifier TRUSTED = new BlockVerifier();

    private final Path file;
    private final DirectBuffer cameras;
    private final DirectBuffer ids;
    private final DirectBuffer runs;
    private final int cameraCount;
    private final int classes;
    private final int stride;
    private final long slotBuckets;
    private final int[] viewBlocks;
    /** Per block and one more: its first run; the last entry is the run count. */
    private final int[] firstRun;
    /** Per block and one more: the views before it; the last entry is the view count. */
    private final int[] viewsBefore;
    /** Per block, the checksum of its rows, ids and runs, or {@code null} when whole-section checksums were verified instead. */
    private final int[] checksums;
    private final byte[] state;
    /** Per bad block, what is wrong with it. */
    private final String[] failures;
    private volatile boolean complete;

    private BlockVerifier() {
        this.file = null;
        this.cameras = null;
        this.ids = null;
        this.runs = null;
        this.cameraCount = 0;
        this.classes = 0;
        this.stride = 0;
        this.slotBuckets = 1;
        this.viewBlocks = null;
        this.firstRun = null;
        this.viewsBefore = null;
        this.checksums = null;
        this.state = new byte[0];
        this.failures = new String[0];
        this.complete = true;
    }

    /**
     * @param file the snapshot, for messages
     * @param cameras its camera rows, with the sentinel
     * @param ids its ids
     * @param runs its runs
     * @param classes its retention classes
     * @param stride bytes per run
     * @param slotBuckets buckets per footage slot
     * @param viewBlocks the views before each view block, verified
     * @param firstRun per block and one more, its first run, verified to ascend from 0 to at most the run count
     * @param viewsBefore per block and one more, the views before it, verified to ascend from 0 to at most the view count
     * @param checksums per block, its checksum, or {@code null} if the sections' checksums were verified
     */
    BlockVerifier(Path file, DirectBuffer cameras, DirectBuffer ids, DirectBuffer runs, int classes, int stride, long slotBuckets,
                  int[] viewBlocks, int[] firstRun, int[] viewsBefore, int[] checksums) {
        this.file = file;
        this.cameras = cameras;
        this.ids = ids;
        this.runs = runs;
        this.cameraCount = ids.capacity() / Long.BYTES;
        this.classes = classes;
        this.stride = stride;
        this.slotBuckets = slotBuckets;
        this.viewBlocks = viewBlocks;
        this.firstRun = firstRun;
        this.viewsBefore = viewsBefore;
        this.checksums = checksums;
        int blocks = blocksOf(cameraCount);
        this.state = new byte[blocks];
        this.failures = new String[blocks];
        this.complete = blocks == 0;
    }

    /**
     * @param cameraCount cameras
     * @return the blocks that hold them
     */
    static int blocksOf(int cameraCount) {
        return (int) ((cameraCount + (long) BLOCK - 1) >>> BLOCK_SHIFT);
    }

    /** @return whether every block has been verified good */
    public boolean complete() {
        return complete;
    }

    /**
     * Verifies, if not done yet, the blocks of the ordinals {@code [lo, hi)}.
     *
     * @param lo first ordinal
     * @param hi the ordinal after the last, at most the camera count
     * @throws UncheckedIOException wrapping the {@link IndexFormatException} of the first bad block among them
     */
    public void require(int lo, int hi) {
        if (complete || lo >= hi) {
            return;
        }
        for (int k = lo >>> BLOCK_SHIFT, last = (hi - 1) >>> BLOCK_SHIFT; k <= last; k++) {
            requireBlock(k);
        }
    }

    /**
     * Verifies, if not done yet, the blocks of the ordinals in spans.
     *
     * @param spans ordinal spans {@code [spans[2i], spans[2i+1])}, ascending
     * @param spanInts ints used in {@code spans}
     * @throws UncheckedIOException wrapping the {@link IndexFormatException} of the first bad block among them
     */
    public void requireSpans(int[] spans, int spanInts) {
        if (complete) {
            return;
        }
        int checked = -1;
        for (int i = 0; i < spanInts; i += 2) {
            if (spans[i] >= spans[i + 1]) {
                continue;
            }
            for (int k = Math.max(checked + 1, spans[i] >>> BLOCK_SHIFT), last = (spans[i + 1] - 1) >>> BLOCK_SHIFT; k <= last; k++) {
                requireBlock(k);
                checked = k;
            }
        }
    }

    private void requireBlock(int k) {
        byte s = (byte) STATE.getAcquire(state, k);
        if (s == GOOD) {
            return;
        }
        if (s == UNKNOWN) {
            IndexFormatException failure = verifyBlock(k);
            if (failure == null) {
                STATE.setRelease(state, k, GOOD);
                return;
            }
            failures[k] = failure.getMessage();
            STATE.setRelease(state, k, BAD);
        }
        throw new UncheckedIOException(new IndexFormatException(failures[k]));
    }

    /**
     * Verifies every block not verified yet, on all cores.
     *
     * @throws IndexFormatException the failure of the lowest bad block
     */
    public void verifyAll() throws IndexFormatException {
        if (complete) {
            return;
        }
        java.util.stream.IntStream.range(0, state.length).parallel().forEach(k -> {
            try {
                requireBlock(k);
            } catch (UncheckedIOException e) {
                // Recorded in the block's state; reported below in block order.
            }
        });
        for (int k = 0; k < state.length; k++) {
            if ((byte) STATE.getAcquire(state, k) != GOOD) {
                throw new IndexFormatException(failures[k]);
            }
        }
        complete = true;
    }

    /** @return the first inconsistency of block {@code k}, or {@code null} */
    private IndexFormatException verifyBlock(int k) {
        int lo = k << BLOCK_SHIFT;
        int hi = (int) Math.min((long) lo + BLOCK, cameraCount);
        int runsFrom = firstRun[k];
        int runsTo = firstRun[k + 1];
        if (checksums != null) {
            CRC32C crc = new CRC32C();
            update(crc, cameras, lo * IndexColumns.CAMERA_BYTES, (hi - lo + 1) * IndexColumns.CAMERA_BYTES);
            update(crc, ids, lo * Long.BYTES, (hi - lo) * Long.BYTES);
            update(crc, runs, runsFrom * stride, (runsTo - runsFrom) * stride);
            if ((int) crc.getValue() != checksums[k]) {
                return bad("block " + k + " (cameras " + lo + " to " + (hi - 1) + ") checksum mismatch (corrupted)");
            }
        }
        if (firstRun(lo) != runsFrom || firstRun(hi) != runsTo) {
            return bad("footage offsets of block " + k + " do not match the block table");
        }
        int view = viewsBefore[k];
        long span = slotBuckets > Long.MAX_VALUE / IndexColumns.SLOTS ? Long.MAX_VALUE : slotBuckets * IndexColumns.SLOTS;
        for (int o = lo; o < hi; o++) {
            int row = o * IndexColumns.CAMERA_BYTES;
            int attr = cameras.getShort(row + IndexColumns.ATTRS_OFFSET) & 0xFFFF;
            int rank = cameras.getShort(row + IndexColumns.VIEW_RANK_OFFSET) & 0xFFFF;
            boolean hasView = (attr & IndexColumns.ATTR_VIEW) != 0;
            if ((attr & ~(IndexColumns.CLASS_MASK | IndexColumns.ATTR_INELIGIBLE | IndexColumns.ATTR_VIEW)) != 0
                || (attr & IndexColumns.CLASS_MASK) >= classes || (hasView ? viewBlocks[o >>> 16] + rank != view : rank != 0)) {
                return bad("camera " + o + " has inconsistent attributes " + attr);
            }
            view += hasView ? 1 : 0;
            int a = firstRun(o);
            int b = firstRun(o + 1);
            if (b < a || b > runsTo) {
                return bad("footage offsets of camera " + o + " are inconsistent");
            }
            long mask0 = 0;
            long mask1 = 0;
            long previousLast = 0;
            for (int r = a; r < b; r++) {
                long first = runFirst(r);
                long last = runLast(r);
                if (first < 0 || first > last || (r > a && first <= previousLast + 1) || last >= span) {
                    return bad("footage run " + r + " of camera " + o + " is inconsistent");
                }
                previousLast = last;
                mask0 |= IndexColumns.runSlots(first, last, slotBuckets, 0);
                mask1 |= IndexColumns.runSlots(first, last, slotBuckets, 1);
            }
            if (mask0 != cameras.getLong(row + IndexColumns.MASK_OFFSET) || mask1 != cameras.getLong(row + IndexColumns.MASK_OFFSET + Long.BYTES)) {
                return bad("footage slot mask of camera " + o + " is inconsistent");
            }
        }
        if (view != viewsBefore[k + 1]) {
            return bad("views of block " + k + " do not match the block table");
        }
        return null;
    }

    private int firstRun(int ordinal) {
        return cameras.getInt(ordinal * IndexColumns.CAMERA_BYTES + IndexColumns.FIRST_RUN_OFFSET);
    }

    private long runFirst(int r) {
        return IndexColumns.runFirst(runs, stride, r);
    }

    private long runLast(int r) {
        return IndexColumns.runLast(runs, stride, r);
    }

    /**
     * Adds {@code length} bytes of a buffer from {@code offset} to a checksum. The buffer may be a
     * view at an offset into its {@code ByteBuffer} (an aligned allocation of {@code OffHeap}).
     */
    static void update(CRC32C crc, DirectBuffer buffer, int offset, int length) {
        int from = buffer.wrapAdjustment() + offset;
        crc.update(buffer.byteBuffer().duplicate().clear().position(from).limit(from + length));
    }

    private IndexFormatException bad(String problem) {
        return new IndexFormatException("index file " + file + " " + problem);
    }
}
