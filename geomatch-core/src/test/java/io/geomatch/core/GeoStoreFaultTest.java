package io.geomatch.core;

import io.geomatch.core.internal.disk.FaultyDisk;
import io.geomatch.core.internal.disk.FaultyDisk.Crash;
import io.geomatch.core.internal.disk.FaultyDisk.Fault;
import io.geomatch.core.testing.LiveModel;
import io.geomatch.core.testing.LiveOp;
import io.geomatch.core.testing.LiveScript;
import io.geomatch.core.testing.StoreChecks;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Durability under injected faults, on a {@link FaultyDisk} under the store's files.
 *
 * <p>{@value #DEFAULT_SCHEDULES} seeded {@link FaultSchedule}s run by default;
 * {@code mvn -B verify -Pfaults} runs 100,000 ({@code -Dgeomatch.faults.schedules=N}, from
 * {@code -Dgeomatch.faults.firstSeed=S}). A failing schedule names its seed, and
 * {@code -Dgeomatch.faults.seed=S} runs that one alone, exactly as it ran. Two broken disks (one
 * that ignores file forces, one that ignores directory forces) show that the schedules catch a
 * store that does not force what it promises. The other tests walk through each fault once, with
 * the store's answer to it spelled out.
 *
 * <p>The real directory under the simulated disk plays the page cache, so it lives in memory
 * ({@code /dev/shm}) where there is one, or in {@code -Dgeomatch.faults.dir}.
 */
class GeoStoreFaultTest {
    private static final int DEFAULT_SCHEDULES = 1000;
    private static final int PROGRESS_EVERY = 5000;
    private static final long B = FaultSchedule.B;
    private static final long SEGMENT_BYTES = 256;

    @TempDir
    Path tempDir;

    private Path base;
    private Path dir;
    private FaultyDisk disk;
    private GeoStore store;
    private final List<LiveOp> ops = new ArrayList<>();
    private LiveModel model = new LiveModel(B);
    private LiveScript script = new LiveScript(5, model, 30, Long.MAX_VALUE);

    @BeforeEach
    void makeBase() throws IOException {
        String configured = System.getProperty("geomatch.faults.dir");
        Path shm = Path.of("/dev/shm");
        Path parent = configured != null ? Path.of(configured) : Files.isDirectory(shm) && Files.isWritable(shm) ? shm : tempDir;
        base = Files.createTempDirectory(parent, "geomatch-faults");
        dir = base.resolve("store");
    }

    @AfterEach
    void removeBase() throws IOException {
        if (store != null) {
            try {
                store.close();
            } catch (IOException e) {
                // The test failed or crashed the store; the directory goes anyway.
            }
        }
        deleteTree(base);
    }

    // ---------------------------------------------------------------- seeded schedules

    @Test
    void shouldRecoverAPrefixHoldingEveryAcknowledgedChangeUnderInjectedFaults() throws Exception {
        Long only = Long.getLong("geomatch.faults.seed");
        long first = only != null ? only : Long.getLong("geomatch.faults.firstSeed", 1);
        int schedules = only != null ? 1 : Integer.getInteger("geomatch.faults.schedules", DEFAULT_SCHEDULES);
        FaultyDisk.Stats total = new FaultyDisk.Stats();
        long recoveries = 0;
        for (long seed = first; seed < first + schedules; seed++) {
            Path s = base.resolve("s" + seed);
            FaultSchedule schedule = new FaultSchedule(seed, s, null);
            schedule.run();
            total.add(schedule.stats());
            recoveries += schedule.reopens();
            deleteTree(s);
            long done = seed - first + 1;
            if (schedules >= 2 * PROGRESS_EVERY && done % PROGRESS_EVERY == 0) {
                // A long run (-Pfaults) says how far it got, so that a run cut short still tells something.
                System.out.println("GeoStoreFaultTest: " + done + " of " + schedules + " schedules passed (seeds " + first + ".."
                    + seed + "), " + recoveries + " recoveries checked; " + total);
            }
        }
        System.out.println("GeoStoreFaultTest: " + schedules + " schedules (seeds " + first + ".." + (first + schedules - 1) + "), "
            + recoveries + " recoveries checked against the model and the oracle; " + total);
        if (only == null) {
            // The schedules did inject every kind of fault, and crashed both ways.
            for (Fault f : Fault.values()) {
                assertThat(total.faults.getOrDefault(f, 0L)).as("faults " + f).isPositive();
            }
            for (Crash c : Crash.values()) {
                assertThat(total.crashes.getOrDefault(c, 0L)).as("crashes " + c).isPositive();
            }
            assertThat(total.tornWrites).as("torn writes").isPositive();
            assertThat(total.lostWrites).as("lost unforced writes").isPositive();
            assertThat(total.lostDirectoryOps).as("lost directory operations").isPositive();
            assertThat(total.limbo).as("writes left in limbo by a failed force").isPositive();
        }
    }

    @Test
    void shouldReplayAScheduleExactlyFromItsSeed() throws Exception {
        for (long seed : new long[] {3, 17, 99}) {
            FaultSchedule a = new FaultSchedule(seed, base.resolve("a" + seed), null);
            a.run();
            FaultSchedule b = new FaultSchedule(seed, base.resolve("b" + seed), null);
            b.run();
            assertThat(b.traceHash()).as("seed " + seed).isEqualTo(a.traceHash());
            assertThat(b.stats().toString()).as("seed " + seed).isEqualTo(a.stats().toString());
        }
    }

    @Test
    void shouldCatchAStoreThatDoesNotForceItsFiles() throws Exception {
        // Almost every schedule has a power loss after an acknowledged change: most must catch it.
        assertThat(brokenPromises("ignoreForce", 20)).as("schedules of 20 that caught lost data, forces ignored")
            .isGreaterThanOrEqualTo(15);
    }

    @Test
    void shouldCatchAStoreThatDoesNotForceItsDirectory() throws Exception {
        assertThat(brokenPromises("ignoreDirectorySync", 20)).as("schedules of 20 that caught lost data, directory forces ignored")
            .isGreaterThanOrEqualTo(15);
    }

    /** Runs schedules on a broken disk. @return how many failed because acknowledged changes were lost or refused */
    private int brokenPromises(String mutant, int schedules) throws Exception {
        int caught = 0;
        for (long seed = 1; seed <= schedules; seed++) {
            Path s = base.resolve(mutant + seed);
            try {
                new FaultSchedule(seed, s, mutant).run();
            } catch (AssertionError e) {
                assertThat(e.getMessage()).contains("seed=" + seed);
                if (e.getMessage().contains("acknowledged changes were lost") || e.getMessage().contains("recovery refused the store")) {
                    caught++;
                }
            }
            deleteTree(s);
        }
        return caught;
    }

    // ---------------------------------------------------------------- each fault, once

    /**
     * A failed log write or force fails its {@code apply} and every later one until the store is
     * reopened; the reopened store may hold the failed batch (its records were in the page cache)
     * or part of it, and whatever it holds survives a power loss.
     */
    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"WRITE_EIO", "FSYNC_EIO", "ENOSPC", "DIRSYNC_EIO"})
    void shouldRefuseChangesAfterTheLogFailsUntilReopened(Fault fault) throws IOException {
        create(StoreOptions.Durability.FSYNC);
        applyBatch(5);
        applyBatch(5);
        disk.failNext(fault);
        // A directory force comes with the next segment; the others with the next apply.
        long acknowledged = ops.size();
        int failedBatch = 0;
        for (int i = 0; i < 20 && failedBatch == 0; i++) {
            acknowledged = ops.size();
            try {
                applyBatch(4);
            } catch (IOException e) {
                assertThat(e).hasMessageContaining(fault == Fault.ENOSPC ? "No space left on device" : "Input/output error");
                failedBatch = 4;
            }
        }
        assertThat(failedBatch).as("an apply failed").isPositive();
        assertThat(store.view().opCount()).isEqualTo(acknowledged);
        assertThatThrownBy(() -> store.apply(new Mutations().advanceClock(LiveScript.T0)))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageStartingWith("store " + dir + " failed to write its log earlier (java.io.IOException: ")
            .hasMessageEndingWith("); reopen it to recover every acknowledged change");
        assertThatThrownBy(store::checkpoint).isInstanceOf(IllegalStateException.class);
        store.close();
        if (fault == Fault.ENOSPC) {
            // Recovery writes the log again, which needs space.
            assertThatThrownBy(() -> GeoStore.open(dir, options(StoreOptions.Durability.FSYNC), disk, SEGMENT_BYTES))
                .hasMessageContaining("No space left on device");
            disk.freeSpace();
        }
        long recovered = reopen(StoreOptions.Durability.FSYNC);
        assertThat(recovered).isBetween(acknowledged, acknowledged + failedBatch);
        // The reopened store writes on, perhaps into a segment of the name the failed one had
        // (created, but its directory force failed): the new changes must survive as well.
        applyBatch(3);
        powerLossAndReopen(recovered + 3);
    }

    /** A failed checkpoint fails {@code checkpoint()} only: the store goes on, and loses nothing at a power loss. */
    @ParameterizedTest
    @CsvSource({"WRITE_EIO,0", "ENOSPC,0", "FSYNC_EIO,0", "FSYNC_EIO,1", "RENAME_EIO,0", "RENAME_EIO,1",
        "DIRSYNC_EIO,0", "DIRSYNC_EIO,1", "DIRSYNC_EIO,2"})
    void shouldStayUsableAfterACheckpointFails(Fault fault, int skip) throws IOException {
        create(StoreOptions.Durability.FSYNC);
        applyBatch(6);
        disk.failNext(fault, skip);
        assertThatThrownBy(store::checkpoint).isInstanceOf(IOException.class)
            .hasMessageContaining(fault == Fault.ENOSPC ? "No space left on device" : "Input/output error");
        applyBatch(3);
        store.checkpoint();
        applyBatch(2);
        powerLossAndReopen(ops.size());
    }

    /**
     * The pointer to a checkpoint whose directory force failed may be in the page cache only;
     * a later process that finds it must not delete the log on its strength.
     */
    @Test
    void shouldDeleteNothingOnAPointerItDidNotWrite() throws IOException {
        create(StoreOptions.Durability.FSYNC);
        applyBatch(5);
        disk.failNext(Fault.DIRSYNC_EIO, 1);
        assertThatThrownBy(store::checkpoint).hasMessageContaining("Input/output error (injected, at directory force)");
        processKill();
        assertThat(reopen(StoreOptions.Durability.FSYNC)).isEqualTo(5);
        store.close();
        store = null;
        powerLossAndReopen(5);
    }

    /**
     * The pointer to a checkpoint whose directory force failed may be in the page cache only; a
     * later process that recovers from that checkpoint must make the pointer durable before it
     * deletes the snapshot the durable pointer still names.
     */
    @Test
    void shouldWriteThePointerAgainBeforeDeletingTheSnapshotItReplaced() throws IOException {
        create(StoreOptions.Durability.FSYNC);
        applyBatch(5);
        store.checkpoint();
        applyBatch(3);
        disk.failNext(Fault.DIRSYNC_EIO, 1);
        assertThatThrownBy(store::checkpoint).hasMessageContaining("Input/output error (injected, at directory force)");
        processKill();
        assertThat(reopen(StoreOptions.Durability.FSYNC)).isEqualTo(8);
        // Enough changes to start new log segments, whose directory forces make the delete durable.
        applyBatch(12);
        applyBatch(12);
        powerLossAndReopen(32);
    }

    /**
     * A killed process leaves changes in the page cache that never reached the device (durability
     * {@code WRITE}, or a group it was writing); the next process recovers them and goes on after
     * them, so they must reach the device before it accepts a change.
     */
    @Test
    void shouldMakeWhatAKilledProcessLeftDurableBeforeAcceptingChanges() throws IOException {
        create(StoreOptions.Durability.WRITE);
        applyBatch(5);
        applyBatch(4);
        processKill();
        assertThat(reopen(StoreOptions.Durability.FSYNC)).isEqualTo(9);
        applyBatch(3);
        powerLossAndReopen(12);
    }

    /** A store description whose directory force failed is removed, so that {@code create} can simply run again. */
    @Test
    void shouldLeaveNoHalfMadeStoreBehind() throws IOException {
        disk = new FaultyDisk(dir, FaultyDisk.Plan.reliable(), 1);
        disk.failNext(Fault.DIRSYNC_EIO);
        assertThatThrownBy(() -> GeoStore.create(dir, B, liveOptions(), options(StoreOptions.Durability.FSYNC), disk, SEGMENT_BYTES))
            .hasMessageContaining("Input/output error (injected, at directory force)");
        assertThat(dir.resolve("STORE")).doesNotExist();
        store = GeoStore.create(dir, B, liveOptions(), options(StoreOptions.Durability.FSYNC), disk, SEGMENT_BYTES);
        applyBatch(2);
        powerLossAndReopen(2);
    }

    /**
     * A {@code create} that died before forcing the directory leaves {@code STORE} in the page
     * cache only; if the next process then fails to force the directory, the name stays in doubt
     * however many later forces succeed. Every open writes {@code STORE} again.
     */
    @Test
    void shouldWriteTheDescriptionAgainWhenOpening() throws IOException {
        disk = new FaultyDisk(dir, FaultyDisk.Plan.reliable(), 1);
        disk.crashAtNext(Crash.PROCESS, "dirsync");
        assertThatThrownBy(() -> GeoStore.create(dir, B, liveOptions(), options(StoreOptions.Durability.FSYNC), disk, SEGMENT_BYTES))
            .isInstanceOf(FaultyDisk.CrashedException.class);
        disk.restart();
        assertThat(dir.resolve("STORE")).exists();
        disk.failNext(Fault.DIRSYNC_EIO);
        assertThatThrownBy(() -> GeoStore.open(dir, options(StoreOptions.Durability.FSYNC), disk, SEGMENT_BYTES))
            .hasMessageContaining("Input/output error (injected, at directory force)");
        assertThat(reopen(StoreOptions.Durability.FSYNC)).isZero();
        applyBatch(3);
        powerLossAndReopen(3);
    }

    // ---------------------------------------------------------------- helpers

    private static LiveOptions liveOptions() {
        return LiveOptions.defaults().maxRetentionDays(30);
    }

    private static StoreOptions options(StoreOptions.Durability durability) {
        return StoreOptions.defaults().durability(durability).checkpointLogBytes(1L << 40).mergeThreshold(64);
    }

    private void create(StoreOptions.Durability durability) throws IOException {
        disk = new FaultyDisk(dir, FaultyDisk.Plan.reliable(), 1);
        store = GeoStore.create(dir, B, liveOptions(), options(durability), disk, SEGMENT_BYTES);
    }

    private void applyBatch(int size) throws IOException {
        Mutations batch = new Mutations();
        for (int i = 0; i < size; i++) {
            LiveOp op = script.next();
            model.apply(op);
            ops.add(op);
            op.addTo(batch);
        }
        assertThat(store.apply(batch)).isEqualTo(ops.size());
    }

    private void processKill() throws IOException {
        disk.crash(Crash.PROCESS);
        abandon();
    }

    /** The process died: close what is left of its store (every operation fails), and start the next one. */
    private void abandon() throws IOException {
        if (store != null) {
            assertThatThrownBy(store::close).isInstanceOf(FaultyDisk.CrashedException.class);
            store = null;
        }
        disk.restart();
    }

    /** @return the changes the reopened store holds, after checking them against the model */
    private long reopen(StoreOptions.Durability durability) throws IOException {
        store = GeoStore.open(dir, options(durability), disk, SEGMENT_BYTES);
        long k = store.durableOps();
        assertThat(k).isLessThanOrEqualTo(ops.size());
        ops.subList((int) k, ops.size()).clear();
        model = StoreChecks.modelAfter(ops, (int) k, B);
        script = new LiveScript(k, model, 30, Long.MAX_VALUE);
        StoreChecks.assertSame(store.view(), model, new LiveScript(~k, model, 30, Long.MAX_VALUE), 10, "after reopen");
        return k;
    }

    /** A power loss that keeps nothing unforced; the store must then hold exactly {@code changes}. */
    private void powerLossAndReopen(long changes) throws IOException {
        disk.crash(Crash.POWER);
        if (store != null) {
            abandon();
        } else {
            disk.restart();
        }
        assertThat(reopen(StoreOptions.Durability.FSYNC)).as("changes after a power loss").isEqualTo(changes);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
