package io.geomatch.core.internal.live;

import io.geomatch.core.internal.memory.Shared;
import io.geomatch.core.internal.query.SealedIndex;

/**
 * One set of sealed segments a live index reads, with the delta laid over them: a base, its
 * footage tiers (oldest first) and the delta whose published prefixes the states of this
 * generation show. A merge makes a new generation; compaction replaces some tiers and keeps the
 * delta.
 *
 * <p>Memory: a generation holds each of its segments once, and is itself held by the writer while
 * it is current, by every query running on one of its states, and by every open view of one; when
 * the last of those lets go, it lets go of its segments, and those no newer generation holds are
 * freed at once (see {@code internal.memory}). The delta is on the heap and goes with the last
 * state that refers to it.
 */
final class Generation {
    final SealedIndex base;
    final OrdinalsById baseIds;
    final FootageTier[] tiers;
    final Delta delta;
    final Shared memory;
    /** Off-heap bytes of the base and tiers. */
    final long bytes;

    /**
     * Takes one hold on the base and on every tier; the caller holds the new generation once.
     *
     * @param base the base, held by the caller
     * @param baseIds finds base cameras by id
     * @param tiers the tiers, oldest first, held by the caller
     * @param delta the delta over them
     */
    Generation(SealedIndex base, OrdinalsById baseIds, FootageTier[] tiers, Delta delta) {
        this.base = base;
        this.baseIds = baseIds;
        this.tiers = tiers;
        this.delta = delta;
        base.memory().retain();
        long b = base.offHeapBytes();
        for (FootageTier t : tiers) {
            t.memory().retain();
            b += t.bytes();
        }
        this.bytes = b;
        this.memory = new Shared("a state of the live index (its memory was released: the index or view is closed)", () -> {
            base.memory().release();
            for (FootageTier t : tiers) {
                t.memory().release();
            }
        });
    }

    /** @return footage runs in the tiers */
    long tierRuns() {
        long runs = 0;
        for (FootageTier t : tiers) {
            runs += t.runCount();
        }
        return runs;
    }
}
