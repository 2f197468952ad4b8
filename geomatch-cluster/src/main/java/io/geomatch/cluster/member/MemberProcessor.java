package io.geomatch.cluster.member;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.geomatch.cluster.data.Wire;

/**
 * What every geomatch entry processor shares: it travels as an {@code IdentifiedDataSerializable}
 * of geomatch's factory, is handed the member it runs on, and reaches that member's
 * {@link MemberIndexes}. Primary-only unless a subclass returns a backup processor (the writes
 * return a {@link ReplicaWrite}, which keeps a backup's store and its warm index current).
 *
 * @param <R> what the processor returns to its caller
 */
public abstract class MemberProcessor<R> implements EntryProcessor<Object, Object, R>, IdentifiedDataSerializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;

    private transient HazelcastInstance instance;

    /** For subclasses. */
    protected MemberProcessor() {
    }

    @Override
    public final void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.instance = hazelcastInstance;
    }

    /** @return the member this processor runs on */
    final HazelcastInstance instance() {
        return instance;
    }

    /** @return the indexes of the member this processor runs on */
    final MemberIndexes indexes() {
        return MemberIndexes.of(instance);
    }

    /** @return {@code null}: no backup, unless a subclass that writes says otherwise */
    @Override
    public EntryProcessor<Object, Object, R> getBackupProcessor() {
        return null;
    }

    @Override
    public final int getFactoryId() {
        return Wire.FACTORY_ID;
    }
}
