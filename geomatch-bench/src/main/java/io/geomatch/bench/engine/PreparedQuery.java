package io.geomatch.bench.engine;

/**
 * One request, prepared by {@link MatchEngine#prepare} for the engine that made it: its area
 * compiled as the engine needs it (a geomatch {@code Area}, a prepared JTS geometry, a Lucene
 * {@code Query}, an H3 covering) and its window and instant turned into buckets. Running it is
 * the part a benchmark times.
 *
 * <p>Immutable: any number of threads may run one prepared query at once, each with its own
 * {@link Results}.
 */
public interface PreparedQuery {
    /**
     * Finds the matching cameras.
     *
     * @param into this thread's results, cleared and then filled; read them back with
     *     {@link MatchEngine#ids} of the engine that prepared this query
     * @return how many cameras match
     */
    int run(Results into);
}
