package io.geomatch.examples.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geomatch.core.Camera;
import io.geomatch.core.testing.BruteForce;
import io.geomatch.examples.service.CommunityService;
import io.geomatch.examples.service.Principal;
import io.geomatch.examples.service.ServiceOptions;
import io.geomatch.examples.service.fanout.DeviceIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Stream;

import static io.geomatch.examples.service.http.ServiceFixture.HOUR;
import static io.geomatch.examples.service.http.ServiceFixture.LAT;
import static io.geomatch.examples.service.http.ServiceFixture.LON;
import static io.geomatch.examples.service.http.ServiceFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fan-out matches in view mode: a request reaches the devices whose view meets its area (and
 * those without a view that stand in it), checked against the contract's brute force
 * ({@link BruteForce#viewInside}) over every device, before and after the index is rebuilt from
 * the journal; views are validated at the API with the field, value and what is allowed.
 */
class ViewMatchingHttpTest {
    private static final double METERS_PER_DEGREE = Math.PI / 180 * BruteForce.EARTH_RADIUS_METERS;
    /** Half the side of the request's square, metres (0.17 square miles). */
    private static final double HALF_SIDE_METERS = 300;
    private static final long FROM = NOW - 2 * HOUR;
    private static final long TO = NOW - HOUR;
    private static final long CLIP_START = NOW - 90 * 60_000L;

    @TempDir
    Path dir;

    /** A device of the test: its own owner, a place in metres east and north of (LAT, LON), maybe a view. */
    private record Spec(String id, double eastMeters, double northMeters, boolean e2ee, double[] view) {
        double lat() {
            return LAT + northMeters / METERS_PER_DEGREE;
        }

        double lon() {
            return LON + eastMeters / (METERS_PER_DEGREE * Math.cos(Math.toRadians(LAT)));
        }

        Camera camera(long id) {
            Camera c = Camera.at(id, lat(), lon()).e2ee(e2ee);
            return view == null ? c : c.view(view[0], view[1], view[2]);
        }
    }

    private static double[] view(double headingDegrees, double fieldOfViewDegrees, double rangeMeters) {
        return new double[] {headingDegrees, fieldOfViewDegrees, rangeMeters};
    }

    private static List<Spec> devices() {
        double edge = HALF_SIDE_METERS;
        List<Spec> s = new ArrayList<>(List.of(
            new Spec("across-facing", 0, edge + 15, false, view(180, 90, 25)),       // across the street, sees the area
            new Spec("across-away", 0, edge + 15, false, view(0, 90, 25)),           // same place, faces away
            new Spec("near-away", 0, edge + 3, false, view(0, 120, 30)),             // 3 m outside, faces away
            new Spec("inside-away", 0, edge - 5, false, view(0, 60, 10)),            // inside: its own point is in its sector
            new Spec("too-short", 0, edge + 45, false, view(180, 90, 30)),           // faces it, 45 m off, sees 30 m
            new Spec("corner-facing", edge + 15, edge + 15, false, view(225, 10, 25)),
            new Spec("corner-past", edge + 15, edge + 15, false, view(180, 20, 25)), // looks down the street beside it
            new Spec("across-e2ee", 0, -edge - 15, true, view(0, 90, 25)),
            new Spec("plain-inside", 10, 10, false, null),
            new Spec("plain-outside", 0, -edge - 10, false, null)));
        SplittableRandom rng = new SplittableRandom(18);
        for (int i = 0; i < 40; i++) {
            double east = (rng.nextDouble() * 2 - 1) * (edge + 80);
            double north = (rng.nextDouble() * 2 - 1) * (edge + 80);
            double[] v = rng.nextInt(10) < 7
                ? view(rng.nextInt(36_000) / 100.0, rng.nextInt(10) == 0 ? 360 : (1 + rng.nextInt(35_900)) / 100.0,
                    (1_000 + rng.nextInt(99_000)) / 1000.0)
                : null;
            s.add(new Spec("r" + i, east, north, false, v));
        }
        return s;
    }

    private static Geometry area() {
        double dLat = HALF_SIDE_METERS / METERS_PER_DEGREE;
        double dLon = HALF_SIDE_METERS / (METERS_PER_DEGREE * Math.cos(Math.toRadians(LAT)));
        return new GeometryFactory().createPolygon(new Coordinate[] {new Coordinate(LON - dLon, LAT - dLat),
            new Coordinate(LON + dLon, LAT - dLat), new Coordinate(LON + dLon, LAT + dLat), new Coordinate(LON - dLon, LAT + dLat),
            new Coordinate(LON - dLon, LAT - dLat)});
    }

    private static String geoJson(Geometry polygon) {
        StringBuilder b = new StringBuilder("{\"type\":\"Polygon\",\"coordinates\":[[");
        for (Coordinate c : polygon.getCoordinates()) {
            b.append(b.charAt(b.length() - 1) == '[' ? "" : ",").append(String.format(Locale.ROOT, "[%.12f,%.12f]", c.x, c.y));
        }
        return b.append("]]}").toString();
    }

    /** @return the ids of the devices the contract says a request over the area reaches, by view or by position */
    private static TreeSet<String> oracle(List<Spec> specs, boolean byView) {
        int n = specs.size();
        Camera[] cameras = new Camera[n];
        long[] ids = new long[n];
        double[] lat = new double[n];
        double[] lon = new double[n];
        boolean[] optedIn = new boolean[n];
        boolean[] e2ee = new boolean[n];
        int[] retention = new int[n];
        int[] offsets = new int[n + 1];
        long[] starts = new long[n];
        int[] durations = new int[n];
        for (int i = 0; i < n; i++) {
            cameras[i] = specs.get(i).camera(i);   // the view as the index keeps it (0.01 degree, 1 mm)
            ids[i] = i;
            lat[i] = specs.get(i).lat();
            lon[i] = specs.get(i).lon();
            optedIn[i] = true;
            e2ee[i] = specs.get(i).e2ee();
            retention[i] = 30;
            offsets[i + 1] = i + 1;
            starts[i] = CLIP_START;
            durations[i] = 60_000;
        }
        BruteForce.Fleet fleet = BruteForce.grouped(ids, lat, lon, optedIn, e2ee, retention, offsets, starts, durations);
        boolean[] inside;
        if (byView) {
            fleet = BruteForce.withViews(fleet, c -> cameras[c].hasView(), c -> cameras[c].headingDegrees(),
                c -> cameras[c].fieldOfViewDegrees(), c -> cameras[c].rangeMeters());
            boolean[] ambiguous = new boolean[n];
            inside = BruteForce.viewInside(fleet, area(), ambiguous);
            for (int i = 0; i < n; i++) {
                assertThat(ambiguous[i]).as("device %s is at a tangency; pick another seed", specs.get(i).id()).isFalse();
            }
        } else {
            inside = BruteForce.inside(fleet, BruteForce.polygons(area()));
        }
        TreeSet<String> out = new TreeSet<>();
        for (long id : BruteForce.match(fleet, DeviceIndex.BUCKET_MILLIS, inside, FROM, TO, NOW)) {
            out.add(specs.get((int) id).id());
        }
        return out;
    }

    @Test
    void shouldReachTheDevicesThatSeeTheAreaAsTheContractSaysAndAgainAfterARebuildFromTheJournal() throws Exception {
        List<Spec> specs = devices();
        TreeSet<String> expected = oracle(specs, true);
        TreeSet<String> byPosition = oracle(specs, false);
        assertThat(expected).contains("across-facing", "inside-away", "corner-facing", "plain-inside")
            .doesNotContain("across-away", "near-away", "too-short", "corner-past", "across-e2ee", "plain-outside");
        assertThat(byPosition).doesNotContain("across-facing", "corner-facing");
        assertThat(expected).as("the random devices tell view from position matching").isNotEqualTo(byPosition);

        List<JsonNode> owners = new ArrayList<>();
        List<KeyPair> keys = new ArrayList<>();
        JsonNode agency;
        String operatorToken;
        try (ServiceFixture f = new ServiceFixture(dir, ServiceOptions.defaults().ownerRoundMillis(10))) {
            agency = f.agency("Cook County Sheriff");
            operatorToken = f.operator;
            for (Spec s : specs) {
                JsonNode owner = f.owner("Owner" + s.id().replace("-", ""));
                owners.add(owner);
                KeyPair key = ApiClient.newKey();
                keys.add(key);
                ObjectNode body = ApiClient.device(s.id(), s.lat(), s.lon(), s.e2ee(), key);
                if (s.view() != null) {
                    body.putObject("view").put("headingDegrees", s.view()[0]).put("fieldOfViewDegrees", s.view()[1])
                        .put("rangeMeters", s.view()[2]);
                }
                ApiClient.Reply r = f.api.post("/v1/owners/" + owner.get("id").asText() + "/devices", owner.get("token").asText(), body);
                assertThat(r.status()).as(r.text()).isEqualTo(201);
                if (s.view() != null) {
                    assertThat(r.body().get("view").get("rangeMeters").asDouble()).isEqualTo(s.view()[2]);
                } else {
                    assertThat(r.body().has("view")).isFalse();
                }
            }
            for (int i = 0; i < specs.size(); i++) {   // every device registered before the footage it uploads
                f.clip(owners.get(i), specs.get(i).id(), keys.get(i), CLIP_START, CLIP_START + 60_000);
            }
            assertThat(reached(f, operatorToken, specs, owners, agency, "2026-VIEW-1")).isEqualTo(expected);
        }
        try (Stream<Path> files = Files.walk(dir.resolve(CommunityService.INDEX_DIR))) {   // the index is rebuilt from the journal
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        try (ServiceFixture f = new ServiceFixture(dir, ServiceOptions.defaults().ownerRoundMillis(10))) {
            assertThat(reached(f, operatorToken, specs, owners, agency, "2026-VIEW-2")).isEqualTo(expected);
        }
    }

    /** @return the ids of the devices whose owners got a new request over the area, checked against the fan-out's count */
    private static TreeSet<String> reached(ServiceFixture f, String operatorToken, List<Spec> specs, List<JsonNode> owners, JsonNode agency, String caseNumber) {
        f.advanceToNow();   // a reopened fixture's clock starts a day early
        ApiClient.Reply filed = f.api.post("/v1/requests", agency.get("token").asText(), ApiClient.request(geoJson(area()), FROM, TO,
            caseNumber, "Burglary; looking for a person in a grey hooded jacket carrying a black duffel bag."));
        assertThat(filed.status()).as(filed.text()).isEqualTo(202);
        String requestId = filed.body().get("id").asText();
        f.awaitFanOut();
        TreeSet<String> got = new TreeSet<>();
        for (int i = 0; i < specs.size(); i++) {
            for (JsonNode item : f.feed(owners.get(i))) {
                if (item.get("request").get("id").asText().equals(requestId)) {
                    got.add(specs.get(i).id());
                }
            }
        }
        Principal operator = f.service.authenticate(operatorToken);
        assertThat(f.service.deliveries(operator, requestId).matchedCameras()).isEqualTo(got.size());
        return got;
    }

    @Test
    void shouldRefuseABadViewNamingTheFieldTheValueAndWhatIsAllowed() throws Exception {
        try (ServiceFixture f = new ServiceFixture(dir)) {
            JsonNode owner = f.owner("Alice");
            String path = "/v1/owners/" + owner.get("id").asText() + "/devices";
            KeyPair key = ApiClient.newKey();
            record Bad(String member, double value, int status, String code, String field, String message) {
            }
            for (Bad b : List.of(
                new Bad("headingDegrees", 360, 422, "invalid-field", "view.headingDegrees",
                    "view.headingDegrees 360.0 is out of range, allowed 0 (inclusive) to 360 (exclusive), clockwise from true north"),
                new Bad("headingDegrees", -0.5, 422, "invalid-field", "view.headingDegrees",
                    "view.headingDegrees -0.5 is out of range, allowed 0 (inclusive) to 360 (exclusive), clockwise from true north"),
                new Bad("fieldOfViewDegrees", 0, 422, "invalid-field", "view.fieldOfViewDegrees",
                    "view.fieldOfViewDegrees 0.0 is out of range, allowed above 0 up to 360"),
                new Bad("fieldOfViewDegrees", 0.001, 422, "invalid-field", "view.fieldOfViewDegrees",
                    "view.fieldOfViewDegrees 0.001 is out of the index's range, allowed 0.005 (0.01 degree once rounded) up to 360"),
                new Bad("rangeMeters", 200.5, 422, "invalid-field", "view.rangeMeters",
                    "view.rangeMeters 200.5 is out of range, allowed above 0 up to 200"))) {
                ObjectNode body = ApiClient.device("cam", LAT, LON, false, key);
                body.putObject("view").put("headingDegrees", 90).put("fieldOfViewDegrees", 120).put("rangeMeters", 20).put(b.member(), b.value());
                ApiClient.Reply r = f.api.post(path, owner.get("token").asText(), body);
                assertThat(r.status()).as(r.text()).isEqualTo(b.status());
                JsonNode error = r.body().get("error");
                assertThat(error.get("code").asText()).isEqualTo(b.code());
                assertThat(error.get("field").asText()).isEqualTo(b.field());
                assertThat(error.get("message").asText()).isEqualTo(b.message());
            }
            ObjectNode missing = ApiClient.device("cam", LAT, LON, false, key);
            missing.putObject("view").put("headingDegrees", 90).put("fieldOfViewDegrees", 120);
            ApiClient.Reply r = f.api.post(path, owner.get("token").asText(), missing);
            assertThat(r.status()).as(r.text()).isEqualTo(422);
            assertThat(r.body().get("error").get("field").asText()).isEqualTo("view.rangeMeters");
            assertThat(r.body().get("error").get("code").asText()).isEqualTo("missing-field");

            ObjectNode unknown = ApiClient.device("cam", LAT, LON, false, key);
            unknown.putObject("view").put("headingDegrees", 90).put("fieldOfViewDegrees", 120).put("rangeMeters", 20).put("tilt", 5);
            r = f.api.post(path, owner.get("token").asText(), unknown);
            assertThat(r.status()).as(r.text()).isEqualTo(400);
            assertThat(r.body().get("error").get("field").asText()).isEqualTo("view.tilt");

            ObjectNode notObject = ApiClient.device("cam", LAT, LON, false, key);
            notObject.put("view", "north");
            r = f.api.post(path, owner.get("token").asText(), notObject);
            assertThat(r.status()).as(r.text()).isEqualTo(400);
            assertThat(r.body().get("error").get("message").asText()).isEqualTo("view must be a JSON object, got string");

            assertThat(f.service.indexedCameras()).as("nothing registered").isZero();
        }
    }
}
