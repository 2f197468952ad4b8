package io.geomatch.examples.cli;

import io.geomatch.cluster.ChangeRefusedException;
import io.geomatch.cluster.ClientOptions;
import io.geomatch.cluster.ClusterIndex;
import io.geomatch.cluster.ClusterNode;
import io.geomatch.cluster.MemberStatus;
import io.geomatch.cluster.NodeOptions;
import io.geomatch.core.InvalidInputException;
import io.geomatch.core.io.StoreCsv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * {@code geomatch cluster}: run a member of a geomatch cluster ({@code node}), stream CSV changes
 * into a cluster ({@code load}), or report what each member holds ({@code status}).
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
    description = "Run a cluster member, load CSV changes into a cluster, or report on its members.",
    subcommands = {ClusterCommand.Node.class, ClusterCommand.Load.class, ClusterCommand.Status.class})
final class ClusterCommand implements Runnable {
    private static final Pattern HOST_PORT = Pattern.compile("[^\\s:,]+:\\d{1,5}");
    /**
     * Rows per batch of {@code cluster load}: a batch costs a few operations on every partition it
     * reaches, whatever its size, so batches are ten times those of {@code store load}.
     */
    static final int LOAD_BATCH_ROWS = 100_000;
    /** Held so that the level set on it stays set (java.util.logging keeps loggers weakly). */
    private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a cluster command is required: node, load or status");
    }

    /**
     * @param option the option name
     * @param addresses HOST:PORT values
     * @return them, checked
     */
    static List<String> addresses(String option, List<String> addresses) {
        List<String> checked = new ArrayList<>();
        for (String a : addresses) {
            String t = a.trim();
            if (!HOST_PORT.matcher(t).matches() || Integer.parseInt(t.substring(t.lastIndexOf(':') + 1)) > 65_535) {
                throw new InvalidInputException(option, t, "is not HOST:PORT, e.g. 127.0.0.1:5701");
            }
            checked.add(t);
        }
        if (checked.isEmpty()) {
            throw new InvalidInputException(option, "", "is empty, give at least one HOST:PORT");
        }
        return checked;
    }

    /**
     * Connects to a cluster as a client whose logging stays quiet (errors are reported as one line).
     *
     * @param members HOST:PORT of one or more members
     * @return the cluster
     */
    static ClusterIndex connect(List<String> members) {
        if (System.getenv("GEOMATCH_DEBUG") == null) {
            System.setProperty("hazelcast.logging.type", "none");
        }
        return ClusterIndex.connect(ClientOptions.members(members));
    }

    /** {@code cluster node}: one member, in the foreground, until SIGTERM (leaves gracefully) or SIGKILL (a crash). */
    @Command(name = "node", mixinStandardHelpOptions = true,
        description = {"Run one cluster member in the foreground: TCP-IP join to the listed members, no multicast.",
            "Prints 'ready HOST:PORT' on stdout once joined and its partitions are in place and indexed.",
            "SIGTERM leaves gracefully (partitions handed over first); kill -9 is a crash the cluster survives with --backups 1."})
    static final class Node implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--port", required = true, paramLabel = "PORT", description = "Port to bind to (exactly this one).")
        int port;

        @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "IP address to bind to and be reached at (default ${DEFAULT-VALUE}).")
        String host;

        @Option(names = "--members", required = true, paramLabel = "HOST:PORT[,HOST:PORT...]", split = ",",
            description = "Members to join; this member's own address may be among them.")
        List<String> members;

        @Option(names = "--bucket", required = true, paramLabel = "SECONDS",
            description = "Time bucket size in seconds (0.001 = 1 ms, exact); the same on every member.")
        String bucketSeconds;

        @Option(names = "--backups", paramLabel = "N", defaultValue = "1",
            description = "Synchronous backups of every partition, 0..6 (default ${DEFAULT-VALUE}): losing N members loses nothing acknowledged.")
        int backups;

        @Option(names = "--max-retention", paramLabel = "DAYS", defaultValue = "3650",
            description = "Longest retention a camera may have, 1..3650 days (default ${DEFAULT-VALUE}); the same on every member.")
        int maxRetentionDays;

        @Override
        public Integer call() throws Exception {
            long bucketMillis = Options.secondsToMillis("--bucket", bucketSeconds);
            Options.maxRetentionDays("--max-retention", maxRetentionDays);
            NodeOptions options = NodeOptions.bucketMillis(bucketMillis).host(host).port(port).members(addresses("--members", members))
                .backups(backups).maxRetentionDays(maxRetentionDays);
            if (System.getenv("GEOMATCH_DEBUG") == null) {
                HAZELCAST_LOG.setLevel(Level.WARNING);
            }
            ClusterNode node;
            try {
                node = ClusterNode.start(options);
            } catch (InvalidInputException e) {
                // The cluster's settings differ: name the option the operator gave.
                if ("bucketMillis".equals(e.field())) {
                    throw new InvalidInputException("--bucket", bucketSeconds, "is refused by the cluster: " + e.getMessage());
                }
                if ("maxRetentionDays".equals(e.field())) {
                    throw new InvalidInputException("--max-retention", maxRetentionDays, "is refused by the cluster: " + e.getMessage());
                }
                throw e;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            node.hazelcast().getLifecycleService().addLifecycleListener(event -> {
                if (event.getState() == com.hazelcast.core.LifecycleEvent.LifecycleState.SHUTDOWN) {
                    stopped.countDown();
                }
            });
            while (!node.awaitReady(Duration.ofSeconds(1))) {
                if (!node.running()) {
                    throw new IllegalStateException("the member stopped before it was ready");
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("ready " + node.address());
            out.flush();
            if (node.running()) {
                stopped.await();
            }
            return 0;
        }
    }

    /** {@code cluster load}: CSV changes into a cluster, as a client, printing {@code acked N} as rows are held by primaries and backups. */
    @Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Apply cameras, then updates, then footage to a cluster, as 'store load' does to a store (same formats, same order).",
            "Prints 'acked N' on stdout after every batch of 100,000 rows and at the end: N rows are held by a primary and its backups."})
    static final class Load implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--members", required = true, paramLabel = "HOST:PORT[,HOST:PORT...]", split = ",",
            description = "One or more members of the cluster.")
        List<String> members;

        @Mixin
        ChangeFiles files;

        @Override
        public Integer call() throws Exception {
            List<String> addresses = addresses("--members", members);
            files.requireExisting();
            long rows;
            long started = System.nanoTime();
            try (ClusterIndex cluster = connect(addresses)) {
                StoreCsv.Target target = batch -> {
                    try {
                        cluster.apply(batch);
                        return null;
                    } catch (ChangeRefusedException e) {
                        return new StoreCsv.Refusal(e.accepted(), e.reason());
                    }
                };
                rows = files.load((file, format, rowsBefore, acks) -> StoreCsv.load(file, format, target, LOAD_BATCH_ROWS, rowsBefore, acks),
                    spec.commandLine().getOut());
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            spec.commandLine().getErr().printf("loaded %,d rows into the cluster in %.1f s (%,.0f rows/s)%n", rows, seconds, rows / seconds);
            return 0;
        }
    }

    /** {@code cluster status}: one line per member. */
    @Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Print one line per member: its address, the partitions it owns and the cameras it holds,",
            "e.g. '127.0.0.1:5701 partitions=90 cameras=333412' (and 'indexing=N' while N of its partitions are being indexed)."})
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--members", required = true, paramLabel = "HOST:PORT[,HOST:PORT...]", split = ",",
            description = "One or more members of the cluster.")
        List<String> members;

        @Override
        public Integer call() {
            List<String> addresses = addresses("--members", members);
            PrintWriter out = spec.commandLine().getOut();
            try (ClusterIndex cluster = connect(addresses)) {
                for (MemberStatus s : cluster.status()) {
                    out.println(s.address() + " partitions=" + s.partitionsOwned() + " cameras=" + s.cameras()
                        + (s.partitionsIndexing() > 0 ? " indexing=" + s.partitionsIndexing() : ""));
                }
            }
            out.flush();
            return 0;
        }
    }
}
