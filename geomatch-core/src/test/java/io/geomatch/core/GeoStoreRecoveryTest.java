package io.geomatch.core;

import io.geomatch.core.testing.LiveModel;
import io.geomatch.core.testing.LiveOp;
import io.geomatch.core.testing.LiveScript;
import io.geomatch.core.testing.StoreChecks;

import io.geomatch.core.internal.durable.StoreFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Recovery from what a crash or a bad disk leaves behind. A store is copied while still open,
 * which is exactly what {@code kill -9} leaves on disk; the copy is then truncated or damaged and
 * opened. A log cut anywhere recovers exactly the complete records before the cut; damage to an
 * acknowledged record, a checkpoint or the pointer to it is refused with a clear error.
 */
class GeoStoreRecoveryTest {
    private static final long B = 60_000;
    private static final int CHANGES = 300;

    @TempDir
    Path dir;

    private Path live;
    private final List<LiveOp> ops = new ArrayList<>();
    private final List<Long> recordEnds = new ArrayList<>();
    private GeoStore store;

    @BeforeEach
    void writeALog() throws IOException {
        live = dir.resolve("live");
        LiveModel model = new LiveModel(B);
        LiveScript script = new LiveScript(99, model, 30, Long.MAX_VALUE);
        // No checkpoint while the test writes: every change is in one log segment.
        store = GeoStore.create(live, B, LiveOptions.defaults(),
            StoreOptions.defaults().durability(StoreOptions.Durability.WRITE).checkpointLogBytes(1L << 40));
        for (int i = 0; i < CHANGES; i++) {
            LiveOp op = script.next();
            model.apply(op);
            ops.add(op);
            Mutations m = new Mutations();
            op.addTo(m);
            store.apply(m);
            recordEnds.add(Files.size(segment(live)));
        }
    }

    @org.junit.jupiter.api.AfterEach
    void closeStore() throws IOException {
        store.close();
    }

    private static Path segment(Path storeDir) throws IOException {
        long[] segments = StoreFiles.walSegments(storeDir);
        assertThat(segments).hasSize(1);
        return storeDir.resolve(StoreFiles.walName(segments[0]));
    }

    private Path crashCopy(String name) throws IOException {
        Path copy = dir.resolve(name);
        Files.createDirectories(copy);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(live)) {
            for (Path f : files) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        return copy;
    }

    private void assertRecovers(Path copy, int changes, String where) throws IOException {
        try (GeoStore s = GeoStore.open(copy, StoreOptions.defaults())) {
            LiveModel expected = StoreChecks.modelAfter(ops, changes, B);
            StoreChecks.assertSame(s.view(), expected, new LiveScript(changes, expected, 30, Long.MAX_VALUE), 25, where);
            // The store goes on from there, and keeps what it is given.
            s.apply(new Mutations().upsertCamera(Camera.at(5_000_000, LiveScript.LAT0, LiveScript.LON0).retentionDays(3)));
            assertThat(s.durableOps()).isEqualTo(changes + 1L);
        }
        try (GeoStore s = GeoStore.open(copy, StoreOptions.defaults())) {
            assertThat(s.durableOps()).as(where + " after reopen").isEqualTo(changes + 1L);
        }
    }

    @Test
    void shouldRecoverEveryCompleteRecordFromALogCutAnywhere() throws IOException {
        SplittableRandom random = new SplittableRandom(3);
        long size = recordEnds.get(CHANGES - 1);
        List<Long> cuts = new ArrayList<>(List.of(0L, 1L, 7L, 8L, size - 1, size));
        for (int i = 0; i < 30; i++) {
            cuts.add(random.nextLong(size));
        }
        for (int k : new int[] {0, 1, 150, CHANGES - 2}) {
            cuts.add(recordEnds.get(k));
            cuts.add(recordEnds.get(k) + 1);
            cuts.add(recordEnds.get(k) - 1);
        }
        int n = 0;
        for (long cut : cuts) {
            Path copy = crashCopy("cut" + n++);
            try (RandomAccessFile f = new RandomAccessFile(segment(copy).toFile(), "rw")) {
                f.setLength(cut);
            }
            int complete = 0;
            while (complete < CHANGES && recordEnds.get(complete) <= cut) {
                complete++;
            }
            assertRecovers(copy, complete, "cut at " + cut);
        }
    }

    @Test
    void shouldRefuseACorruptedRecordFollowedByAcknowledgedOnes() throws IOException {
        for (int k : new int[] {0, 17, CHANGES / 2, CHANGES - 2}) {
            Path copy = crashCopy("flip" + k);
            long at = (k == 0 ? 0 : recordEnds.get(k - 1)) + 12;
            flip(segment(copy), at);
            assertThatThrownBy(() -> GeoStore.open(copy, StoreOptions.defaults()))
                .isInstanceOf(IndexFormatException.class)
                .hasMessageStartingWith("log " + segment(copy) + " is corrupted at offset " + (at - 12) + " (change " + k + ")")
                .hasMessageEndingWith("acknowledged records follow; refusing to open");
        }
    }

    @Test
    void shouldTreatADamagedLastRecordAsATornTail() throws IOException {
        Path copy = crashCopy("last");
        flip(segment(copy), recordEnds.get(CHANGES - 2) + 20);
        assertRecovers(copy, CHANGES - 1, "damaged last record");
    }

    @Test
    void shouldRefuseADamagedCheckpoint() throws IOException {
        store.checkpoint();
        Path copy = crashCopy("checkpoint");
        Path snapshot = copy.resolve(StoreFiles.snapshotName(CHANGES));
        assertThat(snapshot).exists();
        flip(snapshot, Files.size(snapshot) / 2);
        assertThatThrownBy(() -> GeoStore.open(copy, StoreOptions.defaults()))
            .isInstanceOf(IndexFormatException.class)
            .hasMessageContaining(snapshot.toString())
            .hasMessageContaining("checksum mismatch (corrupted)");

        Path pointer = crashCopy("pointer");
        flip(pointer.resolve(StoreFiles.CHECKPOINT), 9);
        assertThatThrownBy(() -> GeoStore.open(pointer, StoreOptions.defaults()))
            .isInstanceOf(IndexFormatException.class)
            .hasMessage("store " + pointer + ": file CHECKPOINT is corrupted (bad magic or checksum)");
        // The undamaged copy is fine, and holds everything.
        assertRecovers(crashCopy("intact"), CHANGES, "after checkpoint");
    }

    @Test
    void shouldRefuseALogWithAMissingSegment() throws IOException {
        store.close();
        // Closing checkpointed everything; reopen, add more in two segments, then lose the first.
        store = GeoStore.open(live, StoreOptions.defaults().checkpointLogBytes(1L << 40));
        store.apply(new Mutations().upsertCamera(Camera.at(9_000_000, LiveScript.LAT0, LiveScript.LON0).retentionDays(3)));
        Path copy = crashCopy("gap");
        long[] segments = StoreFiles.walSegments(copy);
        assertThat(segments).containsExactly(CHANGES);
        Files.move(copy.resolve(StoreFiles.walName(CHANGES)), copy.resolve(StoreFiles.walName(CHANGES + 5)));
        assertThatThrownBy(() -> GeoStore.open(copy, StoreOptions.defaults()))
            .isInstanceOf(IndexFormatException.class)
            .hasMessage("store " + copy + ": the log is missing changes " + CHANGES + ".." + (CHANGES + 4)
                + " after the checkpoint (segment " + StoreFiles.walName(CHANGES + 5) + " starts at change " + (CHANGES + 5) + ")");

        Path between = crashCopy("between");
        Files.write(between.resolve(StoreFiles.walName(CHANGES + 10)), new byte[0]);
        assertThatThrownBy(() -> GeoStore.open(between, StoreOptions.defaults()))
            .isInstanceOf(IndexFormatException.class)
            .hasMessage("store " + between + ": the log is missing changes " + (CHANGES + 1) + ".." + (CHANGES + 9)
                + " (segment " + StoreFiles.walName(CHANGES + 10) + " starts at change " + (CHANGES + 10) + ")");
    }

    private static void flip(Path file, long at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x5A);
        }
    }
}
