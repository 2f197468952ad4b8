package io.geomatch.examples.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.geomatch.examples.service.ServiceOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;

import static io.geomatch.examples.service.http.LifecycleHttpTest.assertError;
import static io.geomatch.examples.service.http.ServiceFixture.HOUR;
import static io.geomatch.examples.service.http.ServiceFixture.LAT;
import static io.geomatch.examples.service.http.ServiceFixture.LON;
import static io.geomatch.examples.service.http.ServiceFixture.NOW;
import static io.geomatch.examples.service.http.ServiceFixture.id;
import static io.geomatch.examples.service.http.ServiceFixture.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /v1/transparency?month=}: exact public counts, noised owner counts, the same numbers
 * every time (a restart included), and the signed tree head the report was computed from.
 */
class TransparencyReportHttpTest {
    private static final long DAY = 24 * HOUR;

    @TempDir
    Path dir;

    private static JsonNode row(JsonNode report, String agencyId) {
        for (JsonNode r : report.get("agencies")) {
            if (r.get("agencyId").asText().equals(agencyId)) {
                return r;
            }
        }
        throw new AssertionError("no row for " + agencyId + " in " + report);
    }

    @Test
    void shouldReportAMonthOnceItEndedAndAlwaysTheSameWay() throws Exception {
        String first;
        String agencyA;
        try (ServiceFixture f = new ServiceFixture(dir, ServiceOptions.defaults().ownerRoundMillis(10).durable(false))) {
            JsonNode a = f.agency("Cook County Sheriff");
            JsonNode b = f.agency("Lake County Sheriff");
            agencyA = id(a);
            KeyPair key = ApiClient.newKey();
            JsonNode owner = f.owner("Alice");
            f.device(owner, "door", LAT, LON, false, key);
            String clip = f.clip(owner, "door", key, NOW - 3 * HOUR, NOW - 3 * HOUR + 5_000);
            String shared = f.fileOk(a, LAT, LON, 0.1, NOW - 6 * HOUR, NOW - HOUR, "A-1");
            f.fileOk(a, LAT, LON, 0.1, NOW - 6 * HOUR, NOW - HOUR, "A-2");
            f.fileOk(b, LAT, LON, 0.1, NOW - 6 * HOUR, NOW - HOUR, "B-1");
            assertThat(f.api.post("/v1/requests", token(a), PolicyHttpTest.valid().put("description", "Suspect is a Black male."))
                .status()).isEqualTo(422);
            assertThat(f.api.post("/v1/requests", token(a), PolicyHttpTest.valid().put("caseNumber", "A-1")).status()).isEqualTo(202);
            assertThat(f.api.post("/v1/requests", token(a), PolicyHttpTest.valid().put("caseNumber", "A-1")).status()).isEqualTo(422);
            f.awaitFanOut();
            assertThat(LifecycleHttpTest.share(f, owner, shared, clip).status()).isEqualTo(201);

            assertError(f.api.get("/v1/transparency?month=2026-11", null), 422, "month-not-ended", "month");
            assertError(f.api.get("/v1/transparency?month=2026-10", null), 422, "month-before-service", "month");
            assertError(f.api.get("/v1/transparency?month=November", null), 422, "month-invalid", "month");
            assertError(f.api.get("/v1/transparency", null), 400, "invalid-parameter", "month");

            f.clock.advance(30 * DAY);   // December: November is over
            ApiClient.Reply report = f.api.get("/v1/transparency?month=2026-11", null);
            assertThat(report.status()).as(report.text()).isEqualTo(200);
            JsonNode body = report.body();
            assertThat(body.get("month").asText()).isEqualTo("2026-11");
            assertThat(body.get("epsilon").asDouble()).isEqualTo(1.0);
            assertThat(body.get("agencies")).hasSize(2);
            JsonNode rowA = row(body, id(a));
            JsonNode rowB = row(body, id(b));
            assertThat(rowA.get("requestsPublished").asLong()).isEqualTo(3);
            assertThat(rowA.get("requestsRefused").get("profiling").asLong()).isEqualTo(1);
            assertThat(rowA.get("requestsRefused").get("case-limit").asLong()).isEqualTo(1);
            assertThat(rowB.get("requestsPublished").asLong()).isEqualTo(1);
            assertThat(rowB.get("requestsRefused")).isEmpty();
            for (JsonNode row : body.get("agencies")) {
                assertThat(row.get("ownersNotified").isIntegralNumber() && row.get("ownersNotified").asLong() >= 0).isTrue();
                assertThat(row.get("clipsShared").isIntegralNumber() && row.get("clipsShared").asLong() >= 0).isTrue();
            }
            assertThat(body.get("method").asText()).contains("Laplace").contains("1-differentially private");
            // the head it carries is signed and covers every November record
            JsonNode head = body.get("treeHead");
            byte[] publicKey = Base64.getDecoder().decode(f.api.get("/v1/audit/key", null).body().get("publicKey").asText());
            assertThat(TransparencyLogHttpTest.Rfc.verifySignature(publicKey, head)).isTrue();
            long lastNovemberRecord = ApiClient.JSON.readTree(f.api.get("/v1/audit/entries?start=0&end=" + head.get("treeSize").asLong(),
                f.operator).body().get("entries").get(head.get("treeSize").asInt() - 1).asText()).get("seq").asLong();
            assertThat(lastNovemberRecord).isEqualTo(head.get("treeSize").asLong());

            first = report.text();
            assertThat(f.api.get("/v1/transparency?month=2026-11", null).text()).as("asked again").isEqualTo(first);
        }
        try (ServiceFixture f = new ServiceFixture(dir, ServiceOptions.defaults().ownerRoundMillis(10).durable(false))) {
            f.clock.advance(30 * DAY);
            assertThat(f.api.get("/v1/transparency?month=2026-11", null).text()).as("after a restart").isEqualTo(first);
            assertThat(f.api.get("/v1/agencies/" + agencyA + "/requests", null).status()).isEqualTo(200);
        }
    }
}
