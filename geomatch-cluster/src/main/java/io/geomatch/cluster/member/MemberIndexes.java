package io.geomatch.cluster.member;

import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceImpl;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.internal.partition.IPartition;
import com.hazelcast.internal.partition.IPartitionService;
import com.hazelcast.logging.ILogger;
import com.hazelcast.map.IMap;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.Partition;
import com.hazelcast.partition.ReplicaMigrationEvent;
import com.hazelcast.query.Predicates;
import io.geomatch.cluster.data.AreaDefinition;
import io.geomatch.cluster.data.CameraKey;
import io.geomatch.cluster.data.CameraRecord;
import io.geomatch.cluster.data.ClusterSettings;
import io.geomatch.cluster.data.IndexChange;
import io.geomatch.cluster.data.MemberReport;
import io.geomatch.cluster.data.ShardAnswer;
import io.geomatch.cluster.data.ShardKey;
import io.geomatch.cluster.placement.Partitions;
import io.geomatch.core.Area;
import io.geomatch.core.LiveOptions;
import io.geomatch.core.Matches;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One member's indexes: a {@link PartitionIndex} per partition, current for the partitions the
 * member owns and, with warm backups (the default), for those it holds as a backup replica too;
 * built when a partition arrives (a migration, or a new backup replica) and dropped when it leaves.
 * A backup promoted after a member died is then already indexed: promotion is a flip, not a build.
 *
 * <p>Kept current by the entry processors that change records: they run on the partition's
 * owner, on its partition thread, and call {@link #bumped}, {@link #changed} and
 * {@link #closeWrite} before the write is acknowledged, so an acknowledged change is in the
 * owner's index; their backups ({@link ReplicaWrite}) call the same on each backup replica, before
 * the backup is acknowledged, so it is in every warm index too. An owner's index is built from a
 * snapshot of the partition read in one partition operation ({@link SnapshotProcessor}) on this
 * member; a backup's from the same snapshot read on the owner and shipped here, on a builder
 * thread. What to build and drop is decided by a reconciler that compares the partition table
 * (Hazelcast's internal one: the public API names only owners, not backup replicas) with the
 * indexes, every {@value #RECONCILE_MILLIS} ms and at once on every migration or membership event;
 * a query that finds an index not current asks for a build too.
 *
 * <p>A query's area is compiled on the member once and kept (up to {@value #AREA_CACHE} areas),
 * so an area asked of several partitions here, or asked again, is compiled once. A query this
 * member asks of a partition it owns may be answered on the caller's thread ({@link #answerHere}).
 *
 * <p>Registered in the member's user context under {@link #CONTEXT_KEY}, where the processors
 * find it. Thread-safe.
 */
public final class MemberIndexes {
    /** The key of a member's indexes in its Hazelcast user context. */
    public static final String CONTEXT_KEY = "io.geomatch.cluster.member-indexes";
    /** The map of camera records and partition write counts. */
    public static final String CAMERAS = "geomatch.cameras";
    /** The map from camera id to its shard cell. */
    public static final String DIRECTORY = "geomatch.directory";
    /** The map holding the cluster's {@link ClusterSettings}. */
    public static final String SETTINGS = "geomatch.settings";
    /** The key of the settings in {@link #SETTINGS}. */
    public static final String SETTINGS_KEY = "settings";
    /** Period of the reconciler. */
    public static final long RECONCILE_MILLIS = 200;

    /** Compiled areas kept per member; past this many the cache starts afresh. */
    static final int AREA_CACHE = 4096;
    private static final ThreadLocal<Matches> MATCHES = ThreadLocal.withInitial(Matches::new);
    private static final long[] NONE = new long[0];

    private final ClusterSettings settings;
    private final LiveOptions options;
    private final int backups;
    private final boolean warmBackups;
    private final ExecutorService builders;
    private final ScheduledExecutorService reconciler;
    private final Runnable reconcile = this::reconcile;
    private volatile HazelcastInstance hz;
    private volatile Partitions partitions;
    private volatile UUID local;
    /** Hazelcast's internal partition table, which names backup replicas too. */
    private volatile IPartitionService replicas;
    private volatile Address localAddress;
    private volatile PartitionIndex[] indexes = new PartitionIndex[0];
    private volatile ILogger log;
    private volatile boolean closed;
    /** Snapshots being read, by the name their processor carries: partition id and build generation. */
    private final ConcurrentHashMap<Long, Snapshot> snapshots = new ConcurrentHashMap<>();
    private final AtomicLong builds = new AtomicLong();
    private final LongAdder answeredHere = new LongAdder();
    /** Raised on every migration and membership event: an index found current before one is asked on the partition thread again. */
    private final AtomicInteger epoch = new AtomicInteger();
    private final AtomicLong backupBuilds = new AtomicLong();
    private final AtomicLong buildNanos = new AtomicLong();
    /** Areas compiled here: a query that asks several partitions of this member, or asks again, compiles its area once. */
    private final ConcurrentHashMap<AreaDefinition, Area> areas = new ConcurrentHashMap<>();

    /**
     * @param settings the settings this member was started with
     * @param mergeThreshold delta rows after which a partition's live index merges
     * @param builderThreads threads that build partition indexes
     * @param backups the backup count of the camera map
     * @param warmBackups whether to index the partitions this member holds as a backup replica too
     */
    public MemberIndexes(ClusterSettings settings, int mergeThreshold, int builderThreads, int backups, boolean warmBackups) {
        this.settings = settings;
        this.backups = backups;
        this.warmBackups = warmBackups && backups > 0;
        this.options = LiveOptions.defaults().maxRetentionDays(settings.maxRetentionDays()).mergeThreshold(mergeThreshold);
        this.builders = Executors.newFixedThreadPool(builderThreads, daemon("geomatch-index-build"));
        this.reconciler = Executors.newSingleThreadScheduledExecutor(daemon("geomatch-reconcile"));
    }

    /**
     * @param instance a member or a client
     * @return the member's indexes, or {@code null} for a client or a member not started as a geomatch node
     */
    public static MemberIndexes ofMemberOrNull(HazelcastInstance instance) {
        return instance.getUserContext().get(CONTEXT_KEY) instanceof MemberIndexes indexes ? indexes : null;
    }

    /**
     * @param instance a member started with geomatch's configuration
     * @return its indexes
     * @throws IllegalStateException if the member has none
     */
    public static MemberIndexes of(HazelcastInstance instance) {
        Object o = instance.getUserContext().get(CONTEXT_KEY);
        if (!(o instanceof MemberIndexes indexes)) {
            throw new IllegalStateException("member " + instance.getName() + " was not started as a geomatch cluster node");
        }
        return indexes;
    }

    /** @return the settings this member was started with */
    public ClusterSettings settings() {
        return settings;
    }

    /**
     * Starts keeping indexes for a member: listens to its partition table and starts the reconciler.
     *
     * @param instance the started member, whose user context holds this object
     */
    public void attach(HazelcastInstance instance) {
        this.log = instance.getLoggingService().getLogger(MemberIndexes.class);
        this.local = instance.getCluster().getLocalMember().getUuid();
        HazelcastInstanceImpl impl = instance instanceof HazelcastInstanceProxy proxy ? proxy.getOriginal() : (HazelcastInstanceImpl) instance;
        this.replicas = impl.node.getNodeEngine().getPartitionService();
        this.localAddress = impl.node.getNodeEngine().getThisAddress();
        Partitions p = Partitions.of(instance.getPartitionService());
        PartitionIndex[] all = new PartitionIndex[p.count()];
        for (int i = 0; i < all.length; i++) {
            all[i] = new PartitionIndex(i, settings.bucketMillis(), options);
        }
        this.indexes = all;
        this.partitions = p;
        this.hz = instance;
        instance.getPartitionService().addMigrationListener(new MigrationListener() {
            @Override
            public void migrationStarted(MigrationState state) {
                // Nothing moves yet.
            }

            @Override
            public void migrationFinished(MigrationState state) {
                moved();
            }

            @Override
            public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
                if (event.getReplicaIndex() <= backups) {
                    moved();
                }
            }

            @Override
            public void replicaMigrationFailed(ReplicaMigrationEvent event) {
                moved();
            }
        });
        instance.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                moved();
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                moved();
            }
        });
        reconciler.scheduleWithFixedDelay(reconcile, 0, RECONCILE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Stops the reconciler and the builders and drops every index. */
    public void close() {
        closed = true;
        reconciler.shutdownNow();
        builders.shutdownNow();
        for (PartitionIndex pi : indexes) {
            pi.drop();
        }
    }

    /** @return this member's id, or {@code null} before {@link #attach} */
    UUID localMember() {
        return local;
    }

    /**
     * @return whether every partition this member owns has a current index (as far as this member
     *     knows: a partition that changed hands unseen is found out by its next query)
     */
    public boolean ready() {
        HazelcastInstance instance = hz;
        if (instance == null) {
            return false;
        }
        for (Partition p : instance.getPartitionService().getPartitions()) {
            Member owner = p.getOwner();
            if (owner == null || (owner.localMember() && indexes[p.getPartitionId()].state() != PartitionIndex.State.READY)) {
                return false;
            }
        }
        return true;
    }

    /**
     * @return whether, with warm backups, every partition this member holds as a backup replica has
     *     a current index (as far as this member knows); always true without warm backups
     */
    public boolean warm() {
        IPartitionService table = replicas;
        if (table == null) {
            return false;
        }
        if (!warmBackups) {
            return true;
        }
        for (int p = 0; p < indexes.length; p++) {
            if (isBackup(table.getPartition(p)) && indexes[p].state() != PartitionIndex.State.READY) {
                return false;
            }
        }
        return true;
    }

    /** @return whether this member indexes the partitions it holds as a backup replica */
    public boolean warmBackups() {
        return warmBackups;
    }

    /** @return partition indexes this member has built as their owner since it started (a measure of the work migrations cost it) */
    public long buildsCompleted() {
        return builds.get();
    }

    /** @return warm indexes of backup replicas this member has built since it started */
    public long backupBuildsCompleted() {
        return backupBuilds.get();
    }

    /**
     * @return the off-heap bytes of this member's indexes: {owned partitions, backup replicas}
     */
    public long[] offHeapBytes() {
        IPartitionService table = replicas;
        long[] bytes = new long[2];
        for (int p = 0; table != null && p < indexes.length; p++) {
            bytes[table.getPartition(p).isLocal() ? 0 : 1] += indexes[p].offHeapBytes();
        }
        return bytes;
    }

    /** @return time its builders spent on the builds as owner it completed, ns */
    public long buildNanos() {
        return buildNanos.get();
    }

    /** @return what this member holds now */
    public MemberReport report() {
        HazelcastInstance instance = hz;
        int owned = 0;
        int indexing = 0;
        long cameras = 0;
        for (Partition p : instance.getPartitionService().getPartitions()) {
            Member owner = p.getOwner();
            if (owner != null && owner.localMember()) {
                owned++;
                PartitionIndex pi = indexes[p.getPartitionId()];
                if (pi.state() == PartitionIndex.State.READY) {
                    cameras += pi.cameraCount();
                } else {
                    indexing++;
                }
            }
        }
        var address = instance.getCluster().getLocalMember().getAddress();
        return new MemberReport(address.getHost() + ":" + address.getPort(), owned, cameras, indexing);
    }

    // ---- called by the processors, on the partition thread of a partition this member owns or backs up ----

    /**
     * @param asBackup whether this is a backup replica's copy of the owner's raise
     * @return the changes this member's index of the partition took in the round the raise closes
     * @see PartitionIndex#bumped
     */
    int bumped(int partitionId, long before, long after, long write, boolean closing, int tally, boolean asBackup) {
        PartitionIndex[] all = indexes;
        if (partitionId >= all.length || asBackup && !warmBackups) {
            return 0;
        }
        return all[partitionId].bumped(before, after, write, closing, tally, asBackup);
    }

    boolean closeWrite(int partitionId, long write, IndexChange[] changes, boolean asBackup) {
        PartitionIndex[] all = indexes;
        return partitionId < all.length && (!asBackup || warmBackups) && all[partitionId].closeWrite(write, changes);
    }

    void changed(int partitionId, CameraKey key, CameraRecord before, CameraRecord after, boolean reset, boolean asBackup) {
        PartitionIndex[] all = indexes;
        if (partitionId < all.length && (!asBackup || warmBackups)) {
            all[partitionId].changed(key, before, after, reset, asBackup);
        }
    }

    ShardAnswer query(int partitionId, long count, QueryProcessor q) {
        if (q.bucketMillis() != settings.bucketMillis()) {
            return ShardAnswer.unanswered(ShardAnswer.WRONG_SETTINGS);
        }
        PartitionIndex[] all = indexes;
        IPartitionService table = replicas;
        IPartition partition = table == null || partitionId >= all.length ? null : table.getPartition(partitionId);
        // Hazelcast runs a partition's operations only on its owner; a warm backup index is never asked, and this says so twice.
        if (partition == null || !partition.isLocal()) {
            return ShardAnswer.unanswered(ShardAnswer.NOT_READY);
        }
        PartitionIndex pi = all[partitionId];
        PartitionIndex.Readable r = pi.readable(count, confirmation(partition));
        if (r == null) {
            requestBuild(pi);
            return ShardAnswer.unanswered(ShardAnswer.NOT_READY);
        }
        Area area = areas.get(q.area());
        if (area == null) {
            if (areas.size() >= AREA_CACHE) {
                areas.clear();
            }
            area = q.area().compiled();
            areas.put(q.area(), area);
        }
        return answer(r, area, q);
    }

    /**
     * Answers a query of a partition this member owns on the caller's thread, without Hazelcast,
     * if that is as exact as asking the partition thread: this member owns the partition, it is not
     * migrating, and a query on the partition thread found the index current (its count equal to
     * the stored one) while the partition's replicas were as they are now and no migration or
     * membership event has come since. Every write since then was made on this member, on the
     * partition thread, and reached the index before it was acknowledged.
     *
     * @param partitionId the partition
     * @param q the query
     * @return the answer, or {@code null} if the query must go through the partition thread
     */
    public ShardAnswer answerHere(int partitionId, QueryProcessor q) {
        PartitionIndex[] all = indexes;
        IPartitionService table = replicas;
        if (table == null || partitionId >= all.length || q.bucketMillis() != settings.bucketMillis()) {
            return null;
        }
        IPartition partition = table.getPartition(partitionId);
        if (!partition.isLocal() || partition.isMigrating()) {
            return null;
        }
        PartitionIndex.Readable r = all[partitionId].readableConfirmed(confirmation(partition));
        if (r == null) {
            return null;
        }
        answeredHere.increment();
        return answer(r, q.area().compiled(), q);
    }

    /** @return queries of partitions this member owns that it answered on the caller's thread ({@link #answerHere}) since it started */
    public long answeredHere() {
        return answeredHere.sum();
    }

    /** @return the partition's replica version and this member's event epoch, as one number */
    private long confirmation(IPartition partition) {
        return (long) epoch.get() << 32 | (partition.version() & 0xFFFF_FFFFL);
    }

    private static ShardAnswer answer(PartitionIndex.Readable r, Area area, QueryProcessor q) {
        Matches matches = MATCHES.get();
        r.view().match(area, q.fromMillis(), q.toMillis(), q.nowMillis(), q.mode(), matches);
        long[] ids = matches.ids();
        if (r.doubtful().isEmpty()) {
            return ShardAnswer.answered(ids, NONE, NONE);
        }
        List<long[]> hits = new ArrayList<>();
        for (PartitionIndex.Doubtful d : r.doubtful()) {
            d.index().match(area, q.fromMillis(), q.toMillis(), q.nowMillis(), q.mode(), matches);
            if (matches.count() > 0) {
                hits.add(new long[] {d.key().id(), d.key().cell()});
            }
        }
        long[] doubtfulIds = new long[hits.size()];
        long[] doubtfulCells = new long[hits.size()];
        for (int i = 0; i < doubtfulIds.length; i++) {
            doubtfulIds[i] = hits.get(i)[0];
            doubtfulCells[i] = hits.get(i)[1];
        }
        return ShardAnswer.answered(ids, doubtfulIds, doubtfulCells);
    }

    /** One entry of a snapshot being read, from the partition thread; entries of no build running here are ignored. */
    void snapshotEntry(long build, Object key, Object value) {
        Snapshot snapshot = snapshots.get(build);
        if (snapshot == null) {
            return;
        }
        snapshotInto(snapshot, key, value);
    }

    private static void snapshotInto(Snapshot snapshot, Object key, Object value) {
        synchronized (snapshot) {
            if (key instanceof ShardKey) {
                snapshot.count = (Long) value;
            } else {
                snapshot.records.put((CameraKey) key, (CameraRecord) value);
            }
        }
    }

    /** What a snapshot read: the partition's write count and its records. */
    private static final class Snapshot {
        long count;
        final Map<CameraKey, CameraRecord> records = new HashMap<>();
    }

    // ---- building and dropping ----

    /** Partitions moved, or members came or went: no index answers off the partition thread until asked there again; reconcile now. */
    private void moved() {
        epoch.incrementAndGet();
        soon();
    }

    private void soon() {
        if (!closed) {
            try {
                reconciler.execute(reconcile);
            } catch (RuntimeException e) {
                // Shutting down.
            }
        }
    }

    private void reconcile() {
        HazelcastInstance instance = hz;
        if (instance == null || closed || !instance.getLifecycleService().isRunning()) {
            return;
        }
        try {
            long now = System.nanoTime();
            IPartitionService table = replicas;
            for (int p = 0; p < indexes.length; p++) {
                PartitionIndex pi = indexes[p];
                pi.giveUpStaleWrite(now);
                IPartition partition = table.getPartition(p);
                if (partition.isLocal() || warmBackups && isBackup(partition)) {
                    if (pi.needsBuild()) {
                        requestBuild(pi);
                    }
                } else if (pi.state() != PartitionIndex.State.STALE) {
                    pi.drop();
                }
            }
        } catch (RuntimeException e) {
            if (instance.getLifecycleService().isRunning()) {
                log.warning("reconciling partition indexes failed, trying again", e);
            }
        }
    }

    /** @return whether this member holds the partition as one of the camera map's backup replicas */
    private boolean isBackup(IPartition partition) {
        for (int i = 1; i <= backups; i++) {
            if (localAddress.equals(partition.getReplicaAddress(i))) {
                return true;
            }
        }
        return false;
    }

    private void requestBuild(PartitionIndex pi) {
        if (closed || !pi.queueBuild()) {
            return;
        }
        try {
            builders.execute(() -> build(pi));
        } catch (RuntimeException e) {
            pi.abandon(pi.startBuild(false));
        }
    }

    private void build(PartitionIndex pi) {
        long started = System.nanoTime();
        HazelcastInstance instance = hz;
        boolean asOwner = replicas.getPartition(pi.partitionId()).isLocal();
        int build = pi.startBuild(asOwner);
        try {
            if (closed || !instance.getLifecycleService().isRunning() || !holds(pi.partitionId(), asOwner)) {
                pi.abandon(build);
                return;
            }
            ShardKey shard = partitions.key(pi.partitionId());
            IMap<Object, Object> cameras = instance.getMap(CAMERAS);
            var partition = Predicates.partitionPredicate(shard.getPartitionKey(), Predicates.alwaysTrue());
            Snapshot snapshot = new Snapshot();
            if (asOwner) {
                long name = ((long) pi.partitionId() << 32) | (build & 0xFFFF_FFFFL);
                snapshots.put(name, snapshot);
                try {
                    cameras.executeOnEntries(new SnapshotProcessor(name), partition);
                } finally {
                    snapshots.remove(name);
                }
            } else {
                // Read on the owner, shipped here; the backup copies of writes made since are kept by the index meanwhile.
                for (Map.Entry<Object, Object> e : cameras.executeOnEntries(SnapshotProcessor.shipped(), partition).entrySet()) {
                    snapshotInto(snapshot, e.getKey(), e.getValue());
                }
            }
            if (!holds(pi.partitionId(), asOwner)) {
                // Read elsewhere, or moved since: the reconciler decides again.
                pi.abandon(build);
                return;
            }
            long count;
            Map<CameraKey, CameraRecord> records;
            synchronized (snapshot) {
                count = snapshot.count;
                records = snapshot.records;
            }
            boolean built = pi.finishBuild(build, count, records);
            if (asOwner) {
                builds.incrementAndGet();
                buildNanos.addAndGet(System.nanoTime() - started);
            } else {
                backupBuilds.incrementAndGet();
            }
            if (!built) {
                soon();
            }
        } catch (RuntimeException e) {
            pi.abandon(build);
            if (instance.getLifecycleService().isRunning() && !closed) {
                log.fine("building the index of partition " + pi.partitionId() + " failed, the reconciler will try again: " + e);
            }
        }
    }

    /** @return whether this member holds the partition still as it did when its build began: as the owner, or as a backup */
    private boolean holds(int partitionId, boolean asOwner) {
        IPartition partition = replicas.getPartition(partitionId);
        return asOwner ? partition.isLocal() : !partition.isLocal() && warmBackups && isBackup(partition);
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
