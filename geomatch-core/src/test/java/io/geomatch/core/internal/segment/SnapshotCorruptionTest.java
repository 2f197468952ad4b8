package io.geomatch.core.internal.segment;

import io.geomatch.core.Area;
import io.geomatch.core.Camera;
import io.geomatch.core.GeoIndex;
import io.geomatch.core.GeoIndexBuilder;
import io.geomatch.core.IndexFormatException;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Untrusted files: every damaged snapshot is refused with a clear message, never misread: by
 * {@link GeoIndex#open} for what opening verifies, else by {@link GeoIndex#verify()} (or the first
 * query that reads the damaged block; see {@link SnapshotBlockVerificationTest}).
 */
class SnapshotCorruptionTest {
    /** Sections in a version-4 snapshot: coordinates, camera rows, ids, retention values, runs, views, view blocks, block table. */
    private static final int SECTIONS = 8;
    @TempDir
    Path dir;

    private Path file;
    private byte[] good;
    private GeoIndex built;

    @BeforeEach
    void writeSnapshot() throws IOException {
        GeoIndexBuilder b = GeoIndex.builder(60_000);
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 500; i++) {
            Camera camera = Camera.at(i, 41 + random.nextDouble(), -88 + random.nextDouble())
                .optedIn(random.nextInt(10) > 0).e2ee(random.nextInt(20) == 0).retentionDays(1 + random.nextInt(60));
            b.addCamera(i % 2 == 0 ? camera : camera.view(random.nextInt(360), 1 + random.nextInt(360), 1 + random.nextInt(200)));
            b.addFootage(i, 1_000_000 + random.nextInt(1_000_000), 3_000_000);
        }
        built = b.build();
        file = dir.resolve("index.geomatch");
        built.snapshot(file);
        good = Files.readAllBytes(file);
    }

    @Test
    void shouldReopenIdenticallyAndLeaveNoTemporaryFile() throws IOException {
        GeoIndex opened = GeoIndex.open(file);
        Area area = Area.circle(41.5, -87.5, 30_000);
        assertThat(opened.matchIds(area, 0, 4_000_000, 4_000_000)).containsExactly(built.matchIds(area, 0, 4_000_000, 4_000_000));
        assertThat(opened.cameraCount()).isEqualTo(500);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void shouldReplaceAnExistingSnapshotAtomically() throws IOException {
        GeoIndex.builder(1000).build().snapshot(file);
        assertThat(GeoIndex.open(file).cameraCount()).isZero();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void shouldRefuseMissingFile() {
        assertThatThrownBy(() -> GeoIndex.open(dir.resolve("nope")))
            .isInstanceOf(IndexFormatException.class)
            .hasMessage("index file " + dir.resolve("nope") + " does not exist");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, 63, 64, 200, 400})
    void shouldRefuseTruncatedHeader(int length) throws IOException {
        Files.write(file, Arrays.copyOf(good, length));
        assertThatThrownBy(() -> GeoIndex.open(file))
            .isInstanceOf(IndexFormatException.class)
            .hasMessageStartingWith("index file " + file + " is truncated");
    }

    @Test
    void shouldRefuseTruncatedSections() throws IOException {
        for (int cut : new int[] {good.length - 1, good.length / 2, 400}) {
            Files.write(file, Arrays.copyOf(good, cut));
            assertThatThrownBy(() -> GeoIndex.open(file))
                .as("cut at %d", cut)
                .isInstanceOf(IndexFormatException.class)
                .hasMessageContaining("is truncated");
        }
    }

    @Test
    void shouldRefuseWrongMagic() throws IOException {
        byte[] bad = good.clone();
        bad[0] = 'X';
        Files.write(file, bad);
        assertThatThrownBy(() -> GeoIndex.open(file))
            .hasMessage("index file " + file + " is not a geomatch index (bad magic)");
    }

    @Test
    void shouldRefuseOtherFormatVersion() throws IOException {
        byte[] bad = good.clone();
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 1);
        Files.write(file, bad);
        assertThatThrownBy(() -> GeoIndex.open(file))
            .hasMessage("index file " + file + " has format version 1, this library reads versions 2 to 5");
    }

    @Test
    void shouldRefuseAFlippedByteAnywhere() throws IOException {
        SplittableRandom random = new SplittableRandom(3);
        int sectionsStart = 64 + 32 * SECTIONS;
        for (int trial = 0; trial < 200; trial++) {
            int at = trial < 100 ? random.nextInt(sectionsStart) : sectionsStart + random.nextInt(good.length - sectionsStart);
            byte[] bad = good.clone();
            bad[at] ^= (byte) (1 << random.nextInt(8));
            Files.write(file, bad);
            if (isPadding(at)) {
                // Alignment padding carries no data; a flip there cannot change an answer.
                continue;
            }
            assertThatThrownBy(() -> GeoIndex.open(file).verify())
                .as("byte %d flipped", at)
                .isInstanceOf(IndexFormatException.class)
                .hasMessageMatching("index file .* (checksum mismatch \\(corrupted\\)|is not a geomatch index \\(bad magic\\)"
                    + "|has format version .*|is truncated.*|has \\d+ sections.*)");
        }
    }

    @Test
    void shouldRefuseACraftedFileWhoseChecksumsAreValidButWhoseStructureIsNot() throws IOException {
        // Section 1 (longitude, latitude per camera): a latitude out of range.
        Files.write(file, resealed(1, buf -> buf.putDouble(8, 91.0)));
        assertThatThrownBy(() -> GeoIndex.open(file).verify())
            .hasMessage("index file " + file + " camera 0 has inconsistent coordinates or order");
        // Section 1: camera 0 moved to the north-east corner of the world, so camera 1 is out of key order.
        Files.write(file, resealed(1, buf -> buf.putDouble(0, 180.0).putDouble(8, 90.0)));
        assertThatThrownBy(() -> GeoIndex.open(file).verify())
            .hasMessage("index file " + file + " camera 1 has inconsistent coordinates or order");
        // Section 2 (24-byte camera rows; attributes at byte 20): a retention class that does not exist.
        Files.write(file, resealed(2, buf -> buf.putShort(20, (short) 0x0FFF)));
        assertThatThrownBy(() -> GeoIndex.open(file).verify())
            .hasMessage("index file " + file + " camera 0 has inconsistent attributes 4095");
        // Section 2: a view rank (bytes 22-23) on a camera without a view (bit 14 of the attributes).
        int withoutView = firstCamera(false);
        Files.write(file, resealed(2, buf -> buf.putShort(withoutView * 24 + 22, (short) 1)));
        assertThatThrownBy(() -> GeoIndex.open(file).verify())
            .hasMessageStartingWith("index file " + file + " camera " + withoutView + " has inconsistent attributes");
        // Section 2: a camera with a view whose rank points at another camera's view.
        int withView = firstCamera(true);
        Files.write(file, resealed(2, buf -> buf.putShort(withView * 24 + 22, (short) 7)));
        assertThatThrownBy(() -> GeoIndex.open(file).verify())
            .hasMessageStartingWith("index file " + file + " camera " + withView + " has inconsistent attributes");
        // Section 2: a camera that gains a view flag: its rank is not the count before it, and the views no longer add up.
        Files.write(file, resealed(2, buf -> buf.putShort(withoutView * 24 + 20, (short) (buf.getShort(withoutView * 24 + 20) | 0x4000))));
        assertThatThrownBy(() -> GeoIndex.open(file).verify())
            .isInstanceOf(IndexFormatException.class).hasMessageStartingWith("index file " + file + " camera ");
        // Section 6 (8 bytes per view): a field of view of 0.
        Files.write(file, resealed(6, buf -> buf.putLong(8, buf.getLong(8) & ~0xFFFF_0000L)));
        assertThatThrownBy(() -> GeoIndex.open(file).verify())
            .hasMessage("index file " + file + " view 1 is inconsistent");
        // Section 7 (views before each view block): the first must be 0.
        Files.write(file, resealed(7, buf -> buf.putInt(0, 1)));
        assertThatThrownBy(() -> GeoIndex.open(file).verify())
            .hasMessage("index file " + file + " view block 0 is inconsistent");
        // Section 8 (block table): the first block's first run must be 0, and no first run beyond the runs.
        Files.write(file, resealed(8, buf -> buf.putInt(0, 1)));
        assertThatThrownBy(() -> GeoIndex.open(file))
            .hasMessage("index file " + file + " footage offsets of block 0 are inconsistent (first run 1)");
        // Section 8: views before the first block must be 0.
        Files.write(file, resealed(8, buf -> buf.putInt(4, 3)));
        assertThatThrownBy(() -> GeoIndex.open(file))
            .hasMessage("index file " + file + " views of block 0 are inconsistent (views before it 3)");
        // Section 2: the first camera's first run moved past its second's.
        Files.write(file, resealed(2, buf -> buf.putInt(16, 5)));
        assertThatThrownBy(() -> GeoIndex.open(file).verify())
            .hasMessage("index file " + file + " footage offsets of block 0 do not match the block table");
        // Section 2: the sentinel's run count, which bounds the last camera's runs, beyond the runs.
        Files.write(file, resealed(2, buf -> buf.putInt(500 * 24 + 16, Integer.MAX_VALUE)));
        assertThatThrownBy(() -> GeoIndex.open(file).verify())
            .hasMessage("index file " + file + " footage offsets of block 0 do not match the block table");
        // Section 2 (slot mask words at bytes 0 and 8 of a row): masks that disagree with the camera's runs.
        Files.write(file, resealed(2, buf -> buf.putLong(3 * 24, ~buf.getLong(3 * 24))));
        assertThatThrownBy(() -> GeoIndex.open(file).verify())
            .hasMessage("index file " + file + " footage slot mask of camera 3 is inconsistent");
        Files.write(file, resealed(2, buf -> buf.putLong(3 * 24 + 8, ~buf.getLong(3 * 24 + 8))));
        assertThatThrownBy(() -> GeoIndex.open(file).verify())
            .hasMessage("index file " + file + " footage slot mask of camera 3 is inconsistent");
    }

    @Test
    void shouldRefuseACraftedHeaderWhoseValuesWouldOverflow() throws IOException {
        // Offsets in the header: 16 bucketMillis, 40 baseBucket, 48 slotBuckets.
        long[][] edits = {{48, 1L << 58}, {40, Long.MIN_VALUE}, {16, 400L * 86_400_000L}};
        for (long[] edit : edits) {
            byte[] bytes = good.clone();
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong((int) edit[0], edit[1]);
            Files.write(file, resealHeader(bytes));
            assertThatThrownBy(() -> GeoIndex.open(file))
                .as("header offset %d = %d", edit[0], edit[1])
                .isInstanceOf(IndexFormatException.class)
                .hasMessageStartingWith("index file " + file + " header holds impossible counts");
        }
    }

    @Test
    void shouldRefuseARunStrideTheFormatVersionDoesNotHave() throws IOException {
        ByteBuffer header = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(header.getInt(36)).as("one-minute buckets over months: 4-byte runs").isEqualTo(IndexColumns.SHORT_RUN);
        // Version 4 had no 4-byte runs; no version has 2- or 12-byte ones.
        int[][] edits = {{4, 4}, {5, 2}, {5, 12}};
        for (int[] edit : edits) {
            byte[] bytes = good.clone();
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, edit[0]).putInt(36, edit[1]);
            Files.write(file, resealHeader(bytes));
            assertThatThrownBy(() -> GeoIndex.open(file))
                .as("version %d, run stride %d", edit[0], edit[1])
                .isInstanceOf(IndexFormatException.class)
                .hasMessageStartingWith("index file " + file + " header holds impossible counts")
                .hasMessageContaining("runStride=" + edit[1]);
        }
    }

    /** @return the first ordinal of the snapshot with, or without, a view */
    private int firstCamera(boolean withView) throws IOException {
        ByteBuffer all = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN);
        int rows = (int) all.getLong(64 + 32 + 8);
        for (int o = 0; o < built.cameraCount(); o++) {
            if (((all.getShort(rows + o * 24 + 20) & 0x4000) != 0) == withView) {
                return o;
            }
        }
        throw new AssertionError("no camera " + (withView ? "with" : "without") + " a view");
    }

    /** A copy of the good file with one section edited and every checksum recomputed. */
    private byte[] resealed(int section, java.util.function.Consumer<ByteBuffer> edit) {
        return new SnapshotBytes(good.clone()).edit(section, edit).bytes;
    }

    /** Recomputes the header checksum over the (edited) header and section table. */
    private static byte[] resealHeader(byte[] bytes) {
        return new SnapshotBytes(bytes).resealHeader().bytes;
    }

    /** Bytes between sections and the last reserved header word hold no data and no checksum covers them. */
    private boolean isPadding(int at) {
        ByteBuffer h = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN);
        if (at < 64 + 32 * SECTIONS) {
            return at >= 60 && at < 64;
        }
        for (int s = 0; s < SECTIONS; s++) {
            long offset = h.getLong(64 + 32 * s + 8);
            long length = h.getLong(64 + 32 * s + 16);
            if (at >= offset && at < offset + length) {
                return false;
            }
        }
        return true;
    }
}
