/**
 * Internal: the spatial half of matching. Not supported API.
 *
 * <p>{@link io.geomatch.core.internal.spatial.MortonCode} defines the spatial order of camera
 * ordinals: a Z-order key over 31-bit quantised longitude and latitude, in which every quadtree
 * cell is one contiguous key range and nests exactly inside its parent.
 * {@link io.geomatch.core.internal.spatial.CellTree} records, for points in that order, where each
 * cell with more than a leaf's worth of points splits into its children. A
 * {@link io.geomatch.core.internal.spatial.SpatialMatcher} is an area compiled for queries: an
 * exact point predicate ({@code covers}), a box in degrees and in Morton quanta (quantised once,
 * when the area is compiled, for every pass that searches by place), and a conservative rectangle
 * classification (inside, outside, cut by up to four edges, boundary) that lets the index accept
 * or skip whole cells, or decide a cell cut by a few polygon edges with one orientation test per
 * edge and camera. Implementations: planar polygons with holes agreeing with JTS {@code covers}
 * on edges and vertices, haversine circles, and H3 cell sets. An H3 cell set
 * ({@link io.geomatch.core.internal.spatial.H3CellMatcher}) keeps, per resolution, an
 * {@link io.geomatch.core.internal.spatial.H3CellUnion}: the planar outline of the cells' union
 * along their great-circle edges ({@link io.geomatch.core.internal.spatial.H3CellOutline}), with a
 * margin that bounds how far h3-java's own answer can stray from it, compiled into an
 * {@link io.geomatch.core.internal.spatial.OutlineGrid} that decides points with an array read and
 * rectangles whole; only a point within the margin of the outline, or in a cell across the
 * antimeridian or holding a pole, is left to h3-java's {@code latLngToCell}. All are immutable and
 * safe for concurrent use; their query methods do not allocate.
 */
package io.geomatch.core.internal.spatial;
