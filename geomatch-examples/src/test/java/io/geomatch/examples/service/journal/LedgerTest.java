package io.geomatch.examples.service.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads never wait for a write, and concurrent writers share the journal's forces: each is answered once its record is durable. */
class LedgerTest {
    @TempDir
    Path dir;

    @Test
    void shouldAnswerAReadWhileAWriteHoldsTheLock() throws Exception {
        try (Journal journal = Journal.open(dir.resolve("j.log"), true, () -> 1_000L, e -> { })) {
            Ledger ledger = new Ledger(() -> 1_000L, r -> { }, e -> { }, () -> { }, signed -> { });
            ledger.attach(journal);
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> ledger.write(tx -> {
                inside.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return tx.commit(new JournalRecord.OwnerOptedOut("owner_1"));
            }));
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            try {
                int value = CompletableFuture.supplyAsync(() -> ledger.read(() -> 42)).get(2, TimeUnit.SECONDS);
                assertThat(value).as("a read during a write").isEqualTo(42);
            } finally {
                release.countDown();
                writer.get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void shouldShareForcesAmongConcurrentWritersAndAnswerEachOnlyOnceDurable() throws Exception {
        try (Journal journal = Journal.open(dir.resolve("j.log"), true, () -> 1_000L, e -> { })) {
            Ledger ledger = new Ledger(() -> 1_000L, r -> { }, e -> { }, () -> { }, signed -> { });
            ledger.attach(journal);
            int threads = 8;
            int each = 25;
            AtomicInteger notDurableWhenAnswered = new AtomicInteger();
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread w = new Thread(() -> {
                    for (int i = 0; i < each; i++) {
                        String owner = "owner_" + id + "_" + i;
                        Journal.Entry e = ledger.write(tx -> tx.commit(new JournalRecord.OwnerOptedIn(owner)));
                        if (journal.durableSize() < e.seq()) {
                            notDurableWhenAnswered.incrementAndGet();
                        }
                    }
                });
                writers.add(w);
                w.start();
            }
            for (Thread w : writers) {
                w.join();
            }
            assertThat(journal.size()).isEqualTo(threads * each);
            assertThat(notDurableWhenAnswered.get()).as("writes answered before their record was forced").isZero();
            assertThat(journal.forces()).as("forces for %d records from %d writers", threads * each, threads).isLessThan(threads * each);
        }
    }
}
