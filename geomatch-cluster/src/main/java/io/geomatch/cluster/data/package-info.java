/**
 * The values the cluster stores and ships, each a Hazelcast {@code IdentifiedDataSerializable}
 * with an id in {@link io.geomatch.cluster.data.Wire}.
 *
 * <p>Stored: in the map {@code geomatch.cameras}, one {@link io.geomatch.cluster.data.CameraRecord}
 * per camera (place, settings, every footage interval, move state) under a
 * {@link io.geomatch.cluster.data.CameraKey} (id and shard cell; the cell is the partition key), and
 * one write count per partition under its {@link io.geomatch.cluster.data.ShardKey}; in
 * {@code geomatch.directory}, each camera's shard cell by id; in {@code geomatch.settings}, the
 * {@link io.geomatch.cluster.data.ClusterSettings} every member must share.
 *
 * <p>Shipped: the area of a query ({@link io.geomatch.cluster.data.AreaDefinition}), a partition's
 * answer ({@link io.geomatch.cluster.data.ShardAnswer}), what a write of many records asks of an
 * index ({@link io.geomatch.cluster.data.IndexChange}), and what writes and status requests
 * return. All of them are immutable once made.
 */
package io.geomatch.cluster.data;
