package io.geomatch.core.internal.query;

import io.geomatch.core.internal.memory.Shared;

import java.util.Arrays;

/**
 * The answer of a query: the ordinals of the matching cameras of a sealed index, ascending, and,
 * for a live query, the ids of matching cameras that changed since the index's last merge (they
 * have no ordinal). It grows as needed and is refilled by every query. A counting result keeps
 * no delta ids. Not thread-safe.
 *
 * <p>Ids of ordinals are read from the index's off-heap ids column, which the index may free: a
 * live query copies them ({@link #resolveIds()}) before it lets the segment go; otherwise each
 * read retains the segment's memory, and fails with an {@link IllegalStateException} once it is freed.
 */
public final class MatchResult {
    private final boolean keepIds;
    private int[] ordinals;
    private int size;
    private SealedIndex index;
    /** Ids of matching cameras that live in a live index's delta, in no order. */
    private long[] deltaIds = new long[0];
    private int deltaSize;
    /** The ids of {@link #ordinals}, when {@link #idsResolved}. */
    private long[] ordinalIds = new long[0];
    private boolean idsResolved;

    /**
     * @param keepIds whether ordinals and ids can be read back ({@code false}: only the count)
     * @param capacity initial room for ordinals
     */
    public MatchResult(boolean keepIds, int capacity) {
        this.keepIds = keepIds;
        this.ordinals = new int[capacity];
    }

    /** Empties the result for a query of {@code source}. */
    void reset(SealedIndex source) {
        index = source;
        size = 0;
        deltaSize = 0;
        idsResolved = false;
    }

    /**
     * Copies the ids of the ordinals out of the index, which the caller holds: afterwards the
     * result reads no segment memory. Nothing for a counting result.
     */
    public void resolveIds() {
        if (!keepIds) {
            return;
        }
        if (ordinalIds.length < size) {
            ordinalIds = new long[Math.max(size, ordinalIds.length * 2)];
        }
        for (int i = 0; i < size; i++) {
            ordinalIds[i] = index.cameraId(ordinals[i]);
        }
        idsResolved = true;
    }

    /** @return whether ordinals and ids can be read back */
    public boolean keepsIds() {
        return keepIds;
    }

    /** Makes room for {@code more} ordinals, for a caller that writes them itself into {@link #ordinalArray()}. */
    void reserve(int more) {
        if (ordinals.length - size < more) {
            ordinals = Arrays.copyOf(ordinals, Math.max(ordinals.length * 2, size + more));
        }
    }

    int[] ordinalArray() {
        return ordinals;
    }

    void setSize(int newSize) {
        size = newSize;
    }

    /** Appends an ordinal beyond every ordinal so far. */
    void add(int ordinal) {
        if (size == ordinals.length) {
            ordinals = Arrays.copyOf(ordinals, Math.max(16, size * 2));
        }
        assert size == 0 || ordinals[size - 1] < ordinal : "ordinals must ascend";
        ordinals[size] = ordinal;
        size++;
    }

    /**
     * Adds a matching camera that has no ordinal: it changed since the last merge of a live index.
     *
     * @param id its id
     */
    public void addDeltaId(long id) {
        if (keepIds) {
            if (deltaSize == deltaIds.length) {
                deltaIds = Arrays.copyOf(deltaIds, Math.max(16, deltaSize * 2));
            }
            deltaIds[deltaSize] = id;
        }
        deltaSize++;
    }

    /** @return how many cameras match */
    public int count() {
        return size + deltaSize;
    }

    /** @return how many matches have an ordinal; they come first */
    public int ordinalCount() {
        return size;
    }

    /**
     * @param i position, {@code 0..ordinalCount()-1}
     * @return the ordinal there
     */
    public int ordinal(int i) {
        return ordinals[i];
    }

    /**
     * @param i position, {@code 0..count()-1}
     * @return the camera id there
     */
    public long id(int i) {
        if (i >= size) {
            return deltaIds[i - size];
        }
        if (idsResolved) {
            return ordinalIds[i];
        }
        Shared memory = retainIndex();
        try {
            return index.cameraId(ordinals[i]);
        } finally {
            memory.release();
        }
    }

    /** @return every matching id, ascending; allocates */
    public long[] ids() {
        long[] ids = new long[size + deltaSize];
        if (idsResolved) {
            System.arraycopy(ordinalIds, 0, ids, 0, size);
        } else if (size > 0) {
            Shared memory = retainIndex();
            try {
                for (int i = 0; i < size; i++) {
                    ids[i] = index.cameraId(ordinals[i]);
                }
            } finally {
                memory.release();
            }
        }
        System.arraycopy(deltaIds, 0, ids, size, deltaSize);
        Arrays.sort(ids);
        return ids;
    }

    private Shared retainIndex() {
        Shared memory = index.memory();
        if (!memory.tryRetain()) {
            throw new IllegalStateException("the index this result came from is closed and its memory released: "
                + "read a result's ids before closing the index");
        }
        return memory;
    }
}
