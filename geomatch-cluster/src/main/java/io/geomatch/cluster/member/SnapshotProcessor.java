package io.geomatch.cluster.member;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.geomatch.cluster.data.Wire;

import java.io.IOException;
import java.util.Map;

/**
 * Reads every entry of one partition into the member's build of its index, in one operation on
 * the partition thread (the caller gives a partition predicate), so that the records and the write
 * count are one consistent state. Nothing travels back: the entries go straight into the
 * {@link MemberIndexes} build they name. If the operation runs on another member (the partition
 * moved meanwhile), that member has no such build and nothing is read; the index then built holds
 * a count that is not the partition's, and is rebuilt at its first query. Read-only: no backup, no
 * lock.
 */
final class SnapshotProcessor implements EntryProcessor<Object, Object, Object>, ReadOnly, IdentifiedDataSerializable,
    HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;

    private long build;
    private transient HazelcastInstance instance;

    SnapshotProcessor() {
    }

    /** @param build the build to read into, as {@link MemberIndexes} names it */
    SnapshotProcessor(long build) {
        this.build = build;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.instance = hazelcastInstance;
    }

    @Override
    public Object process(Map.Entry<Object, Object> entry) {
        MemberIndexes.of(instance).snapshotEntry(build, entry.getKey(), entry.getValue());
        return null;
    }

    @Override
    public EntryProcessor<Object, Object, Object> getBackupProcessor() {
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
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(build);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        build = in.readLong();
    }
}
