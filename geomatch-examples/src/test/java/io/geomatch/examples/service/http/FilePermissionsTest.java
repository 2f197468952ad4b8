package io.geomatch.examples.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.geomatch.examples.service.ServiceOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.geomatch.examples.service.http.ServiceFixture.HOUR;
import static io.geomatch.examples.service.http.ServiceFixture.LAT;
import static io.geomatch.examples.service.http.ServiceFixture.LON;
import static io.geomatch.examples.service.http.ServiceFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;

/** The data directory holds owners' emails, device places, who declined and clip content: no other local user may read it. */
class FilePermissionsTest {
    @TempDir
    Path parent;

    @Test
    void shouldKeepTheDataDirectoryOwnerOnly() throws Exception {
        Path dir = parent.resolve("platform");
        try (ServiceFixture f = new ServiceFixture(dir, ServiceOptions.defaults().ownerRoundMillis(10))) {
            JsonNode agency = f.agency("Cook County Sheriff");
            JsonNode owner = f.owner("Alice");
            KeyPair key = ApiClient.newKey();
            f.device(owner, "door", LAT, LON, false, key);
            f.clip(owner, "door", key, NOW - 3 * HOUR, NOW - 3 * HOUR + 5_000);
            f.fileOk(agency, LAT, LON, 0.1, NOW - 6 * HOUR, NOW - HOUR, "P-1");
            f.awaitFanOut();
            assertThat(mode(dir)).isEqualTo("rwx------");
            assertThat(offenders(dir)).as("while running, directories 0700 and files 0600").isEmpty();
        }
        assertThat(offenders(dir)).as("after a clean stop").isEmpty();
        try (ServiceFixture f = new ServiceFixture(dir, ServiceOptions.defaults().ownerRoundMillis(10))) {
            assertThat(f.service.indexedCameras()).isEqualTo(1);
        }
        assertThat(offenders(dir)).as("after a restart").isEmpty();
    }

    private static List<String> offenders(Path dir) throws Exception {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                String expected = Files.isDirectory(p) ? "rwx------" : "rw-------";
                if (!mode(p).equals(expected)) {
                    out.add(dir.relativize(p) + " is " + mode(p));
                }
            }
        }
        return out;
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
