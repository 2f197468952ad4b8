package io.geomatch.bench;

import io.geomatch.cluster.ClusterArea;
import io.geomatch.cluster.ClusterIndex;
import io.geomatch.cluster.ClusterNode;
import io.geomatch.core.Area;
import io.geomatch.core.LiveIndex;
import io.geomatch.core.LiveOptions;
import io.geomatch.core.LiveView;
import io.geomatch.core.Matches;
import io.geomatch.world.CameraWorld;
import io.geomatch.world.QueryWorkload;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A 0.5 mi² / 12 h query through a cluster of {@code members} Hazelcast members in this JVM,
 * against the same query on a single {@link LiveView} of the same world: what routing, the
 * partition owners' entry processors and merging add.
 *
 * <p>Setup: the {@code GeoIndexQueryBenchmark} world (7 days of footage, 60 s buckets) and query
 * pool (1,024 polygons of 0.5 mi², 12 h windows, mixed shapes). With {@code target=cluster}, the
 * members start (271 partitions, 1 backup, shard cells at H3 resolution 3) and the world is loaded
 * through {@link ClusterIndex#apply} in batches of 200,000 changes, each camera with its footage;
 * queries go through the first member's {@link ClusterIndex}. With {@code target=single}, the same
 * world is built into one {@link LiveIndex}. The setup prints the load time and rate, and the
 * share of the pool's queries that ask one partition and one member. With {@code route=here} (or
 * {@code elsewhere}) only the queries of the pool whose partitions the asking member owns (or not)
 * are asked: the share of the cost that is the hop to another member.
 *
 * <p>Run, from the repository root after {@code mvn -B package -DskipTests} (a 1 M trial loads
 * for several minutes; give the fork the memory of three members, backups included):
 * <pre>
 * java -jar geomatch-bench/target/benchmarks.jar ClusterQueryBenchmark
 * java -jar geomatch-bench/target/benchmarks.jar ClusterQueryBenchmark -p cameras=100000 -wi 2 -i 3
 * java -jar geomatch-bench/target/benchmarks.jar ClusterQueryBenchmark -p target=cluster -p route=here,elsewhere
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx14g", "--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens", "java.management/sun.management=ALL-UNNAMED", "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
    "-Dhazelcast.logging.type=none"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class ClusterQueryBenchmark {
    /** Number of cameras in the world. */
    @Param("1000000")
    public int cameras;

    /** {@code cluster} (through the members) or {@code single} (one live index). */
    @Param({"cluster", "single"})
    public String target;

    /** Members of the cluster, all in this JVM. */
    @Param("3")
    public int members;

    /**
     * Which queries of the pool the cluster is asked: {@code any}, {@code here} (those whose
     * partitions the asking member owns) or {@code elsewhere} (those it does not own wholly).
     */
    @Param("any")
    public String route;

    List<ClusterNode> nodes;
    ClusterIndex cluster;
    LiveIndex single;
    LiveView view;
    ClusterArea[] clusterAreas;
    Area[] areas;
    QueryWorkload.Query[] queries;
    long nowMillis;
    int cursor;
    /** The positions in the pool of the queries asked. */
    int[] picks;
    final Matches matches = new Matches();

    /**
     * Builds the world and the query pool, and the cluster or the single index.
     *
     * @throws InterruptedException if interrupted while the members start
     */
    @Setup(Level.Trial)
    public void setup() throws InterruptedException {
        CameraWorld world = CameraWorld.generate(cameras, GeoIndexQueryBenchmark.HISTORY_DAYS, CameraWorld.DEFAULT_NOW_MILLIS,
            GeoIndexQueryBenchmark.DATA_SEED);
        nowMillis = world.nowMillis();
        queries = QueryWorkload.generate(world, GeoIndexQueryBenchmark.POOL_SIZE, 0.5, 12 * 3_600_000L, GeoIndexQueryBenchmark.QUERY_SEED);
        areas = new Area[queries.length];
        clusterAreas = new ClusterArea[queries.length];
        for (int q = 0; q < queries.length; q++) {
            areas[q] = Area.polygon(queries[q].polygon());
            clusterAreas[q] = ClusterArea.polygon(queries[q].polygon());
        }
        switch (target) {
            case "single" -> {
                single = LiveIndex.of(world.buildIndex(GeoIndexQueryBenchmark.BUCKET_MILLIS), LiveOptions.defaults().maxRetentionDays(180));
                view = single.view();
            }
            case "cluster" -> {
                nodes = ClusterWorlds.start(members, GeoIndexQueryBenchmark.BUCKET_MILLIS);
                cluster = nodes.get(0).index();
                long t0 = System.nanoTime();
                long rows = ClusterWorlds.load(world, cluster);
                double seconds = (System.nanoTime() - t0) / 1e9;
                ClusterWorlds.awaitReady(nodes);
                int onePartition = 0;
                int oneMember = 0;
                for (ClusterArea area : clusterAreas) {
                    onePartition += cluster.partitionsAskedFor(area) == 1 ? 1 : 0;
                    oneMember += cluster.membersAskedFor(area).size() == 1 ? 1 : 0;
                }
                System.out.printf(Locale.ROOT, "%n[setup] %d members, loaded %d cameras and %d footage intervals (%d rows) in %.1f s: %.0f rows/s;"
                    + " queries asking one partition %.1f%%, one member %.1f%% (of %d)%n", members, cameras, rows - cameras, rows, seconds,
                    rows / seconds, 100.0 * onePartition / clusterAreas.length, 100.0 * oneMember / clusterAreas.length, clusterAreas.length);
            }
            default -> throw new IllegalArgumentException("target=" + target + ": allowed cluster or single");
        }
        picks = new int[queries.length];
        int n = 0;
        for (int q = 0; q < queries.length; q++) {
            boolean here = cluster != null && cluster.membersAskedFor(clusterAreas[q]).equals(List.of(nodes.get(0).address()));
            if (route.equals("any") || route.equals("here") == here) {
                picks[n++] = q;
            }
        }
        if (!route.equals("any") && !route.equals("here") && !route.equals("elsewhere") || n == 0) {
            throw new IllegalArgumentException("route=" + route + " with target=" + target + " leaves " + n
                + " queries: allowed any, or here or elsewhere with target=cluster");
        }
        picks = Arrays.copyOf(picks, n);
        System.out.printf(Locale.ROOT, "[setup] route=%s: %d queries of the pool%n", route, n);
    }

    /** Stops the members, or closes the single index. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (nodes != null) {
            ClusterWorlds.crashAll(nodes);
        }
        if (single != null) {
            single.close();
        }
    }

    /** @return the number of matches of the next query of the pool */
    @Benchmark
    public int match() {
        int q = picks[cursor];
        cursor = cursor + 1 == picks.length ? 0 : cursor + 1;
        QueryWorkload.Query query = queries[q];
        if (cluster != null) {
            return cluster.match(clusterAreas[q], query.fromMillis(), query.toMillis(), nowMillis).length;
        }
        view.match(areas[q], query.fromMillis(), query.toMillis(), nowMillis, matches);
        return matches.count();
    }
}
