package io.geomatch.bench.engine;

import io.geomatch.bench.engine.BruteForceScan;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * The brute-force baseline, {@link BruteForceScan}, unchanged: every camera's coordinates against
 * the area's bounding box, then eligibility, JTS {@code PreparedGeometry.covers} on a fresh point
 * and the raw footage intervals. {@code prepare} prepares the JTS geometry; {@code prepareCells}
 * sorts H3 cells by resolution, which the scan then tests with {@code latLngToCell}. It is the one engine
 * that evaluates the time rule on the unmerged intervals, as a first implementation would.
 */
final class ScanEngine extends MatchEngine {
    private final BruteForceScan scanner;

    ScanEngine(CameraColumns cameras, BruteForceScan scanner, long bucketMillis) {
        super(SCAN, cameras, bucketMillis);
        this.scanner = scanner;
    }

    @Override
    PreparedQuery prepareValid(Geometry area, long fromMillis, long toMillis, long nowMillis) {
        return new Query(scanner, PreparedGeometryFactory.prepare(area), fromMillis, toMillis, nowMillis);
    }

    @Override
    PreparedQuery prepareCellsValid(long[] cells, long fromMillis, long toMillis, long nowMillis) {
        return new CellQuery(scanner, scanner.cellSet(cells), fromMillis, toMillis, nowMillis);
    }

    /** The prepared cells and the raw window. */
    private record CellQuery(BruteForceScan scanner, BruteForceScan.CellSet cells, long fromMillis, long toMillis, long nowMillis)
        implements PreparedQuery {
        @Override
        public int run(Results into) {
            return scanner.matchCells(cells, fromMillis, toMillis, nowMillis, into.hits());
        }
    }

    /** The prepared geometry and the raw window. */
    private record Query(BruteForceScan scanner, PreparedGeometry area, long fromMillis, long toMillis, long nowMillis)
        implements PreparedQuery {
        @Override
        public int run(Results into) {
            return scanner.match(area, fromMillis, toMillis, nowMillis, into.hits());
        }
    }
}
