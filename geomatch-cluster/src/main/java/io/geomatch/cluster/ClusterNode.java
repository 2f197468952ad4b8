package io.geomatch.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.geomatch.cluster.data.ClusterSettings;
import io.geomatch.cluster.member.MemberIndexes;
import io.geomatch.core.InvalidInputException;

import java.time.Duration;

/**
 * One member of a geomatch cluster, embedded in this JVM: a Hazelcast member that holds a share of
 * the cameras (and backups of others) and keeps a geomatch index of every partition it owns.
 *
 * <pre>{@code
 * try (ClusterNode node = ClusterNode.start(NodeOptions.bucketMillis(60_000).port(5701)
 *         .members(List.of("127.0.0.1:5701", "127.0.0.1:5702", "127.0.0.1:5703")))) {
 *     node.awaitReady(Duration.ofMinutes(1));
 *     long[] ids = node.index().match(area, fromMillis, toMillis, nowMillis);
 * }
 * }</pre>
 *
 * <p>Joining: the member starts as a Hazelcast lite member (it owns no data), compares its
 * settings (bucket size, longest retention, shard resolution) with those the cluster's first
 * member stored, and only if they are equal becomes a data member; partitions then migrate to it
 * and it indexes them. A member with other settings leaves without having held any data.
 *
 * <p>Leaving: {@link #close()} leaves gracefully (Hazelcast hands its partitions over first, so
 * nothing is lost even without backups); {@link #crash()} stops it abruptly, as {@code kill -9}
 * would, and the cluster promotes the backups, which with warm backups
 * ({@link NodeOptions#warmBackups}) are already indexed and answer at once. Thread-safe.
 */
public final class ClusterNode implements AutoCloseable {
    private final HazelcastInstance hazelcast;
    private final MemberIndexes indexes;
    private final String address;
    private volatile ClusterIndex index;

    private ClusterNode(HazelcastInstance hazelcast, MemberIndexes indexes, String address) {
        this.hazelcast = hazelcast;
        this.indexes = indexes;
        this.address = address;
    }

    /**
     * Starts a member and joins it to the cluster of the listed members (or starts a cluster).
     * Returns once it has joined and holds data; call {@link #awaitReady} to wait for its
     * partitions to arrive and be indexed.
     *
     * @param options the member's options
     * @return the member
     * @throws InvalidInputException if the cluster was started with other settings (the member
     *     has left again), or the port cannot be bound
     * @throws ClusterUnavailableException if the cluster cannot be joined now
     */
    public static ClusterNode start(NodeOptions options) {
        ClusterSettings mine = new ClusterSettings(options.bucketMillis(), options.maxRetentionDays(), options.shardResolution());
        MemberIndexes indexes = new MemberIndexes(mine, options.mergeThreshold(), options.builderThreads(), options.backups(),
            options.warmBackups());
        HazelcastInstance hz;
        try {
            hz = Hazelcast.newHazelcastInstance(ClusterConfigs.member(options, indexes));
        } catch (HazelcastException | IllegalStateException e) {
            indexes.close();
            throw new InvalidInputException("--port", options.host() + ":" + options.port(), "cannot be used to start a member: "
                + oneLine(e));
        }
        try {
            boolean dataMembers = false;
            for (Member m : hz.getCluster().getMembers()) {
                dataMembers |= !m.isLiteMember();
            }
            IMap<String, ClusterSettings> settings = hz.getMap(MemberIndexes.SETTINGS);
            if (!dataMembers) {
                // The first member: it must hold data before anything can be stored (and before the
                // partition table, which the indexes read, can be assigned).
                hz.getCluster().promoteLocalLiteMember();
            }
            indexes.attach(hz);
            ClusterSettings theirs = settings.putIfAbsent(MemberIndexes.SETTINGS_KEY, mine);
            if (theirs != null && !theirs.equals(mine)) {
                hz.shutdown();
                indexes.close();
                throw mismatch(mine, theirs);
            }
            if (dataMembers) {
                hz.getCluster().promoteLocalLiteMember();
            }
        } catch (RuntimeException e) {
            if (hz.getLifecycleService().isRunning()) {
                hz.getLifecycleService().terminate();
                indexes.close();
            }
            if (e instanceof InvalidInputException) {
                throw e;
            }
            throw new ClusterUnavailableException("cannot join the cluster now (" + oneLine(e) + "); retry", e);
        }
        return new ClusterNode(hz, indexes, options.host() + ":" + options.port());
    }

    private static InvalidInputException mismatch(ClusterSettings mine, ClusterSettings theirs) {
        if (mine.bucketMillis() != theirs.bucketMillis()) {
            return new InvalidInputException("bucketMillis", mine.bucketMillis(), "differs from the cluster's " + theirs.bucketMillis()
                + ": every member of a cluster must use the same bucket size");
        }
        if (mine.maxRetentionDays() != theirs.maxRetentionDays()) {
            return new InvalidInputException("maxRetentionDays", mine.maxRetentionDays(), "differs from the cluster's "
                + theirs.maxRetentionDays() + ": every member of a cluster must use the same longest retention");
        }
        return new InvalidInputException("shardResolution", mine.shardResolution(), "differs from the cluster's " + theirs.shardResolution()
            + ": every member of a cluster must use the same shard resolution");
    }

    /**
     * Waits until this member is safe in Hazelcast's sense (no migration of its partitions
     * pending, every replica it owns in sync with its backups) and every partition it owns is
     * indexed. (Hazelcast's cluster-wide check asks every member and can block for minutes on one
     * that just died, so each member is asked on its own.)
     *
     * @param timeout how long to wait at most
     * @return whether that happened in time
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (hazelcast.getLifecycleService().isRunning() && hazelcast.getPartitionService().isLocalMemberSafe() && indexes.ready()) {
                return true;
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(20);
        }
    }

    /** @return this member's host:port */
    public String address() {
        return address;
    }

    /** @return whether the member is running (not closed, crashed or shut down by Hazelcast) */
    public boolean running() {
        return hazelcast.getLifecycleService().isRunning();
    }

    /** @return the cluster, queried and changed through this member */
    public ClusterIndex index() {
        ClusterIndex i = index;
        if (i == null) {
            synchronized (this) {
                i = index;
                if (i == null) {
                    i = ClusterIndex.on(hazelcast, ClientOptions.DEFAULT_ANSWER_TIMEOUT);
                    index = i;
                }
            }
        }
        return i;
    }

    /** @return the Hazelcast member underneath, for monitoring */
    public HazelcastInstance hazelcast() {
        return hazelcast;
    }

    /** Leaves the cluster gracefully: partitions are handed to the other members first. */
    @Override
    public void close() {
        if (hazelcast.getLifecycleService().isRunning()) {
            hazelcast.shutdown();
        }
        indexes.close();
    }

    /** Stops the member abruptly, as a crash would: nothing is handed over, the cluster promotes backups. */
    public void crash() {
        hazelcast.getLifecycleService().terminate();
        indexes.close();
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
