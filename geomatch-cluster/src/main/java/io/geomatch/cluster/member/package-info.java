/**
 * What runs on the members: each member's indexes of the partitions it owns and, with warm
 * backups (the default), of those it holds as a backup replica
 * ({@link io.geomatch.cluster.member.MemberIndexes}, one
 * {@link io.geomatch.cluster.member.PartitionIndex} per partition, each a geomatch
 * {@code LiveIndex}), and the entry processors that write records, raise write counts, read
 * snapshots and answer queries (each a {@link io.geomatch.cluster.member.MemberProcessor}).
 *
 * <p>Every processor runs on a partition's owner, on its partition thread, so writes and queries
 * of one partition are ordered. A write changes the record and, on the owner, the index, before
 * it is acknowledged; its backup ({@link io.geomatch.cluster.member.ReplicaWrite}) sets each backup
 * replica's entry to the record the owner computed and hands the same change to that replica's
 * warm index, in the order the owner made them, before the backup is acknowledged. A write of many
 * records is opened on the indexes by a raise of the count, stored with {@code setAll}, and closed
 * by a {@link io.geomatch.cluster.member.CloseWriteProcessor} (backed up too); an index answers
 * nothing while a write is open, and is built again if the write is closed elsewhere or never. A
 * partition that arrives at a member as its owner without a current index (a migration from a
 * member that was not its backup) is indexed from a snapshot read in one partition operation,
 * with the writes made meanwhile replayed on top; a new backup replica the same way, from a
 * snapshot read on the owner and shipped. A backup promoted when its owner died is already
 * indexed: promotion is a flip, not a build. With one backup this holds about twice the index
 * memory per member.
 *
 * <p>The write count is what keeps answers exact through moves of partitions: every group of
 * writes to a partition first raises its count, on the owner, and is then applied only by that
 * member; an index records the count it reflects; a query compares that with the stored count
 * and answers only if they are equal. An index that missed a write, because another member owned
 * the partition meanwhile, therefore never answers: it is rebuilt, and the query asked again. A
 * warm index also counts the single changes of each round between two raises and checks the
 * count the owner's closing raise carries, since Hazelcast may repair a backup replica by copying
 * the owner's data, which no index sees; one that missed a change drops itself, and one promoted
 * while a round is open is built again rather than trusted. A query runs on the owner only: on its
 * partition thread, or, on a member asking for a partition it owns, on the caller's thread, once a
 * query on the partition thread has found the index current and as long as the partition's
 * replicas are unchanged and no migration or membership event has come since.
 *
 * <p>Threading: processors run on partition threads; indexes are built on a small pool of
 * builder threads and reconciled with the partition table by one thread; a partition index
 * synchronises on itself. The partition table is read from Hazelcast's internal partition
 * service, the only one that names backup replicas and replica versions.
 */
package io.geomatch.cluster.member;
