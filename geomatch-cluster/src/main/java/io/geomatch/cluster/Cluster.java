package io.geomatch.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.geomatch.cluster.data.ClusterSettings;
import io.geomatch.cluster.placement.Partitions;
import io.geomatch.cluster.placement.ShardCells;

import java.time.Duration;

/**
 * What a cluster handle works with: the Hazelcast instance (member or client), the cluster's
 * settings, its shard cells and partitions, its two maps, and the time an answer may take.
 *
 * @param hazelcast the member or client
 * @param settings the cluster's settings
 * @param cells the shard cells at the cluster's resolution
 * @param partitions the cluster's partitions
 * @param cameras camera records (by {@code CameraKey}) and partition write counts (by {@code ShardKey})
 * @param directory each camera's shard cell, by id
 * @param answerTimeout how long a query or batch may take, retries included
 */
record Cluster(HazelcastInstance hazelcast, ClusterSettings settings, ShardCells cells, Partitions partitions,
               IMap<Object, Object> cameras, IMap<Long, Long> directory, Duration answerTimeout) {
}
