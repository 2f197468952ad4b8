package io.geomatch.core.internal.query;

/**
 * Changes laid over a sealed index by a live index: the footage pass asks it about every
 * candidate, and lets it decide the cameras it knows about. Implementations are immutable views,
 * safe to query from any thread.
 */
public interface Overlay {
    /**
     * @param ordinal a candidate camera of the sealed index
     * @return the overlay's slot for that camera, or -1 if the overlay does not know it (then the
     *     sealed index decides it alone)
     */
    int changedSlot(int ordinal);

    /**
     * Decides a camera the overlay knows about, with the query's tables in {@code scratch}.
     *
     * @param ordinal the camera's ordinal in the sealed index
     * @param slot its slot, from {@link #changedSlot}
     * @param scratch the query's working memory (its retention tables are set)
     * @param lastBucket the window's last bucket, relative to the sealed index's base bucket
     * @return whether the camera belongs in the result's ordinals
     */
    boolean matchesChanged(int ordinal, int slot, QueryScratch scratch, long lastBucket);
}
