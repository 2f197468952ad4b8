package io.geomatch.core;

import io.geomatch.core.internal.live.Change;

import java.util.Arrays;
import java.util.Objects;

/**
 * An ordered batch of changes for {@link GeoStore#apply(Mutations)}: camera upserts and deletes,
 * footage and clock advances, with the meanings of the {@link LiveIndex} methods of the same
 * names.
 *
 * <pre>{@code
 * store.apply(new Mutations()
 *     .upsertCamera(Camera.at(42L, 41.8781, -87.6298).retentionDays(30))
 *     .addFootage(42L, startMillis, endMillis));
 * }</pre>
 *
 * <p>Values are checked when the store applies the batch, against the state at that point of the
 * batch. Stored in primitive arrays; reuse one batch with {@link #clear()}. Not thread-safe.
 */
public final class Mutations {
    private byte[] kinds = new byte[64];
    private long[] ids = new long[64];
    private long[] first = new long[64];
    private long[] second = new long[64];
    private int[] attributes = new int[64];
    private long[] views = new long[64];
    private int size;
    private int accepted;

    /** Creates an empty batch. */
    public Mutations() {
    }

    /**
     * Adds a camera, or moves or changes an existing one (its footage stays).
     *
     * @param camera the camera
     * @return this batch
     */
    public Mutations upsertCamera(Camera camera) {
        Objects.requireNonNull(camera, "camera");
        add(Change.UPSERT, camera.id(), Double.doubleToRawLongBits(camera.latDegrees()), Double.doubleToRawLongBits(camera.lonDegrees()),
            camera.attributes(), camera.packedView());
        return this;
    }

    /**
     * Removes a camera and its footage.
     *
     * @param id the id of an existing camera
     * @return this batch
     */
    public Mutations deleteCamera(long id) {
        add(Change.DELETE, id, 0, 0, 0, 0);
        return this;
    }

    /**
     * Records footage {@code [startMillis, endMillis)} of a camera.
     *
     * @param cameraId the id of an existing camera
     * @param startMillis inclusive start, epoch ms
     * @param endMillis exclusive end, epoch ms
     * @return this batch
     */
    public Mutations addFootage(long cameraId, long startMillis, long endMillis) {
        add(Change.FOOTAGE, cameraId, startMillis, endMillis, 0, 0);
        return this;
    }

    /**
     * Advances the clock.
     *
     * @param nowMillis the new clock, epoch ms
     * @return this batch
     */
    public Mutations advanceClock(long nowMillis) {
        add(Change.CLOCK, 0, nowMillis, 0, 0, 0);
        return this;
    }

    /** @return how many changes the batch holds */
    public int size() {
        return size;
    }

    /**
     * @return after {@link GeoStore#apply}, how many changes from the start of the batch were
     *     made durable and visible: all of them on success, those before the refused one otherwise
     */
    public int accepted() {
        return accepted;
    }

    /**
     * Hands every change of the batch, in order, to a visitor: for code that routes, logs or
     * replicates batches. Allocates a {@link Camera} per upsert.
     *
     * @param visitor receives each change
     */
    public void forEach(Visitor visitor) {
        Objects.requireNonNull(visitor, "visitor");
        for (int i = 0; i < size; i++) {
            switch (kinds[i]) {
                case Change.UPSERT -> visitor.upsertCamera(Camera.rebuilt(ids[i], Double.longBitsToDouble(first[i]),
                    Double.longBitsToDouble(second[i]), attributes[i], views[i]));
                case Change.DELETE -> visitor.deleteCamera(ids[i]);
                case Change.FOOTAGE -> visitor.addFootage(ids[i], first[i], second[i]);
                case Change.CLOCK -> visitor.advanceClock(first[i]);
                default -> throw new AssertionError(kinds[i]);
            }
        }
    }

    /** Receives the changes of a batch, one call per change, with the meanings of the methods that added them. */
    public interface Visitor {
        /**
         * @param camera the camera upserted
         */
        void upsertCamera(Camera camera);

        /**
         * @param id the camera deleted
         */
        void deleteCamera(long id);

        /**
         * @param cameraId the camera
         * @param startMillis inclusive start, epoch ms
         * @param endMillis exclusive end, epoch ms
         */
        void addFootage(long cameraId, long startMillis, long endMillis);

        /**
         * @param nowMillis the new clock, epoch ms
         */
        void advanceClock(long nowMillis);
    }

    /** Empties the batch for reuse. */
    public void clear() {
        size = 0;
        accepted = 0;
    }

    private void add(byte kind, long id, long a, long b, int attrs, long view) {
        if (size == kinds.length) {
            int capacity = size * 2;
            kinds = Arrays.copyOf(kinds, capacity);
            ids = Arrays.copyOf(ids, capacity);
            first = Arrays.copyOf(first, capacity);
            second = Arrays.copyOf(second, capacity);
            attributes = Arrays.copyOf(attributes, capacity);
            views = Arrays.copyOf(views, capacity);
        }
        int i = size++;
        kinds[i] = kind;
        ids[i] = id;
        first[i] = a;
        second[i] = b;
        attributes[i] = attrs;
        views[i] = view;
    }

    /** Change {@code i}, as the {@link Change} tuple, to a sink. */
    void emit(int i, long lsn, Change.Sink sink) {
        sink.change(lsn, kinds[i], ids[i], first[i], second[i], attributes[i], views[i]);
    }

    void accepted(int n) {
        accepted = n;
    }
}
