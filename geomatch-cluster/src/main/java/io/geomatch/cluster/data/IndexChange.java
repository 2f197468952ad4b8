package io.geomatch.cluster.data;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;

/**
 * What the owner's index must do for one settled record written in place by a batch: add a new
 * camera with its footage, replace a camera (deleted and added again in the batch: its old
 * footage goes), or carry a camera on with new settings and more footage. Immutable.
 */
public final class IndexChange implements IdentifiedDataSerializable {
    private CameraKey key;
    private boolean existed;
    private boolean replaced;
    private boolean settingsChanged;
    private CameraRecord added;

    /** For deserialization only. */
    public IndexChange() {
    }

    /**
     * @param key the record's key
     * @param existed whether a settled record of the camera was there before
     * @param replaced whether that record is replaced (its footage dropped) rather than carried on
     * @param settingsChanged whether the camera's place or settings changed (always true for a new or replaced camera)
     * @param added the camera as it is now, holding the footage to add: all of it for a new or replaced camera, the appended part otherwise
     */
    public IndexChange(CameraKey key, boolean existed, boolean replaced, boolean settingsChanged, CameraRecord added) {
        this.key = key;
        this.existed = existed;
        this.replaced = replaced;
        this.settingsChanged = settingsChanged;
        this.added = added;
    }

    /** @return the record's key */
    public CameraKey key() {
        return key;
    }

    /** @return whether a settled record of the camera was there before */
    public boolean existed() {
        return existed;
    }

    /** @return whether the old record is replaced, its footage dropped */
    public boolean replaced() {
        return replaced;
    }

    /** @return whether the camera's place or settings changed */
    public boolean settingsChanged() {
        return settingsChanged;
    }

    /** @return the camera as it is now, with the footage to add */
    public CameraRecord added() {
        return added;
    }

    @Override
    public int getFactoryId() {
        return Wire.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return Wire.INDEX_CHANGE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        key.writeData(out);
        out.writeByte((existed ? 1 : 0) | (replaced ? 2 : 0) | (settingsChanged ? 4 : 0));
        added.writeData(out);
    }

    /**
     * Writes changes as {@link #readAll} reads them: a count, then each change.
     *
     * @param out where to
     * @param changes the changes
     * @throws IOException if writing fails
     */
    public static void writeAll(ObjectDataOutput out, IndexChange[] changes) throws IOException {
        out.writeInt(changes.length);
        for (IndexChange c : changes) {
            c.writeData(out);
        }
    }

    /**
     * @param in what {@link #writeAll} wrote
     * @return the changes
     * @throws IOException if reading fails
     */
    public static IndexChange[] readAll(ObjectDataInput in) throws IOException {
        IndexChange[] changes = new IndexChange[in.readInt()];
        for (int i = 0; i < changes.length; i++) {
            changes[i] = new IndexChange();
            changes[i].readData(in);
        }
        return changes;
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        key = new CameraKey();
        key.readData(in);
        int flags = in.readByte();
        existed = (flags & 1) != 0;
        replaced = (flags & 2) != 0;
        settingsChanged = (flags & 4) != 0;
        added = new CameraRecord();
        added.readData(in);
    }
}
