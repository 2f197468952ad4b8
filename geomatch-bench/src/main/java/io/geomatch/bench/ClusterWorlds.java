package io.geomatch.bench;

import io.geomatch.cluster.ClusterIndex;
import io.geomatch.cluster.ClusterNode;
import io.geomatch.cluster.NodeOptions;
import io.geomatch.core.Camera;
import io.geomatch.core.Mutations;
import io.geomatch.world.CameraWorld;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Clusters for the cluster benchmarks and reports: members started in this JVM on free loopback
 * ports under a cluster name of their own, and a {@link CameraWorld} loaded into them through
 * {@link ClusterIndex#apply}, each camera with all its footage, in large batches.
 */
final class ClusterWorlds {
    /** The JVM options Hazelcast asks for on Java 17; forks of the cluster benchmarks get them. */
    static final String[] HAZELCAST_JVM_ARGS = {"--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens", "java.management/sun.management=ALL-UNNAMED", "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED"};
    /** Changes per batch when loading a world. */
    static final int LOAD_BATCH = 200_000;

    private ClusterWorlds() {
    }

    /**
     * Starts members one after another, each joining those before, and waits until all are ready.
     *
     * @param members how many
     * @param bucketMillis the cluster's bucket size
     * @return the members, started
     * @throws InterruptedException if interrupted while waiting
     */
    static List<ClusterNode> start(int members, long bucketMillis) throws InterruptedException {
        return start(members, bucketMillis, true);
    }

    /**
     * Starts members one after another, each joining those before, and waits until all are ready.
     *
     * @param members how many
     * @param bucketMillis the cluster's bucket size
     * @param warmBackups whether members index their backup replicas too
     * @return the members, started
     * @throws InterruptedException if interrupted while waiting
     */
    static List<ClusterNode> start(int members, long bucketMillis, boolean warmBackups) throws InterruptedException {
        String name = "geomatch-bench-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        List<ClusterNode> nodes = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            int port = freePort();
            addresses.add("127.0.0.1:" + port);
            nodes.add(ClusterNode.start(NodeOptions.bucketMillis(bucketMillis).maxRetentionDays(180).clusterName(name).port(port)
                .members(addresses).warmBackups(warmBackups)));
        }
        awaitReady(nodes);
        return nodes;
    }

    /**
     * @param nodes members
     * @throws InterruptedException if interrupted while waiting
     */
    static void awaitReady(List<ClusterNode> nodes) throws InterruptedException {
        for (ClusterNode n : nodes) {
            if (n.running() && !n.awaitReady(Duration.ofMinutes(10))) {
                throw new IllegalStateException("member " + n.address() + " did not get ready in 10 minutes");
            }
        }
    }

    /**
     * Loads every camera of a world, with its footage.
     *
     * @param world the world
     * @param index the cluster
     * @return the rows (cameras plus footage intervals) loaded
     */
    static long load(CameraWorld world, ClusterIndex index) {
        Mutations batch = new Mutations();
        long[] ids = world.ids();
        double[] lat = world.latDegrees();
        double[] lon = world.lonDegrees();
        boolean[] optedIn = world.optedIn();
        boolean[] e2ee = world.e2ee();
        int[] retention = world.retentionDays();
        int[] offsets = world.footageOffsets();
        long[] starts = world.footageStartMillis();
        int[] durations = world.footageDurationMillis();
        long rows = 0;
        for (int c = 0; c < ids.length; c++) {
            batch.upsertCamera(Camera.at(ids[c], lat[c], lon[c]).optedIn(optedIn[c]).e2ee(e2ee[c]).retentionDays(retention[c]));
            for (int f = offsets[c]; f < offsets[c + 1]; f++) {
                batch.addFootage(ids[c], starts[f], starts[f] + durations[f]);
            }
            if (batch.size() >= LOAD_BATCH || c + 1 == ids.length) {
                rows += index.apply(batch);
                batch.clear();
            }
        }
        return rows;
    }

    /** @param nodes members to stop abruptly */
    static void crashAll(List<ClusterNode> nodes) {
        for (ClusterNode n : nodes) {
            if (n.running()) {
                n.crash();
            }
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
