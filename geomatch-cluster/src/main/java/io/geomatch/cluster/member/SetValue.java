package io.geomatch.cluster.member;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.geomatch.cluster.data.Wire;

import java.io.IOException;
import java.util.Map;

/**
 * The backup half of every geomatch write: sets the backup entry to exactly the value the primary
 * computed ({@code null} removes it), rather than computing it again from a backup that might
 * differ. Touches no index: backups are not indexed; a promoted backup is indexed from its data.
 *
 * @param <R> the result type of the processor it backs up (it returns {@code null})
 */
final class SetValue<R> implements EntryProcessor<Object, Object, R>, IdentifiedDataSerializable {
    private static final long serialVersionUID = 1L;

    private Object value;

    /** For deserialization only. */
    SetValue() {
    }

    SetValue(Object value) {
        this.value = value;
    }

    @Override
    public R process(Map.Entry<Object, Object> entry) {
        entry.setValue(value);
        return null;
    }

    @Override
    public EntryProcessor<Object, Object, R> getBackupProcessor() {
        return null;
    }

    @Override
    public int getFactoryId() {
        return Wire.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return TaskIds.SET_VALUE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeObject(value);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        value = in.readObject();
    }
}
