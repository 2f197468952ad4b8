package io.geomatch.cluster.data;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.UUID;

/**
 * One entry of a partition as a snapshot reads it, with the member that read it: a
 * {@link CameraRecord}, or the partition's write count (a {@code Long}). All entries of one
 * snapshot are read in one operation on the partition thread, so they are one consistent state.
 * Immutable.
 */
public final class SnapshotItem implements IdentifiedDataSerializable {
    private long memberHigh;
    private long memberLow;
    private Object value;

    /** For deserialization only. */
    public SnapshotItem() {
    }

    /**
     * @param member the member that read the entry
     * @param value the record, or the write count
     */
    public SnapshotItem(UUID member, Object value) {
        this.memberHigh = member.getMostSignificantBits();
        this.memberLow = member.getLeastSignificantBits();
        this.value = value;
    }

    /** @return the member that read the entry: the partition's owner at that moment */
    public UUID member() {
        return new UUID(memberHigh, memberLow);
    }

    /** @return the entry's value: a {@link CameraRecord} or a {@code Long} write count */
    public Object value() {
        return value;
    }

    @Override
    public int getFactoryId() {
        return Wire.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return Wire.SNAPSHOT_ITEM;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(memberHigh);
        out.writeLong(memberLow);
        out.writeObject(value);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        memberHigh = in.readLong();
        memberLow = in.readLong();
        value = in.readObject();
    }
}
