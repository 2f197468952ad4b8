package io.geomatch.bench;

import io.geomatch.cluster.ClusterIndex;
import io.geomatch.cluster.ClusterNode;
import io.geomatch.cluster.MemberStatus;
import io.geomatch.cluster.member.MemberIndexes;
import io.geomatch.world.CameraWorld;

import java.util.List;
import java.util.Locale;

/**
 * Prints how long a cluster takes to settle after a member dies, per million cameras it must
 * index again, and how fast it loads: {@code members} members in this JVM (271 partitions, 1
 * backup), the {@code GeoIndexQueryBenchmark} world loaded through {@link ClusterIndex#apply}
 * (batches of 200,000 changes, each camera with all its footage), then one member stopped
 * abruptly ({@link ClusterNode#crash()}, as {@code kill -9}). Two times are printed: until the
 * survivors answer for every partition again (each has an owner that has indexed it), and until
 * they are safe (Hazelcast has made the backups that died with the member again). The cameras
 * taken over are those the dead member's indexes held (its backups were promoted elsewhere): with
 * warm backups (the default) the survivors already hold them indexed, and the crash waits until
 * every backup replica is; with {@code cold} they index them from their records after the loss.
 * Before the crash it prints each member's index memory, owned and backup, off-heap.
 *
 * <p>Run, from the repository root after {@code mvn -B package -DskipTests}, with the number of
 * cameras (default 1,000,000), of members (default 3), and {@code warm} (default) or {@code cold}:
 * <pre>
 * java -Xmx14g --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
 *     -cp geomatch-bench/target/benchmarks.jar io.geomatch.bench.ClusterSettleReport 1000000 3
 * </pre>
 */
public final class ClusterSettleReport {
    private ClusterSettleReport() {
    }

    /** @return whether every partition is owned by one of the members, which has indexed it */
    private static boolean answering(List<ClusterNode> members) {
        int owned = 0;
        for (ClusterNode n : members) {
            if (!MemberIndexes.of(n.hazelcast()).ready()) {
                return false;
            }
            owned += MemberIndexes.of(n.hazelcast()).report().partitionsOwned();
        }
        return owned == members.get(0).hazelcast().getPartitionService().getPartitions().size();
    }

    /**
     * Loads a world, kills a member and reports.
     *
     * @param args optionally the number of cameras and of members
     * @throws InterruptedException if interrupted while waiting for the cluster
     */
    public static void main(String[] args) throws InterruptedException {
        int cameras = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int members = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String mode = args.length > 2 ? args[2] : "warm";
        if (cameras < 1 || members < 2 || !mode.equals("warm") && !mode.equals("cold")) {
            throw new IllegalArgumentException("cameras=" + cameras + " members=" + members + " mode=" + mode
                + ": allowed 1 or more cameras, 2 or more members, warm or cold");
        }
        boolean warm = mode.equals("warm");
        CameraWorld world = CameraWorld.generate(cameras, GeoIndexQueryBenchmark.HISTORY_DAYS, CameraWorld.DEFAULT_NOW_MILLIS,
            GeoIndexQueryBenchmark.DATA_SEED);
        List<ClusterNode> nodes = ClusterWorlds.start(members, GeoIndexQueryBenchmark.BUCKET_MILLIS, warm);
        try {
            ClusterIndex index = nodes.get(0).index();
            long t0 = System.nanoTime();
            long rows = ClusterWorlds.load(world, index);
            double loadSeconds = (System.nanoTime() - t0) / 1e9;
            ClusterWorlds.awaitReady(nodes);
            long warmStarted = System.nanoTime();
            for (ClusterNode n : nodes) {
                while (!MemberIndexes.of(n.hazelcast()).warm()) {
                    Thread.sleep(10);
                }
            }
            System.out.printf(Locale.ROOT, "%s backups: every backup replica indexed %.1f s after the members were ready%n", mode,
                (System.nanoTime() - warmStarted) / 1e9);
            for (ClusterNode n : nodes) {
                long[] bytes = MemberIndexes.of(n.hazelcast()).offHeapBytes();
                System.out.printf(Locale.ROOT, "  %s index memory off-heap: owned %.1f MB, backups %.1f MB%n", n.address(), bytes[0] / 1e6,
                    bytes[1] / 1e6);
            }
            System.out.println(ProcessMemory.line("all members, before the crash"));
            System.out.printf(Locale.ROOT, "loaded %d cameras and %d footage intervals (%d rows) into %d members in %.1f s: %.0f rows/s%n",
                cameras, rows - cameras, rows, members, loadSeconds, rows / loadSeconds);
            ClusterNode victim = nodes.get(members - 1);
            long held = 0;
            for (MemberStatus s : index.status()) {
                System.out.printf(Locale.ROOT, "  %s partitions=%d cameras=%d%n", s.address(), s.partitionsOwned(), s.cameras());
                if (s.address().equals(victim.address())) {
                    held = s.cameras();
                }
            }
            List<ClusterNode> survivors = nodes.subList(0, members - 1);
            long buildsBefore = 0;
            long buildNanosBefore = 0;
            for (ClusterNode n : survivors) {
                buildsBefore += MemberIndexes.of(n.hazelcast()).buildsCompleted();
                buildNanosBefore += MemberIndexes.of(n.hazelcast()).buildNanos();
            }
            long crashed = System.nanoTime();
            victim.crash();
            while (survivors.get(0).hazelcast().getCluster().getMembers().size() != members - 1) {
                Thread.sleep(5);
            }
            double removedSeconds = (System.nanoTime() - crashed) / 1e9;
            // Answering again: every partition has a surviving owner, and each owner has indexed it.
            while (!answering(survivors)) {
                Thread.sleep(10);
            }
            double answerSeconds = (System.nanoTime() - crashed) / 1e9;
            ClusterWorlds.awaitReady(survivors);
            double safeSeconds = (System.nanoTime() - crashed) / 1e9;
            long after = index.status().stream().mapToLong(MemberStatus::cameras).sum();
            long builds = -buildsBefore;
            long buildNanos = -buildNanosBefore;
            for (ClusterNode n : survivors) {
                builds += MemberIndexes.of(n.hazelcast()).buildsCompleted();
                buildNanos += MemberIndexes.of(n.hazelcast()).buildNanos();
            }
            System.out.printf(Locale.ROOT, "the member was out of the member list after %.2f s; the survivors built %d partition indexes,"
                + " %.2f s of builder time in all%n", removedSeconds, builds, buildNanos / 1e9);
            System.out.printf(Locale.ROOT, "killed %s, which held %d cameras; the %d survivors answered for every partition again after %.2f s"
                + " (%.2f s per million cameras taken over) and were safe (backups in place again) after %.2f s; they now hold %d cameras%n",
                victim.address(), held, members - 1, answerSeconds, answerSeconds * 1e6 / held, safeSeconds, after);
        } finally {
            ClusterWorlds.crashAll(nodes);
        }
    }
}
