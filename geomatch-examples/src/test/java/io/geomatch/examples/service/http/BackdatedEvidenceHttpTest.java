package io.geomatch.examples.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPair;

import static io.geomatch.examples.service.http.LifecycleHttpTest.assertError;
import static io.geomatch.examples.service.http.LifecycleHttpTest.share;
import static io.geomatch.examples.service.http.ServiceFixture.HOUR;
import static io.geomatch.examples.service.http.ServiceFixture.LAT;
import static io.geomatch.examples.service.http.ServiceFixture.LON;
import static io.geomatch.examples.service.http.ServiceFixture.NOW;
import static io.geomatch.examples.service.http.ServiceFixture.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Evidence cannot be made up after the fact: only devices the fan-out notified share, a clip lies
 * after its device's registration and within its retention, encrypted devices never share, and
 * the agency sees when each clip was uploaded.
 */
class BackdatedEvidenceHttpTest {
    @TempDir
    Path dir;

    @Test
    void shouldRefuseAClipFromADeviceRegisteredAfterItsFootage() throws Exception {
        try (ServiceFixture f = new ServiceFixture(dir)) {
            f.advanceToNow();
            JsonNode mallory = f.owner("Mallory");
            KeyPair key = ApiClient.newKey();
            f.device(mallory, "new-door", LAT, LON, false, key);   // registered at NOW
            long s = NOW - 3 * HOUR;
            assertError(f.api.post("/v1/devices/new-door/clips", token(mallory), ApiClient.clip("new-door", key, s, s + 10_000, new byte[] {1})),
                422, "clip-before-registration", "start");
            assertError(f.api.post("/v1/devices/new-door/clips", token(mallory), ApiClient.clip("new-door", key, 0, 10_000, new byte[] {2})),
                422, "clip-before-registration", "start");
        }
    }

    @Test
    void shouldRefuseAClipOlderThanItsDevicesRetention() throws Exception {
        try (ServiceFixture f = new ServiceFixture(dir)) {
            JsonNode owner = f.owner("Owner");
            KeyPair key = ApiClient.newKey();
            f.device(owner, "door", LAT, LON, false, key);   // retention 30 days, registered a day before NOW
            f.clock.advance(40 * 24 * HOUR);
            long s = f.clock.getAsLong() - 31 * 24 * HOUR;
            assertError(f.api.post("/v1/devices/door/clips", token(owner), ApiClient.clip("door", key, s, s + 10_000, new byte[] {1})),
                422, "clip-beyond-retention", "start");
        }
    }

    @Test
    void shouldLetOnlyNotifiedUnencryptedDevicesShareAndShowWhenClipsWereUploaded() throws Exception {
        try (ServiceFixture f = new ServiceFixture(dir)) {
            JsonNode agency = f.agency("Cook County Sheriff");
            JsonNode owner = f.owner("Owner");
            KeyPair notified = ApiClient.newKey();
            KeyPair quiet = ApiClient.newKey();
            KeyPair encrypted = ApiClient.newKey();
            f.device(owner, "porch", LAT, LON, false, notified);
            f.device(owner, "garage", LAT + 0.0002, LON, false, quiet);          // inside the area, no footage when matched
            f.device(owner, "vault", LAT, LON + 0.0002, true, encrypted);        // inside, end-to-end encrypted
            String porchClip = f.clip(owner, "porch", notified, NOW - 3 * HOUR, NOW - 3 * HOUR + 10_000);
            String vaultClip = f.clip(owner, "vault", encrypted, NOW - 3 * HOUR, NOW - 3 * HOUR + 10_000);
            String requestId = f.fileOk(agency, LAT, LON, 0.1, NOW - 6 * HOUR, NOW - HOUR, "B-1");
            f.awaitFanOut();
            // after the request, the owner "finds" footage of the window on a device that was not notified
            String garageClip = f.clip(owner, "garage", quiet, NOW - 4 * HOUR, NOW - 4 * HOUR + 10_000);
            JsonNode item = f.feed(owner).get(0);
            assertThat(item.get("clips").findValuesAsText("id")).containsExactly(porchClip);
            assertError(share(f, owner, requestId, garageClip), 422, "clip-not-eligible", "clipIds");
            assertError(share(f, owner, requestId, vaultClip), 422, "clip-not-eligible", "clipIds");
            f.clock.advance(60_000);
            ApiClient.Reply shared = share(f, owner, requestId, porchClip);
            assertThat(shared.status()).as(shared.text()).isEqualTo(201);
            JsonNode evidence = f.api.get("/v1/requests/" + requestId + "/evidence", token(agency)).body().get("clips").get(0);
            assertThat(evidence.get("uploadedAt").asText()).isEqualTo(java.time.Instant.ofEpochMilli(NOW).toString());
            assertThat(evidence.at("/verification/sharedAt").asText()).isEqualTo(java.time.Instant.ofEpochMilli(NOW + 60_000).toString());
        }
    }
}
