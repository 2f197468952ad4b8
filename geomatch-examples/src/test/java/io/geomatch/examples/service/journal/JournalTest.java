package io.geomatch.examples.service.journal;

import com.fasterxml.jackson.databind.JsonNode;
import io.geomatch.examples.service.geo.GeoJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every journal record type survives the file: what is replayed is what was written, under its documented name. */
class JournalTest {
    @TempDir
    Path dir;

    private static final String SQUARE = "{\"type\":\"Polygon\",\"coordinates\":[[[-87.64,41.87],[-87.62,41.87],[-87.62,41.89],"
        + "[-87.64,41.89],[-87.64,41.87]]]}";

    static List<JournalRecord> oneOfEach() {
        return List.of(
            new JournalRecord.OperatorCreated("a".repeat(64)),
            new JournalRecord.WorldSimulated(1000, 42, 3, 1_793_743_200_000L),
            new JournalRecord.AgencyCreated("agency_1", "Cook County Sheriff", "cook.example.gov", "county", "axon",
                GeoJson.parse(SQUARE, "jurisdiction"), "b".repeat(64)),
            new JournalRecord.OwnerCreated("owner_1", "Alice", "alice@example.com", "c".repeat(64)),
            new JournalRecord.DeviceAdded("door", "owner_1", -1, 41.88, -87.63, "doorbell", false, 30, "MCowBQYDK2VwAyEA", null),
            new JournalRecord.DeviceAdded("flood", "owner_1", -2, 41.88, -87.63, "floodlight", false, 30, "MCowBQYDK2VwAyEA",
                new JournalRecord.View(350.25, 120, 18.5)),
            new JournalRecord.OwnerOptedOut("owner_1"),
            new JournalRecord.OwnerOptedIn("owner_1"),
            new JournalRecord.ClipUploaded("clip_1", "owner_1", "door", 1_000, 2_000, "d".repeat(64), 2, new byte[] {1, 2, 3}),
            new JournalRecord.RequestPublished("req_1", "agency_1", GeoJson.parse(SQUARE, "area"), 1_000, 901_000, "burglary", "K-1",
                "Det. X", "A person in a red jacket.", 2_000_000),
            new JournalRecord.RequestRefused("agency_1", "profiling", "description"),
            new JournalRecord.RequestDelivered("req_1", 120, new long[] {-1, 7, 9}),
            new JournalRecord.ResponseRecorded("req_1", "owner_1", "share", List.of("clip_1")),
            new JournalRecord.RequestResolved("req_1"),
            new JournalRecord.ReportPublished("2026-11", 1.0, List.of(new JournalRecord.ReportRow("agency_1", "Cook County Sheriff", 2,
                new java.util.TreeMap<>(java.util.Map.of("profiling", 1L)), 7, 3)),
                new io.geomatch.examples.service.audit.SignedTreeHead(12, "e".repeat(64), 3_000_000, "c2lnbmF0dXJl")),
            new JournalRecord.OwnerRound(List.of()),
            new JournalRecord.OwnerRound(List.of(new JournalRecord.OwnerOptedOut("owner_2"),
                new JournalRecord.ClipUploaded("clip_2", "owner_2", "door", 1_000, 2_000, "f".repeat(64), 2, new byte[] {4}),
                new JournalRecord.ResponseRecorded("req_1", "owner_2", "share", List.of("clip_2")),
                new JournalRecord.ResponseRecorded("req_1", "owner_3", "decline", List.of()),
                new JournalRecord.DeviceAdded("flood", "owner_2", -3, 41.88, -87.63, "floodlight", false, 30, "MCowBQYDK2VwAyEA",
                    new JournalRecord.View(10, 90, 20)))));
    }

    @Test
    void shouldReplayEveryRecordTypeExactlyAsWritten() throws Exception {
        Path file = dir.resolve("journal.log");
        List<JsonNode> written = new ArrayList<>();
        try (Journal j = Journal.open(file, false, () -> 1_000L, e -> { })) {
            for (JournalRecord r : oneOfEach()) {
                j.append(1_000, r);
                written.add(Journal.JSON.valueToTree(r));
            }
            j.sync(j.size());   // acknowledged: durable and under a signed head
        }
        List<Journal.Entry> replayed = new ArrayList<>();
        try (Journal j = Journal.open(file, false, () -> 1_000L, replayed::add)) {
            assertThat(j.size()).isEqualTo(oneOfEach().size());
        }
        assertThat(replayed).hasSize(written.size());
        for (int i = 0; i < written.size(); i++) {
            assertThat(replayed.get(i).record().getClass()).isEqualTo(oneOfEach().get(i).getClass());
            assertThat(Journal.JSON.<JsonNode>valueToTree(replayed.get(i).record())).as("record " + (i + 1)).isEqualTo(written.get(i));
            assertThat(replayed.get(i).seq()).isEqualTo(i + 1);
        }
        assertThat(Files.readAllLines(file)).extracting(l -> l.replaceAll("^\\{\"seq\":\\d+,\"at\":\\d+,\"type\":\"([a-z.-]+)\".*", "$1")).containsExactly(
            "operator.created", "world.simulated", "agency.created", "owner.created", "device.added", "device.added", "owner.opted-out",
            "owner.opted-in", "clip.uploaded", "request.published", "request.refused", "request.delivered", "response.recorded",
            "request.resolved", "report.published", "owner.round", "owner.round");
        // A round's changes come back as the records they were, in order.
        JournalRecord.OwnerRound round = (JournalRecord.OwnerRound) replayed.get(replayed.size() - 1).record();
        assertThat(round.changes()).extracting(r -> r.getClass().getSimpleName())
            .containsExactly("OwnerOptedOut", "ClipUploaded", "ResponseRecorded", "ResponseRecorded", "DeviceAdded");
        assertThat(((JournalRecord.DeviceAdded) round.changes().get(4)).view()).isEqualTo(new JournalRecord.View(10, 90, 20));
    }

    @Test
    void shouldRefuseARoundWithinARound() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new JournalRecord.OwnerRound(List.of(new JournalRecord.OwnerRound(List.of()))))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("an owner round holds no round within it");
    }

    @Test
    void shouldWriteADeviceWithoutAViewAsBeforeViewsAndReadSuchARecordWithoutOne() throws Exception {
        Path file = dir.resolve("journal.log");
        try (Journal j = Journal.open(file, false, () -> 1_000L, e -> { })) {
            j.append(1_000, oneOfEach().get(4));
            j.append(1_000, oneOfEach().get(5));
            j.sync(2);
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).contains("\"publicKey\":\"MCowBQYDK2VwAyEA\"}").doesNotContain("view");
        assertThat(lines.get(1)).contains("\"view\":{\"headingDegrees\":350.25,\"fieldOfViewDegrees\":120.0,\"rangeMeters\":18.5}");
        List<Journal.Entry> replayed = new ArrayList<>();
        try (Journal j = Journal.open(file, false, () -> 1_000L, replayed::add)) {
            assertThat(j.size()).isEqualTo(2);
        }
        assertThat(((JournalRecord.DeviceAdded) replayed.get(0).record()).view()).isNull();
        assertThat(((JournalRecord.DeviceAdded) replayed.get(1).record()).view()).isEqualTo(new JournalRecord.View(350.25, 120, 18.5));
    }

    @Test
    void shouldRefuseARecordOfAnUnknownShapeNamingItsLine() throws Exception {
        Path file = dir.resolve("journal.log");
        try (Journal j = Journal.open(file, false, () -> 1_000L, e -> { })) {
            j.append(1_000, new JournalRecord.OwnerOptedOut("owner_1"));
            j.sync(1);
        }
        // a well-chained record whose data lacks a member: re-hash it the way the log does
        String line = Files.readAllLines(file).get(0);
        String body = line.substring(0, line.indexOf(",\"hash\":")).replace("{\"ownerId\":\"owner_1\"}", "{}") + "}";
        Files.writeString(file, body.substring(0, body.length() - 1) + ",\"hash\":\""
            + io.geomatch.examples.service.audit.AuditLog.sha256(body) + "\"}\n");
        assertThatThrownBy(() -> Journal.open(file, false, () -> 1_000L, e -> { }))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("journal record 1 (owner.opted-out) cannot be read");
    }
}
