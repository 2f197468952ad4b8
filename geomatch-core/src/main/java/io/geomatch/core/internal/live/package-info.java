/**
 * Internal: the mutable side of a {@link io.geomatch.core.LiveIndex}. Not supported API.
 *
 * <p>{@link io.geomatch.core.internal.live.Delta} holds every change since the sealed base in three
 * append-only logs (camera slots, camera versions, footage intervals) of fixed-size chunks that
 * never move. One writer appends; readers see a prefix fixed by the counts of the view they
 * hold, so a published prefix is immutable and a query never locks. Per-camera chains (newest
 * first) link a camera's versions and its intervals; their heads, the base-ordinal-to-slot table
 * and the heads of a hashed grid of quadtree cells are the only words ever overwritten, stored
 * with release and loaded with acquire semantics. {@link io.geomatch.core.internal.live.SegmentMerger}
 * folds a published prefix into a new sealed segment in one sequential pass, dropping footage
 * past the retention horizon; {@link io.geomatch.core.internal.live.OrdinalsById} finds a base camera by
 * id for the writer.
 */
package io.geomatch.core.internal.live;
