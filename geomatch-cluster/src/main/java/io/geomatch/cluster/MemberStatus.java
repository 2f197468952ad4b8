package io.geomatch.cluster;

/**
 * One member as {@link ClusterIndex#status()} reports it.
 *
 * @param address the member's host:port
 * @param partitionsOwned partitions whose primary replica it holds
 * @param cameras cameras of those partitions that its indexes hold
 * @param partitionsIndexing owned partitions whose index is still being built (0 once settled)
 */
public record MemberStatus(String address, int partitionsOwned, long cameras, int partitionsIndexing) {
}
