package io.geomatch.examples.service.fanout;

import io.geomatch.core.Area;
import io.geomatch.core.Camera;
import io.geomatch.core.GeoIndexBuilder;
import io.geomatch.core.GeoStore;
import io.geomatch.core.IndexFormatException;
import io.geomatch.core.InvalidInputException;
import io.geomatch.core.LiveOptions;
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

/**
 * Every device and its footage in a geomatch {@link GeoStore}, derived from the journal: the one
 * class of the examples that calls the core library's index API. Journal records map to index
 * changes by a fixed function (the service's state machine calls {@link #upsertDevice},
 * {@link #addFootage} and {@link #loadWorld} in journal order), so the store's change count tells
 * how much of the journal it already holds: while the journal is replayed on start, the first
 * {@link GeoStore#durableOps()} changes are skipped and the rest applied, so a crash between the
 * two writes loses nothing and applies nothing twice.
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

    private final GeoStore store;
    private final Mutations pending = new Mutations();
    private final ArrayDeque<Queued> queued = new ArrayDeque<>();
    private boolean live;
    private long opsToSkip;

    /** A change waiting for its journal record's head: a camera's new state, or (when {@code camera} is null) footage. */
    private record Queued(long seq, Camera camera, long id, long startMillis, long endMillis) {
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

    private DeviceIndex(GeoStore store) {
        this.store = store;
    }

    /**
     * An area prepared for matching, made once per request.
     */
    public static final class Query {
        private final Area area;

        private Query(Area area) {
            this.area = area;
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
            return new DeviceIndex(store);
        } catch (IndexFormatException e) {
            throw new DamagedException("the index in " + dir + " is damaged (" + e.getMessage() + ")", e);
        }
    }

    private static boolean isEmpty(Path d) throws IOException {
        try (var s = Files.list(d)) {
            return s.findAny().isEmpty();
        }
    }

    /** Starts a replay of the journal: the changes the store already holds will be skipped. */
    public synchronized void beginReplay() {
        opsToSkip = store.durableOps();
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
            throw new DamagedException("the index in " + store.directory() + " holds " + opsToSkip
                + " changes more than the journal explains", null);
        }
        try {
            flush();
        } catch (IllegalArgumentException e) {
            throw new DamagedException("the index in " + store.directory() + " refused a change the journal holds ("
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
        if (retentionDays < Camera.MIN_RETENTION_DAYS || retentionDays > store.maxRetentionDays()) {
            throw new RefusedException("retentionDays", "retentionDays " + retentionDays + " is out of range, allowed "
                + Camera.MIN_RETENTION_DAYS + ".." + store.maxRetentionDays());
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
        return new Query(Area.polygon(area));
    }

    /**
     * @param query the area
     * @param fromMillis window start, epoch ms
     * @param toMillis window end, exclusive
     * @param nowMillis when retention is judged
     * @return the index ids of eligible devices with footage in the window that see the area
     *     ({@link MatchMode#VIEW}: a device with a view when its sector meets the area, one
     *     without when it stands in it), ascending
     */
    public long[] match(Query query, long fromMillis, long toMillis, long nowMillis) {
        return store.view().matchIds(query.area, fromMillis, toMillis, nowMillis, MatchMode.VIEW);
    }

    /**
     * The same match by position only, whatever the devices see: for comparing the two modes.
     *
     * @param query the area
     * @param fromMillis window start, epoch ms
     * @param toMillis window end, exclusive
     * @param nowMillis when retention is judged
     * @return the index ids of eligible devices inside the area with footage in the window, ascending
     */
    public long[] matchByPosition(Query query, long fromMillis, long toMillis, long nowMillis) {
        return store.view().matchIds(query.area, fromMillis, toMillis, nowMillis, MatchMode.POSITION);
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

    /** Applies the batch of changes made so far (not those queued for their heads). */
    private void flush() {
        if (pending.size() == 0) {
            return;
        }
        try {
            store.apply(pending);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the index in " + store.directory() + ": " + e.getMessage(), e);
        } finally {
            pending.clear();
        }
    }

    /** @return how many changes the store holds */
    public long durableOps() {
        return store.durableOps();
    }

    /** @return how many cameras the index holds */
    public long cameraCount() {
        return store.view().cameraCount();
    }

    /**
     * Writes a final checkpoint and closes the store.
     *
     * @throws IOException if it cannot be written
     */
    @Override
    public void close() throws IOException {
        store.close();
    }
}
