/**
 * geomatch on a cluster: the camera index spread over Hazelcast members, sharded by H3 parent
 * cell, answering exactly as a single {@link io.geomatch.core.GeoIndex} would, through the loss
 * of a member.
 *
 * <p><b>Use.</b> {@link io.geomatch.cluster.ClusterNode} starts a member in this JVM;
 * {@link io.geomatch.cluster.ClusterIndex} queries and changes the cluster, from a member or as a
 * client ({@link io.geomatch.cluster.ClusterIndex#connect}); a query's area is a
 * {@link io.geomatch.cluster.ClusterArea}. Changes are the core's
 * {@link io.geomatch.core.Mutations}.
 *
 * <p><b>Why Hazelcast.</b> The cluster needs partitioned storage with synchronous backups,
 * membership and failure detection, partition migration when members come and go, and a way to
 * run code where the data lives, in order with the writes to it. Hazelcast's open-source edition
 * gives all of that embedded in the JVM, with entry processors that run on a partition's owner on
 * its partition thread. geomatch adds only what is specific to it: where cameras go, the indexes
 * on the members, and the checks that keep answers exact.
 *
 * <p><b>Placement</b> ({@code placement}). A camera's shard cell is its H3 cell at resolution
 * {@value io.geomatch.cluster.placement.ShardCells#DEFAULT_RESOLUTION} (about 12,000 km² per
 * cell); its record, with all its footage, is stored under the key (id, shard cell), whose
 * partition key is the cell. So a camera and its footage share a partition, and a 0.5 mi² area
 * almost always reaches one shard cell, one partition and one member. A directory maps each
 * camera id to its shard cell, for changes that name only the id (footage, deletes). Every map
 * has {@code backup-count} synchronous backups (1 by default): a write is acknowledged when the
 * primary and its backups hold it, so losing one member loses nothing acknowledged.
 *
 * <p><b>Indexes</b> ({@code member}). Each member keeps a geomatch {@code LiveIndex} per
 * partition it owns and, with warm backups (the default, {@link io.geomatch.cluster.NodeOptions#warmBackups}),
 * per partition it holds as a backup replica, kept current by the backups of the same writes; a
 * backup promoted after a member died then answers at once. An index is built from the partition's
 * records when the partition arrives without one (a migration to a member that was not its
 * backup, or a new backup replica) and dropped when it leaves. A write reaches the owner's index
 * (and each warm backup's) before it is acknowledged, so a change is visible to the very next query
 * on every member: a single record through the entry processor that writes it; many records at
 * once (the bulk of a load) by opening the write on the owner's index, storing them with
 * {@code setAll}, and closing the write with what the index must do, a few operations per
 * partition.
 *
 * <p><b>Queries.</b> The area's box (by view, grown by the longest range a view may have, 200 m,
 * so that cameras in neighbouring shard cells that see into the area are asked too) is covered
 * with shard cells; their partitions are asked, each
 * by a read-only entry processor on the partition's own entry, which runs on the owner, on the
 * partition thread, ordered with the partition's writes (a member asking for a partition it owns
 * answers on its own thread once the partition thread has found its index current and the
 * partition's replicas have not changed since). The answers are merged in ascending order. Every group of writes to a partition first raises the partition's write count on its
 * owner and is applied only there; an index knows the count it reflects, and answers only if that
 * equals the count stored with the partition. So a member answers only for partitions it owns at
 * that moment, and never from an index that missed a write; an index that is not current is
 * rebuilt and the partition asked again, up to the answer timeout, after which the query fails
 * with {@link io.geomatch.cluster.ClusterUnavailableException}: never a partial answer.
 *
 * <p><b>Moves.</b> A camera whose new place is in another shard cell moves in one
 * {@code apply}: its old record is marked leaving, the new one is written arriving (both "in
 * doubt"), the directory is pointed at the new cell (the moment the move takes effect), the old
 * record is removed and the new one settled. Queries report matches of records in doubt apart,
 * and keep one only if the directory points at its cell; so a writer that dies half-way leaves
 * answers exact, and the next change to the camera finishes or undoes the move.
 *
 * <p><b>Not kept.</b> The cluster holds its data in memory only: when every member stops, it is
 * gone, and a restarted cluster answers every query with no camera. The platform reloads it from
 * its own source of truth (its journal, the CSV files) with
 * {@link io.geomatch.cluster.ClusterIndex#apply}, as {@code cluster load} does.
 * The cluster does not advance a clock: footage is kept until its camera is deleted, and
 * retention is judged at query time, as always.
 */
package io.geomatch.cluster;
