package io.geomatch.examples.service.http;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.thread.Scheduler;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Cuts connections that take too long to send a request head: each connection has
 * {@code headerTimeoutMillis} to deliver a complete head, counted from when it opened or from when
 * its previous response was sent, and is closed once that passes without a request reaching the
 * API. The idle timeout alone restarts on every byte, so a client trickling a byte a second could
 * otherwise hold a connection for as long as it likes. Checked every quarter of the timeout (at
 * most every 250 ms), so a connection is cut between 1 and 1.25 timeouts after its deadline.
 *
 * <p>Registered as a {@link Connection.Listener} bean of the connector, so Jetty tells it of
 * every connection; the API marks when a request starts and ends. Thread-safe.
 */
final class HeaderDeadlines implements Connection.Listener {
    private final long timeoutNanos;
    private final Map<Connection, State> open = new ConcurrentHashMap<>();

    private static final class State {
        /** Whether a request is being handled (its head arrived). */
        volatile boolean busy;
        /** When the next head must have arrived, System.nanoTime() clock. */
        volatile long deadlineNanos;

        State(long deadlineNanos) {
            this.deadlineNanos = deadlineNanos;
        }
    }

    HeaderDeadlines(long timeoutMillis) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    /** Starts the periodic check on a running server's scheduler. */
    void start(Scheduler scheduler) {
        long period = Math.max(50, Math.min(250, TimeUnit.NANOSECONDS.toMillis(timeoutNanos) / 4));
        scheduler.schedule(() -> sweep(scheduler, period), period, TimeUnit.MILLISECONDS);
    }

    private void sweep(Scheduler scheduler, long period) {
        long now = System.nanoTime();
        for (Map.Entry<Connection, State> e : open.entrySet()) {
            State s = e.getValue();
            if (!s.busy && now - s.deadlineNanos > 0) {
                e.getKey().getEndPoint().close();
            }
        }
        if (scheduler.isRunning()) {
            scheduler.schedule(() -> sweep(scheduler, period), period, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void onOpened(Connection connection) {
        open.put(connection, new State(System.nanoTime() + timeoutNanos));
    }

    @Override
    public void onClosed(Connection connection) {
        open.remove(connection);
    }

    /** A request's head arrived on this connection. */
    void started(Connection connection) {
        State s = open.get(connection);
        if (s != null) {
            s.busy = true;
        }
    }

    /** The response on this connection was sent: the next head is due within the timeout. */
    void ended(Connection connection) {
        State s = open.get(connection);
        if (s != null) {
            s.deadlineNanos = System.nanoTime() + timeoutNanos;
            s.busy = false;
        }
    }
}
