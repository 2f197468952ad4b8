package io.geomatch.examples.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.geomatch.examples.service.ServiceOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;

import static io.geomatch.examples.service.http.ServiceFixture.token;
import static org.assertj.core.api.Assertions.assertThat;

/** Red-team round 2: F6 (an owner's volume), F8 and the lower-case {@code bearer} scheme. */
class RedTeam2LowHttpTest {
    @TempDir
    Path dir;

    @Test
    void shouldAcceptTheBearerSchemeInAnyCase() throws Exception {
        try (ServiceFixture f = new ServiceFixture(dir, ServiceOptions.defaults().ownerRoundMillis(10))) {
            JsonNode alice = f.owner("Alice");
            HttpClient http = HttpClient.newHttpClient();
            for (String scheme : new String[] {"bearer", "BEARER", "Bearer"}) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + f.server.port() + "/v1/feed"))
                    .header("Authorization", scheme + " " + token(alice)).GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(scheme + ": " + r.body()).isEqualTo(200);
            }
        }
    }

    @Test
    void shouldRefuseAClipStartingAfterItsUpload() throws Exception {
        try (ServiceFixture f = new ServiceFixture(dir, ServiceOptions.defaults().ownerRoundMillis(10))) {
            JsonNode alice = f.owner("Alice");
            KeyPair key = ApiClient.newKey();
            f.device(alice, "door", ServiceFixture.LAT, ServiceFixture.LON, false, key);
            f.advanceToNow();
            long now = f.clock.getAsLong();
            byte[] content = "next minute".getBytes(StandardCharsets.UTF_8);
            ApiClient.Reply future = f.api.post("/v1/devices/door/clips", token(alice), ApiClient.clip("door", key, now + 10_000, now + 50_000, content));
            LifecycleHttpTest.assertError(future, 422, "invalid-field", "start");
            assertThat(future.body().at("/error/message").asText()).contains("after the upload");
            ApiClient.Reply ok = f.api.post("/v1/devices/door/clips", token(alice), ApiClient.clip("door", key, now - 40_000, now, content));
            assertThat(ok.status()).as(ok.text()).isEqualTo(201);
        }
    }

    @Test
    void shouldRefuseAnOwnersDeviceBeyondTheFiftieth() throws Exception {
        try (ServiceFixture f = new ServiceFixture(dir, ServiceOptions.defaults().ownerRoundMillis(10))) {
            JsonNode alice = f.owner("Alice");
            KeyPair key = ApiClient.newKey();
            for (int i = 0; i < 50; i++) {
                f.device(alice, "cam-" + i, ServiceFixture.LAT, ServiceFixture.LON, false, key);
            }
            ApiClient.Reply more = f.api.post("/v1/owners/" + alice.get("id").asText() + "/devices", token(alice),
                ApiClient.device("cam-50", ServiceFixture.LAT, ServiceFixture.LON, false, key));
            LifecycleHttpTest.assertError(more, 422, "device-limit", "id");
            assertThat(more.body().at("/error/message").asText()).contains("50 devices, allowed at most 50");
            JsonNode bob = f.owner("Bob");
            f.device(bob, "cam-0", ServiceFixture.LAT, ServiceFixture.LON, false, key);   // the limit is per owner
        }
    }

    @Test
    void shouldChargeEveryClipAtLeastSixteenKibibytesOfTheQuota() throws Exception {
        try (ServiceFixture f = new ServiceFixture(dir, ServiceOptions.defaults().ownerRoundMillis(10).ownerQuotaBytes(1L << 20))) {
            JsonNode alice = f.owner("Alice");
            KeyPair key = ApiClient.newKey();
            f.device(alice, "door", ServiceFixture.LAT, ServiceFixture.LON, false, key);
            f.advanceToNow();
            long now = f.clock.getAsLong();
            int accepted = 0;
            ApiClient.Reply last = null;
            for (int i = 0; i < 70; i++) {
                long start = now - 60_000 + i * 500L;
                last = f.api.post("/v1/devices/door/clips", token(alice), ApiClient.clip("door", key, start, start + 100, new byte[] {(byte) i}));
                if (last.status() != 201) {
                    break;
                }
                accepted++;
            }
            // 1 MiB / 16 KiB: 64 one-byte clips fit, the 65th does not.
            assertThat(accepted).isEqualTo(64);
            LifecycleHttpTest.assertError(last, 413, "quota-exceeded", "contentBase64");
        }
    }
}
