package io.geomatch.core.internal.live;

import io.geomatch.core.internal.query.Overlay;
import io.geomatch.core.internal.query.QueryScratch;

/**
 * The per-query part of a live query, reused by one thread's queries: which tiers the window may
 * meet, whether the delta's footage may, and the state being queried, so that the base pass can
 * ask about each candidate without allocating. One per querying thread (the API's {@code Matches}
 * owns one); not thread-safe. It refers to a state only during a query, so an idle one keeps no
 * delta alive.
 */
public final class LiveQuery implements Overlay {
    /** {@link #changedSlot}'s answer for a base camera the delta does not know that a tier may hold footage of. */
    static final int TIER_ONLY = Integer.MAX_VALUE;

    LiveState state;
    /** The tiers whose buckets the window may meet, as indexes into the state's tiers. */
    int[] tiers = new int[8];
    int tierCount;
    /** Whether the delta's footage may meet the window. */
    boolean deltaFootage;

    /** Sets the window of a query on {@code s}. */
    void prepare(LiveState s, FootageTier[] all, long firstBucket, long lastBucket, boolean deltaMayMeet) {
        state = s;
        deltaFootage = deltaMayMeet;
        if (tiers.length < all.length) {
            tiers = new int[all.length];
        }
        int n = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i].mayMeet(firstBucket, lastBucket)) {
                tiers[n++] = i;
            }
        }
        tierCount = n;
    }

    /** Forgets the state: called when the query ends. */
    void done() {
        state = null;
    }

    /**
     * @param all the state's tiers
     * @param key a camera key
     * @param resetGen the camera's reset generation ({@link Delta#NONE}: never reset, every tier counts)
     * @param firstBucket first bucket, absolute
     * @param lastBucket last bucket, absolute
     * @return whether a tier the window may meet, at or after the reset, holds a run of the camera in the range
     */
    boolean tiersMeet(FootageTier[] all, int key, int resetGen, long firstBucket, long lastBucket) {
        for (int i = 0; i < tierCount; i++) {
            FootageTier t = all[tiers[i]];
            if (t.genHi() >= resetGen && t.meets(key, firstBucket, lastBucket)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int changedSlot(int ordinal) {
        int s = state.changedSlot(ordinal);
        return s >= 0 ? s : tierCount > 0 ? TIER_ONLY : -1;
    }

    @Override
    public boolean matchesChanged(int ordinal, int slot, QueryScratch scratch, long lastBucket) {
        return state.matchesChanged(ordinal, slot, scratch, lastBucket, this);
    }
}
