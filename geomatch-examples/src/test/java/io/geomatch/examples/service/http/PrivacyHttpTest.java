package io.geomatch.examples.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geomatch.examples.service.Api;
import io.geomatch.examples.service.Principal;
import io.geomatch.examples.service.Signatures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.geomatch.examples.service.http.ServiceFixture.HOUR;
import static io.geomatch.examples.service.http.ServiceFixture.LAT;
import static io.geomatch.examples.service.http.ServiceFixture.LON;
import static io.geomatch.examples.service.http.ServiceFixture.NOW;
import static io.geomatch.examples.service.http.ServiceFixture.id;
import static io.geomatch.examples.service.http.ServiceFixture.token;
import static org.assertj.core.api.Assertions.assertThat;

/** The privacy guarantees: what an agency can learn, who receives requests, and which tokens work where. */
class PrivacyHttpTest {
    @TempDir
    Path dir;

    @Test
    void shouldAnswerTheAgencyIdenticallyForAnEmptyAreaAndOneWithThousandsOfCameras() throws Exception {
        try (ServiceFixture f = new ServiceFixture(dir)) {
            JsonNode agency = f.agency("Cook County Sheriff");
            List<String> privateIds = populate(f, 200, 10);   // 2,000 cameras within 300 m of (LAT, LON)
            double emptyLat = LAT - 0.05;
            ApiClient.Reply crowded = f.file(agency, LAT, LON, 0.25, NOW - 6 * HOUR, NOW - HOUR, "2026-0100");
            ApiClient.Reply empty = f.file(agency, emptyLat, LON, 0.25, NOW - 6 * HOUR, NOW - HOUR, "2026-0100");
            assertSameApartFrom(crowded, empty, "id", "leafIndex");
            assertThat(crowded.headers().map().keySet()).isEqualTo(empty.headers().map().keySet());
            f.awaitFanOut();
            String a = crowded.body().get("id").asText();
            String b = empty.body().get("id").asText();
            Principal operator = f.service.authenticate(f.operator);
            assertThat(f.service.deliveries(operator, a).matchedCameras()).isEqualTo(2_000);
            assertThat(f.service.deliveries(operator, a).notifiedOwners()).isEqualTo(200);
            assertThat(f.service.deliveries(operator, b).matchedCameras()).isZero();

            ApiClient.Reply viewA = f.api.get("/v1/requests/" + a, token(agency));
            ApiClient.Reply viewB = f.api.get("/v1/requests/" + b, token(agency));
            assertSameApartFrom(viewA, viewB, "id", "area", "publishedAt", "leafIndex");
            assertSameApartFrom(f.api.get("/v1/requests/" + a + "/evidence", token(agency)),
                f.api.get("/v1/requests/" + b + "/evidence", token(agency)), "requestId");
            ApiClient.Reply log = f.api.get("/v1/agencies/" + id(agency) + "/requests", null);
            for (ApiClient.Reply r : List.of(crowded, viewA, log, f.api.get("/v1/requests/" + a + "/evidence", token(agency)))) {
                assertThat(r.text()).doesNotContain(privateIds);
                assertThat(fieldNames(r.body(), new ArrayList<>())).noneMatch(n -> n.matches("(?i).*(recipient|notif|count|deliver|match).*"));
            }
            for (String path : List.of("/v1/requests/" + a + "/deliveries", "/v1/feed", "/v1/audit/verify")) {
                assertThat(f.api.get(path, token(agency)).status()).as(path).isEqualTo(403);
            }
        }
    }

    @Test
    void shouldAnswerBeforeTheFanOutRuns() throws Exception {
        try (ServiceFixture f = new ServiceFixture(dir)) {
            JsonNode agency = f.agency("Cook County Sheriff");
            populate(f, 1, 1);
            CountDownLatch inFanOut = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            f.service.setNotifier((requestId, ownerId) -> {
                inFanOut.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            f.fileOk(agency, LAT, LON, 0.25, NOW - 6 * HOUR, NOW - HOUR, "2026-0200");
            assertThat(inFanOut.await(30, TimeUnit.SECONDS)).isTrue();
            // the fan-out thread is now held; filing still answers at once, with nothing matched yet
            String second = f.fileOk(agency, LAT, LON, 0.25, NOW - 5 * HOUR, NOW - HOUR, "2026-0201");
            Principal operator = f.service.authenticate(f.operator);
            assertThat(f.service.deliveries(operator, second).fannedOut()).isFalse();
            release.countDown();
            f.awaitFanOut();
            assertThat(f.service.deliveries(operator, second).fannedOut()).isTrue();
            assertThat(f.service.deliveries(operator, second).notifiedOwners()).isEqualTo(1);
        }
    }

    @Test
    void shouldNeverDeliverToOptedOutOwnersOrEncryptedDevicesAndApplyAnOptOutToTheNextRequest() throws Exception {
        try (ServiceFixture f = new ServiceFixture(dir)) {
            JsonNode agency = f.agency("Cook County Sheriff");
            JsonNode plain = f.owner("Plain");
            JsonNode encrypted = f.owner("Encrypted");
            JsonNode out = f.owner("Out");
            KeyPair k1 = ApiClient.newKey();
            KeyPair k2 = ApiClient.newKey();
            KeyPair k3 = ApiClient.newKey();
            f.device(plain, "plain", LAT, LON, false, k1);
            f.device(encrypted, "encrypted", LAT, LON + 0.0002, true, k2);
            f.device(out, "out", LAT + 0.0002, LON, false, k3);
            f.clip(plain, "plain", k1, NOW - 3 * HOUR, NOW - 3 * HOUR + 10_000);
            f.clip(encrypted, "encrypted", k2, NOW - 3 * HOUR, NOW - 3 * HOUR + 10_000);
            f.clip(out, "out", k3, NOW - 3 * HOUR, NOW - 3 * HOUR + 10_000);
            assertThat(f.api.post("/v1/owners/" + id(out) + "/opt-out", token(out), null).status()).isEqualTo(200);
            String first = f.fileOk(agency, LAT, LON, 0.1, NOW - 6 * HOUR, NOW - HOUR, "2026-0300");
            f.awaitFanOut();
            assertThat(requestIds(f.feed(plain))).containsExactly(first);
            assertThat(f.feed(encrypted)).isEmpty();
            assertThat(f.feed(out)).isEmpty();

            // opting back in counts from the very next request; opting out likewise
            assertThat(f.api.post("/v1/owners/" + id(out) + "/opt-in", token(out), null).status()).isEqualTo(200);
            assertThat(f.api.post("/v1/owners/" + id(plain) + "/opt-out", f.operator, null).status()).isEqualTo(200);
            String second = f.fileOk(agency, LAT, LON, 0.1, NOW - 6 * HOUR, NOW - HOUR, "2026-0300");
            f.awaitFanOut();
            assertThat(requestIds(f.feed(out))).containsExactly(second);
            assertThat(requestIds(f.feed(plain))).containsExactly(first);
            assertThat(f.feed(encrypted)).isEmpty();
        }
    }

    @Test
    void shouldShowTheAgencyTheSameWhetherAnOwnerDeclinesOrIgnores() throws Exception {
        try (ServiceFixture f = new ServiceFixture(dir)) {
            JsonNode agency = f.agency("Cook County Sheriff");
            JsonNode owner = f.owner("Owner");
            KeyPair k = ApiClient.newKey();
            f.device(owner, "door", LAT, LON, false, k);
            f.clip(owner, "door", k, NOW - 3 * HOUR, NOW - 3 * HOUR + 10_000);
            String requestId = f.fileOk(agency, LAT, LON, 0.1, NOW - 6 * HOUR, NOW - HOUR, "2026-0400");
            f.awaitFanOut();
            ApiClient.Reply viewBefore = f.api.get("/v1/requests/" + requestId, token(agency));
            ApiClient.Reply evidenceBefore = f.api.get("/v1/requests/" + requestId + "/evidence", token(agency));
            ApiClient.Reply declined = f.api.post("/v1/requests/" + requestId + "/responses", token(owner),
                ApiClient.JSON.createObjectNode().put("action", "decline"));
            assertThat(declined.status()).isEqualTo(201);
            assertSameApartFrom(viewBefore, f.api.get("/v1/requests/" + requestId, token(agency)));
            assertSameApartFrom(evidenceBefore, f.api.get("/v1/requests/" + requestId + "/evidence", token(agency)));
            assertThat(f.api.get("/v1/agencies/" + id(agency) + "/requests", null).text()).doesNotContain(id(owner), "door", "decline");
        }
    }

    @Test
    void shouldGrowThePublicTreeByRoundsWhateverOwnersDo() throws Exception {
        try (ServiceFixture f = new ServiceFixture(dir)) {   // rounds of 10 ms
            JsonNode agency = f.agency("Cook County Sheriff");
            List<JsonNode> owners = new ArrayList<>();
            List<KeyPair> keys = new ArrayList<>();
            for (int o = 0; o < 12; o++) {
                JsonNode owner = f.owner("Owner" + (char) ('A' + o));
                KeyPair k = ApiClient.newKey();
                f.device(owner, "door", LAT + o * 0.0001, LON, false, k);
                owners.add(owner);
                keys.add(k);
            }
            for (int o = 0; o < 12; o++) {
                f.clip(owners.get(o), "door", keys.get(o), NOW - 3 * HOUR, NOW - 3 * HOUR + 10_000);
            }
            String requestId = f.fileOk(agency, LAT, LON, 0.25, NOW - 6 * HOUR, NOW - HOUR, "2026-0450");
            f.awaitFanOut();
            assertThat(f.service.deliveries(f.service.authenticate(f.operator), requestId).notifiedOwners()).isEqualTo(12);
            // Every owner declines at once; one owner also tries to answer twice, within what may be one round.
            long before = treeSize(f);
            List<Runnable> answers = new ArrayList<>();
            List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
            for (JsonNode owner : owners) {
                answers.add(() -> statuses.add(f.api.post("/v1/requests/" + requestId + "/responses", token(owner),
                    ApiClient.JSON.createObjectNode().put("action", "decline")).status()));
            }
            answers.add(answers.get(0));
            ServiceFixture.atOnce(answers);
            assertThat(statuses).containsOnly(201, 409).filteredOn(s -> s == 409).hasSize(1);
            long after = treeSize(f);
            // What was added is rounds, one a round whatever it holds: no leaf per answer for an agency to count.
            List<JsonNode> added = f.entries(before, after);
            assertThat(added).isNotEmpty().allSatisfy(e -> assertThat(e.get("type").asText()).isEqualTo("owner.round"));
            List<String> declined = new ArrayList<>();
            added.forEach(e -> e.path("data").path("changes").forEach(c -> declined.add(c.path("response.recorded").path("action").asText())));
            assertThat(declined).hasSize(12).containsOnly("decline");
            // And the tree goes on growing, by empty rounds, while nobody does anything.
            Thread.sleep(300);
            List<JsonNode> quiet = f.entries(after, treeSize(f));
            assertThat(quiet).hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(e -> assertThat(e.path("data").path("changes")).as(e.toString()).isEmpty());
        }
    }

    /** @return the size of the public tree, signed now (the signer would within a fraction of a second) */
    private static long treeSize(ServiceFixture f) {
        return f.service.signTreeHead().treeSize();
    }

    @Test
    void shouldRefuseEveryTokenOnAnotherRolesEndpoints() throws Exception {
        try (ServiceFixture f = new ServiceFixture(dir)) {
            JsonNode agency = f.agency("Cook County Sheriff");
            JsonNode other = f.agency("Other County");
            JsonNode owner = f.owner("Owner");
            KeyPair k = ApiClient.newKey();
            f.device(owner, "door", LAT, LON, false, k);
            String clip = f.clip(owner, "door", k, NOW - 3 * HOUR, NOW - 3 * HOUR + 10_000);
            String req = f.fileOk(agency, LAT, LON, 0.1, NOW - 6 * HOUR, NOW - HOUR, "2026-0500");
            f.awaitFanOut();
            Map<String, String> tokens = Map.of("operator", f.operator, "agency", token(agency), "owner", token(owner));
            ObjectNode agencyBody = ApiClient.agency("X", "x.example.gov", "county", ServiceFixture.JURISDICTION, "ring");
            ObjectNode ownerBody = ApiClient.JSON.createObjectNode().put("name", "N").put("email", "n@example.com");
            List<Object[]> endpoints = List.of(
                new Object[] {"POST", "/v1/agencies", agencyBody, List.of("operator")},
                new Object[] {"POST", "/v1/owners", ownerBody, List.of("operator")},
                new Object[] {"POST", "/v1/owners/" + id(owner) + "/devices", ApiClient.device("d2", LAT, LON, false, k), List.of("operator", "owner")},
                new Object[] {"POST", "/v1/owners/" + id(owner) + "/opt-in", null, List.of("operator", "owner")},
                new Object[] {"POST", "/v1/devices/door/clips", ApiClient.clip("door", k, NOW - 2 * HOUR, NOW - 2 * HOUR + 5_000, new byte[] {1}), List.of("owner")},
                new Object[] {"POST", "/v1/requests", ApiClient.request(ApiClient.square(LAT, LON, 0.1), NOW - 6 * HOUR, NOW - HOUR, "R-1",
                    "Looking for a person in a red jacket on a bicycle."), List.of("agency")},
                new Object[] {"GET", "/v1/requests/" + req, null, List.of("agency", "operator")},
                new Object[] {"GET", "/v1/requests/" + req + "/evidence", null, List.of("agency")},
                new Object[] {"GET", "/v1/requests/" + req + "/deliveries", null, List.of("operator")},
                new Object[] {"GET", "/v1/feed", null, List.of("owner")},
                new Object[] {"GET", "/v1/audit/verify", null, List.of("operator")});
            for (Object[] e : endpoints) {
                String method = (String) e[0];
                String path = (String) e[1];
                @SuppressWarnings("unchecked")
                List<String> allowed = (List<String>) e[3];
                for (Map.Entry<String, String> t : tokens.entrySet()) {
                    if (allowed.contains(t.getKey())) {
                        continue;
                    }
                    ApiClient.Reply r = call(f, method, path, t.getValue(), e[2]);
                    assertThat(r.status()).as(t.getKey() + " on " + method + " " + path + ": " + r.text()).isEqualTo(403);
                    assertThat(r.errorCode()).isEqualTo("forbidden");
                }
                for (String bad : new String[] {null, "not-a-token", Signatures.newToken()}) {
                    ApiClient.Reply r = call(f, method, path, bad, e[2]);
                    assertThat(r.status()).as("token " + bad + " on " + path).isEqualTo(401);
                }
            }
            // another agency sees neither the request's details nor its evidence, and cannot resolve it: to it, there is no such request
            assertThat(f.api.get("/v1/requests/" + req, token(other)).status()).isEqualTo(404);
            assertThat(f.api.get("/v1/requests/" + req + "/evidence", token(other)).status()).isEqualTo(404);
            assertThat(f.api.post("/v1/requests/" + req + "/resolve", token(other), null).status()).isEqualTo(404);
            // another owner can neither use the device (which it cannot even tell exists) nor answer for the owner
            JsonNode stranger = f.owner("Stranger");
            ApiClient.Reply foreign = call(f, "POST", "/v1/devices/door/clips", token(stranger),
                ApiClient.clip("door", k, NOW - 2 * HOUR, NOW - 2 * HOUR + 5_000, new byte[] {2}));
            ApiClient.Reply unknown = call(f, "POST", "/v1/devices/nobody/clips", token(stranger),
                ApiClient.clip("nobody", k, NOW - 2 * HOUR, NOW - 2 * HOUR + 5_000, new byte[] {2}));
            assertThat(foreign.status()).isEqualTo(404);
            assertThat(foreign.body().at("/error/message").asText().replace("door", "nobody")).isEqualTo(unknown.body().at("/error/message").asText());
            assertThat(f.api.post("/v1/owners/" + id(owner) + "/opt-out", token(stranger), null).status()).isEqualTo(403);
            assertThat(LifecycleHttpTest.share(f, stranger, req, clip).status()).isEqualTo(404);
        }
    }

    private static List<String> requestIds(JsonNode feed) {
        List<String> ids = new ArrayList<>();
        feed.forEach(item -> ids.add(item.path("request").path("id").asText()));
        return ids;
    }

    private static List<String> fieldNames(JsonNode node, List<String> into) {
        node.fieldNames().forEachRemaining(into::add);
        node.elements().forEachRemaining(child -> fieldNames(child, into));
        return into;
    }

    private static ApiClient.Reply call(ServiceFixture f, String method, String path, String token, Object body) {
        return method.equals("GET") ? f.api.get(path, token) : f.api.post(path, token, body);
    }

    /** Registers {@code owners} owners with {@code perOwner} devices each near (LAT, LON), each with a clip 3 h ago; returns their ids. */
    private static List<String> populate(ServiceFixture f, int owners, int perOwner) {
        Principal operator = f.service.authenticate(f.operator);
        SplittableRandom random = new SplittableRandom(11);
        List<String> ids = new ArrayList<>();
        List<Runnable> uploads = new ArrayList<>();
        for (int o = 0; o < owners; o++) {
            Api.Created owner = f.service.createOwner(operator, "Owner " + o, "owner" + o + "@example.com");
            Principal p = f.service.authenticate(owner.token());
            ids.add(owner.id());
            for (int d = 0; d < perOwner; d++) {
                KeyPair key = ApiClient.newKey();
                String deviceId = "dev-" + o + "-" + d;
                ids.add(deviceId);
                f.service.addDevice(p, owner.id(), new Api.DeviceForm(deviceId, LAT + (random.nextDouble() - 0.5) * 0.005,
                    LON + (random.nextDouble() - 0.5) * 0.006, "doorbell", false, 30, Signatures.encode(key.getPublic()), null));
                long start = NOW - 3 * HOUR + random.nextInt(60_000);
                byte[] content = ServiceFixture.content(deviceId, start);
                uploads.add(() -> f.service.uploadClip(p, deviceId, new Api.ClipForm(start, start + 10_000, content,
                    Signatures.sign(key.getPrivate(), deviceId, start, start + 10_000, content)), null));
            }
        }
        f.advanceToNow();   // devices registered a day before the footage they upload
        ServiceFixture.atOnce(uploads);   // as owners do: each upload waits for its round
        return ids;
    }

    private static void assertSameApartFrom(ApiClient.Reply a, ApiClient.Reply b, String... fields) {
        assertThat(a.status()).isEqualTo(b.status());
        ObjectNode x = a.body().deepCopy();
        ObjectNode y = b.body().deepCopy();
        x.remove(List.of(fields));
        y.remove(List.of(fields));
        assertThat(x).isEqualTo(y);
        assertThat(a.body().size()).isEqualTo(b.body().size());
    }
}
