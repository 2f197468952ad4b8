package io.geomatch.cluster.data;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;

/**
 * What a member reports about itself: its address, the partitions it owns, the cameras of those
 * partitions that its indexes hold, and how many of its partitions are still being indexed.
 * Immutable.
 */
public final class MemberReport implements IdentifiedDataSerializable {
    private String address;
    private int partitionsOwned;
    private long cameras;
    private int partitionsIndexing;

    /** For deserialization only. */
    public MemberReport() {
    }

    /**
     * @param address host:port
     * @param partitionsOwned partitions whose primary replica it holds
     * @param cameras cameras in the indexes of those partitions
     * @param partitionsIndexing owned partitions whose index is not current yet
     */
    public MemberReport(String address, int partitionsOwned, long cameras, int partitionsIndexing) {
        this.address = address;
        this.partitionsOwned = partitionsOwned;
        this.cameras = cameras;
        this.partitionsIndexing = partitionsIndexing;
    }

    /** @return host:port */
    public String address() {
        return address;
    }

    /** @return partitions whose primary replica the member holds */
    public int partitionsOwned() {
        return partitionsOwned;
    }

    /** @return cameras in the member's indexes of those partitions */
    public long cameras() {
        return cameras;
    }

    /** @return owned partitions whose index is not current yet */
    public int partitionsIndexing() {
        return partitionsIndexing;
    }

    @Override
    public int getFactoryId() {
        return Wire.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return Wire.MEMBER_REPORT;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(address);
        out.writeInt(partitionsOwned);
        out.writeLong(cameras);
        out.writeInt(partitionsIndexing);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        address = in.readString();
        partitionsOwned = in.readInt();
        cameras = in.readLong();
        partitionsIndexing = in.readInt();
    }
}
