package io.geomatch.core.internal.durable;

import io.geomatch.core.IndexFormatException;
import io.geomatch.core.internal.disk.AtomicFile;
import io.geomatch.core.internal.disk.Disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * The files of a store directory and their small fixed formats.
 *
 * <pre>
 * STORE                      what the store is; written once by init
 *   0  8  magic "GMSTORE1"
 *   8  8  bucketMillis
 *   16 4  maxRetentionDays
 *   20 8  latenessMillis (Long.MAX_VALUE: any)
 *   28 4  CRC32C of bytes 0..28
 * CHECKPOINT                 which snapshot is current; replaced atomically
 *   0  8  magic "GMCHKPT1"
 *   8  8  lsn: the snapshot holds changes 0..lsn-1
 *   16 8  clock, epoch ms (Long.MIN_VALUE: never advanced)
 *   24 4  CRC32C of bytes 0..24
 * checkpoint-LSN.geomatch    a snapshot (see SnapshotFile), LSN in 20 digits
 * wal-LSN.log                log records from change LSN on (see WalFormat)
 * LOCK                       held (file lock) by the process that has the store open
 * </pre>
 *
 * Small files are written to a temporary file, forced, renamed atomically, and the directory is
 * forced ({@link AtomicFile}), through the store's {@link Disk}. Reading checks magic and
 * checksum; a bad file is an {@link IndexFormatException}.
 */
public final class StoreFiles {
    /** Name of the store description. */
    public static final String STORE = "STORE";
    /** Name of the checkpoint pointer. */
    public static final String CHECKPOINT = "CHECKPOINT";
    /** Name of the lock file. */
    public static final String LOCK = "LOCK";
    private static final byte[] STORE_MAGIC = {'G', 'M', 'S', 'T', 'O', 'R', 'E', '1'};
    private static final byte[] CHECKPOINT_MAGIC = {'G', 'M', 'C', 'H', 'K', 'P', 'T', '1'};
    private static final Pattern WAL = Pattern.compile("wal-(\\d{20})\\.log");
    private static final Pattern SNAPSHOT = Pattern.compile("checkpoint-(\\d{20})\\.geomatch");

    /** What {@code STORE} holds. */
    public record Description(long bucketMillis, int maxRetentionDays, long latenessMillis) {
    }

    /** What {@code CHECKPOINT} holds. */
    public record Checkpoint(long lsn, long clockMillis) {
    }

    private StoreFiles() {
    }

    /**
     * @param lsn first change in the segment
     * @return the segment's file name
     */
    public static String walName(long lsn) {
        return String.format("wal-%020d.log", lsn);
    }

    /**
     * @param lsn the changes the snapshot holds
     * @return the snapshot's file name
     */
    public static String snapshotName(long lsn) {
        return String.format("checkpoint-%020d.geomatch", lsn);
    }

    /**
     * @param dir the store directory
     * @return the first change of every log segment, ascending
     * @throws IOException if the directory cannot be listed
     */
    public static long[] walSegments(Path dir) throws IOException {
        return numbered(dir, WAL);
    }

    /**
     * @param dir the store directory
     * @return the change count of every snapshot file, ascending
     * @throws IOException if the directory cannot be listed
     */
    public static long[] snapshots(Path dir) throws IOException {
        return numbered(dir, SNAPSHOT);
    }

    private static long[] numbered(Path dir, Pattern pattern) throws IOException {
        List<Long> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                Matcher m = pattern.matcher(f.getFileName().toString());
                if (m.matches()) {
                    found.add(Long.parseLong(m.group(1)));
                }
            }
        }
        long[] result = found.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(result);
        return result;
    }

    /**
     * Deletes temporary files a crash may have left behind.
     *
     * @param disk the disk to delete through
     * @param dir the store directory
     * @throws IOException if the directory cannot be listed or a file deleted
     */
    public static void deleteTemporaries(Disk disk, Path dir) throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".*.tmp")) {
            for (Path f : files) {
                found.add(f);
            }
        }
        found.sort(null);
        for (Path f : found) {
            disk.delete(f);
        }
    }

    /**
     * @param disk the disk to write through
     * @param dir the store directory
     * @param d what to write
     * @throws IOException if it cannot be written (see {@link AtomicFile} for what is left)
     */
    public static void writeDescription(Disk disk, Path dir, Description d) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        b.put(STORE_MAGIC).putLong(d.bucketMillis()).putInt(d.maxRetentionDays()).putLong(d.latenessMillis());
        b.putInt(28, crc(b.array(), 28));
        AtomicFile.write(disk, dir.resolve(STORE), b.array());
    }

    /**
     * @param dir the store directory
     * @return its description
     * @throws IndexFormatException if {@code STORE} is missing or corrupt
     * @throws IOException if it cannot be read
     */
    public static Description readDescription(Path dir) throws IOException {
        byte[] bytes = readSmall(dir, STORE, 32, "is not a geomatch store (no " + STORE + " file); create one with init");
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (!Arrays.equals(Arrays.copyOf(bytes, 8), STORE_MAGIC) || b.getInt(28) != crc(bytes, 28)) {
            throw new IndexFormatException("store " + dir + ": file " + STORE + " is corrupted (bad magic or checksum)");
        }
        Description d = new Description(b.getLong(8), b.getInt(16), b.getLong(20));
        if (d.bucketMillis() < 1 || d.maxRetentionDays() < 1 || d.latenessMillis() < 0) {
            throw new IndexFormatException("store " + dir + ": file " + STORE + " holds impossible settings " + d);
        }
        return d;
    }

    /**
     * @param disk the disk to write through
     * @param dir the store directory
     * @param c what to write
     * @throws IOException if it cannot be written (see {@link AtomicFile} for what is left)
     */
    public static void writeCheckpoint(Disk disk, Path dir, Checkpoint c) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
        b.put(CHECKPOINT_MAGIC).putLong(c.lsn()).putLong(c.clockMillis());
        b.putInt(24, crc(b.array(), 24));
        AtomicFile.write(disk, dir.resolve(CHECKPOINT), b.array());
    }

    /**
     * @param dir the store directory
     * @return the current checkpoint, or {@code null} if there is none yet
     * @throws IndexFormatException if {@code CHECKPOINT} is corrupt
     * @throws IOException if it cannot be read
     */
    public static Checkpoint readCheckpoint(Path dir) throws IOException {
        if (!Files.exists(dir.resolve(CHECKPOINT))) {
            return null;
        }
        byte[] bytes = readSmall(dir, CHECKPOINT, 28, "has no " + CHECKPOINT + " file");
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (!Arrays.equals(Arrays.copyOf(bytes, 8), CHECKPOINT_MAGIC) || b.getInt(24) != crc(bytes, 24) || b.getLong(8) < 0) {
            throw new IndexFormatException("store " + dir + ": file " + CHECKPOINT + " is corrupted (bad magic or checksum)");
        }
        return new Checkpoint(b.getLong(8), b.getLong(16));
    }

    private static byte[] readSmall(Path dir, String name, int size, String missing) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(dir.resolve(name));
        } catch (NoSuchFileException e) {
            throw new IndexFormatException("store " + dir + " " + missing);
        }
        if (bytes.length != size) {
            throw new IndexFormatException("store " + dir + ": file " + name + " has " + bytes.length + " bytes, expected " + size + " (corrupted)");
        }
        return bytes;
    }

    private static int crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }
}
