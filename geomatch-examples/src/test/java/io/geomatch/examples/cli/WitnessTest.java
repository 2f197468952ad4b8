package io.geomatch.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geomatch.examples.service.CommunityService;
import io.geomatch.examples.service.Principal;
import io.geomatch.examples.service.ServiceOptions;
import io.geomatch.examples.service.audit.AuditLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static io.geomatch.examples.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Red-team round 3, F3: whoever can write the data directory can put back older, intact head files
 * (or the whole directory) and have the service cut acknowledged records; a witness file kept
 * outside the directory ({@code serve --witness}) catches it, and {@code audit verify --witness}
 * says so.
 *
 * <p>No owner calls here: every service runs the longest rounds (10 s), so the log holds only the records the tests write.
 */
class WitnessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SLOT = 512;

    @TempDir
    Path dir;

    private Path data() {
        return dir.resolve("platform");
    }

    private Path witness() throws IOException {
        return Files.createDirectories(dir.resolve("elsewhere")).resolve("audit.witness");
    }

    private static void addOwners(Path data, ServiceOptions options, int from, int count) throws IOException {
        try (CommunityService service = CommunityService.open(data, options)) {
            String token = service.newOperatorToken();
            if (token == null) {
                token = Files.readString(data.resolve(CommunityService.OPERATOR_TOKEN_FILE)).strip();
            }
            Principal operator = service.authenticate(token);
            for (int i = from; i < from + count; i++) {
                service.createOwner(operator, "Owner " + i, "owner" + i + "@example.com");
            }
        }
    }

    @Test
    void shouldRefuseADataDirectoryRolledBackWholeBehindItsWitness() throws Exception {
        ServiceOptions withWitness = ServiceOptions.defaults().ownerRoundMillis(ServiceOptions.MAX_OWNER_ROUND_MILLIS).witness(witness());
        // A service that ran without a witness is given one later: it protects from then on.
        addOwners(data(), ServiceOptions.defaults().ownerRoundMillis(ServiceOptions.MAX_OWNER_ROUND_MILLIS), 0, 2);
        addOwners(data(), ServiceOptions.defaults().ownerRoundMillis(ServiceOptions.MAX_OWNER_ROUND_MILLIS).witness(witness(), true), 2, 1);
        Path backup = copyTree(data(), dir.resolve("backup"));
        addOwners(data(), withWitness, 3, 2);
        long acknowledged = lines(data());
        replaceTree(backup, data());
        assertThat(lines(data())).isLessThan(acknowledged);

        assertThat(run("audit", "verify", "--data", data().toString()).code).as("without the witness nothing tells").isZero();
        CliRun verify = run("audit", "verify", "--data", data().toString(), "--witness", witness().toString());
        assertThat(verify.code).as(verify.out).isEqualTo(AuditCommand.EXIT_DOES_NOT_VERIFY);
        assertThat(verify.err.strip()).startsWith("error: the service's tree heads do not verify: the witness")
            .contains("rolled back").doesNotContain("\n");

        assertThatThrownBy(() -> CommunityService.open(data(), withWitness).close())
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("witness").hasMessageContaining(acknowledged + " records").hasMessageContaining("rolled back")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"))
            // The service and audit verify check the same rule and say the same thing.
            .satisfies(e -> assertThat(verify.err.strip()).isEqualTo("error: the service's tree heads do not verify: "
                + e.getMessage().replace("; refusing to start", "")));
    }

    @Test
    void shouldRefuseHeadFilesRolledBackAloneAndCutNothing() throws Exception {
        ServiceOptions withWitness = ServiceOptions.defaults().ownerRoundMillis(ServiceOptions.MAX_OWNER_ROUND_MILLIS).witness(witness());
        addOwners(data(), withWitness, 0, 2);
        Path backup = copyTree(data(), dir.resolve("backup"));
        addOwners(data(), withWitness, 2, 2);
        Path log = data().resolve(CommunityService.JOURNAL_FILE);
        for (String head : List.of("audit.head", "audit.sth")) {
            Files.copy(backup.resolve(head), data().resolve(head), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        byte[] before = Files.readAllBytes(log);

        assertThatThrownBy(() -> CommunityService.open(data(), withWitness).close())
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("rolled back");
        assertThat(Files.readAllBytes(log)).as("no acknowledged record cut").isEqualTo(before);
        assertThat(run("audit", "verify", "--data", data().toString(), "--witness", witness().toString()).code)
            .isEqualTo(AuditCommand.EXIT_DOES_NOT_VERIFY);
    }

    @Test
    void shouldCutRecordsPastATornHeadWriteWithoutTheOperatorWhenTheWitnessVouches() throws Exception {
        ServiceOptions withWitness = ServiceOptions.defaults().ownerRoundMillis(ServiceOptions.MAX_OWNER_ROUND_MILLIS).witness(witness());
        addOwners(data(), withWitness, 0, 3);
        Path log = data().resolve(CommunityService.JOURNAL_FILE);
        long acknowledged = lines(data());
        // A crash after writing a record and while writing the head that would cover it: the record
        // is in the log, the head file's other slot torn, the witness not yet told.
        appendChained(log);
        tearOlderSlot(data().resolve("audit.head"));

        assertThatThrownBy(() -> CommunityService.open(data(), ServiceOptions.defaults().ownerRoundMillis(ServiceOptions.MAX_OWNER_ROUND_MILLIS)).close())
            .as("without a witness the torn slot could hide an acknowledged head").hasMessageContaining("--cut-unacknowledged");
        try (CommunityService service = CommunityService.open(data(), withWitness)) {
            assertThat(service.auditFile()).exists();
        }
        assertThat(lines(data())).as("only the unacknowledged record cut").isEqualTo(acknowledged);
        assertThat(run("audit", "verify", "--data", data().toString(), "--witness", witness().toString()).code).isZero();
    }

    @Test
    void shouldRefuseAnotherServicesWitnessAndOneInsideTheDataDirectory() throws Exception {
        addOwners(dir.resolve("other"), ServiceOptions.defaults().ownerRoundMillis(ServiceOptions.MAX_OWNER_ROUND_MILLIS).witness(witness()), 0, 1);
        assertThatThrownBy(() -> addOwners(data(), ServiceOptions.defaults().ownerRoundMillis(ServiceOptions.MAX_OWNER_ROUND_MILLIS).witness(witness()), 0, 1))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not verify under the audit key");

        Path inside = dir.resolve("third");
        assertThatThrownBy(() -> CommunityService.open(inside, ServiceOptions.defaults().ownerRoundMillis(ServiceOptions.MAX_OWNER_ROUND_MILLIS).witness(inside.resolve("w"))).close())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inside the data directory");
        CliRun serve = run("serve", "--data", inside.toString(), "--witness", inside.resolve("w").toString(), "--port", "0");
        assertThat(serve.code).isEqualTo(2);
        assertThat(serve.err.strip()).startsWith("error: --witness").contains("inside the data directory").doesNotContain("\n");
    }

    @Test
    void shouldRefuseAWitnessHoldingNoHeadUnlessTheOperatorStartsWitnessing() throws Exception {
        // Round 4: a missing, empty or wholly damaged witness (an unmounted volume looks the same) let a
        // rolled-back directory start and was then written over with the older head.
        addOwners(data(), ServiceOptions.defaults().ownerRoundMillis(ServiceOptions.MAX_OWNER_ROUND_MILLIS), 0, 2);
        Path witness = witness();
        assertThatThrownBy(() -> addOwners(data(), ServiceOptions.defaults().ownerRoundMillis(ServiceOptions.MAX_OWNER_ROUND_MILLIS).witness(witness), 2, 1))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not exist").hasMessageContaining("--witness-init");
        assertThat(witness).doesNotExist();
        Files.write(witness, new byte[1024]);
        assertThatThrownBy(() -> addOwners(data(), ServiceOptions.defaults().ownerRoundMillis(ServiceOptions.MAX_OWNER_ROUND_MILLIS).witness(witness), 2, 1))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("holds no intact tree head");
        assertThat(Files.readAllBytes(witness)).as("never written over").isEqualTo(new byte[1024]);
        assertThatThrownBy(() -> addOwners(data(), ServiceOptions.defaults().ownerRoundMillis(ServiceOptions.MAX_OWNER_ROUND_MILLIS).witness(witness, true), 2, 1))
            .as("a damaged witness may be a rollback's evidence: --witness-init takes only a missing or empty file")
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("never written over");
        assertThat(Files.readAllBytes(witness)).isEqualTo(new byte[1024]);
        Files.delete(witness);
        CliRun serve = run("serve", "--data", data().toString(), "--witness-init", "--port", "0");
        assertThat(serve.code).isEqualTo(2);
        assertThat(serve.err.strip()).startsWith("error: --witness-init").doesNotContain("\n");

        addOwners(data(), ServiceOptions.defaults().ownerRoundMillis(ServiceOptions.MAX_OWNER_ROUND_MILLIS).witness(witness, true), 2, 1);
        addOwners(data(), ServiceOptions.defaults().ownerRoundMillis(ServiceOptions.MAX_OWNER_ROUND_MILLIS).witness(witness), 3, 1);
        assertThat(run("audit", "verify", "--data", data().toString(), "--witness", witness.toString()).code).isZero();
    }

    @Test
    void shouldRefuseAWitnessReachedThroughALinkIntoTheDataDirectory() throws Exception {
        addOwners(data(), ServiceOptions.defaults().ownerRoundMillis(ServiceOptions.MAX_OWNER_ROUND_MILLIS), 0, 1);
        Path linkToData = Files.createSymbolicLink(dir.resolve("link"), data());
        Path throughLink = linkToData.resolve("audit.witness");
        Path linkedFile = Files.createSymbolicLink(dir.resolve("witness-link"), data().resolve("audit.witness"));
        for (Path w : List.of(throughLink, linkedFile)) {
            assertThatThrownBy(() -> CommunityService.open(data(), ServiceOptions.defaults().ownerRoundMillis(ServiceOptions.MAX_OWNER_ROUND_MILLIS).witness(w, true)).close())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inside the data directory");
            CliRun serve = run("serve", "--data", data().toString(), "--witness", w.toString(), "--witness-init", "--port", "0");
            assertThat(serve.code).as(w.toString()).isEqualTo(2);
            assertThat(serve.err.strip()).startsWith("error: --witness").contains("inside the data directory");
        }
        Files.writeString(data().resolve("audit.witness"), "x");
        CliRun verify = run("audit", "verify", "--data", data().toString(), "--witness", linkedFile.toString());
        assertThat(verify.code).isEqualTo(2);
        assertThat(verify.err.strip()).startsWith("error: --witness").contains("inside the data directory");
    }

    @Test
    void shouldRefuseWitnessPathsThatTheDataDirectoryCanRedirect() throws Exception {
        // Red team 5: a ".." after a link into the directory, a link inside the directory on the way, a hard link.
        addOwners(data(), ServiceOptions.defaults().ownerRoundMillis(ServiceOptions.MAX_OWNER_ROUND_MILLIS), 0, 1);
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.createDirectories(data().resolve("sub"));
        Path upFromLink = Files.createSymbolicLink(outside.resolve("into"), data().resolve("sub")).resolve("..").resolve("audit.witness");
        Path realElsewhere = Files.writeString(outside.resolve("real.witness"), "");
        Path chain = Files.createSymbolicLink(outside.resolve("chain.witness"),
            Files.createSymbolicLink(data().resolve("wlink"), realElsewhere));
        Path hard = Files.createLink(outside.resolve("hard.witness"), Files.writeString(data().resolve("wit.hl"), ""));
        for (Object[] c : new Object[][] {{upFromLink, "inside the data directory"}, {chain, "symbolic link " + data().resolve("wlink")},
            {hard, "2 hard links"}}) {
            Path w = (Path) c[0];
            CliRun serve = run("serve", "--data", data().toString(), "--witness", w.toString(), "--witness-init", "--port", "0");
            assertThat(serve.code).as(w.toString()).isEqualTo(2);
            assertThat(serve.err.strip()).as(w.toString()).startsWith("error: --witness").contains((String) c[1]).doesNotContain("\n");
            assertThatThrownBy(() -> CommunityService.open(data(), ServiceOptions.defaults().ownerRoundMillis(ServiceOptions.MAX_OWNER_ROUND_MILLIS).witness(w, true)).close())
                .as(w.toString()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining((String) c[1]);
        }
    }

    @Test
    void shouldFailAuditVerifyWhereServeRefusesAHeadFileCutToItsOlderSlot() throws Exception {
        addOwners(data(), ServiceOptions.defaults().ownerRoundMillis(ServiceOptions.MAX_OWNER_ROUND_MILLIS), 0, 3);
        Path head = data().resolve("audit.head");
        byte[] b = Files.readAllBytes(head);
        int older = olderSlot(b);
        Files.write(head, java.util.Arrays.copyOfRange(b, older * SLOT, older * SLOT + SLOT));

        assertThatThrownBy(() -> CommunityService.open(data(), ServiceOptions.defaults().ownerRoundMillis(ServiceOptions.MAX_OWNER_ROUND_MILLIS)).close())
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("rolled back");
        CliRun verify = run("audit", "verify", "--data", data().toString());
        assertThat(verify.code).as(verify.out).isEqualTo(AuditCommand.EXIT_DOES_NOT_VERIFY);
        assertThat(verify.err.strip()).contains("ahead of the head recorded at the last commit").doesNotContain("\n");
    }

    private static long lines(Path data) throws IOException {
        return Files.readAllLines(data.resolve(CommunityService.JOURNAL_FILE)).size();
    }

    /** Appends a copy of the last record, renumbered and chained as AuditLog writes records. */
    private static void appendChained(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        ObjectNode last = (ObjectNode) JSON.readTree(lines.get(lines.size() - 1));
        String prev = last.get("hash").asText();
        last.remove("hash");
        last.put("seq", last.get("seq").asLong() + 1);
        last.put("prev", prev);
        String body = JSON.writeValueAsString(last);
        String hash = AuditLog.sha256(body.getBytes(StandardCharsets.UTF_8));
        Files.writeString(log, body.substring(0, body.length() - 1) + ",\"hash\":\"" + hash + "\"}\n",
            java.nio.file.StandardOpenOption.APPEND);
    }

    /** Cuts the JSON of the slot holding the smaller tree short, as a torn write of the next head leaves it. */
    private static void tearOlderSlot(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        int older = olderSlot(b);
        java.util.Arrays.fill(b, older * SLOT + 40, older * SLOT + SLOT, (byte) 0);
        Files.write(file, b);
    }

    /** The slot of a two-slot head file ({@code [length][JSON][CRC32C]} each) whose head covers the smaller tree. */
    private static int olderSlot(byte[] b) throws IOException {
        int older = 0;
        long least = Long.MAX_VALUE;
        for (int slot = 0; slot * SLOT + SLOT <= b.length; slot++) {
            int length = ByteBuffer.wrap(b).getInt(slot * SLOT);
            long size = JSON.readTree(b, slot * SLOT + 4, length).get("treeSize").asLong();
            if (size < least) {
                least = size;
                older = slot;
            }
        }
        return older;
    }

    private static Path copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
        return to;
    }

    private static void replaceTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(to)) {
            List<Path> all = new ArrayList<>(paths.toList());
            all.sort(Comparator.reverseOrder());
            for (Path p : all) {
                Files.delete(p);
            }
        }
        copyTree(from, to);
    }

}
