package io.geomatch.examples.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geomatch.examples.service.CommunityService;
import io.geomatch.examples.service.ServiceOptions;
import io.geomatch.examples.service.Signatures;
import io.geomatch.examples.service.audit.AuditLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.geomatch.examples.service.http.ServiceFixture.id;
import static io.geomatch.examples.service.http.ServiceFixture.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Someone who can write the data directory but does not hold the service's signing key cannot
 * rewrite, extend or shorten the audit log without the service noticing on its next start.
 */
class AuditTamperingTest {
    @TempDir
    Path dir;

    private String ownerId;
    private String ownerToken;

    /** An operator, an agency, an owner who opts out (in a round, with the rounds around it), then a clean stop. */
    private Path populate() throws Exception {
        try (ServiceFixture f = new ServiceFixture(dir, ServiceOptions.defaults().ownerRoundMillis(10))) {
            f.agency("Cook County Sheriff");
            JsonNode owner = f.owner("Alice");
            ownerId = id(owner);
            ownerToken = token(owner);
            assertThat(f.api.post("/v1/owners/" + ownerId + "/opt-out", ownerToken, null).status()).isEqualTo(200);
            return f.service.auditFile();
        }
    }

    @Test
    void shouldRefuseToStartOnALogRewrittenWithRecomputedHashes() throws Exception {
        Path log = populate();
        List<String> lines = Files.readAllLines(log);
        int optOut = optOutLine(lines);
        // drop the opt-out's round and all after it, and rebuild the hash chain, as someone covering it up would
        Files.write(log, rechain(lines.subList(0, optOut)));
        assertThat(AuditLog.verify(log).intact()).as("the chain alone cannot tell").isTrue();
        assertThatThrownBy(() -> CommunityService.open(dir, ServiceOptions.defaults().ownerRoundMillis(10)).close())
            .hasMessageContaining("signed tree head");
    }

    @Test
    void shouldRefuseToStartOnALogCutAtALineBoundary() throws Exception {
        Path log = populate();
        List<String> lines = Files.readAllLines(log);
        Files.write(log, lines.subList(0, lines.size() - 1));
        assertThat(AuditLog.verify(log).intact()).isTrue();
        assertThatThrownBy(() -> CommunityService.open(dir, ServiceOptions.defaults().ownerRoundMillis(10)).close())
            .hasMessageContaining("shorter than");
    }

    @Test
    void shouldNotAcceptARecordAppendedBehindItsBack() throws Exception {
        Path log = populate();
        List<String> lines = new ArrayList<>(Files.readAllLines(log));
        String forgedToken = Signatures.newToken();
        ObjectNode forged = (ObjectNode) ApiClient.JSON.readTree(lines.stream().filter(l -> l.contains("\"type\":\"agency.created\""))
            .findFirst().orElseThrow());
        ((ObjectNode) forged.get("data")).put("id", "agency_forged00000").put("tokenHash", Signatures.tokenHash(forgedToken));
        lines.add(forged.toString());
        Files.write(log, rechain(lines));
        assertThat(AuditLog.verify(log).intact()).isTrue();
        try (CommunityService service = CommunityService.open(dir, ServiceOptions.defaults().ownerRoundMillis(10))) {
            assertThat(service.authenticate(forgedToken)).as("the forged agency's token").isNull();
            assertThat(service.authenticate(ownerToken)).isNotNull();
        }
        assertThat(Files.readString(log)).doesNotContain("agency_forged00000");
    }

    /** @return the number of the line whose round holds the opt-out (empty rounds may follow it) */
    private static int optOutLine(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("owner.opted-out")) {
                assertThat(lines.get(i)).contains("\"type\":\"owner.round\"");
                return i;
            }
        }
        throw new AssertionError("no opt-out in the log");
    }

    /** Renumbers and re-hashes lines exactly as AuditLog writes them. */
    static List<String> rechain(List<String> lines) throws Exception {
        List<String> out = new ArrayList<>();
        String prev = AuditLog.GENESIS;
        for (int i = 0; i < lines.size(); i++) {
            ObjectNode node = (ObjectNode) ApiClient.JSON.readTree(lines.get(i));
            node.remove("hash");
            node.put("seq", i + 1);
            node.put("prev", prev);
            String body = ApiClient.JSON.writeValueAsString(node);
            String hash = AuditLog.sha256(body.getBytes(StandardCharsets.UTF_8));
            out.add(body.substring(0, body.length() - 1) + ",\"hash\":\"" + hash + "\"}");
            prev = hash;
        }
        return out;
    }
}
