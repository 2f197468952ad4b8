package io.geomatch.cluster;

import io.geomatch.cluster.placement.ShardCells;
import io.geomatch.core.Camera;
import io.geomatch.core.GeoIndex;
import io.geomatch.core.InvalidInputException;
import io.geomatch.core.LiveOptions;

import java.util.List;
import java.util.Objects;

/**
 * How to start a cluster member ({@link ClusterNode#start}). Immutable; each setter returns new
 * options and checks its value.
 *
 * <pre>{@code
 * NodeOptions options = NodeOptions.bucketMillis(60_000).port(5701).members(List.of("127.0.0.1:5701", "127.0.0.1:5702"));
 * }</pre>
 *
 * <p>The bucket size, longest retention and shard resolution must be the same on every member: a
 * member whose settings differ from the cluster's refuses to join. The partition count must be the
 * same too (Hazelcast refuses the join otherwise).
 */
public final class NodeOptions {
    /** Default Hazelcast cluster name. */
    public static final String DEFAULT_CLUSTER_NAME = "geomatch";
    /** Default port. */
    public static final int DEFAULT_PORT = 5701;
    /** Default backup count: losing one member loses nothing acknowledged. */
    public static final int DEFAULT_BACKUPS = 1;
    /** Hazelcast's default partition count. */
    public static final int DEFAULT_PARTITIONS = 271;
    /** Default merge threshold of each partition's live index: partitions are small, so they merge often. */
    public static final int DEFAULT_MERGE_THRESHOLD = 1 << 16;

    private final String clusterName;
    private final String host;
    private final int port;
    private final List<String> members;
    private final long bucketMillis;
    private final int backups;
    private final int maxRetentionDays;
    private final int partitions;
    private final int shardResolution;
    private final int mergeThreshold;
    private final int builderThreads;
    private final boolean warmBackups;

    private NodeOptions(String clusterName, String host, int port, List<String> members, long bucketMillis, int backups, int maxRetentionDays,
                        int partitions, int shardResolution, int mergeThreshold, int builderThreads, boolean warmBackups) {
        this.clusterName = clusterName;
        this.host = host;
        this.port = port;
        this.members = members;
        this.bucketMillis = bucketMillis;
        this.backups = backups;
        this.maxRetentionDays = maxRetentionDays;
        this.partitions = partitions;
        this.shardResolution = shardResolution;
        this.mergeThreshold = mergeThreshold;
        this.builderThreads = builderThreads;
        this.warmBackups = warmBackups;
    }

    /**
     * Options with a bucket size and every default: 127.0.0.1:{@value #DEFAULT_PORT}, no other
     * members listed, {@value #DEFAULT_BACKUPS} backup, retention up to 3650 days,
     * {@value #DEFAULT_PARTITIONS} partitions, shard cells at {@link ShardCells#DEFAULT_RESOLUTION},
     * warm backups.
     *
     * @param bucketMillis the time bucket size {@code B}, ms, as {@link GeoIndex#builder(long)} takes it
     * @return the options
     * @throws InvalidInputException if out of range
     */
    public static NodeOptions bucketMillis(long bucketMillis) {
        GeoIndex.builder(bucketMillis);
        return new NodeOptions(DEFAULT_CLUSTER_NAME, "127.0.0.1", DEFAULT_PORT, List.of(), bucketMillis, DEFAULT_BACKUPS,
            Camera.MAX_RETENTION_DAYS, DEFAULT_PARTITIONS, ShardCells.DEFAULT_RESOLUTION, DEFAULT_MERGE_THRESHOLD, 2, true);
    }

    /**
     * @param name the Hazelcast cluster name; members and clients of one cluster share it
     * @return new options
     */
    public NodeOptions clusterName(String name) {
        Objects.requireNonNull(name, "name");
        return new NodeOptions(name, host, port, members, bucketMillis, backups, maxRetentionDays, partitions, shardResolution, mergeThreshold,
            builderThreads, warmBackups);
    }

    /**
     * @param address the IP address to bind to and to be reached at, such as 127.0.0.1
     * @return new options
     */
    public NodeOptions host(String address) {
        Objects.requireNonNull(address, "address");
        return new NodeOptions(clusterName, address, port, members, bucketMillis, backups, maxRetentionDays, partitions, shardResolution,
            mergeThreshold, builderThreads, warmBackups);
    }

    /**
     * @param port the port to bind to, 1..65535 (exactly this one: no other is tried)
     * @return new options
     * @throws InvalidInputException if out of range
     */
    public NodeOptions port(int port) {
        if (port < 1 || port > 65_535) {
            throw new InvalidInputException("--port", port, "is out of range, allowed 1..65535");
        }
        return new NodeOptions(clusterName, host, port, members, bucketMillis, backups, maxRetentionDays, partitions, shardResolution,
            mergeThreshold, builderThreads, warmBackups);
    }

    /**
     * @param addresses host:port of members to join (TCP-IP, no multicast); this member's own may be among them
     * @return new options
     */
    public NodeOptions members(List<String> addresses) {
        return new NodeOptions(clusterName, host, port, List.copyOf(addresses), bucketMillis, backups, maxRetentionDays, partitions,
            shardResolution, mergeThreshold, builderThreads, warmBackups);
    }

    /**
     * @param count synchronous backups of every partition, 0..6; with {@code n} backups, losing {@code n}
     *     members at once loses nothing acknowledged
     * @return new options
     * @throws InvalidInputException if out of range
     */
    public NodeOptions backups(int count) {
        if (count < 0 || count > 6) {
            throw new InvalidInputException("--backups", count, "is out of range, allowed 0..6");
        }
        return new NodeOptions(clusterName, host, port, members, bucketMillis, count, maxRetentionDays, partitions, shardResolution,
            mergeThreshold, builderThreads, warmBackups);
    }

    /**
     * @param days the longest retention a camera may have, 1..3650
     * @return new options
     * @throws InvalidInputException if out of range
     */
    public NodeOptions maxRetentionDays(int days) {
        LiveOptions.defaults().maxRetentionDays(days);
        return new NodeOptions(clusterName, host, port, members, bucketMillis, backups, days, partitions, shardResolution, mergeThreshold,
            builderThreads, warmBackups);
    }

    /**
     * @param count Hazelcast partitions, 2..10000 (the same on every member)
     * @return new options
     * @throws InvalidInputException if out of range
     */
    public NodeOptions partitions(int count) {
        if (count < 2 || count > 10_000) {
            throw new InvalidInputException("partitions", count, "is out of range, allowed 2..10000");
        }
        return new NodeOptions(clusterName, host, port, members, bucketMillis, backups, maxRetentionDays, count, shardResolution,
            mergeThreshold, builderThreads, warmBackups);
    }

    /**
     * @param resolution the H3 resolution of shard cells, {@value ShardCells#MIN_RESOLUTION}..{@value ShardCells#MAX_RESOLUTION}
     * @return new options
     * @throws InvalidInputException if out of range
     */
    public NodeOptions shardResolution(int resolution) {
        new ShardCells(resolution);
        return new NodeOptions(clusterName, host, port, members, bucketMillis, backups, maxRetentionDays, partitions, resolution,
            mergeThreshold, builderThreads, warmBackups);
    }

    /**
     * @param rows delta rows after which a partition's live index merges, as {@link LiveOptions#mergeThreshold(int)}
     * @return new options
     * @throws InvalidInputException if out of range
     */
    public NodeOptions mergeThreshold(int rows) {
        LiveOptions.defaults().mergeThreshold(rows);
        return new NodeOptions(clusterName, host, port, members, bucketMillis, backups, maxRetentionDays, partitions, shardResolution, rows,
            builderThreads, warmBackups);
    }

    /**
     * @param threads threads that build partition indexes when partitions arrive, 1..64
     * @return new options
     * @throws InvalidInputException if out of range
     */
    public NodeOptions builderThreads(int threads) {
        if (threads < 1 || threads > 64) {
            throw new InvalidInputException("builderThreads", threads, "is out of range, allowed 1..64");
        }
        return new NodeOptions(clusterName, host, port, members, bucketMillis, backups, maxRetentionDays, partitions, shardResolution,
            mergeThreshold, threads, warmBackups);
    }

    /**
     * @param warm whether a member keeps an index of every partition it holds as a backup replica
     *     too, current with every write (the default): a backup promoted after a member died then
     *     answers at once instead of being indexed from its records first, at the cost of about
     *     twice the index memory per member with one backup
     * @return new options
     */
    public NodeOptions warmBackups(boolean warm) {
        return new NodeOptions(clusterName, host, port, members, bucketMillis, backups, maxRetentionDays, partitions, shardResolution,
            mergeThreshold, builderThreads, warm);
    }

    /** @return the Hazelcast cluster name */
    public String clusterName() {
        return clusterName;
    }

    /** @return the address bound to */
    public String host() {
        return host;
    }

    /** @return the port bound to */
    public int port() {
        return port;
    }

    /** @return the members to join */
    public List<String> members() {
        return members;
    }

    /** @return the time bucket size, ms */
    public long bucketMillis() {
        return bucketMillis;
    }

    /** @return synchronous backups per partition */
    public int backups() {
        return backups;
    }

    /** @return the longest retention, days */
    public int maxRetentionDays() {
        return maxRetentionDays;
    }

    /** @return the partition count */
    public int partitions() {
        return partitions;
    }

    /** @return the shard cells' H3 resolution */
    public int shardResolution() {
        return shardResolution;
    }

    /** @return the merge threshold of each partition's live index */
    public int mergeThreshold() {
        return mergeThreshold;
    }

    /** @return the index builder threads */
    public int builderThreads() {
        return builderThreads;
    }

    /** @return whether members index their backup replicas too */
    public boolean warmBackups() {
        return warmBackups;
    }
}
