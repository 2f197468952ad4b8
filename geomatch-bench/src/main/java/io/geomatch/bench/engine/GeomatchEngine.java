package io.geomatch.bench.engine;

import io.geomatch.core.Area;
import io.geomatch.core.GeoIndex;
import io.geomatch.core.MatchMode;
import org.locationtech.jts.geom.Geometry;

/**
 * geomatch itself: a {@link GeoIndex} built from the data set. {@code prepare} compiles the
 * geometry with {@link Area#polygon}, {@code prepareCells} the cells with {@link Area#h3Cells};
 * {@code run} is {@link GeoIndex#match} straight into the
 * results' {@link io.geomatch.core.Matches}, whose ordinals are read back without a copy, by
 * position or by view.
 */
final class GeomatchEngine extends MatchEngine {
    private final GeoIndex index;
    private final MatchMode mode;

    GeomatchEngine(CameraColumns cameras, GeoIndex index, MatchMode mode) {
        super(GEOMATCH, cameras, index.bucketMillis());
        this.index = index;
        this.mode = mode;
    }

    @Override
    PreparedQuery prepareValid(Geometry area, long fromMillis, long toMillis, long nowMillis) {
        return new Query(index, Area.polygon(area), fromMillis, toMillis, nowMillis, mode);
    }

    /** {@link Area#polygon} checks the area by the same rules as JTS and refuses an invalid one. */
    @Override
    boolean validatesAreas() {
        return true;
    }

    @Override
    PreparedQuery prepareCellsValid(long[] cells, long fromMillis, long toMillis, long nowMillis) {
        if (mode != MatchMode.POSITION) {
            throw new IllegalArgumentException("areaKind=h3 is not allowed with matchMode=" + mode.name().toLowerCase(java.util.Locale.ROOT)
                + ": H3 cells match by position only");
        }
        return new Query(index, Area.h3Cells(cells), fromMillis, toMillis, nowMillis, mode);
    }

    @Override
    public long[] ids(Results results) {
        return results.matches().ids();
    }

    @Override
    public long offHeapBytes() {
        return index.offHeapBytes();
    }

    @Override
    public long spatialBytes() {
        return index.spatialBytes();
    }

    @Override
    public long footageBytes() {
        return index.footageBytes();
    }

    @Override
    public void close() {
        index.close();
    }

    /** The compiled area and the raw window: geomatch does its bucket arithmetic per match. */
    private record Query(GeoIndex index, Area area, long fromMillis, long toMillis, long nowMillis, MatchMode mode)
        implements PreparedQuery {
        @Override
        public int run(Results into) {
            index.match(area, fromMillis, toMillis, nowMillis, mode, into.matches());
            return into.matches().count();
        }

        @Override
        public String toString() {
            return "geomatch " + area + " [" + fromMillis + ", " + toMillis + ") now=" + nowMillis + " by " + mode;
        }
    }
}
