package io.geomatch.cluster.data;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;

/**
 * One partition's answer to a query, from its owner: the matching cameras whose records are
 * settled, ascending, and the matching records in doubt (a move under way), each with its cell,
 * for the caller to check against the directory. Or no answer: the owner's index of the
 * partition is not current (it is being built after the partition moved), and the caller asks
 * again. Immutable.
 */
public final class ShardAnswer implements IdentifiedDataSerializable {
    /** The answer is complete. */
    public static final byte ANSWERED = 0;
    /** The owner's index is being built; ask again shortly. */
    public static final byte NOT_READY = 1;
    /** The member was started with other settings than the query assumes. */
    public static final byte WRONG_SETTINGS = 2;

    private static final long[] NONE = new long[0];

    private byte status;
    private long[] ids = NONE;
    private long[] doubtfulIds = NONE;
    private long[] doubtfulCells = NONE;

    /** For deserialization only. */
    public ShardAnswer() {
    }

    private ShardAnswer(byte status, long[] ids, long[] doubtfulIds, long[] doubtfulCells) {
        this.status = status;
        this.ids = ids;
        this.doubtfulIds = doubtfulIds;
        this.doubtfulCells = doubtfulCells;
    }

    /**
     * @param ids matching settled cameras, ascending (not copied)
     * @param doubtfulIds matching cameras whose record is in doubt (not copied)
     * @param doubtfulCells the cell of each of those records (not copied)
     * @return a complete answer
     */
    public static ShardAnswer answered(long[] ids, long[] doubtfulIds, long[] doubtfulCells) {
        return new ShardAnswer(ANSWERED, ids, doubtfulIds, doubtfulCells);
    }

    /**
     * @param status {@link #NOT_READY} or {@link #WRONG_SETTINGS}
     * @return an answer that holds no ids
     */
    public static ShardAnswer unanswered(byte status) {
        return new ShardAnswer(status, NONE, NONE, NONE);
    }

    /** @return {@link #ANSWERED}, {@link #NOT_READY} or {@link #WRONG_SETTINGS} */
    public byte status() {
        return status;
    }

    /** @return matching settled cameras, ascending (the answer's own array) */
    public long[] ids() {
        return ids;
    }

    /** @return matching cameras in doubt (the answer's own array) */
    public long[] doubtfulIds() {
        return doubtfulIds;
    }

    /** @return the cell of each camera in doubt, by position (the answer's own array) */
    public long[] doubtfulCells() {
        return doubtfulCells;
    }

    @Override
    public int getFactoryId() {
        return Wire.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return Wire.SHARD_ANSWER;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByte(status);
        out.writeLongArray(ids);
        out.writeLongArray(doubtfulIds);
        out.writeLongArray(doubtfulCells);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        status = in.readByte();
        ids = in.readLongArray();
        doubtfulIds = in.readLongArray();
        doubtfulCells = in.readLongArray();
    }
}
