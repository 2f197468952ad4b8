package io.geomatch.core.internal.segment;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * A current-version snapshot's bytes, as a test edits them: where each section lies, and
 * {@link #reseal()} to recompute every checksum (the block table's per block, from the block
 * table's own first-run offsets, then each section's, then the header's) after an edit, so that
 * only the structural checks can refuse it. Written from the format description in
 * {@link SnapshotFile}, not from its code.
 */
final class SnapshotBytes {
    static final int HEADER = 64;
    static final int ENTRY = 32;
    static final int SECTIONS = 8;
    static final int BLOCK = 8192;
    static final int CAMERA_ROW = 24;

    final byte[] bytes;
    private final ByteBuffer all;

    SnapshotBytes(byte[] bytes) {
        this.bytes = bytes;
        this.all = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    int cameras() {
        return all.getInt(24);
    }

    int runStride() {
        return all.getInt(36);
    }

    int offset(int section) {
        return (int) all.getLong(HEADER + ENTRY * (section - 1) + 8);
    }

    int length(int section) {
        return (int) all.getLong(HEADER + ENTRY * (section - 1) + 16);
    }

    int blocks() {
        return (cameras() + BLOCK - 1) / BLOCK;
    }

    /** @return a little-endian view of one section, for editing */
    ByteBuffer section(int section) {
        return ByteBuffer.wrap(bytes, offset(section), length(section)).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** @return the first run of block {@code k}, from the block table, or the run count past the last block */
    int blockFirstRun(int k) {
        return k == blocks() ? all.getInt(28) : section(8).getInt(16 * k);
    }

    /** Edits one section, then reseals. */
    SnapshotBytes edit(int section, Consumer<ByteBuffer> edit) {
        edit.accept(section(section));
        return reseal();
    }

    /** Recomputes every checksum over the bytes as they now are. */
    SnapshotBytes reseal() {
        ByteBuffer table = section(8);
        int n = cameras();
        int stride = runStride();
        for (int k = 0; k < blocks(); k++) {
            int lo = k * BLOCK;
            int hi = Math.min(lo + BLOCK, n);
            CRC32C coordinates = new CRC32C();
            coordinates.update(bytes, offset(1) + lo * 16, (hi - lo) * 16);
            CRC32C rest = new CRC32C();
            rest.update(bytes, offset(2) + lo * CAMERA_ROW, (hi - lo + 1) * CAMERA_ROW);
            rest.update(bytes, offset(3) + lo * 8, (hi - lo) * 8);
            int from = blockFirstRun(k);
            int to = blockFirstRun(k + 1);
            if (from < 0 || from > to || (long) to * stride > length(5)) {
                // A crafted table whose runs lie outside the section: opening refuses it before any block checksum.
                continue;
            }
            rest.update(bytes, offset(5) + from * stride, (to - from) * stride);
            table.putInt(16 * k + 8, (int) coordinates.getValue());
            table.putInt(16 * k + 12, (int) rest.getValue());
        }
        for (int s = 1; s <= SECTIONS; s++) {
            boolean inBlocks = s == 1 || s == 2 || s == 3 || s == 5;
            CRC32C crc = new CRC32C();
            crc.update(bytes, offset(s), length(s));
            all.putInt(HEADER + ENTRY * (s - 1) + 24, inBlocks ? 0 : (int) crc.getValue());
        }
        return resealHeader();
    }

    /** Recomputes the header checksum only. */
    SnapshotBytes resealHeader() {
        CRC32C header = new CRC32C();
        header.update(bytes, 0, 56);
        header.update(bytes, HEADER, ENTRY * SECTIONS);
        all.putInt(56, (int) header.getValue());
        return this;
    }
}
