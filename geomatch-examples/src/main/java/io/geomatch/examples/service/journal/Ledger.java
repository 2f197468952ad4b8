package io.geomatch.examples.service.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
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
 */
public final class Ledger {
    private final ReentrantLock lock = new ReentrantLock();
    private final LongSupplier clock;
    private final Consumer<JournalRecord> check;
    private final Journal.Replay apply;
    private final LongConsumer afterSync;
    private final Runnable beforeSync;
    private Journal journal;
    private volatile String broken;

    /**
     * @param clock the service's clock, epoch ms, stamped on every record
     * @param check throws (a runtime exception naming the field) if a record could not be
     *     applied; runs before the record is written
     * @param apply applies a record to the state (the same function replays the journal)
     * @param beforeSync runs, outside the lock, before a write's records are forced (files they
     *     name are forced first)
     * @param afterSync told, outside the lock, how many records are durable and signed once a
     *     write's records are (the index applies what it queued for them)
     */
    public Ledger(LongSupplier clock, Consumer<JournalRecord> check, Journal.Replay apply, Runnable beforeSync, LongConsumer afterSync) {
        this.beforeSync = Objects.requireNonNull(beforeSync, "beforeSync");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.check = Objects.requireNonNull(check, "check");
        this.apply = Objects.requireNonNull(apply, "apply");
        this.afterSync = Objects.requireNonNull(afterSync, "afterSync");
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
        private long lastSeq;

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
            try {
                beforeSync.run();
                j.sync(tx.lastSeq);
            } catch (IOException e) {
                broken = "the journal " + j.file() + " could not be forced to the device (" + e.getMessage() + "); restart the service";
                throw new UncheckedIOException(broken, e);
            }
            afterSync.accept(j.durableSize());
        }
        if (tx.refusal != null) {
            throw tx.refusal;
        }
        return result;
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
