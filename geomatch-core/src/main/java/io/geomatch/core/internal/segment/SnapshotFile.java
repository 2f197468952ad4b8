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
 * 8       4     format version ({@value #VERSION}; versions 2, without views, 3, without the block table, and 4,
 *               without 4-byte runs, are still read)
 * 12      4     section count ({@value #SECTIONS}; 5 in version 2, 7 in version 3)
 * 16      8     bucketMillis
 * 24      4     camera count
 * 28      4     run count
 * 32      4     retention class count
 * 36      4     run stride: 8 (int bounds) or 16 (long bounds); since version 5 also 4 (unsigned short bounds)
 * 40      8     base bucket of the runs
 * 48      8     buckets per footage slot
 * 56      4     CRC32C of bytes 0..56 and of the section table
 * 60      4     reserved, zero
 * 64      32*S  section table: id (4), reserved (4), offset (8), length (8), CRC32C (4), reserved (4)
 * ...           sections, each non-empty one starting on a 64-byte boundary
 * </pre>
 *
 * Sections: 1 coordinates, 2 camera rows (with the sentinel), 3 ids, 4 retention values (int
 * each), 5 runs, since version 3: 6 views (8 bytes per camera that has one), 7 view blocks
 * (int per block of {@value IndexColumns#VIEW_BLOCK} ordinals: the views before it), and since
 * version 4: 8 the block table, 16 bytes per block of {@value BlockVerifier#BLOCK} ordinals:
 * <pre>
 * 0   4   the block's first run (the first run of its first camera)
 * 4   4   the views before the block
 * 8   4   CRC32C of the block's coordinate rows
 * 12  4   CRC32C of its camera rows and the row after its last (the next block's first, or the
 *         sentinel), then its ids, then its runs
 * </pre>
 * Since version 4 the section table's checksum of sections 1, 2, 3 and 5 is zero: the block table
 * covers them, block by block. Sections 4, 6, 7 and 8 carry their own checksums, as every section
 * does in versions 2 and 3.
 *
 * <p>All numbers are little-endian. Writing goes to a temporary file in the target directory, is
 * forced to disk and then renamed atomically over the target. Opening checks the magic, version,
 * every length against the header counts and the file size, then memory-maps each section
 * read-only, and verifies at once what every query relies on: the checksums of the small sections
 * and of every block's coordinates, the coordinates (in range and in key order), the views, and
 * the block table (ascending, within the header's counts, in step with the view blocks). Each
 * block's camera rows, ids and runs (the bulk of the file) are verified by the
 * {@link BlockVerifier} the first time a query reads them, or all at once by
 * {@link BlockVerifier#verifyAll}; a version 2 or 3 file, which has no block checksums, is
 * verified completely when it is opened. Any failure is an {@link IndexFormatException}.
 */
public final class SnapshotFile {
    /** Current format version. */
    public static final int VERSION = 5;
    /** The oldest version read: without views. */
    private static final int VERSION_WITHOUT_VIEWS = 2;
    /** The version with views, without the block table. */
    private static final int VERSION_WITHOUT_BLOCKS = 3;
    /** The first version with the block table. */
    private static final int VERSION_WITH_BLOCKS = 4;
    /** The first version with 4-byte runs. */
    private static final int VERSION_WITH_SHORT_RUNS = 5;
    static final byte[] MAGIC = {'G', 'E', 'O', 'M', 'A', 'T', 'C', 'H'};
    static final int HEADER_BYTES = 64;
    static final int TABLE_ENTRY_BYTES = 32;
    static final int SECTIONS = 8;
    private static final int SECTIONS_WITHOUT_VIEWS = 5;
    private static final int SECTIONS_WITHOUT_BLOCKS = 7;
    /** Bytes per entry of the block table. */
    static final int BLOCK_ENTRY_BYTES = 16;
    static final int HEADER_CRC_OFFSET = 56;
    private static final int ALIGNMENT = 64;
    private static final int COPY_CHUNK = 1 << 20;

    private static final int COORDINATES = 1;
    private static final int CAMERAS = 2;
    private static final int IDS = 3;
    private static final int RETENTION = 4;
    private static final int RUNS = 5;
    private static final int VIEWS = 6;
    private static final int VIEW_BLOCKS = 7;
    private static final int BLOCK_TABLE = 8;

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
        columns.verifier().verifyAll();
        UnsafeBuffer blockTable = blockTable(columns);
        AtomicFile.write(disk, target, ch -> {
            DirectBuffer[] sections = sectionsOf(columns, blockTable);
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
                crcs[s] = copy(sections[s], ch, position, chunk, !inBlocks(s + 1));
                position += lengths[s];
            }
            ByteBuffer header = header(columns, offsets, lengths, crcs);
            while (header.hasRemaining()) {
                ch.write(header, header.position());
            }
            ch.truncate(position);
        });
    }

    /** @return whether a section of a file with the block table (version 4 on) is checksummed block by block, in the block table */
    private static boolean inBlocks(int section) {
        return section == COORDINATES || section == CAMERAS || section == IDS || section == RUNS;
    }

    /** The block table of the columns: per block its first run, the views before it and its two checksums, in parallel. */
    private static UnsafeBuffer blockTable(IndexColumns c) {
        int n = c.cameraCount();
        int blocks = BlockVerifier.blocksOf(n);
        UnsafeBuffer table = new UnsafeBuffer(ByteBuffer.allocateDirect(blocks * BLOCK_ENTRY_BYTES));
        int[] viewsIn = new int[blocks];
        IntStream.range(0, blocks).parallel().forEach(k -> {
            int lo = k << BlockVerifier.BLOCK_SHIFT;
            int hi = (int) Math.min((long) lo + BlockVerifier.BLOCK, n);
            int views = 0;
            for (int o = lo; o < hi; o++) {
                views += (c.attrs(o) & IndexColumns.ATTR_VIEW) != 0 ? 1 : 0;
            }
            viewsIn[k] = views;
            CRC32C coordinates = new CRC32C();
            BlockVerifier.update(coordinates, c.coordinates(), lo * IndexColumns.COORDINATE_BYTES, (hi - lo) * IndexColumns.COORDINATE_BYTES);
            CRC32C rest = new CRC32C();
            BlockVerifier.update(rest, c.cameras(), lo * IndexColumns.CAMERA_BYTES, (hi - lo + 1) * IndexColumns.CAMERA_BYTES);
            BlockVerifier.update(rest, c.ids(), lo * Long.BYTES, (hi - lo) * Long.BYTES);
            int from = c.firstRun(lo);
            BlockVerifier.update(rest, c.runs(), from * c.runStride(), (c.firstRun(hi) - from) * c.runStride());
            table.putInt(k * BLOCK_ENTRY_BYTES, from);
            table.putInt(k * BLOCK_ENTRY_BYTES + 8, (int) coordinates.getValue());
            table.putInt(k * BLOCK_ENTRY_BYTES + 12, (int) rest.getValue());
        });
        for (int k = 0, before = 0; k < blocks; k++) {
            table.putInt(k * BLOCK_ENTRY_BYTES + 4, before);
            before += viewsIn[k];
        }
        return table;
    }

    private static DirectBuffer[] sectionsOf(IndexColumns c, DirectBuffer blockTable) {
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
        s[BLOCK_TABLE - 1] = blockTable;
        return s;
    }

    /** Copies a section to the file; returns its checksum if asked for, else 0. */
    private static int copy(DirectBuffer src, FileChannel ch, long position, ByteBuffer chunk, boolean checksum) throws IOException {
        CRC32C crc = new CRC32C();
        int length = src.capacity();
        for (int done = 0; done < length; ) {
            int n = Math.min(COPY_CHUNK, length - done);
            chunk.clear().limit(n);
            src.getBytes(done, chunk, n);
            chunk.flip();
            if (checksum) {
                crc.update(chunk.duplicate());
            }
            while (chunk.hasRemaining()) {
                ch.write(chunk, position + done + chunk.position());
            }
            done += n;
        }
        return checksum ? (int) crc.getValue() : 0;
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
     * Opens and memory-maps a snapshot, and verifies it completely.
     *
     * @param file the snapshot
     * @return the mapped columns, every block verified
     * @throws IndexFormatException if the file is missing, truncated, corrupt or of another version
     * @throws IOException if reading fails
     */
    public static IndexColumns openVerified(Path file) throws IOException {
        IndexColumns columns = open(file);
        columns.verifier().verifyAll();
        return columns;
    }

    /**
     * Opens and memory-maps a snapshot, verifying what every query relies on; the blocks of
     * camera rows, ids and runs of a file with the block table (version 4 on) are verified when
     * first read (see {@link BlockVerifier}), those of an older version at once.
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
            if (version < VERSION_WITHOUT_VIEWS || version > VERSION) {
                throw bad(file, "has format version " + version + ", this library reads versions " + VERSION_WITHOUT_VIEWS + " to "
                    + VERSION);
            }
            boolean withBlocks = version >= VERSION_WITH_BLOCKS;
            int sections = withBlocks ? SECTIONS : version == VERSION_WITHOUT_BLOCKS ? SECTIONS_WITHOUT_BLOCKS : SECTIONS_WITHOUT_VIEWS;
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
                || (stride != IndexColumns.NARROW_RUN && stride != IndexColumns.WIDE_RUN && (stride != IndexColumns.SHORT_RUN || version < VERSION_WITH_SHORT_RUNS))
                || (long) stride * runs > IndexColumns.MAX_COLUMN_BYTES
                || baseBucket < -Checks.MAX_ABS_MILLIS || baseBucket > Checks.MAX_ABS_MILLIS
                || slotBuckets < 1 || slotBuckets > Long.MAX_VALUE / IndexColumns.SLOTS
                || (n == 0 && runs != 0)) {
                throw bad(file, "header holds impossible counts (bucketMillis=" + bucketMillis + ", cameras=" + n
                    + ", runs=" + runs + ", classes=" + classes + ", runStride=" + stride + ", baseBucket=" + baseBucket
                    + ", slotBuckets=" + slotBuckets + ")");
            }
            int viewBlockCount = (int) ((n + (long) IndexColumns.VIEW_BLOCK - 1) / IndexColumns.VIEW_BLOCK);
            int blocks = BlockVerifier.blocksOf(n);
            long[] expected = {(long) IndexColumns.COORDINATE_BYTES * n, IndexColumns.CAMERA_BYTES * (n + 1L), 8L * n,
                4L * classes, (long) stride * runs, -1, 4L * viewBlockCount, (long) BLOCK_ENTRY_BYTES * blocks};
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
                if (withBlocks && inBlocks(s + 1) && crc != 0) {
                    throw bad(file, "section " + id + " has a checksum of its own, but the block table covers it");
                }
                MappedByteBuffer region = ch.map(FileChannel.MapMode.READ_ONLY, offset, length);
                crcs[s] = crc;
                mapped[s] = new UnsafeBuffer(region);
            }
            // Checksums of whole sections in parallel; the lowest failing section is reported, whichever thread finds it.
            OptionalInt corrupt = IntStream.range(0, sections).parallel()
                .filter(s -> !(withBlocks && inBlocks(s + 1)) && crc32c(mapped[s]) != crcs[s]).min();
            if (corrupt.isPresent()) {
                throw bad(file, "section " + (corrupt.getAsInt() + 1) + " checksum mismatch (corrupted)");
            }
            int[] retention = new int[classes];
            for (int i = 0; i < classes; i++) {
                retention[i] = mapped[RETENTION - 1].getInt(i * Integer.BYTES);
                if (retention[i] < 1 || retention[i] > Checks.MAX_RETENTION_DAYS || (i > 0 && retention[i] <= retention[i - 1])) {
                    throw bad(file, "retention class " + i + " holds " + retention[i] + " days (inconsistent)");
                }
            }
            UnsafeBuffer views = version == VERSION_WITHOUT_VIEWS ? new UnsafeBuffer(ByteBuffer.allocateDirect(0)) : mapped[VIEWS - 1];
            int viewCount = views.capacity() / IndexColumns.VIEW_BYTES;
            int maxRange = verifyViews(file, views);
            int[] viewBlocks = new int[viewBlockCount];
            for (int i = 0; i < viewBlockCount && version != VERSION_WITHOUT_VIEWS; i++) {
                viewBlocks[i] = mapped[VIEW_BLOCKS - 1].getInt(i * Integer.BYTES);
            }
            UnsafeBuffer cameras = mapped[CAMERAS - 1];
            int[] firstRun = new int[blocks + 1];
            int[] viewsBefore = new int[blocks + 1];
            int[] coordinateCrcs = null;
            int[] blockCrcs = null;
            if (withBlocks) {
                UnsafeBuffer table = mapped[BLOCK_TABLE - 1];
                coordinateCrcs = new int[blocks];
                blockCrcs = new int[blocks];
                for (int k = 0; k < blocks; k++) {
                    firstRun[k] = table.getInt(k * BLOCK_ENTRY_BYTES);
                    viewsBefore[k] = table.getInt(k * BLOCK_ENTRY_BYTES + 4);
                    coordinateCrcs[k] = table.getInt(k * BLOCK_ENTRY_BYTES + 8);
                    blockCrcs[k] = table.getInt(k * BLOCK_ENTRY_BYTES + 12);
                }
            } else {
                // No block table: derive it from the rows, whose checksums were verified; every block is then verified below.
                int[] viewsIn = new int[blocks];
                IntStream.range(0, blocks).parallel().forEach(k -> {
                    int lo = k << BlockVerifier.BLOCK_SHIFT;
                    firstRun[k] = cameras.getInt(lo * IndexColumns.CAMERA_BYTES + IndexColumns.FIRST_RUN_OFFSET);
                    int count = 0;
                    for (int o = lo, hi = (int) Math.min((long) lo + BlockVerifier.BLOCK, n); o < hi; o++) {
                        count += (cameras.getShort(o * IndexColumns.CAMERA_BYTES + IndexColumns.ATTRS_OFFSET) & IndexColumns.ATTR_VIEW) != 0 ? 1 : 0;
                    }
                    viewsIn[k] = count;
                });
                for (int k = 0; k < blocks; k++) {
                    viewsBefore[k + 1] = viewsBefore[k] + viewsIn[k];
                }
            }
            firstRun[blocks] = runs;
            if (withBlocks) {
                viewsBefore[blocks] = viewCount;
            } else if (viewsBefore[blocks] != viewCount) {
                throw bad(file, "view blocks do not add up to the " + viewCount + " views");
            }
            for (int k = 0; k < blocks; k++) {
                if (firstRun[k] < (k == 0 ? 0 : firstRun[k - 1]) || firstRun[k] > runs || (k == 0 && firstRun[k] != 0)) {
                    throw bad(file, "footage offsets of block " + k + " are inconsistent (first run " + firstRun[k] + ")");
                }
                if (viewsBefore[k] < (k == 0 ? 0 : viewsBefore[k - 1]) || viewsBefore[k] > viewCount || (k == 0 && viewsBefore[k] != 0)
                    || viewsBefore[k + 1] - viewsBefore[k] > BlockVerifier.BLOCK) {
                    throw bad(file, "views of block " + k + " are inconsistent (views before it " + viewsBefore[k] + ")");
                }
            }
            for (int b = 0; b < viewBlockCount; b++) {
                if (viewBlocks[b] != viewsBefore[b << (16 - BlockVerifier.BLOCK_SHIFT)]) {
                    throw bad(file, "view block " + b + " is inconsistent");
                }
            }
            verifyCoordinates(file, mapped[COORDINATES - 1], n, coordinateCrcs);
            BlockVerifier verifier = new BlockVerifier(file, cameras, mapped[IDS - 1], mapped[RUNS - 1], classes, stride, slotBuckets,
                viewBlocks, firstRun, viewsBefore, blockCrcs);
            if (!withBlocks) {
                verifier.verifyAll();
            }
            return new IndexColumns(bucketMillis, n, runs, retention, mapped[COORDINATES - 1], cameras, mapped[IDS - 1],
                baseBucket, stride, mapped[RUNS - 1], slotBuckets, views, viewBlocks, maxRange, verifier);
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
     * Checks every view and finds the longest range.
     *
     * @return the longest range of the views, millimetres, or 0
     */
    private static int verifyViews(Path file, DirectBuffer views) throws IndexFormatException {
        int maxRange = 0;
        for (int v = 0, count = views.capacity() / IndexColumns.VIEW_BYTES; v < count; v++) {
            long view = views.getLong(v * IndexColumns.VIEW_BYTES);
            if (view == CameraView.NONE || !CameraView.valid(view)) {
                throw bad(file, "view " + v + " is inconsistent");
            }
            maxRange = Math.max(maxRange, CameraView.rangeMillimeters(view));
        }
        return maxRange;
    }

    /**
     * Checks the coordinates block by block in parallel: each block's checksum, if given, then
     * every coordinate in range and in key order, so the cell tree built over them is exact.
     * The failure of the lowest block is reported.
     */
    private static void verifyCoordinates(Path file, DirectBuffer coordinates, int n, int[] checksums) throws IndexFormatException {
        int blocks = BlockVerifier.blocksOf(n);
        IndexFormatException[] failures = new IndexFormatException[blocks];
        IntStream.range(0, blocks).parallel().forEach(k -> {
            int lo = k << BlockVerifier.BLOCK_SHIFT;
            int hi = (int) Math.min((long) lo + BlockVerifier.BLOCK, n);
            if (checksums != null) {
                CRC32C crc = new CRC32C();
                BlockVerifier.update(crc, coordinates, lo * IndexColumns.COORDINATE_BYTES, (hi - lo) * IndexColumns.COORDINATE_BYTES);
                if ((int) crc.getValue() != checksums[k]) {
                    failures[k] = bad(file, "block " + k + " (cameras " + lo + " to " + (hi - 1) + ") coordinates checksum mismatch (corrupted)");
                    return;
                }
            }
            // The camera before the block is read unverified: if it is bad, its own block fails and is reported first.
            long previousKey = lo == 0 ? -1 : keyOrMinusOne(coordinates, lo - 1);
            for (int o = lo; o < hi; o++) {
                long key = keyOrMinusOne(coordinates, o);
                if (key < 0 || key < previousKey) {
                    failures[k] = bad(file, "camera " + o + " has inconsistent coordinates or order");
                    return;
                }
                previousKey = key;
            }
        });
        for (IndexFormatException failure : failures) {
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** @return the Morton key of a camera's coordinates, or -1 if they are out of range */
    private static long keyOrMinusOne(DirectBuffer coordinates, int ordinal) {
        double lat = coordinates.getDouble(ordinal * IndexColumns.COORDINATE_BYTES + IndexColumns.LAT_OFFSET);
        double lon = coordinates.getDouble(ordinal * IndexColumns.COORDINATE_BYTES + IndexColumns.LON_OFFSET);
        if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) {
            return -1;
        }
        return MortonCode.keyOf(lat, lon);
    }

    private static int crc32c(DirectBuffer section) {
        CRC32C crc = new CRC32C();
        int from = section.wrapAdjustment();
        crc.update(section.byteBuffer().duplicate().clear().position(from).limit(from + section.capacity()));
        return (int) crc.getValue();
    }

    private static IndexFormatException bad(Path file, String problem) {
        return new IndexFormatException("index file " + file + " " + problem);
    }
}
