package io.geomatch.world;

import io.geomatch.core.testing.BruteForce;
import org.locationtech.jts.geom.Geometry;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * A {@link CameraWorld} read by the project's one oracle, {@link BruteForce}, for the tests of
 * this module and of the benchmarks (through this module's test jar).
 */
public final class WorldOracle {
    private static final Map<CameraWorld, BruteForce.Fleet> FLEETS = new WeakHashMap<>();

    private WorldOracle() {
    }

    /**
     * @param world a world
     * @return its cameras and footage as the oracle reads them (made once per world)
     */
    public static synchronized BruteForce.Fleet fleet(CameraWorld world) {
        return FLEETS.computeIfAbsent(world, w -> BruteForce.withViews(BruteForce.grouped(w.ids(), w.latDegrees(), w.lonDegrees(),
            w.optedIn(), w.e2ee(), w.retentionDays(), w.footageOffsets(), w.footageStartMillis(), w.footageDurationMillis()),
            w::hasView, w::viewHeadingDegrees, w::viewFieldOfViewDegrees, w::viewRangeMeters));
    }

    /**
     * @param world the cameras and their footage
     * @param area polygons in (x = lon, y = lat) degrees
     * @param fromMillis window start, inclusive
     * @param toMillis window end, exclusive
     * @param nowMillis when retention is judged
     * @param bucketMillis the bucket size
     * @return the ids that match, ascending
     */
    public static long[] ids(CameraWorld world, Geometry area, long fromMillis, long toMillis, long nowMillis, long bucketMillis) {
        return BruteForce.matchPolygons(fleet(world), bucketMillis, area, fromMillis, toMillis, nowMillis);
    }

    /**
     * @param world the cameras and their footage
     * @param cells H3 cells of any resolutions
     * @param fromMillis window start, inclusive
     * @param toMillis window end, exclusive
     * @param nowMillis when retention is judged
     * @param bucketMillis the bucket size
     * @return the ids that match an area of H3 cells ({@code latLngToCell}), ascending
     */
    public static long[] cellIds(CameraWorld world, long[] cells, long fromMillis, long toMillis, long nowMillis, long bucketMillis) {
        return BruteForce.match(fleet(world), bucketMillis, BruteForce.cells(cells), fromMillis, toMillis, nowMillis);
    }

    /**
     * The ids that match by view, where the answer does not depend on rounding (cameras the
     * contract lets answer either way are left out, of {@code ambiguous} too).
     *
     * @param world the cameras and their footage
     * @param area polygons in (x = lon, y = lat) degrees
     * @param fromMillis window start, inclusive
     * @param toMillis window end, exclusive
     * @param nowMillis when retention is judged
     * @param bucketMillis the bucket size
     * @param ambiguous filled: the cameras that may answer either way
     * @return the ids that match, ascending
     */
    public static long[] viewIds(CameraWorld world, Geometry area, long fromMillis, long toMillis, long nowMillis, long bucketMillis,
                                 boolean[] ambiguous) {
        boolean[] inside = BruteForce.viewInside(fleet(world), area, ambiguous);
        return BruteForce.match(fleet(world), bucketMillis, inside, fromMillis, toMillis, nowMillis);
    }
}
