package io.geomatch.bench.engine;

import com.uber.h3core.H3Core;
import io.geomatch.core.MatchMode;
import io.geomatch.world.CameraWorld;
import io.geomatch.bench.engine.BruteForceScan;
import io.geomatch.bench.engine.Hits;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygonal;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One way of answering "which eligible cameras inside this area hold retained footage from this
 * window", built once over a data set: geomatch itself or one of the peers it is compared with.
 * Every engine answers with exactly the semantics of the README's "Matching contract", and
 * {@code EngineOracleTest} checks each against a brute-force oracle.
 *
 * <p>Use: {@link #create} builds an engine, {@link #prepare} compiles a request once (outside any
 * timing), {@link PreparedQuery#run} answers it into a per-thread {@link Results}, and
 * {@link #ids} reads the answer back. {@link #match} does both steps, for timing a request
 * including its preparation. A request whose area is a set of H3 cells goes through
 * {@link #prepareCells} and {@link #matchCells}, which the engines of {@link #CELL_NAMES} take.
 *
 * <p>Threading: an engine is immutable once built; any number of threads may prepare and run
 * queries at once, each with its own {@link Results}. Close it when done: the Lucene peer deletes
 * its index directory, geomatch drops its off-heap index.
 *
 * @see PreparedQuery
 * @see Results
 */
public abstract class MatchEngine implements AutoCloseable {
    /** geomatch's {@code GeoIndex}. */
    public static final String GEOMATCH = "geomatch";
    /** JTS {@code STRtree} of camera points plus the shared footage filter. */
    public static final String JTS_STRTREE = "jts-strtree";
    /** Lucene {@code LatLonPoint}, {@code LongRange} and doc values. */
    public static final String LUCENE = "lucene";
    /** H3 cells mapped to RoaringBitmaps of cameras plus the shared footage filter. */
    public static final String H3_ROARING = "h3-roaring";
    /** The brute-force {@link BruteForceScan} over every camera. */
    public static final String SCAN = "scan";
    /** Every engine name {@link #create} accepts, geomatch first. */
    public static final List<String> NAMES = List.of(GEOMATCH, JTS_STRTREE, LUCENE, H3_ROARING, SCAN);
    /** The engines that take areas given as H3 cells ({@link #prepareCells}). */
    public static final List<String> CELL_NAMES = List.of(GEOMATCH, H3_ROARING, SCAN);
    private static final H3Core H3 = H3Library.H3;

    private final String name;
    /** The data set's columns, read by the peers and by {@link #ids}. */
    final CameraColumns cameras;
    private final long bucketMillis;

    MatchEngine(String name, CameraColumns cameras, long bucketMillis) {
        this.name = name;
        this.cameras = cameras;
        this.bucketMillis = bucketMillis;
    }

    /**
     * Builds an engine over a data set. The data set's arrays are shared, not copied: the peers
     * keep reading them.
     *
     * @param name one of {@link #NAMES}
     * @param data the cameras and their footage
     * @param bucketMillis the time bucket size {@code B}, ms, at least 1, the same for every
     *     engine that is compared
     * @return the engine; close it when done
     * @throws IllegalArgumentException if the name is unknown or {@code bucketMillis < 1}
     * @throws java.io.UncheckedIOException if the Lucene peer cannot write its index
     */
    public static MatchEngine create(String name, CameraWorld data, long bucketMillis) {
        return create(name, data, bucketMillis, MatchMode.POSITION);
    }

    /**
     * Builds an engine that matches in a given mode. Only geomatch matches by view
     * ({@link MatchMode#VIEW}): the peers find cameras by where they stand.
     *
     * @param name one of {@link #NAMES}
     * @param data the cameras and their footage
     * @param bucketMillis the time bucket size {@code B}, ms, at least 1
     * @param mode what makes a camera match
     * @return the engine; close it when done
     * @throws IllegalArgumentException if the name is unknown, {@code bucketMillis < 1}, or a peer is asked to match by view
     */
    public static MatchEngine create(String name, CameraWorld data, long bucketMillis, MatchMode mode) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(mode, "mode");
        if (mode == MatchMode.VIEW && !GEOMATCH.equals(name)) {
            throw new IllegalArgumentException("matchMode=view is not allowed for engine=" + name + ": only geomatch matches by view");
        }
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("engine=" + name + " is unknown, allowed " + String.join(", ", NAMES));
        }
        if (bucketMillis < 1) {
            throw new IllegalArgumentException("bucketMillis=" + bucketMillis + " is out of range, allowed 1 or more");
        }
        // The only place that reads the data generator: everything below sees CameraColumns.
        CameraColumns cameras = new CameraColumns(data.cameraCount(), data.ids(), data.latDegrees(), data.lonDegrees(),
            data.optedIn(), data.e2ee(), data.retentionDays(), data.footageOffsets(), data.footageStartMillis(),
            data.footageDurationMillis());
        switch (name) {
            case GEOMATCH:
                return new GeomatchEngine(cameras, data.buildIndex(bucketMillis), mode);
            case SCAN:
                return new ScanEngine(cameras, new BruteForceScan(data, bucketMillis), bucketMillis);
            case JTS_STRTREE:
                return new StrTreeEngine(cameras, bucketMillis);
            case LUCENE:
                return new LuceneEngine(cameras, bucketMillis);
            case H3_ROARING:
                return new H3RoaringEngine(cameras, bucketMillis);
            default:
                throw new AssertionError(name);
        }
    }

    /** @return this engine's name, one of {@link #NAMES} */
    public final String name() {
        return name;
    }

    /** @return the number of cameras it was built over */
    public final int cameraCount() {
        return cameras.cameraCount();
    }

    /** @return the time bucket size {@code B}, ms */
    public final long bucketMillis() {
        return bucketMillis;
    }

    /**
     * Compiles a request for this engine. Validates the arguments as geomatch does, then does
     * all per-request work that does not depend on the data: geometry preparation, query
     * objects, coverings, bucket arithmetic. Allocates.
     *
     * @param area a valid, non-empty Polygon or MultiPolygon in (x = lon, y = lat) degrees,
     *     within -180..180 and -90..90; may be concave and have holes
     * @param fromMillis window start, inclusive, epoch ms
     * @param toMillis window end, exclusive, epoch ms, greater than {@code fromMillis}
     * @param nowMillis the instant retention is judged at, epoch ms
     * @return the prepared query, runnable by any thread
     * @throws IllegalArgumentException if the area is not a valid polygonal geometry in range,
     *     or the window is empty
     */
    public final PreparedQuery prepare(Geometry area, long fromMillis, long toMillis, long nowMillis) {
        Objects.requireNonNull(area, "area");
        if (!(area instanceof Polygonal) || area.isEmpty()) {
            throw new IllegalArgumentException("area=" + area.getGeometryType() + " is not allowed, allowed a non-empty Polygon or MultiPolygon");
        }
        Envelope box = area.getEnvelopeInternal();
        if (box.getMinX() < -180 || box.getMaxX() > 180 || box.getMinY() < -90 || box.getMaxY() > 90) {
            throw new IllegalArgumentException("area envelope=" + box + " is out of range, allowed lon -180..180, lat -90..90");
        }
        // An engine that checks its areas itself pays for that in prepareValid; the others get JTS's check here.
        if (!validatesAreas() && !area.isValid()) {
            throw new IllegalArgumentException("area is not a valid polygon (self-intersecting, unclosed or degenerate): " + area);
        }
        if (fromMillis >= toMillis) {
            throw new IllegalArgumentException("toMillis=" + toMillis + " is out of range, allowed more than fromMillis=" + fromMillis);
        }
        return prepareValid(area, fromMillis, toMillis, nowMillis);
    }

    /**
     * {@link #prepare} after validation.
     *
     * @param area a valid Polygon or MultiPolygon in range
     * @param fromMillis window start, inclusive, epoch ms
     * @param toMillis window end, exclusive, epoch ms, greater than {@code fromMillis}
     * @param nowMillis the instant retention is judged at, epoch ms
     * @return the prepared query
     */
    abstract PreparedQuery prepareValid(Geometry area, long fromMillis, long toMillis, long nowMillis);

    /**
     * @return whether {@link #prepareValid} refuses an invalid area itself (with an
     *     {@link IllegalArgumentException}), so that {@link #prepare} need not run JTS's validity
     *     check first; false by default
     */
    boolean validatesAreas() {
        return false;
    }

    /**
     * Checks that an engine takes areas given as H3 cells.
     *
     * @param name an engine name
     * @throws IllegalArgumentException if it does not, naming those that do
     */
    public static void requireCellAreas(String name) {
        if (!CELL_NAMES.contains(name)) {
            throw new IllegalArgumentException("areaKind=h3 is not allowed for engine=" + name + ": only "
                + String.join(", ", CELL_NAMES) + " take H3 cells");
        }
    }

    /**
     * Compiles a request whose area is a set of H3 cells, matched as the contract says: a camera
     * matches cell {@code c} if {@code latLngToCell(lat, lon, resolution(c)) == c}. Only the
     * engines of {@link #CELL_NAMES} take cells. Allocates.
     *
     * @param cells valid H3 cell indexes, at least one; duplicates allowed
     * @param fromMillis window start, inclusive, epoch ms
     * @param toMillis window end, exclusive, epoch ms, greater than {@code fromMillis}
     * @param nowMillis the instant retention is judged at, epoch ms
     * @return the prepared query, runnable by any thread
     * @throws IllegalArgumentException if the engine takes no cells, a cell is invalid or the set
     *     empty, or the window is empty
     */
    public final PreparedQuery prepareCells(long[] cells, long fromMillis, long toMillis, long nowMillis) {
        Objects.requireNonNull(cells, "cells");
        requireCellAreas(name);
        if (cells.length == 0) {
            throw new IllegalArgumentException("cells is empty, give at least one H3 cell");
        }
        for (long cell : cells) {
            if (!H3.isValidCell(cell)) {
                throw new IllegalArgumentException("cells contains " + Long.toHexString(cell) + ", which is not a valid H3 cell index");
            }
        }
        if (fromMillis >= toMillis) {
            throw new IllegalArgumentException("toMillis=" + toMillis + " is out of range, allowed more than fromMillis=" + fromMillis);
        }
        return prepareCellsValid(cells.clone(), fromMillis, toMillis, nowMillis);
    }

    /**
     * {@link #prepareCells} after validation, for the engines of {@link #CELL_NAMES}.
     *
     * @param cells valid H3 cells, at least one, the engine's own copy
     * @param fromMillis window start, inclusive, epoch ms
     * @param toMillis window end, exclusive, epoch ms, greater than {@code fromMillis}
     * @param nowMillis the instant retention is judged at, epoch ms
     * @return the prepared query
     */
    PreparedQuery prepareCellsValid(long[] cells, long fromMillis, long toMillis, long nowMillis) {
        throw new AssertionError(name + " takes no H3 cells");
    }

    /**
     * Prepares and runs a request given as H3 cells in one step, as {@link #match} does for a polygon.
     *
     * @param cells as for {@link #prepareCells}
     * @param fromMillis window start, inclusive, epoch ms
     * @param toMillis window end, exclusive, epoch ms
     * @param nowMillis the instant retention is judged at, epoch ms
     * @param into this thread's results
     * @return how many cameras match
     * @throws IllegalArgumentException as {@link #prepareCells} does
     */
    public final int matchCells(long[] cells, long fromMillis, long toMillis, long nowMillis, Results into) {
        return prepareCells(cells, fromMillis, toMillis, nowMillis).run(into);
    }

    /**
     * Prepares and runs a request in one step: what a caller pays when requests arrive one at a
     * time and nothing is cached.
     *
     * @param area as for {@link #prepare}
     * @param fromMillis window start, inclusive, epoch ms
     * @param toMillis window end, exclusive, epoch ms
     * @param nowMillis the instant retention is judged at, epoch ms
     * @param into this thread's results
     * @return how many cameras match
     * @throws IllegalArgumentException as {@link #prepare} does
     */
    public final int match(Geometry area, long fromMillis, long toMillis, long nowMillis, Results into) {
        return prepare(area, fromMillis, toMillis, nowMillis).run(into);
    }

    /**
     * The ids of the cameras that the last query of this engine into {@code results} found. For
     * tests and reports: allocates and sorts.
     *
     * @param results results that a query prepared by this engine was run into
     * @return the matching camera ids, ascending
     */
    public long[] ids(Results results) {
        Hits hits = results.hits();
        long[] ids = new long[hits.count()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = cameras.ids()[hits.position(i)];
        }
        Arrays.sort(ids);
        return ids;
    }

    /** @return bytes this engine holds outside the Java heap (geomatch's index); 0 if none */
    public long offHeapBytes() {
        return 0;
    }

    /**
     * @return bytes of this engine's spatial part alone (where the cameras are), for engines that
     *     keep it apart from the time part; -1 if the engine does not separate them
     */
    public long spatialBytes() {
        return -1;
    }

    /** @return bytes of this engine's time and eligibility part alone; -1 if not separate */
    public long footageBytes() {
        return -1;
    }

    /** @return bytes of index files this engine keeps on disk (Lucene's directory); 0 if none */
    public long diskBytes() {
        return 0;
    }

    /**
     * Makes this engine's per-thread scratch, once per {@link Results}.
     *
     * @param results the results it will be used with
     * @return the scratch, or null if the engine needs none
     */
    Object newScratch(Results results) {
        return null;
    }

    /** Releases what the engine holds outside the heap. Idempotent. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return name + "[cameras=" + cameras.cameraCount() + ", bucketMillis=" + bucketMillis + "]";
    }
}
