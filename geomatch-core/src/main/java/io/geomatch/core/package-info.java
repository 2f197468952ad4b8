/**
 * geomatch: exact, embeddable matching of camera locations against an area and a timeframe.
 *
 * <p>The public API is this package only:
 * <ul>
 *   <li>{@link io.geomatch.core.GeoIndexBuilder} collects cameras (id, location, opt-in, e2ee,
 *       retention) and footage intervals, and builds a {@link io.geomatch.core.GeoIndex};</li>
 *   <li>{@link io.geomatch.core.GeoIndex} is immutable and off-heap; it answers queries from any
 *       number of threads, saves itself with {@code snapshot(Path)} and comes back, memory-mapped,
 *       with {@code open(Path)};</li>
 *   <li>{@link io.geomatch.core.LiveIndex} takes upserts, deletes, streaming footage and clock
 *       advances while queries run, each visible to the next query; {@link io.geomatch.core.LiveView}
 *       is one consistent state of it, and {@link io.geomatch.core.LiveOptions} its settings;</li>
 *   <li>{@link io.geomatch.core.GeoStore} is a live index kept in a directory: a write-ahead log
 *       and checkpoints, {@link io.geomatch.core.Mutations} batches acknowledged only once durable
 *       ({@link io.geomatch.core.StoreOptions}), and recovery after a crash;</li>
 *   <li>{@link io.geomatch.core.Area} is a compiled polygon, circle or H3 cell set;</li>
 *   <li>{@link io.geomatch.core.Matches} is the caller-owned, reusable result that makes queries
 *       allocation-free.</li>
 * </ul>
 * Bad input raises {@link io.geomatch.core.InvalidInputException} (one line: field, value, what is
 * allowed, and the file line when there is one); an untrustworthy index file raises
 * {@link io.geomatch.core.IndexFormatException}. Readers for the CSV and GeoJSON formats are in
 * {@code io.geomatch.core.io}. The packages {@code spatial}, {@code store}, {@code live} and {@code durable} are internal: public
 * only so that this package can use them, unsupported, and free to change.
 */
package io.geomatch.core;
