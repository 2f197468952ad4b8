package io.geomatch.cluster.member;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.geomatch.cluster.data.MemberReport;
import io.geomatch.cluster.data.Wire;

import java.util.concurrent.Callable;

/** Asks a member for its {@link MemberReport}; sent to every member through Hazelcast's executor. */
public final class StatusTask implements Callable<MemberReport>, IdentifiedDataSerializable, HazelcastInstanceAware {
    private transient HazelcastInstance instance;

    /** Creates the task: it carries nothing. */
    public StatusTask() {
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.instance = hazelcastInstance;
    }

    @Override
    public MemberReport call() {
        return MemberIndexes.of(instance).report();
    }

    @Override
    public int getFactoryId() {
        return Wire.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return TaskIds.STATUS;
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
