package io.geomatch.core.internal.live;

import io.geomatch.core.internal.query.SealedIndex;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A sealed base and the state of the live index it holds exactly: every change up to
 * {@link #opCount()}, with the clock at {@link #clockMillis()} (footage the clock had expired may be
 * gone from it). It holds the base's memory once until {@link #close()}, so that a checkpoint can
 * write it while merges go on; {@link #retain()} gives another holder its own.
 */
public final class Merged implements AutoCloseable {
    private final SealedIndex base;
    private final long opCount;
    private final long clockMillis;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param base the base, already held once for this object
     * @param opCount how many changes it reflects
     * @param clockMillis the clock of that state
     */
    Merged(SealedIndex base, long opCount, long clockMillis) {
        this.base = base;
        this.opCount = opCount;
        this.clockMillis = clockMillis;
    }

    /** @return the sealed base, readable until {@link #close()} */
    public SealedIndex base() {
        return base;
    }

    /** @return how many changes it reflects */
    public long opCount() {
        return opCount;
    }

    /** @return the clock of that state */
    public long clockMillis() {
        return clockMillis;
    }

    /**
     * @return another handle of the same base, held separately
     * @throws IllegalStateException if this one is closed
     */
    public Merged retain() {
        if (closed.get()) {
            throw new IllegalStateException("this merged base is closed");
        }
        base.memory().retain();
        return new Merged(base, opCount, clockMillis);
    }

    /** Lets go of the base; its memory is freed once nothing else holds it. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            base.memory().release();
        }
    }
}
