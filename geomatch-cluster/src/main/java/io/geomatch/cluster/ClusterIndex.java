package io.geomatch.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.map.IMap;
import io.geomatch.cluster.data.ClusterSettings;
import io.geomatch.cluster.data.MemberReport;
import io.geomatch.cluster.member.MemberIndexes;
import io.geomatch.cluster.member.StatusTask;
import io.geomatch.cluster.placement.Partitions;
import io.geomatch.cluster.placement.ShardCells;
import io.geomatch.core.GeoIndex;
import io.geomatch.core.InvalidInputException;
import io.geomatch.core.MatchMode;
import io.geomatch.core.Mutations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The geomatch index spread over a Hazelcast cluster: queries with the core's exact semantics,
 * answered by the members that own the cameras, and changes acknowledged once a primary and its
 * backups hold them.
 *
 * <pre>{@code
 * try (ClusterIndex cluster = ClusterIndex.connect(ClientOptions.members(List.of("127.0.0.1:5701")))) {
 *     cluster.apply(new Mutations().upsertCamera(Camera.at(42L, 41.8781, -87.6298)).addFootage(42L, start, end));
 *     long[] ids = cluster.match(ClusterArea.circle(41.8781, -87.6298, 500), from, to, now);
 * }
 * }</pre>
 *
 * <p>A query ({@link #match}) equals a single {@link GeoIndex} over the same cameras and footage,
 * exactly: the same contract (boundary-inclusive areas, buckets, retention, eligibility, and
 * matching by position or by view). It asks
 * only the owners of the partitions the area's shard cells fall in (usually one), merges their
 * answers in ascending order, and never returns part of an answer: while partitions move or are
 * being indexed it asks again, and past the answer timeout it fails with
 * {@link ClusterUnavailableException}, which says to retry.
 *
 * <p>Changes ({@link #apply}) are the core's {@link Mutations}: upserts, deletes and footage (not
 * clock advances: the cluster keeps footage until its camera is deleted, and judges retention at
 * query time). Each is visible to the very next query on every member once {@code apply}
 * returns. A camera that moves to another shard cell leaves the old one within the same
 * {@code apply}. See {@link ChangeRefusedException} for a refused change.
 *
 * <p>Threading: queries may run from any number of threads at once; batches are applied one at a
 * time per handle. Two handles must not change the same camera at the same moment.
 */
public final class ClusterIndex implements AutoCloseable {
    private final Cluster cluster;
    private final boolean ownsInstance;
    private final QueryRouter router;
    private final ChangeWriter writer;

    private ClusterIndex(Cluster cluster, boolean ownsInstance) {
        this.cluster = cluster;
        this.ownsInstance = ownsInstance;
        this.router = new QueryRouter(cluster);
        this.writer = new ChangeWriter(cluster);
    }

    /**
     * Connects to a cluster as a Hazelcast client.
     *
     * @param options the members to reach and how long to wait
     * @return the cluster
     * @throws ClusterUnavailableException if no member is reachable in time, or the cluster has no geomatch member
     */
    public static ClusterIndex connect(ClientOptions options) {
        HazelcastInstance client;
        try {
            client = HazelcastClient.newHazelcastClient(ClusterConfigs.client(options));
        } catch (IllegalStateException | HazelcastException e) {
            throw new ClusterUnavailableException("no member of cluster '" + options.clusterName() + "' is reachable at "
                + String.join(",", options.members()) + " (" + ClusterNode.oneLine(e) + "); retry once a member runs", e);
        }
        try {
            return new ClusterIndex(cluster(client, options.answerTimeout()), true);
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    /** A handle on a member of this JVM. */
    static ClusterIndex on(HazelcastInstance member, Duration answerTimeout) {
        return new ClusterIndex(cluster(member, answerTimeout), false);
    }

    private static Cluster cluster(HazelcastInstance hz, Duration answerTimeout) {
        ClusterSettings settings;
        try {
            IMap<String, ClusterSettings> map = hz.getMap(MemberIndexes.SETTINGS);
            settings = map.get(MemberIndexes.SETTINGS_KEY);
        } catch (HazelcastException | IllegalStateException e) {
            throw new ClusterUnavailableException("the cluster's settings cannot be read now (" + ClusterNode.oneLine(e) + "); retry", e);
        }
        if (settings == null) {
            throw new ClusterUnavailableException("the cluster holds no geomatch settings: its members were not started as "
                + "geomatch nodes, or all of them restarted; retry once a node runs", null);
        }
        return new Cluster(hz, settings, new ShardCells(settings.shardResolution()), Partitions.of(hz.getPartitionService()),
            hz.getMap(MemberIndexes.CAMERAS), hz.getMap(MemberIndexes.DIRECTORY), answerTimeout);
    }

    /**
     * Finds the cameras inside {@code area} that are eligible and hold retained footage in the
     * window, exactly as {@link GeoIndex#match} defines it.
     *
     * @param area the area
     * @param fromMillis window start, inclusive, epoch ms
     * @param toMillis window end, exclusive, epoch ms, after {@code fromMillis}
     * @param nowMillis the time at which retention is judged, epoch ms
     * @return the matching camera ids, ascending
     * @throws InvalidInputException for a bad window, as the core checks it
     * @throws ClusterUnavailableException if the cluster cannot answer in time; retry
     */
    public long[] match(ClusterArea area, long fromMillis, long toMillis, long nowMillis) {
        return router.match(area, fromMillis, toMillis, nowMillis, MatchMode.POSITION);
    }

    /**
     * Finds the cameras that match {@code area} in a mode and hold retained footage in the window,
     * exactly as {@link GeoIndex#match(io.geomatch.core.Area, long, long, long, MatchMode, io.geomatch.core.Matches)}
     * defines it. By view, the query also asks the owners of the shard cells within the longest
     * view range (200 m) of the area's box, since a camera there may see into the area.
     *
     * @param area the area; a polygon area for {@link MatchMode#VIEW}
     * @param fromMillis window start, inclusive, epoch ms
     * @param toMillis window end, exclusive, epoch ms, after {@code fromMillis}
     * @param nowMillis the time at which retention is judged, epoch ms
     * @param mode what makes a camera match
     * @return the matching camera ids, ascending
     * @throws InvalidInputException for a bad window, or a circle or H3 cells by view, as the core checks them
     * @throws ClusterUnavailableException if the cluster cannot answer in time; retry
     */
    public long[] match(ClusterArea area, long fromMillis, long toMillis, long nowMillis, MatchMode mode) {
        return router.match(area, fromMillis, toMillis, nowMillis, mode);
    }

    /**
     * Applies a batch in order: every change is held by its partition's primary and backups, and in
     * the primary's index, when this returns.
     *
     * @param changes upserts, deletes and footage
     * @return how many changes were applied: all of them
     * @throws ChangeRefusedException if a change is refused as bad input; those before it were applied
     * @throws ClusterUnavailableException if the cluster cannot take the batch in time; it may be
     *     applied in part, and may be sent again (a delete then finds its camera gone)
     */
    public int apply(Mutations changes) {
        return writer.apply(changes);
    }

    /**
     * The members a query of this area would ask now: the owners of the partitions its shard
     * cells fall in.
     *
     * @param area the area
     * @return their host:port, ascending
     */
    public List<String> membersAskedFor(ClusterArea area) {
        TreeSet<String> owners = new TreeSet<>();
        for (int p : router.partitionsFor(area.area())) {
            Member owner = cluster.hazelcast().getPartitionService().getPartition(cluster.partitions().key(p).getPartitionKey()).getOwner();
            owners.add(owner == null ? "(no owner)" : owner.getAddress().getHost() + ":" + owner.getAddress().getPort());
        }
        return List.copyOf(owners);
    }

    /**
     * @param area the area
     * @return how many partitions a query of it asks
     */
    public int partitionsAskedFor(ClusterArea area) {
        return router.partitionsFor(area.area()).length;
    }

    /**
     * Asks every member what it holds.
     *
     * @return one status per member, by address
     * @throws ClusterUnavailableException if a member does not answer in time; retry
     */
    public List<MemberStatus> status() {
        IExecutorService executor = cluster.hazelcast().getExecutorService("geomatch.status");
        Map<Member, Future<MemberReport>> asked;
        try {
            asked = executor.submitToAllMembers(new StatusTask());
        } catch (HazelcastException | IllegalStateException | java.util.concurrent.RejectedExecutionException e) {
            throw new ClusterUnavailableException("the members cannot be asked now (" + ClusterNode.oneLine(e) + "); retry", e);
        }
        List<MemberStatus> all = new ArrayList<>();
        long deadline = System.nanoTime() + cluster.answerTimeout().toNanos();
        for (Future<MemberReport> f : asked.values()) {
            try {
                MemberReport r = f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                all.add(new MemberStatus(r.address(), r.partitionsOwned(), r.cameras(), r.partitionsIndexing()));
            } catch (ExecutionException | TimeoutException e) {
                throw new ClusterUnavailableException("a member did not report in time (" + ClusterNode.oneLine(e) + "); retry", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClusterUnavailableException("interrupted while asking the members; retry", e);
            }
        }
        all.sort(Comparator.comparing(MemberStatus::address));
        return all;
    }

    /** @return the cluster's time bucket size, ms */
    public long bucketMillis() {
        return cluster.settings().bucketMillis();
    }

    /** @return the longest retention a camera may have in this cluster, days */
    public int maxRetentionDays() {
        return cluster.settings().maxRetentionDays();
    }

    /** @return the H3 resolution of the cluster's shard cells */
    public int shardResolution() {
        return cluster.settings().shardResolution();
    }

    /** Disconnects a client handle; a handle on a member leaves the member running. */
    @Override
    public void close() {
        if (ownsInstance) {
            cluster.hazelcast().shutdown();
        }
    }
}
