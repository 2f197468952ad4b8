package io.geomatch.cluster.placement;

import com.hazelcast.partition.PartitionService;
import io.geomatch.cluster.data.ShardKey;

/**
 * Which Hazelcast partition holds a shard cell, and each partition's {@link ShardKey}. A cell's
 * partition is the one Hazelcast gives the cell as a partition key (the hash of its serialized
 * form, modulo the partition count), so every member and client computes the same one. Each
 * partition's key carries an anchor: the smallest non-negative number whose partition it is,
 * found once by trying numbers in turn (a few thousand for 271 partitions). Immutable and
 * thread-safe.
 */
public final class Partitions {
    private final PartitionService service;
    private final ShardKey[] keys;

    private Partitions(PartitionService service, ShardKey[] keys) {
        this.service = service;
        this.keys = keys;
    }

    /**
     * @param service a member's or client's partition service, connected
     * @return the partitions of its cluster
     */
    public static Partitions of(PartitionService service) {
        int count = service.getPartitions().size();
        ShardKey[] keys = new ShardKey[count];
        int found = 0;
        for (long anchor = 0; found < count; anchor++) {
            int p = service.getPartition(anchor).getPartitionId();
            if (keys[p] == null) {
                keys[p] = new ShardKey(p, anchor);
                found++;
            }
        }
        return new Partitions(service, keys);
    }

    /** @return how many partitions the cluster has */
    public int count() {
        return keys.length;
    }

    /**
     * @param partitionId a partition
     * @return its shard key
     */
    public ShardKey key(int partitionId) {
        return keys[partitionId];
    }

    /**
     * @param cell a shard cell
     * @return the partition that holds its cameras
     */
    public int of(long cell) {
        return service.getPartition(cell).getPartitionId();
    }
}
