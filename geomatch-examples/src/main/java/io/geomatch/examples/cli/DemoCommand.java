package io.geomatch.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.uber.h3core.H3Core;
import com.uber.h3core.util.LatLng;
import io.geomatch.core.InvalidInputException;
import io.geomatch.core.io.GeoJsonReader;
import io.geomatch.examples.map.RequestMap;
import io.geomatch.examples.service.Api;
import io.geomatch.examples.service.CommunityService;
import io.geomatch.examples.service.Principal;
import io.geomatch.examples.service.ServiceException;
import io.geomatch.examples.service.ServiceOptions;
import io.geomatch.examples.service.geo.GeoJson;
import io.geomatch.examples.service.Signatures;
import io.geomatch.examples.service.audit.AuditLog;
import io.geomatch.examples.service.audit.MerkleTree;
import io.geomatch.examples.service.audit.SignedTreeHead;
import io.geomatch.examples.service.policy.Moderation;
import io.geomatch.examples.sim.Counties;
import io.geomatch.examples.sim.County;
import io.geomatch.examples.sim.SimClock;
import io.geomatch.examples.sim.SimulatedFleet;
import io.geomatch.examples.sim.Simulator;
import io.geomatch.world.CameraWorld;
import io.geomatch.world.UsPlaces;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code geomatch demo}: one community request's whole lifecycle on a simulated world, in
 * process: verified agencies in real county jurisdictions, valid and refused requests, the
 * anonymous fan-out (by view, with what position matching would have reached), owners sharing, declining or ignoring, evidence verified (and a tampered
 * clip refused), what the agency sees against what the platform knows, the audit chain, and a
 * map of the request.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run a community request's whole lifecycle on a simulated US world and draw its map.")
final class DemoCommand implements Callable<Integer> {
    private static final long HOUR = 3_600_000L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final GeometryFactory GEOMETRY = new GeometryFactory();
    private static final int STEPS = 9;

    @Spec
    CommandSpec spec;

    @Option(names = "--devices", paramLabel = "N", defaultValue = "1000000", description = "Simulated devices (default ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "demo-output",
        description = "Where to write request-map.svg and request-map.png (default ${DEFAULT-VALUE}).")
    Path outDir;

    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        if (devices < 1_000 || devices > 20_000_000) {
            throw new InvalidInputException("--devices", devices, "is out of range, allowed 1000..20000000");
        }
        out = spec.commandLine().getOut();
        long started = System.nanoTime();
        Path data = Files.createTempDirectory("geomatch-demo");
        try {
            run(data);
        } finally {
            deleteTree(data);
        }
        out.printf("%ndone in %.1f s%n", (System.nanoTime() - started) / 1e9);
        return 0;
    }

    private void run(Path data) throws Exception {
        // Owners register their devices two days before the present, so the footage they share was recorded after that.
        SimClock clock = new SimClock(CameraWorld.DEFAULT_NOW_MILLIS - 2 * 24 * HOUR);
        out.printf("geomatch demo: a community request's lifecycle, %,d simulated devices (seed %d), clock %s%n",
            devices, seed, CameraWorld.DEFAULT_NOW);

        step(1, "platform: world, index and audit log");
        long t0 = System.nanoTime();
        ServiceOptions options = ServiceOptions.defaults().clock(clock).durable(false).simulate(devices, seed, 2)
            .worldNow(CameraWorld.DEFAULT_NOW_MILLIS).ownerRoundMillis(SimulateCommand.SIMULATED_ROUND_MILLIS);
        try (CommunityService service = CommunityService.open(data, options)) {
            SimulatedFleet fleet = service.fleet();
            out.printf("  %,d devices around %,d US places by population, %,d motion clips over 2 days,%n"
                    + "  indexed in a durable store (write-ahead log + checkpoints) in %.1f s%n",
                fleet.size(), UsPlaces.all().size(), fleet.world().footageCount(), (System.nanoTime() - t0) / 1e9);
            Principal operator = service.authenticate(service.newOperatorToken());
            Simulator owners = new Simulator(service, new Simulator.Behaviour(0.35, 0.25), seed);
            lifecycle(service, operator, owners, clock, fleet);
        }
    }

    private void lifecycle(CommunityService service, Principal operator, Simulator owners, SimClock clock, SimulatedFleet fleet)
        throws Exception {
        step(2, "agencies: only verified local agencies with an official domain");
        Counties counties = Counties.load();
        UsPlaces.Place city = UsPlaces.all().get(2);
        County county = counties.containing(city.latDegrees(), city.lonDegrees()).orElseThrow();
        String slug = county.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", "");
        Api.Created agencyIds = service.createAgency(operator, new Api.AgencyForm(county.name() + " County Sheriff's Office",
            slug + "countysheriff.gov", "county", county.geometry(), "axon"));
        Principal agency = service.authenticate(agencyIds.token());
        out.printf("  + %s County Sheriff's Office (%s): county agency, verified by Axon, jurisdiction %s County, %s%n",
            county.name(), agencyIds.id(), county.name(), county.state());
        refuse("a federal agency", () -> service.createAgency(operator, new Api.AgencyForm("Federal Task Force", "task.example.gov",
            "federal", county.geometry(), "ring")));
        refuse("an immigration agency", () -> service.createAgency(operator, new Api.AgencyForm("Removal Operations", "removal.example.gov",
            "immigration", county.geometry(), "flock")));
        refuse("a free-mail domain", () -> service.createAgency(operator, new Api.AgencyForm("Neighborhood Watch", "gmail.com",
            "city", county.geometry(), "ring")));

        step(3, "requests: policy checks before anything is published");
        long now = CameraWorld.DEFAULT_NOW_MILLIS;
        int centre = densestCamera(fleet, county.geometry(), city);
        double lat = fleet.world().latDegrees()[centre];
        double lon = fleet.world().lonDegrees()[centre];
        String area = Simulator.square(lat, lon, 0.49);
        long from = now - 13 * HOUR;
        long to = now - HOUR;
        KeyPair aliceKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Api.Created alice = registerAlice(service, operator, lat, lon, aliceKey, from, clock, now);
        Api.Filed main = service.fileRequest(agency, new Api.RequestForm(GeoJson.parse(area, "area"), from, to, "burglary", "2026-004417",
            "Det. R. Alvarez, 555-0142", "Residential burglary reported around 14:30; looking for a person carrying a large"
                + " black duffel bag and a grey hooded jacket, leaving on a red bicycle."));
        out.printf("  + %s: burglary, 0.49 mi² square in %s, window %s .. %s (12 h) -> %s%n",
            main.id(), city.name(), java.time.Instant.ofEpochMilli(from), java.time.Instant.ofEpochMilli(to), JSON.writeValueAsString(main));
        String emptyArea = emptySquare(fleet, county.geometry(), lat, lon);
        Api.Filed empty = service.fileRequest(agency, new Api.RequestForm(GeoJson.parse(emptyArea, "area"), from, to, "vandalism", "2026-004502",
            "Ofc. J. Chen, 555-0199", "Graffiti on the water tower; looking for anyone carrying spray paint after dark."));
        out.printf("  + %s: vandalism, 0.025 mi² square holding no cameras -> %s%n", empty.id(), JSON.writeValueAsString(empty));
        out.printf("    (the same answer, before any matching: the agency cannot tell the two apart)%n");
        String nearby = Simulator.circle(lat, lon, 0.1);
        refuse("a protest", () -> service.fileRequest(agency, form(nearby, from, to, "other", "2026-1001",
            "Looking for footage of the protest march downtown and who organised the rally.")));
        refuse("a race-only description", () -> service.fileRequest(agency, form(nearby, from, to, "robbery", "2026-1002",
            "Suspect is a Hispanic male.")));
        refuse("pressure wording", () -> service.fileRequest(agency, form(nearby, from, to, "theft", "2026-1003",
            "Package theft. You must share your footage; failure to comply will be noted.")));
        refuse("immigration enforcement", () -> service.fileRequest(agency, form(nearby, from, to, "other", "2026-1004",
            "Checking the immigration status of people seen at the bus stop.")));
        refuse("a 2 mi² area", () -> service.fileRequest(agency, form(Simulator.square(lat, lon, 2.0), from, to, "theft", "2026-1005",
            "Catalytic converter theft from a parked car.")));
        refuse("a 24 h window", () -> service.fileRequest(agency, form(nearby, now - 25 * HOUR, now - HOUR, "theft", "2026-1006",
            "Catalytic converter theft from a parked car.")));
        refuse("a window in the future", () -> service.fileRequest(agency, form(nearby, now - HOUR, now + HOUR, "theft", "2026-1007",
            "Catalytic converter theft from a parked car.")));
        UsPlaces.Place elsewhere = UsPlaces.all().get(0);
        refuse("an area outside the jurisdiction", () -> service.fileRequest(agency, form(
            Simulator.square(elsewhere.latDegrees(), elsewhere.lonDegrees(), 0.49), from, to, "theft", "2026-1008",
            "Catalytic converter theft from a parked car.")));
        Api.Filed second = service.fileRequest(agency, new Api.RequestForm(GeoJson.parse(nearby, "area"), now - 6 * HOUR, now - 5 * HOUR, "burglary",
            "2026-004417", "Det. R. Alvarez, 555-0142", "Second post for the same burglary: the red bicycle seen an hour earlier."));
        out.printf("  + %s: second post for case 2026-004417 -> published%n", second.id());
        refuse("a third post on one case", () -> service.fileRequest(agency, new Api.RequestForm(GeoJson.parse(nearby, "area"), now - 4 * HOUR, now - 3 * HOUR,
            "burglary", "2026-004417", "Det. R. Alvarez, 555-0142", "Third post for the same burglary.")));
        out.printf("  moderation rules: %s%n", String.join(", ", Moderation.rules().stream().map(Moderation.Rule::code).toList()));

        step(4, "fan-out: after the answer, exact match of what cameras see + window + retention + eligibility");
        service.awaitFanOut();
        Api.Deliveries d1 = service.deliveries(operator, main.id());
        Api.Deliveries d0 = service.deliveries(operator, empty.id());
        out.printf("  %s: %,d cameras matched, %,d owners notified, in %,d µs%n", main.id(), d1.matchedCameras(), d1.notifiedOwners(),
            d1.fanOutMicros());
        Api.MatchModes modes = service.matchModes(operator, main.id());
        out.printf("  matched by view (what a camera sees meets the area; by where it stands, for one without a view): %,d owners"
                + " (%,d cameras);%n  the same request matched by position only: %,d owners (%,d cameras). View matching spared %,d owners"
                + " (a camera that%n  stands in the area always sees it: its own point is in its sector) and reached %,d that position"
                + " matching misses%n  (cameras outside the area that look into it)%n",
            modes.viewOwners(), modes.viewCameras(), modes.positionOwners(), modes.positionCameras(), modes.ownersSpared(),
            modes.ownersAdded());
        out.printf("  %s: %,d cameras matched, %,d owners notified%n", empty.id(), d0.matchedCameras(), d0.notifiedOwners());
        out.printf("  opted-out owners and end-to-end encrypted devices are not eligible: they never hear of a request%n");

        step(5, "owners: share, decline or ignore (the agency cannot tell declining from ignoring from not being asked)");
        Simulator.Tally tally = owners.respond();
        out.printf("  simulated owners, over the %,d notifications of both delivered requests: %,d shared, %,d declined, %,d ignored%n"
                + "  (%,d clips uploaded to share, each signed by its device)%n",
            tally.notifications(), tally.shared(), tally.declined(), tally.ignored(), tally.clipsUploaded());
        aliceShares(service, alice, main, aliceKey, from, clock);

        step(6, "evidence: content hash and device signature checked again on every read");
        Api.Evidence evidence = service.evidence(agency, main.id());
        long verified = evidence.clips().stream().filter(c -> c.verification().contentHashMatches() && c.verification().signatureValid()).count();
        out.printf("  %s holds %,d shared clips, %,d of them verified (SHA-256 and Ed25519)%n", main.id(), evidence.clips().size(), verified);
        if (!evidence.clips().isEmpty()) {
            Api.EvidenceClip c = evidence.clips().get(0);
            out.printf("  e.g. %s from %s, %s .. %s, sha256 %s...%n", c.clipId(), c.deviceId(), c.start(), c.end(), c.sha256().substring(0, 16));
        }

        step(7, "what the agency sees vs what the platform knows");
        out.printf("  agency, GET /v1/requests/%s: %s%n", main.id(), keysOf(service.request(agency, main.id())));
        out.printf("  agency, GET /v1/requests/%s: %s%n", empty.id(), keysOf(service.request(agency, empty.id())));
        out.printf("  agency, evidence: %d clips vs %d clips; no recipients, counts or delivery state anywhere%n",
            evidence.clips().size(), service.evidence(agency, empty.id()).clips().size());
        Api.Deliveries after = service.deliveries(operator, main.id());
        out.printf("  platform only: %,d cameras matched, %,d owners notified, %,d shared, %,d declined, %,d silent%n",
            after.matchedCameras(), after.notifiedOwners(), after.shared(), after.declined(),
            after.notifiedOwners() - after.shared() - after.declined());

        step(8, "audit: every state change, hash-chained and in a signed Merkle tree (RFC 9162)");
        Api.AuditReport report = service.verifyAudit(operator);
        out.printf("  %,d records, chain intact: %s, head %s...%n", report.records(), report.intact(), report.headHash().substring(0, 16));
        SignedTreeHead sth = service.signTreeHead();
        byte[] auditKey = Base64.getDecoder().decode(service.auditKey().publicKey());
        out.printf("  signed tree head: %,d records, root %s..., Ed25519 signature valid: %s%n", sth.treeSize(),
            sth.rootHash().substring(0, 16), sth.verify(auditKey));
        long rounds = 0;
        long emptyRounds = 0;
        for (String record : Files.readAllLines(service.auditFile(), StandardCharsets.UTF_8)) {
            if (record.contains("\"type\":\"owner.round\"")) {
                rounds++;
                emptyRounds += record.contains("\"changes\":[]") ? 1 : 0;
            }
        }
        out.printf("  %,d of them owner rounds, one every %d ms whatever it holds (%,d empty): the tree grows with the clock,%n"
                + "  not with how many owners uploaded or answered%n", rounds, SimulateCommand.SIMULATED_ROUND_MILLIS, emptyRounds);
        Api.InclusionProof proof = service.inclusionProof(main.leafIndex(), sth.treeSize());
        byte[] line = service.auditEntries(operator, main.leafIndex(), main.leafIndex() + 1).entries().get(0).getBytes(StandardCharsets.UTF_8);
        List<byte[]> path = proof.auditPath().stream().map(h -> HexFormat.of().parseHex(h)).toList();
        out.printf("  %s's publication (leaf %,d): inclusion proof of %d hashes, verified against the signed root: %s%n", main.id(),
            main.leafIndex(), path.size(), MerkleTree.verifyInclusion(main.leafIndex(), sth.treeSize(),
                MerkleTree.leafHash(line, 0, line.length), path, sth.root()));
        Path copy = Files.createTempFile("audit-copy", ".log");
        try {
            byte[] bytes = Files.readAllBytes(service.auditFile());
            int at = indexOf(bytes, "\"description\":\"Residential burglary".getBytes(StandardCharsets.UTF_8)) + 16;
            bytes[at] = (byte) (bytes[at] == 'R' ? 'X' : 'R');
            Files.write(copy, bytes);
            AuditLog.Verification tampered = AuditLog.verify(copy);
            out.printf("  a copy with one letter of the request changed: intact %s, line %d: %s%n", tampered.intact(),
                tampered.brokenLine(), tampered.problem());
        } finally {
            Files.deleteIfExists(copy);
        }

        step(9, "transparency: the monthly report, differentially private for owners");
        clock.advance(28 * 24 * HOUR);   // the report of a month is computed once the month is over
        String month = java.time.YearMonth.from(java.time.Instant.ofEpochMilli(now).atZone(java.time.ZoneOffset.UTC)).toString();
        Api.TransparencyReport monthly = service.transparencyReport(month);
        out.printf("  GET /v1/transparency?month=%s (computed once %s was over, then stored: asked again, the same numbers)%n", month, month);
        out.printf("  %-32s %10s %8s %16s %15s%n", "agency", "published", "refused", "owners notified", "owners sharing");
        for (Api.ReportRow row : monthly.agencies()) {
            long refused = row.requestsRefused().values().stream().mapToLong(Long::longValue).sum();
            out.printf("  %-32s %10d %8d %16d %15d%n", row.agencyName(), row.requestsPublished(), refused, row.ownersNotified(),
                row.clipsShared());
            out.printf("    refused, by rule: %s%n", row.requestsRefused().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(java.util.stream.Collectors.joining(", ")));
        }
        out.printf("  owner counts: Laplace noise of scale %s (epsilon %s), each owner counted once; tree head %,d records, signed%n",
            2 / monthly.epsilon(), monthly.epsilon(), monthly.treeHead().treeSize());

        drawMap(service, operator, fleet, main, area, county, d1);
    }

    private Api.Created registerAlice(CommunityService service, Principal operator, double lat, double lon, KeyPair key, long from,
                                      SimClock clock, long now) {
        Api.Created alice = service.createOwner(operator, "Alice", "alice@example.com");
        Principal p = service.authenticate(alice.token());
        service.addDevice(p, alice.id(), new Api.DeviceForm("alice-doorbell", lat + 0.0004, lon + 0.0004, "doorbell", false, 30,
            Signatures.encode(key.getPublic()), new Api.View(225, 160, 20)));
        Api.Created bob = service.createOwner(operator, "Bob", "bob@example.com");
        Principal pb = service.authenticate(bob.token());
        KeyPair bobKey = generate();
        service.addDevice(pb, bob.id(), new Api.DeviceForm("bob-floodlight", lat - 0.0004, lon, "floodlight", true, 60,
            Signatures.encode(bobKey.getPublic()), new Api.View(0, 120, 15)));
        Api.Created carol = service.createOwner(operator, "Carol", "carol@example.com");
        Principal pc = service.authenticate(carol.token());
        KeyPair carolKey = generate();
        service.addDevice(pc, carol.id(), new Api.DeviceForm("carol-stickup", lat, lon - 0.0004, "stick-up", false, 30,
            Signatures.encode(carolKey.getPublic()), null));
        clock.advance(now - clock.getAsLong());   // two days later: the present
        upload(service, pb, "bob-floodlight", bobKey, from + 2 * HOUR);
        upload(service, pc, "carol-stickup", carolKey, from + 3 * HOUR);
        service.setOptedOut(pc, carol.id(), true);
        upload(service, p, "alice-doorbell", key, from + 4 * HOUR);
        out.printf("  owners registered through the API: Alice (doorbell facing south-west, 160°, 20 m; shares), Bob (e2ee floodlight),"
            + " Carol (stick-up without a view, opted out)%n");
        return alice;
    }

    private void aliceShares(CommunityService service, Api.Created alice, Api.Filed main, KeyPair key, long from, SimClock clock) {
        Principal p = service.authenticate(alice.token());
        List<Api.FeedItem> feed = service.feed(p);
        out.printf("  Alice's feed: %d request(s); %s has %d clip(s) of hers to share%n", feed.size(), main.id(),
            feed.isEmpty() ? 0 : feed.get(0).clips().size());
        byte[] content = Simulator.content("alice-doorbell", from + 5 * HOUR);
        byte[] signature = Signatures.sign(key.getPrivate(), "alice-doorbell", from + 5 * HOUR, from + 5 * HOUR + 30_000, content);
        byte[] altered = content.clone();
        altered[100] ^= 1;
        refuse("a clip altered after the device signed it", () -> service.uploadClip(p, "alice-doorbell",
            new Api.ClipForm(from + 5 * HOUR, from + 5 * HOUR + 30_000, altered, signature), null));
        String older = upload(service, p, "alice-doorbell", key, from - 20 * HOUR);
        refuse("sharing a clip from outside the window", () -> service.respond(p, main.id(), "share", List.of(older)));
        if (!feed.isEmpty()) {
            List<String> ids = feed.get(0).clips().stream().map(Api.ClipView::id).toList();
            service.respond(p, main.id(), "share", ids);
            out.printf("  Alice shares %d clip(s) with %s%n", ids.size(), main.id());
        }
    }

    private static String upload(CommunityService service, Principal owner, String deviceId, KeyPair key, long start) {
        byte[] content = Simulator.content(deviceId, start);
        return service.uploadClip(owner, deviceId, new Api.ClipForm(start, start + 20_000, content,
            Signatures.sign(key.getPrivate(), deviceId, start, start + 20_000, content)), null).id();
    }

    private static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void drawMap(CommunityService service, Principal operator, SimulatedFleet fleet, Api.Filed main, String area,
                         County county, Api.Deliveries d) throws IOException {
        Geometry geometry = GeoJsonReader.read(area, "area");
        Envelope view = geometry.getEnvelopeInternal();
        view.expandBy(view.getWidth() * 0.25, view.getHeight() * 0.25);
        long[] matched = service.matchedCameraIds(operator, main.id());
        Arrays.sort(matched);
        CameraWorld w = fleet.world();
        List<Integer> inView = new ArrayList<>();
        for (int i = 0; i < w.cameraCount(); i++) {
            if (view.contains(w.lonDegrees()[i], w.latDegrees()[i])) {
                inView.add(i);
            }
        }
        double[] lats = new double[inView.size()];
        double[] lons = new double[inView.size()];
        boolean[] hit = new boolean[inView.size()];
        double[] headings = new double[inView.size()];
        double[] fields = new double[inView.size()];
        double[] ranges = new double[inView.size()];   // 0: no view
        int sectors = 0;
        for (int k = 0; k < inView.size(); k++) {
            int i = inView.get(k);
            lats[k] = w.latDegrees()[i];
            lons[k] = w.lonDegrees()[i];
            hit[k] = Arrays.binarySearch(matched, w.ids()[i]) >= 0;
            if (w.hasView(i)) {
                headings[k] = w.viewHeadingDegrees(i);
                fields[k] = w.viewFieldOfViewDegrees(i);
                ranges[k] = w.viewRangeMeters(i);
                sectors += hit[k] ? 1 : 0;
            }
        }
        H3Core h3 = H3Core.newInstance();
        List<LatLng> ring = new ArrayList<>();
        for (Coordinate c : ((Polygon) geometry).getExteriorRing().getCoordinates()) {
            ring.add(new LatLng(c.y, c.x));
        }
        long[] cells = h3.polygonToCells(ring, List.of(), 10).stream().mapToLong(Long::longValue).toArray();
        Files.createDirectories(outDir);
        Path svg = outDir.resolve("request-map.svg");
        Path png = outDir.resolve("request-map.png");
        RequestMap.builder("Community request " + main.id() + " (platform view)")
            .area(geometry)
            .jurisdiction(county.geometry())
            .cells(cells)
            .cameras(lats, lons, hit)
            .views(headings, fields, ranges)
            .caption(String.format(Locale.ROOT, "0.49 mi² square, 12 h window; %d cameras in view, %d matched (%d with the sector they see);"
                + " %d H3 res-10 cells", inView.size(), d.matchedCameras(), sectors, cells.length))
            .write(svg, png);
        out.printf("%nmap: %s and %s (area, H3 cells, matched cameras in colour with what they see)%n", svg, png);
    }

    private static Api.RequestForm form(String area, long from, long to, String type, String caseNumber, String description) {
        return new Api.RequestForm(GeoJson.parse(area, "area"), from, to, type, caseNumber, "Det. K. Osei, 555-0170", description);
    }

    private void refuse(String what, Runnable call) {
        try {
            call.run();
            throw new IllegalStateException("the demo expected " + what + " to be refused");
        } catch (ServiceException e) {
            out.printf("  - refused %s: %d %s: %s%n", what, e.status(), e.code(), e.getMessage());
        }
    }

    private void step(int n, String title) {
        out.printf("%n[%d/%d] %s%n", n, STEPS, title);
        out.flush();
    }

    private static String keysOf(Api.RequestView v) {
        return "{id, agencyId, agencyName, status=" + v.status() + ", area, from, to, incidentType, caseNumber, contact,"
            + " description, publishedAt, resolvedAt}";
    }

    /** The camera with the most cameras within 400 m, among those near the city centre, whose 0.5 mi² square fits the county. */
    private static int densestCamera(SimulatedFleet fleet, Geometry county, UsPlaces.Place city) {
        CameraWorld w = fleet.world();
        double[] lat = w.latDegrees();
        double[] lon = w.lonDegrees();
        List<Integer> near = new ArrayList<>();
        for (int i = 0; i < w.cameraCount(); i++) {
            if (Math.abs(lat[i] - city.latDegrees()) < 0.05 && Math.abs(lon[i] - city.lonDegrees()) < 0.06) {
                near.add(i);
            }
        }
        double dLat = 400 / CameraWorld.METERS_PER_DEGREE;
        double dLon = dLat / Math.cos(Math.toRadians(city.latDegrees()));
        return near.stream()
            .filter(i -> county.covers(GeoJsonReader.read(Simulator.square(lat[i], lon[i], 0.49), "area")))
            .max(Comparator.comparingLong((Integer i) -> near.stream()
                .filter(j -> Math.abs(lat[j] - lat[i]) < dLat && Math.abs(lon[j] - lon[i]) < dLon).count())
                .thenComparing(i -> -i))
            .orElseThrow(() -> new IllegalStateException("no camera near " + city.name() + "; try more --devices"));
    }

    /** A 0.025 mi² square inside the county, holding no camera at all, searched outward from a point. */
    private static String emptySquare(SimulatedFleet fleet, Geometry county, double lat, double lon) {
        CameraWorld w = fleet.world();
        SplittableRandom random = new SplittableRandom(7);
        for (int attempt = 0; attempt < 10_000; attempt++) {
            double r = 0.02 + 0.3 * random.nextDouble();
            double a = 2 * Math.PI * random.nextDouble();
            String square = Simulator.square(lat + r * Math.sin(a), lon + r * Math.cos(a), 0.03);
            Geometry g = GeoJsonReader.read(square, "area");
            if (!county.covers(g)) {
                continue;
            }
            Envelope e = g.getEnvelopeInternal();
            boolean any = false;
            for (int i = 0; i < w.cameraCount() && !any; i++) {
                any = e.contains(w.lonDegrees()[i], w.latDegrees()[i]);
            }
            if (!any) {
                return square;
            }
        }
        throw new IllegalStateException("no empty area found near the request");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("text not found in the audit log");
    }

    /** Deletes a directory and everything in it (the demo and simulate data directories). */
    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
