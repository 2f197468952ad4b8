package io.geomatch.examples.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geomatch.examples.service.ServiceOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static io.geomatch.examples.service.http.LifecycleHttpTest.assertError;
import static io.geomatch.examples.service.http.ServiceFixture.HOUR;
import static io.geomatch.examples.service.http.ServiceFixture.LAT;
import static io.geomatch.examples.service.http.ServiceFixture.LON;
import static io.geomatch.examples.service.http.ServiceFixture.NOW;
import static io.geomatch.examples.service.http.ServiceFixture.token;
import static org.assertj.core.api.Assertions.assertThat;

/** Every request and agency rule through the HTTP API: the 4xx, its code and field, and that nothing is published. */
class PolicyHttpTest {
    private static ServiceFixture f;
    private static JsonNode agency;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        f = new ServiceFixture(dir, ServiceOptions.defaults().ownerRoundMillis(10).durable(false).requestsPerHour(10_000));
        agency = f.agency("Cook County Sheriff");
        f.advanceToNow();
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    static ObjectNode valid() {
        return ApiClient.request(ApiClient.square(LAT, LON, 0.25), NOW - 6 * HOUR, NOW - HOUR, "2026-7000",
            "Burglary; looking for a person in a grey hooded jacket carrying a black duffel bag.");
    }

    static Stream<Arguments> requestRules() {
        String bowtie = String.format(java.util.Locale.ROOT, "{\"type\":\"Polygon\",\"coordinates\":[[[%f,%f],[%f,%f],[%f,%f],[%f,%f],[%f,%f]]]}",
            LON, LAT, LON + 0.01, LAT + 0.01, LON + 0.01, LAT, LON, LAT + 0.01, LON, LAT);
        return Stream.of(
            rule("area-required", "area", b -> b.remove("area")),
            rule("area-invalid", "area", b -> b.set("area", ApiClient.parse(bowtie))),
            rule("area-invalid", "area", b -> b.set("area", ApiClient.parse("{\"type\":\"Point\",\"coordinates\":[-87.63,41.88]}"))),
            rule("area-too-small", "area", b -> b.set("area", ApiClient.parse(ApiClient.square(LAT, LON, 0.02)))),
            rule("area-too-large", "area", b -> b.set("area", ApiClient.parse(ApiClient.square(LAT, LON, 0.55)))),
            rule("area-outside-jurisdiction", "area", b -> b.set("area", ApiClient.parse(ApiClient.square(LAT + 0.099, LON, 0.25)))),
            rule("window-too-short", "to", b -> b.put("from", NOW - 2 * HOUR).put("to", NOW - 2 * HOUR + 15 * 60_000 - 1)),
            rule("window-too-long", "to", b -> b.put("from", NOW - 13 * HOUR).put("to", NOW - HOUR + 1)),
            rule("window-in-future", "to", b -> b.put("from", NOW - HOUR).put("to", NOW + 1)),
            rule("window-beyond-retention", "from", b -> b.put("from", NOW - 181 * 24 * HOUR).put("to", NOW - 181 * 24 * HOUR + HOUR)),
            rule("incident-type-required", "incidentType", b -> b.remove("incidentType")),
            rule("incident-type-unknown", "incidentType", b -> b.put("incidentType", "loitering")),
            rule("case-number-required", "caseNumber", b -> b.put("caseNumber", "  ")),
            rule("contact-required", "contact", b -> b.remove("contact")),
            rule("description-required", "description", b -> b.put("description", "")),
            rule("description-too-long", "description", b -> b.put("description", "a".repeat(2001))),
            rule("first-amendment", "description", b -> b.put("description", "Footage of the protest outside city hall, please.")),
            rule("profiling", "description", b -> b.put("description", "Suspect is a Black male.")),
            rule("pressure", "description", b -> b.put("description", "Burglary. You are required by law to share your footage.")),
            rule("immigration-enforcement", "description", b -> b.put("description", "Locating undocumented workers near the depot.")));
    }

    private static Arguments rule(String code, String field, Consumer<ObjectNode> change) {
        return Arguments.of(code, field, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requestRules")
    void shouldRefuseARequestBreakingARuleWithItsCode(String code, String field, Consumer<ObjectNode> change) {
        int before = published();
        ObjectNode body = valid();
        change.accept(body);
        assertError(f.api.post("/v1/requests", token(agency), body), 422, code, field);
        assertThat(published()).as("a refused request is not published").isEqualTo(before);
    }

    @Test
    void shouldAcceptTheValidRequestAtTheExactBoundaries() {
        ObjectNode body = valid().put("from", NOW - 12 * HOUR).put("to", NOW).put("caseNumber", "B-1").put("description", "a".repeat(1999) + "!");
        assertThat(f.api.post("/v1/requests", token(agency), body).status()).isEqualTo(202);
        ObjectNode shortest = valid().put("from", NOW - HOUR).put("to", NOW - HOUR + 15 * 60_000).put("caseNumber", "B-2");
        assertThat(f.api.post("/v1/requests", token(agency), shortest).status()).isEqualTo(202);
    }

    @Test
    void shouldAllowAtMostTwoRequestsPerCase() {
        ObjectNode body = valid().put("caseNumber", "C-1");
        assertThat(f.api.post("/v1/requests", token(agency), body).status()).isEqualTo(202);
        assertThat(f.api.post("/v1/requests", token(agency), body).status()).isEqualTo(202);
        assertError(f.api.post("/v1/requests", token(agency), body), 422, "case-limit", "caseNumber");
        // the limit is per agency
        JsonNode other = f.agency("Other County Sheriff");
        assertThat(f.api.post("/v1/requests", token(other), body).status()).isEqualTo(202);
    }

    @Test
    void shouldRateLimitEachAgencyPerRollingHour(@TempDir Path dir) throws Exception {
        try (ServiceFixture g = new ServiceFixture(dir, ServiceOptions.defaults().ownerRoundMillis(10).durable(false).requestsPerHour(2))) {
            JsonNode a = g.agency("Rate County");
            g.advanceToNow();
            assertThat(g.api.post("/v1/requests", token(a), valid().put("caseNumber", "R-1")).status()).isEqualTo(202);
            g.clock.advance(30 * 60_000);
            assertThat(g.api.post("/v1/requests", token(a), valid().put("caseNumber", "R-2")).status()).isEqualTo(202);
            assertError(g.api.post("/v1/requests", token(a), valid().put("caseNumber", "R-3")), 429, "rate-limited", null);
            g.clock.advance(30 * 60_000);   // the first one is now an hour old
            assertThat(g.api.post("/v1/requests", token(a), valid().put("caseNumber", "R-3")).status()).isEqualTo(202);
        }
    }

    static Stream<Arguments> agencyRules() {
        String j = ServiceFixture.JURISDICTION;
        return Stream.of(
            Arguments.of(ApiClient.agency("FBI", "fbi.example.gov", "federal", j, "ring"), "agency-not-eligible", "kind"),
            Arguments.of(ApiClient.agency("ICE", "ice.example.gov", "immigration", j, "ring"), "agency-not-eligible", "kind"),
            Arguments.of(ApiClient.agency("State Police", "sp.example.gov", "state", j, "ring"), "agency-not-eligible", "kind"),
            Arguments.of(ApiClient.agency("Watch", "gmail.com", "city", j, "ring"), "free-mail-domain", "emailDomain"),
            Arguments.of(ApiClient.agency("Watch", "Outlook.com", "city", j, "ring"), "free-mail-domain", "emailDomain"),
            Arguments.of(ApiClient.agency("Watch", "not a domain", "city", j, "ring"), "invalid-field", "emailDomain"),
            Arguments.of(ApiClient.agency("PD", "pd.example.gov", "galactic", j, "ring"), "invalid-field", "kind"),
            Arguments.of(ApiClient.agency("PD", "pd.example.gov", "city", j, "self"), "invalid-field", "verifiedBy"),
            Arguments.of(ApiClient.agency("PD", "pd.example.gov", "city", "{\"type\":\"Point\",\"coordinates\":[1,2]}", "ring"),
                "jurisdiction-invalid", "jurisdiction"),
            Arguments.of(ApiClient.agency(" ", "pd.example.gov", "city", j, "ring"), "missing-field", "name"));
    }

    @ParameterizedTest(name = "{1} {2}")
    @MethodSource("agencyRules")
    void shouldRefuseAnAgencyThatIsNotEligible(ObjectNode body, String code, String field) {
        assertError(f.api.post("/v1/agencies", f.operator, body), 422, code, field);
    }

    private static int published() {
        return f.api.get("/v1/agencies/" + ServiceFixture.id(agency) + "/requests", null).body().get("requests").size();
    }
}
