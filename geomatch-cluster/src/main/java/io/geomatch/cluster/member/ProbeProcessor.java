package io.geomatch.cluster.member;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.geomatch.cluster.data.CameraRecord;
import io.geomatch.cluster.data.Wire;

import java.util.Map;

/**
 * Reads what a writer must know of camera records before a batch: whether each exists, and
 * whether it is in doubt (a move under way or cut short), without their footage. Read-only: no
 * backup, no lock; a missing record yields no result.
 */
public final class ProbeProcessor implements EntryProcessor<Object, Object, CameraRecord>, ReadOnly, IdentifiedDataSerializable {
    private static final long serialVersionUID = 1L;

    /** Creates the processor: it carries nothing. */
    public ProbeProcessor() {
    }

    @Override
    public CameraRecord process(Map.Entry<Object, Object> entry) {
        CameraRecord r = (CameraRecord) entry.getValue();
        return r == null ? null : r.summary();
    }

    @Override
    public EntryProcessor<Object, Object, CameraRecord> getBackupProcessor() {
        return null;
    }

    @Override
    public int getFactoryId() {
        return Wire.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return TaskIds.PROBE;
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
