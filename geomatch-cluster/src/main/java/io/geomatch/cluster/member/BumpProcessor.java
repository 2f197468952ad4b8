package io.geomatch.cluster.member;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.geomatch.cluster.data.Bumped;
import io.geomatch.cluster.data.ShardKey;
import io.geomatch.cluster.data.Wire;

import java.io.IOException;
import java.util.Map;

/**
 * Raises a partition's write count by one, on its owner, before writes to the partition. An index
 * that did not see a raise can never match the stored count again, which is how a member finds
 * out, at query time, that its index of a partition missed writes made while another member
 * owned it. The count is backed up like any write.
 *
 * <p>Two kinds of writes follow a raise: {@link ChangeProcessor}s, which carry the member that
 * raised the count and are applied (record and index together) only there; or, for a write of
 * many records at once, the records stored by a plain {@code setAll} and then a
 * {@link CloseWriteProcessor} with what the index must do. Such a raise opens the write on the
 * owner's index, which answers no query until the write is closed (or given up after
 * {@link PartitionIndex#OPEN_WRITE_LIMIT_NANOS}, when the index is built again from the data).
 */
public final class BumpProcessor implements EntryProcessor<Object, Object, Bumped>, IdentifiedDataSerializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;

    private long write;
    private transient HazelcastInstance instance;
    private transient Long after;

    /** Creates a plain raise, before {@link ChangeProcessor}s. */
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

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.instance = hazelcastInstance;
    }

    @Override
    public Bumped process(Map.Entry<Object, Object> entry) {
        long before = entry.getValue() == null ? 0 : (Long) entry.getValue();
        after = before + 1;
        entry.setValue(after);
        ShardKey key = (ShardKey) entry.getKey();
        MemberIndexes.of(instance).bumped(key.partitionId(), before, after, write);
        return new Bumped(after, instance.getCluster().getLocalMember().getUuid());
    }

    @Override
    public EntryProcessor<Object, Object, Bumped> getBackupProcessor() {
        return after == null ? null : new SetValue<>(after);
    }

    @Override
    public int getFactoryId() {
        return Wire.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return TaskIds.BUMP;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(write);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        write = in.readLong();
    }
}
