package io.geomatch.cluster.member;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

import java.io.IOException;
import java.util.Map;

/**
 * Reads every entry of one partition for a build of its index, in one operation on the
 * partition thread of its owner (the caller gives a partition predicate), so that the records and
 * the write count are one consistent state. Read-only: no backup, no lock.
 *
 * <p>For the owner's own build nothing travels back: the entries go straight into the
 * {@link MemberIndexes} build they name. If the operation runs on another member (the partition
 * moved meanwhile), that member has no such build and nothing is read; the index then built holds
 * a count that is not the partition's, and is rebuilt at its first query. For a backup's warm
 * index ({@link #shipped}), each entry's value is returned to the backup, which asked.
 */
final class SnapshotProcessor extends MemberProcessor<Object> implements ReadOnly {
    private static final long serialVersionUID = 1L;

    private long build;
    private boolean ship;

    SnapshotProcessor() {
    }

    /** @param build the owner's build to read into, as {@link MemberIndexes} names it */
    SnapshotProcessor(long build) {
        this.build = build;
    }

    /** @return a read that returns every entry's value, for a backup's build */
    static SnapshotProcessor shipped() {
        SnapshotProcessor p = new SnapshotProcessor();
        p.ship = true;
        return p;
    }

    @Override
    public Object process(Map.Entry<Object, Object> entry) {
        if (ship) {
            return entry.getValue();
        }
        indexes().snapshotEntry(build, entry.getKey(), entry.getValue());
        return null;
    }

    @Override
    public int getClassId() {
        return TaskIds.SNAPSHOT;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(build);
        out.writeBoolean(ship);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        build = in.readLong();
        ship = in.readBoolean();
    }
}
