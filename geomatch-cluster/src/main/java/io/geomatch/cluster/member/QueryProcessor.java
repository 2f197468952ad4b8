package io.geomatch.cluster.member;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.geomatch.cluster.data.AreaDefinition;
import io.geomatch.cluster.data.ShardAnswer;
import io.geomatch.cluster.data.ShardKey;
import io.geomatch.core.MatchMode;

import java.io.IOException;
import java.util.Map;

/**
 * A query of one partition, sent to the partition's own entry ({@link ShardKey}): it runs on the
 * partition's owner, on the partition thread, after every write acknowledged before it, and reads
 * the partition's write count from that entry to check that the owner's index is current. So a
 * member never answers for a partition it does not own at that moment, and never from an index
 * that missed a write. Read-only: no backup, no lock.
 */
public final class QueryProcessor extends MemberProcessor<ShardAnswer> implements ReadOnly {
    private static final long serialVersionUID = 1L;

    private long bucketMillis;
    private AreaDefinition area;
    private long fromMillis;
    private long toMillis;
    private long nowMillis;
    private MatchMode mode;

    /** For deserialization only. */
    public QueryProcessor() {
    }

    /**
     * @param bucketMillis the bucket size the caller believes the cluster has (a member of another refuses)
     * @param area the area
     * @param fromMillis window start, inclusive, epoch ms
     * @param toMillis window end, exclusive, epoch ms
     * @param nowMillis the time at which retention is judged, epoch ms
     * @param mode what makes a camera match
     */
    public QueryProcessor(long bucketMillis, AreaDefinition area, long fromMillis, long toMillis, long nowMillis, MatchMode mode) {
        this.bucketMillis = bucketMillis;
        this.area = area;
        this.fromMillis = fromMillis;
        this.toMillis = toMillis;
        this.nowMillis = nowMillis;
        this.mode = mode;
    }

    long bucketMillis() {
        return bucketMillis;
    }

    AreaDefinition area() {
        return area;
    }

    long fromMillis() {
        return fromMillis;
    }

    long toMillis() {
        return toMillis;
    }

    long nowMillis() {
        return nowMillis;
    }

    MatchMode mode() {
        return mode;
    }

    @Override
    public ShardAnswer process(Map.Entry<Object, Object> entry) {
        long count = entry.getValue() == null ? 0 : (Long) entry.getValue();
        return indexes().query(((ShardKey) entry.getKey()).partitionId(), count, this);
    }

    @Override
    public int getClassId() {
        return TaskIds.QUERY;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(bucketMillis);
        out.writeObject(area);
        out.writeLong(fromMillis);
        out.writeLong(toMillis);
        out.writeLong(nowMillis);
        out.writeByte(mode.ordinal());
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        bucketMillis = in.readLong();
        area = in.readObject();
        fromMillis = in.readLong();
        toMillis = in.readLong();
        nowMillis = in.readLong();
        mode = MatchMode.values()[in.readByte()];
    }
}
