package io.geomatch.core.internal.live;

/**
 * Carries an old delta's rows that a merge did not fold in over to a fresh delta, in their
 * original order: a version was staged after the footage rows below its
 * {@link Delta#versionFootageCountAt} and before the rest. Used by one merge, on one thread at a
 * time (first the merge thread without the writer's lock, then the writer's lock holder for the
 * last few rows).
 *
 * <p>After a freeze (the delta's footage became a tier over the same base), the fresh delta first
 * receives the newest version of every camera the frozen prefix changed, with its reset generation,
 * so that the delta keeps every camera version since the last full merge; camera keys carry over
 * unchanged. After a full merge the fresh delta lies over the new base: only the rows staged
 * meanwhile carry over, and cameras the new base does not hold get new keys.
 */
final class CarryOver {
    private final Delta old;
    private final Delta fresh;
    /** The new base's cameras by id, after a full merge; {@code null} after a freeze (same base). */
    private final OrdinalsById newBaseIds;
    private int v;
    private int f;
    /** The fresh delta's counts when the replay passed the published state's counts, or {@code null}. */
    private int[] shown;

    /**
     * @param merged the state the merge folded in: rows beyond its counts are carried over
     * @param fresh the new delta
     * @param newBaseIds after a full merge, finds the new base's cameras by id; {@code null} after a freeze
     */
    CarryOver(LiveState merged, Delta fresh, OrdinalsById newBaseIds) {
        this.old = merged.delta();
        this.fresh = fresh;
        this.newBaseIds = newBaseIds;
        this.v = merged.versions();
        this.f = merged.footageRows();
        if (newBaseIds == null) {
            for (int s = 0; s < merged.slots(); s++) {
                int latest = old.latestVersion(s, merged.versions());
                if (latest != Delta.NONE) {
                    int slot = fresh.addSlot(old.slotId(s), old.slotKey(s));
                    fresh.appendCarriedVersion(slot, old.versionLat(latest), old.versionLon(latest), old.versionAttrs(latest),
                        old.versionView(latest), old.versionResetGen(latest));
                }
            }
        }
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
                int slot = slotIn(old.versionSlot(v));
                fresh.appendVersion(slot, old.versionLat(v), old.versionLon(v), old.versionAttrs(v), old.versionView(v));
                v++;
            } else {
                fresh.appendFootage(slotIn(old.footageSlot(f)), old.footageFirst(f), old.footageLast(f));
                f++;
            }
        }
    }

    /** @return the fresh slot of the camera of an old slot, made if needed */
    private int slotIn(int oldSlot) {
        long id = old.slotId(oldSlot);
        int key;
        if (newBaseIds == null) {
            key = old.slotKey(oldSlot);
        } else {
            key = newBaseIds.ordinalOf(id);
        }
        int slot = key >= 0 && key < fresh.baseCameras() ? fresh.slotOfBase(key) : fresh.slotOfNew(id);
        if (slot != Delta.NONE) {
            return slot;
        }
        return fresh.addSlot(id, key >= 0 ? key : fresh.newKey());
    }
}
