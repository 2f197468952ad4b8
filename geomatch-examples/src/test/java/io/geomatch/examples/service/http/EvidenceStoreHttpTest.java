package io.geomatch.examples.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.geomatch.examples.service.ServiceOptions;
import io.geomatch.examples.service.audit.AuditLog;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.geomatch.examples.service.http.LifecycleHttpTest.assertError;
import static io.geomatch.examples.service.http.ServiceFixture.HOUR;
import static io.geomatch.examples.service.http.ServiceFixture.LAT;
import static io.geomatch.examples.service.http.ServiceFixture.LON;
import static io.geomatch.examples.service.http.ServiceFixture.NOW;
import static io.geomatch.examples.service.http.ServiceFixture.token;
import static org.assertj.core.api.Assertions.assertThat;

/** Clip content lives in a content-addressed store on disk, apart from the journal and the heap, within a per-owner quota. */
class EvidenceStoreHttpTest {
    @TempDir
    Path dir;

    @Test
    void shouldStoreClipContentAsFilesNamedByItsHashNotInTheJournal() throws Exception {
        byte[] big = new byte[300_000];
        new SplittableRandom(1).nextBytes(big);
        try (ServiceFixture f = new ServiceFixture(dir, ServiceOptions.defaults().ownerRoundMillis(10))) {
            JsonNode agency = f.agency("Cook County Sheriff");
            JsonNode alice = f.owner("Alice");
            KeyPair key = ApiClient.newKey();
            f.device(alice, "door", LAT, LON, false, key);
            f.advanceToNow();
            long s = NOW - 3 * HOUR;
            ApiClient.Reply up = f.api.post("/v1/devices/door/clips", token(alice), ApiClient.clip("door", key, s, s + 10_000, big));
            assertThat(up.status()).as(up.text()).isEqualTo(201);
            String clipId = up.body().get("id").asText();
            // the same content again, another time range: stored once
            assertThat(f.api.post("/v1/devices/door/clips", token(alice), ApiClient.clip("door", key, s + 20_000, s + 30_000, big)).status())
                .isEqualTo(201);
            String sha = AuditLog.sha256(big);
            List<Path> stored;
            try (var files = Files.walk(dir.resolve("evidence"))) {
                stored = files.filter(Files::isRegularFile).toList();
            }
            assertThat(stored).extracting(p -> p.getFileName().toString()).containsExactly(sha);
            assertThat(Files.readAllBytes(stored.get(0))).isEqualTo(big);
            assertThat(Files.size(f.service.auditFile())).as("the journal holds hashes, not content").isLessThan(20_000);
            assertThat(Files.readString(f.service.auditFile())).doesNotContain(Base64.getEncoder().encodeToString(big).substring(0, 64));

            String requestId = f.fileOk(agency, LAT, LON, 0.1, NOW - 6 * HOUR, NOW - HOUR, "E-1");
            f.awaitFanOut();
            assertThat(LifecycleHttpTest.share(f, alice, requestId, clipId).status()).isEqualTo(201);
            JsonNode clip = f.api.get("/v1/requests/" + requestId + "/evidence", token(agency)).body().get("clips").get(0);
            assertThat(Base64.getDecoder().decode(clip.get("contentBase64").asText())).isEqualTo(big);
            assertThat(clip.at("/verification/contentHashMatches").asBoolean()).isTrue();

            // content changed at rest shows as a failed check, never as the original
            Files.write(stored.get(0), "tampered".getBytes(StandardCharsets.UTF_8));
            JsonNode after = f.api.get("/v1/requests/" + requestId + "/evidence", token(agency)).body().get("clips").get(0);
            assertThat(after.at("/verification/contentHashMatches").asBoolean()).isFalse();
        }
    }

    @Test
    void shouldAnswerWholeJsonWithTheClipUnavailableWhenItsFileIsMissing() throws Exception {
        try (ServiceFixture f = new ServiceFixture(dir, ServiceOptions.defaults().ownerRoundMillis(10))) {
            JsonNode agency = f.agency("Cook County Sheriff");
            JsonNode alice = f.owner("Alice");
            KeyPair key = ApiClient.newKey();
            f.device(alice, "door", LAT, LON, false, key);
            f.advanceToNow();
            long s = NOW - 3 * HOUR;
            byte[] lost = "lost content".getBytes(StandardCharsets.UTF_8);
            byte[] kept = "kept content".getBytes(StandardCharsets.UTF_8);
            String lostId = f.api.post("/v1/devices/door/clips", token(alice), ApiClient.clip("door", key, s, s + 10_000, lost))
                .body().get("id").asText();
            String keptId = f.api.post("/v1/devices/door/clips", token(alice), ApiClient.clip("door", key, s + 20_000, s + 30_000, kept))
                .body().get("id").asText();
            String requestId = f.fileOk(agency, LAT, LON, 0.1, NOW - 6 * HOUR, NOW - HOUR, "E-2");
            f.awaitFanOut();
            ApiClient.Reply shared = f.api.post("/v1/requests/" + requestId + "/responses", token(alice), ApiClient.JSON.createObjectNode()
                .put("action", "share").set("clipIds", ApiClient.JSON.valueToTree(List.of(lostId, keptId))));
            assertThat(shared.status()).as(shared.text()).isEqualTo(201);
            try (var files = Files.walk(dir.resolve("evidence"))) {
                for (Path p : files.filter(Files::isRegularFile).toList()) {
                    if (p.getFileName().toString().equals(AuditLog.sha256(lost))) {
                        Files.delete(p);
                    }
                }
            }

            ApiClient.Reply r = f.api.get("/v1/requests/" + requestId + "/evidence", token(agency));
            assertThat(r.status()).isEqualTo(200);
            JsonNode clips = ApiClient.JSON.readTree(r.text()).get("clips");   // the whole body parses
            assertThat(clips).hasSize(2);
            for (JsonNode clip : clips) {
                if (clip.get("clipId").asText().equals(lostId)) {
                    assertThat(clip.get("contentAvailable").asBoolean()).isFalse();
                    assertThat(clip.get("contentBase64").isNull()).isTrue();
                    assertThat(clip.at("/verification/contentHashMatches").asBoolean()).isFalse();
                } else {
                    assertThat(clip.get("contentAvailable").asBoolean()).isTrue();
                    assertThat(Base64.getDecoder().decode(clip.get("contentBase64").asText())).isEqualTo(kept);
                }
            }
        }
    }

    @Test
    @Tag("heavy")
    void shouldServeOtherOwnersPromptlyWhile200ClipsOf1MiBArriveInA64MiBHeap() throws Exception {
        try (ChildServer child = ChildServer.start(dir, List.of("-Xmx64m"), "--owner-quota-mib", "1024")) {
            ApiClient api = child.api;
            String operator = ChildServer.operatorToken(dir);
            JsonNode uploader = api.post("/v1/owners", operator, ApiClient.JSON.createObjectNode().put("name", "U").put("email", "u@example.com")).body();
            JsonNode other = api.post("/v1/owners", operator, ApiClient.JSON.createObjectNode().put("name", "O").put("email", "o@example.com")).body();
            KeyPair key = ApiClient.newKey();
            assertThat(api.post("/v1/owners/" + uploader.get("id").asText() + "/devices", token(uploader),
                ApiClient.device("door", LAT, LON, false, key)).status()).isEqualTo(201);
            long base = System.currentTimeMillis();   // clips recorded after the device was registered
            AtomicBoolean done = new AtomicBoolean();
            List<Long> feedMicros = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> {
                ApiClient mine = new ApiClient(child.port);
                while (!done.get()) {
                    long t0 = System.nanoTime();
                    assertThat(mine.get("/v1/feed", token(other)).status()).isEqualTo(200);
                    feedMicros.add((System.nanoTime() - t0) / 1_000);
                }
            });
            reader.start();
            SplittableRandom random = new SplittableRandom(7);
            byte[] content = new byte[1 << 20];
            for (int i = 0; i < 200; i++) {
                random.nextBytes(content);
                long s = base + i * 100L;
                awaitPast(s);   // a clip is uploaded after it started recording
                ApiClient.Reply r = api.post("/v1/devices/door/clips", token(uploader), ApiClient.clip("door", key, s, s + 50, content));
                assertThat(r.status()).as("clip %d: %s", i, r.text()).isEqualTo(201);
            }
            done.set(true);
            reader.join();
            long[] sorted = feedMicros.stream().mapToLong(Long::longValue).sorted().toArray();
            long p99 = sorted[(int) Math.ceil(sorted.length * 0.99) - 1];
            System.out.printf("another owner's feed during 200 x 1 MiB uploads: %d calls, p50 %d us, p99 %d us%n", sorted.length,
                sorted[sorted.length / 2], p99);
            assertThat(p99).as("p99 of the other owner's feed, µs").isLessThanOrEqualTo(100_000);
            assertThat(Files.size(dir.resolve("audit.log"))).isLessThan(200_000);
        }
        long t0 = System.nanoTime();
        try (ChildServer again = ChildServer.start(dir, List.of("-Xmx64m"))) {
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(again.api.get("/v1/feed", null).status()).isEqualTo(401);
            System.out.printf("restart with 200 MiB of clips stored: %d ms to listening%n", millis);
            assertThat(millis).as("restart reads hashes, not content").isLessThan(5_000);
        }
    }

    @Test
    void shouldKeepClipsOutOfTheHeapAndWithinTheOwnersQuota() throws Exception {
        int quotaClips = 64;   // the default quota, 64 MiB, in clips of 1 MiB
        try (ChildServer child = ChildServer.start(dir, List.of("-Xmx32m"))) {
            ApiClient api = child.api;
            String operator = ChildServer.operatorToken(dir);
            JsonNode owner = api.post("/v1/owners", operator, ApiClient.JSON.createObjectNode().put("name", "A").put("email", "a@example.com")).body();
            KeyPair key = ApiClient.newKey();
            assertThat(api.post("/v1/owners/" + owner.get("id").asText() + "/devices", token(owner),
                ApiClient.device("door", LAT, LON, false, key)).status()).isEqualTo(201);
            long base = System.currentTimeMillis();
            SplittableRandom random = new SplittableRandom(6);
            byte[] content = new byte[1 << 20];
            for (int i = 0; i < quotaClips; i++) {
                random.nextBytes(content);
                long s = base + i * 100L;
                awaitPast(s);   // a clip is uploaded after it started recording
                ApiClient.Reply r = api.post("/v1/devices/door/clips", token(owner), ApiClient.clip("door", key, s, s + 50, content));
                assertThat(r.status()).as("clip %d: %s", i, r.text()).isEqualTo(201);
            }
            random.nextBytes(content);
            long s = base + quotaClips * 100L;
            awaitPast(s);
            assertError(api.post("/v1/devices/door/clips", token(owner), ApiClient.clip("door", key, s, s + 50, content)),
                413, "quota-exceeded", "contentBase64");
        }
        try (ChildServer again = ChildServer.start(dir, List.of("-Xmx32m"))) {
            assertThat(again.api.get("/v1/openapi.json", null).status()).as("restarts within the same small heap").isEqualTo(200);
        }
    }

    /** Waits until the wall clock has passed {@code millis}. */
    private static void awaitPast(long millis) throws InterruptedException {
        while (System.currentTimeMillis() <= millis) {
            Thread.sleep(1);
        }
    }
}
