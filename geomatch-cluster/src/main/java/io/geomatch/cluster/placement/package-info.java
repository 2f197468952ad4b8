/**
 * Where cameras live in the cluster: a camera's shard cell is its H3 cell at one coarse resolution
 * ({@link io.geomatch.cluster.placement.ShardCells}); a shard cell's partition is the Hazelcast
 * partition of the cell as a partition key ({@link io.geomatch.cluster.placement.Partitions}).
 *
 * <p>An area reaches the shard cells that any point of its box may fall in. The covering is a
 * breadth-first walk over neighbouring cells whose outlines (edges densified along their great
 * circles, then padded by a few metres) meet the box, so it is never short of a cell that holds a
 * covered point, and a 0.5 mi² area usually reaches one cell. The H3 hierarchy is not used:
 * a point's coarse cell is computed directly, never taken as the parent of a finer one, since
 * parents do not contain their children geometrically.
 */
package io.geomatch.cluster.placement;
