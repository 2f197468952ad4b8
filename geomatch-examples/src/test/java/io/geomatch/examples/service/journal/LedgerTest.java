package io.geomatch.examples.service.journal;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reads never wait for a write, and concurrent writers share the journal's forces: each is answered once its record is durable.
 * Changes made in rounds are written one record a round, empty or not.
 */
class LedgerTest {
    @TempDir
    Path dir;

    @Test
    void shouldAnswerAReadWhileAWriteHoldsTheLock() throws Exception {
        try (Journal journal = Journal.open(dir.resolve("j.log"), true, () -> 1_000L, e -> { })) {
            Ledger ledger = new Ledger(() -> 1_000L, r -> { }, e -> { }, () -> { }, signed -> { }, 60_000);
            ledger.attach(journal);
            ledger.startRounds();
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
                ledger.detach();
            }
        }
    }

    @Test
    void shouldShareForcesAmongConcurrentWritersAndAnswerEachOnlyOnceDurable() throws Exception {
        try (Journal journal = Journal.open(dir.resolve("j.log"), true, () -> 1_000L, e -> { })) {
            Ledger ledger = new Ledger(() -> 1_000L, r -> { }, e -> { }, () -> { }, signed -> { }, 60_000);
            ledger.attach(journal);
            ledger.startRounds();
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
            ledger.detach();
        }
    }

    @Test
    void shouldWriteOneRecordARoundWhateverWaitsAndAnswerEachChangeOnceItsRoundIsDurable() throws Exception {
        try (Journal journal = Journal.open(dir.resolve("j.log"), true, () -> 1_000L, e -> { })) {
            List<Journal.Entry> applied = Collections.synchronizedList(new ArrayList<>());
            Ledger ledger = new Ledger(() -> 1_000L, r -> { }, applied::add, () -> { }, signed -> { }, 20);
            ledger.attach(journal);
            ledger.startRounds();
            int threads = 8;
            int each = 5;
            AtomicInteger notDurableWhenAnswered = new AtomicInteger();
            List<Journal.Entry> answered = Collections.synchronizedList(new ArrayList<>());
            List<Thread> owners = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread w = new Thread(() -> {
                    for (int i = 0; i < each; i++) {
                        String owner = "owner_" + id + "_" + i;
                        Journal.Entry e = ledger.writeInRound(tx -> tx.commit(new JournalRecord.OwnerOptedIn(owner)));
                        if (journal.durableSize() < e.seq()) {
                            notDurableWhenAnswered.incrementAndGet();
                        }
                        answered.add(e);
                    }
                });
                owners.add(w);
                w.start();
            }
            for (Thread w : owners) {
                w.join();
            }
            assertThat(notDurableWhenAnswered.get()).as("changes answered before their round was forced").isZero();
            long busy = journal.size();
            Thread.sleep(200);
            ledger.detach();
            assertThat(journal.size()).as("rounds written while nothing waited").isGreaterThanOrEqualTo(busy + 3);
            // Every record is a round; together they hold each change once, at the number of the round that holds it.
            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(dir.resolve("j.log"))) {
                lines.add(Journal.JSON.readTree(line));
            }
            assertThat(lines).hasSize((int) journal.size()).allSatisfy(l -> assertThat(l.get("type").asText()).isEqualTo("owner.round"));
            Map<String, Long> roundOf = new HashMap<>();
            for (JsonNode l : lines) {
                l.path("data").path("changes").forEach(c -> roundOf.put(c.path("owner.opted-in").path("ownerId").asText(), l.get("seq").asLong()));
            }
            assertThat(roundOf).hasSize(threads * each);
            assertThat(answered).hasSize(threads * each)
                .allSatisfy(e -> assertThat(e.seq()).isEqualTo(roundOf.get(((JournalRecord.OwnerOptedIn) e.record()).ownerId())));
            assertThat(applied).as("each change applied once, as it was decided").hasSize(threads * each);
        }
    }

    @Test
    void shouldLetADecisionSeeTheChangesDecidedBeforeItInItsRound() throws Exception {
        try (Journal journal = Journal.open(dir.resolve("j.log"), false, () -> 1_000L, e -> { })) {
            Set<String> optedOut = ConcurrentHashMap.newKeySet();
            Ledger ledger = new Ledger(() -> 1_000L, r -> { }, e -> optedOut.add(((JournalRecord.OwnerOptedOut) e.record()).ownerId()),
                () -> { }, signed -> { }, 300);
            ledger.attach(journal);
            ledger.startRounds();
            // Both are likely decided in one round; whichever comes second must see the first.
            List<CompletableFuture<String>> twice = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                twice.add(CompletableFuture.supplyAsync(() -> ledger.writeInRound(tx -> {
                    if (optedOut.contains("owner_1")) {
                        return "already";
                    }
                    tx.commit(new JournalRecord.OwnerOptedOut("owner_1"));
                    return "done";
                })));
            }
            List<String> outcomes = new ArrayList<>();
            for (CompletableFuture<String> f : twice) {
                outcomes.add(f.get(10, TimeUnit.SECONDS));
            }
            assertThat(outcomes).containsExactlyInAnyOrder("done", "already");
            ledger.detach();
        }
    }

    @Test
    void shouldCommitWhatWaitsWhenDetachedAndRefuseChangesAfterwards() throws Exception {
        try (Journal journal = Journal.open(dir.resolve("j.log"), false, () -> 1_000L, e -> { })) {
            Ledger ledger = new Ledger(() -> 1_000L, r -> { }, e -> { }, () -> { }, signed -> { }, 60_000);
            ledger.attach(journal);
            ledger.startRounds();
            CompletableFuture<Journal.Entry> waiting = CompletableFuture.supplyAsync(
                () -> ledger.writeInRound(tx -> tx.commit(new JournalRecord.OwnerOptedOut("owner_1"))));
            Thread.sleep(200);   // long enough for the call to be waiting for its round, which is a minute away
            ledger.detach();
            assertThat(waiting.get(10, TimeUnit.SECONDS).seq()).isEqualTo(1);
            assertThat(journal.size()).isEqualTo(1);
            assertThatThrownBy(() -> ledger.writeInRound(tx -> tx.commit(new JournalRecord.OwnerOptedIn("owner_1"))))
                .isInstanceOf(IllegalStateException.class).hasMessage("the service is closed");
        }
    }
}
