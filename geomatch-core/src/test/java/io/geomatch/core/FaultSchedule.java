package io.geomatch.core;

import io.geomatch.core.internal.disk.FaultyDisk;
import io.geomatch.core.internal.disk.FaultyDisk.Crash;
import io.geomatch.core.internal.disk.FaultyDisk.Fault;
import io.geomatch.core.testing.LiveModel;
import io.geomatch.core.testing.LiveOp;
import io.geomatch.core.testing.LiveScript;
import io.geomatch.core.testing.StoreChecks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One seeded schedule of the fault tests: a store on a {@link FaultyDisk} takes random batches,
 * checkpoints, clean reopens, process kills and power losses, while the disk injects faults and
 * crashes at random operations. An independent model keeps every change handed to the store, in
 * order, and how many were acknowledged. After every reopen the store must hold exactly the first
 * K changes for some K between what must have survived and everything handed over, and answer
 * queries as the brute-force oracle does over the model of those K changes.
 *
 * <p>What must survive: after a process kill, every acknowledged change; after a power loss,
 * every change that was forced (with durability {@code FSYNC}, every acknowledged one; with
 * {@code WRITE}, those a checkpoint, a clean close or a reopen made durable). A reopen makes
 * everything it recovered durable, so its K is the new floor. An I/O error must reach the caller
 * as an exception (a call that returned normally while a fault was injected fails the schedule);
 * a failed {@code apply} must leave the store refusing further changes with an
 * {@link IllegalStateException} until reopened, and a failed checkpoint must leave it usable.
 *
 * <p>Every disk operation happens while the calling thread waits for it: checkpoints are explicit
 * (the caller waits for the checkpoint thread), the log never grows enough to trigger one in the
 * background, and merges write nothing. So the disk's operations come in a fixed order, and the
 * seed replays the schedule exactly.
 */
final class FaultSchedule {
    static final long B = 60_000;
    /** Changes per batch, at most. */
    private static final int MAX_BATCH = 12;
    /** Open attempts that may fail by injected faults before the disk is repaired. */
    private static final int OPEN_ATTEMPTS = 3;

    private final long seed;
    private final Path dir;
    private final SplittableRandom random;
    private final FaultyDisk disk;
    private final boolean fsync;
    private final StoreOptions options;
    private final long walSegmentBytes;
    /** Every change handed to the store, in order, since the last reopen cut it back to what was recovered. */
    private final List<LiveOp> handed = new ArrayList<>();
    private LiveModel model;
    private LiveScript script;
    /** Changes a process kill must keep: the acknowledged ones. */
    private long acknowledged;
    /** Changes a power loss must keep: the forced ones. */
    private long forced;
    private GeoStore store;
    private boolean refusing;
    private int reopens;

    /**
     * @param seed the schedule
     * @param dir an empty directory for the store
     * @param mutant a broken disk for tests of the test ({@code ignoreForce}, {@code ignoreDirectorySync}), or null
     * @throws IOException if the directory cannot be read
     */
    FaultSchedule(long seed, Path dir, String mutant) throws IOException {
        this.seed = seed;
        this.dir = dir;
        this.random = new SplittableRandom(seed);
        this.fsync = random.nextInt(5) != 0;
        double[] faultRates = {0, 0.005, 0.02, 0.05, 0.15};
        double faultRate = faultRates[random.nextInt(faultRates.length)];
        EnumSet<Fault> faults = EnumSet.noneOf(Fault.class);
        for (Fault f : Fault.values()) {
            if (random.nextInt(3) != 0) {
                faults.add(f);
            }
        }
        double[] crashRates = {0, 0.003, 0.01, 0.03};
        double crashRate = crashRates[random.nextInt(crashRates.length)];
        EnumSet<Crash> crashKinds = EnumSet.allOf(Crash.class);
        boolean keepUnsynced = random.nextInt(3) != 0;
        FaultyDisk.Plan plan = new FaultyDisk.Plan(faultRate, faults, crashRate, crashKinds, keepUnsynced,
            "ignoreForce".equals(mutant), "ignoreDirectorySync".equals(mutant));
        this.disk = new FaultyDisk(dir, plan, random.nextLong());
        this.options = StoreOptions.defaults()
            .durability(fsync ? StoreOptions.Durability.FSYNC : StoreOptions.Durability.WRITE)
            .checkpointLogBytes(1L << 40)
            .mergeThreshold(64 << random.nextInt(4));
        this.walSegmentBytes = 256 + random.nextInt(2048);
        this.model = new LiveModel(B);
        this.script = new LiveScript(random.nextLong(), model, 30, Long.MAX_VALUE);
    }

    /** @return the disk's counts */
    FaultyDisk.Stats stats() {
        return disk.stats();
    }

    /** @return how many times the store was opened after the first */
    int reopens() {
        return reopens;
    }

    /** @return a fingerprint of the disk's operations */
    long traceHash() {
        return disk.traceHash();
    }

    /**
     * Runs the schedule.
     *
     * @throws Exception on a broken promise (an {@link AssertionError}) or an unexpected failure
     */
    void run() throws Exception {
        try {
            create();
            int steps = 3 + random.nextInt(12);
            for (int step = 0; step < steps; step++) {
                if (store == null) {
                    reopen();
                    continue;
                }
                int r = random.nextInt(100);
                if (r < 64) {
                    applyBatch();
                } else if (r < 74) {
                    checkpoint();
                } else if (r < 82) {
                    closeAndReopen();
                } else if (r < 90) {
                    disk.crash(Crash.PROCESS);
                    recoverFromCrash();
                } else {
                    disk.crash(Crash.POWER);
                    recoverFromCrash();
                }
            }
            // The end: a power loss, then a clean close and open on a repaired disk keep everything.
            if (store == null) {
                reopen();
            }
            disk.crash(Crash.POWER);
            recoverFromCrash();
            disk.pause();
            disk.freeSpace();
            long before = store.durableOps();
            store.close();
            store = null;
            reopen();
            check(store.durableOps() == before, "a clean close and reopen on a sound disk changed " + before + " changes to "
                + store.durableOps());
            store.close();
            store = null;
        } catch (AssertionError e) {
            throw new AssertionError(describe(e.getMessage()), e);
        } catch (Exception e) {
            throw new AssertionError(describe("unexpected " + e), e);
        } finally {
            if (store != null) {
                try {
                    store.close();
                } catch (IOException | RuntimeException e) {
                    // Already failing, or already crashed.
                }
            }
        }
    }

    private String describe(String what) {
        return "fault schedule seed=" + seed + " (replay with -Dgeomatch.faults.seed=" + seed + "): " + what
            + "\n  durability " + (fsync ? "FSYNC" : "WRITE") + ", segment " + walSegmentBytes + " B, " + handed.size()
            + " changes handed over, " + acknowledged + " acknowledged, " + forced + " forced; store in " + dir
            + "\n  last disk operations:\n  " + disk.recentEvents();
    }

    // ---------------------------------------------------------------- steps

    private void create() throws Exception {
        store = openUntilUp(() -> Files.exists(dir.resolve("STORE")) ? GeoStore.open(dir, options, disk, walSegmentBytes)
            : GeoStore.create(dir, B, LiveOptions.defaults().maxRetentionDays(30), options, disk, walSegmentBytes),
            "a new store was refused: ", "creating the store failed with no fault injected: ");
        check(store.durableOps() == 0, "a new store holds " + store.durableOps() + " changes");
    }

    private void applyBatch() throws IOException {
        if (refusing) {
            try {
                store.apply(new Mutations().advanceClock(LiveScript.T0));
                throw new AssertionError("apply succeeded after an earlier apply failed: the store should refuse until reopened");
            } catch (IllegalStateException e) {
                check(e.getMessage().contains("reopen it"), "a refusing store says " + e.getMessage());
            }
            closeAndReopen();
            return;
        }
        Mutations batch = new Mutations();
        int size = 1 + random.nextInt(MAX_BATCH);
        for (int i = 0; i < size; i++) {
            LiveOp op = script.next();
            model.apply(op);
            handed.add(op);
            op.addTo(batch);
        }
        long failures = disk.failures();
        try {
            long lsn = store.apply(batch);
            check(!disk.crashed(), "apply returned although the process crashed during it");
            check(disk.failures() == failures, "apply returned normally although an I/O error was injected");
            check(lsn == handed.size(), "apply returned change number " + lsn + " after " + handed.size() + " changes");
            acknowledged = lsn;
            if (fsync) {
                forced = lsn;
            }
        } catch (IOException e) {
            if (disk.crashed()) {
                recoverFromCrash();
                return;
            }
            check(disk.failures() > failures, "apply failed with no fault injected: " + e);
            refusing = true;
            long visible = store.view().opCount();
            check(visible >= acknowledged && visible <= handed.size(), "after a failed apply the view holds " + visible
                + " changes, not between " + acknowledged + " and " + handed.size());
        }
    }

    private void checkpoint() throws IOException {
        if (refusing) {
            try {
                store.checkpoint();
                throw new AssertionError("a checkpoint succeeded after an apply failed");
            } catch (IllegalStateException e) {
                return;
            }
        }
        long failures = disk.failures();
        try {
            store.checkpoint();
            check(!disk.crashed(), "checkpoint returned although the process crashed during it");
            check(disk.failures() == failures, "checkpoint returned normally although an I/O error was injected");
            forced = acknowledged;
        } catch (IOException e) {
            if (disk.crashed()) {
                recoverFromCrash();
                return;
            }
            check(disk.failures() > failures, "checkpoint failed with no fault injected: " + e);
            // The store stays usable: the next apply in the schedule checks it.
        }
    }

    private void closeAndReopen() throws IOException {
        long failures = disk.failures();
        try {
            store.close();
            store = null;
            check(!disk.crashed(), "close returned although the process crashed during it");
            check(disk.failures() == failures, "close returned normally although an I/O error was injected");
            if (!refusing) {
                forced = acknowledged;
            }
        } catch (IOException e) {
            store = null;
            if (disk.crashed()) {
                recoverFromCrash();
                return;
            }
            check(disk.failures() > failures, "close failed with no fault injected: " + e);
        }
        reopen();
    }

    /** The process died: its store is abandoned, the disk restarts, and a new process opens the store. */
    private void recoverFromCrash() throws IOException {
        if (store != null) {
            try {
                store.close();
            } catch (IOException e) {
                // The process is dead: every operation fails. close() still releases the lock and the threads.
            }
            store = null;
        }
        if (disk.crashKind() == Crash.POWER) {
            acknowledged = forced;
        }
        disk.restart();
        reopen();
    }

    private void reopen() throws IOException {
        reopens++;
        store = openUntilUp(() -> GeoStore.open(dir, options, disk, walSegmentBytes), "recovery refused the store: ",
            "open failed with no fault injected: ");
        refusing = false;
        long k = store.durableOps();
        check(k >= acknowledged, "recovered " + k + " changes but " + acknowledged + " had to survive: acknowledged changes were lost");
        check(k <= handed.size(), "recovered " + k + " changes but only " + handed.size() + " were handed over");
        handed.subList((int) k, handed.size()).clear();
        model = StoreChecks.modelAfter(handed, (int) k, B);
        script = new LiveScript(random.nextLong(), model, 30, Long.MAX_VALUE);
        StoreChecks.assertSame(store.view(), model, new LiveScript(random.nextLong(), model, 30, Long.MAX_VALUE), 3,
            "seed=" + seed + " after reopen " + reopens);
        acknowledged = k;
        forced = k;
    }

    /** Opens or creates the store. */
    @FunctionalInterface
    private interface Opener {
        GeoStore open() throws IOException;
    }

    /**
     * Tries {@code opener} until it succeeds: after a crash the process restarts (a power cut keeps
     * only what was forced to disk), any other failure must come from an injected fault, and after
     * {@link #OPEN_ATTEMPTS} failed attempts the operator repairs the disk and frees space until
     * the store is up. A format error is a failed run: recovery must never refuse the store.
     *
     * @param refused what a format error means here, the start of the failure message
     * @param failed what a failure without an injected fault means, the start of the failure message
     */
    private GeoStore openUntilUp(Opener opener, String refused, String failed) throws IOException {
        boolean repaired = false;
        GeoStore opened;
        for (int attempt = 0; ; attempt++) {
            if (attempt >= OPEN_ATTEMPTS && !repaired) {
                // The operator repairs the disk and frees space.
                disk.pause();
                disk.freeSpace();
                repaired = true;
            }
            long failures = disk.failures();
            try {
                opened = opener.open();
                break;
            } catch (IndexFormatException e) {
                throw new AssertionError(refused + e, e);
            } catch (IOException e) {
                if (disk.crashed()) {
                    if (disk.crashKind() == Crash.POWER) {
                        acknowledged = forced;
                    }
                    disk.restart();
                } else {
                    check(disk.failures() > failures, failed + e);
                }
            }
        }
        if (repaired) {
            disk.resume();
        }
        return opened;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
