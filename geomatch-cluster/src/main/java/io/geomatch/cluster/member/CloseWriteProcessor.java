package io.geomatch.cluster.member;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.geomatch.cluster.data.IndexChange;
import io.geomatch.cluster.data.ShardKey;
import io.geomatch.cluster.data.Wire;

import java.io.IOException;
import java.util.Map;

/**
 * Closes a write of many records to one partition, sent to the partition's own entry once the
 * records are stored (with their backups): on the owner, if its index opened this very write
 * (the raise of {@link BumpProcessor#opening}), the index takes the changes and answers again;
 * otherwise (the partition moved, or the index was being built meanwhile) the index is built again
 * from the data, which holds the records. Changes no entry, so it is read-only to Hazelcast.
 */
public final class CloseWriteProcessor implements EntryProcessor<Object, Object, Boolean>, ReadOnly, IdentifiedDataSerializable,
    HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;

    private long write;
    private IndexChange[] changes;
    private transient HazelcastInstance instance;

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

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.instance = hazelcastInstance;
    }

    /** @return whether the owner's index took the changes (false: it is being built again from the data) */
    @Override
    public Boolean process(Map.Entry<Object, Object> entry) {
        return MemberIndexes.of(instance).closeWrite(((ShardKey) entry.getKey()).partitionId(), write, changes);
    }

    @Override
    public EntryProcessor<Object, Object, Boolean> getBackupProcessor() {
        return null;
    }

    @Override
    public int getFactoryId() {
        return Wire.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return TaskIds.CLOSE_WRITE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(write);
        out.writeInt(changes.length);
        for (IndexChange c : changes) {
            c.writeData(out);
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        write = in.readLong();
        changes = new IndexChange[in.readInt()];
        for (int i = 0; i < changes.length; i++) {
            changes[i] = new IndexChange();
            changes[i].readData(in);
        }
    }
}
