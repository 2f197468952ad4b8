package io.geomatch.cluster.member;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.geomatch.cluster.data.IndexChange;
import io.geomatch.cluster.data.ShardKey;

import java.io.IOException;
import java.util.Map;

/**
 * Closes a write of many records to one partition, sent to the partition's own entry once the
 * records are stored (with their backups): on the owner, if its index opened this very write
 * (the raise of {@link BumpProcessor#opening}), the index takes the changes and answers again;
 * otherwise (the partition moved, or the index was being built meanwhile) the index is built again
 * from the data, which holds the records. Changes no entry; with warm backups its backup
 * ({@link ReplicaWrite#closeWrite}) gives each backup's index the same changes.
 */
public final class CloseWriteProcessor extends MemberProcessor<Boolean> {
    private static final long serialVersionUID = 1L;

    private long write;
    private IndexChange[] changes;
    private transient int partitionId = -1;

    /** For deserialization only. */
    public CloseWriteProcessor() {
    }

    /**
     * @param write the write's id, as the raise that opened it carried it
     * @param changes what the index must do for each record the write stored (not copied)
     */
    public CloseWriteProcessor(long write, IndexChange[] changes) {
        this.write = write;
        this.changes = changes;
    }

    /** @return whether the owner's index took the changes (false: it is being built again from the data) */
    @Override
    public Boolean process(Map.Entry<Object, Object> entry) {
        MemberIndexes indexes = indexes();
        boolean taken = indexes.closeWrite(((ShardKey) entry.getKey()).partitionId(), write, changes, false);
        if (indexes.warmBackups()) {
            partitionId = ((ShardKey) entry.getKey()).partitionId();
        }
        return taken;
    }

    @Override
    public EntryProcessor<Object, Object, Boolean> getBackupProcessor() {
        return partitionId < 0 ? null : ReplicaWrite.closeWrite(partitionId, write, changes);
    }

    @Override
    public int getClassId() {
        return TaskIds.CLOSE_WRITE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(write);
        IndexChange.writeAll(out, changes);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        write = in.readLong();
        changes = IndexChange.readAll(in);
    }
}
