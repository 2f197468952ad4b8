package io.geomatch.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.geomatch.examples.service.Api;
import io.geomatch.examples.service.CommunityService;
import io.geomatch.examples.service.Principal;
import io.geomatch.examples.service.ServiceOptions;
import io.geomatch.examples.service.audit.AuditLog;
import io.geomatch.examples.service.audit.AuditVerifier;
import io.geomatch.examples.service.audit.SignedTreeHead;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.geomatch.examples.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code geomatch audit verify}: a log checked offline against the service's last head, or a head and key a witness saved. */
class AuditCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void shouldVerifyALogAgainstItsHeadsAndCatchARewrite() throws Exception {
        Path data = dir.resolve("platform");
        Path savedHead = dir.resolve("head.json");
        String publicKey;
        try (CommunityService service = CommunityService.open(data, ServiceOptions.defaults().ownerRoundMillis(10))) {
            Principal operator = service.authenticate(service.newOperatorToken());
            for (int i = 0; i < 3; i++) {
                service.createOwner(operator, "Owner " + i, "owner" + i + "@example.com");
            }
            SignedTreeHead head = service.signTreeHead();   // what a witness saves from GET /v1/audit/sth
            Files.write(savedHead, JSON.writeValueAsBytes(head));
            publicKey = service.auditKey().publicKey();
            Api.Created late = service.createOwner(operator, "Late", "late@example.com");
            assertThat(late.id()).isNotBlank();
        }
        CliRun ok = run("audit", "verify", "--data", data.toString());
        assertThat(ok.code).as(ok.err).isZero();
        assertThat(ok.out).contains("hash chain intact").contains("signature valid").contains("ok:");
        CliRun witness = run("audit", "verify", "--data", data.toString(), "--sth", savedHead.toString(), "--public-key", publicKey);
        assertThat(witness.code).as(witness.err).isZero();
        // The late owner's records came after the saved head: the output says no signature covers them.
        long signed = JSON.readValue(savedHead.toFile(), SignedTreeHead.class).treeSize();
        long all = AuditLog.verify(data.resolve(CommunityService.JOURNAL_FILE)).records();
        assertThat(all).isGreaterThan(signed);
        assertThat(witness.out).contains(String.format("note: the %,d records after them (lines %,d to %,d) are past this head: no"
            + " signature covers them yet, only the hash chain", all - signed, signed + 1, all));

        // the whole chain rewritten without the first owner, hashes recomputed: the witness's head catches it
        Path log = data.resolve(CommunityService.JOURNAL_FILE);
        List<String> lines = new ArrayList<>(Files.readAllLines(log));
        lines.removeIf(l -> l.contains("\"Owner 0\""));
        Files.write(log, rechain(lines));
        assertThat(AuditLog.verify(log).intact()).isTrue();
        CliRun caught = run("audit", "verify", "--data", data.toString(), "--sth", savedHead.toString(), "--public-key", publicKey);
        assertThat(caught.code).isEqualTo(AuditCommand.EXIT_DOES_NOT_VERIFY);
        assertThat(caught.err.strip()).startsWith("error: the audit log does not verify: the log's first")
            .contains("do not have the signed root").doesNotContain("\n").doesNotContain("Exception");

        CliRun badKey = run("audit", "verify", "--data", data.toString(), "--public-key", "not base64!");
        assertThat(badKey.code).isEqualTo(2);
        assertThat(badKey.err).startsWith("error: --public-key");
        CliRun missing = run("audit", "verify", "--data", dir.resolve("nowhere").toString());
        assertThat(missing.code).isEqualTo(2);
        assertThat(missing.err).startsWith("error: --data");
    }

    @Test
    void shouldRefuseATreeHeadFileThatHoldsSomethingElseNamingTheOption() throws Exception {
        Path data = platformWithSignedHead();
        // JSON null, an array, no field we know, a number out of range, a number as a string, with a fraction, a missing
        // field, a null, a key given twice, something after the head, not JSON at all, a field too many, nothing.
        String z = "0".repeat(64);
        String[][] cases = {
            {"null", "it needs treeSize, rootHash, timestamp and signature (rootHash as 64 lowercase hex digits, treeSize at least 0)"},
            {"[]", "it is not one JSON object with treeSize, rootHash, timestamp and signature"},
            {"{\"extra\": 1}", "field treeSize is missing"},
            {"{\"treeSize\": 1, \"timestamp\": 1e30}", "field timestamp must be a whole number that fits in 64 bits"},
            {"{\"treeSize\": 1, \"timestamp\": 99999999999999999999}", "field timestamp must be a whole number that fits in 64 bits"},
            {"{\"treeSize\": \"1\", \"rootHash\": \"" + z + "\", \"timestamp\": 1, \"signature\": \"AA==\"}",
                "field treeSize must be a whole number that fits in 64 bits"},
            {"{\"treeSize\": 1.5, \"rootHash\": \"" + z + "\", \"timestamp\": 1, \"signature\": \"AA==\"}",
                "field treeSize must be a whole number that fits in 64 bits"},
            {"{\"treeSize\": 1, \"rootHash\": \"" + z + "\", \"signature\": \"AA==\"}", "field timestamp is missing"},
            {"{\"treeSize\": null, \"rootHash\": \"" + z + "\", \"timestamp\": 1, \"signature\": \"AA==\"}",
                "field treeSize must be a whole number that fits in 64 bits"},
            {"{\"treeSize\": 1, \"rootHash\": {}, \"timestamp\": 1, \"signature\": \"AA==\"}", "field rootHash must be a string"},
            {"{\"treeSize\": 1, \"treeSize\": 1, \"rootHash\": \"" + z + "\", \"timestamp\": 1, \"signature\": \"AA==\"}",
                "field treeSize is given twice"},
            {"{\"treeSize\": 1, \"rootHash\": \"" + z + "\", \"timestamp\": 1, \"signature\": \"AA==\"} {}", "something follows the head"},
            {"{\"treeSize\": 1, \"rootHash\": \"" + z + "\", \"timestamp\": 1, \"signature\": \"AA==\", \"extra\": 2}",
                "field extra is not one of treeSize, rootHash, timestamp and signature"},
            {"{\n  \"treeSize\": 1,\n  \u00fe\u00ff garbage", "it is not JSON (line 3, column "},
            {"", "the file is empty"},
            {"{\"tree\\nSize\": 1, \"tree\\nSize\": 1}", "field tree\\u000aSize is given twice"},
            {"{\"q\\u001b[31m\": 1, \"treeSize\": 1, \"rootHash\": \"" + z + "\", \"timestamp\": 1, \"signature\": \"AA==\"}",
                "field q\\u001b[31m is not one of treeSize, rootHash, timestamp and signature"}};
        for (int k = 0; k < cases.length; k++) {
            Path head = dir.resolve("head-" + k + ".json");
            Files.write(head, cases[k][0].getBytes(StandardCharsets.UTF_8));
            CliRun r = run("audit", "verify", "--data", data.toString(), "--sth", head.toString());
            assertThat(r.code).as("%s: %s", cases[k][0], r.err).isEqualTo(2);
            assertThat(r.err.strip()).as(cases[k][0]).startsWith("error: --sth " + head + " is not a signed tree head: " + cases[k][1])
                .doesNotContain("\n").doesNotContain("Exception").doesNotContain("internal failure").doesNotContain("Jackson")
                .doesNotContain("io.geomatch");
        }
        // Bytes that no Unicode encoding allows, as Jackson's detection of the encoding sees them.
        byte[][] notText = {{0, 0, (byte) 0xff, (byte) 0xfe}, {0, 0, 0, 0x7b, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}};
        for (byte[] bytes : notText) {
            Path head = dir.resolve("bytes.json");
            Files.write(head, bytes);
            CliRun r = run("audit", "verify", "--data", data.toString(), "--sth", head.toString());
            assertThat(r.code).as(r.err).isEqualTo(2);
            assertThat(r.err.strip()).isEqualTo("error: --sth " + head + " is not a signed tree head: it is not text in UTF-8, UTF-16 or UTF-32");
        }
    }

    @Test
    void shouldNameAKeyFileThatIsADirectory() throws Exception {
        Path data = platformWithSignedHead();
        Path key = AuditVerifier.keyFileBeside(data.resolve(CommunityService.JOURNAL_FILE));
        Files.delete(key);
        Files.createDirectory(key);
        String expected = "error: " + key + " is not a regular file (it is a directory, a device such as /dev/null, or a pipe): the"
            + " service's key is a file of two lines of base64";
        CliRun r = run("audit", "verify", "--data", data.toString());
        assertThat(r.code).as(r.err).isEqualTo(2);
        assertThat(r.err.strip()).isEqualTo(expected);
        // Given the public key, the service's heads still need the key file: a directory there is not taken for no key.
        CliRun given = run("audit", "verify", "--data", data.toString(), "--public-key",
            java.util.Base64.getEncoder().encodeToString(new byte[32]));
        assertThat(given.code).as(given.err).isEqualTo(2);
        assertThat(given.err.strip()).isEqualTo(expected);
    }

    @Test
    void shouldNameAKeyLinkThatLeadsNowhereAndKeepIt() throws Exception {
        Path data = platformWithSignedHead();
        Path key = AuditVerifier.keyFileBeside(data.resolve(CommunityService.JOURNAL_FILE));
        Path other = dir.resolve("other.key");
        Files.delete(key);
        for (Path target : new Path[] {dir.resolve("unmounted/audit.key"), other}) {
            Files.deleteIfExists(key);
            Files.deleteIfExists(other);
            Files.createSymbolicLink(key, target);
            if (target == other) {
                Files.createSymbolicLink(other, key);
            }
            CliRun r = run("audit", "verify", "--data", data.toString());
            assertThat(r.code).as(r.err).isEqualTo(2);
            assertThat(r.err.strip()).isEqualTo("error: " + key + " is a symbolic link that leads to no file (its target is missing,"
                + " or the links form a loop): the service's key is a file of two lines of base64");
            // A new service over the same directory refuses too, and does not put a new key in the link's place.
            assertThatThrownBy(() -> CommunityService.open(data, ServiceOptions.defaults().ownerRoundMillis(10)))
                .hasMessageContaining(key + " is a symbolic link that leads to no file");
            assertThat(Files.isSymbolicLink(key)).isTrue();
            // Given the public key, audit verify still needs the key file for the service's heads: not taken as absent.
            String publicKey = java.util.Base64.getEncoder().encodeToString(new byte[32]);
            CliRun given = run("audit", "verify", "--data", data.toString(), "--public-key", publicKey);
            assertThat(given.code).as(given.err).isEqualTo(2);
            assertThat(given.err.strip()).startsWith("error: " + key + " is a symbolic link that leads to no file");
        }
    }

    @Test
    void shouldNotStartAFreshLogThroughLinksThatLeadNowhere() throws Exception {
        Path data = platformWithSignedHead();
        // The log and its heads moved to a volume, linked from the data directory, and the volume not mounted.
        Path volume = dir.resolve("volume");
        Files.createDirectory(volume);
        for (String name : new String[] {"audit.log", "audit.head", "audit.sth"}) {
            Files.move(data.resolve(name), volume.resolve(name));
            Files.createSymbolicLink(data.resolve(name), dir.resolve("unmounted").resolve(name));
        }
        assertThatThrownBy(() -> CommunityService.open(data, ServiceOptions.defaults().ownerRoundMillis(10)))
            .hasMessageContaining(data.resolve("audit.log") + " is a symbolic link that leads to no file")
            .hasMessageContaining("mount it; refusing to start");
        assertThat(dir.resolve("unmounted")).doesNotExist();
        // Mounted again (the links' target appears), it starts and the owner is still on record.
        Files.move(volume, dir.resolve("unmounted"));
        try (CommunityService service = CommunityService.open(data, ServiceOptions.defaults().ownerRoundMillis(10))) {
            service.signTreeHead();
        }
        assertThat(Files.size(dir.resolve("unmounted").resolve("audit.log"))).isPositive();
        CliRun r = run("audit", "verify", "--data", data.toString());
        assertThat(r.code).as(r.err).isZero();
    }

    @Test
    void shouldNotStartAFreshLogBesideTheKeyOfAnOldOne() throws Exception {
        Path data = platformWithSignedHead();
        // The log and its heads gone (deleted, or an empty placeholder where a volume is not mounted), the key left.
        Files.delete(data.resolve("audit.head"));
        Files.delete(data.resolve("audit.sth"));
        for (boolean placeholder : new boolean[] {false, true}) {
            Files.deleteIfExists(data.resolve("audit.log"));
            if (placeholder) {
                Files.createFile(data.resolve("audit.log"));
            }
            assertThatThrownBy(() -> CommunityService.open(data, ServiceOptions.defaults().ownerRoundMillis(10)))
                .hasMessageContaining("the audit key " + data.resolve("audit.key") + " exists but " + data.resolve("audit.log")
                    + " holds no record")
                .hasMessageEndingWith("refusing to start");
            assertThat(data.resolve("audit.head")).doesNotExist();
            assertThat(data.resolve("audit.sth")).doesNotExist();
        }
    }

    @Test
    void shouldRefuseAJournalThatIsNoFileBeforeWritingAnything() throws Exception {
        Path data = dir.resolve("fresh");
        Files.createDirectory(data);
        // A journal "discarded" to /dev/null: it reads as empty, which would pass for a first start.
        Files.createSymbolicLink(data.resolve("audit.log"), Path.of("/dev/null"));
        CliRun serve = run("serve", "--data", data.toString(), "--port", "0");
        assertThat(serve.code).as(serve.err).isEqualTo(2);
        assertThat(serve.err).isEqualTo("error: " + data.resolve("audit.log") + " is not a regular file (it is a"
            + " directory, a device such as /dev/null, or a pipe): the audit log, its key and its heads are kept in files; refusing to"
            + " start\n");
        for (String name : new String[] {"audit.key", "audit.head", "audit.sth", "operator.token"}) {
            assertThat(data.resolve(name)).as(name).doesNotExist();
        }
        // With the link removed, the directory is a fresh start like any other.
        Files.delete(data.resolve("audit.log"));
        try (CommunityService service = CommunityService.open(data, ServiceOptions.defaults().ownerRoundMillis(10))) {
            assertThat(service.auditFile()).isRegularFile();
        }
        assertThat(data.resolve("operator.token")).exists();
    }

    @Test
    void shouldNameAJournalThatIsNoFileAndAWitnessThatIsNoFile() throws Exception {
        Path data = platformWithSignedHead();
        Path log = data.resolve(CommunityService.JOURNAL_FILE);
        Path moved = dir.resolve("moved.log");
        Files.move(log, moved);
        Files.createDirectory(log);
        CliRun r = run("audit", "verify", "--data", data.toString());
        assertThat(r.code).as(r.err).isEqualTo(2);
        assertThat(r.err).isEqualTo("error: " + log + " is not a regular file (it is a directory, a device such as /dev/null, or a"
            + " pipe): the audit log is a file of JSON lines\n");
        Files.delete(log);
        Files.move(moved, log);

        CliRun serve = run("serve", "--data", data.toString(), "--port", "0", "--witness", "/dev/null", "--witness-init");
        assertThat(serve.code).as(serve.err).isEqualTo(2);
        assertThat(serve.err).isEqualTo("error: /dev/null is not a regular file (it is a directory, a device such as /dev/null, or a"
            + " pipe): a witness (serve --witness) is a file of tree heads; refusing to start\n");
    }

    @Test
    void shouldShowADataPathAsItIsNotAsTheTerminalWouldActOnIt() throws Exception {
        Path data = platformWithSignedHead();
        Path odd = Files.move(data, dir.resolve("plat\u001b]0;owned\u0007form"));
        CliRun r = run("audit", "verify", "--data", odd.toString());
        assertThat(r.code).as(r.err).isZero();
        assertThat(r.out).contains("audit log " + dir.resolve("plat\\u001b]0;owned\\u0007form") + "/audit.log: ")
            .doesNotContain("\u001b", "\u0007");
    }

    @Test
    void shouldFinishAFirstStartStoppedBeforeItRecordedAnything() throws Exception {
        // What a first start stopped in its first moments (SIGTERM, kill -9) leaves: its key, and the journal and
        // head files made but still empty. Nothing was acknowledged, so the next start begins afresh with that key.
        Path donor = platformWithSignedHead();
        Path data = dir.resolve("cut-short");
        Files.createDirectory(data);
        Files.copy(donor.resolve("audit.key"), data.resolve("audit.key"));
        for (String name : new String[] {"audit.log", "audit.head", "audit.sth"}) {
            Files.createFile(data.resolve(name));
        }
        try (CommunityService service = CommunityService.open(data, ServiceOptions.defaults().ownerRoundMillis(10))) {
            assertThat(service.newOperatorToken()).as("a first start writes the operator token").isNotNull();
            service.signTreeHead();
        }
        CliRun r = run("audit", "verify", "--data", data.toString());
        assertThat(r.code).as(r.err).isZero();
        assertThat(r.out).contains("public key: " + run("audit", "verify", "--data", donor.toString()).out.lines()
            .filter(l -> l.startsWith("public key: ")).findFirst().orElseThrow().substring("public key: ".length()));
    }

    /** @return a service's data directory, closed, holding one owner and a signed tree head over it */
    private Path platformWithSignedHead() throws Exception {
        return Platforms.withSignedHead(dir.resolve("platform"));
    }

    /** Renumbers and re-hashes lines exactly as AuditLog writes them. */
    private static List<String> rechain(List<String> lines) throws Exception {
        List<String> out = new ArrayList<>();
        String prev = AuditLog.GENESIS;
        for (int i = 0; i < lines.size(); i++) {
            var node = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(lines.get(i));
            node.remove("hash");
            node.put("seq", i + 1);
            node.put("prev", prev);
            String body = JSON.writeValueAsString(node);
            String hash = AuditLog.sha256(body.getBytes(StandardCharsets.UTF_8));
            out.add(body.substring(0, body.length() - 1) + ",\"hash\":\"" + hash + "\"}");
            prev = hash;
        }
        return out;
    }
}
