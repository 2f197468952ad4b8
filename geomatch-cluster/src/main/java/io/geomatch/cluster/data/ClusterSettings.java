package io.geomatch.cluster.data;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;

/**
 * What every member of a cluster must agree on, stored once in the cluster by its first member:
 * the time bucket size (the matching contract's {@code B}), the longest retention a camera may
 * have, and the shard cells' H3 resolution. A member started with other settings refuses to
 * join. Immutable.
 */
public final class ClusterSettings implements IdentifiedDataSerializable {
    private long bucketMillis;
    private int maxRetentionDays;
    private int shardResolution;

    /** For deserialization only. */
    public ClusterSettings() {
    }

    /**
     * @param bucketMillis the time bucket size, ms
     * @param maxRetentionDays the longest retention, days
     * @param shardResolution the H3 resolution of shard cells
     */
    public ClusterSettings(long bucketMillis, int maxRetentionDays, int shardResolution) {
        this.bucketMillis = bucketMillis;
        this.maxRetentionDays = maxRetentionDays;
        this.shardResolution = shardResolution;
    }

    /** @return the time bucket size, ms */
    public long bucketMillis() {
        return bucketMillis;
    }

    /** @return the longest retention a camera may have, days */
    public int maxRetentionDays() {
        return maxRetentionDays;
    }

    /** @return the H3 resolution of shard cells */
    public int shardResolution() {
        return shardResolution;
    }

    @Override
    public int getFactoryId() {
        return Wire.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return Wire.SETTINGS;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(bucketMillis);
        out.writeInt(maxRetentionDays);
        out.writeInt(shardResolution);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        bucketMillis = in.readLong();
        maxRetentionDays = in.readInt();
        shardResolution = in.readInt();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterSettings s && s.bucketMillis == bucketMillis && s.maxRetentionDays == maxRetentionDays
            && s.shardResolution == shardResolution;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(bucketMillis) * 31 * 31 + maxRetentionDays * 31 + shardResolution;
    }

    @Override
    public String toString() {
        return "bucket " + bucketMillis + " ms, retention up to " + maxRetentionDays + " days, shard cells at H3 resolution " + shardResolution;
    }
}
