package io.geomatch.examples.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.geomatch.examples.service.ServiceOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow clients (slowloris: request heads or bodies trickled a byte at a time) hold connections,
 * not the server: everyone else is answered promptly.
 */
class SlowClientsHttpTest {
    @TempDir
    Path dir;

    @Test
    void shouldAnswerOtherClientsPromptlyWhile16SlowClientsTrickle() throws Exception {
        assertOthersUnaffected(16, 60);
    }

    @Test
    @Tag("heavy")
    void shouldAnswerOtherClientsWithin100MillisecondsAtP99While256SlowClientsTrickle() throws Exception {
        assertOthersUnaffected(256, 400);
    }

    @Test
    void shouldCutConnectionsThatMissTheirDeadlines() throws Exception {
        ApiServer.Limits limits = new ApiServer.Limits(1_000, 1_000, 30_000, 16);
        try (ServiceFixture f = new ServiceFixture(dir, ServiceOptions.defaults().ownerRoundMillis(10).durable(false), limits);
             RawHttp head = new RawHttp(f.server.port()); RawHttp body = new RawHttp(f.server.port());
             RawHttp idle = new RawHttp(f.server.port())) {
            long t0 = System.nanoTime();
            head.send("GET /v1/openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            body.send("POST /v1/owners HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + f.operator
                + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{");
            idle.send(RawHttp.request("GET", "/v1/openapi.json", null, null));
            assertThat(idle.read().status()).isEqualTo(200);
            for (int i = 0; i < 8; i++) {   // 0.8 s of trickling: still within the deadlines
                head.send("X-Slow: " + i + "\r\n");
                body.send(" ");
                Thread.sleep(100);
            }
            RawHttp.Response timedOut = body.read();
            assertThat(timedOut.status()).isEqualTo(408);
            assertThat(timedOut.body()).contains("\"code\":\"body-timeout\"");
            assertThat(body.closedByServer()).isTrue();
            assertThat(head.closedByServer()).as("a head trickled past its deadline").isTrue();
            assertThat(idle.closedByServer()).as("a kept-alive connection sending no new head").isTrue();
            long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
            assertThat(seconds).as("cut within the 1 s deadlines plus the check period, not the 30 s idle timeout").isLessThan(5);
        }
    }

    private void assertOthersUnaffected(int slowClients, int probes) throws Exception {
        try (ServiceFixture f = new ServiceFixture(dir)) {
            JsonNode agency = f.agency("Cook County Sheriff");
            int port = f.server.port();
            AtomicBoolean stop = new AtomicBoolean();
            List<RawHttp> slow = new ArrayList<>();
            Thread trickler = new Thread(() -> {
                try {
                    for (int i = 0; i < slowClients; i++) {
                        RawHttp c = new RawHttp(port);
                        slow.add(c);
                        // half of them never finish their head; the other half never finish their body
                        c.send(i % 2 == 0 ? "POST /v1/owners HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            : "POST /v1/owners HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + f.operator
                                + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{");
                    }
                    for (int round = 0; !stop.get() && round < 10_000; round++) {
                        for (int i = 0; i < slow.size() && !stop.get(); i++) {
                            slow.get(i).send(i % 2 == 0 ? "X" : " ");
                        }
                        Thread.sleep(100);
                    }
                } catch (IOException | InterruptedException e) {
                    // the server cut a slow connection: that is allowed
                }
            }, "trickler");
            trickler.start();
            try {
                Thread.sleep(500);
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
                HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/agencies/"
                    + ServiceFixture.id(agency) + "/requests")).timeout(Duration.ofSeconds(2)).build();
                long[] micros = new long[probes];
                int timeouts = 0;
                for (int i = 0; i < probes && timeouts <= probes / 100; i++) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> r = client.send(probe, HttpResponse.BodyHandlers.ofString());
                        assertThat(r.statusCode()).isEqualTo(200);
                        micros[i] = (System.nanoTime() - t0) / 1_000;
                    } catch (java.net.http.HttpTimeoutException e) {
                        micros[i] = Long.MAX_VALUE;
                        timeouts++;
                    }
                }
                for (int i = 0; timeouts > probes / 100 && i < probes; i++) {
                    micros[i] = micros[i] == 0 ? Long.MAX_VALUE : micros[i];   // probes not run once p99 was lost
                }
                Arrays.sort(micros);
                long p99 = micros[(int) Math.ceil(probes * 0.99) - 1];
                assertThat(p99).as("p99 µs of %d probes while %d clients trickle (sorted: %s)", probes, slowClients,
                    Arrays.toString(micros)).isLessThanOrEqualTo(100_000);
            } finally {
                stop.set(true);
                trickler.join();
                for (RawHttp c : slow) {
                    c.close();
                }
            }
        }
    }
}
