package io.geomatch.core.internal.durable;

import io.geomatch.core.internal.disk.Disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Appends records to the newest log segment: the caller encodes a group of records into
 * {@link #buffer()} (see {@link WalFormat}), then {@link #write(long, boolean)} hands the group to the
 * operating system in one write and, if asked, forces it to the device. Segments roll to a new
 * file, named by the next change number, once they pass a size: the full segment is forced first,
 * and the new one's name is forced into the directory before anything is written to it. Once a
 * write or a force has failed, what the segment holds on the device is unknown: the store stops
 * writing and a reopen rewrites the log it recovers (see {@link Recovery}). Not thread-safe: the
 * store calls it under its commit lock.
 */
public final class WalWriter implements AutoCloseable {
    private final Disk disk;
    private final Path dir;
    private final long segmentBytes;
    private ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private FileChannel channel;
    private long segmentFirstLsn;
    private long segmentSize;
    private long totalBytes;

    /**
     * Starts a new, empty segment (replacing an empty file of the same name).
     *
     * @param disk the disk to write through
     * @param dir the store directory
     * @param firstLsn the change number of the next record
     * @param segmentBytes size after which the next write starts a new segment
     * @throws IOException if the segment cannot be created
     */
    public WalWriter(Disk disk, Path dir, long firstLsn, long segmentBytes) throws IOException {
        this.disk = disk;
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        open(firstLsn);
    }

    private void open(long firstLsn) throws IOException {
        Path file = dir.resolve(StoreFiles.walName(firstLsn));
        // A file of that name is empty or holds nothing valid; it may even be the one an earlier
        // attempt created before forcing the directory failed, whose name is then in doubt.
        // Delete it and create a new one, so that the directory force below covers the name.
        disk.delete(file);
        channel = disk.create(file);
        disk.syncDirectory(dir);
        segmentFirstLsn = firstLsn;
        segmentSize = 0;
    }

    /**
     * @return the buffer to encode the next group into, with room for at least one more record
     */
    public ByteBuffer buffer() {
        if (buffer.remaining() < WalFormat.MAX_RECORD_BYTES) {
            ByteBuffer bigger = ByteBuffer.allocateDirect(buffer.capacity() * 2).order(ByteOrder.LITTLE_ENDIAN);
            buffer.flip();
            bigger.put(buffer);
            buffer = bigger;
        }
        return buffer;
    }

    /** Drops whatever was encoded since the last write. */
    public void discard() {
        buffer.clear();
    }

    /**
     * Writes the encoded group to the current segment, rolling first if the segment is full.
     *
     * @param firstLsnOfGroup the change number of the group's first record, which names a new segment
     * @param force whether to force the data to the device before returning
     * @throws IOException if writing or forcing fails
     */
    public void write(long firstLsnOfGroup, boolean force) throws IOException {
        if (segmentSize >= segmentBytes) {
            channel.force(true);
            channel.close();
            open(firstLsnOfGroup);
        }
        buffer.flip();
        int bytes = buffer.remaining();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
        if (force) {
            channel.force(false);
        }
        segmentSize += bytes;
        totalBytes += bytes;
    }

    /** @return the first change number of the segment being written */
    public long segmentFirstLsn() {
        return segmentFirstLsn;
    }

    /** @return bytes written since this writer was created */
    public long totalBytes() {
        return totalBytes;
    }

    /**
     * Forces what was written and closes the segment.
     *
     * @throws IOException if forcing fails
     */
    @Override
    public void close() throws IOException {
        if (channel.isOpen()) {
            try {
                channel.force(true);
            } finally {
                channel.close();
            }
        }
    }
}
