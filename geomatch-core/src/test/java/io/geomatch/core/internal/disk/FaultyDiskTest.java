package io.geomatch.core.internal.disk;

import io.geomatch.core.internal.disk.FaultyDisk.Crash;
import io.geomatch.core.internal.disk.FaultyDisk.Fault;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The simulated disk keeps what its model says, and nothing more: the fault tests of the store
 * are only as good as this. Each test writes through the disk, crashes it, and reads the
 * directory the next process would see.
 */
class FaultyDiskTest {
    private static final byte[] A = bytes(10, 1);
    private static final byte[] B = bytes(7, 2);

    @TempDir
    Path dir;

    private static byte[] bytes(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static byte[] concat(byte[] x, byte[] y) {
        byte[] out = Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, out, x.length, y.length);
        return out;
    }

    private static void write(FileChannel ch, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private FaultyDisk reliable() throws IOException {
        return new FaultyDisk(dir, FaultyDisk.Plan.reliable(), 7);
    }

    /** A file whose name and first write were forced, and a second write that was not. */
    private FileChannel forcedThenUnforced(FaultyDisk disk) throws IOException {
        FileChannel ch = disk.create(dir.resolve("f"));
        disk.syncDirectory(dir);
        write(ch, A);
        ch.force(false);
        write(ch, B);
        return ch;
    }

    @Test
    void shouldKeepOnlyForcedWritesAtAPowerLoss() throws IOException {
        FaultyDisk disk = reliable();
        forcedThenUnforced(disk);
        assertThat(Files.readAllBytes(dir.resolve("f"))).isEqualTo(concat(A, B));
        disk.crash(Crash.POWER);
        disk.restart();
        assertThat(Files.readAllBytes(dir.resolve("f"))).isEqualTo(A);
    }

    @Test
    void shouldKeepThePageCacheWhenOnlyTheProcessDies() throws IOException {
        FaultyDisk disk = reliable();
        forcedThenUnforced(disk);
        disk.crash(Crash.PROCESS);
        disk.restart();
        assertThat(Files.readAllBytes(dir.resolve("f"))).isEqualTo(concat(A, B));
        // Still not on the device: a power loss in the next process drops it.
        disk.crash(Crash.POWER);
        disk.restart();
        assertThat(Files.readAllBytes(dir.resolve("f"))).isEqualTo(A);
    }

    @Test
    void shouldLoseANameThatWasNotForcedIntoItsDirectory() throws IOException {
        FaultyDisk disk = reliable();
        Path tmp = disk.createTempFile(dir, ".g.", ".tmp");
        disk.syncDirectory(dir);
        try (FileChannel ch = disk.create(dir.resolve("f"))) {
            write(ch, A);
            ch.force(true);
        }
        disk.rename(tmp, dir.resolve("g"));
        disk.crash(Crash.POWER);
        disk.restart();
        assertThat(dir.resolve("f")).doesNotExist();
        assertThat(dir.resolve("g")).doesNotExist();
        assertThat(tmp).exists();
    }

    @Test
    void shouldKeepWritesLeftInLimboByAFailedForceOutOfReachOfLaterForces() throws IOException {
        FaultyDisk disk = reliable();
        FileChannel ch = forcedThenUnforced(disk);
        disk.failNext(Fault.FSYNC_EIO);
        assertThatThrownBy(() -> ch.force(false)).isInstanceOf(IOException.class)
            .hasMessage("Input/output error (injected, at force of f)");
        ch.force(false);
        disk.crash(Crash.POWER);
        disk.restart();
        assertThat(Files.readAllBytes(dir.resolve("f"))).isEqualTo(A);
        assertThat(disk.stats().limbo).isEqualTo(1);
    }

    @Test
    void shouldKeepDirectoryChangesLeftInLimboByAFailedForceOutOfReachOfLaterForces() throws IOException {
        FaultyDisk disk = reliable();
        Path tmp = disk.createTempFile(dir, ".g.", ".tmp");
        disk.syncDirectory(dir);
        disk.rename(tmp, dir.resolve("g"));
        disk.failNext(Fault.DIRSYNC_EIO);
        assertThatThrownBy(() -> disk.syncDirectory(dir)).hasMessage("Input/output error (injected, at directory force)");
        disk.syncDirectory(dir);
        disk.crash(Crash.POWER);
        disk.restart();
        assertThat(tmp).exists();
        assertThat(dir.resolve("g")).doesNotExist();
    }

    @Test
    void shouldKeepAPrefixOfUnforcedWritesSometimesTornWhenAsked() throws IOException {
        byte[] all = new byte[0];
        boolean sawNone = false;
        boolean sawAll = false;
        boolean sawTorn = false;
        boolean sawZeros = false;
        for (long seed = 0; seed < 300; seed++) {
            Path d = dir.resolve("d" + seed);
            FaultyDisk disk = new FaultyDisk(d, FaultyDisk.Plan.reliable().keepUnsynced(true), seed);
            FileChannel ch = disk.create(d.resolve("f"));
            disk.syncDirectory(d);
            all = new byte[0];
            for (int w = 0; w < 5; w++) {
                byte[] chunk = bytes(8, w + 1);
                write(ch, chunk);
                all = concat(all, chunk);
            }
            disk.crash(Crash.POWER);
            disk.restart();
            byte[] kept = Files.readAllBytes(d.resolve("f"));
            int same = 0;
            while (same < kept.length && same < all.length && kept[same] == all[same]) {
                same++;
            }
            // A prefix of what was written, then possibly zeros up to the end of the torn write.
            for (int i = same; i < kept.length; i++) {
                assertThat(kept[i]).as("seed " + seed + " byte " + i).isZero();
            }
            assertThat(kept.length).as("seed " + seed).isLessThanOrEqualTo(all.length);
            assertThat(kept.length).as("seed " + seed + ": a torn write never extends past itself")
                .isLessThanOrEqualTo((same + 7) / 8 * 8);
            sawNone |= kept.length == 0;
            sawAll |= Arrays.equals(kept, all);
            sawTorn |= same % 8 != 0;
            sawZeros |= kept.length > same;
        }
        assertThat(sawNone).isTrue();
        assertThat(sawAll).isTrue();
        assertThat(sawTorn).isTrue();
        assertThat(sawZeros).isTrue();
    }

    @Test
    void shouldFailWritesOnceFullUntilSpaceIsFreed() throws IOException {
        FaultyDisk disk = reliable();
        try (FileChannel other = disk.create(dir.resolve("other"))) {
            write(other, A);
        }
        FileChannel ch = disk.create(dir.resolve("f"));
        disk.failNext(Fault.ENOSPC);
        ByteBuffer b = ByteBuffer.wrap(bytes(100, 3));
        assertThatThrownBy(() -> {
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }).hasMessage("No space left on device (injected, at write f @" + b.position() + " +" + b.remaining() + ")");
        assertThat(disk.full()).isTrue();
        assertThat(Files.size(dir.resolve("f"))).isEqualTo(b.position()).isLessThan(100);
        assertThatThrownBy(() -> write(ch, A)).hasMessageStartingWith("No space left on device");
        disk.delete(dir.resolve("other"));
        write(ch, A);
        assertThat(Files.size(dir.resolve("f"))).isEqualTo(b.position() + A.length);
    }

    @Test
    void shouldFailARenameWithoutChangingAnything() throws IOException {
        FaultyDisk disk = reliable();
        try (FileChannel ch = disk.create(dir.resolve("a"))) {
            write(ch, A);
        }
        try (FileChannel ch = disk.create(dir.resolve("b"))) {
            write(ch, B);
        }
        disk.failNext(Fault.RENAME_EIO);
        assertThatThrownBy(() -> disk.rename(dir.resolve("a"), dir.resolve("b"))).hasMessage("Input/output error (injected, at rename of a to b)");
        assertThat(Files.readAllBytes(dir.resolve("a"))).isEqualTo(A);
        assertThat(Files.readAllBytes(dir.resolve("b"))).isEqualTo(B);
    }

    @Test
    void shouldFailEveryOperationOfACrashedProcessAndItsChannelsForever() throws IOException {
        FaultyDisk disk = reliable();
        FileChannel ch = forcedThenUnforced(disk);
        disk.crash(Crash.PROCESS);
        assertThatThrownBy(() -> write(ch, A)).isInstanceOf(FaultyDisk.CrashedException.class);
        assertThatThrownBy(() -> disk.delete(dir.resolve("f"))).isInstanceOf(FaultyDisk.CrashedException.class);
        assertThatThrownBy(() -> disk.syncDirectory(dir)).isInstanceOf(FaultyDisk.CrashedException.class);
        disk.restart();
        assertThatThrownBy(() -> ch.force(true)).isInstanceOf(FaultyDisk.CrashedException.class);
        assertThat(disk.delete(dir.resolve("f"))).isTrue();
    }

    @Test
    void shouldCrashAtSeededOperationsTheSameWayEveryTime() throws IOException {
        FaultyDisk.Plan plan = new FaultyDisk.Plan(0.2, EnumSet.allOf(Fault.class), 0.05, EnumSet.allOf(Crash.class), true, false, false);
        long[] hashes = new long[2];
        for (int run = 0; run < 2; run++) {
            Path d = dir.resolve("run" + run);
            FaultyDisk disk = new FaultyDisk(d, plan, 42);
            for (int i = 0; i < 200; i++) {
                try {
                    try (FileChannel ch = disk.create(d.resolve("f" + i % 3))) {
                        write(ch, bytes(1 + i % 13, i));
                        ch.force(true);
                    }
                    disk.syncDirectory(d);
                } catch (IOException e) {
                    if (disk.crashed()) {
                        disk.restart();
                    }
                    disk.freeSpace();
                }
            }
            hashes[run] = disk.traceHash();
            assertThat(disk.stats().totalFaults()).isPositive();
            assertThat(disk.stats().crashes).isNotEmpty();
        }
        assertThat(hashes[1]).isEqualTo(hashes[0]);
    }

    @Test
    void shouldCatchAFileWrittenAroundTheSeam() throws IOException {
        FaultyDisk disk = reliable();
        Files.write(dir.resolve("sneaky"), A);
        disk.crash(Crash.POWER);
        assertThatThrownBy(disk::restart).isInstanceOf(AssertionError.class)
            .hasMessageContaining("something wrote around the seam");
    }
}
