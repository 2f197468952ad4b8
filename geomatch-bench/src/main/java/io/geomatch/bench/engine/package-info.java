/**
 * geomatch and the engines it is compared with, side by side behind one API
 * ({@link io.geomatch.bench.engine.MatchEngine}), each answering exactly the question of the
 * README's "Matching contract" over the same in-memory data: eligible ({@code optedIn && !e2ee}) cameras that a
 * polygon covers (JTS {@code covers}, boundary-inclusive, planar in lon/lat degrees) and that
 * hold a footage bucket that is inside the window's buckets and still retained.
 *
 * <p>The engines:
 * <ul>
 *   <li>{@code geomatch}: the core {@code GeoIndex}, writing ordinals straight into the results'
 *       {@code Matches}.</li>
 *   <li>{@code jts-strtree}: a bulk-loaded JTS {@code STRtree} of camera points, walked with a
 *       visitor, then the shared footage filter and the exact point test.</li>
 *   <li>{@code lucene}: Lucene 9.12 {@code LatLonPoint} polygon query AND eligibility term AND,
 *       per retention period, a {@code LongRange} intersects query over footage bucket runs (each
 *       non-spatial clause paired with its doc-values twin in an {@code IndexOrDocValuesQuery}, so
 *       the polygon leads), on an {@code MMapDirectory} force-merged to one segment; hits refined
 *       exactly.</li>
 *   <li>{@code h3-roaring}: H3 resolution-10 cells mapped to RoaringBitmaps of cameras; an
 *       overlapping H3 covering of the area, interior cells taken whole, boundary cells point
 *       tested; then the shared footage filter.</li>
 *   <li>{@code scan}: the brute-force {@code BruteForceScan} over every camera, unchanged.</li>
 * </ul>
 *
 * <p>Fairness rules, which every engine follows:
 * <ol>
 *   <li>Same answer: exact, always; {@code EngineOracleTest} checks every engine against an
 *       independent brute-force oracle, with cameras exactly on vertices and edges and windows
 *       on bucket boundaries, at {@code B} = 60 s and {@code B} = 1 ms. Where a peer's own
 *       geometry is approximate (Lucene's quantised points, H3's geodesic cell edges), it
 *       searches a slightly larger area and refines with the exact JTS test; it never returns an
 *       approximate answer.</li>
 *   <li>Same data, same bucket size: every engine is built from the same arrays with the same
 *       {@code B}; the peers' time check is one shared class, {@code FootageFilter}, whose bucket
 *       runs are merged at build and searched with a binary search, so no peer is slowed by a
 *       naive time check (only {@code scan} keeps its raw per-interval check, being the
 *       baseline).</li>
 *   <li>Per-request work that does not depend on the data (geometry preparation, Lucene
 *       {@code Query} objects, H3 coverings, bucket arithmetic) happens in
 *       {@link io.geomatch.bench.engine.MatchEngine#prepare}, outside the timed query;
 *       {@link io.geomatch.bench.engine.MatchEngine#match} times it too.</li>
 *   <li>Allocation-free where the peer's API allows it: per-thread
 *       {@link io.geomatch.bench.engine.Results} hold the result list, a reusable point, and each
 *       engine's visitor, iterator or collector. What remains is the peer's own (Lucene's
 *       weights, scorers and BKD visitors; JTS's ray-crossing counter per point test;
 *       {@code scan}'s point per candidate).</li>
 *   <li>Each peer is set up as its documentation recommends for read-mostly use: STRtree
 *       built once, Lucene force-merged with the query cache off and one shared searcher, H3
 *       cells computed in parallel at build.</li>
 * </ol>
 *
 * <p>Threading: engines and prepared queries are immutable after construction and may be used by
 * any number of threads at once; {@code Results} are per thread. The data arrays are shared, not
 * copied, and must not change while an engine is in use.
 */
package io.geomatch.bench.engine;
