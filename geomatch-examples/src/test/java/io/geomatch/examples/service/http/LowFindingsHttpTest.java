package io.geomatch.examples.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geomatch.examples.service.ServiceOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Locale;

import static io.geomatch.examples.service.http.LifecycleHttpTest.assertError;
import static io.geomatch.examples.service.http.ServiceFixture.HOUR;
import static io.geomatch.examples.service.http.ServiceFixture.LAT;
import static io.geomatch.examples.service.http.ServiceFixture.LON;
import static io.geomatch.examples.service.http.ServiceFixture.NOW;
import static io.geomatch.examples.service.http.ServiceFixture.id;
import static io.geomatch.examples.service.http.ServiceFixture.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The red team's low findings: case-number variants, refusals that cost nothing to send, control
 * and bidi characters in free text, retried POSTs, and answers that told one caller about
 * another's requests or devices.
 */
class LowFindingsHttpTest {
    @TempDir
    Path dir;

    @Test
    void shouldCountCaseNumberVariantsAsOneCase() throws Exception {
        try (ServiceFixture f = new ServiceFixture(dir, ServiceOptions.defaults().ownerRoundMillis(10).durable(false).requestsPerHour(100))) {
            JsonNode agency = f.agency("Cook County Sheriff");
            f.advanceToNow();
            assertThat(file(f, agency, "CASE-9").status()).isEqualTo(202);
            assertThat(file(f, agency, "case-9").status()).isEqualTo(202);
            for (String variant : new String[] {"CASE-9.", "CASE 9", "CASE-09", "case#9", " Case/9 "}) {
                assertError(file(f, agency, variant), 422, "case-limit", "caseNumber");
            }
            assertThat(file(f, agency, "CASE-90").status()).as("another case").isEqualTo(202);
        }
    }

    @Test
    void shouldRateLimitRefusalsAndCapAreaVertices() throws Exception {
        // No owner calls: the longest rounds (10 s) keep the log to the records counted here.
        try (ServiceFixture f = new ServiceFixture(dir, ServiceOptions.defaults().ownerRoundMillis(ServiceOptions.MAX_OWNER_ROUND_MILLIS).durable(false).requestsPerHour(100))) {
            JsonNode agency = f.agency("Cook County Sheriff");
            f.advanceToNow();
            ObjectNode protest = PolicyHttpTest.valid().put("description", "Footage of the protest outside city hall, please.");
            long before = Files.readAllLines(f.service.auditFile()).size();
            int refused = 0;
            ApiClient.Reply r;
            while ((r = f.api.post("/v1/requests", token(agency), protest.put("caseNumber", "R-" + refused))).status() == 422) {
                refused++;
                assertThat(refused).as("refusals before the limit").isLessThanOrEqualTo(100);
            }
            assertError(r, 429, "rate-limited", null);
            assertThat(refused).isEqualTo(20);
            assertThat(Files.readAllLines(f.service.auditFile()).size() - before).as("refusals journaled").isEqualTo(20);
            f.clock.advance(HOUR);   // an hour later the agency may be refused again
            assertError(f.api.post("/v1/requests", token(agency), protest), 422, "first-amendment", "description");

            // an area of 1,001 vertices is refused before any geometry work
            StringBuilder ring = new StringBuilder("{\"type\":\"Polygon\",\"coordinates\":[[");
            for (int i = 0; i < 1_000; i++) {
                double a = 2 * Math.PI * i / 1_000;
                ring.append(String.format(Locale.ROOT, "[%.7f,%.7f],", LON + 0.004 * Math.cos(a), LAT + 0.003 * Math.sin(a)));
            }
            ring.append(String.format(Locale.ROOT, "[%.7f,%.7f]]]}", LON + 0.004, LAT));
            ObjectNode complex = PolicyHttpTest.valid().put("caseNumber", "V-1");
            complex.set("area", ApiClient.parse(ring.toString()));
            assertError(f.api.post("/v1/requests", token(agency), complex), 422, "area-too-complex", "area");
        }
    }

    @Test
    void shouldRefuseControlAndBidiCharactersInFreeText() throws Exception {
        try (ServiceFixture f = new ServiceFixture(dir)) {
            JsonNode agency = f.agency("Cook County Sheriff");
            f.advanceToNow();
            assertError(f.api.post("/v1/requests", token(agency), PolicyHttpTest.valid().put("contact", "Det. X\u0000, 555-0100")),
                422, "invalid-characters", "contact");
            assertError(f.api.post("/v1/requests", token(agency), PolicyHttpTest.valid().put("description",
                "Burglary; a person in a grey jacket \u202Ekcab eht no\u202C carrying a bag.")), 422, "invalid-characters", "description");
            assertError(f.api.post("/v1/agencies", f.operator, ApiClient.agency("Cook\u0007 Sheriff", "c2.example.gov", "county",
                ServiceFixture.JURISDICTION, "axon")), 422, "invalid-characters", "name");
            assertError(f.api.post("/v1/owners", f.operator, ApiClient.JSON.createObjectNode().put("name", "Eve\u2066").put("email",
                "eve@example.com")), 422, "invalid-characters", "name");
            ApiClient.Reply message = f.api.post("/v1/requests", token(agency), PolicyHttpTest.valid().put("contact", "A\u0000B"));
            assertThat(message.body().at("/error/message").asText()).contains("U+0000").contains("contact");
            // line breaks and tabs in a description are fine
            assertThat(f.api.post("/v1/requests", token(agency), PolicyHttpTest.valid().put("description",
                "Burglary.\n\tLooking for a person in a grey hooded jacket.")).status()).isEqualTo(202);
        }
    }

    @Test
    void shouldAnswerARetriedPostWithTheFirstResponse() throws Exception {
        try (ServiceFixture f = new ServiceFixture(dir)) {
            JsonNode agency = f.agency("Cook County Sheriff");
            JsonNode other = f.agency("Other County Sheriff");
            f.advanceToNow();
            String body = PolicyHttpTest.valid().toString();
            HttpResponse<String> first = post(f, token(agency), "key-1", body);
            HttpResponse<String> retry = post(f, token(agency), "key-1", body);
            assertThat(first.statusCode()).isEqualTo(202);
            assertThat(retry.statusCode()).isEqualTo(202);
            assertThat(retry.body()).isEqualTo(first.body());
            assertThat(f.api.get("/v1/agencies/" + id(agency) + "/requests", null).body().get("requests")).hasSize(1);
            // the same key from another caller is another request
            HttpResponse<String> theirs = post(f, token(other), "key-1", body);
            assertThat(ApiClient.parse(theirs.body()).get("id").asText()).isNotEqualTo(ApiClient.parse(first.body()).get("id").asText());
            // the same key with another body is a mistake, not a retry
            HttpResponse<String> changed = post(f, token(agency), "key-1", PolicyHttpTest.valid().put("caseNumber", "OTHER").toString());
            assertThat(changed.statusCode()).isEqualTo(422);
            assertThat(ApiClient.parse(changed.body()).at("/error/code").asText()).isEqualTo("idempotency-key-reused");
            // only successes are remembered: the retry of a refused request is checked again (and refused again)
            String refusedBody = PolicyHttpTest.valid().put("description", "Suspect is a Black male.").toString();
            HttpResponse<String> refused = post(f, token(agency), "key-2", refusedBody);
            HttpResponse<String> again = post(f, token(agency), "key-2", refusedBody);
            assertThat(again.statusCode()).isEqualTo(refused.statusCode()).isEqualTo(422);
            assertThat(again.headers().firstValue("Idempotent-Replayed")).isEmpty();
            assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
            HttpResponse<String> bad = post(f, token(agency), "k".repeat(256), body);
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(ApiClient.parse(bad.body()).at("/error/field").asText()).isEqualTo("Idempotency-Key");
        }
    }

    @Test
    void shouldNotTellOneCallerAboutAnothersRequestsOrDevices() throws Exception {
        try (ServiceFixture f = new ServiceFixture(dir)) {
            JsonNode agency = f.agency("Cook County Sheriff");
            JsonNode other = f.agency("Other County Sheriff");
            JsonNode alice = f.owner("Alice");
            JsonNode bob = f.owner("Bob");
            f.device(alice, "front-door", LAT, LON, false, ApiClient.newKey());
            // Bob may call his device front-door too: device ids are his own, and nothing says Alice has one
            KeyPair key = ApiClient.newKey();
            ApiClient.Reply bobs = f.api.post("/v1/owners/" + id(bob) + "/devices", token(bob), ApiClient.device("front-door", LAT, LON, false, key));
            assertThat(bobs.status()).as(bobs.text()).isEqualTo(201);
            assertError(f.api.post("/v1/owners/" + id(bob) + "/devices", token(bob), ApiClient.device("front-door", LAT, LON, false, key)),
                409, "duplicate-device", "id");
            String req = f.fileOk(agency, LAT, LON, 0.1, NOW - 6 * HOUR, NOW - HOUR, "P-1");
            for (String suffix : new String[] {"", "/evidence"}) {
                ApiClient.Reply theirs = f.api.get("/v1/requests/" + req + suffix, token(other));
                ApiClient.Reply missing = f.api.get("/v1/requests/req_000000000000" + suffix, token(other));
                assertThat(theirs.status()).isEqualTo(404).isEqualTo(missing.status());
                assertThat(theirs.body().at("/error/message").asText().replace(req, "X"))
                    .isEqualTo(missing.body().at("/error/message").asText().replace("req_000000000000", "X"));
            }
            assertThat(f.api.post("/v1/requests/" + req + "/resolve", token(other), null).status()).isEqualTo(404);
            String clip = f.clip(bob, "front-door", key, NOW - 3 * HOUR, NOW - 3 * HOUR + 5_000);
            assertThat(clip).isNotBlank();
        }
    }

    private static ApiClient.Reply file(ServiceFixture f, JsonNode agency, String caseNumber) {
        return f.api.post("/v1/requests", token(agency), PolicyHttpTest.valid().put("caseNumber", caseNumber));
    }

    private static HttpResponse<String> post(ServiceFixture f, String token, String key, String body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + f.server.port() + "/v1/requests"))
            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json").header("Idempotency-Key", key)
            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofString());
    }
}
