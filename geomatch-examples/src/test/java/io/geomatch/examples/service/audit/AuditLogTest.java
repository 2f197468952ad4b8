package io.geomatch.examples.service.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading the log back: records of any length, across the reader's blocks, a torn last line, and a line that is not UTF-8. */
class AuditLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void shouldReadBackRecordsLongerThanAReadBlockAndIgnoreATornLastLine() throws Exception {
        Path file = dir.resolve("audit.log");
        List<String> written = new ArrayList<>();
        try (AuditLog log = AuditLog.open(file, Long.MAX_VALUE, e -> { })) {
            // 450,009 bytes of multi-byte text: the line spans several 64 KiB blocks, and a character may be cut by one.
            String[] texts = {"short", "é€😀".repeat(50_001), "", "after the long one"};
            for (String text : texts) {
                ObjectNode data = JSON.createObjectNode().put("text", text);
                written.add(text);
                log.append(1_000, "note", data);
            }
            log.force();
        }
        List<String> replayed = new ArrayList<>();
        try (AuditLog log = AuditLog.open(file, Long.MAX_VALUE, e -> replayed.add(e.data().get("text").asText()))) {
            assertThat(log.size()).isEqualTo(4);
        }
        assertThat(replayed).isEqualTo(written);
        AuditLog.Verification intact = AuditLog.verify(file);
        assertThat(intact.intact()).isTrue();
        assertThat(intact.records()).isEqualTo(4);

        // A crash in the middle of an append leaves part of a line with no newline: not a record, and not damage.
        Files.write(file, "{\"seq\":5,\"at\":1000,\"type\":\"no".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        AuditLog.Verification torn = AuditLog.verify(file);
        assertThat(torn.records()).isEqualTo(4);
        assertThat(torn.headHash()).isEqualTo(intact.headHash());
    }

    @Test
    void shouldCallALineThatIsNotUtf8ChangedRatherThanBlameTheRecordsAroundIt() throws Exception {
        Path file = dir.resolve("audit.log");
        try (AuditLog log = AuditLog.open(file, Long.MAX_VALUE, e -> { })) {
            for (int i = 0; i < 3; i++) {
                log.append(1_000, "note", JSON.createObjectNode().put("n", i));
            }
            log.force();
        }
        byte[] bytes = Files.readAllBytes(file);
        // ISO-8859-1 maps each byte to one char, so a char's index is its byte's.
        int second = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("{\"seq\":2");
        assertThat(second).isPositive();
        // The 'e' of record 2's "seq" key becomes a byte that UTF-8 never has.
        bytes[second + 3] = (byte) 0xFF;
        Files.write(file, bytes);

        AuditLog.Verification v = AuditLog.verify(file);
        assertThat(v.intact()).isFalse();
        assertThat(v.records()).isEqualTo(1);
        assertThat(v.brokenLine()).isEqualTo(2);
        assertThat(v.problem()).isEqualTo("record 2 is not UTF-8 text: its content was changed");
    }
}
