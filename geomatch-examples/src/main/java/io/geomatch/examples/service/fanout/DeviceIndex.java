package io.geomatch.examples.service.fanout;

import io.geomatch.cluster.ChangeRefusedException;
import io.geomatch.cluster.ClientOptions;
import io.geomatch.cluster.ClusterArea;
import io.geomatch.cluster.ClusterIndex;
import io.geomatch.cluster.ClusterUnavailableException;
import io.geomatch.cluster.MemberStatus;
import io.geomatch.core.Area;
import io.geomatch.core.Camera;
import io.geomatch.core.GeoIndexBuilder;
import io.geomatch.core.GeoStore;
import io.geomatch.core.IndexFormatException;
import io.geomatch.core.InvalidInputException;
import io.geomatch.core.LiveOptions;
import io.geomatch.core.LiveView;
import io.geomatch.core.MatchMode;
import io.geomatch.core.Mutations;
import io.geomatch.core.StoreOptions;
import io.geomatch.examples.service.journal.JournalRecord;
import io.geomatch.world.CameraWorld;
import org.locationtech.jts.geom.Geometry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Every device and its footage in a geomatch {@link GeoStore}, or in a geomatch cluster
 * ({@link ClusterIndex}), derived from the journal: the one class of the examples that calls an
 * index API. Journal records map to index changes by a fixed function (the service's state machine
 * calls {@link #upsertDevice}, {@link #addFootage} and {@link #loadWorld} in journal order), the
 * same for both targets; a {@link Target} is all that differs.
 *
 * <p><b>What the target holds on start.</b> A store's change count tells how much of the journal
 * it already holds: while the journal is replayed on start, the first {@link GeoStore#durableOps()}
 * changes are skipped and the rest applied, so a crash between the two writes loses nothing and
 * applies nothing twice. A cluster keeps no such count, and keeps nothing at all across a restart
 * of all its members, so the whole journal is replayed into it on every start: the changes are
 * idempotent there (an upsert sets a camera's state; footage the cluster holds already is not
 * added again), so a cluster that held everything ends as it was, and one that restarted empty
 * gets everything back. A cluster that restarts while the service runs is not noticed: restart
 * the service then.
 *
 * <p><b>A cluster that cannot answer or take changes now</b> (a member died and partitions are
 * moving, or no member is reachable) makes {@link #match} and {@link #flushUpTo} throw
 * {@link UnavailableException}; changes not applied stay queued and are applied, again if need
 * be, by the next {@link #flushUpTo}. A match never returns part of an answer.
 *
 * <p><b>When changes reach the store.</b> While the journal is replayed, changes are applied in
 * batches as they come. Afterwards each change is queued with the number of its journal record
 * and applied only once that record is durable and covered by a signed tree head
 * ({@link #flushUpTo}), so the store never holds a change the journal could still lose (records
 * after the last signed head are cut off on the next start). A simulated world, millions of
 * changes in one record, is applied at once. Queries ({@link #match}) read a lock-free view.
 * Thread-safe; changes come in journal order from the service's writer.
 */
public final class DeviceIndex implements AutoCloseable {
    /** The index's time bucket: 1 s. */
    public static final long BUCKET_MILLIS = 1_000;
    private static final int OPS_BATCH = 10_000;

    private final Target target;
    private final Mutations pending = new Mutations();
    private final ArrayDeque<Queued> queued = new ArrayDeque<>();
    private boolean live;
    private long opsToSkip;

    /** A change waiting for its journal record's head: a camera's new state, or (when {@code camera} is null) footage. */
    private record Queued(long seq, Camera camera, long id, long startMillis, long endMillis) {
    }

    /** The cluster cannot answer or take changes now; the caller retries later (changes stay queued). */
    public static final class UnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The index directory cannot be used as it is: damaged, or holding changes the journal does not explain. */
    public static final class DamagedException extends IOException {
        private static final long serialVersionUID = 1L;

        DamagedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A change the index could not hold: the field and why, in one line. */
    public static final class RefusedException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        /** The field at fault. */
        private final String field;

        RefusedException(String field, String message) {
            super(message);
            this.field = field;
        }

        /** @return the field at fault */
        public String field() {
            return field;
        }
    }

    private DeviceIndex(Target target) {
        this.target = target;
    }

    /**
     * An area prepared for matching, made once per request.
     */
    public static final class Query {
        private final Area area;
        private final Geometry geometry;

        private Query(Area area, Geometry geometry) {
            this.area = area;
            this.geometry = geometry;
        }
    }

    /** Where the changes go and the matches come from: what differs between a local store and a cluster. */
    private interface Target {
        /** @return how many of the journal's changes it is known to hold: skipped by a replay */
        long heldChanges();

        int maxRetentionDays();

        /** @throws UnavailableException if a cluster cannot take them now (it may hold some: applying them again is harmless) */
        void apply(Mutations changes) throws IOException;

        long[] match(Query query, long fromMillis, long toMillis, long nowMillis, MatchMode mode);

        long cameraCount();

        /** @return where the index is, for messages */
        String where();

        void close() throws IOException;
    }

    /** A local {@link GeoStore}, written without forcing. */
    private record StoreTarget(GeoStore store) implements Target {
        @Override
        public long heldChanges() {
            return store.durableOps();
        }

        @Override
        public int maxRetentionDays() {
            return store.maxRetentionDays();
        }

        @Override
        public void apply(Mutations changes) throws IOException {
            store.apply(changes);
        }

        @Override
        public long[] match(Query query, long fromMillis, long toMillis, long nowMillis, MatchMode mode) {
            try (LiveView view = store.view()) {
                return view.matchIds(query.area, fromMillis, toMillis, nowMillis, mode);
            }
        }

        @Override
        public long cameraCount() {
            try (LiveView view = store.view()) {
                return view.cameraCount();
            }
        }

        @Override
        public String where() {
            return "the index in " + store.directory();
        }

        @Override
        public void close() throws IOException {
            store.close();
        }
    }

    /** A geomatch cluster, as a client: it holds nothing the service knows of when it starts. */
    private static final class ClusterTarget implements Target {
        private final ClusterIndex cluster;
        private final int maxRetentionDays;
        private final String members;
        /** Changes applied through this handle; guarded by the DeviceIndex. */
        private long applied;

        ClusterTarget(ClusterIndex cluster, int maxRetentionDays, String members) {
            this.cluster = cluster;
            this.maxRetentionDays = maxRetentionDays;
            this.members = members;
        }

        @Override
        public long heldChanges() {
            return applied;
        }

        @Override
        public int maxRetentionDays() {
            return maxRetentionDays;
        }

        @Override
        public void apply(Mutations changes) {
            try {
                applied += cluster.apply(changes);
            } catch (ClusterUnavailableException e) {
                throw new UnavailableException(where() + " cannot take changes now: " + e.getMessage(), e);
            } catch (ChangeRefusedException e) {
                throw new RefusedException("index", where() + " refused a change: " + e.getMessage());
            }
        }

        @Override
        public long[] match(Query query, long fromMillis, long toMillis, long nowMillis, MatchMode mode) {
            try {
                return cluster.match(ClusterArea.polygon(query.geometry), fromMillis, toMillis, nowMillis, mode);
            } catch (ClusterUnavailableException e) {
                throw new UnavailableException(where() + " cannot answer now: " + e.getMessage(), e);
            }
        }

        @Override
        public long cameraCount() {
            try {
                return cluster.status().stream().mapToLong(MemberStatus::cameras).sum();
            } catch (ClusterUnavailableException e) {
                throw new UnavailableException(where() + " cannot report now: " + e.getMessage(), e);
            }
        }

        @Override
        public String where() {
            return "the cluster at " + members;
        }

        @Override
        public void close() {
            cluster.close();
        }
    }

    /**
     * Opens the index in a directory, creating it if the directory is missing or empty. Batches
     * are written, not forced: the journal is forced and is the truth, and what the index lacks
     * after a crash it gets again on the next replay (or is rebuilt, if a power loss tore it).
     *
     * @param dir the index directory
     * @param maxRetentionDays the longest retention a device may have
     * @return the open index
     * @throws DamagedException if the directory holds a damaged store (rebuild it from the journal)
     * @throws IOException if it cannot be read or written, or another process uses it
     */
    public static DeviceIndex open(Path dir, int maxRetentionDays) throws IOException {
        StoreOptions options = StoreOptions.defaults().durability(StoreOptions.Durability.WRITE);
        boolean fresh = !Files.isDirectory(dir) || isEmpty(dir);
        try {
            GeoStore store = fresh
                ? GeoStore.create(dir, BUCKET_MILLIS, LiveOptions.defaults().maxRetentionDays(maxRetentionDays), options)
                : GeoStore.open(dir, options);
            return new DeviceIndex(new StoreTarget(store));
        } catch (IndexFormatException e) {
            throw new DamagedException("the index in " + dir + " is damaged (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Connects to a geomatch cluster as a client; the whole journal is then replayed into it (see
     * the class comment).
     *
     * @param members host:port of one or more members
     * @param maxRetentionDays the longest retention a device may have: the cluster must allow it
     * @return the index on the cluster
     * @throws ClusterUnavailableException if no member is reachable; retry
     * @throws InvalidInputException naming the cluster if its bucket is not {@value #BUCKET_MILLIS} ms
     *     or it allows less retention
     */
    public static DeviceIndex onCluster(List<String> members, int maxRetentionDays) {
        ClusterIndex cluster = ClusterIndex.connect(ClientOptions.members(members));
        String where = String.join(",", members);
        if (cluster.bucketMillis() != BUCKET_MILLIS || cluster.maxRetentionDays() < maxRetentionDays) {
            cluster.close();
            throw new InvalidInputException("cluster", where, "has a bucket of " + cluster.bucketMillis() + " ms and allows at most "
                + cluster.maxRetentionDays() + " days of retention; the service needs a bucket of " + BUCKET_MILLIS + " ms and "
                + maxRetentionDays + " days (start the nodes with --bucket 1 --max-retention " + maxRetentionDays + ")");
        }
        return new DeviceIndex(new ClusterTarget(cluster, maxRetentionDays, where));
    }

    private static boolean isEmpty(Path d) throws IOException {
        try (var s = Files.list(d)) {
            return s.findAny().isEmpty();
        }
    }

    /** Starts a replay of the journal: the changes the target is known to hold will be skipped. */
    public synchronized void beginReplay() {
        opsToSkip = target.heldChanges();
        live = false;
    }

    /**
     * Ends a replay: applies what is queued.
     *
     * @throws DamagedException if the store holds more changes than the journal explains, or
     *     refuses one the journal holds
     */
    public synchronized void endReplay() throws DamagedException {
        live = true;
        if (opsToSkip > 0) {
            throw new DamagedException(target.where() + " holds " + opsToSkip
                + " changes more than the journal explains", null);
        }
        try {
            flush();
        } catch (IllegalArgumentException e) {
            throw new DamagedException(target.where() + " refused a change the journal holds ("
                + e.getMessage() + ")", e);
        }
    }

    /**
     * Checks, before a record is journaled, that the index can hold a device.
     *
     * @param latDegrees latitude
     * @param lonDegrees longitude
     * @param retentionDays its retention plan
     * @param view what it sees, or null
     * @throws RefusedException naming the field if it cannot (a view field as {@code view.headingDegrees},
     *     {@code view.fieldOfViewDegrees} or {@code view.rangeMeters})
     */
    public void checkDevice(double latDegrees, double lonDegrees, int retentionDays, JournalRecord.View view) {
        if (!(latDegrees >= -90.0 && latDegrees <= 90.0)) {
            throw new RefusedException("lat", "lat " + latDegrees + " is out of range, allowed -90..90");
        }
        if (!(lonDegrees >= -180.0 && lonDegrees <= 180.0)) {
            throw new RefusedException("lon", "lon " + lonDegrees + " is out of range, allowed -180..180");
        }
        if (retentionDays < Camera.MIN_RETENTION_DAYS || retentionDays > target.maxRetentionDays()) {
            throw new RefusedException("retentionDays", "retentionDays " + retentionDays + " is out of range, allowed "
                + Camera.MIN_RETENTION_DAYS + ".." + target.maxRetentionDays());
        }
        if (view != null) {
            try {
                withView(Camera.at(0, latDegrees, lonDegrees), view);
            } catch (InvalidInputException e) {
                // The index keeps views to 0.01 degree and 1 mm: a value that rounds to nothing is refused.
                String[] fieldAndAllowed = switch (e.field()) {
                    case "heading_deg" -> new String[] {"view.headingDegrees", "0 (inclusive) to 360 (exclusive)"};
                    case "fov_deg" -> new String[] {"view.fieldOfViewDegrees", "0.005 (0.01 degree once rounded) up to 360"};
                    default -> new String[] {"view.rangeMeters", "0.0005 (1 mm once rounded) up to 200"};
                };
                throw new RefusedException(fieldAndAllowed[0], fieldAndAllowed[0] + " " + e.value()
                    + " is out of the index's range, allowed " + fieldAndAllowed[1]);
            }
        }
    }

    private static Camera withView(Camera camera, JournalRecord.View view) {
        return view == null ? camera : camera.view(view.headingDegrees(), view.fieldOfViewDegrees(), view.rangeMeters());
    }

    /**
     * Checks, before a record is journaled, that the index can hold footage.
     *
     * @param startMillis start, epoch ms
     * @param endMillis end, exclusive
     * @throws RefusedException naming the field if it cannot
     */
    public void checkFootage(long startMillis, long endMillis) {
        for (long t : new long[] {startMillis, endMillis}) {
            if (t < -GeoIndexBuilder.MAX_ABS_MILLIS || t > GeoIndexBuilder.MAX_ABS_MILLIS) {
                String field = t == startMillis ? "start" : "end";
                throw new RefusedException(field, field + " " + t + " is out of the index's range, allowed -"
                    + GeoIndexBuilder.MAX_ABS_MILLIS + ".." + GeoIndexBuilder.MAX_ABS_MILLIS + " epoch ms");
            }
        }
        if (endMillis <= startMillis) {
            throw new RefusedException("end", "end " + endMillis + " must be after start " + startMillis);
        }
    }

    /**
     * @param area a Polygon or MultiPolygon in (x = lon, y = lat) degrees
     * @return it prepared for {@link #match}
     */
    public Query prepare(Geometry area) {
        return new Query(Area.polygon(area), area);
    }

    /**
     * @param query the area
     * @param fromMillis window start, epoch ms
     * @param toMillis window end, exclusive
     * @param nowMillis when retention is judged
     * @return the index ids of eligible devices with footage in the window that see the area
     *     ({@link MatchMode#VIEW}: a device with a view when its sector meets the area, one
     *     without when it stands in it), ascending
     * @throws UnavailableException if a cluster cannot answer now: retry
     */
    public long[] match(Query query, long fromMillis, long toMillis, long nowMillis) {
        return target.match(query, fromMillis, toMillis, nowMillis, MatchMode.VIEW);
    }

    /**
     * The same match by position only, whatever the devices see: for comparing the two modes.
     *
     * @param query the area
     * @param fromMillis window start, epoch ms
     * @param toMillis window end, exclusive
     * @param nowMillis when retention is judged
     * @return the index ids of eligible devices inside the area with footage in the window, ascending
     * @throws UnavailableException if a cluster cannot answer now: retry
     */
    public long[] matchByPosition(Query query, long fromMillis, long toMillis, long nowMillis) {
        return target.match(query, fromMillis, toMillis, nowMillis, MatchMode.POSITION);
    }

    /**
     * Queues a device's place and eligibility.
     *
     * @param seq the journal record it comes from
     * @param indexId its camera id
     * @param latDegrees latitude
     * @param lonDegrees longitude
     * @param optedIn whether it may receive requests (owner and device opted in)
     * @param e2ee whether it is end-to-end encrypted
     * @param retentionDays its retention plan
     * @param view what it sees, or null (it then matches by where it stands)
     */
    public synchronized void upsertDevice(long seq, long indexId, double latDegrees, double lonDegrees, boolean optedIn, boolean e2ee,
                                          int retentionDays, JournalRecord.View view) {
        upsert(seq, withView(Camera.at(indexId, latDegrees, lonDegrees).optedIn(optedIn).e2ee(e2ee).retentionDays(retentionDays), view));
    }

    private void upsert(long seq, Camera camera) {
        if (live) {
            queued.add(new Queued(seq, camera, camera.id(), 0, 0));
        } else if (!skip()) {
            pending.upsertCamera(camera);
            flushIfFull();
        }
    }

    /**
     * Queues footage of a device.
     *
     * @param seq the journal record it comes from
     * @param indexId its camera id
     * @param startMillis start, epoch ms
     * @param endMillis end, exclusive
     */
    public synchronized void addFootage(long seq, long indexId, long startMillis, long endMillis) {
        if (live) {
            queued.add(new Queued(seq, null, indexId, startMillis, endMillis));
        } else if (!skip()) {
            pending.addFootage(indexId, startMillis, endMillis);
            flushIfFull();
        }
    }

    /**
     * Applies the queued changes of journal records up to {@code seq}, in journal order.
     *
     * @param seq a journal record number: it and every record before it are durable and signed
     * @throws UnavailableException if a cluster cannot take them now: they stay queued for the next call
     */
    public synchronized void flushUpTo(long seq) {
        while (!queued.isEmpty() && queued.peekFirst().seq() <= seq) {
            Queued q = queued.pollFirst();
            if (q.camera() == null) {
                pending.addFootage(q.id(), q.startMillis(), q.endMillis());
            } else {
                pending.upsertCamera(q.camera());
            }
            flushIfFull();
        }
        flush();
    }

    /**
     * Applies a simulated world's devices, then their footage, in batches as they come (skipping
     * what the store holds during a replay).
     *
     * @param world the world
     */
    public synchronized void loadWorld(CameraWorld world) {
        boolean wasLive = live;
        live = false;
        try {
            loadWorldBatched(world);
            flush();
        } finally {
            live = wasLive;
        }
    }

    private void loadWorldBatched(CameraWorld world) {
        long[] ids = world.ids();
        for (int i = 0; i < ids.length; i++) {
            upsert(0, world.camera(i));   // with its view, if it has one
        }
        int[] offsets = world.footageOffsets();
        long[] starts = world.footageStartMillis();
        int[] lengths = world.footageDurationMillis();
        for (int i = 0; i < ids.length; i++) {
            for (int f = offsets[i]; f < offsets[i + 1]; f++) {
                addFootage(0, ids[i], starts[f], starts[f] + lengths[f]);
            }
        }
    }

    private boolean skip() {
        if (opsToSkip > 0) {
            opsToSkip--;
            return true;
        }
        return false;
    }

    private void flushIfFull() {
        if (pending.size() >= OPS_BATCH) {
            flush();
        }
    }

    /** Applies the batch of changes made so far (not those queued for their heads); a batch a cluster could not take is kept. */
    private void flush() {
        if (pending.size() == 0) {
            return;
        }
        boolean keep = false;
        try {
            target.apply(pending);
        } catch (UnavailableException e) {
            keep = true;
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target.where() + ": " + e.getMessage(), e);
        } finally {
            if (!keep) {
                pending.clear();
            }
        }
    }

    /** @return how many changes the store holds, or how many were applied to a cluster since the start */
    public long durableOps() {
        return target.heldChanges();
    }

    /**
     * @return how many cameras the index holds
     * @throws UnavailableException if a cluster cannot report now
     */
    public long cameraCount() {
        return target.cameraCount();
    }

    /**
     * Writes a final checkpoint and closes the store, or disconnects from the cluster.
     *
     * @throws IOException if it cannot be written
     */
    @Override
    public void close() throws IOException {
        target.close();
    }
}
