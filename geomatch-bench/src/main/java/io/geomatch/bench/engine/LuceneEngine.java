package io.geomatch.bench.engine;

import io.geomatch.bench.engine.Hits;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LatLonPoint;
import org.apache.lucene.document.LongRange;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedNumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.ConstantScoreScorer;
import org.apache.lucene.search.ConstantScoreWeight;
import org.apache.lucene.search.IndexOrDocValuesQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TwoPhaseIterator;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.MMapDirectory;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Lucene 9.12 as a search platform would use it: one document per camera with a
 * {@link LatLonPoint} "location", the camera position as a {@link NumericDocValuesField},
 * eligibility as an indexed {@link StringField}, the retention period as an {@link IntPoint} (with
 * its {@link NumericDocValuesField} twin), and the footage as a multi-valued {@link LongRange} of
 * bucket numbers, one range per merged run of the shared {@link FootageFilter} (with the same
 * runs as {@link SortedNumericDocValuesField} values).
 *
 * <p>A request is one {@link BooleanQuery} of FILTER clauses, built when it is prepared: the
 * polygon query, {@code eligible:yes}, and a disjunction over the retention periods {@code r} of
 * ({@code retentionDays == r} AND the footage range intersects
 * {@code [max(windowFirstBucket, oldestRetained(r)), windowLastBucket]}). Periods whose retained
 * part misses the window are left out, and the longer periods that retain the whole window share
 * one clause ({@code retentionDays in [r0, max]}), since their ranges are identical. A
 * {@link SimpleCollector} with {@link ScoreMode#COMPLETE_NO_SCORES} reads each hit's position from
 * doc values.
 *
 * <p>Why the retention and footage clauses are {@link IndexOrDocValuesQuery}s: point queries
 * cannot be advanced lazily, so in a conjunction each materialises every match in the segment.
 * Written as plain point queries, the clauses above made every 0.5 mi² query visit most of the
 * index (measured at 200k cameras: p50 8.7 ms and 850 KB allocated per query; then 0.8 ms with
 * the doc-values twins; 0.27 ms once the long periods share a clause). With the twins, Lucene's
 * own cost model lets the selective polygon lead and verifies the other clauses per document.
 * Lucene has no doc-values query for multi-valued ranges, so the footage twin
 * ({@code RunsIntersectQuery}) is written here; it is the only Lucene query of our own.
 *
 * <p>Exactness, and why the polygon is padded: {@code LatLonPoint} quantises coordinates to
 * 32-bit integers (about 4e-8 degrees of latitude, 8e-8 of longitude, rounding down) and
 * Lucene's polygon relation on an edge or vertex is its own, not JTS {@code covers} (without the
 * padding, {@code EngineOracleTest} finds cameras on edges and vertices that Lucene leaves out).
 * So the Lucene polygon is the area buffered by {@link #PAD_DEGREES} (about 0.1 m, more than ten
 * times the quantisation), which makes Lucene's answer a superset of the cameras the area covers,
 * and the collector keeps only those that pass the exact {@link ExactArea} test on the camera's
 * own coordinates. The extra cameras are those within 0.1 m outside the area: in practice none,
 * so the refinement costs one point test per hit.
 *
 * <p>Storage: an {@link MMapDirectory} in a new temporary directory (under
 * {@code java.io.tmpdir}) that {@link #close} deletes; after indexing (on one thread) the index
 * is {@code forceMerge(1)}d into one segment, the fastest shape for reading and what a read-only
 * index would be given. One {@link IndexSearcher}, shared by all threads, with the query cache
 * disabled so that repeating the pool measures search, not cache hits.
 */
final class LuceneEngine extends MatchEngine {
    /** Padding of the Lucene polygon beyond the area, degrees: well above LatLonPoint's quantisation. */
    static final double PAD_DEGREES = 1e-6;
    private static final String LOCATION = "location";
    private static final String POSITION = "position";
    private static final String ELIGIBLE = "eligible";
    private static final String RETENTION_DAYS = "retentionDays";
    private static final String FOOTAGE = "footage";
    /** The same runs as doc values, one value per run: {@code (first - base) << 32 | (last - base)}. */
    private static final String FOOTAGE_RUNS = "footageRuns";

    private final Path directoryPath;
    private final MMapDirectory directory;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    /** The distinct retention periods, days: one clause each. */
    private final int[] retentionClassDays;
    /** Bucket the {@link #FOOTAGE_RUNS} doc values count from. */
    private final long baseBucket;
    private final GeometryFactory factory = new GeometryFactory();
    private final Envelope world = new Envelope(-180, 180, -90, 90);
    private boolean closed;

    LuceneEngine(CameraColumns cameras, long bucketMillis) {
        super(LUCENE, cameras, bucketMillis);
        // Used for building only: the engine keeps no per-camera arrays of its own.
        FootageFilter filter = new FootageFilter(cameras, bucketMillis);
        this.retentionClassDays = filter.retentionClassDays().clone();
        this.baseBucket = filter.baseBucket();
        try {
            this.directoryPath = Files.createTempDirectory("geomatch-lucene-");
            this.directory = new MMapDirectory(directoryPath);
            IndexWriterConfig config = new IndexWriterConfig()
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                .setRAMBufferSizeMB(512);
            try (IndexWriter writer = new IndexWriter(directory, config)) {
                // One indexing thread: measured at 200k cameras on 2 cores, two threads took twice
                // as long in all, since their two segments must then be merged.
                for (int i = 0; i < cameras.cameraCount(); i++) {
                    writer.addDocument(document(cameras, filter, baseBucket, i));
                }
                writer.forceMerge(1);
                writer.commit();
            }
            this.reader = DirectoryReader.open(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the Lucene index", e);
        }
        this.searcher = new IndexSearcher(reader);
        searcher.setQueryCache(null);
    }

    private static Document document(CameraColumns cameras, FootageFilter filter, long baseBucket, int camera) {
        Document doc = new Document();
        doc.add(new LatLonPoint(LOCATION, cameras.latDegrees()[camera], cameras.lonDegrees()[camera]));
        doc.add(new NumericDocValuesField(POSITION, camera));
        doc.add(new StringField(ELIGIBLE, filter.eligible(camera) ? "yes" : "no", Field.Store.NO));
        doc.add(new IntPoint(RETENTION_DAYS, cameras.retentionDays()[camera]));
        doc.add(new NumericDocValuesField(RETENTION_DAYS, cameras.retentionDays()[camera]));
        for (int r = 0; r < filter.runCount(camera); r++) {
            long first = filter.runFirstBucket(camera, r);
            long last = filter.runLastBucket(camera, r);
            doc.add(new LongRange(FOOTAGE, new long[] {first}, new long[] {last}));
            doc.add(new SortedNumericDocValuesField(FOOTAGE_RUNS, (first - baseBucket) << 32 | (last - baseBucket)));
        }
        return doc;
    }

    @Override
    PreparedQuery prepareValid(Geometry area, long fromMillis, long toMillis, long nowMillis) {
        long firstBucket = Math.floorDiv(fromMillis, bucketMillis());
        long lastBucket = Math.floorDiv(toMillis - 1, bucketMillis());
        BooleanQuery.Builder time = new BooleanQuery.Builder();
        int periods = 0;
        // Periods ascend, so the first bucket they retain descends: once it is at or before the
        // window's first bucket, all longer periods share the same footage range and one range
        // clause over retentionDays serves them all.
        for (int k = 0; k < retentionClassDays.length; k++) {
            int days = retentionClassDays[k];
            long from = Math.max(firstBucket, FootageFilter.oldestRetainedBucket(days, nowMillis, bucketMillis()));
            if (from > lastBucket) {
                continue;
            }
            boolean rest = from == firstBucket;
            int maxDays = rest ? retentionClassDays[retentionClassDays.length - 1] : days;
            time.add(new BooleanQuery.Builder()
                .add(new IndexOrDocValuesQuery(IntPoint.newRangeQuery(RETENTION_DAYS, days, maxDays),
                    NumericDocValuesField.newSlowRangeQuery(RETENTION_DAYS, days, maxDays)), BooleanClause.Occur.FILTER)
                .add(new IndexOrDocValuesQuery(LongRange.newIntersectsQuery(FOOTAGE, new long[] {from}, new long[] {lastBucket}),
                    new RunsIntersectQuery(from - baseBucket, lastBucket - baseBucket)), BooleanClause.Occur.FILTER)
                .build(), BooleanClause.Occur.SHOULD);
            periods++;
            if (rest) {
                break;
            }
        }
        Query query = periods == 0 ? new MatchNoDocsQuery("no retained bucket in the window") : new BooleanQuery.Builder()
            .add(LatLonPoint.newPolygonQuery(LOCATION, lucenePolygons(area)), BooleanClause.Occur.FILTER)
            .add(new TermQuery(new Term(ELIGIBLE, "yes")), BooleanClause.Occur.FILTER)
            .add(time.build(), BooleanClause.Occur.FILTER)
            .build();
        return new LuceneQuery(this, query, new ExactArea(area));
    }

    /** @return the area padded by {@link #PAD_DEGREES}, clipped to the valid range, as Lucene polygons */
    private org.apache.lucene.geo.Polygon[] lucenePolygons(Geometry area) {
        Geometry padded = area.buffer(PAD_DEGREES, 2);
        if (!world.covers(padded.getEnvelopeInternal())) {
            padded = padded.intersection(factory.toGeometry(world));
        }
        List<Polygon> parts = ExactArea.polygons(padded);
        org.apache.lucene.geo.Polygon[] polygons = new org.apache.lucene.geo.Polygon[parts.size()];
        for (int p = 0; p < polygons.length; p++) {
            Polygon part = parts.get(p);
            org.apache.lucene.geo.Polygon[] holes = new org.apache.lucene.geo.Polygon[part.getNumInteriorRing()];
            for (int h = 0; h < holes.length; h++) {
                holes[h] = ring(part.getInteriorRingN(h));
            }
            polygons[p] = ring(part.getExteriorRing(), holes);
        }
        return polygons;
    }

    private static org.apache.lucene.geo.Polygon ring(LinearRing ring, org.apache.lucene.geo.Polygon... holes) {
        Coordinate[] coordinates = ring.getCoordinates();
        double[] lats = new double[coordinates.length];
        double[] lons = new double[coordinates.length];
        for (int i = 0; i < coordinates.length; i++) {
            lats[i] = coordinates[i].y;
            lons[i] = coordinates[i].x;
        }
        return new org.apache.lucene.geo.Polygon(lats, lons, holes);
    }

    @Override
    Object newScratch(Results results) {
        return new Manager(new HitCollector(cameras, results.hits(), results.point));
    }

    @Override
    public long diskBytes() {
        try {
            long bytes = 0;
            for (String file : directory.listAll()) {
                bytes += directory.fileLength(file);
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the temporary directory the index lives in */
    Path directory() {
        return directoryPath;
    }

    /** Closes the reader and deletes the index directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            reader.close();
            directory.close();
            try (Stream<Path> files = Files.walk(directoryPath)) {
                for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the Lucene index at " + directoryPath, e);
        }
    }

    /** The Lucene query and the exact area its hits are refined with. */
    private record LuceneQuery(LuceneEngine engine, Query query, ExactArea area) implements PreparedQuery {
        @Override
        public int run(Results into) {
            Manager manager = (Manager) into.scratch(engine);
            manager.collector.start(area);
            try {
                engine.searcher.search(query, manager);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return into.hits().count();
        }

        @Override
        public String toString() {
            return "lucene " + query;
        }
    }

    /**
     * The doc-values twin of {@code LongRange.newIntersectsQuery} over {@link #FOOTAGE_RUNS}, for
     * {@link IndexOrDocValuesQuery}: Lucene has no doc-values query for multi-valued ranges, so
     * this is the one piece of Lucene written here. It verifies one document at a time, which is
     * what lets the selective polygon lead the conjunction instead of every range and retention
     * clause materialising its whole point tree's matches.
     */
    private static final class RunsIntersectQuery extends Query {
        private final long fromRelative;
        private final long lastRelative;

        RunsIntersectQuery(long fromRelative, long lastRelative) {
            this.fromRelative = fromRelative;
            this.lastRelative = lastRelative;
        }

        @Override
        public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) {
            return new ConstantScoreWeight(this, boost) {
                @Override
                public Scorer scorer(LeafReaderContext context) throws IOException {
                    SortedNumericDocValues runs = DocValues.getSortedNumeric(context.reader(), FOOTAGE_RUNS);
                    TwoPhaseIterator intersects = new TwoPhaseIterator(runs) {
                        @Override
                        public boolean matches() throws IOException {
                            // Values ascend by first bucket: stop at the first run that starts after the window.
                            for (int i = 0, n = runs.docValueCount(); i < n; i++) {
                                long run = runs.nextValue();
                                if ((run >>> 32) > lastRelative) {
                                    return false;
                                }
                                if ((run & 0xFFFF_FFFFL) >= fromRelative) {
                                    return true;
                                }
                            }
                            return false;
                        }

                        @Override
                        public float matchCost() {
                            return 20;
                        }
                    };
                    return new ConstantScoreScorer(this, score(), scoreMode, intersects);
                }

                @Override
                public boolean isCacheable(LeafReaderContext context) {
                    return DocValues.isCacheable(context, FOOTAGE_RUNS);
                }
            };
        }

        @Override
        public void visit(QueryVisitor visitor) {
            if (visitor.acceptField(FOOTAGE_RUNS)) {
                visitor.visitLeaf(this);
            }
        }

        @Override
        public String toString(String field) {
            return FOOTAGE_RUNS + ":intersects[" + fromRelative + ", " + lastRelative + "]";
        }

        @Override
        public boolean equals(Object other) {
            return sameClassAs(other) && fromRelative == ((RunsIntersectQuery) other).fromRelative
                && lastRelative == ((RunsIntersectQuery) other).lastRelative;
        }

        @Override
        public int hashCode() {
            return classHash() ^ Long.hashCode(fromRelative) * 31 ^ Long.hashCode(lastRelative);
        }
    }

    /**
     * Hands out this thread's one collector: an IndexSearcher without an executor searches one
     * slice, so it asks for one collector per search.
     */
    private static final class Manager implements CollectorManager<HitCollector, HitCollector> {
        final HitCollector collector;

        Manager(HitCollector collector) {
            this.collector = collector;
        }

        @Override
        public HitCollector newCollector() {
            return collector;
        }

        @Override
        public HitCollector reduce(Collection<HitCollector> collectors) {
            return collector;
        }
    }

    /** Keeps the hits the exact area covers; one per thread. */
    private static final class HitCollector extends SimpleCollector {
        private final double[] lat;
        private final double[] lon;
        private final Hits hits;
        private final Coordinate point;
        private ExactArea area;
        private NumericDocValues positions;

        HitCollector(CameraColumns cameras, Hits hits, Coordinate point) {
            this.lat = cameras.latDegrees();
            this.lon = cameras.lonDegrees();
            this.hits = hits;
            this.point = point;
        }

        void start(ExactArea area) {
            this.area = area;
            hits.clear();
        }

        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE_NO_SCORES;
        }

        @Override
        protected void doSetNextReader(LeafReaderContext context) throws IOException {
            positions = DocValues.getNumeric(context.reader(), POSITION);
        }

        @Override
        public void collect(int doc) throws IOException {
            if (!positions.advanceExact(doc)) {
                throw new IllegalStateException("document " + doc + " has no " + POSITION);
            }
            int camera = (int) positions.longValue();
            if (area.covers(lon[camera], lat[camera], point)) {
                hits.add(camera);
            }
        }
    }
}
