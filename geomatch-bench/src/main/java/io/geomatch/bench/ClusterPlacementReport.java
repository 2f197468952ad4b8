package io.geomatch.bench;

import com.hazelcast.cluster.Member;
import com.hazelcast.partition.PartitionService;
import io.geomatch.cluster.ClusterNode;
import io.geomatch.cluster.placement.Partitions;
import io.geomatch.cluster.placement.ShardCells;
import io.geomatch.core.Area;
import io.geomatch.world.CameraWorld;
import io.geomatch.world.QueryWorkload;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Prints, for each candidate shard resolution, what placement by H3 cell at that resolution does
 * to the benchmark world and its 0.5 mi² query pool: the share of queries whose box reaches one
 * shard cell, one partition, and one member of a 3-member cluster (271 partitions, as Hazelcast
 * assigns them), and how evenly cameras spread over partitions and members (largest over mean).
 * The resolution the cluster uses is chosen from this: coarse enough that a query almost always
 * asks one member, fine enough that cameras spread over the partitions.
 *
 * <p>Run, from the repository root after {@code mvn -B package -DskipTests}, with the number of
 * cameras (default 1,000,000):
 * <pre>
 * java --add-opens java.base/java.lang=ALL-UNNAMED -cp geomatch-bench/target/benchmarks.jar io.geomatch.bench.ClusterPlacementReport 1000000
 * </pre>
 */
public final class ClusterPlacementReport {
    private ClusterPlacementReport() {
    }

    /**
     * Prints the table.
     *
     * @param args optionally the number of cameras
     * @throws InterruptedException if interrupted while the members start
     */
    public static void main(String[] args) throws InterruptedException {
        int cameras = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        CameraWorld world = CameraWorld.generate(cameras, GeoIndexQueryBenchmark.HISTORY_DAYS, CameraWorld.DEFAULT_NOW_MILLIS,
            GeoIndexQueryBenchmark.DATA_SEED);
        QueryWorkload.Query[] queries = QueryWorkload.generate(world, GeoIndexQueryBenchmark.POOL_SIZE, 0.5, 12 * 3_600_000L,
            GeoIndexQueryBenchmark.QUERY_SEED);
        List<ClusterNode> nodes = ClusterWorlds.start(3, GeoIndexQueryBenchmark.BUCKET_MILLIS);
        try {
            PartitionService service = nodes.get(0).hazelcast().getPartitionService();
            Partitions partitions = Partitions.of(service);
            Map<Integer, Member> owners = new HashMap<>();
            for (var p : service.getPartitions()) {
                owners.put(p.getPartitionId(), p.getOwner());
            }
            System.out.printf(Locale.ROOT, "%d cameras, %d queries of 0.5 mi2, 3 members, %d partitions%n", cameras, queries.length, partitions.count());
            System.out.printf(Locale.ROOT, "%4s %12s %14s %11s %14s %22s %19s%n", "res", "cells used", "1 cell", "1 partition", "1 member",
                "partition max/mean", "member max/mean");
            for (int res = 2; res <= 5; res++) {
                ShardCells cells = new ShardCells(res);
                long[] perPartition = new long[partitions.count()];
                Map<Member, Long> perMember = new HashMap<>();
                Set<Long> used = new HashSet<>();
                for (int c = 0; c < cameras; c++) {
                    long cell = cells.cellOf(world.latDegrees()[c], world.lonDegrees()[c]);
                    used.add(cell);
                    int p = partitions.of(cell);
                    perPartition[p]++;
                    perMember.merge(owners.get(p), 1L, Long::sum);
                }
                int oneCell = 0;
                int onePartition = 0;
                int oneMember = 0;
                for (QueryWorkload.Query q : queries) {
                    Area area = Area.polygon(q.polygon());
                    long[] reached = cells.covering(area.minLatDegrees(), area.minLonDegrees(), area.maxLatDegrees(), area.maxLonDegrees(), 512);
                    Set<Integer> parts = new HashSet<>();
                    Set<Member> asked = new HashSet<>();
                    for (long cell : reached) {
                        parts.add(partitions.of(cell));
                        asked.add(owners.get(partitions.of(cell)));
                    }
                    oneCell += reached.length == 1 ? 1 : 0;
                    onePartition += parts.size() == 1 ? 1 : 0;
                    oneMember += asked.size() == 1 ? 1 : 0;
                }
                long maxPartition = 0;
                for (long n : perPartition) {
                    maxPartition = Math.max(maxPartition, n);
                }
                long maxMember = perMember.values().stream().mapToLong(Long::longValue).max().orElse(0);
                System.out.printf(Locale.ROOT, "%4d %12d %13.1f%% %10.1f%% %13.1f%% %22.2f %19.2f%n", res, used.size(),
                    100.0 * oneCell / queries.length, 100.0 * onePartition / queries.length, 100.0 * oneMember / queries.length,
                    maxPartition / ((double) cameras / partitions.count()), maxMember / ((double) cameras / 3));
            }
        } finally {
            ClusterWorlds.crashAll(nodes);
        }
    }
}
