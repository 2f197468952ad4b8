package io.geomatch.examples.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.geomatch.examples.service.CommunityService;
import io.geomatch.examples.service.ServiceOptions;
import io.geomatch.examples.sim.SimClock;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A running service on a temporary directory with its HTTP API, a simulated clock and helpers to
 * populate it. The clock starts a day before {@link #NOW}, so agencies, owners and devices exist
 * before the footage the tests upload; the first clip or request (or {@link #advanceToNow()})
 * moves it to {@link #NOW}.
 */
final class ServiceFixture implements AutoCloseable {
    static final long NOW = 1_793_743_200_000L;  // 2026-11-03T22:00:00Z
    static final long HOUR = 3_600_000L;
    /** When the fixture's clock starts: a day before {@link #NOW}. */
    static final long START = NOW - 24 * HOUR;
    static final double LAT = 41.88;
    static final double LON = -87.63;
    /** A 0.2 x 0.2 degree square jurisdiction around (LAT, LON). */
    static final String JURISDICTION = String.format(Locale.ROOT,
        "{\"type\":\"Polygon\",\"coordinates\":[[[%f,%f],[%f,%f],[%f,%f],[%f,%f],[%f,%f]]]}",
        LON - 0.1, LAT - 0.1, LON + 0.1, LAT - 0.1, LON + 0.1, LAT + 0.1, LON - 0.1, LAT + 0.1, LON - 0.1, LAT - 0.1);

    final Path dir;
    final SimClock clock = new SimClock(START);
    final CommunityService service;
    final ApiServer server;
    final ApiClient api;
    final String operator;

    ServiceFixture(Path dir) throws IOException {
        this(dir, ServiceOptions.defaults().ownerRoundMillis(10).durable(false));
    }

    ServiceFixture(Path dir, ServiceOptions options) throws IOException {
        this(dir, options, ApiServer.Limits.defaults());
    }

    ServiceFixture(Path dir, ServiceOptions options, ApiServer.Limits limits) throws IOException {
        this.dir = dir;
        this.service = CommunityService.open(dir, options.clock(clock));
        this.server = ApiServer.start(service, "127.0.0.1", 0, limits);
        this.api = new ApiClient(server.port());
        this.operator = service.newOperatorToken();
    }

    /** @return {id, token} of a new county agency over {@link #JURISDICTION} */
    JsonNode agency(String name) {
        ApiClient.Reply r = api.post("/v1/agencies", operator, ApiClient.agency(name, name.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "")
            + ".example.gov", "county", JURISDICTION, "axon"));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.body();
    }

    /** @return {id, token} of a new owner */
    JsonNode owner(String name) {
        ApiClient.Reply r = api.post("/v1/owners", operator, ApiClient.JSON.createObjectNode().put("name", name)
            .put("email", name.toLowerCase(Locale.ROOT) + "@example.com"));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.body();
    }

    void device(JsonNode owner, String id, double lat, double lon, boolean e2ee, KeyPair key) {
        ApiClient.Reply r = api.post("/v1/owners/" + owner.get("id").asText() + "/devices", owner.get("token").asText(),
            ApiClient.device(id, lat, lon, e2ee, key));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
    }

    /** Moves the clock to {@link #NOW} if it is earlier. */
    void advanceToNow() {
        long behind = NOW - clock.getAsLong();
        if (behind > 0) {
            clock.advance(behind);
        }
    }

    /** @return the new clip's id */
    String clip(JsonNode owner, String deviceId, KeyPair key, long start, long end) {
        advanceToNow();
        ApiClient.Reply r = api.post("/v1/devices/" + deviceId + "/clips", owner.get("token").asText(),
            ApiClient.clip(deviceId, key, start, end, content(deviceId, start)));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.body().get("id").asText();
    }

    static byte[] content(String deviceId, long start) {
        return (deviceId + "@" + start + " video bytes").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** @return the 202 reply of filing a request for a square at (lat, lon) over [from, to) */
    ApiClient.Reply file(JsonNode agency, double lat, double lon, double squareMiles, long from, long to, String caseNumber) {
        advanceToNow();
        return api.post("/v1/requests", agency.get("token").asText(), ApiClient.request(ApiClient.square(lat, lon, squareMiles), from, to,
            caseNumber, "Burglary; looking for a person in a grey hooded jacket carrying a black duffel bag."));
    }

    String fileOk(JsonNode agency, double lat, double lon, double squareMiles, long from, long to, String caseNumber) {
        ApiClient.Reply r = file(agency, lat, lon, squareMiles, from, to, caseNumber);
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        return r.body().get("id").asText();
    }

    JsonNode feed(JsonNode owner) {
        ApiClient.Reply r = api.get("/v1/feed", owner.get("token").asText());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.body().get("items");
    }

    void awaitFanOut() {
        try {
            service.awaitFanOut();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return the audit records {@code [start, end)} as stored, read as the operator, a thousand at a time */
    List<JsonNode> entries(long start, long end) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (long from = start; from < end; from += CommunityService.MAX_ENTRIES) {
            ApiClient.Reply r = api.get("/v1/audit/entries?start=" + from + "&end=" + Math.min(end, from + CommunityService.MAX_ENTRIES), operator);
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            for (JsonNode line : r.body().get("entries")) {
                out.add(ApiClient.JSON.readTree(line.asText()));
            }
        }
        return out;
    }

    /** Runs the calls on threads of their own at once, and waits for all of them. */
    static void atOnce(List<Runnable> calls) {
        ExecutorService threads = Executors.newFixedThreadPool(64);
        try {
            List<Future<?>> running = new ArrayList<>();
            calls.forEach(c -> running.add(threads.submit(c)));
            for (Future<?> r : running) {
                r.get(60, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            threads.shutdownNow();
        }
    }

    static String token(JsonNode created) {
        return created.get("token").asText();
    }

    static String id(JsonNode created) {
        return created.get("id").asText();
    }

    @Override
    public void close() throws IOException {
        server.close();
        service.close();
    }
}
