package io.geomatch.examples.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

import static io.geomatch.examples.service.http.LifecycleHttpTest.assertError;
import static io.geomatch.examples.service.http.ServiceFixture.HOUR;
import static io.geomatch.examples.service.http.ServiceFixture.LAT;
import static io.geomatch.examples.service.http.ServiceFixture.LON;
import static io.geomatch.examples.service.http.ServiceFixture.NOW;
import static io.geomatch.examples.service.http.ServiceFixture.id;
import static io.geomatch.examples.service.http.ServiceFixture.token;
import static org.assertj.core.api.Assertions.assertThat;

/** Malformed, mistyped, oversized and randomly broken input: always a 4xx with a one-line error, never a 500. */
class BadInputHttpTest {
    private static ServiceFixture f;
    private static JsonNode agency;
    private static JsonNode owner;
    private static KeyPair key;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        f = new ServiceFixture(dir);
        agency = f.agency("Cook County Sheriff");
        owner = f.owner("Alice");
        key = ApiClient.newKey();
        f.device(owner, "door", LAT, LON, false, key);
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @Test
    void shouldRefuseMalformedBodies() {
        String t = token(agency);
        assertError(f.api.raw("POST", "/v1/requests", t, "{\"area\": ", "application/json"), 400, "malformed-json", null);
        assertError(f.api.raw("POST", "/v1/requests", t, "[1, 2]", "application/json"), 400, "malformed-json", null);
        assertError(f.api.raw("POST", "/v1/requests", t, "", "application/json"), 400, "malformed-json", null);
        assertError(f.api.raw("POST", "/v1/requests", t, "{} {}", "application/json"), 400, "malformed-json", null);
        assertError(f.api.raw("POST", "/v1/requests", t, "{\"a\":1,\"a\":2}", "application/json"), 400, "malformed-json", null);
        assertError(f.api.raw("POST", "/v1/requests", t, "{}", "text/plain"), 415, "unsupported-media-type", null);
        ApiClient.Reply notUtf8 = f.api.raw("POST", "/v1/owners", f.operator,
            new String(new byte[] {'{', '"', 'n', '"', ':', '"', (byte) 0xC3, '"', '}'}, java.nio.charset.StandardCharsets.ISO_8859_1),
            "application/json; charset=ISO-8859-1");
        assertThat(notUtf8.status()).isBetween(400, 499);
    }

    @Test
    void shouldCheckTheTokenAndRoleBeforeReadingTheBody() {
        for (String path : new String[] {"/v1/agencies", "/v1/owners", "/v1/requests", "/v1/devices/door/clips",
            "/v1/owners/" + id(owner) + "/devices", "/v1/requests/x/responses"}) {
            assertError(f.api.raw("POST", path, null, "{not json", "application/json"), 401, "unauthorized", null);
        }
        assertError(f.api.raw("POST", "/v1/agencies", token(owner), "{not json", "application/json"), 403, "forbidden", null);
        assertError(f.api.raw("POST", "/v1/requests", f.operator, "{not json", "application/json"), 403, "forbidden", null);
        assertError(f.api.raw("POST", "/v1/devices/door/clips", token(agency), "{not json", "application/json"), 403, "forbidden", null);
    }

    @Test
    void shouldRefuseWrongTypesAndUnknownFieldsNamingTheField() {
        ObjectNode body = PolicyHttpTest.valid().put("from", true);
        assertError(f.api.post("/v1/requests", token(agency), body), 400, "invalid-type", "from");
        assertError(f.api.post("/v1/requests", token(agency), PolicyHttpTest.valid().put("from", "yesterday")), 400, "invalid-type", "from");
        assertError(f.api.post("/v1/requests", token(agency), PolicyHttpTest.valid().put("area", "POLYGON((0 0))")), 400, "invalid-type", "area");
        assertError(f.api.post("/v1/requests", token(agency), PolicyHttpTest.valid().put("radius", 5)), 400, "unknown-field", "radius");
        ObjectNode device = ApiClient.device("d2", LAT, LON, false, key);
        device.put("lat", "41.9");
        assertError(f.api.post("/v1/owners/" + id(owner) + "/devices", token(owner), device), 400, "invalid-type", "lat");
        device = ApiClient.device("d2", 95, LON, false, key);
        assertError(f.api.post("/v1/owners/" + id(owner) + "/devices", token(owner), device), 422, "invalid-field", "lat");
        device = ApiClient.device("d2", LAT, LON, false, key).put("retentionDays", 1e12);
        assertError(f.api.post("/v1/owners/" + id(owner) + "/devices", token(owner), device), 400, "invalid-type", "retentionDays");
        device = ApiClient.device("d2", LAT, LON, false, key).put("publicKey", "AAAA");
        assertError(f.api.post("/v1/owners/" + id(owner) + "/devices", token(owner), device), 422, "invalid-public-key", "publicKey");
        device = ApiClient.device("bad id!", LAT, LON, false, key);
        assertError(f.api.post("/v1/owners/" + id(owner) + "/devices", token(owner), device), 422, "invalid-field", "id");
        ObjectNode clip = ApiClient.clip("door", key, NOW - HOUR, NOW - HOUR + 1_000, new byte[] {1}).put("contentBase64", "%%%");
        assertError(f.api.post("/v1/devices/door/clips", token(owner), clip), 400, "invalid-type", "contentBase64");
        ObjectNode backwards = ApiClient.clip("door", key, NOW - HOUR, NOW - 2 * HOUR, new byte[] {1});
        assertError(f.api.post("/v1/devices/door/clips", token(owner), backwards), 422, "invalid-field", "end");
        assertError(f.api.post("/v1/requests/x/responses", token(owner), ApiClient.JSON.createObjectNode().put("action", 3)), 400,
            "invalid-type", "action");
    }

    @Test
    void shouldRefuseOversizedBodiesWithoutReadingThemWhole() throws Exception {
        // Refused on its head (Content-Length) before a byte of the body is read: the client sends the head alone and reads
        // the answer (a client that pushed the body at once could lose the answer when the server drops the connection).
        try (RawHttp raw = new RawHttp(f.server.port())) {
            raw.send("POST /v1/owners HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + f.operator
                + "\r\nContent-Type: application/json\r\nContent-Length: " + (ApiServer.MAX_BODY_BYTES + 10) + "\r\n\r\n{\"name\":\"");
            RawHttp.Response r = raw.read();
            assertThat(r.status()).as(r.body()).isEqualTo(413);
            assertThat(r.body()).contains("\"code\":\"too-large\"");
        }
        byte[] content = new byte[(1 << 20) + 1];
        ObjectNode clip = ApiClient.clip("door", key, NOW - HOUR, NOW - HOUR + 1_000, content);
        assertError(f.api.post("/v1/devices/door/clips", token(owner), clip), 413, "too-large", "contentBase64");
    }

    @Test
    void shouldAnswerUnknownPathsAndMethods() {
        assertError(f.api.get("/v1/nothing", token(agency)), 404, "not-found", null);
        assertError(f.api.raw("DELETE", "/v1/requests/abc", token(agency), null, null), 405, "method-not-allowed", null);
        assertError(f.api.get("/v1/requests/no-such", token(agency)), 404, "not-found", null);
        assertError(f.api.get("/v1/agencies/no-such/requests", null), 404, "not-found", null);
        assertThat(f.api.get("/v1/openapi.json", null).body().get("openapi").asText()).startsWith("3.0");
    }

    @Test
    void shouldNeverAnswer500ToRandomlyBrokenBodies() {
        SplittableRandom random = new SplittableRandom(2026);
        List<Object[]> templates = List.of(
            new Object[] {"/v1/requests", token(agency), PolicyHttpTest.valid()},
            new Object[] {"/v1/agencies", f.operator, ApiClient.agency("Y County", "y.example.gov", "county", ServiceFixture.JURISDICTION, "flock")},
            new Object[] {"/v1/owners", f.operator, ApiClient.JSON.createObjectNode().put("name", "N").put("email", "n@example.com")},
            new Object[] {"/v1/owners/" + id(owner) + "/devices", token(owner), ApiClient.device("fz", LAT, LON, false, key)},
            new Object[] {"/v1/devices/door/clips", token(owner), ApiClient.clip("door", key, NOW - 2 * HOUR, NOW - 2 * HOUR + 5_000, new byte[] {9})},
            new Object[] {"/v1/requests/x/responses", token(owner), ApiClient.JSON.createObjectNode().put("action", "share")});
        JsonNode[] junk = {ApiClient.JSON.nullNode(), ApiClient.JSON.getNodeFactory().numberNode(-1e308), ApiClient.JSON.getNodeFactory().textNode(""),
            ApiClient.JSON.getNodeFactory().textNode("\u0000\uffff"), ApiClient.JSON.createArrayNode().add(1), ApiClient.JSON.createObjectNode(),
            ApiClient.JSON.getNodeFactory().booleanNode(false), ApiClient.JSON.getNodeFactory().numberNode(Long.MIN_VALUE),
            ApiClient.JSON.getNodeFactory().textNode("2026-11-03T14:00:00"), ApiClient.JSON.getNodeFactory().textNode("x".repeat(5000))};
        for (int round = 0; round < 400; round++) {
            Object[] t = templates.get(random.nextInt(templates.size()));
            ObjectNode body = ((ObjectNode) t[2]).deepCopy();
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits && !names.isEmpty(); e++) {
                String name = names.get(random.nextInt(names.size()));
                switch (random.nextInt(3)) {
                    case 0 -> body.remove(name);
                    case 1 -> body.set(name, junk[random.nextInt(junk.length)]);
                    default -> body.set(name, junk[random.nextInt(junk.length)]);
                }
            }
            String text = body.toString();
            if (random.nextInt(5) == 0) {
                text = text.substring(0, random.nextInt(text.length()));
            }
            ApiClient.Reply r = f.api.raw("POST", (String) t[0], (String) t[1], text, "application/json");
            assertThat(r.status()).as("round " + round + " (seed 2026): " + t[0] + " " + text.substring(0, Math.min(200, text.length()))
                + " -> " + r.text()).isLessThan(500);
            if (r.status() >= 400) {
                assertThat(r.body().at("/error/code").asText()).isNotBlank();
                assertThat(r.body().at("/error/message").asText()).isNotBlank().doesNotContain("\n").doesNotContain("Exception");
            }
        }
    }
}
