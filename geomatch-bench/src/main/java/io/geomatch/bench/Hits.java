package io.geomatch.bench;

import java.util.Arrays;

/**
 * A caller-owned, reusable list of camera positions found by {@link BruteForceScan}, the
 * baseline's counterpart of geomatch's {@code Matches}. It grows only when a result is larger
 * than any before, so reuse keeps the scan's own bookkeeping allocation-free. Not thread-safe.
 */
public final class Hits {
    private int[] positions = new int[256];
    private int size;

    /** Creates an empty list. */
    public Hits() {
    }

    void clear() {
        size = 0;
    }

    void add(int position) {
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
     * @return the camera position (index into the {@link io.geomatch.world.CameraWorld}'s arrays), ascending in i
     * @throws IndexOutOfBoundsException if {@code i} is out of range
     */
    public int position(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("index=" + i + " count=" + size);
        }
        return positions[i];
    }
}
