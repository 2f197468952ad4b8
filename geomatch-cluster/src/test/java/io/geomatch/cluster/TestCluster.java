package io.geomatch.cluster;

import io.geomatch.cluster.placement.ShardCells;
import io.geomatch.core.Mutations;
import io.geomatch.core.testing.LiveOp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Several cluster members in this JVM, on free loopback ports, with a cluster name of their own
 * (so that clusters of different tests never meet), and a client of them. Members are started one
 * after another, each joining the ones before.
 */
final class TestCluster implements AutoCloseable {
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final String name = "geomatch-test-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet();
    private final NodeOptions options;
    private final List<ClusterNode> nodes = new ArrayList<>();
    private final List<String> addresses = new ArrayList<>();
    private ClusterIndex client;

    private TestCluster(NodeOptions options) {
        this.options = options;
    }

    /**
     * @param members how many members to start
     * @param options their options (cluster name, port and members are set here)
     * @return the running cluster, every member ready
     */
    static TestCluster start(int members, NodeOptions options) throws InterruptedException {
        TestCluster c = new TestCluster(options);
        try {
            for (int i = 0; i < members; i++) {
                c.join();
            }
            c.awaitReady();
        } catch (RuntimeException | InterruptedException e) {
            c.close();
            throw e;
        }
        return c;
    }

    static NodeOptions options(long bucketMillis) {
        return NodeOptions.bucketMillis(bucketMillis).partitions(71).shardResolution(ShardCells.DEFAULT_RESOLUTION);
    }

    /** Starts one more member, joining the others. */
    ClusterNode join() {
        int port = freePort();
        String address = "127.0.0.1:" + port;
        List<String> seeds = new ArrayList<>(addresses);
        seeds.add(address);
        ClusterNode node = ClusterNode.start(options.clusterName(name).port(port).members(seeds));
        nodes.add(node);
        addresses.add(address);
        return node;
    }

    void awaitReady() throws InterruptedException {
        for (ClusterNode n : nodes) {
            if (n.running() && !n.awaitReady(Duration.ofSeconds(90))) {
                throw new AssertionError("member " + n.address() + " did not get ready in 90 s");
            }
        }
    }

    List<ClusterNode> nodes() {
        return nodes;
    }

    ClusterNode node(int i) {
        return nodes.get(i);
    }

    String name() {
        return name;
    }

    List<String> addresses() {
        return addresses;
    }

    /** @return a client of the cluster, connected on first use */
    synchronized ClusterIndex client() {
        if (client == null) {
            client = ClusterIndex.connect(ClientOptions.members(addresses).clusterName(name));
        }
        return client;
    }

    /** Applies changes in batches through {@code index}. */
    static void load(ClusterIndex index, List<LiveOp> ops, int batchSize) {
        Mutations batch = new Mutations();
        for (int i = 0; i < ops.size(); i++) {
            ops.get(i).addTo(batch);
            if (batch.size() == batchSize || i + 1 == ops.size()) {
                index.apply(batch);
                batch.clear();
            }
        }
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        for (ClusterNode n : nodes) {
            if (n.running()) {
                n.crash();
            }
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
