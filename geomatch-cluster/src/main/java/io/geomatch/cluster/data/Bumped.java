package io.geomatch.cluster.data;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.UUID;

/**
 * A partition's write count after it was raised, and the member that raised it: that member was
 * the partition's owner then, and only it may apply the changes the raise announces. Immutable.
 */
public final class Bumped implements IdentifiedDataSerializable {
    private long count;
    private long memberHigh;
    private long memberLow;

    /** For deserialization only. */
    public Bumped() {
    }

    /**
     * @param count the write count after the raise
     * @param member the member that raised it
     */
    public Bumped(long count, UUID member) {
        this.count = count;
        this.memberHigh = member.getMostSignificantBits();
        this.memberLow = member.getLeastSignificantBits();
    }

    /** @return the write count after the raise */
    public long count() {
        return count;
    }

    /** @return the member that raised it */
    public UUID member() {
        return new UUID(memberHigh, memberLow);
    }

    @Override
    public int getFactoryId() {
        return Wire.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return Wire.BUMPED;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(count);
        out.writeLong(memberHigh);
        out.writeLong(memberLow);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        count = in.readLong();
        memberHigh = in.readLong();
        memberLow = in.readLong();
    }
}
