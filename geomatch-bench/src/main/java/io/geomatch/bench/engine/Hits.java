package io.geomatch.bench.engine;

import java.util.Arrays;

/**
 * A caller-owned, reusable list of camera positions found by {@link BruteForceScan} and the peer
 * engines of {@link io.geomatch.bench.engine}, the baselines' counterpart of geomatch's
 * {@code Matches}. It grows only when a result is larger than any before, so reuse keeps the
 * baselines' own bookkeeping allocation-free. Positions are kept in the order they were added.
 * Not thread-safe.
 */
public final class Hits {
    private int[] positions = new int[256];
    private int size;

    /** Creates an empty list. */
    public Hits() {
    }

    /** Empties the list, keeping its capacity. */
    public void clear() {
        size = 0;
    }

    /**
     * Appends a camera position, growing the list if it is full.
     *
     * @param position the camera position, an index into the data set's arrays
     */
    public void add(int position) {
        if (size == positions.length) {
            positions = Arrays.copyOf(positions, size * 2);
        }
        positions[size++] = position;
    }

    /** @return how many cameras were found */
    public int count() {
        return size;
    }

    /**
     * @param i index in the result, {@code 0..count()-1}
     * @return the camera position (index into the {@link io.geomatch.world.CameraWorld}'s arrays), in the order added
     * @throws IndexOutOfBoundsException if {@code i} is out of range
     */
    public int position(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("index=" + i + " count=" + size);
        }
        return positions[i];
    }
}
