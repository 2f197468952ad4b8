package io.geomatch.examples.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.geomatch.core.Camera;
import io.geomatch.core.GeoStore;
import io.geomatch.core.LiveOptions;
import io.geomatch.core.Mutations;
import io.geomatch.core.StoreOptions;
import io.geomatch.examples.service.CommunityService;
import io.geomatch.examples.service.ServiceOptions;
import io.geomatch.examples.service.fanout.DeviceIndex;
import io.geomatch.examples.service.policy.DeviceRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.stream.Stream;

import static io.geomatch.examples.service.http.LifecycleHttpTest.assertError;
import static io.geomatch.examples.service.http.ServiceFixture.HOUR;
import static io.geomatch.examples.service.http.ServiceFixture.LAT;
import static io.geomatch.examples.service.http.ServiceFixture.LON;
import static io.geomatch.examples.service.http.ServiceFixture.NOW;
import static io.geomatch.examples.service.http.ServiceFixture.token;
import static org.assertj.core.api.Assertions.assertThat;

/** The journal is the truth: nothing the index cannot hold is ever journaled, and a damaged index is rebuilt from the journal. */
class RecoveryHttpTest {
    @TempDir
    Path dir;

    @Test
    void shouldBeginEveryNewJournalWithTheOperatorEvenWithRoundsOfAMillisecond() throws Exception {
        for (int i = 0; i < 20; i++) {
            Path data = dir.resolve("fresh-" + i);
            try (CommunityService service = CommunityService.open(data, ServiceOptions.defaults().ownerRoundMillis(1).durable(false))) {
                assertThat(service.newOperatorToken()).as("a first start makes the operator's token").isNotNull();
                Thread.sleep(5);   // rounds run meanwhile
            }
            List<String> lines = Files.readAllLines(data.resolve(CommunityService.JOURNAL_FILE));
            assertThat(lines.get(0)).as("record 1").contains("\"type\":\"operator.created\"");
            assertThat(lines.subList(1, lines.size())).as("then rounds").allSatisfy(l -> assertThat(l).contains("\"type\":\"owner.round\""));
        }
    }

    @Test
    void shouldRefuseAClipTheIndexCannotHoldBeforeJournalingItAndStartAgain() throws Exception {
        KeyPair key = ApiClient.newKey();
        String ownerToken;
        try (ServiceFixture f = new ServiceFixture(dir, ServiceOptions.defaults().ownerRoundMillis(10))) {
            JsonNode owner = f.owner("Alice");
            ownerToken = token(owner);
            f.device(owner, "door", LAT, LON, false, key);
            long start = -2_000_000_000_000_000L;
            ApiClient.Reply r = f.api.post("/v1/devices/door/clips", ownerToken, ApiClient.clip("door", key, start, start + 1_000, new byte[] {1}));
            assertError(r, 422, "clip-before-registration", "start");
            assertThat(Files.readString(f.service.auditFile())).as("nothing journaled").doesNotContain("clip.uploaded");
        }
        try (ServiceFixture f = new ServiceFixture(dir, ServiceOptions.defaults().ownerRoundMillis(10))) {
            assertThat(f.service.indexedCameras()).isEqualTo(1);
            f.clip(new LifecycleHttpTest.ObjectTokens(ownerToken).node(), "door", key, NOW - 3 * HOUR, NOW - 3 * HOUR + 5_000);
        }
    }

    @Test
    void shouldRebuildADamagedIndexFromTheJournal() throws Exception {
        Tokens tokens = agencyAndAliceWithAClip();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir.resolve(CommunityService.INDEX_DIR))) {
            files = s.filter(p -> !p.getFileName().toString().equals("LOCK")).toList();
        }
        assertThat(files).isNotEmpty();
        for (Path p : files) {   // every byte after the first eight replaced: magic intact, content garbage
            try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "rw")) {
                for (long i = Math.min(8, raf.length() / 2); i < raf.length(); i++) {
                    raf.seek(i);
                    raf.write(0x5A);
                }
            }
        }
        try (ServiceFixture f = new ServiceFixture(dir, ServiceOptions.defaults().ownerRoundMillis(10))) {
            JsonNode feed = feedAfterARequestOverAlice(f, tokens);
            assertThat(feed).hasSize(1);
            assertThat(feed.get(0).get("clips")).hasSize(1);
        }
    }

    /**
     * Red team 2, F4: the index's files carry only CRCs, so someone who can write the data directory can replace the index
     * with one that holds as many changes as the journal explains but other cameras; the service must not match by it.
     */
    @Test
    void shouldMatchByTheJournalWhenTheIndexWasReplacedWithOneOfTheSameLength() throws Exception {
        Tokens tokens = agencyAndAliceWithAClip();
        Path index = dir.resolve(CommunityService.INDEX_DIR);
        long changes;
        try (GeoStore store = GeoStore.open(index, StoreOptions.defaults())) {
            changes = store.durableOps();
        }
        assertThat(changes).isPositive();
        // A forged index: as many changes, all of them about one camera far away; Alice's device is not in it.
        Path forged = dir.resolve("forged");
        try (GeoStore store = GeoStore.create(forged, DeviceIndex.BUCKET_MILLIS,
            LiveOptions.defaults().maxRetentionDays(DeviceRules.MAX_RETENTION_DAYS), StoreOptions.defaults())) {
            Mutations m = new Mutations();
            for (long i = 0; i < changes; i++) {
                m.upsertCamera(Camera.at(1L << 40, 10.0, 10.0));
            }
            store.apply(m);
            assertThat(store.durableOps()).isEqualTo(changes);
        }
        try (Stream<Path> s = Files.walk(index)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        Files.move(forged, index);

        try (ServiceFixture f = new ServiceFixture(dir, ServiceOptions.defaults().ownerRoundMillis(10))) {
            JsonNode feed = feedAfterARequestOverAlice(f, tokens);
            assertThat(feed).as("Alice's device, as the journal has it, is asked").hasSize(1);
        }
    }

    private record Tokens(String agency, String owner) {
    }

    /** An agency, and Alice with a device at the fixture's place that recorded a clip three hours ago. */
    private Tokens agencyAndAliceWithAClip() throws Exception {
        KeyPair key = ApiClient.newKey();
        try (ServiceFixture f = new ServiceFixture(dir, ServiceOptions.defaults().ownerRoundMillis(10))) {
            JsonNode agency = f.agency("Cook County Sheriff");
            JsonNode owner = f.owner("Alice");
            f.device(owner, "door", LAT, LON, false, key);
            f.clip(owner, "door", key, NOW - 3 * HOUR, NOW - 3 * HOUR + 5_000);
            return new Tokens(token(agency), token(owner));
        }
    }

    /** Checks that the index holds the one device, files a request over it and returns Alice's feed. */
    private static JsonNode feedAfterARequestOverAlice(ServiceFixture f, Tokens tokens) throws Exception {
        assertThat(f.service.indexedCameras()).isEqualTo(1);
        JsonNode agency = new LifecycleHttpTest.ObjectTokens(tokens.agency()).node();
        f.fileOk(agency, LAT, LON, 0.1, NOW - 6 * HOUR, NOW - HOUR, "R-1");
        f.awaitFanOut();
        return f.feed(new LifecycleHttpTest.ObjectTokens(tokens.owner()).node());
    }
}
