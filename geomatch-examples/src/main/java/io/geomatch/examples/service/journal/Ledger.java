package io.geomatch.examples.service.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The one way the service changes: a decision taken under the write lock that commits journal
 * records, each applied to the state as soon as it is written. Components validate what depends
 * on the state and commit in one {@link #write}; the records' order in the journal is the order
 * in which they were applied.
 *
 * <p>A record is checked before it is written ({@code check}: can the state and the index take
 * it?), so nothing the state cannot replay is ever journaled. Should applying a written record
 * fail all the same, the ledger stops taking changes: the journal and the state no longer agree
 * until a restart replays the journal.
 */
public final class Ledger {
    private final ReentrantLock lock = new ReentrantLock();
    private final LongSupplier clock;
    private final Consumer<JournalRecord> check;
    private final Journal.Replay apply;
    private final Runnable afterCommit;
    private Journal journal;
    private volatile String broken;

    /**
     * @param clock the service's clock, epoch ms, stamped on every record
     * @param check throws (a runtime exception naming the field) if a record could not be
     *     applied; runs before the record is written
     * @param apply applies a record to the state (the same function replays the journal)
     * @param afterCommit runs after each record is applied, under the lock
     */
    public Ledger(LongSupplier clock, Consumer<JournalRecord> check, Journal.Replay apply, Runnable afterCommit) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.check = Objects.requireNonNull(check, "check");
        this.apply = Objects.requireNonNull(apply, "apply");
        this.afterCommit = Objects.requireNonNull(afterCommit, "afterCommit");
    }

    /**
     * Starts committing to a journal, once it has been replayed.
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

    /** Stops committing: later writes fail with {@link IllegalStateException}. */
    public void detach() {
        lock.lock();
        try {
            this.journal = null;
        } finally {
            lock.unlock();
        }
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
        private RuntimeException refusal;

        private Tx() {
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
            check.accept(record);
            Journal.Entry e;
            try {
                e = journal.append(clock.getAsLong(), record);
            } catch (IOException ex) {
                broken = "the journal " + journal.file() + " could not be written (" + ex.getMessage() + "); restart the service";
                throw new UncheckedIOException(broken, ex);
            }
            try {
                apply.accept(e);
                afterCommit.run();
            } catch (RuntimeException ex) {
                broken = "journal record " + e.seq() + " (" + Journal.typeName(record) + ") was written but could not be applied ("
                    + ex + "); the service takes no more changes until it is restarted";
                throw new IllegalStateException(broken, ex);
            }
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
     * trace, or commit records.
     *
     * @param body the decision
     * @param <T> what it returns
     * @return what it returned
     */
    public <T> T write(Transaction<T> body) {
        Tx tx = new Tx();
        T result;
        lock.lock();
        try {
            result = body.run(tx);
        } finally {
            lock.unlock();
        }
        if (tx.refusal != null) {
            throw tx.refusal;
        }
        return result;
    }

    /**
     * Reads the state consistently with writes.
     *
     * @param body the read
     * @param <T> what it returns
     * @return what it returned
     */
    public <T> T read(Supplier<T> body) {
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }
}
