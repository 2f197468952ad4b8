package io.geomatch.examples.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.geomatch.examples.service.ServiceOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.geomatch.examples.service.http.ServiceFixture.LAT;
import static io.geomatch.examples.service.http.ServiceFixture.LON;
import static io.geomatch.examples.service.http.ServiceFixture.id;
import static io.geomatch.examples.service.http.ServiceFixture.token;
import static org.assertj.core.api.Assertions.assertThat;

/** Owners' calls wait for their round over HTTP without holding one of the server's request threads. */
class OwnerRoundsHttpTest {
    @TempDir
    Path dir;

    @Test
    void shouldCommitMoreOwnerCallsInOneRoundThanTheServerHasThreads() throws Exception {
        int owners = 40;
        // 8 request threads, the fewest allowed (Jetty's selector and acceptor take some); rounds of 2 s.
        ApiServer.Limits limits = new ApiServer.Limits(10_000, 30_000, 30_000, 8);
        try (ServiceFixture f = new ServiceFixture(dir, ServiceOptions.defaults().ownerRoundMillis(2_000).durable(false), limits)) {
            List<JsonNode> created = new ArrayList<>();
            for (int o = 0; o < owners; o++) {
                JsonNode owner = f.owner("Owner" + (char) ('A' + o % 26) + (char) ('a' + o / 26));
                KeyPair k = ApiClient.newKey();
                f.device(owner, "door", LAT, LON, false, k);
                created.add(owner);
            }
            // Every owner opts out at once: each call waits for the next round, and more wait than there are threads.
            List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
            List<Runnable> calls = new ArrayList<>();
            for (JsonNode owner : created) {
                calls.add(() -> statuses.add(f.api.post("/v1/owners/" + id(owner) + "/opt-out", token(owner), null).status()));
            }
            ServiceFixture.atOnce(calls);
            assertThat(statuses).hasSize(owners).containsOnly(200);
            // Had each waiting call held a thread, each round would have taken at most the 6 or so the server has free.
            Map<Long, Integer> optOutsByRound = new HashMap<>();
            for (JsonNode entry : f.entries(0, f.service.signTreeHead().treeSize())) {
                entry.path("data").path("changes").forEach(c -> {
                    if (c.has("owner.opted-out")) {
                        optOutsByRound.merge(entry.get("seq").asLong(), 1, Integer::sum);
                    }
                });
            }
            assertThat(optOutsByRound.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(owners);
            assertThat(optOutsByRound).as("rounds holding the %d opt-outs", owners).hasSizeLessThanOrEqualTo(3);
        }
    }
}
