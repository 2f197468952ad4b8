package io.geomatch.cluster.member;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.geomatch.cluster.data.SnapshotItem;
import io.geomatch.cluster.data.Wire;

import java.util.Map;

/**
 * Reads every entry of one partition, in one operation on its partition thread (the caller gives a
 * partition predicate), so that the records and the write count are one consistent state; each
 * item names the member that read it. Read-only: no backup, no lock.
 */
final class SnapshotProcessor implements EntryProcessor<Object, Object, SnapshotItem>, ReadOnly, IdentifiedDataSerializable,
    HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;

    private transient HazelcastInstance instance;

    SnapshotProcessor() {
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.instance = hazelcastInstance;
    }

    @Override
    public SnapshotItem process(Map.Entry<Object, Object> entry) {
        return new SnapshotItem(instance.getCluster().getLocalMember().getUuid(), entry.getValue());
    }

    @Override
    public EntryProcessor<Object, Object, SnapshotItem> getBackupProcessor() {
        return null;
    }

    @Override
    public int getFactoryId() {
        return Wire.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return TaskIds.SNAPSHOT;
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
