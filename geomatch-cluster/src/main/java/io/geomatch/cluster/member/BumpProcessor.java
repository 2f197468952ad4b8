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

import java.util.Map;

/**
 * Raises a partition's write count by one, on its owner, before a group of writes to the
 * partition; the writes then carry the member that raised it and are applied only there. An index
 * that did not see a raise can never match the stored count again, which is how a member finds
 * out, at query time, that its index of a partition missed writes made while another member
 * owned it. The count is backed up like any write.
 */
public final class BumpProcessor implements EntryProcessor<Object, Object, Bumped>, IdentifiedDataSerializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;

    private transient HazelcastInstance instance;
    private transient Long after;

    /** Creates the processor: it carries nothing. */
    public BumpProcessor() {
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
        MemberIndexes.of(instance).bumped(key.partitionId(), before, after);
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
    public void writeData(ObjectDataOutput out) {
        // Nothing to carry.
    }

    @Override
    public void readData(ObjectDataInput in) {
        // Nothing carried.
    }
}
