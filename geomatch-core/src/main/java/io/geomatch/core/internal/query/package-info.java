/**
 * Internal: the query engine over a sealed segment. Not supported API.
 *
 * <p>{@link io.geomatch.core.internal.query.SealedIndex} is a segment made ready for queries (its
 * columns and the cell tree of where each large quadtree cell splits). A query is two passes:
 * {@link io.geomatch.core.internal.query.CellDescent} walks the quadtree from the cells that
 * enclose the area's box and collects the covered cameras as ascending spans of ordinals (whole
 * cells inside, none outside, cameras beside a few edges decided by which side of each line they
 * lie on, the rest by the exact point test); then {@link io.geomatch.core.internal.query.FootagePass}
 * decides each candidate from its 128-slot footage summary and searches its merged bucket runs only
 * when the summary cannot tell, all such searches together at the end. Both per-camera loops
 * branch on the data only in rare cases. By view, the descent also runs a view pass over the area's
 * box grown by the longest range, whose cameras with a view are tested against the area's edges
 * in their own ground frame ({@code ViewSector}) and merged with the spatial candidates. A live
 * index passes an
 * {@link io.geomatch.core.internal.query.Overlay} that decides the cameras it changed.
 *
 * <p>Memory and threads: a {@code SealedIndex} is immutable and shared by any number of threads.
 * Each querying thread owns a {@link io.geomatch.core.internal.query.QueryScratch} (the working
 * memory of a query) and a {@link io.geomatch.core.internal.query.MatchResult} (its answer), both
 * reused and grown only when a query is larger than any before, so that a query allocates
 * nothing; the API's {@code Matches} owns one of each.
 */
package io.geomatch.core.internal.query;
