/**
 * What runs on the members: each member's indexes of the partitions it owns
 * ({@link io.geomatch.cluster.member.MemberIndexes}, one
 * {@link io.geomatch.cluster.member.PartitionIndex} per partition, each a geomatch
 * {@code LiveIndex}), and the entry processors that write records, raise write counts, read
 * snapshots and answer queries.
 *
 * <p>Every processor runs on a partition's owner, on its partition thread, so writes and queries
 * of one partition are ordered. A write changes the record and, on the owner, the index, before
 * it is acknowledged; backups get the resulting record and keep no index. A write of many records
 * is opened on the owner's index by a raise of the count, stored with {@code setAll}, and closed
 * by a {@link io.geomatch.cluster.member.CloseWriteProcessor}; the index answers nothing while a
 * write is open, and is built again if the write is closed elsewhere or never. A partition that
 * arrives at a member (a migration, or a backup promoted when a member died) is indexed from a
 * snapshot read in one partition operation, with the writes made meanwhile replayed on top.
 *
 * <p>The write count is what keeps answers exact through moves of partitions: every group of
 * writes to a partition first raises its count, on the owner, and is then applied only by that
 * member; an index records the count it reflects; a query compares that with the stored count
 * and answers only if they are equal. An index that missed a write, because another member owned
 * the partition meanwhile, therefore never answers: it is rebuilt, and the query asked again.
 *
 * <p>Threading: processors run on partition threads; indexes are built on a small pool of
 * builder threads and reconciled with the partition table by one thread; a partition index
 * synchronises on itself.
 */
package io.geomatch.cluster.member;
