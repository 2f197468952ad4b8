package io.geomatch.examples.service.fanout;

import io.geomatch.examples.service.journal.JournalRecord;
import io.geomatch.examples.service.journal.Ledger;
import io.geomatch.examples.service.requests.Request;
import io.geomatch.examples.text.Printable;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The anonymous fan-out: after a request is published (and its filer answered), one thread
 * matches its area, window and the devices' retention and eligibility in the index, by view (a
 * device with a view is reached when what it sees meets the area, one without when it stands in
 * it: {@link DeviceIndex#match}), commits the match as {@code request.delivered} (the recipients
 * follow from it) and tells the notifier of each recipient once that is durable. Requests are
 * fanned out one at a time, in the order published.
 */
public final class FanOut implements AutoCloseable {
    /**
     * The push channel to owners' phones: told of each delivery once it is durable, on the
     * fan-out thread. Deliveries recovered from the journal are not told again.
     */
    @FunctionalInterface
    public interface Notifier {
        /**
         * @param requestId the request delivered
         * @param ownerId the owner it was delivered to
         */
        void delivered(String requestId, String ownerId);
    }

    private final DeviceIndex index;
    private final Ledger ledger;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "geomatch-fanout");
        t.setDaemon(true);
        return t;
    });
    private volatile Notifier notifier = (requestId, ownerId) -> { };
    /** Counted down on close: a fan-out waiting to retry gives up, and runs again on the next start. */
    private final CountDownLatch closing = new CountDownLatch(1);
    /** The first pause before a fan-out that found the index unavailable is tried again, ms; it doubles up to {@link #MAX_RETRY_PAUSE_MILLIS}. */
    static final long FIRST_RETRY_PAUSE_MILLIS = 200;
    static final long MAX_RETRY_PAUSE_MILLIS = 10_000;

    /**
     * @param index where devices are matched
     * @param ledger where deliveries are committed
     */
    public FanOut(DeviceIndex index, Ledger ledger) {
        this.index = index;
        this.ledger = ledger;
    }

    /**
     * @param notifier receives every delivery from now on; it must be quick and not call back
     *     into the service on the calling thread
     */
    public void setNotifier(Notifier notifier) {
        this.notifier = Objects.requireNonNull(notifier, "notifier");
    }

    /**
     * Queues a published request's fan-out.
     *
     * @param r the request
     */
    public void schedule(Request r) {
        long scheduledNanos = System.nanoTime();
        executor.execute(() -> run(r, scheduledNanos));
    }

    /**
     * Delivers a request to the owners of the devices the index matches. An index that cannot
     * answer now (a cluster whose member died) is asked again after a pause, until it answers or
     * the service closes (then the next start runs the fan-out): a request is delivered once, to
     * every owner the whole answer names, never to part of them.
     */
    private void run(Request r, long scheduledNanos) {
        long pauseMillis = FIRST_RETRY_PAUSE_MILLIS;
        while (true) {
            try {
                index.flushUpTo(r.seq());   // every change journaled before the request, clips included, is in the index
                long[] cameras = index.match(r.query(), r.fromMillis(), r.toMillis(), r.publishedAtMillis());
                long micros = (System.nanoTime() - scheduledNanos) / 1_000;
                ledger.write(tx -> tx.commit(new JournalRecord.RequestDelivered(r.id(), micros, cameras)));
                List<String> recipients = r.delivery().recipients();
                Notifier n = notifier;
                for (String ownerId : recipients) {
                    n.delivered(r.id(), ownerId);
                }
                return;
            } catch (DeviceIndex.UnavailableException e) {
                System.err.println(Printable.escape("fan-out of " + r.id() + " waits " + pauseMillis + " ms: " + e.getMessage()));
                try {
                    if (closing.await(pauseMillis, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    return;
                }
                pauseMillis = Math.min(MAX_RETRY_PAUSE_MILLIS, pauseMillis * 2);
            } catch (RuntimeException e) {
                System.err.println(Printable.escape("fan-out of " + r.id() + " failed: " + e));
                return;
            }
        }
    }

    /**
     * Waits until every fan-out scheduled so far has been delivered.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void await() throws InterruptedException {
        try {
            executor.submit(() -> { }).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Finishes the fan-outs scheduled, waiting up to 30 s. */
    @Override
    public void close() {
        closing.countDown();
        executor.shutdown();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
