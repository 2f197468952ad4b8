package io.geomatch.cluster;

import com.hazelcast.core.HazelcastException;
import io.geomatch.cluster.data.Bumped;
import io.geomatch.cluster.data.CameraKey;
import io.geomatch.cluster.data.CameraRecord;
import io.geomatch.cluster.data.ChangeOutcome;
import io.geomatch.cluster.data.IndexChange;
import io.geomatch.cluster.member.BumpProcessor;
import io.geomatch.cluster.member.ChangeProcessor;
import io.geomatch.cluster.member.CloseWriteProcessor;
import io.geomatch.core.Camera;
import io.geomatch.core.GeoIndexBuilder;
import io.geomatch.core.InvalidInputException;
import io.geomatch.core.Mutations;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A batch of changes on its way into the cluster.
 *
 * <ol>
 *   <li>Check every change on its own (footage intervals, retention, no clock), then read the
 *       directory (each camera's shard cell) and probe the records there: which cameras exist, and
 *       which records are in doubt. A record in doubt is a move cut short (its writer died); it is
 *       settled first, forwards if the directory already points at the new cell, else backwards.</li>
 *   <li>Run the batch in order against what exists, up to the first change that must be refused
 *       (a delete of, or footage for, an unknown camera); only the changes before it are applied.
 *       Per camera this leaves one net change: create, update in place, remove, or move.</li>
 *   <li>Apply: removals; directory entries of new places (before their records, so a record is never
 *       where the directory does not lead); records written in place, a few operations per
 *       partition (the write opened on the owner's index, the records stored with {@code setAll},
 *       the write closed with what the index must do); directory entries of removed cameras; then
 *       moves. A move marks the old record in doubt (and reads its footage), writes the new one in
 *       doubt with the footage carried over, points the directory at it (the moment the move takes
 *       effect), removes the old record and settles the new one. A crash at any step leaves records
 *       in doubt that queries resolve through the directory, so answers stay exact.</li>
 * </ol>
 * Every write to a partition goes after a raise of the partition's write count
 * ({@link BumpProcessor}); a single-record change is applied only on the member that raised it,
 * and one refused because the partition moved meanwhile is sent again after a new raise; each
 * round of single-record changes is closed by another raise that lets the backups' warm indexes
 * check they took every change of the round. Each
 * single-record change has an id, so one retried after a failure is applied once; records written
 * in place are written whole, so writing them again changes nothing. A batch returns when every
 * change is held by a primary and its backups. One batch at a time per writer; two writers must
 * not change the same camera at once.
 */
final class ChangeWriter {
    private static final long[] NONE = new long[0];
    private static final int UPSERT = 0;
    private static final int DELETE = 1;
    private static final int FOOTAGE = 2;
    private static final int CLOCK = 3;
    private static final long FIRST_PAUSE_MILLIS = 5;
    private static final long MAX_PAUSE_MILLIS = 500;

    private final Cluster cluster;
    private long nextChange = new SecureRandom().nextLong();

    ChangeWriter(Cluster cluster) {
        this.cluster = cluster;
    }

    /** One change of the batch. */
    private record Op(int kind, long id, Camera camera, long start, long end) {
    }

    /** A camera's changes in the batch, run against what exists, and their net effect. */
    private static final class Plan {
        final long id;
        final boolean existed;
        final long oldCell;
        /** The record before the batch, when it existed. */
        final CameraRecord before;
        boolean present;
        Camera camera;
        boolean reset;
        long[] footage = new long[4];
        int footageLongs;

        Plan(long id, CameraRecord before, long oldCell) {
            this.id = id;
            this.before = before;
            this.existed = before != null;
            this.oldCell = oldCell;
            this.present = existed;
        }

        /** Takes the next change, or refuses it (and is then as before). */
        void take(Op op) {
            switch (op.kind) {
                case UPSERT -> {
                    present = true;
                    camera = op.camera;
                }
                case DELETE -> {
                    if (!present) {
                        throw new InvalidInputException("id", id, "is not a known camera: only existing cameras can be deleted");
                    }
                    present = false;
                    camera = null;
                    footageLongs = 0;
                    reset = true;
                }
                case FOOTAGE -> {
                    if (!present) {
                        throw new InvalidInputException("camera_id", id, "is not a known camera: add the camera before its footage");
                    }
                    if (footageLongs + 2 > footage.length) {
                        footage = Arrays.copyOf(footage, footage.length * 2);
                    }
                    footage[footageLongs++] = op.start;
                    footage[footageLongs++] = op.end;
                }
                default -> throw new AssertionError(op);
            }
        }

        long[] footage() {
            return footageLongs == 0 ? NONE : Arrays.copyOf(footage, footageLongs);
        }
    }

    /** Changes to send: a key and its change each. */
    private static final class Sends {
        final List<CameraKey> keys = new ArrayList<>();
        final List<ChangeProcessor> changes = new ArrayList<>();

        void add(CameraKey key, ChangeProcessor change) {
            keys.add(key);
            changes.add(change);
        }

        boolean isEmpty() {
            return keys.isEmpty();
        }
    }

    synchronized int apply(Mutations batch) {
        long deadline = System.nanoTime() + cluster.answerTimeout().toNanos();
        List<Op> ops = decode(batch);
        int limit = ops.size();
        InvalidInputException refusal = null;
        for (int i = 0; i < ops.size(); i++) {
            try {
                check(ops.get(i));
            } catch (InvalidInputException e) {
                refusal = e;
                limit = i;
                break;
            }
        }
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < limit; i++) {
            ids.add(ops.get(i).id);
        }
        Map<Long, Long> cells = readDirectory(ids);
        Map<Long, CameraRecord> records = probe(cells);
        List<Long> inDoubt = new ArrayList<>();
        for (Map.Entry<Long, CameraRecord> e : records.entrySet()) {
            if (e.getValue().inDoubt()) {
                inDoubt.add(e.getKey());
            }
        }
        if (!inDoubt.isEmpty()) {
            settleCutShortMoves(inDoubt, cells, records, deadline);
        }

        Map<Long, Plan> plans = new LinkedHashMap<>();
        for (int i = 0; i < limit; i++) {
            Op op = ops.get(i);
            Plan plan = plans.computeIfAbsent(op.id, id -> {
                Long cell = cells.get(id);
                CameraRecord before = cell == null ? null : records.get(id);
                return new Plan(id, before, before == null ? 0 : cell);
            });
            try {
                plan.take(op);
            } catch (InvalidInputException e) {
                refusal = e;
                limit = i;
                break;
            }
        }
        execute(plans.values(), deadline);
        if (refusal != null) {
            throw new ChangeRefusedException(limit, refusal);
        }
        return ops.size();
    }

    private static List<Op> decode(Mutations batch) {
        List<Op> ops = new ArrayList<>(batch.size());
        batch.forEach(new Mutations.Visitor() {
            @Override
            public void upsertCamera(Camera camera) {
                ops.add(new Op(UPSERT, camera.id(), camera, 0, 0));
            }

            @Override
            public void deleteCamera(long id) {
                ops.add(new Op(DELETE, id, null, 0, 0));
            }

            @Override
            public void addFootage(long cameraId, long startMillis, long endMillis) {
                ops.add(new Op(FOOTAGE, cameraId, null, startMillis, endMillis));
            }

            @Override
            public void advanceClock(long nowMillis) {
                ops.add(new Op(CLOCK, 0, null, nowMillis, 0));
            }
        });
        return ops;
    }

    /** The checks of a change on its own, with the core's rules and messages (ClusterChangesTest holds them to the core's). */
    private void check(Op op) {
        switch (op.kind) {
            case UPSERT -> {
                int max = cluster.settings().maxRetentionDays();
                if (op.camera.retentionDays() > max) {
                    throw new InvalidInputException("retention_days", op.camera.retentionDays(), "is out of range, allowed "
                        + Camera.MIN_RETENTION_DAYS + ".." + max + " (maxRetentionDays of the cluster)");
                }
            }
            case FOOTAGE -> {
                millis("start", op.start);
                millis("end", op.end);
                if (op.end <= op.start) {
                    throw new InvalidInputException("end", op.end, "must be after start " + op.start);
                }
            }
            case CLOCK -> throw new InvalidInputException("advanceClock", op.start, "is not supported by a cluster: retention is judged at "
                + "query time, and footage is kept until its camera is deleted");
            default -> {
                // A delete needs only an existing camera, checked in order.
            }
        }
    }

    private static void millis(String field, long millis) {
        long max = GeoIndexBuilder.MAX_ABS_MILLIS;
        if (millis < -max || millis > max) {
            throw new InvalidInputException(field, millis, "is out of range, allowed -" + max + ".." + max + " epoch ms");
        }
    }

    private Map<Long, Long> readDirectory(Set<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        try {
            return new HashMap<>(cluster.directory().getAll(ids));
        } catch (HazelcastException | IllegalStateException e) {
            throw unavailable("the directory could not be read", e);
        }
    }

    /** @return the records at the directory's cells, by camera id; absent ones are left out */
    private Map<Long, CameraRecord> probe(Map<Long, Long> cells) {
        Map<Long, CameraRecord> found = new HashMap<>();
        if (cells.isEmpty()) {
            return found;
        }
        Set<Object> keys = new HashSet<>();
        for (Map.Entry<Long, Long> e : cells.entrySet()) {
            keys.add(new CameraKey(e.getKey(), e.getValue()));
        }
        Map<Object, Object> records;
        try {
            records = cluster.cameras().getAll(keys);
        } catch (HazelcastException | IllegalStateException e) {
            throw unavailable("the records could not be read", e);
        }
        for (Map.Entry<Object, Object> e : records.entrySet()) {
            if (e.getValue() != null) {
                found.put(((CameraKey) e.getKey()).id(), (CameraRecord) e.getValue());
            }
        }
        return found;
    }

    /**
     * Settles the records a crashed writer left in doubt, where the directory points: a record
     * arriving there means the move took effect (the old record goes), one leaving means it did not
     * (the new record goes). The records are then settled and {@code records} says so.
     */
    private void settleCutShortMoves(List<Long> ids, Map<Long, Long> cells, Map<Long, CameraRecord> records, long deadline) {
        Map<Long, Long> peers = new HashMap<>();
        for (long id : ids) {
            peers.put(id, records.get(id).peerCell());
        }
        Map<Long, CameraRecord> atPeers = probe(peers);
        Sends removals = new Sends();
        Sends settles = new Sends();
        for (long id : ids) {
            long cell = cells.get(id);
            CameraRecord here = records.get(id);
            CameraRecord there = atPeers.get(id);
            long peer = here.peerCell();
            byte expected = here.move() == CameraRecord.LEAVING ? CameraRecord.ARRIVING : CameraRecord.LEAVING;
            if (there != null && there.move() == expected && there.peerCell() == cell) {
                removals.add(new CameraKey(id, peer), ChangeProcessor.remove(cluster.partitions().of(peer), nextChange()));
            }
            settles.add(new CameraKey(id, cell), ChangeProcessor.settle(cluster.partitions().of(cell), nextChange()));
        }
        send(removals, deadline);
        send(settles, deadline);
        for (long id : ids) {
            records.put(id, records.get(id).withMove(CameraRecord.SETTLED, 0, 0));
        }
    }

    private void execute(Iterable<Plan> plans, long deadline) {
        Sends removals = new Sends();
        Map<Long, Long> newPlaces = new HashMap<>();
        Map<CameraKey, IndexChange> puts = new HashMap<>();
        Map<CameraKey, CameraRecord> records = new HashMap<>();
        List<Long> gone = new ArrayList<>();
        List<Plan> moves = new ArrayList<>();
        for (Plan p : plans) {
            if (!p.present) {
                if (p.existed) {
                    removals.add(new CameraKey(p.id, p.oldCell), ChangeProcessor.remove(cluster.partitions().of(p.oldCell), nextChange()));
                    gone.add(p.id);
                }
                continue;
            }
            long cell = p.camera == null ? p.oldCell : cluster.cells().cellOf(p.camera.latDegrees(), p.camera.lonDegrees());
            if (p.existed && cell != p.oldCell && !p.reset) {
                moves.add(p);
                continue;
            }
            if (p.existed && cell != p.oldCell) {
                removals.add(new CameraKey(p.id, p.oldCell), ChangeProcessor.remove(cluster.partitions().of(p.oldCell), nextChange()));
            }
            if (!p.existed || cell != p.oldCell) {
                newPlaces.put(p.id, cell);
            }
            boolean fresh = !p.existed || p.reset || cell != p.oldCell;
            long[] footage = p.footage();
            CameraKey key = new CameraKey(p.id, cell);
            if (fresh) {
                CameraRecord record = CameraRecord.of(p.camera, footage, 0);
                puts.put(key, new IndexChange(key, p.existed && cell == p.oldCell, true, true, record));
                records.put(key, record);
            } else {
                CameraRecord before = p.before;
                CameraRecord after = (p.camera == null ? before : before.withCamera(p.camera, 0)).withFootage(footage, 0);
                Camera settings = after.camera(p.id);
                boolean changed = !settings.equals(before.camera(p.id));
                puts.put(key, new IndexChange(key, true, false, changed, CameraRecord.of(settings, footage, 0)));
                records.put(key, after);
            }
        }
        send(removals, deadline);
        writeDirectory(newPlaces, deadline);
        writeInPlace(puts, records, deadline);
        removeFromDirectory(gone, deadline);
        if (!moves.isEmpty()) {
            move(moves, deadline);
        }
    }

    /**
     * Writes settled records in place, a few operations per partition: the write is opened on each
     * partition's owner (its count raised, its index answering nothing meanwhile), the records are
     * stored with {@code setAll} (synchronous backups), and the write is closed with what each
     * owner's index must do. A partition that fails a step is written again, under a new write.
     */
    private void writeInPlace(Map<CameraKey, IndexChange> changes, Map<CameraKey, CameraRecord> records, long deadline) {
        Map<Integer, List<CameraKey>> pending = new TreeMap<>();
        for (CameraKey key : changes.keySet()) {
            pending.computeIfAbsent(cluster.partitions().of(key.cell()), p -> new ArrayList<>()).add(key);
        }
        long pause = FIRST_PAUSE_MILLIS;
        Throwable cause = null;
        while (!pending.isEmpty()) {
            long write = nextChange();
            Map<Integer, CompletableFuture<Bumped>> opened = new HashMap<>();
            for (int p : pending.keySet()) {
                opened.put(p, submit(cluster.partitions().key(p), BumpProcessor.opening(write)));
            }
            Map<Integer, List<CameraKey>> again = new TreeMap<>();
            Map<Object, Object> stored = new HashMap<>();
            List<Integer> open = new ArrayList<>();
            for (Map.Entry<Integer, List<CameraKey>> e : pending.entrySet()) {
                try {
                    opened.get(e.getKey()).get(Math.max(1, remainingNanos(deadline)), TimeUnit.NANOSECONDS);
                    open.add(e.getKey());
                    for (CameraKey key : e.getValue()) {
                        stored.put(key, records.get(key));
                    }
                } catch (ExecutionException | TimeoutException ex) {
                    cause = ex instanceof ExecutionException ? ex.getCause() : ex;
                    again.put(e.getKey(), e.getValue());
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw unavailable("the batch was interrupted", ex);
                }
            }
            boolean storedAll = true;
            if (!stored.isEmpty()) {
                try {
                    cluster.cameras().setAllAsync(stored).toCompletableFuture().get(Math.max(1, remainingNanos(deadline)), TimeUnit.NANOSECONDS);
                } catch (ExecutionException | TimeoutException | HazelcastException | IllegalStateException ex) {
                    cause = ex instanceof ExecutionException ? ex.getCause() : ex;
                    storedAll = false;
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw unavailable("the batch was interrupted", ex);
                }
            }
            // Close every write that was opened, even if storing failed: the owner's index then rebuilds from the data.
            Map<Integer, CompletableFuture<Boolean>> closed = new HashMap<>();
            for (int p : open) {
                List<CameraKey> keys = pending.get(p);
                IndexChange[] forIndex = new IndexChange[storedAll ? keys.size() : 0];
                for (int i = 0; i < forIndex.length; i++) {
                    forIndex[i] = changes.get(keys.get(i));
                }
                closed.put(p, submit(cluster.partitions().key(p), new CloseWriteProcessor(write, forIndex)));
            }
            for (Map.Entry<Integer, CompletableFuture<Boolean>> e : closed.entrySet()) {
                try {
                    e.getValue().get(Math.max(1, remainingNanos(deadline)), TimeUnit.NANOSECONDS);
                    if (!storedAll) {
                        again.put(e.getKey(), pending.get(e.getKey()));
                    }
                } catch (ExecutionException | TimeoutException ex) {
                    cause = ex instanceof ExecutionException ? ex.getCause() : ex;
                    again.put(e.getKey(), pending.get(e.getKey()));
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw unavailable("the batch was interrupted", ex);
                }
            }
            if (again.isEmpty()) {
                return;
            }
            if (remainingNanos(deadline) <= 0) {
                throw unavailable("partitions " + again.keySet() + " did not acknowledge the batch in time", cause);
            }
            pending = again;
            sleep(pause);
            pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
        }
    }

    /** Moves cameras, with their footage, to another shard cell: see the class comment for the steps. */
    private void move(List<Plan> moves, long deadline) {
        Sends leaving = new Sends();
        Map<Long, Long> targets = new HashMap<>();
        for (Plan p : moves) {
            long target = cluster.cells().cellOf(p.camera.latDegrees(), p.camera.lonDegrees());
            targets.put(p.id, target);
            leaving.add(new CameraKey(p.id, p.oldCell), ChangeProcessor.markLeaving(cluster.partitions().of(p.oldCell), nextChange(), target));
        }
        ChangeOutcome[] left = send(leaving, deadline);
        Sends arriving = new Sends();
        Sends removals = new Sends();
        Sends settles = new Sends();
        for (int i = 0; i < moves.size(); i++) {
            Plan p = moves.get(i);
            long target = targets.get(p.id);
            long[] carried = left[i].before().footagePairs();
            long[] appended = p.footage();
            long[] footage = Arrays.copyOf(carried, carried.length + appended.length);
            System.arraycopy(appended, 0, footage, carried.length, appended.length);
            arriving.add(new CameraKey(p.id, target), ChangeProcessor.put(cluster.partitions().of(target), nextChange(), p.camera, true, footage,
                CameraRecord.ARRIVING, p.oldCell));
            removals.add(new CameraKey(p.id, p.oldCell), ChangeProcessor.remove(cluster.partitions().of(p.oldCell), nextChange()));
            settles.add(new CameraKey(p.id, target), ChangeProcessor.settle(cluster.partitions().of(target), nextChange()));
        }
        send(arriving, deadline);
        writeDirectory(targets, deadline);
        send(removals, deadline);
        send(settles, deadline);
    }

    private void writeDirectory(Map<Long, Long> places, long deadline) {
        if (!places.isEmpty()) {
            await(() -> cluster.directory().setAllAsync(places), deadline, "the directory could not be written");
        }
    }

    private void removeFromDirectory(List<Long> ids, long deadline) {
        List<CompletableFuture<Boolean>> removed = new ArrayList<>(ids.size());
        for (long id : ids) {
            try {
                removed.add(cluster.directory().deleteAsync(id).toCompletableFuture());
            } catch (RuntimeException e) {
                throw unavailable("the directory could not be written", e);
            }
        }
        for (CompletableFuture<Boolean> r : removed) {
            await(() -> r, deadline, "the directory could not be written");
        }
    }

    /**
     * Applies changes, each after a raise of its partition's write count, only on the member that
     * raised it; sends again what was refused because the partition moved, or failed, until the
     * deadline.
     *
     * @return each change's outcome, by position
     */
    private ChangeOutcome[] send(Sends sends, long deadline) {
        int n = sends.keys.size();
        ChangeOutcome[] outcomes = new ChangeOutcome[n];
        if (sends.isEmpty()) {
            return outcomes;
        }
        Map<Integer, List<Integer>> pending = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            pending.computeIfAbsent(sends.changes.get(i).partitionId(), p -> new ArrayList<>()).add(i);
        }
        long pause = FIRST_PAUSE_MILLIS;
        Throwable cause = null;
        while (!pending.isEmpty()) {
            Map<Integer, CompletableFuture<Bumped>> bumps = new HashMap<>();
            for (int p : pending.keySet()) {
                bumps.put(p, submit(cluster.partitions().key(p), new BumpProcessor()));
            }
            Map<Integer, CompletableFuture<ChangeOutcome>> sent = new HashMap<>();
            Map<Integer, List<Integer>> again = new TreeMap<>();
            List<Integer> opened = new ArrayList<>();
            for (Map.Entry<Integer, List<Integer>> e : pending.entrySet()) {
                Bumped bumped;
                try {
                    bumped = bumps.get(e.getKey()).get(remainingNanos(deadline), TimeUnit.NANOSECONDS);
                } catch (ExecutionException | TimeoutException ex) {
                    cause = ex instanceof ExecutionException ? ex.getCause() : ex;
                    again.put(e.getKey(), e.getValue());
                    continue;
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw unavailable("the batch was interrupted", ex);
                }
                opened.add(e.getKey());
                for (int i : e.getValue()) {
                    ChangeProcessor change = sends.changes.get(i).authorizedBy(bumped.member());
                    sent.put(i, submit(sends.keys.get(i), change));
                }
            }
            for (Map.Entry<Integer, CompletableFuture<ChangeOutcome>> e : sent.entrySet()) {
                int i = e.getKey();
                ChangeOutcome outcome = null;
                try {
                    outcome = e.getValue().get(Math.max(1, remainingNanos(deadline)), TimeUnit.NANOSECONDS);
                } catch (ExecutionException | TimeoutException ex) {
                    cause = ex instanceof ExecutionException ? ex.getCause() : ex;
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw unavailable("the batch was interrupted", ex);
                }
                if (outcome != null && outcome.status() == ChangeOutcome.APPLIED) {
                    outcomes[i] = outcome;
                } else if (outcome != null && outcome.status() == ChangeOutcome.MISSING) {
                    throw new IllegalStateException("camera " + sends.keys.get(i).id() + " vanished while it was being changed: "
                        + "another writer changed it at the same time");
                } else {
                    again.computeIfAbsent(sends.changes.get(i).partitionId(), p -> new ArrayList<>()).add(i);
                }
            }
            closeRounds(opened, deadline);
            if (again.isEmpty()) {
                break;
            }
            if (remainingNanos(deadline) <= 0) {
                throw unavailable("partitions " + again.keySet() + " did not acknowledge the batch in time", cause);
            }
            pending = again;
            sleep(pause);
            pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
        }
        return outcomes;
    }

    /**
     * Closes the rounds of single changes opened on these partitions: each owner's raise carries how
     * many changes it wrote, which its backups check against theirs ({@link BumpProcessor#closing}).
     * A close that fails is not sent again: a backup that never sees it does not trust the round,
     * and a backup promoted then indexes the partition again.
     */
    private void closeRounds(List<Integer> partitions, long deadline) {
        List<CompletableFuture<Bumped>> closes = new ArrayList<>(partitions.size());
        for (int p : partitions) {
            closes.add(submit(cluster.partitions().key(p), BumpProcessor.closing()));
        }
        for (CompletableFuture<Bumped> c : closes) {
            try {
                c.get(Math.max(1, remainingNanos(deadline)), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException ex) {
                // See above: the round stays unverified on the backups.
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw unavailable("the batch was interrupted", ex);
            }
        }
    }

    /** Sends one processor; a client that lost every member refuses at once, which becomes a failed future like any other failure. */
    private <R> CompletableFuture<R> submit(Object key, com.hazelcast.map.EntryProcessor<Object, Object, R> processor) {
        try {
            return cluster.cameras().submitToKey(key, processor).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private <T> T await(Supplier<CompletionStage<T>> call, long deadline, String what) {
        try {
            return call.get().toCompletableFuture().get(Math.max(1, remainingNanos(deadline)), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw unavailable(what, e.getCause());
        } catch (TimeoutException | HazelcastException | IllegalStateException e) {
            throw unavailable(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("the batch was interrupted", e);
        }
    }

    private ClusterUnavailableException unavailable(String what, Throwable cause) {
        return new ClusterUnavailableException("the cluster cannot take the batch now: " + what
            + (cause == null ? "" : " (" + ClusterNode.oneLine(cause) + ")") + "; it may be applied in part, retry it", cause);
    }

    private long nextChange() {
        return nextChange++;
    }

    private static long remainingNanos(long deadline) {
        return deadline - System.nanoTime();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterUnavailableException("the batch was interrupted; retry", e);
        }
    }
}
