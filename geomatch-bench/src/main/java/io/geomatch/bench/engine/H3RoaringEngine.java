package io.geomatch.bench.engine;

import com.uber.h3core.H3Core;
import com.uber.h3core.PolygonToCellsFlags;
import com.uber.h3core.util.LatLng;
import io.geomatch.bench.engine.Hits;
import org.locationtech.jts.densify.Densifier;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.operation.distance.IndexedFacetDistance;
import org.roaringbitmap.IntIteratorFlyweight;
import org.roaringbitmap.RoaringBitmap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The common "H3 cell to bitmap" index: every camera's cell at {@link #RESOLUTION} from h3-java
 * {@code latLngToCell}, and per occupied cell a {@link RoaringBitmap} of its camera positions,
 * found through a sorted {@code long[]} of cells and a binary search.
 *
 * <p>Preparing a request: h3-java {@code polygonToCellsExperimental} with
 * {@link PolygonToCellsFlags#containment_overlapping} covers the area, then each occupied cell of
 * the covering is classified in Java from its {@code cellToBoundary} vertices: a cell whose
 * boundary polygon the area covers with at least {@link #SAFETY_MARGIN_DEGREES} to spare is
 * <em>interior</em> and contributes its whole bitmap without point tests; any other is a
 * <em>boundary</em> cell whose cameras get the exact {@link ExactArea} test. Running it walks the
 * bitmaps with a per-thread {@link IntIteratorFlyweight} and applies the shared
 * {@link FootageFilter}.
 *
 * <p>Why the margin keeps it exact: H3 cell edges are great-circle arcs between the boundary
 * vertices, while the contract is planar in lon/lat degrees; at resolution 10 the two differ by
 * about 1e-9 degrees. So the covering is made for the area buffered by the margin and densified
 * to {@link #DENSIFY_DEGREES} (whether H3 draws the polygon's own edges planar or geodesic, no
 * camera the area covers can then lie in a cell the covering misses), and "interior" demands the
 * margin too. The prepare step costs about 180 µs (measured when the project began) for a
 * 0.5 mi² square at resolution 10, and allocates boxed lists: that is h3-java's API.
 *
 * <p>An area given as res-10 cells ({@link #prepareCells}) needs none of this: the cells' bitmaps
 * are the answer's spatial part as they stand.
 *
 * <p>Areas must be less than 180 degrees of longitude wide (H3 reads wider ones as crossing the
 * antimeridian). Thread-safe: the bitmaps are only read after construction.
 */
final class H3RoaringEngine extends MatchEngine {
    /** H3 resolution of the cells: res 10 cells average 0.015 km², about 86 to a 0.5 mi² area. */
    static final int RESOLUTION = 10;
    /** Safety margin, degrees (about 0.1 m), far above the 1e-9 degree geodesic-versus-planar gap. */
    static final double SAFETY_MARGIN_DEGREES = 1e-6;
    /** Longest polygon edge handed to H3, degrees, so that edge curvature stays below the margin. */
    static final double DENSIFY_DEGREES = 0.01;

    private final H3Core h3;
    private final FootageFilter filter;
    private final GeometryFactory factory = new GeometryFactory();
    /** Occupied cells, ascending. */
    private final long[] cells;
    /** Camera positions per entry of {@link #cells}. */
    private final RoaringBitmap[] bitmaps;

    H3RoaringEngine(CameraColumns cameras, long bucketMillis) {
        super(H3_ROARING, cameras, bucketMillis);
        this.h3 = H3Library.H3;
        this.filter = new FootageFilter(cameras, bucketMillis);
        int n = cameras.cameraCount();
        double[] lat = cameras.latDegrees();
        double[] lon = cameras.lonDegrees();
        long[] cellOf = new long[n];
        // About 0.7 µs per JNI call: worth both cores.
        IntStream.range(0, n).parallel().forEach(i -> cellOf[i] = h3.latLngToCell(lat[i], lon[i], RESOLUTION));
        long[] sorted = cellOf.clone();
        Arrays.parallelSort(sorted);
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || sorted[i] != sorted[distinct - 1]) {
                sorted[distinct++] = sorted[i];
            }
        }
        this.cells = Arrays.copyOf(sorted, distinct);
        // Camera positions grouped by cell (counting sort), ascending within each cell.
        int[] cellIndex = new int[n];
        int[] offsets = new int[distinct + 1];
        IntStream.range(0, n).parallel().forEach(i -> cellIndex[i] = Arrays.binarySearch(cells, cellOf[i]));
        for (int i = 0; i < n; i++) {
            offsets[cellIndex[i] + 1]++;
        }
        for (int c = 0; c < distinct; c++) {
            offsets[c + 1] += offsets[c];
        }
        int[] grouped = new int[n];
        int[] fill = Arrays.copyOf(offsets, distinct);
        for (int i = 0; i < n; i++) {
            grouped[fill[cellIndex[i]]++] = i;
        }
        this.bitmaps = new RoaringBitmap[distinct];
        IntStream.range(0, distinct).parallel().forEach(c -> {
            RoaringBitmap bitmap = new RoaringBitmap();
            bitmap.addN(grouped, offsets[c], offsets[c + 1] - offsets[c]);
            bitmap.runOptimize();
            bitmap.trim();
            bitmaps[c] = bitmap;
        });
    }

    @Override
    PreparedQuery prepareValid(Geometry area, long fromMillis, long toMillis, long nowMillis) {
        if (area.getEnvelopeInternal().getWidth() >= 180) {
            throw new IllegalArgumentException("area is " + area.getEnvelopeInternal().getWidth()
                + " degrees of longitude wide, allowed less than 180 for H3");
        }
        int[] occupied = covering(area);
        PreparedGeometry prepared = PreparedGeometryFactory.prepare(area);
        IndexedFacetDistance edges = new IndexedFacetDistance(area);
        int[] interior = new int[occupied.length];
        int[] boundary = new int[occupied.length];
        int interiorCount = 0;
        int boundaryCount = 0;
        for (int c : occupied) {
            Polygon cell = cellPolygon(cells[c]);
            if (prepared.covers(cell) && !edges.isWithinDistance(cell, SAFETY_MARGIN_DEGREES)) {
                interior[interiorCount++] = c;
            } else {
                boundary[boundaryCount++] = c;
            }
        }
        return new Query(this, new ExactArea(area), Arrays.copyOf(interior, interiorCount),
            Arrays.copyOf(boundary, boundaryCount), filter.window(fromMillis, toMillis, nowMillis));
    }

    /**
     * Cells given as the area are this index's own unit: each cell's bitmap holds exactly the
     * cameras {@code latLngToCell} puts in it, so every occupied cell is taken whole, with no
     * point test. Only cells of the index's resolution can be answered that way.
     */
    @Override
    PreparedQuery prepareCellsValid(long[] area, long fromMillis, long toMillis, long nowMillis) {
        long[] distinct = Arrays.stream(area).sorted().distinct().toArray();
        int[] occupied = new int[distinct.length];
        int count = 0;
        for (long cell : distinct) {
            int res = h3.getResolution(cell);
            if (res != RESOLUTION) {
                throw new IllegalArgumentException("cells contains " + Long.toHexString(cell) + " of resolution " + res
                    + ", allowed only resolution " + RESOLUTION + " (the cells engine=h3-roaring indexes)");
            }
            int c = Arrays.binarySearch(cells, cell);
            if (c >= 0) {
                occupied[count++] = c;
            }
        }
        return new Query(this, null, Arrays.copyOf(occupied, count), new int[0], filter.window(fromMillis, toMillis, nowMillis));
    }

    /** @return indexes into {@link #cells} of the occupied cells the padded area overlaps, ascending, distinct */
    private int[] covering(Geometry area) {
        Geometry padded = Densifier.densify(area.buffer(SAFETY_MARGIN_DEGREES, 2), DENSIFY_DEGREES);
        int[] found = new int[16];
        int size = 0;
        for (Polygon polygon : ExactArea.polygons(padded)) {
            List<List<LatLng>> holes = new ArrayList<>(polygon.getNumInteriorRing());
            for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
                holes.add(H3Covering.loop(polygon.getInteriorRingN(h)));
            }
            for (long cell : h3.polygonToCellsExperimental(H3Covering.loop(polygon.getExteriorRing()), holes, RESOLUTION,
                    PolygonToCellsFlags.containment_overlapping)) {
                int c = Arrays.binarySearch(cells, cell);
                if (c >= 0) {
                    if (size == found.length) {
                        found = Arrays.copyOf(found, size * 2);
                    }
                    found[size++] = c;
                }
            }
        }
        return Arrays.stream(found, 0, size).sorted().distinct().toArray();
    }

    /** @return the cell's boundary vertices as a planar lon/lat polygon */
    private Polygon cellPolygon(long cell) {
        List<LatLng> boundary = h3.cellToBoundary(cell);
        Coordinate[] ring = new Coordinate[boundary.size() + 1];
        for (int i = 0; i < boundary.size(); i++) {
            ring[i] = new Coordinate(boundary.get(i).lng, boundary.get(i).lat);
        }
        ring[boundary.size()] = ring[0];
        return factory.createPolygon(ring);
    }

    @Override
    Object newScratch(Results results) {
        return new IntIteratorFlyweight();
    }

    /** @return the number of occupied cells */
    int cellCount() {
        return cells.length;
    }

    /** Interior and boundary cells of one area, and its window. */
    private static final class Query implements PreparedQuery {
        private final H3RoaringEngine engine;
        private final ExactArea area;
        private final int[] interiorCells;
        private final int[] boundaryCells;
        private final FootageFilter.Window window;

        Query(H3RoaringEngine engine, ExactArea area, int[] interiorCells, int[] boundaryCells, FootageFilter.Window window) {
            this.engine = engine;
            this.area = area;
            this.interiorCells = interiorCells;
            this.boundaryCells = boundaryCells;
            this.window = window;
        }

        @Override
        public int run(Results into) {
            IntIteratorFlyweight iterator = (IntIteratorFlyweight) into.scratch(engine);
            Hits hits = into.hits();
            hits.clear();
            FootageFilter filter = engine.filter;
            RoaringBitmap[] bitmaps = engine.bitmaps;
            for (int c : interiorCells) {
                iterator.wrap(bitmaps[c]);
                while (iterator.hasNext()) {
                    int camera = iterator.next();
                    if (filter.matches(camera, window)) {
                        hits.add(camera);
                    }
                }
            }
            double[] lat = engine.cameras.latDegrees();
            double[] lon = engine.cameras.lonDegrees();
            Coordinate point = into.point;
            for (int c : boundaryCells) {
                iterator.wrap(bitmaps[c]);
                while (iterator.hasNext()) {
                    int camera = iterator.next();
                    if (filter.matches(camera, window) && area.covers(lon[camera], lat[camera], point)) {
                        hits.add(camera);
                    }
                }
            }
            return hits.count();
        }

        @Override
        public String toString() {
            return "h3-roaring interior=" + interiorCells.length + " boundary=" + boundaryCells.length;
        }
    }
}
