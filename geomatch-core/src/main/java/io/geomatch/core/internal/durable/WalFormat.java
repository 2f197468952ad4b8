package io.geomatch.core.internal.durable;

import io.geomatch.core.IndexFormatException;
import io.geomatch.core.internal.contract.CameraAttributes;
import io.geomatch.core.internal.contract.CameraView;
import io.geomatch.core.internal.live.Change;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The write-ahead log's record format, and the reader that replays a segment.
 *
 * <pre>
 * record: length (int, of the payload) | CRC32C of the payload (int) | payload
 * payload: lsn (long) | type (byte, the {@link Change} kind) | fields, all little-endian
 *   1 upsert       id (long) lat (double) lon (double) flags (byte: 1 opted in, 2 e2ee) retentionDays (short)
 *   2 delete       id (long)
 *   3 footage      id (long) startMillis (long) endMillis (long)
 *   4 clock        nowMillis (long)
 *   5 upsert+view  as upsert, then the view (long, packed as CameraView defines)
 * </pre>
 *
 * A segment {@code wal-S.log} holds records {@code S, S+1, ...} with no gap. Replay stops at the
 * first record that is incomplete or fails its checksum. In the last segment that is a torn tail
 * (a write cut short by a crash, never acknowledged) when nothing valid follows it: replay ends
 * there and the file is cut back to the last good record. Anywhere else, or with valid records
 * after it, it is corruption of acknowledged data, and replay refuses with an
 * {@link IndexFormatException} naming the file, offset and change number. A torn tail and a
 * corrupted last record cannot be told apart; both end the log.
 */
public final class WalFormat {
    /** Record header: length and checksum. */
    public static final int HEADER_BYTES = 8;
    /** Upsert flag on disk: opted in. */
    private static final int FLAG_OPTED_IN = 1;
    /** Upsert flag on disk: end-to-end encrypted. */
    private static final int FLAG_E2EE = 2;
    /** Record type of an upsert of a camera with a view (the change kind is {@link Change#UPSERT}). */
    private static final byte UPSERT_WITH_VIEW = 5;
    /** Payload bytes of each record type: change number and type, then the fields. */
    private static final int UPSERT_PAYLOAD = 9 + 27;
    private static final int UPSERT_WITH_VIEW_PAYLOAD = UPSERT_PAYLOAD + 8;
    private static final int ID_PAYLOAD = 9 + 8;
    private static final int FOOTAGE_PAYLOAD = 9 + 24;
    /** Largest record, header included. */
    public static final int MAX_RECORD_BYTES = HEADER_BYTES + UPSERT_WITH_VIEW_PAYLOAD;

    private static final int MIN_PAYLOAD = ID_PAYLOAD;

    private WalFormat() {
    }

    /**
     * Encodes one change as a record at the buffer's position: the one encoding of a
     * {@link Change} on disk, which {@link #replay} decodes back into the same tuple.
     *
     * @param b the buffer, little-endian, with room for {@link #MAX_RECORD_BYTES}
     * @param lsn change number
     * @param kind the {@link Change} kind, which is also the record type (but for an upsert with a view)
     * @param id camera id
     * @param first the change's first field
     * @param second its second field
     * @param attributes its camera attributes, for an upsert
     * @param view its camera's view, for an upsert
     */
    public static void encode(ByteBuffer b, long lsn, byte kind, long id, long first, long second, int attributes, long view) {
        int start = b.position();
        b.position(start + HEADER_BYTES);
        b.putLong(lsn).put(kind == Change.UPSERT && view != CameraView.NONE ? UPSERT_WITH_VIEW : kind);
        switch (kind) {
            case Change.UPSERT -> {
                int flags = ((attributes & CameraAttributes.OPTED_OUT) == 0 ? FLAG_OPTED_IN : 0)
                    | ((attributes & CameraAttributes.E2EE) != 0 ? FLAG_E2EE : 0);
                b.putLong(id).putLong(first).putLong(second).put((byte) flags).putShort((short) CameraAttributes.retentionDays(attributes));
                if (view != CameraView.NONE) {
                    b.putLong(view);
                }
            }
            case Change.DELETE -> b.putLong(id);
            case Change.FOOTAGE -> b.putLong(id).putLong(first).putLong(second);
            case Change.CLOCK -> b.putLong(first);
            default -> throw new IllegalArgumentException("kind=" + kind + " is not a change");
        }
        int length = b.position() - start - HEADER_BYTES;
        b.putInt(start, length);
        CRC32C crc = new CRC32C();
        ByteBuffer payload = b.duplicate().position(start + HEADER_BYTES).limit(b.position());
        crc.update(payload);
        b.putInt(start + 4, (int) crc.getValue());
    }

    /** What a replay of one segment found. */
    public record Replayed(long nextLsn, long goodBytes, long fileBytes) {
        /** @return whether the segment ends in a torn tail that should be cut off */
        public boolean torn() {
            return goodBytes < fileBytes;
        }
    }

    /**
     * Replays one segment.
     *
     * @param file the segment
     * @param firstLsn the change number of its first record (from its name)
     * @param last whether it is the newest segment, where a torn tail may end the log
     * @param sink receives each record
     * @return the change number after the last good record, and where that record ends
     * @throws IndexFormatException for a corrupted record that is not a torn tail, or a gap in change numbers
     * @throws IOException if the file cannot be read
     */
    public static Replayed replay(Path file, long firstLsn, boolean last, Change.Sink sink) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) {
                throw new IndexFormatException("log " + file + " is " + size + " bytes, larger than a segment can be");
            }
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            map.order(ByteOrder.LITTLE_ENDIAN);
            int pos = 0;
            long lsn = firstLsn;
            while (pos < size) {
                int length = valid(map, pos, (int) size, lsn);
                if (length < 0) {
                    if (!last || validRecordAfter(map, pos, (int) size, lsn)) {
                        throw new IndexFormatException("log " + file + " is corrupted at offset " + pos + " (change " + lsn
                            + "): the record there fails its check but acknowledged records follow; refusing to open");
                    }
                    return new Replayed(lsn, pos, size);
                }
                decode(map, pos + HEADER_BYTES, sink);
                pos += HEADER_BYTES + length;
                lsn++;
            }
            return new Replayed(lsn, pos, size);
        }
    }

    /** @return the payload length of a complete, checksummed record for change {@code lsn} at {@code pos}, or -1 */
    private static int valid(ByteBuffer map, int pos, int size, long lsn) {
        if (size - pos < HEADER_BYTES) {
            return -1;
        }
        int length = map.getInt(pos);
        if (length < MIN_PAYLOAD || length > MAX_RECORD_BYTES - HEADER_BYTES || length > size - pos - HEADER_BYTES) {
            return -1;
        }
        CRC32C crc = new CRC32C();
        crc.update(map.duplicate().position(pos + HEADER_BYTES).limit(pos + HEADER_BYTES + length));
        if ((int) crc.getValue() != map.getInt(pos + 4)) {
            return -1;
        }
        if (map.getLong(pos + HEADER_BYTES) != lsn) {
            return -1;
        }
        byte type = map.get(pos + HEADER_BYTES + 8);
        int expected = switch (type) {
            case Change.UPSERT -> UPSERT_PAYLOAD;
            case UPSERT_WITH_VIEW -> UPSERT_WITH_VIEW_PAYLOAD;
            case Change.DELETE, Change.CLOCK -> ID_PAYLOAD;
            case Change.FOOTAGE -> FOOTAGE_PAYLOAD;
            default -> -1;
        };
        return expected == length ? length : -1;
    }

    /** @return whether a valid record of a later change starts anywhere after {@code pos} */
    private static boolean validRecordAfter(ByteBuffer map, int pos, int size, long lsn) {
        for (int p = pos + 1; p + HEADER_BYTES + MIN_PAYLOAD <= size; p++) {
            if (size - p >= HEADER_BYTES + 8 && map.getInt(p) >= MIN_PAYLOAD && map.getInt(p) <= MAX_RECORD_BYTES) {
                long at = map.getLong(p + HEADER_BYTES);
                if (at >= lsn && at < lsn + (size - pos) && valid(map, p, size, at) > 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void decode(ByteBuffer map, int at, Change.Sink sink) {
        long lsn = map.getLong(at);
        byte type = map.get(at + 8);
        int f = at + 9;
        switch (type) {
            case Change.UPSERT, UPSERT_WITH_VIEW -> {
                int flags = map.get(f + 24);
                int attributes = (map.getShort(f + 25) & CameraAttributes.RETENTION_MASK)
                    | ((flags & FLAG_OPTED_IN) == 0 ? CameraAttributes.OPTED_OUT : 0)
                    | ((flags & FLAG_E2EE) != 0 ? CameraAttributes.E2EE : 0);
                long view = type == UPSERT_WITH_VIEW ? map.getLong(f + 27) : CameraView.NONE;
                sink.change(lsn, Change.UPSERT, map.getLong(f), map.getLong(f + 8), map.getLong(f + 16), attributes, view);
            }
            case Change.DELETE -> sink.change(lsn, type, map.getLong(f), 0, 0, 0, 0);
            case Change.FOOTAGE -> sink.change(lsn, type, map.getLong(f), map.getLong(f + 8), map.getLong(f + 16), 0, 0);
            case Change.CLOCK -> sink.change(lsn, type, 0, map.getLong(f), 0, 0, 0);
            default -> throw new AssertionError("checked by valid(): " + type);
        }
    }
}
