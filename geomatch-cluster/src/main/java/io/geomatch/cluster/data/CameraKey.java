package io.geomatch.cluster.data;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.partition.PartitionAware;

import java.io.IOException;

/**
 * The key of a camera's record: its id and its shard cell. The shard cell is the partition key,
 * so a camera and all its footage live in the partition of its cell, with every other camera of
 * that cell. A camera that moves to another shard cell gets a new key (and the old one is
 * removed in the same acknowledged change). Immutable.
 */
public final class CameraKey implements IdentifiedDataSerializable, PartitionAware<Long> {
    private long id;
    private long cell;

    /** For deserialization only. */
    public CameraKey() {
    }

    /**
     * @param id the camera id
     * @param cell its shard cell
     */
    public CameraKey(long id, long cell) {
        this.id = id;
        this.cell = cell;
    }

    /** @return the camera id */
    public long id() {
        return id;
    }

    /** @return the shard cell */
    public long cell() {
        return cell;
    }

    /** @return the shard cell, boxed, which decides the partition */
    @Override
    public Long getPartitionKey() {
        return cell;
    }

    @Override
    public int getFactoryId() {
        return Wire.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return Wire.CAMERA_KEY;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(id);
        out.writeLong(cell);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        id = in.readLong();
        cell = in.readLong();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CameraKey k && k.id == id && k.cell == cell;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + Long.hashCode(cell);
    }

    @Override
    public String toString() {
        return "CameraKey[id=" + id + ", cell=" + Long.toHexString(cell) + "]";
    }
}
