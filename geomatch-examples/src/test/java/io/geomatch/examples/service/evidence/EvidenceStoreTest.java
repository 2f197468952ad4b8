package io.geomatch.examples.service.evidence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The start-up sweep of the evidence store: content no clip refers to goes, content a clip refers to is counted if gone. */
class EvidenceStoreTest {
    @TempDir
    Path dir;

    @Test
    void shouldDeleteUnreferencedContentAndCountReferencedContentThatIsGone() throws Exception {
        EvidenceStore store = EvidenceStore.open(dir, false);
        String kept = put(store, "kept clip");
        String orphan = put(store, "an upload that was refused");
        String gone = sha256("a clip whose file was removed");

        EvidenceStore.Sweep sweep = store.retainOnly(Set.of(kept, gone));

        assertThat(sweep.deleted()).isEqualTo(1);
        assertThat(sweep.missing()).isEqualTo(1);
        assertThat(store.contains(kept)).isTrue();
        assertThat(store.contains(orphan)).isFalse();
        assertThat(store.retainOnly(Set.of(kept))).as("nothing left to delete or miss").isEqualTo(new EvidenceStore.Sweep(0, 0));
    }

    private static String put(EvidenceStore store, String content) throws Exception {
        String hash = sha256(content);
        store.put(hash, content.getBytes(StandardCharsets.UTF_8));
        return hash;
    }

    private static String sha256(String content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
    }
}
