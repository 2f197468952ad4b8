package io.geomatch.cluster.data;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;

/**
 * What became of one change to one camera record: applied (with the record as it was before, when
 * the caller needs it), refused because the partition moved since its write count was raised (the
 * caller raises it again, on the new owner, and resends), or not applicable because the record is
 * missing. Immutable.
 */
public final class ChangeOutcome implements IdentifiedDataSerializable {
    /** Applied, or had been applied already by the same change. */
    public static final byte APPLIED = 0;
    /** The member is not the one that raised the write count: raise it again and resend. */
    public static final byte MOVED = 1;
    /** The change needs a record and there is none. */
    public static final byte MISSING = 2;

    private byte status;
    private CameraRecord before;

    /** For deserialization only. */
    public ChangeOutcome() {
    }

    /**
     * @param status {@link #APPLIED}, {@link #MOVED} or {@link #MISSING}
     * @param before the record before the change, when asked for, else {@code null}
     */
    public ChangeOutcome(byte status, CameraRecord before) {
        this.status = status;
        this.before = before;
    }

    /** @return {@link #APPLIED}, {@link #MOVED} or {@link #MISSING} */
    public byte status() {
        return status;
    }

    /** @return the record before the change, when the change asked for it */
    public CameraRecord before() {
        return before;
    }

    @Override
    public int getFactoryId() {
        return Wire.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return Wire.CHANGE_OUTCOME;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByte(status);
        out.writeObject(before);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        status = in.readByte();
        before = in.readObject();
    }
}
