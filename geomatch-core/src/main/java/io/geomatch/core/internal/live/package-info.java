/**
 * Internal: the live index, a sealed base plus a delta of changes. Not supported API.
 *
 * <p>{@link io.geomatch.core.internal.live.Delta} holds every change since the sealed base in
 * three append-only logs (camera slots, camera versions, footage intervals) of fixed-size chunks
 * that never move. One writer appends; readers see a prefix fixed by the counts of the state they
 * hold, so a published prefix is immutable and a query never locks. Per-camera chains (newest
 * first) link a camera's versions and its intervals; their heads, the base-ordinal-to-slot table
 * and the heads of a hashed grid of quadtree cells are the only words ever overwritten, stored
 * with release and loaded with acquire semantics.
 *
 * <p>{@link io.geomatch.core.internal.live.LiveWriter} stages {@link io.geomatch.core.internal.live.Change}s
 * (one tuple per change, the form mutations, the live index and the write-ahead log share),
 * publishes them as immutable {@link io.geomatch.core.internal.live.LiveState}s through one
 * volatile field, and merges: {@link io.geomatch.core.internal.live.SegmentMerger} folds a
 * published prefix into a new sealed segment in one sequential pass (through the same column
 * writer the builder uses), dropping footage past the retention horizon, and
 * {@link io.geomatch.core.internal.live.CarryOver} moves the rows staged meanwhile to a fresh
 * delta. A {@code LiveState} answers queries as the sealed index's
 * {@link io.geomatch.core.internal.query.Overlay} (it decides the base cameras it changed) plus a
 * pass over the cameras upserted since the merge. {@link io.geomatch.core.internal.live.OrdinalsById}
 * finds a base camera by id for the writer.
 */
package io.geomatch.core.internal.live;
