package io.geomatch.bench.engine;

import io.geomatch.bench.engine.Hits;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.index.ItemVisitor;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * The usual JVM answer: a JTS {@link STRtree} (default node capacity 10), bulk-loaded once with
 * one point envelope per camera whose item is the camera position, then for each item inside
 * the area's bounding box the shared {@link FootageFilter} and the exact {@link ExactArea} test.
 *
 * <p>The query walks the tree with a per-thread {@link ItemVisitor}, so it builds no result
 * list. Note that JTS's {@code STRtree.query} enters the tree's synchronised {@code build()}
 * on every call (a no-op once built): concurrent queries on one tree share that monitor, as they
 * would in any application using it.
 */
final class StrTreeEngine extends MatchEngine {
    private final STRtree tree;
    private final FootageFilter filter;

    StrTreeEngine(CameraColumns cameras, long bucketMillis) {
        super(JTS_STRTREE, cameras, bucketMillis);
        this.filter = new FootageFilter(cameras, bucketMillis);
        this.tree = new STRtree();
        double[] lat = cameras.latDegrees();
        double[] lon = cameras.lonDegrees();
        for (int i = 0; i < cameras.cameraCount(); i++) {
            tree.insert(new Envelope(lon[i], lon[i], lat[i], lat[i]), Integer.valueOf(i));
        }
        tree.build();
    }

    @Override
    PreparedQuery prepareValid(Geometry area, long fromMillis, long toMillis, long nowMillis) {
        ExactArea exact = new ExactArea(area);
        return new Query(this, exact, filter.window(fromMillis, toMillis, nowMillis));
    }

    @Override
    Object newScratch(Results results) {
        return new Visitor(cameras, filter, results.hits(), results.point);
    }

    /** The area and window; runs the tree with this thread's visitor. */
    private static final class Query implements PreparedQuery {
        private final StrTreeEngine engine;
        private final ExactArea area;
        private final FootageFilter.Window window;

        Query(StrTreeEngine engine, ExactArea area, FootageFilter.Window window) {
            this.engine = engine;
            this.area = area;
            this.window = window;
        }

        @Override
        public int run(Results into) {
            Visitor visitor = (Visitor) into.scratch(engine);
            visitor.start(area, window);
            engine.tree.query(area.envelope(), visitor);
            return into.hits().count();
        }
    }

    /** Checks each camera the tree returns; one per thread. */
    private static final class Visitor implements ItemVisitor {
        private final double[] lat;
        private final double[] lon;
        private final FootageFilter filter;
        private final Hits hits;
        private final Coordinate point;
        private ExactArea area;
        private FootageFilter.Window window;

        Visitor(CameraColumns cameras, FootageFilter filter, Hits hits, Coordinate point) {
            this.lat = cameras.latDegrees();
            this.lon = cameras.lonDegrees();
            this.filter = filter;
            this.hits = hits;
            this.point = point;
        }

        void start(ExactArea area, FootageFilter.Window window) {
            this.area = area;
            this.window = window;
            hits.clear();
        }

        @Override
        public void visitItem(Object item) {
            int camera = (Integer) item;
            if (filter.matches(camera, window) && area.covers(lon[camera], lat[camera], point)) {
                hits.add(camera);
            }
        }
    }
}
