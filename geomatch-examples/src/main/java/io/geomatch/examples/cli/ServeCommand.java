package io.geomatch.examples.cli;

import io.geomatch.core.InvalidInputException;
import io.geomatch.examples.service.CommunityService;
import io.geomatch.examples.service.ServiceOptions;
import io.geomatch.examples.service.audit.StartChecks;
import io.geomatch.examples.service.http.ApiServer;
import io.geomatch.examples.sim.Simulator;
import io.geomatch.examples.text.Printable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code geomatch serve}: the community-request service over HTTP, with its state in a data
 * directory that survives restarts and kill -9. Runs until the process is stopped.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run the community-request service (JSON over HTTP; API at /v1/openapi.json).")
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "Port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1", description = "Address to bind (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--data", paramLabel = "DIR", required = true, description = "Data directory: audit log, index, operator token.")
    Path data;

    @Option(names = "--simulate", paramLabel = "N", defaultValue = "0",
        description = "On first start, populate N simulated devices whose owners answer requests (default none).")
    int simulate;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Seed of the simulated world (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--requests-per-hour", paramLabel = "N", defaultValue = "10",
        description = "Per-agency limit of published requests per rolling hour (default ${DEFAULT-VALUE}).")
    int requestsPerHour;

    @Option(names = "--owner-quota-mib", paramLabel = "MIB", defaultValue = "64",
        description = "Clip content each owner may store, MiB (default ${DEFAULT-VALUE}).")
    long ownerQuotaMib;

    @Option(names = "--owner-round-millis", paramLabel = "MS", defaultValue = "1000",
        description = "Owners' uploads, answers and opt-outs are committed in one audit record every MS ms, whatever it holds, so the"
            + " public tree's size does not count them; an owner's call waits up to a round (default ${DEFAULT-VALUE}).")
    long ownerRoundMillis;

    @Option(names = "--report-epsilon", paramLabel = "E", defaultValue = "1.0",
        description = "Privacy budget of each monthly transparency report, 0.01..10 (default ${DEFAULT-VALUE}; smaller adds more noise).")
    double reportEpsilon;

    @Option(names = "--cut-unacknowledged",
        description = "When a tree head slot (audit.head or audit.sth) is damaged, cut the journal records past the surviving"
            + " head and delete their evidence instead of refusing to start (they may have been acknowledged).")
    boolean cutUnacknowledged;

    @Option(names = "--witness", paramLabel = "FILE",
        description = "Also record every commit's tree head in FILE, kept outside DIR where whoever can write DIR cannot (another"
            + " volume or host); serve then refuses to start on a journal or head files rolled back behind it.")
    Path witness;

    @Option(names = "--witness-init",
        description = "Give an empty or missing witness FILE the head of the existing audit log (start witnessing it); without it,"
            + " serve refuses a witness that holds no head, which is what an unmounted witness volume looks like.")
    boolean witnessInit;

    @Option(names = "--cluster", paramLabel = "HOST:PORT[,HOST:PORT...]", split = ",",
        description = "Match requests against a cluster started with 'cluster node --bucket 1' instead of the index in the data directory"
            + " (the audit log stays there and is replayed into the cluster on every start); exit 3 if it cannot be reached.")
    List<String> cluster;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new InvalidInputException("--port", port, "is out of range, allowed 0..65535");
        }
        if (simulate < 0 || simulate > 50_000_000) {
            throw new InvalidInputException("--simulate", simulate, "is out of range, allowed 0..50000000");
        }
        if (requestsPerHour < 1 || requestsPerHour > 10_000) {
            throw new InvalidInputException("--requests-per-hour", requestsPerHour, "is out of range, allowed 1..10000");
        }
        if (ownerQuotaMib < 1 || ownerQuotaMib > 1_048_576) {
            throw new InvalidInputException("--owner-quota-mib", ownerQuotaMib, "is out of range, allowed 1..1048576");
        }
        if (ownerRoundMillis < 1 || ownerRoundMillis > ServiceOptions.MAX_OWNER_ROUND_MILLIS) {
            throw new InvalidInputException("--owner-round-millis", ownerRoundMillis, "is out of range, allowed 1.."
                + ServiceOptions.MAX_OWNER_ROUND_MILLIS);
        }
        if (!(reportEpsilon >= 0.01 && reportEpsilon <= 10)) {
            throw new InvalidInputException("--report-epsilon", reportEpsilon, "is out of range, allowed 0.01..10");
        }
        PrintWriter out = spec.commandLine().getOut();
        ServiceOptions options = ServiceOptions.defaults().requestsPerHour(requestsPerHour).ownerQuotaBytes(ownerQuotaMib << 20)
            .reportEpsilon(reportEpsilon).cutUnacknowledged(cutUnacknowledged).ownerRoundMillis(ownerRoundMillis);
        if (witness != null) {
            String problem = StartChecks.witnessProblem(witness, data);
            if (problem != null) {
                throw new InvalidInputException("--witness", witness, problem + "; keep it where whoever can write that directory"
                    + " cannot (another volume or host)");
            }
            Options.writableTarget("--witness", witness);
            options = options.witness(witness, witnessInit);
        } else if (witnessInit) {
            throw new InvalidInputException("--witness-init", true, "needs --witness FILE");
        }
        if (simulate > 0) {
            options = options.simulate(simulate, seed, 3);
        }
        if (cluster != null) {
            options = options.cluster(ClusterCommand.addresses("--cluster", cluster));
        }
        CommunityService service;
        try {
            service = CommunityService.open(data, options);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // The data directory (or its witness) is not one the service can start on: the operator's input.
            throw new InvalidInputException("--data", data, e.getMessage());
        }
        ApiServer server = ApiServer.start(service, host, port);
        Thread responder = null;
        if (service.fleet() != null) {
            Simulator simulator = new Simulator(service, new Simulator.Behaviour(0.3, 0.2), seed);
            responder = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        simulator.respond();
                    } catch (RuntimeException e) {
                        System.err.println(Printable.escape("error: simulated owners: " + e));   // and go on answering
                    }
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "geomatch-simulated-owners");
            responder.setDaemon(true);
            responder.start();
        }
        // Paths as given, with whatever a terminal would act on escaped: a directory name must not forge a status line.
        String tokenFile = Printable.escape(data.resolve(CommunityService.OPERATOR_TOKEN_FILE).toString());
        out.printf("geomatch service on http://%s:%d (API: /v1/openapi.json), data in %s%n", host, server.port(),
            Printable.escape(data.toString()));
        out.printf("  %,d cameras indexed%s%n", service.indexedCameras(),
            service.fleet() == null ? "" : ", " + String.format("%,d", service.fleet().size()) + " of them simulated (owners answer on their own)");
        if (service.newOperatorToken() != null) {
            out.printf("  operator token: new, written to %s (mode 600)%n", tokenFile);
        } else if (Files.isRegularFile(data.resolve(CommunityService.OPERATOR_TOKEN_FILE))) {
            out.printf("  operator token: in %s%n", tokenFile);
        } else {
            // Only the token's hash is kept: operator calls need the token written there at the first start.
            out.printf("  operator token: not in %s (missing, or not a file); operator calls need the token written there at the"
                + " first start%n", tokenFile);
        }
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread finalResponder = responder;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            if (finalResponder != null) {
                finalResponder.interrupt();
            }
            try {
                service.close();
            } catch (Exception e) {
                System.err.println(Printable.escape("error: closing the service: " + e));
            }
            stopped.countDown();
        }, "geomatch-shutdown"));
        stopped.await();
        return 0;
    }
}
