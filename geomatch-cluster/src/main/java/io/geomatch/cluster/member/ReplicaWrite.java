package io.geomatch.cluster.member;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.geomatch.cluster.data.CameraKey;
import io.geomatch.cluster.data.CameraRecord;
import io.geomatch.cluster.data.IndexChange;

import java.io.IOException;
import java.util.Map;

/**
 * The backup half of every geomatch write, run on each backup replica on its partition thread, in
 * the order the primary applied the writes: it sets the backup entry to exactly the value the
 * primary computed ({@code null} removes it), rather than computing it again from a backup that
 * might differ, and hands the same change to the backup's warm index
 * ({@link MemberIndexes#bumped}, {@link MemberIndexes#changed}, {@link MemberIndexes#closeWrite},
 * each told it is a backup's copy). Kinds:
 * <ul>
 *   <li>{@link #bump}: a raise of the partition's write count, with what it opens or closes;</li>
 *   <li>{@link #record}: a camera record rewritten by a {@link ChangeProcessor};</li>
 *   <li>{@link #closeWrite}: a write of many records closed ({@link CloseWriteProcessor}); the
 *       records themselves reach the backup through Hazelcast's own {@code setAll} backup, so the
 *       entry is left as it is.</li>
 * </ul>
 *
 * @param <R> the result type of the processor it backs up (it returns {@code null})
 */
final class ReplicaWrite<R> extends MemberProcessor<R> {
    private static final long serialVersionUID = 1L;
    private static final byte BUMP = 1;
    private static final byte RECORD = 2;
    private static final byte CLOSE_WRITE = 3;

    private byte kind;
    private int partitionId;
    /** BUMP: the count after the raise (a Long); RECORD: the record after the change (or null). */
    private Object value;
    private long write;
    private boolean closing;
    private int tally;
    private boolean reset;
    private IndexChange[] changes;

    /** For deserialization only. */
    ReplicaWrite() {
    }

    private ReplicaWrite(byte kind, int partitionId) {
        this.kind = kind;
        this.partitionId = partitionId;
    }

    /**
     * @param partitionId the partition
     * @param after the write count after the raise
     * @param write the write of many records the raise opens, or 0
     * @param closing whether the raise closes a round of single changes
     * @param tally with {@code closing}, the changes the primary wrote in the round
     * @return the backup of a raise
     */
    static <R> ReplicaWrite<R> bump(int partitionId, long after, long write, boolean closing, int tally) {
        ReplicaWrite<R> r = new ReplicaWrite<>(BUMP, partitionId);
        r.value = after;
        r.write = write;
        r.closing = closing;
        r.tally = tally;
        return r;
    }

    /**
     * @param partitionId the partition of the record
     * @param after the record after the change, or {@code null} if it was removed
     * @param reset whether the change started from no record
     * @return the backup of a record's change
     */
    static <R> ReplicaWrite<R> record(int partitionId, CameraRecord after, boolean reset) {
        ReplicaWrite<R> r = new ReplicaWrite<>(RECORD, partitionId);
        r.value = after;
        r.reset = reset;
        return r;
    }

    /**
     * @param partitionId the partition
     * @param write the write being closed
     * @param changes what the index must do for each record it stored
     * @return the backup of a close
     */
    static <R> ReplicaWrite<R> closeWrite(int partitionId, long write, IndexChange[] changes) {
        ReplicaWrite<R> r = new ReplicaWrite<>(CLOSE_WRITE, partitionId);
        r.write = write;
        r.changes = changes;
        return r;
    }

    @Override
    public R process(Map.Entry<Object, Object> entry) {
        switch (kind) {
            case BUMP -> {
                long before = entry.getValue() == null ? 0 : (Long) entry.getValue();
                entry.setValue(value);
                indexes().bumped(partitionId, before, (Long) value, write, closing, tally, true);
            }
            case RECORD -> {
                CameraRecord before = (CameraRecord) entry.getValue();
                entry.setValue(value);
                indexes().changed(partitionId, (CameraKey) entry.getKey(), before, (CameraRecord) value, reset, true);
            }
            case CLOSE_WRITE -> indexes().closeWrite(partitionId, write, changes, true);
            default -> throw new IllegalStateException("unknown replica write kind " + kind);
        }
        return null;
    }

    @Override
    public int getClassId() {
        return TaskIds.REPLICA_WRITE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByte(kind);
        out.writeInt(partitionId);
        switch (kind) {
            case BUMP -> {
                out.writeLong((Long) value);
                out.writeLong(write);
                out.writeBoolean(closing);
                out.writeInt(tally);
            }
            case RECORD -> {
                out.writeObject(value);
                out.writeBoolean(reset);
            }
            case CLOSE_WRITE -> {
                out.writeLong(write);
                IndexChange.writeAll(out, changes);
            }
            default -> throw new IllegalStateException("unknown replica write kind " + kind);
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        kind = in.readByte();
        partitionId = in.readInt();
        switch (kind) {
            case BUMP -> {
                value = in.readLong();
                write = in.readLong();
                closing = in.readBoolean();
                tally = in.readInt();
            }
            case RECORD -> {
                value = in.readObject();
                reset = in.readBoolean();
            }
            case CLOSE_WRITE -> {
                write = in.readLong();
                changes = IndexChange.readAll(in);
            }
            default -> throw new IOException("unknown replica write kind " + kind);
        }
    }
}
