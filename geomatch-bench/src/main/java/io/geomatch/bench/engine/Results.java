package io.geomatch.bench.engine;

import io.geomatch.bench.engine.Hits;
import io.geomatch.core.Matches;
import org.locationtech.jts.geom.Coordinate;

/**
 * A caller-owned, reusable result container for every engine: a {@link Hits} list of camera
 * positions that the peers fill, and a geomatch {@link Matches} that the geomatch engine fills
 * directly, so no engine copies its natural result into another shape. Both grow only when a
 * result is larger than any before, so reuse keeps queries allocation-free on the caller's side.
 *
 * <p>It also keeps an engine's per-thread scratch (a reusable point, a visitor, an iterator or a
 * collector), made on the first query of that engine; switching engines makes new scratch.
 *
 * <p>Not thread-safe: one per thread.
 */
public final class Results {
    private final Hits hits = new Hits();
    private final Matches matches = new Matches();
    /** A point the exact tests overwrite instead of allocating one per camera. */
    final Coordinate point = new Coordinate();
    private MatchEngine scratchOwner;
    private Object scratch;

    /** Creates empty results. */
    public Results() {
    }

    /** @return the camera positions the last peer query found, in no particular order */
    public Hits hits() {
        return hits;
    }

    /** @return the ordinals the last geomatch query found */
    public Matches matches() {
        return matches;
    }

    /**
     * @param engine the engine about to run a query with these results
     * @return the engine's scratch for this thread, made on first use
     */
    Object scratch(MatchEngine engine) {
        if (scratchOwner != engine) {
            scratch = engine.newScratch(this);
            scratchOwner = engine;
        }
        return scratch;
    }
}
