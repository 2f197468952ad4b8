package io.geomatch.examples.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.geomatch.examples.cli.GeomatchCli;
import io.geomatch.examples.service.Api;
import io.geomatch.examples.service.CommunityService;
import io.geomatch.examples.service.Principal;
import io.geomatch.examples.service.ServiceOptions;
import io.geomatch.examples.service.geo.GeoJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.geomatch.examples.service.http.ServiceFixture.LAT;
import static io.geomatch.examples.service.http.ServiceFixture.LON;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code geomatch serve} in a child JVM, killed with SIGKILL while it acknowledges changes: nothing acknowledged is lost. */
class ServeCrashTest {
    private static final Pattern LISTENING = Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+) ");

    @TempDir
    Path dir;

    @Test
    void shouldKeepEveryAcknowledgedChangeWhenKilledMidStream() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), GeomatchCli.class.getName(),
            "serve", "--port", "0", "--data", dir.toString(), "--requests-per-hour", "10000", "--owner-round-millis", "10").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> ackedClips = new CopyOnWriteArrayList<>();
        List<String> ackedRequests = new CopyOnWriteArrayList<>();
        AtomicLong lastAckedEndMillis = new AtomicLong();
        String agencyToken;
        String ownerToken;
        String agencyId;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            int port = -1;
            for (String line; port < 0 && (line = out.readLine()) != null; ) {
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
            assertThat(port).as("serve printed its port").isPositive();
            Path tokenFile = dir.resolve(CommunityService.OPERATOR_TOKEN_FILE);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile))).isEqualTo("rw-------");
            String operator = Files.readString(tokenFile).strip();
            ApiClient api = new ApiClient(port);
            ApiClient.Reply agency = api.post("/v1/agencies", operator, ApiClient.agency("Cook County Sheriff", "cook.example.gov", "county",
                ServiceFixture.JURISDICTION, "axon"));
            assertThat(agency.status()).isEqualTo(201);
            agencyToken = agency.body().get("token").asText();
            agencyId = agency.body().get("id").asText();
            JsonNode owner = api.post("/v1/owners", operator, ApiClient.JSON.createObjectNode().put("name", "A").put("email", "a@example.com")).body();
            ownerToken = owner.get("token").asText();
            KeyPair key = ApiClient.newKey();
            long registered = System.currentTimeMillis();
            assertThat(api.post("/v1/owners/" + owner.get("id").asText() + "/devices", ownerToken,
                ApiClient.device("door", LAT, LON, false, key)).status()).isEqualTo(201);

            long base = registered + 1_000;   // clips are recorded after the device was registered
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    try {
                        long start = base + i * 10L;
                        while (System.currentTimeMillis() < start) {
                            Thread.sleep(1);   // a clip may not start after its upload
                        }
                        ApiClient.Reply r = api.post("/v1/devices/door/clips", ownerToken,
                            ApiClient.clip("door", key, start, start + 5, ServiceFixture.content("door", start)));
                        if (r.status() == 201) {
                            ackedClips.add(r.body().get("id").asText());
                            lastAckedEndMillis.accumulateAndGet(start + 5, Math::max);
                        }
                        if (i % 10 == 0) {
                            ApiClient.Reply q = api.post("/v1/requests", agencyToken, ApiClient.request(ApiClient.square(LAT, LON, 0.1),
                                base - 3_600_000L, base, "K-" + i, "Looking for a person in a red jacket."));
                            if (q.status() == 202) {
                                ackedRequests.add(q.body().get("id").asText());
                            }
                        }
                    } catch (RuntimeException e) {
                        return;   // the server is gone
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            });
            writer.start();
            // Mid-stream: once a few clips are acknowledged, however busy the machine is.
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (ackedClips.size() <= 5 && writer.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(300);
            child.destroyForcibly();   // SIGKILL
            child.waitFor();
            stop.set(true);
            writer.join();
        } finally {
            child.destroyForcibly();
        }
        assertThat(ackedClips).hasSizeGreaterThan(5);
        // The clips are stamped from a second after registration on; on a fast machine the server is killed before then, and a
        // probe filed "until now" would end before the clips begin.
        while (System.currentTimeMillis() <= lastAckedEndMillis.get()) {
            Thread.sleep(10);
        }

        for (int restart = 0; restart < 2; restart++) {
            try (CommunityService service = CommunityService.open(dir, ServiceOptions.defaults().ownerRoundMillis(10).requestsPerHour(10_000))) {
                Principal agency = service.authenticate(agencyToken);
                Principal owner = service.authenticate(ownerToken);
                assertThat(agency).isNotNull();
                assertThat(service.indexedCameras()).isEqualTo(1);
                List<String> published = new ArrayList<>();
                service.publicLog(agencyId).forEach(r -> published.add(r.id()));
                assertThat(published).containsAll(ackedRequests);
                long now = System.currentTimeMillis();
                Api.Filed probe = service.fileRequest(agency, new Api.RequestForm(GeoJson.parse(ApiClient.square(LAT, LON, 0.1), "area"), now - 2 * 3_600_000L,
                    now, "burglary", "PROBE-" + restart, "Det. Test, 555-0100", "Looking for a person in a red jacket."));
                service.awaitFanOut();
                List<String> clips = new ArrayList<>();
                service.feed(owner).stream().filter(item -> item.request().id().equals(probe.id()))
                    .forEach(item -> item.clips().forEach(c -> clips.add(c.id())));
                assertThat(clips).as("restart " + restart + ": every acknowledged clip is stored and indexed").containsAll(ackedClips);
            }
        }
    }
}
