package io.geomatch.examples.service.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.geomatch.examples.files.PrivateFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.function.ToLongFunction;
import java.util.zip.CRC32C;

/**
 * Where the service keeps its last tree head of one kind, apart from the log: a file of two
 * 512-byte slots written in turn, each {@code [length][head as JSON][CRC32C]}, so that a crash in
 * the middle of a write leaves the other slot, the previous head, whole. Reading takes the intact
 * slot with the larger tree. One writer at a time.
 *
 * @param <T> the kind of head, a record Jackson maps
 */
final class HeadFile<T> implements AutoCloseable {
    private static final int SLOT = 512;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FileChannel channel;
    private final boolean force;
    private final Class<T> type;
    private final ToLongFunction<T> treeSize;
    private final Path file;
    private long writes;
    private final java.util.List<String> damaged = new java.util.ArrayList<>();

    private HeadFile(Path file, FileChannel channel, boolean force, Class<T> type, ToLongFunction<T> treeSize) {
        this.file = file;
        this.channel = channel;
        this.force = force;
        this.type = type;
        this.treeSize = treeSize;
    }

    static <T> HeadFile<T> open(Path file, boolean force, Class<T> type, ToLongFunction<T> treeSize) throws IOException {
        return new HeadFile<>(file, PrivateFiles.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE)), force, type, treeSize);
    }

    /**
     * Opens a head file to read it only, as verification does: nothing is created or narrowed, and a
     * path that would read as no heads though it is not simply absent is refused.
     *
     * @throws IOException if it cannot be read, leads nowhere, or is no regular file (a FIFO would block the reader)
     */
    static <T> HeadFile<T> openToRead(Path file, Class<T> type, ToLongFunction<T> treeSize) throws IOException {
        PrivateFiles.refuseAllButAFile(file, "the service's tree heads are kept in files");
        return new HeadFile<>(file, FileChannel.open(file, StandardOpenOption.READ), false, type, treeSize);
    }

    Path file() {
        return file;
    }

    /** @return the last head written whole (the one of the larger tree), or null if there is none */
    T read() throws IOException {
        damaged.clear();
        T best = null;
        for (int slot = 0; slot < 2; slot++) {
            T h = readSlot(slot);
            if (h != null && (best == null || treeSize.applyAsLong(h) > treeSize.applyAsLong(best))) {
                best = h;
                writes = slot + 1L;
            }
        }
        return best;
    }

    private T readSlot(int slot) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(SLOT);
        while (b.hasRemaining() && channel.read(b, (long) slot * SLOT + b.position()) > 0) {
            // read the whole slot
        }
        if (b.position() < SLOT) {
            if (b.position() > 0) {
                damaged.add(file + " slot " + slot + " (offset " + (slot * SLOT) + ") is cut short");
            }
            return null;
        }
        b.flip();
        int length = b.getInt(0);
        if (length <= 0 || length > SLOT - 8) {
            damaged.add(file + " slot " + slot + " (offset " + (slot * SLOT) + ") has an impossible length " + length);
            return null;
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 4 + length);
        if ((int) crc.getValue() != b.getInt(4 + length)) {
            damaged.add(file + " slot " + slot + " (offset " + (slot * SLOT) + ") fails its CRC32C");
            return null;
        }
        try {
            return JSON.readValue(b.array(), 4, length, type);
        } catch (IOException e) {
            damaged.add(file + " slot " + slot + " (offset " + (slot * SLOT) + ") is not a tree head");
            return null;
        }
    }

    /**
     * @return the slots the last {@link #read} found written but damaged (a torn write, or
     *     tampering), each described in words; empty if none
     */
    java.util.List<String> damagedSlots() {
        return java.util.List.copyOf(damaged);
    }

    /** Writes a head into the slot not holding the last one, and forces it if so opened. */
    void write(T head) throws IOException {
        byte[] json = JSON.writeValueAsBytes(head);
        if (json.length > SLOT - 8) {
            throw new IllegalStateException("a tree head takes " + json.length + " bytes, more than a slot");
        }
        ByteBuffer b = ByteBuffer.allocate(SLOT);
        b.putInt(json.length).put(json);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 4 + json.length);
        b.putInt((int) crc.getValue());
        b.position(0).limit(SLOT);
        long offset = (writes % 2) * SLOT;
        while (b.hasRemaining()) {
            channel.write(b, offset + b.position());
        }
        if (force) {
            channel.force(false);
        }
        writes++;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
