package io.geomatch.examples.cli;

import io.geomatch.examples.service.CommunityService;
import io.geomatch.examples.service.ServiceOptions;
import io.geomatch.examples.service.http.ApiServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code geomatch loadtest} drives a service on 127.0.0.1 through its three phases and reports each. */
class LoadCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldReportUploadsFeedReadsAndLatencyUnderSlowConnections() throws Exception {
        try (CommunityService service = CommunityService.open(dir, ServiceOptions.defaults().ownerRoundMillis(10).durable(false))) {
            ApiServer server = ApiServer.start(service, "127.0.0.1", 0);
            try {
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                int code = GeomatchCli.run(new PrintWriter(out), new PrintWriter(err), "loadtest", "--port", String.valueOf(server.port()),
                    "--data", dir.toString(), "--clients", "2", "--seconds", "1", "--slow", "8", "--clips", "30");
                assertThat(code).as(err.toString()).isZero();
                assertThat(out.toString()).containsPattern("POST /v1/devices/\\{id}/clips +[0-9]+ calls")
                    .containsPattern("GET /v1/feed +[0-9,]+ calls").containsPattern("GET /v1/feed, 8 slow +[0-9,]+ calls").contains("p99");
            } finally {
                server.close();
            }
        }
        StringWriter err = new StringWriter();
        assertThat(GeomatchCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "loadtest", "--port", "1",
            "--data", dir.resolve("nowhere").toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: --data");
    }
}
