package io.geomatch.core.internal.live;

import java.util.Arrays;

/**
 * Finds a sealed index's ordinal from a camera id: an open-addressing table of ordinals, hashed
 * by id, that compares against the index's own id column instead of storing ids again (4 bytes
 * per slot, at most two thirds full: 6 to 12 bytes per camera on the heap). Immutable once built; safe
 * from any thread.
 */
public final class OrdinalsById {
    /** Reads the id stored at an ordinal. */
    @FunctionalInterface
    public interface IdColumn {
        /**
         * @param ordinal a position, {@code 0..count-1}
         * @return the id there
         */
        long idAt(int ordinal);
    }

    private static final int EMPTY = -1;
    private final IdColumn ids;
    private final int[] table;
    private final int mask;

    /**
     * @param count how many ordinals
     * @param ids the id column; ids are unique
     */
    public OrdinalsById(int count, IdColumn ids) {
        this.ids = ids;
        long wanted = Math.max(2L, (long) count + count / 2);
        int size = (int) Math.min(1L << 30, Long.highestOneBit(wanted - 1) << 1);
        this.table = new int[size];
        this.mask = size - 1;
        Arrays.fill(table, EMPTY);
        for (int o = 0; o < count; o++) {
            int h = hash(ids.idAt(o)) & mask;
            while (table[h] != EMPTY) {
                h = (h + 1) & mask;
            }
            table[h] = o;
        }
    }

    /**
     * @param id a camera id
     * @return its ordinal, or {@link Delta#NONE}
     */
    public int ordinalOf(long id) {
        int h = hash(id) & mask;
        for (int o = table[h]; o != EMPTY; o = table[h]) {
            if (ids.idAt(o) == id) {
                return o;
            }
            h = (h + 1) & mask;
        }
        return Delta.NONE;
    }

    private static int hash(long id) {
        long h = id * 0x9E37_79B9_7F4A_7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
