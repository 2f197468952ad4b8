package io.geomatch.cluster.data;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.geomatch.core.Camera;

import java.io.IOException;
import java.util.Arrays;

/**
 * A camera as the cluster stores it, under its {@link CameraKey}: place, settings, view (if it has
 * one), every footage interval it holds, and where it stands in a move between shard cells.
 *
 * <p>A record whose {@link #move()} is not {@link #SETTLED} is <em>in doubt</em>: a move between
 * shard cells is under way (or was cut short by a crash), and the camera directory decides which
 * of its two records is the camera. Queries report matches of records in doubt separately, and the
 * caller keeps them only if the directory points at their cell.
 *
 * <p>Immutable: every change makes a new record. {@link #lastChange()} is the id of the change
 * that made it, so a change retried after a failure is applied once.
 */
public final class CameraRecord implements IdentifiedDataSerializable {
    /** Not in a move. */
    public static final byte SETTLED = 0;
    /** The record a camera is moving away from; {@link #peerCell()} is where it is going. */
    public static final byte LEAVING = 1;
    /** The record a camera is moving to; {@link #peerCell()} is where it comes from. */
    public static final byte ARRIVING = 2;

    private static final long[] NONE = new long[0];

    private double latDegrees;
    private double lonDegrees;
    private boolean optedIn;
    private boolean e2ee;
    private int retentionDays;
    /** The view as {heading, field of view, range}, or {@code null} for a camera without one. */
    private double[] view;
    private byte move;
    private long peerCell;
    private long lastChange;
    /** Footage intervals as {start, end} pairs, in the order they were added. */
    private long[] footage = NONE;

    /** For deserialization only. */
    public CameraRecord() {
    }

    private CameraRecord(double latDegrees, double lonDegrees, boolean optedIn, boolean e2ee, int retentionDays, double[] view, byte move,
                         long peerCell, long lastChange, long[] footage) {
        this.latDegrees = latDegrees;
        this.lonDegrees = lonDegrees;
        this.optedIn = optedIn;
        this.e2ee = e2ee;
        this.retentionDays = retentionDays;
        this.view = view;
        this.move = move;
        this.peerCell = peerCell;
        this.lastChange = lastChange;
        this.footage = footage;
    }

    /**
     * @param camera the camera
     * @param footage its footage, {start, end} pairs (not copied)
     * @param change the id of the change that makes the record
     * @return a settled record
     */
    public static CameraRecord of(Camera camera, long[] footage, long change) {
        return new CameraRecord(camera.latDegrees(), camera.lonDegrees(), camera.optedIn(), camera.e2ee(), camera.retentionDays(), viewOf(camera),
            SETTLED, 0, change, footage);
    }

    /**
     * @param id the camera's id
     * @return the camera this record holds
     */
    public Camera camera(long id) {
        Camera c = Camera.at(id, latDegrees, lonDegrees).optedIn(optedIn).e2ee(e2ee).retentionDays(retentionDays);
        // The accessors return the rounded values, which round to themselves: the camera comes back equal.
        return view == null ? c : c.view(view[0], view[1], view[2]);
    }

    private static double[] viewOf(Camera camera) {
        return camera.hasView() ? new double[] {camera.headingDegrees(), camera.fieldOfViewDegrees(), camera.rangeMeters()} : null;
    }

    /**
     * @param camera the new place and settings
     * @param change the change that makes it
     * @return this record with them, footage and move state kept
     */
    public CameraRecord withCamera(Camera camera, long change) {
        return new CameraRecord(camera.latDegrees(), camera.lonDegrees(), camera.optedIn(), camera.e2ee(), camera.retentionDays(), viewOf(camera),
            move, peerCell, change, footage);
    }

    /**
     * Footage already held is not appended again (a camera with the same interval twice matches as
     * with it once), so a batch sent again, or a whole history replayed into the cluster, leaves the
     * record as it was.
     *
     * @param pairs footage to append, {start, end} pairs
     * @param change the change that makes it
     * @return this record with the footage it did not hold appended
     */
    public CameraRecord withFootage(long[] pairs, long change) {
        long[] all = Arrays.copyOf(footage, footage.length + pairs.length);
        int n = footage.length;
        java.util.HashSet<Interval> held = null;
        for (int i = 0; i < pairs.length; i += 2) {
            long start = pairs[i];
            long end = pairs[i + 1];
            boolean dup;
            if ((long) n * pairs.length <= LINEAR_SCAN_LIMIT) {
                dup = false;
                for (int j = 0; j < n && !dup; j += 2) {
                    dup = all[j] == start && all[j + 1] == end;
                }
            } else {
                if (held == null) {
                    held = new java.util.HashSet<>();
                    for (int j = 0; j < n; j += 2) {
                        held.add(new Interval(all[j], all[j + 1]));
                    }
                }
                dup = !held.add(new Interval(start, end));
            }
            if (!dup) {
                all[n++] = start;
                all[n++] = end;
            }
        }
        return new CameraRecord(latDegrees, lonDegrees, optedIn, e2ee, retentionDays, view, move, peerCell, change,
            n == footage.length ? footage : n == all.length ? all : Arrays.copyOf(all, n));
    }

    /** Up to this many comparisons, a duplicate is looked for by scanning; beyond it, by a set. */
    private static final long LINEAR_SCAN_LIMIT = 4096;

    private record Interval(long start, long end) {
    }

    /**
     * @param state {@link #SETTLED}, {@link #LEAVING} or {@link #ARRIVING}
     * @param peer the other cell of the move (0 when settled)
     * @param change the change that makes it
     * @return this record in that move state
     */
    public CameraRecord withMove(byte state, long peer, long change) {
        return new CameraRecord(latDegrees, lonDegrees, optedIn, e2ee, retentionDays, view, state, peer, change, footage);
    }

    /** @return this record without its footage: what a caller needs to know of a record's state */
    public CameraRecord summary() {
        return new CameraRecord(latDegrees, lonDegrees, optedIn, e2ee, retentionDays, view, move, peerCell, lastChange, NONE);
    }

    /** @return latitude, degrees */
    public double latDegrees() {
        return latDegrees;
    }

    /** @return longitude, degrees */
    public double lonDegrees() {
        return lonDegrees;
    }

    /** @return {@link #SETTLED}, {@link #LEAVING} or {@link #ARRIVING} */
    public byte move() {
        return move;
    }

    /** @return whether a move is under way or was cut short: the directory decides */
    public boolean inDoubt() {
        return move != SETTLED;
    }

    /** @return the other cell of the move, when in doubt */
    public long peerCell() {
        return peerCell;
    }

    /** @return the id of the change that made this record */
    public long lastChange() {
        return lastChange;
    }

    /** @return how many footage intervals the record holds */
    public int footageCount() {
        return footage.length / 2;
    }

    /**
     * @param i interval, {@code 0..footageCount()-1}
     * @return its inclusive start, epoch ms
     */
    public long footageStart(int i) {
        return footage[2 * i];
    }

    /**
     * @param i interval, {@code 0..footageCount()-1}
     * @return its exclusive end, epoch ms
     */
    public long footageEnd(int i) {
        return footage[2 * i + 1];
    }

    /** @return a copy of the footage, {start, end} pairs */
    public long[] footagePairs() {
        return footage.clone();
    }

    @Override
    public int getFactoryId() {
        return Wire.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return Wire.CAMERA_RECORD;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeDouble(latDegrees);
        out.writeDouble(lonDegrees);
        out.writeByte((optedIn ? 1 : 0) | (e2ee ? 2 : 0) | (view != null ? 4 : 0));
        out.writeShort(retentionDays);
        if (view != null) {
            out.writeDouble(view[0]);
            out.writeDouble(view[1]);
            out.writeDouble(view[2]);
        }
        out.writeByte(move);
        out.writeLong(peerCell);
        out.writeLong(lastChange);
        out.writeLongArray(footage);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        latDegrees = in.readDouble();
        lonDegrees = in.readDouble();
        int flags = in.readByte();
        optedIn = (flags & 1) != 0;
        e2ee = (flags & 2) != 0;
        retentionDays = in.readShort();
        view = (flags & 4) != 0 ? new double[] {in.readDouble(), in.readDouble(), in.readDouble()} : null;
        move = in.readByte();
        peerCell = in.readLong();
        lastChange = in.readLong();
        footage = in.readLongArray();
    }

    @Override
    public String toString() {
        return "CameraRecord[" + latDegrees + "," + lonDegrees + " optedIn=" + optedIn + " e2ee=" + e2ee + " retention=" + retentionDays
            + (view == null ? "" : " view=" + Arrays.toString(view)) + " move=" + move + " footage=" + footageCount() + "]";
    }
}
