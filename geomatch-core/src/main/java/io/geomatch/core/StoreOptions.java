package io.geomatch.core;

/**
 * Runtime settings of a {@link GeoStore}: how durable an acknowledgement is, how often the log is
 * folded into a checkpoint, and how much off-heap memory the store may hold. What the store
 * <em>is</em> (bucket size, longest retention, lateness) is fixed when it is created and kept in
 * the directory. Immutable.
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
    private static final StoreOptions DEFAULTS = new StoreOptions(Durability.FSYNC, DEFAULT_CHECKPOINT_LOG_BYTES,
        LiveOptions.DEFAULT_MERGE_THRESHOLD, LiveOptions.defaults());

    private final Durability durability;
    private final long checkpointLogBytes;
    private final int mergeThreshold;
    /** Holds the memory settings, validated as {@link LiveOptions} validates them. */
    private final LiveOptions memory;

    private StoreOptions(Durability durability, long checkpointLogBytes, int mergeThreshold, LiveOptions memory) {
        this.durability = durability;
        this.checkpointLogBytes = checkpointLogBytes;
        this.mergeThreshold = mergeThreshold;
        this.memory = memory;
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
        return new StoreOptions(java.util.Objects.requireNonNull(d, "durability"), checkpointLogBytes, mergeThreshold, memory);
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
        return new StoreOptions(durability, bytes, mergeThreshold, memory);
    }

    /**
     * @param rows the live index's merge threshold, as {@link LiveOptions#mergeThreshold(int)}
     * @return new options
     * @throws InvalidInputException if out of range
     */
    public StoreOptions mergeThreshold(int rows) {
        LiveOptions.defaults().mergeThreshold(rows);
        return new StoreOptions(durability, checkpointLogBytes, rows, memory);
    }

    /**
     * The store's memory budget, as {@link LiveOptions#maxOffHeapBytes(long)} defines it. A store's
     * merges are full merges (each can become a checkpoint), so it needs room for its state twice.
     * A change that would exceed it is refused like an invalid one: the changes before it in the
     * batch are durable, none after it is applied, and the store stays usable.
     *
     * @param bytes 1 or more, or {@link LiveOptions#UNLIMITED} (the default)
     * @return new options
     * @throws InvalidInputException if not positive
     */
    public StoreOptions maxOffHeapBytes(long bytes) {
        return new StoreOptions(durability, checkpointLogBytes, mergeThreshold, memory.maxOffHeapBytes(bytes));
    }

    /**
     * @param millis how long a change waits for memory before it is refused, as
     *     {@link LiveOptions#memoryWaitMillis(long)}
     * @return new options
     * @throws InvalidInputException if out of range
     */
    public StoreOptions memoryWaitMillis(long millis) {
        return new StoreOptions(durability, checkpointLogBytes, mergeThreshold, memory.memoryWaitMillis(millis));
    }

    /** @return the most off-heap bytes the store may hold, or {@link LiveOptions#UNLIMITED} */
    public long maxOffHeapBytes() {
        return memory.maxOffHeapBytes();
    }

    /** @return how long a change waits for memory before it is refused, milliseconds */
    public long memoryWaitMillis() {
        return memory.memoryWaitMillis();
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
