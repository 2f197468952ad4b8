package io.geomatch.core.internal.memory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The off-heap bytes one index holds, against the most it may hold. A segment counts from the
 * moment the index creates or adopts it ({@link #track}, or {@link #tryReserve} before a merge
 * allocates its output) until its memory is actually freed, which may be after the index has
 * retired it, while a query or a view still reads it. Nothing here waits or frees: the writer
 * asks {@link #fits} before it grows, and merges reserve before they allocate.
 *
 * <p>Threading: safe from any thread; the count is one atomic long.
 */
public final class MemoryBudget {
    /** No limit. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    private final AtomicLong used = new AtomicLong();
    private volatile long maxBytes;

    /** @param maxBytes the most bytes the index may hold, or {@link #UNLIMITED} */
    public MemoryBudget(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** @return the most bytes the index may hold */
    public long maxBytes() {
        return maxBytes;
    }

    /** @param bytes the most bytes the index may hold from now on, or {@link #UNLIMITED} */
    public void maxBytes(long bytes) {
        this.maxBytes = bytes;
    }

    /** @return bytes held now: live and retired-but-not-yet-freed segments, and reservations of running merges */
    public long usedBytes() {
        return used.get();
    }

    /**
     * @param more bytes about to be added
     * @return whether they fit under the limit
     */
    public boolean fits(long more) {
        long max = maxBytes;
        return max == UNLIMITED || more <= max - used.get();
    }

    /**
     * Reserves bytes if they fit.
     *
     * @param bytes how many
     * @return whether they were reserved; the caller must {@link #release} them later
     */
    public boolean tryReserve(long bytes) {
        while (true) {
            long u = used.get();
            long max = maxBytes;
            if (max != UNLIMITED && bytes > max - u) {
                return false;
            }
            if (used.compareAndSet(u, u + bytes)) {
                return true;
            }
        }
    }

    /**
     * Counts bytes whether or not they fit: memory that exists already (a base the index was given).
     *
     * @param bytes how many
     */
    public void add(long bytes) {
        used.addAndGet(bytes);
    }

    /** @param bytes reserved or added bytes that are gone */
    public void release(long bytes) {
        used.addAndGet(-bytes);
    }

    /**
     * Counts a segment's bytes until its memory is freed.
     *
     * @param memory the segment's memory
     * @param bytes its size, already reserved ({@code reserved}) or not
     * @param reserved whether {@link #tryReserve} already counted them
     */
    public void track(Shared memory, long bytes, boolean reserved) {
        if (!reserved) {
            add(bytes);
        }
        memory.whenFreed(() -> release(bytes));
    }
}
