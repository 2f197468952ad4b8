package io.geomatch.core;

import io.geomatch.core.testing.LiveModel;
import io.geomatch.core.testing.LiveOp;
import io.geomatch.core.testing.LiveScript;
import io.geomatch.core.testing.StoreChecks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills a child JVM ({@link CrashChild}) with SIGKILL at random moments while it loads changes
 * into a store, merging and checkpointing all the time; after each kill the store must open and
 * hold exactly the first K changes of the script for some K at least the last one acknowledged.
 * Three rounds by default; {@code mvn -B verify -Pcrash} runs many more
 * ({@code -Dgeomatch.crash.rounds=N}).
 */
class GeoStoreCrashTest {
    private static final int CHANGES = 20_000;

    @TempDir
    Path dir;

    @Test
    void shouldKeepEveryAcknowledgedChangeThroughKills() throws Exception {
        int rounds = Integer.getInteger("geomatch.crash.rounds", 3);
        long seed = Long.getLong("geomatch.crash.seed", 11);
        SplittableRandom random = new SplittableRandom(seed);
        List<LiveOp> ops = CrashChild.script(seed, CHANGES);
        Path store = dir.resolve("store");
        long acknowledged = 0;
        int kills = 0;
        for (int round = 0; round < rounds; round++) {
            if (acknowledged == CHANGES) {
                // The script ran to its end: start again from an empty store.
                deleteTree(store);
                acknowledged = 0;
            }
            boolean fsync = round % 3 == 0;
            // Mostly timed from the child's first change; every fourth round from its start, so that recovery is killed too.
            boolean duringRecovery = round % 4 == 3;
            long killAfterMillis = duringRecovery ? random.nextLong(100, 700) : random.nextLong(20, 1200);
            String where = "seed=" + seed + " round=" + round + " kill after " + killAfterMillis + " ms"
                + (duringRecovery ? " from start" : " from the first change");
            long[] seen = runChild(store, seed, fsync, killAfterMillis, duringRecovery, where);
            kills += seen[1] == 0 ? 1 : 0;
            acknowledged = Math.max(acknowledged, seen[0]);
            if (!java.nio.file.Files.exists(store.resolve("STORE"))) {
                // Killed while creating the store: it does not exist yet, and nothing was acknowledged.
                assertThat(acknowledged).as(where).isZero();
                continue;
            }
            try (GeoStore s = GeoStore.open(store, CrashChild.options(fsync))) {
                long k = s.durableOps();
                assertThat(k).as(where).isBetween(acknowledged, (long) CHANGES);
                LiveModel expected = StoreChecks.modelAfter(ops, (int) k, CrashChild.BUCKET_MILLIS);
                StoreChecks.assertSame(s.view(), expected, new LiveScript(round, expected, 30, Long.MAX_VALUE), 40, where);
                acknowledged = k;
            }
        }
        assertThat(kills).as("children killed before finishing").isGreaterThan(0);
    }

    private static void deleteTree(Path root) throws IOException {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(root)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(p);
            }
        }
    }

    /** @return the last acknowledged change count the child printed, and 1 if it finished on its own */
    private static long[] runChild(Path store, long seed, boolean fsync, long killAfterMillis, boolean fromStart, String where)
        throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-ea", "-cp", System.getProperty("java.class.path"),
            CrashChild.class.getName(), store.toString(), Long.toString(seed), Integer.toString(CHANGES), fsync ? "fsync" : "write"));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        AtomicLong acked = new AtomicLong();
        AtomicLong started = new AtomicLong(fromStart ? System.nanoTime() : -1);
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (line.startsWith("acked ")) {
                        acked.set(Long.parseLong(line.substring(6)));
                    } else if (line.startsWith("start ")) {
                        started.compareAndSet(-1, System.nanoTime());
                    } else {
                        synchronized (output) {
                            output.append(line).append('\n');
                        }
                    }
                }
            } catch (IOException e) {
                // The child died; what it printed before counts.
            }
        });
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        boolean finished = false;
        while (System.nanoTime() < deadline) {
            if (child.waitFor(5, TimeUnit.MILLISECONDS)) {
                finished = true;
                break;
            }
            long s = started.get();
            if (s >= 0 && System.nanoTime() - s > TimeUnit.MILLISECONDS.toNanos(killAfterMillis)) {
                break;
            }
        }
        if (!finished) {
            child.destroyForcibly();
            child.waitFor();
        }
        reader.join();
        if (finished) {
            synchronized (output) {
                assertThat(child.exitValue()).as(where + ": child failed:\n" + output).isZero();
            }
        }
        return new long[] {acked.get(), finished ? 1 : 0};
    }
}
