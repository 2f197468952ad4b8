/**
 * Internal: the live index, a sealed base, sealed footage tiers and a delta of changes. Not
 * supported API.
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
 * published prefix, with the base and its tiers, into a new sealed base in one sequential pass
 * (through the same column writer the builder uses), dropping footage past the retention horizon;
 * but most merges cost only the delta: a <em>freeze</em> seals the delta's footage into a
 * {@link io.geomatch.core.internal.live.FootageTier} (per camera key, sorted runs) and leaves the
 * base alone, and a <em>compaction</em> merges four tiers of one level into one of the next
 * (see {@code LiveWriter}). {@link io.geomatch.core.internal.live.CarryOver} moves the rows staged
 * meanwhile to a fresh delta. A {@link io.geomatch.core.internal.live.Generation} is the set of
 * segments (base, tiers, delta) states read; a {@code LiveState} answers queries as the sealed
 * index's {@link io.geomatch.core.internal.query.Overlay} (through the thread's
 * {@link io.geomatch.core.internal.live.LiveQuery}: it decides the base cameras that changed or
 * gained footage in the delta or a tier the window meets) plus a pass over the cameras upserted
 * since the last full merge. {@link io.geomatch.core.internal.live.OrdinalsById} finds a base
 * camera by id for the writer.
 *
 * <p>Memory: a generation holds its base and tiers through their reference counts
 * ({@code internal.memory}); the writer holds the current one, a query the one it reads while it
 * runs, a view the one it shows while open; the segments a merge replaced are freed by whichever
 * lets go last, and count against the index's memory budget until then.
 */
package io.geomatch.core.internal.live;
