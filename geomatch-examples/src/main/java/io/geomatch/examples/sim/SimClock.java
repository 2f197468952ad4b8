package io.geomatch.examples.sim;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A simulated clock, epoch ms, that moves only when told to. Thread-safe. */
public final class SimClock implements LongSupplier {
    private final AtomicLong millis;

    /**
     * @param startMillis the initial time, epoch ms
     */
    public SimClock(long startMillis) {
        this.millis = new AtomicLong(startMillis);
    }

    @Override
    public long getAsLong() {
        return millis.get();
    }

    /**
     * @param deltaMillis how far to move, ms, not negative
     * @return the new time
     */
    public long advance(long deltaMillis) {
        if (deltaMillis < 0) {
            throw new IllegalArgumentException("deltaMillis=" + deltaMillis + " is negative: the clock only advances");
        }
        return millis.addAndGet(deltaMillis);
    }
}
