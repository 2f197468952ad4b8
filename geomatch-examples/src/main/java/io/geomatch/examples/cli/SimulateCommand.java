package io.geomatch.examples.cli;

import io.geomatch.core.InvalidInputException;
import io.geomatch.examples.service.Api;
import io.geomatch.examples.service.CommunityService;
import io.geomatch.examples.service.Principal;
import io.geomatch.examples.service.ServiceException;
import io.geomatch.examples.service.ServiceOptions;
import io.geomatch.examples.service.geo.GeoJson;
import io.geomatch.examples.sim.Counties;
import io.geomatch.examples.sim.County;
import io.geomatch.examples.sim.SimClock;
import io.geomatch.examples.sim.SimulatedFleet;
import io.geomatch.examples.sim.Simulator;
import io.geomatch.world.CameraWorld;
import io.geomatch.world.UsPlaces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * {@code geomatch simulate}: the request lifecycle at scale on a simulated clock. County agencies
 * around the most populous places file requests (random shapes and sizes, 15 min to 12 h
 * windows) through simulated hours; owners answer; the run reports requests per second, fan-out
 * latency and notifications delivered.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Run the community-request lifecycle at scale on a simulated clock and report throughput and fan-out latency.")
final class SimulateCommand implements Callable<Integer> {
    private static final long HOUR = 3_600_000L;
    /**
     * Rounds of owners' changes in the in-process demo and simulation, ms: short, since simulated
     * hours pass in seconds; {@code serve} defaults to 1 s.
     */
    static final long SIMULATED_ROUND_MILLIS = 50;
    private static final double[] SIZES_SQUARE_MILES = {0.03, 0.1, 0.49};
    private static final String[] INCIDENTS = {"burglary", "theft", "vehicle-theft", "robbery", "vandalism", "hit-and-run"};

    @Spec
    CommandSpec spec;

    @Option(names = "--devices", paramLabel = "N", defaultValue = "1000000", description = "Simulated devices (default ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--hours", paramLabel = "H", defaultValue = "4", description = "Simulated hours (default ${DEFAULT-VALUE}).")
    int hours;

    @Option(names = "--agencies", paramLabel = "A", defaultValue = "20", description = "County agencies, one per populous place (default ${DEFAULT-VALUE}).")
    int agencyCount;

    @Option(names = "--requests-per-agency-hour", paramLabel = "R", defaultValue = "5",
        description = "Requests each agency files per simulated hour (default ${DEFAULT-VALUE}).")
    int perAgencyHour;

    @Option(names = "--share", defaultValue = "0.3", description = "Probability an owner shares (default ${DEFAULT-VALUE}).")
    double share;

    @Option(names = "--decline", defaultValue = "0.2", description = "Probability an owner declines (default ${DEFAULT-VALUE}).")
    double decline;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        check("--devices", devices, 1_000, 20_000_000);
        check("--hours", hours, 1, 240);
        check("--agencies", agencyCount, 1, 200);
        check("--requests-per-agency-hour", perAgencyHour, 1, 1000);
        if (!(share >= 0 && decline >= 0 && share + decline <= 1)) {
            throw new InvalidInputException("--share/--decline", share + "/" + decline, "must be probabilities with share + decline <= 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        SimClock clock = new SimClock(CameraWorld.DEFAULT_NOW_MILLIS);
        Path data = Files.createTempDirectory("geomatch-simulate");
        try {
            long t0 = System.nanoTime();
            ServiceOptions options = ServiceOptions.defaults().clock(clock).durable(false).requestsPerHour(Math.max(perAgencyHour, 1))
                .simulate(devices, seed, 3).ownerRoundMillis(SIMULATED_ROUND_MILLIS);
            try (CommunityService service = CommunityService.open(data, options)) {
                out.printf("simulate: %,d devices, %,d clips over 3 days, indexed in %.1f s%n", devices,
                    service.fleet().world().footageCount(), (System.nanoTime() - t0) / 1e9);
                out.flush();
                run(service, clock, out);
            }
        } finally {
            DemoCommand.deleteTree(data);
        }
        return 0;
    }

    private void run(CommunityService service, SimClock clock, PrintWriter out) throws Exception {
        Principal operator = service.authenticate(service.newOperatorToken());
        SimulatedFleet fleet = service.fleet();
        CameraWorld w = fleet.world();
        Simulator owners = new Simulator(service, new Simulator.Behaviour(share, decline), seed);
        Counties counties = Counties.load();
        Map<String, County> chosen = new LinkedHashMap<>();
        for (UsPlaces.Place place : UsPlaces.all()) {
            if (chosen.size() == agencyCount) {
                break;
            }
            counties.containing(place.latDegrees(), place.lonDegrees()).ifPresent(c -> chosen.putIfAbsent(c.fips(), c));
        }
        List<Principal> agencies = new ArrayList<>();
        List<List<Integer>> camerasOf = new ArrayList<>();
        for (County c : chosen.values()) {
            String slug = c.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", "") + c.fips();
            Api.Created a = service.createAgency(operator, new Api.AgencyForm(c.name() + " County Sheriff", slug + ".example.gov", "county",
                c.geometry(), "axon"));
            agencies.add(service.authenticate(a.token()));
            camerasOf.add(new ArrayList<>());
        }
        List<County> list = new ArrayList<>(chosen.values());
        for (int i = 0; i < w.cameraCount(); i++) {
            County c = counties.containing(w.latDegrees()[i], w.lonDegrees()[i]).orElse(null);
            int k = c == null ? -1 : list.indexOf(c);
            if (k >= 0) {
                camerasOf.get(k).add(i);
            }
        }
        out.printf("  %d county agencies around the most populous places; simulating %d hours, %d requests per agency-hour%n",
            agencies.size(), hours, perAgencyHour);
        out.flush();
        SplittableRandom random = new SplittableRandom(seed);
        List<String> filed = new ArrayList<>();
        int refused = 0;
        long started = System.nanoTime();
        int perHour = perAgencyHour * agencies.size();
        for (int h = 0; h < hours; h++) {
            for (int k = 0; k < perHour; k++) {
                clock.advance(HOUR / perHour);
                int a = k % agencies.size();
                List<Integer> cams = camerasOf.get(a);
                if (cams.isEmpty()) {
                    continue;
                }
                int cam = cams.get(random.nextInt(cams.size()));
                double size = SIZES_SQUARE_MILES[random.nextInt(SIZES_SQUARE_MILES.length)];
                String area = random.nextBoolean() ? Simulator.square(w.latDegrees()[cam], w.lonDegrees()[cam], size)
                    : Simulator.circle(w.latDegrees()[cam], w.lonDegrees()[cam], size);
                long length = 15 * 60_000L + random.nextLong(12 * HOUR - 15 * 60_000L + 1);
                long to = CameraWorld.DEFAULT_NOW_MILLIS - random.nextLong(36 * HOUR);
                try {
                    Api.Filed f = service.fileRequest(agencies.get(a), new Api.RequestForm(GeoJson.parse(area, "area"), to - length, to,
                        INCIDENTS[random.nextInt(INCIDENTS.length)], "SIM-" + h + "-" + k, "Desk officer, 555-0100",
                        "Looking for footage of a person in a dark jacket near the corner store."));
                    filed.add(f.id());
                } catch (ServiceException e) {
                    refused++;
                }
            }
            service.awaitFanOut();
            Simulator.Tally t = owners.respond();
            out.printf("  hour %d: %,d requests published, %,d notifications, %,d shared%n", h + 1, filed.size(), t.notifications(), t.shared());
            out.flush();
        }
        service.awaitFanOut();
        Simulator.Tally t = owners.respond();
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] micros = new long[filed.size()];
        long notified = 0;
        for (int i = 0; i < micros.length; i++) {
            Api.Deliveries d = service.deliveries(operator, filed.get(i));
            micros[i] = d.fanOutMicros();
            notified += d.notifiedOwners();
        }
        Arrays.sort(micros);
        out.printf("%n%,d requests published (%,d refused, e.g. areas crossing a county line) in %.1f s wall: %.1f requests/s,"
            + " fan-out and owners' answers included%n", filed.size(), refused, seconds, filed.size() / seconds);
        if (micros.length > 0) {
            out.printf("fan-out latency (publish to delivered, durable): p50 %,d µs, p99 %,d µs, max %,d µs%n",
                micros[(int) ((micros.length - 1) * 0.50)], micros[(int) ((micros.length - 1) * 0.99)], micros[micros.length - 1]);
        }
        out.printf("notifications delivered: %,d (%,.1f per request); owners shared %,d, declined %,d, ignored %,d; %,d clips uploaded%n",
            notified, (double) notified / Math.max(1, filed.size()), t.shared(), t.declined(), t.ignored(), t.clipsUploaded());
        Api.AuditReport report = service.verifyAudit(operator);
        out.printf("audit chain: %,d records, intact %s%n", report.records(), report.intact());
    }

    private static void check(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidInputException(option, value, "is out of range, allowed " + min + ".." + max);
        }
    }
}
