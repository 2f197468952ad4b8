package io.geomatch.core;

/**
 * Runtime settings of a {@link GeoStore}: how durable an acknowledgement is, and how often the
 * log is folded into a checkpoint. What the store <em>is</em> (bucket size, longest retention,
 * lateness) is fixed when it is created and kept in the directory. Immutable.
 */
public final class StoreOptions {
    /** What "acknowledged" guarantees. */
    public enum Durability {
        /**
         * Each commit group is forced to the storage device ({@code fsync}) before any of it is
         * acknowledged or visible: acknowledged changes survive a process kill, an operating-system
         * crash and a power loss (as far as the device honours the flush). The default.
         */
        FSYNC,
        /**
         * Each commit group is handed to the operating system before it is acknowledged: acknowledged
         * changes survive the process being killed ({@code kill -9}) but not an operating-system crash
         * or power loss. Much faster on devices with slow flushes.
         */
        WRITE
    }

    /** Default {@link #checkpointLogBytes()}: 64 MiB. */
    public static final long DEFAULT_CHECKPOINT_LOG_BYTES = 64L << 20;
    private static final StoreOptions DEFAULTS =
        new StoreOptions(Durability.FSYNC, DEFAULT_CHECKPOINT_LOG_BYTES, LiveOptions.DEFAULT_MERGE_THRESHOLD);

    private final Durability durability;
    private final long checkpointLogBytes;
    private final int mergeThreshold;

    private StoreOptions(Durability durability, long checkpointLogBytes, int mergeThreshold) {
        this.durability = durability;
        this.checkpointLogBytes = checkpointLogBytes;
        this.mergeThreshold = mergeThreshold;
    }

    /** @return fsync before acknowledging, a checkpoint every 64 MiB of log, the default merge threshold */
    public static StoreOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param d what an acknowledgement guarantees
     * @return new options
     */
    public StoreOptions durability(Durability d) {
        return new StoreOptions(java.util.Objects.requireNonNull(d, "durability"), checkpointLogBytes, mergeThreshold);
    }

    /**
     * @param bytes log written since the last checkpoint after which the next merge also writes a
     *     checkpoint, at least 4096; recovery replays at most about this much log
     * @return new options
     * @throws InvalidInputException if below 4096
     */
    public StoreOptions checkpointLogBytes(long bytes) {
        if (bytes < 4096) {
            throw new InvalidInputException("checkpointLogBytes", bytes, "must be at least 4096");
        }
        return new StoreOptions(durability, bytes, mergeThreshold);
    }

    /**
     * @param rows the live index's merge threshold, as {@link LiveOptions#mergeThreshold(int)}
     * @return new options
     * @throws InvalidInputException if out of range
     */
    public StoreOptions mergeThreshold(int rows) {
        LiveOptions.defaults().mergeThreshold(rows);
        return new StoreOptions(durability, checkpointLogBytes, rows);
    }

    /** @return what an acknowledgement guarantees */
    public Durability durability() {
        return durability;
    }

    /** @return log bytes between checkpoints */
    public long checkpointLogBytes() {
        return checkpointLogBytes;
    }

    /** @return the live index's merge threshold */
    public int mergeThreshold() {
        return mergeThreshold;
    }
}
