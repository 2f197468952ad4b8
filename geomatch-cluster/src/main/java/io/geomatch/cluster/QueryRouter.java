package io.geomatch.cluster;

import com.hazelcast.core.HazelcastException;
import io.geomatch.cluster.data.ShardAnswer;
import io.geomatch.cluster.data.ShardKey;
import io.geomatch.cluster.member.MemberIndexes;
import io.geomatch.cluster.member.QueryProcessor;
import io.geomatch.core.Area;
import io.geomatch.core.GeoIndex;
import io.geomatch.core.InvalidInputException;
import io.geomatch.core.MatchMode;
import io.geomatch.core.Matches;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A query's way through the cluster: the shard cells the area's box reaches (grown by the longest
 * view range when matching by view), their partitions, one
 * {@link QueryProcessor} per partition sent to its owner, the answers merged in ascending order
 * and duplicates dropped. On a member, a partition it owns is answered on the caller's thread
 * when that is as exact as asking its partition thread ({@link MemberIndexes#answerHere}): no
 * hand-off, no serialization. A partition whose owner's index is not current answers "not ready" and
 * is asked again after a short pause; so is one whose owner left or died meanwhile (Hazelcast
 * sends the question to the new owner). Matches of records in doubt are kept only if the
 * directory points at their cell. Past the answer timeout the query fails with
 * {@link ClusterUnavailableException}: it never returns part of an answer.
 */
final class QueryRouter {
    /** The longest range of a camera's view, metres, as {@link io.geomatch.core.Camera#view} allows it. */
    static final double MAX_VIEW_RANGE_METERS = 200;
    /** Room added to the reach of a view, metres: the range is kept to 1 mm, the box's arithmetic to far less than this. */
    private static final double REACH_MARGIN_METERS = 1;
    /** The sphere of the view frame ({@link MatchMode}), metres. */
    private static final double EARTH_RADIUS_METERS = 6_371_008.8;
    /** More shard cells than this and the query asks every partition. */
    static final int MAX_CELLS = 512;
    private static final long FIRST_PAUSE_MILLIS = 5;
    private static final long MAX_PAUSE_MILLIS = 200;
    private static final ThreadLocal<Matches> CHECKS = ThreadLocal.withInitial(Matches::countOnly);

    private final Cluster cluster;
    /** The indexes of the member this router runs on, or {@code null} on a client. */
    private final MemberIndexes here;
    /** An empty index, asked first so that a query's arguments are checked by the core's own rules. */
    private final GeoIndex empty;

    QueryRouter(Cluster cluster) {
        this.cluster = cluster;
        this.here = MemberIndexes.ofMemberOrNull(cluster.hazelcast());
        this.empty = GeoIndex.builder(cluster.settings().bucketMillis()).build();
    }

    /** @return the partitions a query of the area by position must ask, ascending */
    int[] partitionsFor(Area area) {
        return partitionsFor(area, MatchMode.POSITION);
    }

    /**
     * @return the partitions a query of the area in a mode must ask, ascending: by view, those of
     *     the area's box grown by the longest range a camera may have, so that a camera standing in
     *     a neighbouring shard cell whose sector reaches into the area is asked too
     */
    int[] partitionsFor(Area area, MatchMode mode) {
        double minLat = area.minLatDegrees();
        double minLon = area.minLonDegrees();
        double maxLat = area.maxLatDegrees();
        double maxLon = area.maxLonDegrees();
        if (mode == MatchMode.VIEW) {
            // The view frame's metres per degree of latitude, and of longitude at the widest latitude a viewer may stand.
            double reachLat = (MAX_VIEW_RANGE_METERS + REACH_MARGIN_METERS) / (Math.PI / 180 * EARTH_RADIUS_METERS);
            minLat = Math.max(-90, minLat - reachLat);
            maxLat = Math.min(90, maxLat + reachLat);
            double cos = Math.cos(Math.toRadians(Math.max(Math.abs(minLat), Math.abs(maxLat))));
            // The frame does not wrap at the antimeridian: a camera sees no area across it.
            double reachLon = cos < 1e-6 ? 360 : reachLat / cos;
            minLon = Math.max(-180, minLon - reachLon);
            maxLon = Math.min(180, maxLon + reachLon);
        }
        long[] cells = cluster.cells().covering(minLat, minLon, maxLat, maxLon, MAX_CELLS);
        int count = cluster.partitions().count();
        if (cells == null) {
            int[] all = new int[count];
            Arrays.setAll(all, i -> i);
            return all;
        }
        int[] parts = new int[cells.length];
        for (int i = 0; i < cells.length; i++) {
            parts[i] = cluster.partitions().of(cells[i]);
        }
        Arrays.sort(parts);
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            if (n == 0 || parts[n - 1] != parts[i]) {
                parts[n++] = parts[i];
            }
        }
        return Arrays.copyOf(parts, n);
    }

    long[] match(ClusterArea area, long fromMillis, long toMillis, long nowMillis, MatchMode mode) {
        empty.match(area.area(), fromMillis, toMillis, nowMillis, mode, CHECKS.get());
        int[] parts = partitionsFor(area.area(), mode);
        QueryProcessor question = new QueryProcessor(cluster.settings().bucketMillis(), area.definition(), fromMillis, toMillis, nowMillis,
            mode);
        long deadline = System.nanoTime() + cluster.answerTimeout().toNanos();
        List<ShardAnswer> answers = new ArrayList<>(parts.length);
        List<ShardKey> pending = new ArrayList<>(parts.length);
        for (int p : parts) {
            pending.add(cluster.partitions().key(p));
        }
        long pause = FIRST_PAUSE_MILLIS;
        String why = null;
        Throwable cause = null;
        while (true) {
            if (here != null) {
                pending = answerHere(pending, question, answers);
            }
            List<CompletableFuture<ShardAnswer>> asked = new ArrayList<>(pending.size());
            for (ShardKey key : pending) {
                try {
                    // One partition (most queries) is asked synchronously: a future's completion goes through Hazelcast's
                    // async executor, a hand-off that cost about 200 µs here; the wait is then bounded by Hazelcast's
                    // invocation timeout (a client's is the answer timeout) rather than by the deadline below.
                    asked.add(pending.size() == 1 ? CompletableFuture.completedFuture(cluster.cameras().executeOnKey(key, question))
                        : cluster.cameras().submitToKey(key, question).toCompletableFuture());
                } catch (RuntimeException e) {
                    // A client that lost every member refuses at once; the loop treats it as any failure.
                    asked.add(CompletableFuture.failedFuture(e));
                }
            }
            List<ShardKey> again = new ArrayList<>();
            for (int i = 0; i < asked.size(); i++) {
                try {
                    ShardAnswer a = asked.get(i).get(remainingNanos(deadline), TimeUnit.NANOSECONDS);
                    if (a.status() == ShardAnswer.ANSWERED) {
                        answers.add(a);
                    } else {
                        again.add(pending.get(i));
                        why = a.status() == ShardAnswer.NOT_READY ? "partition " + pending.get(i).partitionId() + " is being indexed after it moved"
                            : "a member runs with other settings";
                    }
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof InvalidInputException bad) {
                        throw bad;
                    }
                    again.add(pending.get(i));
                    why = "partition " + pending.get(i).partitionId() + " could not be asked (" + ClusterNode.oneLine(e.getCause()) + ")";
                    cause = e.getCause();
                } catch (TimeoutException e) {
                    again.add(pending.get(i));
                    why = "partition " + pending.get(i).partitionId() + " did not answer in time";
                    cause = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ClusterUnavailableException("the query was interrupted; retry", e);
                }
            }
            if (again.isEmpty()) {
                break;
            }
            if (remainingNanos(deadline) <= 0) {
                throw new ClusterUnavailableException("the cluster cannot answer now: " + why + " (after "
                    + cluster.answerTimeout().toSeconds() + " s); retry", cause);
            }
            pending = again;
            sleep(Math.min(pause, TimeUnit.NANOSECONDS.toMillis(remainingNanos(deadline)) + 1));
            pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
        }
        return merge(answers);
    }

    /** @return the partitions of {@code pending} this member could not answer on this thread; the others' answers go to {@code answers} */
    private List<ShardKey> answerHere(List<ShardKey> pending, QueryProcessor question, List<ShardAnswer> answers) {
        List<ShardKey> rest = null;
        for (int i = 0; i < pending.size(); i++) {
            ShardAnswer a = here.answerHere(pending.get(i).partitionId(), question);
            if (a != null && rest == null) {
                rest = new ArrayList<>(pending.subList(0, i));
            }
            if (a != null) {
                answers.add(a);
            } else if (rest != null) {
                rest.add(pending.get(i));
            }
        }
        return rest == null ? pending : rest;
    }

    /** Merges the partitions' answers in ascending order, keeping a record in doubt only if the directory points at its cell. */
    private long[] merge(List<ShardAnswer> answers) {
        int doubtful = 0;
        for (ShardAnswer a : answers) {
            doubtful += a.doubtfulIds().length;
        }
        long[] confirmed = new long[0];
        if (doubtful > 0) {
            confirmed = confirm(answers);
        }
        if (answers.size() == 1 && confirmed.length == 0) {
            return answers.get(0).ids();
        }
        int total = confirmed.length;
        for (ShardAnswer a : answers) {
            total += a.ids().length;
        }
        long[] all = Arrays.copyOf(confirmed, total);
        int at = confirmed.length;
        for (ShardAnswer a : answers) {
            System.arraycopy(a.ids(), 0, all, at, a.ids().length);
            at += a.ids().length;
        }
        Arrays.sort(all);
        int n = 0;
        for (int i = 0; i < all.length; i++) {
            if (n == 0 || all[n - 1] != all[i]) {
                all[n++] = all[i];
            }
        }
        return n == all.length ? all : Arrays.copyOf(all, n);
    }

    private long[] confirm(List<ShardAnswer> answers) {
        Map<Long, List<Long>> cellsById = new HashMap<>();
        for (ShardAnswer a : answers) {
            for (int i = 0; i < a.doubtfulIds().length; i++) {
                cellsById.computeIfAbsent(a.doubtfulIds()[i], k -> new ArrayList<>()).add(a.doubtfulCells()[i]);
            }
        }
        Map<Long, Long> directory;
        try {
            directory = cluster.directory().getAll(cellsById.keySet());
        } catch (HazelcastException | IllegalStateException e) {
            throw new ClusterUnavailableException("the cluster cannot answer now: the directory could not be read ("
                + ClusterNode.oneLine(e) + "); retry", e);
        }
        long[] kept = new long[cellsById.size()];
        int n = 0;
        for (Map.Entry<Long, List<Long>> e : cellsById.entrySet()) {
            Long cell = directory.get(e.getKey());
            if (cell != null && e.getValue().contains(cell)) {
                kept[n++] = e.getKey();
            }
        }
        return Arrays.copyOf(kept, n);
    }

    private static long remainingNanos(long deadline) {
        return deadline - System.nanoTime();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterUnavailableException("the query was interrupted; retry", e);
        }
    }
}
