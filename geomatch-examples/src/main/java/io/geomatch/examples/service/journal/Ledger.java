package io.geomatch.examples.service.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The one way the service changes: a decision taken under the write lock that commits journal
 * records, each applied to the state as soon as it is written. Components validate what depends
 * on the state and commit in one {@link #write}; the records' order in the journal is the order
 * in which they were applied.
 *
 * <p><b>Group commit, and reads without a lock.</b> Records are written under the lock and
 * applied at once, so later decisions see them; the lock is then released and the call waits for
 * the journal to force its records to the device, sharing one force with every call whose records
 * were written meanwhile. Only then is it answered, so an acknowledged change is durable. Reads
 * take no lock at all: the state is kept in concurrent structures, and a read may see a change up
 * to one force before it is durable (a power loss can take back something read, never something
 * acknowledged; a call that acts on what it read is acknowledged only once that is durable too).
 *
 * <p>A record is checked before it is written ({@code check}: can the state and the index take
 * it?), so nothing the state cannot replay is ever journaled. Should applying a written record
 * fail all the same, the ledger stops taking changes: the journal and the state no longer agree
 * until a restart replays the journal.
 *
 * <p><b>Rounds.</b> Every record is a leaf of the public tree, so a change written as soon as it
 * is made would show in the tree's size: how many owners answered a request, say. Changes made
 * with {@link #writeInRound} wait instead for the next round, which a timer closes every
 * {@code roundMillis} whatever is waiting: the round's decisions run, in the order they came,
 * under the lock, and their records go to the journal as one {@link JournalRecord.OwnerRound},
 * empty if none came. Each change is applied as it is decided, at the round's number and time,
 * so the next decision in the round sees it, exactly as the replay applies the round's changes.
 * The calls are answered once the round is durable.
 */
public final class Ledger {
    private final ReentrantLock lock = new ReentrantLock();
    private final LongSupplier clock;
    private final Consumer<JournalRecord> check;
    private final Journal.Replay apply;
    private final LongConsumer afterSync;
    private final Runnable beforeSync;
    private final long roundMillis;
    private final ConcurrentLinkedQueue<Waiting<?>> waiting = new ConcurrentLinkedQueue<>();
    private Journal journal;
    private ScheduledExecutorService rounds;
    private volatile String broken;

    /**
     * @param clock the service's clock, epoch ms, stamped on every record
     * @param check throws (a runtime exception naming the field) if a record could not be
     *     applied; runs before the record is written (a round's changes as they are decided, and
     *     the round's own record before it is written)
     * @param apply applies a record to the state (the same function replays the journal)
     * @param beforeSync runs, outside the lock, before a write's records are forced (files they
     *     name are forced first)
     * @param afterSync told, outside the lock, how many records are durable and signed once a
     *     write's records are (the index applies what it queued for them)
     * @param roundMillis how often a round of {@link #writeInRound} changes is closed, ms, at least 1
     */
    public Ledger(LongSupplier clock, Consumer<JournalRecord> check, Journal.Replay apply, Runnable beforeSync, LongConsumer afterSync,
                  long roundMillis) {
        if (roundMillis < 1) {
            throw new IllegalArgumentException("roundMillis must be at least 1: " + roundMillis);
        }
        this.roundMillis = roundMillis;
        this.beforeSync = Objects.requireNonNull(beforeSync, "beforeSync");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.check = Objects.requireNonNull(check, "check");
        this.apply = Objects.requireNonNull(apply, "apply");
        this.afterSync = Objects.requireNonNull(afterSync, "afterSync");
    }

    /**
     * Starts committing to a journal, once it has been replayed; rounds begin with
     * {@link #startRounds}.
     *
     * @param journal the open journal
     */
    public void attach(Journal journal) {
        lock.lock();
        try {
            this.journal = journal;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts closing a round every {@code roundMillis}, once what must come first in the journal
     * is written; until then, {@link #writeInRound} is refused.
     *
     * @throws IllegalStateException if not attached, or rounds have started already
     */
    public void startRounds() {
        lock.lock();
        try {
            if (journal == null || rounds != null) {
                throw new IllegalStateException(journal == null ? "no journal is attached" : "rounds have started already");
            }
            rounds = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "ledger-rounds");
                t.setDaemon(true);
                return t;
            });
            rounds.scheduleAtFixedRate(this::closeRound, roundMillis, roundMillis, TimeUnit.MILLISECONDS);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops committing: closes one last round if changes wait for one (they are committed), then
     * later writes fail with {@link IllegalStateException}.
     */
    public void detach() {
        ScheduledExecutorService timer;
        lock.lock();
        try {
            timer = rounds;
            rounds = null;
        } finally {
            lock.unlock();
        }
        if (timer != null) {
            timer.shutdown();
            try {
                if (!timer.awaitTermination(1, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("a round of owners' changes did not finish within a minute");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!waiting.isEmpty()) {
                closeRound();
            }
        }
        lock.lock();
        try {
            this.journal = null;
        } finally {
            lock.unlock();
        }
        // A change that came after the last round has no round to go to.
        failWaiting(new IllegalStateException("the service is closed"));
    }

    /** @return the journal's record count */
    public long size() {
        lock.lock();
        try {
            return journal == null ? 0 : journal.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A decision that may commit records.
     *
     * @param <T> what it returns
     */
    @FunctionalInterface
    public interface Transaction<T> {
        /**
         * @param tx commits records
         * @return the decision's result
         */
        T run(Tx tx);
    }

    /** Commits records within one {@link #write}. */
    public final class Tx {
        /** The round's changes, or null outside a round. */
        private final List<JournalRecord> round;
        private final long roundSeq;
        private final long roundAtMillis;
        private RuntimeException refusal;
        private long lastSeq;

        private Tx() {
            this(null, 0, 0);
        }

        private Tx(List<JournalRecord> round, long roundSeq, long roundAtMillis) {
            this.round = round;
            this.roundSeq = roundSeq;
            this.roundAtMillis = roundAtMillis;
        }

        /**
         * Appends a record and applies it.
         *
         * @param record the record
         * @return the entry written
         * @throws UncheckedIOException if the journal cannot be written
         */
        public Journal.Entry commit(JournalRecord record) {
            if (journal == null) {
                throw new IllegalStateException("the service is closed");
            }
            if (broken != null) {
                throw new IllegalStateException(broken);
            }
            if (record instanceof JournalRecord.OwnerRound) {
                throw new IllegalArgumentException("rounds are written by the ledger only");
            }
            check.accept(record);
            Journal.Entry e;
            if (round != null) {
                // Applied now at the round's number and time, written with the round.
                e = new Journal.Entry(roundSeq, roundAtMillis, record);
                round.add(record);
            } else {
                try {
                    e = journal.append(clock.getAsLong(), record);
                } catch (IOException ex) {
                    broken = "the journal " + journal.file() + " could not be written (" + ex.getMessage() + "); restart the service";
                    throw new UncheckedIOException(broken, ex);
                }
            }
            try {
                apply.accept(e);
            } catch (RuntimeException ex) {
                broken = "journal record " + e.seq() + " (" + Journal.typeName(record) + ") was written but could not be applied ("
                    + ex + "); the service takes no more changes until it is restarted";
                throw new IllegalStateException(broken, ex);
            }
            lastSeq = e.seq();
            return e;
        }

        /**
         * Answers the call with an error once what was committed is durable (a refusal that is
         * recorded).
         *
         * @param e the error
         */
        public void refuse(RuntimeException e) {
            this.refusal = e;
        }
    }

    /**
     * Runs a decision under the write lock; it may read the state, throw to refuse without a
     * trace, or commit records. Returns once what it committed is durable.
     *
     * @param body the decision
     * @param <T> what it returns
     * @return what it returned
     */
    public <T> T write(Transaction<T> body) {
        Tx tx = new Tx();
        T result;
        Journal j;
        lock.lock();
        try {
            result = body.run(tx);
            j = journal;
        } finally {
            lock.unlock();
        }
        if (tx.lastSeq > 0) {
            sync(j, tx.lastSeq);
        }
        if (tx.refusal != null) {
            throw tx.refusal;
        }
        return result;
    }

    private void sync(Journal j, long seq) {
        try {
            beforeSync.run();
            j.sync(seq);
        } catch (IOException e) {
            broken = "the journal " + j.file() + " could not be forced to the device (" + e.getMessage() + "); restart the service";
            throw new UncheckedIOException(broken, e);
        }
        afterSync.accept(j.durableSize());
    }

    /**
     * As {@link #write}, but the decision runs in the next round (see the class comment), after
     * those that came before it: this returns once that round is durable, at most about
     * {@code roundMillis} plus the round's own time from now.
     *
     * @param body the decision
     * @param <T> what it returns
     * @return what it returned
     */
    public <T> T writeInRound(Transaction<T> body) {
        return await(writeInRoundLater(body));
    }

    /**
     * {@link #writeInRound} without waiting: a caller that must not hold a thread for a round (an
     * HTTP request) is told when the round is durable.
     *
     * @param body the decision
     * @param <T> what it returns
     * @return completes with what the decision returned once its round is durable, or with what
     *     it threw
     */
    public <T> CompletableFuture<T> writeInRoundLater(Transaction<T> body) {
        Waiting<T> w = new Waiting<>(body);
        waiting.add(w);
        lock.lock();
        try {
            // Not attached, or closed: no round will take it (unless one is closing it right now).
            if (rounds == null && waiting.remove(w)) {
                return CompletableFuture.failedFuture(new IllegalStateException("the service is closed"));
            }
        } finally {
            lock.unlock();
        }
        return w.done;
    }

    /**
     * Waits for a change made in a round.
     *
     * @param change from {@link #writeInRoundLater}
     * @param <T> its result
     * @return its result
     * @throws RuntimeException what the decision threw, as it threw it
     */
    public static <T> T await(CompletableFuture<T> change) {
        try {
            return change.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** A decision waiting for its round, and its outcome. */
    private static final class Waiting<T> {
        final Transaction<T> body;
        final CompletableFuture<T> done = new CompletableFuture<>();
        T result;
        Throwable failure;

        Waiting(Transaction<T> body) {
            this.body = body;
        }

        void decide(Tx tx) {
            try {
                result = body.run(tx);
                failure = tx.refusal;
            } catch (RuntimeException | Error e) {
                failure = e;
            }
        }

        void answer() {
            if (failure != null) {
                done.completeExceptionally(failure);
            } else {
                done.complete(result);
            }
        }
    }

    /**
     * Closes a round: decides what waits for it and writes its record, empty or not, then answers
     * those calls once it is durable. Runs on the round timer, and once more on {@link #detach};
     * never throws (the timer would stop): what fails is the answer of the round's calls.
     */
    private void closeRound() {
        List<Waiting<?>> round = new ArrayList<>();
        try {
            closeRound(round);
        } catch (RuntimeException | Error e) {
            if (broken == null) {
                broken = "a round of owners' changes failed (" + e + "); the service takes no more changes until it is restarted";
            }
            fail(round, new IllegalStateException(broken, e));
        }
    }

    private void closeRound(List<Waiting<?>> round) {
        Journal j;
        long seq;
        lock.lock();
        try {
            round.addAll(drainWaiting());
            j = journal;
            String refusal = j == null ? "the service is closed" : broken;
            if (refusal != null) {
                fail(round, new IllegalStateException(refusal));
                return;
            }
            long atMillis = clock.getAsLong();
            List<JournalRecord> changes = new ArrayList<>();
            Tx tx = new Tx(changes, j.size() + 1, atMillis);
            for (Waiting<?> w : round) {
                w.decide(tx);
                tx.refusal = null;
            }
            if (broken != null) {
                // A change was applied but could not be: nothing more is written until a restart.
                fail(round, new IllegalStateException(broken));
                return;
            }
            JournalRecord.OwnerRound record = new JournalRecord.OwnerRound(changes);
            try {
                // The round itself is checked like any record (the service may no longer hold its directory, say).
                check.accept(record);
            } catch (RuntimeException ex) {
                if (!changes.isEmpty()) {
                    broken = "a round's changes were applied but its record was refused (" + ex.getMessage() + "); restart the service";
                }
                fail(round, ex);
                return;
            }
            try {
                seq = j.append(atMillis, record).seq();
            } catch (IOException | RuntimeException ex) {
                broken = "the journal " + j.file() + " could not be written (" + ex.getMessage() + "); the round's changes are applied"
                    + " but not journaled; restart the service";
                fail(round, new IllegalStateException(broken, ex));
                return;
            }
        } finally {
            lock.unlock();
        }
        try {
            sync(j, seq);
        } catch (RuntimeException e) {
            fail(round, e);
            return;
        }
        for (Waiting<?> w : round) {
            w.answer();
        }
    }

    private void failWaiting(RuntimeException e) {
        fail(drainWaiting(), e);
    }

    /** @return the changes waiting for a round, in the order they came, taken off the queue */
    private List<Waiting<?>> drainWaiting() {
        List<Waiting<?>> out = new ArrayList<>();
        for (Waiting<?> w; (w = waiting.poll()) != null; ) {
            out.add(w);
        }
        return out;
    }

    private static void fail(List<Waiting<?>> round, RuntimeException e) {
        for (Waiting<?> w : round) {
            w.done.completeExceptionally(e);
        }
    }

    /**
     * Reads the state, without a lock: the state's structures are concurrent, so a read never
     * waits for a write (see the class comment for what it may see).
     *
     * @param body the read
     * @param <T> what it returns
     * @return what it returned
     */
    public <T> T read(Supplier<T> body) {
        return body.get();
    }
}
