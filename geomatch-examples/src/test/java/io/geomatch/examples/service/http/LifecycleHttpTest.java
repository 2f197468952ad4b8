package io.geomatch.examples.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.geomatch.examples.service.CommunityService;
import io.geomatch.examples.service.ServiceOptions;
import io.geomatch.examples.service.Signatures;
import io.geomatch.examples.service.audit.AuditLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;

import static io.geomatch.examples.service.http.ServiceFixture.HOUR;
import static io.geomatch.examples.service.http.ServiceFixture.LAT;
import static io.geomatch.examples.service.http.ServiceFixture.LON;
import static io.geomatch.examples.service.http.ServiceFixture.NOW;
import static io.geomatch.examples.service.http.ServiceFixture.id;
import static io.geomatch.examples.service.http.ServiceFixture.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The whole request lifecycle through the HTTP API, evidence tampering, the audit chain and restarts. */
class LifecycleHttpTest {
    @TempDir
    Path dir;

    @Test
    void shouldCarryARequestFromAgencyToOwnersToVerifiedEvidence() throws Exception {
        try (ServiceFixture f = new ServiceFixture(dir)) {
            JsonNode agency = f.agency("Cook County Sheriff");
            JsonNode alice = f.owner("Alice");
            JsonNode dave = f.owner("Dave");
            KeyPair aliceKey = ApiClient.newKey();
            KeyPair daveKey = ApiClient.newKey();
            f.device(alice, "alice-door", LAT, LON, false, aliceKey);
            f.device(dave, "dave-door", LAT + 0.02, LON, false, daveKey);   // 2 km north: outside the area
            String inWindow = f.clip(alice, "alice-door", aliceKey, NOW - 3 * HOUR, NOW - 3 * HOUR + 30_000);
            String before = f.clip(alice, "alice-door", aliceKey, NOW - 9 * HOUR, NOW - 9 * HOUR + 30_000);
            f.clip(dave, "dave-door", daveKey, NOW - 3 * HOUR, NOW - 3 * HOUR + 30_000);

            ApiClient.Reply filed = f.file(agency, LAT, LON, 0.1, NOW - 6 * HOUR, NOW - HOUR, "2026-0001");
            assertThat(filed.status()).isEqualTo(202);
            assertThat(filed.body().size()).as("id, status and the leaf of its publication in the audit log").isEqualTo(3);
            assertThat(filed.body().get("status").asText()).isEqualTo("published");
            String requestId = filed.body().get("id").asText();
            f.awaitFanOut();

            JsonNode feed = f.feed(alice);
            assertThat(feed).hasSize(1);
            assertThat(feed.get(0).path("request").path("id").asText()).isEqualTo(requestId);
            assertThat(feed.get(0).path("clips").findValuesAsText("id")).containsExactly(inWindow);
            assertThat(f.feed(dave)).isEmpty();

            ApiClient.Reply outside = f.api.post("/v1/requests/" + requestId + "/responses", token(alice),
                ApiClient.JSON.createObjectNode().put("action", "share").set("clipIds", ApiClient.JSON.valueToTree(List.of(before))));
            assertThat(outside.status()).isEqualTo(422);
            assertThat(outside.errorCode()).isEqualTo("clip-not-eligible");
            ApiClient.Reply shared = f.api.post("/v1/requests/" + requestId + "/responses", token(alice),
                ApiClient.JSON.createObjectNode().put("action", "share").set("clipIds", ApiClient.JSON.valueToTree(List.of(inWindow))));
            assertThat(shared.status()).as(shared.text()).isEqualTo(201);
            ApiClient.Reply again = f.api.post("/v1/requests/" + requestId + "/responses", token(alice),
                ApiClient.JSON.createObjectNode().put("action", "decline"));
            assertThat(again.status()).isEqualTo(409);

            ApiClient.Reply evidence = f.api.get("/v1/requests/" + requestId + "/evidence", token(agency));
            assertThat(evidence.status()).isEqualTo(200);
            JsonNode clip = evidence.body().get("clips").get(0);
            assertThat(evidence.body().get("clips")).hasSize(1);
            assertThat(clip.get("clipId").asText()).isEqualTo(inWindow);
            byte[] content = Base64.getDecoder().decode(clip.get("contentBase64").asText());
            assertThat(content).isEqualTo(ServiceFixture.content("alice-door", NOW - 3 * HOUR));
            assertThat(clip.get("sha256").asText()).isEqualTo(AuditLog.sha256(content));
            assertThat(clip.at("/verification/contentHashMatches").asBoolean()).isTrue();
            assertThat(clip.at("/verification/signatureValid").asBoolean()).isTrue();
            // the agency can check the signature itself, with only what the evidence holds
            String text = "alice-door\n" + (NOW - 3 * HOUR) + "\n" + (NOW - 3 * HOUR + 30_000) + "\n" + AuditLog.sha256(content);
            assertThat(clip.at("/verification/signedText").asText()).isEqualTo(text);
            assertThat(Signatures.verify(Signatures.publicKey(clip.get("publicKey").asText()), text,
                Base64.getDecoder().decode(clip.get("signature").asText()))).isTrue();

            ApiClient.Reply resolved = f.api.post("/v1/requests/" + requestId + "/resolve", token(agency), null);
            assertThat(resolved.status()).as(resolved.text()).isEqualTo(200);
            assertThat(resolved.body().get("status").asText()).isEqualTo("resolved");
            assertThat(f.api.post("/v1/requests/" + requestId + "/resolve", token(agency), null).status()).isEqualTo(409);
            ApiClient.Reply log = f.api.get("/v1/agencies/" + id(agency) + "/requests", null);
            assertThat(log.status()).isEqualTo(200);
            assertThat(log.body().get("requests").findValuesAsText("status")).containsExactly("resolved");
            assertThat(log.text()).doesNotContain("alice", "dave", "owner_");
        }
    }

    @Test
    void shouldRefuseClipsThatAreNotAuthenticAndStoreNothing() throws Exception {
        try (ServiceFixture f = new ServiceFixture(dir)) {
            JsonNode agency = f.agency("Cook County Sheriff");
            JsonNode alice = f.owner("Alice");
            KeyPair key = ApiClient.newKey();
            f.device(alice, "alice-door", LAT, LON, false, key);
            JsonNode mallory = f.owner("Mallory");
            KeyPair malloryKey = ApiClient.newKey();
            f.device(mallory, "mallory-door", LAT, LON + 0.0001, false, malloryKey);
            f.advanceToNow();
            long s = NOW - 3 * HOUR;
            var altered = ApiClient.clip("alice-door", key, s, s + 10_000, "original".getBytes(StandardCharsets.UTF_8))
                .put("contentBase64", Base64.getEncoder().encodeToString("tampered".getBytes(StandardCharsets.UTF_8)));
            assertError(f.api.post("/v1/devices/alice-door/clips", token(alice), altered), 422, "signature-invalid", "signature");
            var otherKey = ApiClient.clip("alice-door", ApiClient.newKey(), s, s + 10_000, "x".getBytes(StandardCharsets.UTF_8));
            assertError(f.api.post("/v1/devices/alice-door/clips", token(alice), otherKey), 422, "signature-invalid", "signature");
            var shifted = ApiClient.clip("alice-door", key, s, s + 10_000, "x".getBytes(StandardCharsets.UTF_8)).put("start", s + 1);
            assertError(f.api.post("/v1/devices/alice-door/clips", token(alice), shifted), 422, "signature-invalid", "signature");
            var badHash = ApiClient.clip("alice-door", key, s, s + 10_000, "x".getBytes(StandardCharsets.UTF_8)).put("sha256", "00".repeat(32));
            assertError(f.api.post("/v1/devices/alice-door/clips", token(alice), badHash), 422, "content-hash-mismatch", "sha256");
            f.fileOk(agency, LAT, LON, 0.1, NOW - 6 * HOUR, NOW - HOUR, "2026-0002");
            f.awaitFanOut();
            assertThat(f.feed(alice)).as("no refused clip registered footage, so nothing matched").isEmpty();

            var good = ApiClient.clip("alice-door", key, s, s + 10_000, "x".getBytes(StandardCharsets.UTF_8));
            assertThat(f.api.post("/v1/devices/alice-door/clips", token(alice), good).status()).isEqualTo(201);
            assertError(f.api.post("/v1/devices/alice-door/clips", token(alice), good), 409, "duplicate-clip", null);
            String requestId = f.fileOk(agency, LAT, LON, 0.1, NOW - 6 * HOUR, NOW - HOUR, "2026-0002");
            f.awaitFanOut();
            assertThat(f.feed(alice).get(0).get("clips")).hasSize(1);

            // replay: a clip shared with one request cannot be passed off to another whose window it misses
            String clipId = f.feed(alice).get(0).get("clips").get(0).get("id").asText();
            f.clip(alice, "alice-door", key, NOW - 90 * 60_000L, NOW - 90 * 60_000L + 5_000);
            String later = f.fileOk(agency, LAT, LON, 0.1, NOW - 2 * HOUR, NOW - HOUR, "2026-0003");
            f.awaitFanOut();
            assertThat(f.feed(alice).findValues("request")).anyMatch(r -> r.path("id").asText().equals(later));
            assertThat(share(f, alice, requestId, clipId).status()).isEqualTo(201);
            assertError(share(f, alice, later, clipId), 422, "clip-not-eligible", "clipIds");
            // nor by another owner, nor to a request that was never delivered to them
            assertError(share(f, mallory, later, clipId), 404, "not-found", null);
            f.clip(mallory, "mallory-door", malloryKey, NOW - 90 * 60_000L, NOW - 90 * 60_000L + 5_000);
            String third = f.fileOk(f.agency("Other County"), LAT, LON, 0.1, NOW - 2 * HOUR, NOW - HOUR, "X-1");
            f.awaitFanOut();
            assertError(share(f, mallory, third, clipId), 422, "clip-not-eligible", "clipIds");
            assertThat(f.api.get("/v1/requests/" + later + "/evidence", token(agency)).body().get("clips")).isEmpty();
        }
    }

    @Test
    void shouldReportTheFirstAlteredAuditRecordAndRefuseToStartOnIt() throws Exception {
        String problemLine;
        // No owner calls: the longest rounds (10 s) keep the log to the records counted here.
        try (ServiceFixture f = new ServiceFixture(dir, ServiceOptions.defaults().ownerRoundMillis(ServiceOptions.MAX_OWNER_ROUND_MILLIS).durable(false))) {
            JsonNode agency = f.agency("Cook County Sheriff");
            f.fileOk(agency, LAT, LON, 0.1, NOW - 6 * HOUR, NOW - HOUR, "2026-0004");
            f.owner("Alice");
            f.awaitFanOut();
            ApiClient.Reply ok = f.api.get("/v1/audit/verify", f.operator);
            assertThat(ok.body().get("intact").asBoolean()).isTrue();
            assertThat(ok.body().get("records").asLong()).isEqualTo(5);  // operator, agency, request, delivery, owner
            assertThat(ok.body().get("brokenLine").asLong()).isZero();

            List<String> lines = Files.readAllLines(f.service.auditFile());
            int target = 2;  // line 3: the request
            assertThat(lines.get(target)).contains("request.published");
            long offset = 0;
            for (int i = 0; i < target; i++) {
                offset += lines.get(i).getBytes(StandardCharsets.UTF_8).length + 1;
            }
            int at = lines.get(target).indexOf("grey");
            try (RandomAccessFile raf = new RandomAccessFile(f.service.auditFile().toFile(), "rw")) {
                raf.seek(offset + at);
                raf.write('G');
            }
            ApiClient.Reply broken = f.api.get("/v1/audit/verify", f.operator);
            assertThat(broken.body().get("intact").asBoolean()).isFalse();
            assertThat(broken.body().get("brokenLine").asLong()).isEqualTo(3);
            assertThat(broken.body().get("records").asLong()).isEqualTo(2);
            assertThat(broken.body().get("problem").asText()).contains("request.published").contains("does not match its hash");
            problemLine = "line 3";
        }
        assertThatThrownBy(() -> CommunityService.open(dir, ServiceOptions.defaults().ownerRoundMillis(10)))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining(problemLine).hasMessageContaining("altered");
    }

    @Test
    void shouldReportARemovedAuditRecord() throws Exception {
        try (ServiceFixture f = new ServiceFixture(dir)) {
            f.agency("A County");
            f.owner("Alice");
            f.owner("Bob");
            List<String> lines = Files.readAllLines(f.service.auditFile());
            lines.remove(2);
            Path copy = dir.resolve("copy.log");
            Files.write(copy, lines);
            AuditLog.Verification v = AuditLog.verify(copy);
            assertThat(v.intact()).isFalse();
            assertThat(v.brokenLine()).isEqualTo(3);
            assertThat(v.problem()).contains("seq is 4, expected 3");
        }
    }

    @Test
    void shouldKeepEveryAcknowledgedChangeAcrossARestart() throws Exception {
        String agencyToken;
        String aliceToken;
        String requestId;
        String clipId;
        KeyPair key = ApiClient.newKey();
        try (ServiceFixture f = new ServiceFixture(dir, ServiceOptions.defaults().ownerRoundMillis(10))) {
            JsonNode agency = f.agency("Cook County Sheriff");
            JsonNode alice = f.owner("Alice");
            f.device(alice, "alice-door", LAT, LON, false, key);
            clipId = f.clip(alice, "alice-door", key, NOW - 3 * HOUR, NOW - 3 * HOUR + 20_000);
            requestId = f.fileOk(agency, LAT, LON, 0.1, NOW - 6 * HOUR, NOW - HOUR, "2026-0005");
            f.awaitFanOut();
            agencyToken = token(agency);
            aliceToken = token(alice);
            assertThat(share(f, alice, requestId, clipId).status()).isEqualTo(201);
        }
        try (ServiceFixture f = new ServiceFixture(dir, ServiceOptions.defaults().ownerRoundMillis(10))) {
            assertThat(f.operator).as("the operator token is created once").isNull();
            assertThat(f.service.indexedCameras()).isEqualTo(1);
            ApiClient.Reply feed = f.api.get("/v1/feed", aliceToken);
            assertThat(feed.body().get("items").get(0).get("response").asText()).isEqualTo("share");
            ApiClient.Reply evidence = f.api.get("/v1/requests/" + requestId + "/evidence", agencyToken);
            assertThat(evidence.body().get("clips").findValuesAsText("clipId")).containsExactly(clipId);
            // the restored index still matches: a new request reaches Alice again
            String second = f.fileOk(new ObjectTokens(agencyToken).node(), LAT, LON, 0.1, NOW - 6 * HOUR, NOW - HOUR, "2026-0005");
            f.awaitFanOut();
            assertThat(f.api.get("/v1/feed", aliceToken).body().get("items").findValues("request"))
                .anyMatch(r -> r.path("id").asText().equals(second));
        }
    }

    static ApiClient.Reply share(ServiceFixture f, JsonNode owner, String requestId, String clipId) {
        return f.api.post("/v1/requests/" + requestId + "/responses", token(owner),
            ApiClient.JSON.createObjectNode().put("action", "share").set("clipIds", ApiClient.JSON.valueToTree(List.of(clipId))));
    }

    static void assertError(ApiClient.Reply r, int status, String code, String field) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.errorCode()).as(r.text()).isEqualTo(code);
        assertThat(r.errorField()).as(r.text()).isEqualTo(field);
        assertThat(r.body().at("/error/message").asText()).isNotBlank().doesNotContain("\n");
    }

    /** A created-principal node from a token alone, for calls after a restart. */
    record ObjectTokens(String token) {
        JsonNode node() {
            return ApiClient.JSON.createObjectNode().put("token", token);
        }
    }
}
