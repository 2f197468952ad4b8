package io.geomatch.core;

/**
 * Settings of a {@link LiveIndex}: what it accepts, when it merges, and how much off-heap memory
 * it may hold. Immutable; each setter returns a new instance.
 *
 * <pre>{@code
 * LiveOptions options = LiveOptions.defaults().maxRetentionDays(180).latenessMillis(3_600_000)
 *     .maxOffHeapBytes(8L << 30);
 * }</pre>
 */
public final class LiveOptions {
    /** Default {@link #mergeThreshold()}: delta rows that start a background merge. */
    public static final int DEFAULT_MERGE_THRESHOLD = 1 << 22;
    /** Smallest {@link #mergeThreshold()}. */
    public static final int MIN_MERGE_THRESHOLD = 16;
    /** Largest {@link #mergeThreshold()}, so that the delta's logs (twice the threshold) stay addressable. */
    public static final int MAX_MERGE_THRESHOLD = 1 << 28;
    /** {@link #maxOffHeapBytes()} meaning no limit, the default. */
    public static final long UNLIMITED = Long.MAX_VALUE;
    /** Default {@link #memoryWaitMillis()}. */
    public static final long DEFAULT_MEMORY_WAIT_MILLIS = 10_000;

    private static final LiveOptions DEFAULTS =
        new LiveOptions(Camera.MAX_RETENTION_DAYS, Long.MAX_VALUE, DEFAULT_MERGE_THRESHOLD, true, UNLIMITED, DEFAULT_MEMORY_WAIT_MILLIS);

    private final int maxRetentionDays;
    private final long latenessMillis;
    private final int mergeThreshold;
    private final boolean backgroundMerge;
    private final long maxOffHeapBytes;
    private final long memoryWaitMillis;

    private LiveOptions(int maxRetentionDays, long latenessMillis, int mergeThreshold, boolean backgroundMerge, long maxOffHeapBytes,
                        long memoryWaitMillis) {
        this.maxRetentionDays = maxRetentionDays;
        this.latenessMillis = latenessMillis;
        this.mergeThreshold = mergeThreshold;
        this.backgroundMerge = backgroundMerge;
        this.maxOffHeapBytes = maxOffHeapBytes;
        this.memoryWaitMillis = memoryWaitMillis;
    }

    /**
     * @return the defaults: retention up to 3650 days, any lateness, merges every 2^22 delta rows, in
     *     the background, no memory limit
     */
    public static LiveOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param days the longest retention a camera may have, 1..3650. Footage older than the clock
     *     minus this many days can match no query at or after the clock, and merges drop it.
     * @return new options
     * @throws InvalidInputException if out of range
     */
    public LiveOptions maxRetentionDays(int days) {
        if (days < Camera.MIN_RETENTION_DAYS || days > Camera.MAX_RETENTION_DAYS) {
            throw new InvalidInputException("maxRetentionDays", days, "is out of range, allowed "
                + Camera.MIN_RETENTION_DAYS + ".." + Camera.MAX_RETENTION_DAYS);
        }
        return new LiveOptions(days, latenessMillis, mergeThreshold, backgroundMerge, maxOffHeapBytes, memoryWaitMillis);
    }

    /**
     * @param millis how late footage may arrive: an interval must end after the clock minus this,
     *     0 or more ({@link Long#MAX_VALUE}, the default, accepts any)
     * @return new options
     * @throws InvalidInputException if negative
     */
    public LiveOptions latenessMillis(long millis) {
        if (millis < 0) {
            throw new InvalidInputException("latenessMillis", millis, "must be 0 or more");
        }
        return new LiveOptions(maxRetentionDays, millis, mergeThreshold, backgroundMerge, maxOffHeapBytes, memoryWaitMillis);
    }

    /**
     * @param rows delta rows (camera versions plus footage intervals) after which a merge starts,
     *     {@value #MIN_MERGE_THRESHOLD}..{@value #MAX_MERGE_THRESHOLD}. The delta holds at most
     *     twice this; a writer that fills it waits for the merge.
     * @return new options
     * @throws InvalidInputException if out of range
     */
    public LiveOptions mergeThreshold(int rows) {
        if (rows < MIN_MERGE_THRESHOLD || rows > MAX_MERGE_THRESHOLD) {
            throw new InvalidInputException("mergeThreshold", rows, "is out of range, allowed "
                + MIN_MERGE_THRESHOLD + ".." + MAX_MERGE_THRESHOLD);
        }
        return new LiveOptions(maxRetentionDays, latenessMillis, rows, backgroundMerge, maxOffHeapBytes, memoryWaitMillis);
    }

    /**
     * @param background whether merges run on the index's own thread (the default) or inline, in
     *     the writer call that crosses the threshold
     * @return new options
     */
    public LiveOptions backgroundMerge(boolean background) {
        return new LiveOptions(maxRetentionDays, latenessMillis, mergeThreshold, background, maxOffHeapBytes, memoryWaitMillis);
    }

    /**
     * A memory budget with backpressure: the most off-heap bytes the index may hold, counting its
     * base and footage tiers, segments that merges have replaced but a running query or an open
     * view still reads, and the output of the merge it would run next. A change that would take the
     * index past it waits up to {@link #memoryWaitMillis()} for memory to be freed (a view closed,
     * a merge finished) and is then refused with an {@link IllegalStateException}; nothing of it is
     * applied. A merge that would not fit does not run. The base an index starts from counts, even
     * if it alone exceeds the limit.
     *
     * @param bytes 1 or more, or {@link #UNLIMITED} (the default)
     * @return new options
     * @throws InvalidInputException if not positive
     */
    public LiveOptions maxOffHeapBytes(long bytes) {
        if (bytes < 1) {
            throw new InvalidInputException("maxOffHeapBytes", bytes, "must be 1 or more (LiveOptions.UNLIMITED for no limit)");
        }
        return new LiveOptions(maxRetentionDays, latenessMillis, mergeThreshold, backgroundMerge, bytes, memoryWaitMillis);
    }

    /**
     * @param millis how long a change waits for memory to be freed before it is refused, when
     *     {@link #maxOffHeapBytes()} would be exceeded: 0 (refuse at once) to 3,600,000 (an hour);
     *     default {@value #DEFAULT_MEMORY_WAIT_MILLIS}
     * @return new options
     * @throws InvalidInputException if out of range
     */
    public LiveOptions memoryWaitMillis(long millis) {
        if (millis < 0 || millis > 3_600_000L) {
            throw new InvalidInputException("memoryWaitMillis", millis, "is out of range, allowed 0..3600000");
        }
        return new LiveOptions(maxRetentionDays, latenessMillis, mergeThreshold, backgroundMerge, maxOffHeapBytes, millis);
    }

    /** @return the longest retention a camera may have, days */
    public int maxRetentionDays() {
        return maxRetentionDays;
    }

    /** @return how late footage may arrive relative to the clock, milliseconds */
    public long latenessMillis() {
        return latenessMillis;
    }

    /** @return delta rows after which a merge starts */
    public int mergeThreshold() {
        return mergeThreshold;
    }

    /** @return whether merges run in the background */
    public boolean backgroundMerge() {
        return backgroundMerge;
    }

    /** @return the most off-heap bytes the index may hold, or {@link #UNLIMITED} */
    public long maxOffHeapBytes() {
        return maxOffHeapBytes;
    }

    /** @return how long a change waits for memory before it is refused, milliseconds */
    public long memoryWaitMillis() {
        return memoryWaitMillis;
    }

    @Override
    public String toString() {
        return "LiveOptions{maxRetentionDays=" + maxRetentionDays + ", latenessMillis=" + latenessMillis
            + ", mergeThreshold=" + mergeThreshold + ", backgroundMerge=" + backgroundMerge
            + ", maxOffHeapBytes=" + (maxOffHeapBytes == UNLIMITED ? "unlimited" : Long.toString(maxOffHeapBytes))
            + ", memoryWaitMillis=" + memoryWaitMillis + "}";
    }
}
