package io.geomatch.core.internal.durable;

import io.geomatch.core.IndexFormatException;
import io.geomatch.core.internal.contract.CameraAttributes;
import io.geomatch.core.internal.contract.CameraView;
import io.geomatch.core.internal.live.Change;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The log's one encoding of a change and its replay: every kind round-trips (upserts with and
 * without a view), a record written by
 * hand from the documented layout (what older stores hold) replays to the same change, a torn
 * tail ends the log at the last whole record, and damage before the tail is refused with the
 * file, offset and change number.
 */
class WalFormatTest {
    private static final long FIRST_LSN = 5;

    @TempDir
    Path dir;

    /** One change as a comparable tuple. */
    private record Tuple(long lsn, byte kind, long id, long first, long second, int attributes, long view) {
    }

    private static final List<Tuple> CHANGES = List.of(
        new Tuple(5, Change.UPSERT, 42, Double.doubleToRawLongBits(41.8781), Double.doubleToRawLongBits(-87.6298), 30, 0),
        new Tuple(6, Change.UPSERT, 43, Double.doubleToRawLongBits(-33.9), Double.doubleToRawLongBits(151.2),
            180 | CameraAttributes.OPTED_OUT, CameraView.of(359.99, 0.01, 200)),
        new Tuple(7, Change.UPSERT, -1, Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(-0.0), 1 | CameraAttributes.E2EE,
            CameraView.of(0, 360, 0.001)),
        new Tuple(8, Change.UPSERT, 44, Double.doubleToRawLongBits(90.0), Double.doubleToRawLongBits(180.0),
            3650 | CameraAttributes.INELIGIBLE, 0),
        new Tuple(9, Change.FOOTAGE, 42, -1_000_000_000_000_000L, 1_000_000_000_000_000L, 0, 0),
        new Tuple(10, Change.DELETE, 43, 0, 0, 0, 0),
        new Tuple(11, Change.CLOCK, 0, 1_793_743_200_000L, 0, 0, 0));

    @Test
    void shouldReplayEveryKindAsItWasEncoded() throws IOException {
        Path file = write(CHANGES);
        List<Tuple> replayed = new ArrayList<>();
        WalFormat.Replayed r = WalFormat.replay(file, FIRST_LSN, true, (lsn, kind, id, first, second, attributes, view) ->
            replayed.add(new Tuple(lsn, kind, id, first, second, attributes, view)));
        assertThat(replayed).containsExactlyElementsOf(CHANGES);
        assertThat(r.nextLsn()).isEqualTo(FIRST_LSN + CHANGES.size());
        assertThat(r.torn()).isFalse();
        assertThat(r.goodBytes()).isEqualTo(Files.size(file));
    }

    @Test
    void shouldReadARecordLaidOutAsDocumented() throws IOException {
        // record: length | CRC32C(payload) | payload; payload: lsn | type | id | lat | lon | flags (1 opted in, 2 e2ee) | retention
        ByteBuffer payload = ByteBuffer.allocate(36).order(ByteOrder.LITTLE_ENDIAN);
        payload.putLong(5).put((byte) 1).putLong(42).putDouble(41.8781).putDouble(-87.6298).put((byte) 2).putShort((short) 7);
        CRC32C crc = new CRC32C();
        crc.update(payload.array());
        ByteBuffer record = ByteBuffer.allocate(8 + 36).order(ByteOrder.LITTLE_ENDIAN);
        record.putInt(36).putInt((int) crc.getValue()).put(payload.array());
        Path file = dir.resolve(StoreFiles.walName(FIRST_LSN));
        Files.write(file, record.array());
        List<Tuple> replayed = new ArrayList<>();
        WalFormat.replay(file, FIRST_LSN, true, (lsn, kind, id, first, second, attributes, view) ->
            replayed.add(new Tuple(lsn, kind, id, first, second, attributes, view)));
        // Flags 2: e2ee, and not opted in.
        assertThat(replayed).containsExactly(new Tuple(5, Change.UPSERT, 42, Double.doubleToRawLongBits(41.8781),
            Double.doubleToRawLongBits(-87.6298), 7 | CameraAttributes.OPTED_OUT | CameraAttributes.E2EE, 0));
    }

    @Test
    void shouldEndATornLastSegmentAtItsLastWholeRecord() throws IOException {
        Path whole = write(CHANGES);
        byte[] bytes = Files.readAllBytes(whole);
        long[] ends = recordEnds(bytes);
        for (int cut = 1; cut < bytes.length; cut++) {
            Path file = dir.resolve("torn").resolve(StoreFiles.walName(FIRST_LSN));
            Files.createDirectories(file.getParent());
            Files.write(file, Arrays.copyOf(bytes, cut));
            int complete = 0;
            while (complete < ends.length && ends[complete] <= cut) {
                complete++;
            }
            int[] seen = {0};
            WalFormat.Replayed r = WalFormat.replay(file, FIRST_LSN, true, (lsn, kind, id, first, second, attributes, view) -> seen[0]++);
            assertThat(seen[0]).as("cut at %d", cut).isEqualTo(complete);
            assertThat(r.nextLsn()).as("cut at %d", cut).isEqualTo(FIRST_LSN + complete);
            assertThat(r.goodBytes()).as("cut at %d", cut).isEqualTo(complete == 0 ? 0 : ends[complete - 1]);
            assertThat(r.torn()).as("cut at %d", cut).isEqualTo(cut != (complete == 0 ? 0 : ends[complete - 1]));
        }
    }

    @Test
    void shouldRefuseDamageBeforeTheTail() throws IOException {
        Path file = write(CHANGES);
        byte[] bytes = Files.readAllBytes(file);
        long[] ends = recordEnds(bytes);
        // A flipped byte inside the third record, with valid records after it.
        int at = (int) ends[1] + 12;
        bytes[at] ^= 0x40;
        Files.write(file, bytes);
        assertThatThrownBy(() -> WalFormat.replay(file, FIRST_LSN, true, (lsn, kind, id, first, second, attributes, view) -> { }))
            .isInstanceOf(IndexFormatException.class)
            .hasMessage("log " + file + " is corrupted at offset " + ends[1] + " (change 7): the record there fails its check but"
                + " acknowledged records follow; refusing to open");
    }

    @Test
    void shouldRefuseATornTailInASegmentThatIsNotTheLast() throws IOException {
        Path file = write(CHANGES);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 3));
        assertThatThrownBy(() -> WalFormat.replay(file, FIRST_LSN, false, (lsn, kind, id, first, second, attributes, view) -> { }))
            .isInstanceOf(IndexFormatException.class)
            .hasMessageContaining("(change 11)");
    }

    private Path write(List<Tuple> changes) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(changes.size() * WalFormat.MAX_RECORD_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (Tuple t : changes) {
            WalFormat.encode(b, t.lsn(), t.kind(), t.id(), t.first(), t.second(), t.attributes(), t.view());
        }
        Path file = dir.resolve(StoreFiles.walName(FIRST_LSN));
        Files.write(file, Arrays.copyOf(b.array(), b.position()));
        return file;
    }

    /** @return where each record ends, from the length fields */
    private static long[] recordEnds(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<Long> ends = new ArrayList<>();
        for (int pos = 0; pos < bytes.length; ) {
            pos += WalFormat.HEADER_BYTES + b.getInt(pos);
            ends.add((long) pos);
        }
        return ends.stream().mapToLong(Long::longValue).toArray();
    }
}
