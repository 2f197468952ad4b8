package io.geomatch.examples.cli;

import io.geomatch.core.BuildProgress;

import java.io.PrintWriter;

/**
 * Shows progress on one self-overwriting stderr line, only when a person is watching (a
 * terminal), and at most a few times per second.
 */
final class TerminalProgress implements BuildProgress {
    private static final long INTERVAL_NANOS = 250_000_000L;

    private final PrintWriter err;
    private final boolean enabled;
    private long lastNanos;
    private boolean dirty;

    TerminalProgress(PrintWriter err) {
        this(err, System.console() != null);
    }

    TerminalProgress(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    @Override
    public void onProgress(String phase, long done, long total) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastNanos < INTERVAL_NANOS && done != total) {
            return;
        }
        lastNanos = now;
        String amount = total > 0 ? String.format("%,d / %,d", done, total) : String.format("%,d", done);
        err.print("\r\033[K" + phase + ": " + amount);
        err.flush();
        dirty = true;
    }

    /** Clears the progress line so that the next output starts on a clean line. */
    void finish() {
        if (dirty) {
            err.print("\r\033[K");
            err.flush();
            dirty = false;
        }
    }
}
