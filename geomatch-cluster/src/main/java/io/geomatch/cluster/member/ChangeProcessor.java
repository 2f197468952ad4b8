package io.geomatch.cluster.member;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.geomatch.cluster.data.CameraKey;
import io.geomatch.cluster.data.CameraRecord;
import io.geomatch.cluster.data.ChangeOutcome;
import io.geomatch.core.Camera;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;

/**
 * One change to one camera record, applied on the partition's owner: the record is rewritten, the
 * owner's index of the partition takes the change, and only then (backups included) is the write
 * acknowledged. Kinds:
 * <ul>
 *   <li>{@link #put}: set the camera's place and settings (or keep them), on a fresh record or on
 *       the existing one, append footage, and set the move state;</li>
 *   <li>{@link #remove}: remove the record;</li>
 *   <li>{@link #markLeaving}: put the record in doubt as the source of a move, and return it;</li>
 *   <li>{@link #settle}: end the record's doubt.</li>
 * </ul>
 * A change is refused with {@link ChangeOutcome#MOVED} on any member but the one that raised the
 * partition's write count for it (see {@link BumpProcessor}); a change the record already carries
 * ({@link CameraRecord#lastChange()}) is not applied twice. The backup gets the resulting record
 * ({@link ReplicaWrite#record}), and its warm index the same change.
 */
public final class ChangeProcessor extends MemberProcessor<ChangeOutcome> {
    private static final long serialVersionUID = 1L;
    private static final byte PUT = 1;
    private static final byte REMOVE = 2;
    private static final byte MARK_LEAVING = 3;
    private static final byte SETTLE = 4;
    private static final long[] NONE = new long[0];

    private byte kind;
    private int partitionId;
    private long change;
    private long authorizerHigh;
    private long authorizerLow;
    private boolean hasCamera;
    private double latDegrees;
    private double lonDegrees;
    private boolean optedIn;
    private boolean e2ee;
    private int retentionDays;
    /** The camera's view as {heading, field of view, range}, or {@code null}. */
    private double[] view;
    private boolean reset;
    private long[] footage = NONE;
    private byte move;
    private long peerCell;

    private transient ReplicaWrite<ChangeOutcome> backup;

    /** For deserialization only. */
    public ChangeProcessor() {
    }

    private ChangeProcessor(byte kind, int partitionId, long change) {
        this.kind = kind;
        this.partitionId = partitionId;
        this.change = change;
    }

    /**
     * @param partitionId the partition of the record
     * @param change the change's id, unique within the cluster's life
     * @param camera the new place and settings, or {@code null} to keep the record's (it must exist then)
     * @param reset whether to start from no record (the camera was deleted before, in the same batch)
     * @param footage footage to append, {start, end} pairs
     * @param move the move state the record gets ({@link CameraRecord#SETTLED} or {@link CameraRecord#ARRIVING})
     * @param peerCell the other cell of the move, or 0
     * @return the change, not yet authorised ({@link #authorizedBy})
     */
    public static ChangeProcessor put(int partitionId, long change, Camera camera, boolean reset, long[] footage, byte move, long peerCell) {
        ChangeProcessor p = new ChangeProcessor(PUT, partitionId, change);
        if (camera != null) {
            p.hasCamera = true;
            p.latDegrees = camera.latDegrees();
            p.lonDegrees = camera.lonDegrees();
            p.optedIn = camera.optedIn();
            p.e2ee = camera.e2ee();
            p.retentionDays = camera.retentionDays();
            p.view = camera.hasView() ? new double[] {camera.headingDegrees(), camera.fieldOfViewDegrees(), camera.rangeMeters()} : null;
        }
        p.reset = reset;
        p.footage = footage;
        p.move = move;
        p.peerCell = peerCell;
        return p;
    }

    /**
     * @param partitionId the partition of the record
     * @param change the change's id
     * @return the removal of the record (applied whether or not it exists)
     */
    public static ChangeProcessor remove(int partitionId, long change) {
        return new ChangeProcessor(REMOVE, partitionId, change);
    }

    /**
     * @param partitionId the partition of the record
     * @param change the change's id
     * @param target the cell the camera moves to
     * @return the change that puts the record in doubt as a move's source; its outcome carries the record before
     */
    public static ChangeProcessor markLeaving(int partitionId, long change, long target) {
        ChangeProcessor p = new ChangeProcessor(MARK_LEAVING, partitionId, change);
        p.peerCell = target;
        return p;
    }

    /**
     * @param partitionId the partition of the record
     * @param change the change's id
     * @return the change that ends the record's doubt
     */
    public static ChangeProcessor settle(int partitionId, long change) {
        return new ChangeProcessor(SETTLE, partitionId, change);
    }

    /**
     * @param member the member that raised the partition's write count for this change
     * @return a copy of this change, to be applied only on that member
     */
    public ChangeProcessor authorizedBy(UUID member) {
        ChangeProcessor p = new ChangeProcessor(kind, partitionId, change);
        p.hasCamera = hasCamera;
        p.latDegrees = latDegrees;
        p.lonDegrees = lonDegrees;
        p.optedIn = optedIn;
        p.e2ee = e2ee;
        p.retentionDays = retentionDays;
        p.view = view;
        p.reset = reset;
        p.footage = footage;
        p.move = move;
        p.peerCell = peerCell;
        p.authorizerHigh = member.getMostSignificantBits();
        p.authorizerLow = member.getLeastSignificantBits();
        return p;
    }

    /** @return the partition of the record this change is for */
    public int partitionId() {
        return partitionId;
    }

    @Override
    public ChangeOutcome process(Map.Entry<Object, Object> entry) {
        CameraRecord before = (CameraRecord) entry.getValue();
        if (before != null && before.lastChange() == change) {
            return new ChangeOutcome(ChangeOutcome.APPLIED, kind == MARK_LEAVING ? before : null);
        }
        if (kind == REMOVE && before == null) {
            return new ChangeOutcome(ChangeOutcome.APPLIED, null);
        }
        UUID self = instance().getCluster().getLocalMember().getUuid();
        if (self.getMostSignificantBits() != authorizerHigh || self.getLeastSignificantBits() != authorizerLow) {
            return new ChangeOutcome(ChangeOutcome.MOVED, null);
        }
        CameraKey key = (CameraKey) entry.getKey();
        CameraRecord next;
        switch (kind) {
            case PUT -> {
                Camera camera = hasCamera
                    ? Camera.at(key.id(), latDegrees, lonDegrees).optedIn(optedIn).e2ee(e2ee).retentionDays(retentionDays) : null;
                if (camera != null && view != null) {
                    // The accessors' values are already rounded, so the camera comes back equal to the one sent.
                    camera = camera.view(view[0], view[1], view[2]);
                }
                CameraRecord base;
                if (before == null || reset) {
                    if (camera == null) {
                        return new ChangeOutcome(ChangeOutcome.MISSING, null);
                    }
                    base = CameraRecord.of(camera, NONE, change);
                } else {
                    base = camera == null ? before : before.withCamera(camera, change);
                }
                next = base.withFootage(footage, change).withMove(move, peerCell, change);
            }
            case REMOVE -> next = null;
            case MARK_LEAVING, SETTLE -> {
                if (before == null) {
                    return new ChangeOutcome(ChangeOutcome.MISSING, null);
                }
                next = kind == MARK_LEAVING ? before.withMove(CameraRecord.LEAVING, peerCell, change)
                    : before.withMove(CameraRecord.SETTLED, 0, change);
            }
            default -> throw new IllegalStateException("unknown change kind " + kind);
        }
        entry.setValue(next);
        boolean fresh = reset && kind == PUT;
        backup = ReplicaWrite.record(partitionId, next, fresh);
        indexes().changed(partitionId, key, before, next, fresh, false);
        return new ChangeOutcome(ChangeOutcome.APPLIED, kind == MARK_LEAVING ? before : null);
    }

    @Override
    public EntryProcessor<Object, Object, ChangeOutcome> getBackupProcessor() {
        return backup;
    }

    @Override
    public int getClassId() {
        return TaskIds.CHANGE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByte(kind);
        out.writeInt(partitionId);
        out.writeLong(change);
        out.writeLong(authorizerHigh);
        out.writeLong(authorizerLow);
        out.writeBoolean(hasCamera);
        if (hasCamera) {
            out.writeDouble(latDegrees);
            out.writeDouble(lonDegrees);
            out.writeBoolean(optedIn);
            out.writeBoolean(e2ee);
            out.writeInt(retentionDays);
            out.writeBoolean(view != null);
            if (view != null) {
                out.writeDoubleArray(view);
            }
        }
        out.writeBoolean(reset);
        out.writeLongArray(footage);
        out.writeByte(move);
        out.writeLong(peerCell);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        kind = in.readByte();
        partitionId = in.readInt();
        change = in.readLong();
        authorizerHigh = in.readLong();
        authorizerLow = in.readLong();
        hasCamera = in.readBoolean();
        if (hasCamera) {
            latDegrees = in.readDouble();
            lonDegrees = in.readDouble();
            optedIn = in.readBoolean();
            e2ee = in.readBoolean();
            retentionDays = in.readInt();
            view = in.readBoolean() ? in.readDoubleArray() : null;
        }
        reset = in.readBoolean();
        footage = in.readLongArray();
        move = in.readByte();
        peerCell = in.readLong();
    }
}
