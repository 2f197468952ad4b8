package io.geomatch.cluster.data;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.partition.PartitionAware;

import java.io.IOException;

/**
 * The key of a partition's own entry in the camera map: its value is the partition's write count
 * (a {@code Long}; absent means 0), and queries and write counts go to it, so they run on the
 * partition's owner, on its partition thread, in order with the partition's writes. The partition
 * key is an anchor: a number whose partition is this one. Immutable.
 */
public final class ShardKey implements IdentifiedDataSerializable, PartitionAware<Long> {
    private int partitionId;
    private long anchor;

    /** For deserialization only. */
    public ShardKey() {
    }

    /**
     * @param partitionId the partition
     * @param anchor a number whose partition (as a partition key) is {@code partitionId}
     */
    public ShardKey(int partitionId, long anchor) {
        this.partitionId = partitionId;
        this.anchor = anchor;
    }

    /** @return the partition this key belongs to */
    public int partitionId() {
        return partitionId;
    }

    /** @return the anchor, boxed, which decides the partition */
    @Override
    public Long getPartitionKey() {
        return anchor;
    }

    @Override
    public int getFactoryId() {
        return Wire.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return Wire.SHARD_KEY;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(partitionId);
        out.writeLong(anchor);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        partitionId = in.readInt();
        anchor = in.readLong();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShardKey k && k.partitionId == partitionId && k.anchor == anchor;
    }

    @Override
    public int hashCode() {
        return partitionId * 31 + Long.hashCode(anchor);
    }

    @Override
    public String toString() {
        return "ShardKey[partition=" + partitionId + "]";
    }
}
