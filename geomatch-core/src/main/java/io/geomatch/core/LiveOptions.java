package io.geomatch.core;

/**
 * Settings of a {@link LiveIndex}: what it accepts and when it merges. Immutable; each setter
 * returns a new instance.
 *
 * <pre>{@code
 * LiveOptions options = LiveOptions.defaults().maxRetentionDays(180).latenessMillis(3_600_000);
 * }</pre>
 */
public final class LiveOptions {
    /** Default {@link #mergeThreshold()}: delta rows that start a background merge. */
    public static final int DEFAULT_MERGE_THRESHOLD = 1 << 22;
    /** Smallest {@link #mergeThreshold()}. */
    public static final int MIN_MERGE_THRESHOLD = 16;
    /** Largest {@link #mergeThreshold()}, so that the delta's logs (twice the threshold) stay addressable. */
    public static final int MAX_MERGE_THRESHOLD = 1 << 28;

    private static final LiveOptions DEFAULTS =
        new LiveOptions(Camera.MAX_RETENTION_DAYS, Long.MAX_VALUE, DEFAULT_MERGE_THRESHOLD, true);

    private final int maxRetentionDays;
    private final long latenessMillis;
    private final int mergeThreshold;
    private final boolean backgroundMerge;

    private LiveOptions(int maxRetentionDays, long latenessMillis, int mergeThreshold, boolean backgroundMerge) {
        this.maxRetentionDays = maxRetentionDays;
        this.latenessMillis = latenessMillis;
        this.mergeThreshold = mergeThreshold;
        this.backgroundMerge = backgroundMerge;
    }

    /** @return the defaults: retention up to 3650 days, any lateness, merges every 2^22 delta rows, in the background */
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
        return new LiveOptions(days, latenessMillis, mergeThreshold, backgroundMerge);
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
        return new LiveOptions(maxRetentionDays, millis, mergeThreshold, backgroundMerge);
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
        return new LiveOptions(maxRetentionDays, latenessMillis, rows, backgroundMerge);
    }

    /**
     * @param background whether merges run on the index's own thread (the default) or inline, in
     *     the writer call that crosses the threshold
     * @return new options
     */
    public LiveOptions backgroundMerge(boolean background) {
        return new LiveOptions(maxRetentionDays, latenessMillis, mergeThreshold, background);
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

    @Override
    public String toString() {
        return "LiveOptions{maxRetentionDays=" + maxRetentionDays + ", latenessMillis=" + latenessMillis
            + ", mergeThreshold=" + mergeThreshold + ", backgroundMerge=" + backgroundMerge + "}";
    }
}
