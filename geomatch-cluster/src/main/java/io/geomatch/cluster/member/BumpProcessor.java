package io.geomatch.cluster.member;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.geomatch.cluster.data.Bumped;
import io.geomatch.cluster.data.ShardKey;

import java.io.IOException;
import java.util.Map;

/**
 * Raises a partition's write count by one, on its owner, before writes to the partition. An index
 * that did not see a raise can never match the stored count again, which is how a member finds
 * out, at query time, that its index of a partition missed writes made while another member
 * owned it. The count is backed up like any write, and each backup's warm index sees the raise
 * too ({@link ReplicaWrite#bump}).
 *
 * <p>Three kinds of raise:
 * <ul>
 *   <li>a plain raise ({@link #BumpProcessor()}) opens a <em>round</em> of {@link ChangeProcessor}s,
 *       which carry the member that raised the count and are applied (record and index together)
 *       only there;</li>
 *   <li>a {@link #closing()} raise ends the round and carries the number of changes the owner wrote
 *       in it, so that a backup's index that missed one of them (a backup Hazelcast dropped and
 *       later repaired by copying the data, which no index sees) drops itself; a promoted index
 *       whose last round was never closed is built again rather than trusted;</li>
 *   <li>an {@link #opening} raise opens a write of many records at once, stored by a plain
 *       {@code setAll} and then closed by a {@link CloseWriteProcessor} with what the index must
 *       do. The owner's index answers no query until the write is closed (or given up after
 *       {@link PartitionIndex#OPEN_WRITE_LIMIT_NANOS}, when the index is built again from the
 *       data).</li>
 * </ul>
 */
public final class BumpProcessor extends MemberProcessor<Bumped> {
    private static final long serialVersionUID = 1L;

    private long write;
    private boolean closing;
    private transient ReplicaWrite<Bumped> backup;

    /** Creates a plain raise, which opens a round of {@link ChangeProcessor}s. */
    public BumpProcessor() {
    }

    /**
     * @param write the id of a write of many records that this raise opens, not 0
     * @return a raise that opens that write on the owner's index
     */
    public static BumpProcessor opening(long write) {
        BumpProcessor p = new BumpProcessor();
        p.write = write;
        return p;
    }

    /** @return a raise that closes the round of {@link ChangeProcessor}s a plain raise opened */
    public static BumpProcessor closing() {
        BumpProcessor p = new BumpProcessor();
        p.closing = true;
        return p;
    }

    @Override
    public Bumped process(Map.Entry<Object, Object> entry) {
        long before = entry.getValue() == null ? 0 : (Long) entry.getValue();
        long after = before + 1;
        entry.setValue(after);
        int partitionId = ((ShardKey) entry.getKey()).partitionId();
        int tally = indexes().bumped(partitionId, before, after, write, closing, 0, false);
        backup = ReplicaWrite.bump(partitionId, after, write, closing, tally);
        return new Bumped(after, instance().getCluster().getLocalMember().getUuid());
    }

    @Override
    public EntryProcessor<Object, Object, Bumped> getBackupProcessor() {
        return backup;
    }

    @Override
    public int getClassId() {
        return TaskIds.BUMP;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(write);
        out.writeBoolean(closing);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        write = in.readLong();
        closing = in.readBoolean();
    }
}
