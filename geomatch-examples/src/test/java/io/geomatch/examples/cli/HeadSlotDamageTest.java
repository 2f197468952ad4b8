package io.geomatch.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.geomatch.examples.service.CommunityService;
import io.geomatch.examples.service.Principal;
import io.geomatch.examples.service.ServiceOptions;
import io.geomatch.examples.service.audit.AuditVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.geomatch.examples.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Red-team round 2, F3: flipping one byte in the newest slot of audit.head and audit.sth (no key
 * needed) must not make the service cut acknowledged records silently, and audit verify must say so.
 *
 * <p>No owner calls here: every service runs the longest rounds (10 s), so the log holds only the records the tests write.
 */
class HeadSlotDamageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SLOT = 512;

    @TempDir
    Path dir;

    @Test
    void shouldRefuseALogWhoseLastSignedRecordLostItsLineBreakAndLeaveItAsItIs() throws Exception {
        Path data = Platforms.withSignedHead(dir.resolve("platform"));
        Path log = data.resolve(CommunityService.JOURNAL_FILE);
        byte[] whole = Files.readAllBytes(log);
        assertThat(whole[whole.length - 1]).isEqualTo((byte) '\n');
        // The last record, which the signed head covers, complete but for its line break.
        byte[] torn = java.util.Arrays.copyOf(whole, whole.length - 1);
        Files.write(log, torn);

        assertThatThrownBy(() -> CommunityService.open(data, ServiceOptions.defaults().ownerRoundMillis(ServiceOptions.MAX_OWNER_ROUND_MILLIS)).close())
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("is shorter than the last signed tree head")
            .hasMessageContaining("nothing was cut (the file ends in a line without its line break)");
        assertThat(Files.readAllBytes(log)).as("the signed record left where it was").isEqualTo(torn);
    }

    @Test
    void shouldRefuseToCutRecordsPastASurvivingHeadUnlessTheOperatorSaysSo() throws Exception {
        Path data = dir.resolve("platform");
        try (CommunityService service = CommunityService.open(data, ServiceOptions.defaults().ownerRoundMillis(ServiceOptions.MAX_OWNER_ROUND_MILLIS))) {
            Principal operator = service.authenticate(service.newOperatorToken());
            for (int i = 0; i < 3; i++) {
                service.createOwner(operator, "Owner " + i, "owner" + i + "@example.com");
            }
        }
        Path log = data.resolve(CommunityService.JOURNAL_FILE);
        Path head = log.resolveSibling("audit.head");
        Path sth = log.resolveSibling("audit.sth");
        flipNewestSlot(head);
        flipNewestSlot(sth);
        byte[] before = Files.readAllBytes(log);

        assertThatThrownBy(() -> CommunityService.open(data, ServiceOptions.defaults().ownerRoundMillis(ServiceOptions.MAX_OWNER_ROUND_MILLIS)).close())
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("audit.head slot").hasMessageContaining("holds 1 complete line past the surviving")
            .hasMessageContaining("--cut-unacknowledged").satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(Files.readAllBytes(log)).as("nothing cut").isEqualTo(before);

        CliRun verify = run("audit", "verify", "--data", data.toString());
        assertThat(verify.code).as(verify.out).isEqualTo(AuditCommand.EXIT_DOES_NOT_VERIFY);
        assertThat(verify.err.strip()).startsWith("error: " + head + " slot").contains(sth + " slot")
            .contains("and 1 record past the surviving recorded head").doesNotContain("\n");

        try (CommunityService service = CommunityService.open(data, ServiceOptions.defaults().ownerRoundMillis(ServiceOptions.MAX_OWNER_ROUND_MILLIS).cutUnacknowledged(true))) {
            assertThat(service.auditFile()).exists();
        }
        assertThat(Files.size(log)).as("the operator accepted the cut").isLessThan(before.length);
    }

    @Test
    void shouldStartAndVerifyWhenTheSurvivingHeadsCoverEveryRecord() throws Exception {
        Path data = Platforms.withSignedHead(dir.resolve("platform"));
        Path log = data.resolve(CommunityService.JOURNAL_FILE);
        Path sth = log.resolveSibling("audit.sth");
        // Only the last signed head is torn: the head recorded at the last commit still covers every record.
        flipNewestSlot(sth);

        CliRun verify = run("audit", "verify", "--data", data.toString());
        assertThat(verify.code).as(verify.err).isZero();
        assertThat(verify.out).contains("note: " + sth + " slot").contains("the surviving heads cover every record of the log");
        try (CommunityService service = CommunityService.open(data, ServiceOptions.defaults().ownerRoundMillis(ServiceOptions.MAX_OWNER_ROUND_MILLIS))) {
            assertThat(service.auditFile()).isRegularFile();
        }
        assertThat(AuditVerifier.damagedHeadSlots(log)).as("the slot written again by the next head").isEmpty();
        CliRun again = run("audit", "verify", "--data", data.toString());
        assertThat(again.code).as(again.err).isZero();
        assertThat(again.out).doesNotContain("note: " + sth);
    }

    @Test
    void shouldBlameADamagedRecordedHeadSlotNotARollbackWhenTheSignedHeadIsAhead() throws Exception {
        Path data = Platforms.withSignedHead(dir.resolve("platform"));
        Path head = data.resolve(CommunityService.JOURNAL_FILE).resolveSibling("audit.head");
        // The newest recorded head torn: the older slot survives, behind the last signed head.
        flipNewestSlot(head);

        assertThatThrownBy(() -> CommunityService.open(data, ServiceOptions.defaults().ownerRoundMillis(ServiceOptions.MAX_OWNER_ROUND_MILLIS)).close())
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("is ahead of the head recorded at the last commit")
            .hasMessageContaining(head + " slot").hasMessageContaining("lost the newer recorded head")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain("rolled back"))
            .satisfies(e -> {
                CliRun verify = run("audit", "verify", "--data", data.toString());
                assertThat(verify.code).as(verify.out).isEqualTo(AuditCommand.EXIT_DOES_NOT_VERIFY);
                assertThat(verify.err.strip()).isEqualTo("error: the service's tree heads do not verify: "
                    + e.getMessage().replace("; refusing to start", ""));
            });
    }

    /** Flips a byte inside the JSON of the slot holding the larger tree. */
    private static void flipNewestSlot(Path file) throws Exception {
        byte[] b = Files.readAllBytes(file);
        int newest = 0;
        long best = -1;
        for (int slot = 0; slot * SLOT + SLOT <= b.length; slot++) {
            ByteBuffer buf = ByteBuffer.wrap(b, slot * SLOT, SLOT);
            int length = buf.getInt(slot * SLOT);
            long size = JSON.readTree(b, slot * SLOT + 4, length).get("treeSize").asLong();
            if (size > best) {
                best = size;
                newest = slot;
            }
        }
        b[newest * SLOT + 20] ^= 0x01;
        Files.write(file, b);
    }

}
