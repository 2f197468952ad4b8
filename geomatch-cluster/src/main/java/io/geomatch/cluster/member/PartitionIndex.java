package io.geomatch.cluster.member;

import io.geomatch.cluster.data.CameraKey;
import io.geomatch.cluster.data.CameraRecord;
import io.geomatch.cluster.data.IndexChange;
import io.geomatch.core.Camera;
import io.geomatch.core.GeoIndex;
import io.geomatch.core.GeoIndexBuilder;
import io.geomatch.core.InvalidInputException;
import io.geomatch.core.LiveIndex;
import io.geomatch.core.LiveOptions;
import io.geomatch.core.LiveView;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A member's index of one partition: a geomatch {@link LiveIndex} of the partition's settled
 * camera records, a one-camera {@link GeoIndex} per record in doubt, and the partition's write
 * count that the index reflects ({@link #seen}).
 *
 * <p>States: {@code STALE} (no usable index: never built, dropped, or found behind), {@code
 * BUILDING} (a snapshot is being read and indexed; changes made meanwhile are kept, latest record
 * per key, and replayed on top of it) and {@code READY}. The index answers only when it is READY
 * and its count equals the count stored in the partition at the moment of the query; every write
 * raises that count first, on the member that then applies the write, so an index that missed a
 * write (because another member owned the partition meanwhile) can never pass the check.
 *
 * <p>A write of many records at once (stored by a plain {@code setAll}) is <em>opened</em> by its
 * raise and <em>closed</em> once stored: in between the index answers no query, since it has not
 * taken the records yet. A write that is not closed within {@link #OPEN_WRITE_LIMIT_NANOS} (its
 * writer died) is given up: the index is built again from the data.
 *
 * <p>The same class is a backup's <em>warm</em> index of a partition the member holds as a backup
 * replica: it takes the same raises, changes and closes, as the backup copies of the primary's
 * writes ({@link ReplicaWrite}) in the order the primary made them, so that when the backup is
 * promoted the index is already current and answers at once. Since Hazelcast may repair a backup
 * by copying the primary's data, which no index sees, rounds of single changes are counted: the
 * raise that closes a round carries the number of changes the primary wrote in it, and a backup
 * that took another number drops its index; an index promoted while a round it saw as a backup is
 * still open answers nothing ({@link #readable}) and is built again.
 *
 * <p>Threading: every method synchronises on this object. The partition thread calls
 * {@link #bumped}, {@link #changed} and {@link #readable}; a builder thread runs a build between
 * {@link #startBuild} and {@link #finishBuild}, the long part of it without the lock.
 */
final class PartitionIndex {
    enum State { STALE, BUILDING, READY }

    /** What a query reads: a consistent view of the settled records, and the records in doubt. */
    record Readable(LiveView view, List<Doubtful> doubtful) {
    }

    /** A record in doubt, with an index of it alone, so that it is matched by the same rules as every other camera. */
    record Doubtful(CameraKey key, CameraRecord record, GeoIndex index) {
    }

    /** How long a write may stay open before the index gives it up and is built again. */
    static final long OPEN_WRITE_LIMIT_NANOS = 60_000_000_000L;

    private final int partitionId;
    private final long bucketMillis;
    private final LiveOptions options;

    // Guarded by this.
    private State state = State.STALE;
    private boolean buildQueued;
    private int generation;
    private LiveIndex live;
    private long seen;
    private final Map<CameraKey, Doubtful> doubtful = new HashMap<>();
    private final Map<CameraKey, CameraRecord> pending = new HashMap<>();
    private final List<long[]> pendingBumps = new ArrayList<>();
    /** The write opened and not closed yet, or 0. */
    private long openWrite;
    private long openSince;
    // Rounds of single changes, counted whatever the index's state: an owner's count is what its backups check theirs against.
    private boolean roundOpen;
    /** A round opened by a backup's copy of a raise, not closed yet: as an owner, this index cannot tell whether it missed a change. */
    private boolean roundUnverified;
    private int roundChanges;
    /** What {@link MemberIndexes} passed when a query on the partition thread last found this index current as the owner's, or -1. */
    private long confirmation = -1;

    PartitionIndex(int partitionId, long bucketMillis, LiveOptions options) {
        this.partitionId = partitionId;
        this.bucketMillis = bucketMillis;
        this.options = options;
    }

    int partitionId() {
        return partitionId;
    }

    synchronized State state() {
        return state;
    }

    /** @return the cameras of the settled records indexed, 0 unless READY */
    synchronized long cameraCount() {
        return state == State.READY ? live.view().cameraCount() : 0;
    }

    /**
     * The partition's write count was raised from {@code before} to {@code after} on this member
     * (as the owner, or as a backup copying the owner's raise), opening write {@code write} unless
     * it is 0, or closing a round of single changes.
     *
     * @param closing whether the raise closes a round of single changes
     * @param tally with {@code closing} on a backup: the changes the owner wrote in the round
     * @param asBackup whether this is a backup's copy of the owner's raise
     * @return the changes this member took in the round the raise closes (what an owner's backups check)
     */
    synchronized int bumped(long before, long after, long write, boolean closing, int tally, boolean asBackup) {
        int taken = roundChanges;
        boolean counted;
        if (closing) {
            // An owner promoted while the round was open cannot tell what it missed; a backup checks the owner's count.
            counted = asBackup ? roundOpen && roundChanges == tally : !roundUnverified;
            roundOpen = false;
            roundUnverified = false;
        } else {
            // A round a backup saw opened and never saw closed cannot be checked any more.
            counted = !roundUnverified;
            roundOpen = write == 0;
            roundUnverified = roundOpen && asBackup;
        }
        roundChanges = 0;
        if (asBackup) {
            confirmation = -1;
        }
        if (!counted && state != State.STALE) {
            drop();
            return taken;
        }
        switch (state) {
            case READY -> {
                if (seen == before && openWrite == 0) {
                    seen = after;
                    if (write != 0) {
                        openWrite = write;
                        openSince = System.nanoTime();
                    }
                } else {
                    // Another member wrote to the partition since this index was current, or two writes overlap.
                    drop();
                }
            }
            case BUILDING -> {
                if (write != 0) {
                    // The snapshot may be read before or after the write's records: build again once it is closed.
                    drop();
                } else {
                    pendingBumps.add(new long[] {before, after});
                }
            }
            default -> {
                // Nothing to keep current; a build will read the count.
            }
        }
        return taken;
    }

    /**
     * Closes a write of many records: takes their changes if this index opened it, else drops the
     * index (a build then reads the records from the data).
     *
     * @return whether the index took the changes
     */
    synchronized boolean closeWrite(long write, IndexChange[] changes) {
        if (state != State.READY || openWrite != write) {
            if (state != State.STALE) {
                drop();
            }
            return false;
        }
        openWrite = 0;
        try {
            for (IndexChange c : changes) {
                take(c);
            }
        } catch (InvalidInputException e) {
            drop();
            return false;
        }
        return true;
    }

    /** Gives up a write left open too long (its writer died): the index is built again from the data. */
    synchronized void giveUpStaleWrite(long nowNanos) {
        if (state == State.READY && openWrite != 0 && nowNanos - openSince > OPEN_WRITE_LIMIT_NANOS) {
            drop();
        }
    }

    private void take(IndexChange c) {
        long id = c.key().id();
        CameraRecord r = c.added();
        // A record left in doubt under this key by a writer that died is overwritten by the settled one.
        doubtful.remove(c.key());
        if (c.existed() && c.replaced()) {
            live.deleteCamera(id);
        }
        if (!c.existed() || c.replaced() || c.settingsChanged()) {
            live.upsertCamera(r.camera(id));
        }
        for (int i = 0; i < r.footageCount(); i++) {
            live.addFootage(id, r.footageStart(i), r.footageEnd(i));
        }
    }

    /**
     * A record of this partition changed on this member.
     *
     * @param asBackup whether this is a backup's copy of the owner's change ({@code before} is then the backup's record)
     */
    synchronized void changed(CameraKey key, CameraRecord before, CameraRecord after, boolean reset, boolean asBackup) {
        roundChanges++;
        if (asBackup && !roundOpen && state != State.STALE) {
            // A change outside a round: this backup missed the raise that opened it.
            drop();
            return;
        }
        switch (state) {
            case READY -> {
                try {
                    apply(key, before, after, reset);
                } catch (InvalidInputException e) {
                    // The index disagrees with the records: it cannot be current.
                    drop();
                }
            }
            case BUILDING -> pending.put(key, after);
            default -> {
                // A build will read the record.
            }
        }
    }

    /**
     * @param count the write count stored in the partition now
     * @return what a query may read, or {@code null} if this index is not the partition's current state
     */
    synchronized Readable readable(long count) {
        return readable(count, -1);
    }

    /**
     * @param count the write count stored in the partition now, read on the partition thread of its owner, this member
     * @param confirmation what identifies the partition's replicas now, kept if the index is current
     * @return what a query may read, or {@code null} if this index is not the partition's current state
     */
    synchronized Readable readable(long count, long confirmation) {
        if (state != State.READY || seen != count || openWrite != 0 || roundUnverified) {
            return null;
        }
        this.confirmation = confirmation;
        return new Readable(live.view(), doubtful.isEmpty() ? List.of() : List.copyOf(doubtful.values()));
    }

    /**
     * @param confirmation what identifies the partition's replicas now
     * @return what a query may read off the partition thread, or {@code null} unless a query on it
     *     found the index current with the same replicas, and no raise it could not follow came since
     */
    synchronized Readable readableConfirmed(long confirmation) {
        if (confirmation == -1 || this.confirmation != confirmation || state != State.READY || openWrite != 0 || roundUnverified) {
            return null;
        }
        return new Readable(live.view(), doubtful.isEmpty() ? List.of() : List.copyOf(doubtful.values()));
    }

    /** @return whether a build should be queued now: there is none queued or running, and no current index */
    synchronized boolean queueBuild() {
        if (buildQueued || state == State.BUILDING) {
            return false;
        }
        buildQueued = true;
        return true;
    }

    /** @return whether the index needs building: it is stale and no build is queued or running */
    synchronized boolean needsBuild() {
        return state == State.STALE && !buildQueued;
    }

    /**
     * @param asOwner whether the snapshot is read on this member as the owner (then it holds every
     *     change made, and a round left open as a backup no longer matters); a backup's build reads
     *     the owner's snapshot, and changes after it still arrive as backup copies, so an open round
     *     stays unverified
     * @return the generation of the build that starts now; changes from here on are kept for it
     */
    synchronized int startBuild(boolean asOwner) {
        buildQueued = false;
        confirmation = -1;
        closeLive();
        openWrite = 0;
        if (asOwner) {
            roundUnverified = false;
        }
        state = State.BUILDING;
        pending.clear();
        pendingBumps.clear();
        doubtful.clear();
        return ++generation;
    }

    /** The build of {@code build} could not finish; the index stays stale. */
    synchronized void abandon(int build) {
        if (build == generation && state == State.BUILDING) {
            state = State.STALE;
            pending.clear();
            pendingBumps.clear();
        }
    }

    /**
     * Builds the index of a snapshot and installs it, with the changes made since the build began.
     *
     * @param build the generation {@link #startBuild} returned
     * @param count the write count the snapshot holds
     * @param records the snapshot's camera records
     * @return whether the index is now READY
     */
    boolean finishBuild(int build, long count, Map<CameraKey, CameraRecord> records) {
        GeoIndexBuilder builder = GeoIndex.builder(bucketMillis);
        Map<CameraKey, Doubtful> inDoubt = new HashMap<>();
        for (Map.Entry<CameraKey, CameraRecord> e : records.entrySet()) {
            CameraRecord r = e.getValue();
            long id = e.getKey().id();
            if (r.inDoubt()) {
                inDoubt.put(e.getKey(), new Doubtful(e.getKey(), r, alone(id, r)));
            } else {
                builder.addCamera(r.camera(id));
                for (int i = 0; i < r.footageCount(); i++) {
                    builder.addFootage(id, r.footageStart(i), r.footageEnd(i));
                }
            }
        }
        LiveIndex built = LiveIndex.of(builder.build(), options);
        synchronized (this) {
            if (build != generation || state != State.BUILDING) {
                built.close();
                return false;
            }
            live = built;
            doubtful.putAll(inDoubt);
            try {
                // Every record changed meanwhile replaces what the snapshot had under its key: all the old
                // ones go first, so that a camera moving between two cells of this partition is never held twice.
                for (CameraKey key : pending.keySet()) {
                    retract(key, records.get(key), false);
                }
                for (Map.Entry<CameraKey, CameraRecord> e : pending.entrySet()) {
                    add(e.getKey(), null, e.getValue(), false);
                }
            } catch (InvalidInputException e) {
                drop();
                return false;
            }
            pending.clear();
            seen = count;
            pendingBumps.sort((a, b) -> Long.compare(a[0], b[0]));
            for (long[] bump : pendingBumps) {
                if (bump[1] <= seen) {
                    continue;
                }
                if (bump[0] != seen) {
                    drop();
                    return false;
                }
                seen = bump[1];
            }
            pendingBumps.clear();
            state = State.READY;
            return true;
        }
    }

    /** Forgets the index: the partition moved away, or the index fell behind. */
    synchronized void drop() {
        confirmation = -1;
        closeLive();
        openWrite = 0;
        doubtful.clear();
        pending.clear();
        pendingBumps.clear();
        state = State.STALE;
        generation++;
    }

    /** @return the off-heap bytes of the live index, 0 unless READY */
    synchronized long offHeapBytes() {
        return state == State.READY ? live.offHeapBytes() : 0;
    }

    private void closeLive() {
        if (live != null) {
            live.close();
            live = null;
        }
    }

    /** Takes a record's change into the index: what {@code before} contributed goes, what {@code after} contributes comes. */
    private void apply(CameraKey key, CameraRecord before, CameraRecord after, boolean reset) {
        boolean carried = before != null && !before.inDoubt() && after != null && !after.inDoubt() && !reset;
        retract(key, before, carried);
        add(key, before, after, carried);
    }

    /** Removes what a record contributed, unless the camera is {@code carried} on, with its footage, by the next record of the same key. */
    private void retract(CameraKey key, CameraRecord before, boolean carried) {
        if (before == null) {
            return;
        }
        if (before.inDoubt()) {
            doubtful.remove(key);
        } else if (!carried) {
            live.deleteCamera(key.id());
        }
    }

    /** Adds what a record contributes; a {@code carried} camera gets only its new settings and the footage appended since {@code before}. */
    private void add(CameraKey key, CameraRecord before, CameraRecord after, boolean carried) {
        if (after == null) {
            return;
        }
        long id = key.id();
        if (after.inDoubt()) {
            doubtful.put(key, new Doubtful(key, after, alone(id, after)));
            return;
        }
        Camera camera = after.camera(id);
        int from = 0;
        if (carried) {
            if (!camera.equals(before.camera(id))) {
                live.upsertCamera(camera);
            }
            from = before.footageCount();
        } else {
            live.upsertCamera(camera);
        }
        for (int i = from; i < after.footageCount(); i++) {
            live.addFootage(id, after.footageStart(i), after.footageEnd(i));
        }
    }

    private GeoIndex alone(long id, CameraRecord r) {
        GeoIndexBuilder b = GeoIndex.builder(bucketMillis).addCamera(r.camera(id));
        for (int i = 0; i < r.footageCount(); i++) {
            b.addFootage(id, r.footageStart(i), r.footageEnd(i));
        }
        return b.build();
    }
}
