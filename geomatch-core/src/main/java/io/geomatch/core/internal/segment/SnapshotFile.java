package io.geomatch.core.internal.segment;

import io.geomatch.core.IndexFormatException;
import io.geomatch.core.internal.contract.CameraView;
import io.geomatch.core.internal.contract.Checks;
import io.geomatch.core.internal.disk.AtomicFile;
import io.geomatch.core.internal.disk.Disk;
import io.geomatch.core.internal.spatial.MortonCode;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import java.util.zip.CRC32C;

/**
 * The snapshot file format: one file holding every column of an {@link IndexColumns}.
 *
 * <pre>
 * offset  size  field
 * 0       8     magic "GEOMATCH"
 * 8       4     format version ({@value #VERSION}; version 2, without views, is still read)
 * 12      4     section count ({@value #SECTIONS}; 5 in version 2)
 * 16      8     bucketMillis
 * 24      4     camera count
 * 28      4     run count
 * 32      4     retention class count
 * 36      4     run stride: 8 (int bounds) or 16 (long bounds)
 * 40      8     base bucket of the runs
 * 48      8     buckets per footage slot
 * 56      4     CRC32C of bytes 0..56 and of the section table
 * 60      4     reserved, zero
 * 64      32*S  section table: id (4), reserved (4), offset (8), length (8), CRC32C (4), reserved (4)
 * ...           sections, each non-empty one starting on a 64-byte boundary
 * </pre>
 *
 * Sections: 1 coordinates, 2 camera rows (with the sentinel), 3 ids, 4 retention values (int
 * each), 5 runs, and since version 3: 6 views (8 bytes per camera that has one), 7 view blocks
 * (int per block of {@value IndexColumns#VIEW_BLOCK} ordinals: the views before it).
 *
 * All numbers are little-endian. Writing goes to a temporary file in the target directory, is
 * forced to disk and then renamed atomically over the target. Reading checks the magic, version,
 * every length against the header counts and the file size, every checksum, and the structural
 * invariants the query code relies on (coordinates in range and in key order, monotone run
 * offsets, merged runs, slot masks that match the runs), then memory-maps each section read-only. Any failure is an
 * {@link IndexFormatException}; nothing is mapped for a bad file.
 */
public final class SnapshotFile {
    /** Current format version. */
    public static final int VERSION = 3;
    /** The oldest version read: without views. */
    private static final int VERSION_WITHOUT_VIEWS = 2;
    static final byte[] MAGIC = {'G', 'E', 'O', 'M', 'A', 'T', 'C', 'H'};
    static final int HEADER_BYTES = 64;
    static final int TABLE_ENTRY_BYTES = 32;
    static final int SECTIONS = 7;
    private static final int SECTIONS_WITHOUT_VIEWS = 5;
    static final int HEADER_CRC_OFFSET = 56;
    private static final int ALIGNMENT = 64;
    private static final int COPY_CHUNK = 1 << 20;
    /** Cameras verified per parallel task when opening. */
    private static final int VERIFY_CHUNK = 1 << 18;

    private static final int COORDINATES = 1;
    private static final int CAMERAS = 2;
    private static final int IDS = 3;
    private static final int RETENTION = 4;
    private static final int RUNS = 5;
    private static final int VIEWS = 6;
    private static final int VIEW_BLOCKS = 7;

    private SnapshotFile() {
    }

    /**
     * Writes the columns to {@code target} atomically.
     *
     * @param columns the index
     * @param target the file to create or replace
     * @throws IOException if writing fails; the target is then untouched and no temporary file remains
     */
    public static void write(IndexColumns columns, Path target) throws IOException {
        write(columns, target, Disk.SYSTEM);
    }

    /**
     * Writes the columns to {@code target} atomically, through a given disk.
     *
     * @param columns the index
     * @param target the file to create or replace
     * @param disk the disk to write through
     * @throws IOException if writing fails; see {@link AtomicFile} for what is left then
     */
    public static void write(IndexColumns columns, Path target, Disk disk) throws IOException {
        AtomicFile.write(disk, target, ch -> {
            DirectBuffer[] sections = sectionsOf(columns);
            long[] offsets = new long[SECTIONS];
            long[] lengths = new long[SECTIONS];
            int[] crcs = new int[SECTIONS];
            long position = HEADER_BYTES + (long) TABLE_ENTRY_BYTES * SECTIONS;
            ByteBuffer chunk = ByteBuffer.allocateDirect(COPY_CHUNK);
            for (int s = 0; s < SECTIONS; s++) {
                lengths[s] = sections[s].capacity();
                // Empty sections take no space, so the file ends exactly where the last data ends.
                position = lengths[s] > 0 ? align(position) : position;
                offsets[s] = position;
                crcs[s] = copy(sections[s], ch, position, chunk);
                position += lengths[s];
            }
            ByteBuffer header = header(columns, offsets, lengths, crcs);
            while (header.hasRemaining()) {
                ch.write(header, header.position());
            }
            ch.truncate(position);
        });
    }

    private static DirectBuffer[] sectionsOf(IndexColumns c) {
        UnsafeBuffer retention = new UnsafeBuffer(ByteBuffer.allocateDirect(c.retentionDays().length * Integer.BYTES));
        for (int i = 0; i < c.retentionDays().length; i++) {
            retention.putInt(i * Integer.BYTES, c.retentionDays()[i]);
        }
        UnsafeBuffer blocks = new UnsafeBuffer(ByteBuffer.allocateDirect(c.viewBlocks().length * Integer.BYTES));
        for (int i = 0; i < c.viewBlocks().length; i++) {
            blocks.putInt(i * Integer.BYTES, c.viewBlocks()[i]);
        }
        DirectBuffer[] s = new DirectBuffer[SECTIONS];
        s[COORDINATES - 1] = c.coordinates();
        s[CAMERAS - 1] = c.cameras();
        s[IDS - 1] = c.ids();
        s[RETENTION - 1] = retention;
        s[RUNS - 1] = c.runs();
        s[VIEWS - 1] = c.views();
        s[VIEW_BLOCKS - 1] = blocks;
        return s;
    }

    private static int copy(DirectBuffer src, FileChannel ch, long position, ByteBuffer chunk) throws IOException {
        CRC32C crc = new CRC32C();
        int length = src.capacity();
        for (int done = 0; done < length; ) {
            int n = Math.min(COPY_CHUNK, length - done);
            chunk.clear().limit(n);
            src.getBytes(done, chunk, n);
            chunk.flip();
            crc.update(chunk.duplicate());
            while (chunk.hasRemaining()) {
                ch.write(chunk, position + done + chunk.position());
            }
            done += n;
        }
        return (int) crc.getValue();
    }

    private static ByteBuffer header(IndexColumns c, long[] offsets, long[] lengths, int[] crcs) {
        ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES + TABLE_ENTRY_BYTES * SECTIONS).order(ByteOrder.LITTLE_ENDIAN);
        h.put(MAGIC).putInt(VERSION).putInt(SECTIONS).putLong(c.bucketMillis()).putInt(c.cameraCount())
            .putInt(c.runCount()).putInt(c.retentionDays().length).putInt(c.runStride()).putLong(c.baseBucket())
            .putLong(c.slotBuckets());
        h.position(HEADER_BYTES);
        for (int s = 0; s < SECTIONS; s++) {
            h.putInt(s + 1).putInt(0).putLong(offsets[s]).putLong(lengths[s]).putInt(crcs[s]).putInt(0);
        }
        h.putInt(HEADER_CRC_OFFSET, headerCrc(h, SECTIONS));
        h.clear();
        return h;
    }

    private static int headerCrc(ByteBuffer h, int sections) {
        CRC32C crc = new CRC32C();
        crc.update(h.array(), 0, HEADER_CRC_OFFSET);
        crc.update(h.array(), HEADER_BYTES, TABLE_ENTRY_BYTES * sections);
        return (int) crc.getValue();
    }

    private static long align(long position) {
        return (position + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /**
     * Opens, verifies and memory-maps a snapshot.
     *
     * @param file the snapshot
     * @return the mapped columns
     * @throws IndexFormatException if the file is missing, truncated, corrupt or of another version
     * @throws IOException if reading fails
     */
    public static IndexColumns open(Path file) throws IOException {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new IndexFormatException("index file " + file + ": this platform is big-endian; snapshots are little-endian");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer start = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            if (size < 12) {
                throw bad(file, "is truncated: " + size + " bytes, a header needs " + (HEADER_BYTES + TABLE_ENTRY_BYTES * SECTIONS));
            }
            readFully(ch, start, 0);
            byte[] magic = new byte[MAGIC.length];
            start.get(0, magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw bad(file, "is not a geomatch index (bad magic)");
            }
            int version = start.getInt(8);
            if (version != VERSION && version != VERSION_WITHOUT_VIEWS) {
                throw bad(file, "has format version " + version + ", this library reads versions " + VERSION_WITHOUT_VIEWS + " and "
                    + VERSION);
            }
            int sections = version == VERSION ? SECTIONS : SECTIONS_WITHOUT_VIEWS;
            ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES + TABLE_ENTRY_BYTES * sections).order(ByteOrder.LITTLE_ENDIAN);
            if (size < h.capacity()) {
                throw bad(file, "is truncated: " + size + " bytes, the header needs " + h.capacity());
            }
            readFully(ch, h, 0);
            if (h.getInt(12) != sections) {
                throw bad(file, "has " + h.getInt(12) + " sections, expected " + sections);
            }
            if (h.getInt(HEADER_CRC_OFFSET) != headerCrc(h, sections)) {
                throw bad(file, "header checksum mismatch (corrupted)");
            }
            long bucketMillis = h.getLong(16);
            int n = h.getInt(24);
            int runs = h.getInt(28);
            int classes = h.getInt(32);
            int stride = h.getInt(36);
            long baseBucket = h.getLong(40);
            long slotBuckets = h.getLong(48);
            // Every bound the builder guarantees, so that no arithmetic on these values can overflow.
            if (bucketMillis < 1 || bucketMillis > Checks.MAX_BUCKET_MILLIS || n < 0 || runs < 0 || classes < 0
                || classes > IndexColumns.CLASS_MASK + 1 || n > IndexColumns.MAX_CAMERAS || runs > IndexColumns.MAX_RUNS
                || (stride != IndexColumns.NARROW_RUN && stride != IndexColumns.WIDE_RUN)
                || (long) stride * runs > IndexColumns.MAX_COLUMN_BYTES
                || baseBucket < -Checks.MAX_ABS_MILLIS || baseBucket > Checks.MAX_ABS_MILLIS
                || slotBuckets < 1 || slotBuckets > Long.MAX_VALUE / IndexColumns.SLOTS) {
                throw bad(file, "header holds impossible counts (bucketMillis=" + bucketMillis + ", cameras=" + n
                    + ", runs=" + runs + ", classes=" + classes + ", runStride=" + stride + ", baseBucket=" + baseBucket
                    + ", slotBuckets=" + slotBuckets + ")");
            }
            int blocks = (int) ((n + (long) IndexColumns.VIEW_BLOCK - 1) / IndexColumns.VIEW_BLOCK);
            long[] expected = {(long) IndexColumns.COORDINATE_BYTES * n, IndexColumns.CAMERA_BYTES * (n + 1L), 8L * n,
                4L * classes, (long) stride * runs, -1, 4L * blocks};
            UnsafeBuffer[] mapped = new UnsafeBuffer[sections];
            int[] crcs = new int[sections];
            for (int s = 0; s < sections; s++) {
                int at = HEADER_BYTES + s * TABLE_ENTRY_BYTES;
                int id = h.getInt(at);
                long offset = h.getLong(at + 8);
                long length = h.getLong(at + 16);
                int crc = h.getInt(at + 24);
                // The views section holds 8 bytes per camera with a view: at most one per camera.
                boolean lengthOk = s + 1 == VIEWS ? length >= 0 && length % IndexColumns.VIEW_BYTES == 0
                    && length <= (long) IndexColumns.VIEW_BYTES * n : length == expected[s];
                if (id != s + 1 || !lengthOk) {
                    throw bad(file, "section " + (s + 1) + " has id " + id + " and length " + length + ", expected length "
                        + (s + 1 == VIEWS ? "a multiple of 8 up to " + (long) IndexColumns.VIEW_BYTES * n : Long.toString(expected[s])));
                }
                if (offset < h.capacity()) {
                    throw bad(file, "section " + id + " has an invalid offset " + offset + " inside the header");
                }
                if (offset > size || length > size - offset) {
                    throw bad(file, "is truncated: section " + id + " needs " + length + " bytes from offset " + offset
                        + " but the file has " + size);
                }
                MappedByteBuffer region = ch.map(FileChannel.MapMode.READ_ONLY, offset, length);
                crcs[s] = crc;
                mapped[s] = new UnsafeBuffer(region);
            }
            // Checksums in parallel; the lowest failing section is reported, whichever thread finds it.
            OptionalInt corrupt = IntStream.range(0, sections).parallel()
                .filter(s -> crc32c(mapped[s]) != crcs[s]).min();
            if (corrupt.isPresent()) {
                throw bad(file, "section " + (corrupt.getAsInt() + 1) + " checksum mismatch (corrupted)");
            }
            int[] retention = new int[classes];
            for (int i = 0; i < classes; i++) {
                retention[i] = mapped[RETENTION - 1].getInt(i * Integer.BYTES);
            }
            int[] viewBlocks = new int[blocks];
            UnsafeBuffer views;
            if (version == VERSION) {
                views = mapped[VIEWS - 1];
                for (int i = 0; i < blocks; i++) {
                    viewBlocks[i] = mapped[VIEW_BLOCKS - 1].getInt(i * Integer.BYTES);
                }
            } else {
                views = new UnsafeBuffer(ByteBuffer.allocateDirect(0));
            }
            IndexColumns unverified = new IndexColumns(bucketMillis, n, runs, retention,
                mapped[COORDINATES - 1], mapped[CAMERAS - 1], mapped[IDS - 1], baseBucket, stride, mapped[RUNS - 1], slotBuckets,
                views, viewBlocks, 0);
            int maxRange = verifyStructure(file, unverified);
            return new IndexColumns(bucketMillis, n, runs, retention, unverified.coordinates(), unverified.cameras(), unverified.ids(),
                baseBucket, stride, unverified.runs(), slotBuckets, views, viewBlocks, maxRange);
        } catch (NoSuchFileException e) {
            throw new IndexFormatException("index file " + file + " does not exist");
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer into, long position) throws IOException {
        while (into.hasRemaining()) {
            if (ch.read(into, position + into.position()) < 0) {
                break;
            }
        }
        into.clear();
    }

    /**
     * Checks every invariant that the query path relies on, so a crafted file cannot mislead it.
     *
     * @return the longest range of the views, millimetres, or 0
     */
    static int verifyStructure(Path file, IndexColumns c) throws IndexFormatException {
        int[] retention = c.retentionDays();
        for (int i = 0; i < retention.length; i++) {
            if (retention[i] < 1 || retention[i] > 3650 || (i > 0 && retention[i] <= retention[i - 1])) {
                throw bad(file, "retention class " + i + " holds " + retention[i] + " days (inconsistent)");
            }
        }
        int n = c.cameraCount();
        if (c.firstRun(0) != 0 || c.firstRun(n) != c.runCount()) {
            throw bad(file, "footage offsets do not cover the " + c.runCount() + " runs");
        }
        // Chunks of cameras in parallel; the failure of the lowest chunk is reported.
        int chunks = (n + VERIFY_CHUNK - 1) / VERIFY_CHUNK;
        IndexFormatException[] failures = new IndexFormatException[chunks];
        int[] blockViews = new int[c.viewBlocks().length];
        IntStream.range(0, chunks).parallel().forEach(k ->
            failures[k] = verifyCameras(file, c, k * VERIFY_CHUNK, (int) Math.min((long) (k + 1) * VERIFY_CHUNK, n), blockViews));
        for (IndexFormatException failure : failures) {
            if (failure != null) {
                throw failure;
            }
        }
        // Each camera's view rank was checked against its block's count; the blocks must add up to the views.
        int[] blocks = c.viewBlocks();
        int viewCount = c.viewCount();
        long before = 0;
        for (int b = 0; b < blocks.length; b++) {
            if (blocks[b] != before) {
                throw bad(file, "view block " + b + " is inconsistent");
            }
            before += blockViews[b];
        }
        if (before != viewCount) {
            throw bad(file, "view blocks do not add up to the " + viewCount + " views");
        }
        int maxRange = 0;
        for (int v = 0; v < viewCount; v++) {
            long view = c.views().getLong(v * IndexColumns.VIEW_BYTES);
            if (view == CameraView.NONE || !CameraView.valid(view)) {
                throw bad(file, "view " + v + " is inconsistent");
            }
            maxRange = Math.max(maxRange, CameraView.rangeMillimeters(view));
        }
        return maxRange;
    }

    /** @return the first inconsistency among cameras {@code [from, to)}, or {@code null} */
    private static IndexFormatException verifyCameras(Path file, IndexColumns c, int from, int to, int[] blockViews) {
        int classes = c.retentionDays().length;
        long previousKey = from == 0 ? -1 : c.key(from - 1);
        // Chunks start on block boundaries, so a chunk counts the views of its own blocks.
        assert from % IndexColumns.VIEW_BLOCK == 0;
        int viewsInBlock = 0;
        long slotBuckets = c.slotBuckets();
        long span = slotBuckets > Long.MAX_VALUE / IndexColumns.SLOTS ? Long.MAX_VALUE : slotBuckets * IndexColumns.SLOTS;
        for (int o = from; o < to; o++) {
            double lat = c.latDegrees(o);
            double lon = c.lonDegrees(o);
            if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) {
                return bad(file, "camera " + o + " has inconsistent coordinates or order");
            }
            long key = MortonCode.keyOf(lat, lon);
            if (key < previousKey) {
                return bad(file, "camera " + o + " has inconsistent coordinates or order");
            }
            previousKey = key;
            int attr = c.attrs(o);
            if ((o & (IndexColumns.VIEW_BLOCK - 1)) == 0) {
                viewsInBlock = 0;
            }
            int rank = c.cameras().getShort(o * IndexColumns.CAMERA_BYTES + IndexColumns.VIEW_RANK_OFFSET) & 0xFFFF;
            boolean hasView = (attr & IndexColumns.ATTR_VIEW) != 0;
            if ((attr & ~(IndexColumns.CLASS_MASK | IndexColumns.ATTR_INELIGIBLE | IndexColumns.ATTR_VIEW)) != 0
                || (attr & IndexColumns.CLASS_MASK) >= classes || rank != (hasView ? viewsInBlock : 0)) {
                return bad(file, "camera " + o + " has inconsistent attributes " + attr);
            }
            viewsInBlock += hasView ? 1 : 0;
            blockViews[o >>> 16] = viewsInBlock;
            int a = c.firstRun(o);
            int b = c.firstRun(o + 1);
            if (b < a || b > c.runCount()) {
                return bad(file, "footage offsets of camera " + o + " are inconsistent");
            }
            long mask0 = 0;
            long mask1 = 0;
            for (int r = a; r < b; r++) {
                long first = c.runFirst(r);
                long last = c.runLast(r);
                if (first < 0 || first > last || (r > a && first <= c.runLast(r - 1) + 1) || last >= span) {
                    return bad(file, "footage run " + r + " of camera " + o + " is inconsistent");
                }
                mask0 |= IndexColumns.runSlots(first, last, slotBuckets, 0);
                mask1 |= IndexColumns.runSlots(first, last, slotBuckets, 1);
            }
            if (mask0 != c.slotMask(o, 0) || mask1 != c.slotMask(o, 1)) {
                return bad(file, "footage slot mask of camera " + o + " is inconsistent");
            }
        }
        return null;
    }

    private static int crc32c(DirectBuffer section) {
        CRC32C crc = new CRC32C();
        crc.update(section.byteBuffer().duplicate().clear());
        return (int) crc.getValue();
    }

    private static IndexFormatException bad(Path file, String problem) {
        return new IndexFormatException("index file " + file + " " + problem);
    }
}
