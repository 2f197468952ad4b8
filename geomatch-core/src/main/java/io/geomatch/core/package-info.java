/**
 * geomatch: exact, embeddable matching of camera locations against an area and a timeframe.
 *
 * <p>The public API is this package and {@code io.geomatch.core.io}; the module exports nothing
 * else:
 * <ul>
 *   <li>{@link io.geomatch.core.Camera} is a camera (id, place, opt-in, e2ee, retention), the one
 *       value every way in takes;</li>
 *   <li>{@link io.geomatch.core.GeoIndexBuilder} collects cameras and footage intervals and builds
 *       a {@link io.geomatch.core.GeoIndex}: immutable and off-heap, answering queries from any
 *       number of threads, saved with {@code snapshot(Path)} and back, memory-mapped, with
 *       {@code open(Path)};</li>
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
 * {@link io.geomatch.core.IndexFormatException}.
 *
 * <p>Every class here is a facade: the engine lives in {@code io.geomatch.core.internal.*}
 * (spatial order and area matchers, segment layout and files, the query passes, the live delta and
 * merges, durability, area parsing, and the contract's rules), which uses no class of this package
 * but the two exceptions. The README's Design section describes it.
 */
package io.geomatch.core;
