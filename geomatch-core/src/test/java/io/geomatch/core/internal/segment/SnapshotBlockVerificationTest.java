package io.geomatch.core.internal.segment;

import io.geomatch.core.Area;
import io.geomatch.core.Camera;
import io.geomatch.core.GeoIndex;
import io.geomatch.core.GeoIndexBuilder;
import io.geomatch.core.IndexFormatException;
import io.geomatch.core.MatchMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Lazy verification of a snapshot's blocks, with one cluster of cameras per block: three
 * clusters of exactly 8,192 cameras, each inside its own quadtree cell of level 8, so each is one
 * block of ordinals and a query inside a cluster reads that block only. A damaged byte in any
 * section, in any block, is refused: by {@code open} for what opening verifies (header, section
 * table, coordinates, retention values, views, view blocks, block table), otherwise by the first
 * query that reads the block (the same failure every time after), while queries of the other
 * blocks keep answering exactly; {@code verify()} finds it before any query. Files whose checksums
 * were recomputed after an edit (crafted offsets, ranks, runs) fail the same way, never with an
 * out-of-bounds read.
 */
class SnapshotBlockVerificationTest {
    private static final long T0 = 1_762_000_000_000L;
    private static final int PER_CLUSTER = SnapshotBytes.BLOCK;
    /** Level-8 quadtree cells (1.40625 x 0.703125 degrees), by column and row from (-180, -90). */
    private static final int[][] CELLS = {{65, 187}, {53, 184}, {75, 185}};
    private static final double CELL_LON = 360.0 / 256;
    private static final double CELL_LAT = 180.0 / 256;

    @TempDir
    static Path dir;

    private static GeoIndex built;
    private static byte[] good;
    /** Per cluster, the block that holds it. */
    private static final int[] BLOCK_OF = new int[CELLS.length];

    @BeforeAll
    static void writeSnapshot() throws IOException {
        GeoIndexBuilder b = GeoIndex.builder(60_000);
        SplittableRandom random = new SplittableRandom(41);
        long id = 0;
        for (int[] cell : CELLS) {
            for (int i = 0; i < PER_CLUSTER; i++) {
                Camera camera = Camera.at(id, centerLat(cell) + (random.nextDouble() - 0.5) * CELL_LAT * 0.8,
                    centerLon(cell) + (random.nextDouble() - 0.5) * CELL_LON * 0.8).retentionDays(30);
                b.addCamera(i % 3 == 0 ? camera.view(random.nextInt(360), 10 + random.nextInt(350), 5 + random.nextInt(190)) : camera);
                for (int k = 1 + random.nextInt(3); k > 0; k--) {
                    long start = T0 + random.nextLong(86_400_000L);
                    b.addFootage(id, start, start + 1 + random.nextLong(3_600_000L));
                }
                id++;
            }
        }
        built = b.build();
        Path file = dir.resolve("good.geomatch");
        built.snapshot(file);
        good = Files.readAllBytes(file);
        for (int c = 0; c < CELLS.length; c++) {
            int k = 0;
            while (Math.abs(built.latDegrees(k * PER_CLUSTER) - centerLat(CELLS[c])) > CELL_LAT / 2) {
                k++;
            }
            BLOCK_OF[c] = k;
        }
        assertThat(new SnapshotBytes(good).blocks()).isEqualTo(3);
    }

    private static double centerLat(int[] cell) {
        return -90 + (cell[1] + 0.5) * CELL_LAT;
    }

    private static double centerLon(int[] cell) {
        return -180 + (cell[0] + 0.5) * CELL_LON;
    }

    /** A 20 km circle in the middle of a cluster: it reads that cluster's block only. */
    private static Area areaOf(int cluster) {
        return Area.circle(centerLat(CELLS[cluster]), centerLon(CELLS[cluster]), 20_000);
    }

    private static Area squareOf(int cluster) {
        double lat = centerLat(CELLS[cluster]);
        double lon = centerLon(CELLS[cluster]);
        return Area.wkt("POLYGON ((" + (lon - 0.2) + " " + (lat - 0.2) + ", " + (lon + 0.2) + " " + (lat - 0.2) + ", " + (lon + 0.2) + " "
            + (lat + 0.2) + ", " + (lon - 0.2) + " " + (lat + 0.2) + ", " + (lon - 0.2) + " " + (lat - 0.2) + "))");
    }

    private static long[] ids(GeoIndex index, int cluster) {
        return index.matchIds(areaOf(cluster), T0, T0 + 86_400_000L, T0 + 86_400_000L);
    }

    private static long[] viewIds(GeoIndex index, int cluster) {
        return index.matchIds(squareOf(cluster), T0, T0 + 86_400_000L, T0 + 86_400_000L, MatchMode.VIEW);
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    @Test
    void shouldAnswerExactlyAfterOpeningAndVerifyEveryBlockOnDemand() throws IOException {
        GeoIndex opened = GeoIndex.open(write("same.geomatch", good));
        for (int c = 0; c < CELLS.length; c++) {
            long[] expected = ids(built, c);
            assertThat(expected).as("cluster %d", c).hasSizeGreaterThan(100);
            assertThat(ids(opened, c)).containsExactly(expected);
            assertThat(viewIds(opened, c)).containsExactly(viewIds(built, c));
        }
        opened.verify();
        assertThat(opened.cameraId(5)).isEqualTo(built.cameraId(5));
    }

    @Test
    void shouldFailOnlyTheQueriesThatReadADamagedBlockOfRowsIdsOrRuns() throws IOException {
        for (int cluster = 0; cluster < CELLS.length; cluster++) {
            int k = BLOCK_OF[cluster];
            SnapshotBytes layout = new SnapshotBytes(good);
            int camera = k * PER_CLUSTER + 100;
            // One byte in each lazily verified section: an attribute byte of a row, an id, a run.
            int[][] flips = {
                {2, layout.offset(2) + camera * SnapshotBytes.CAMERA_ROW + 20},
                {3, layout.offset(3) + camera * 8 + 3},
                {5, layout.offset(5) + (layout.blockFirstRun(k) + 17) * layout.runStride()}};
            for (int[] flip : flips) {
                byte[] bad = good.clone();
                bad[flip[1]] ^= 0x10;
                Path file = write("flip-" + cluster + "-" + flip[0] + ".geomatch", bad);
                String message = "index file " + file + " block " + k + " (cameras " + k * PER_CLUSTER + " to " + ((k + 1) * PER_CLUSTER - 1)
                    + ") checksum mismatch (corrupted)";
                String what = "cluster " + cluster + ", section " + flip[0];
                // Before any query: verify() finds it.
                assertThatThrownBy(() -> GeoIndex.open(file).verify()).as(what).isInstanceOf(IndexFormatException.class).hasMessage(message);
                // After queries of the other blocks, which answer exactly, the first query that reads it fails, and so does every later one.
                GeoIndex opened = GeoIndex.open(file);
                for (int other = 0; other < CELLS.length; other++) {
                    if (other != cluster) {
                        assertThat(ids(opened, other)).as(what).containsExactly(ids(built, other));
                    }
                }
                for (int attempt = 0; attempt < 2; attempt++) {
                    int c = cluster;
                    assertThatThrownBy(() -> ids(opened, c)).as(what).isInstanceOf(UncheckedIOException.class)
                        .cause().isInstanceOf(IndexFormatException.class).hasMessage(message);
                    assertThatThrownBy(() -> viewIds(opened, c)).as(what).isInstanceOf(UncheckedIOException.class)
                        .cause().hasMessage(message);
                }
                assertThatThrownBy(() -> opened.cameraId(camera)).isInstanceOf(UncheckedIOException.class).cause().hasMessage(message);
                int other = (cluster + 1) % CELLS.length;
                assertThat(ids(opened, other)).as(what).containsExactly(ids(built, other));
                assertThatThrownBy(opened::verify).as(what).hasMessage(message);
                // A damaged block is never written out with a fresh checksum.
                Path copy = dir.resolve("copy.geomatch");
                assertThatThrownBy(() -> opened.snapshot(copy)).as(what).hasMessage(message);
                assertThat(copy).doesNotExist();
            }
        }
    }

    @Test
    void shouldRefuseAtOpenADamagedByteInWhatOpeningVerifies() throws IOException {
        SnapshotBytes layout = new SnapshotBytes(good);
        for (int cluster = 0; cluster < CELLS.length; cluster++) {
            int k = BLOCK_OF[cluster];
            int camera = k * PER_CLUSTER + 4000;
            int[][] flips = {
                {0, 40},                                                           // header: the base bucket
                {0, SnapshotBytes.HEADER + SnapshotBytes.ENTRY * 4 + 9},           // section table: the runs' offset
                {1, layout.offset(1) + camera * 16 + 7},                           // this block's coordinates
                {4, layout.offset(4)},                                             // retention values
                {6, layout.offset(6) + 8 * (k * PER_CLUSTER / 3 + 5) + 2},         // a view of this block
                {7, layout.offset(7)},                                             // view blocks
                {8, layout.offset(8) + 16 * k + 1},                                // this block's table entry: first run
                {8, layout.offset(8) + 16 * k + 12}};                              // its checksum
            for (int[] flip : flips) {
                byte[] bad = good.clone();
                bad[flip[1]] ^= 0x04;
                Path file = write("eager-" + cluster + "-" + flip[0] + ".geomatch", bad);
                assertThatThrownBy(() -> GeoIndex.open(file)).as("cluster %d, section %d", cluster, flip[0])
                    .isInstanceOf(IndexFormatException.class).hasMessageContaining("checksum mismatch (corrupted)");
            }
        }
    }

    @Test
    void shouldRefuseCraftedOffsetsRanksAndRunsWithValidChecksumsWithoutReadingOutOfBounds() throws IOException {
        for (int cluster = 0; cluster < CELLS.length; cluster++) {
            int k = BLOCK_OF[cluster];
            int camera = k * PER_CLUSTER + 200;
            int viewed = camera - camera % 3;
            SnapshotBytes layout = new SnapshotBytes(good);
            int run = layout.blockFirstRun(k) + 30;
            int stride = layout.runStride();
            assertThat(stride).as("one-minute buckets over a week: 4-byte runs").isEqualTo(IndexColumns.SHORT_RUN);
            Object[][] crafts = {
                {2, (java.util.function.Consumer<java.nio.ByteBuffer>) buf -> buf.putInt(camera * 24 + 16, Integer.MAX_VALUE),
                    "footage offsets of camera " + (camera - 1) + " are inconsistent"},
                {2, (java.util.function.Consumer<java.nio.ByteBuffer>) buf -> buf.putInt(camera * 24 + 16, -8),
                    "footage offsets of camera " + (camera - 1) + " are inconsistent"},
                {2, (java.util.function.Consumer<java.nio.ByteBuffer>) buf -> buf.putShort(viewed * 24 + 22, (short) 0xFFFF),
                    "camera " + viewed + " has inconsistent attributes"},
                {5, (java.util.function.Consumer<java.nio.ByteBuffer>) buf -> putRunBound(buf, stride, run, 0, runBound(buf, stride, run, 1) + 1),
                    "footage run " + run + " of camera"},
                {5, (java.util.function.Consumer<java.nio.ByteBuffer>) buf -> putRunBound(buf, stride, run, 1, stride == 4 ? 0xFFFF : Integer.MAX_VALUE),
                    "footage run " + run + " of camera"}};
            for (Object[] craft : crafts) {
                @SuppressWarnings("unchecked")
                java.util.function.Consumer<java.nio.ByteBuffer> edit = (java.util.function.Consumer<java.nio.ByteBuffer>) craft[1];
                Path file = write("crafted.geomatch", new SnapshotBytes(good.clone()).edit((int) craft[0], edit).bytes);
                GeoIndex opened = GeoIndex.open(file);
                int c = cluster;
                assertThatThrownBy(() -> ids(opened, c)).as("cluster %d: %s", cluster, craft[2]).isInstanceOf(UncheckedIOException.class)
                    .cause().isInstanceOf(IndexFormatException.class).hasMessageStartingWith("index file " + file + " " + craft[2]);
                int other = (cluster + 2) % CELLS.length;
                assertThat(ids(opened, other)).containsExactly(ids(built, other));
            }
            // The block table: a first run past the runs, and views before a block past the views, refused at open;
            // a first run that still ascends but disagrees with the rows, refused by the blocks it bounds.
            int[][] tables = {{16 * k, Integer.MAX_VALUE}, {16 * k + 4, Integer.MAX_VALUE}, {16 * ((k + 1) % 3), 7}, {16 * ((k + 1) % 3) + 4, 1}};
            for (int[] table : tables) {
                Path file = write("table.geomatch", new SnapshotBytes(good.clone()).edit(8, buf -> buf.putInt(table[0], table[1])).bytes);
                assertThatThrownBy(() -> GeoIndex.open(file).verify()).as("block table at %d", table[0]).isInstanceOf(IndexFormatException.class)
                    .hasMessageMatching("index file .* (footage offsets|views) of block \\d (are inconsistent|do not match the block table).*");
            }
        }
    }

    /** Bound {@code which} (0 first, 1 last) of a run in a runs section of 4- or 8-byte runs, unsigned. */
    private static long runBound(java.nio.ByteBuffer runs, int stride, int run, int which) {
        int at = run * stride + which * stride / 2;
        return stride == 4 ? runs.getShort(at) & 0xFFFF : runs.getInt(at);
    }

    private static void putRunBound(java.nio.ByteBuffer runs, int stride, int run, int which, long value) {
        int at = run * stride + which * stride / 2;
        if (stride == 4) {
            runs.putShort(at, (short) value);
        } else {
            runs.putInt(at, (int) value);
        }
    }
}
