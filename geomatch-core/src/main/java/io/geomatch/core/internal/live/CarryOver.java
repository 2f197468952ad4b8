package io.geomatch.core.internal.live;

/**
 * Carries the rows of an old delta that a merge did not fold in over to a fresh delta over the
 * merged base, in their original order: a version was staged after the footage rows below its
 * {@link Delta#versionFootageCountAt} and before the rest. Used by one merge, on one thread at a
 * time (first the merge thread without the writer's lock, then the writer's lock holder for the
 * last few rows).
 */
final class CarryOver {
    private final Delta old;
    private final Delta fresh;
    private final OrdinalsById ids;
    private int v;
    private int f;
    /** The fresh delta's counts when the replay passed the published state's counts, or {@code null}. */
    private int[] shown;

    /**
     * @param merged the state the merge folded in: rows beyond its counts are carried over
     * @param fresh the new delta
     * @param ids finds cameras of the merged base by id
     */
    CarryOver(LiveState merged, Delta fresh, OrdinalsById ids) {
        this.old = merged.delta();
        this.fresh = fresh;
        this.ids = ids;
        this.v = merged.versions();
        this.f = merged.footageRows();
    }

    /** @return the fresh delta */
    Delta fresh() {
        return fresh;
    }

    /** @return the fresh counts {slots, versions, footage} that show what {@code show} showed, once passed */
    int[] shown() {
        return shown;
    }

    /** Replays up to the given counts; records the fresh counts on passing those of {@code show}. */
    void to(int versionEnd, int footageEnd, LiveState show) {
        while (true) {
            if (show != null && shown == null && v == show.versions() && f == show.footageRows()) {
                shown = new int[] {fresh.slotCount(), fresh.versionCount(), fresh.footageCount()};
            }
            boolean versionsLeft = v < versionEnd;
            boolean footageLeft = f < footageEnd;
            if (!versionsLeft && !footageLeft) {
                return;
            }
            if (versionsLeft && (!footageLeft || old.versionFootageCountAt(v) <= f)) {
                long id = old.slotId(old.versionSlot(v));
                fresh.appendVersion(slotIn(id), old.versionLat(v), old.versionLon(v), old.versionAttrs(v), old.versionView(v));
                v++;
            } else {
                long id = old.slotId(old.footageSlot(f));
                fresh.appendFootage(slotIn(id), old.footageFirst(f), old.footageLast(f));
                f++;
            }
        }
    }

    private int slotIn(long id) {
        int slot = fresh.slotOf(id);
        return slot != Delta.NONE ? slot : fresh.addSlot(id, ids.ordinalOf(id));
    }
}
