package io.geomatch.examples.service.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The head the service records at every commit, before it acknowledges the records: the size and
 * root of the log's tree with an HMAC-SHA256 ({@link AuditKey#mac}) over the same text a signed
 * head's signature covers. Only the service checks it, on its next start: every acknowledged
 * record lies under it, so records after it were never acknowledged. Public, Ed25519-signed heads
 * ({@link SignedTreeHead}) follow it within a fraction of a second.
 *
 * @param treeSize how many records
 * @param rootHash the root, 64 lower-case hex digits
 * @param timestamp when, epoch ms
 * @param mac the HMAC, base64
 */
record LocalHead(long treeSize, String rootHash, long timestamp, String mac) {
    static LocalHead of(long treeSize, String rootHash, long timestamp, AuditKey key) {
        byte[] m = key.mac(SignedTreeHead.signedText(treeSize, rootHash, timestamp).getBytes(StandardCharsets.UTF_8));
        return new LocalHead(treeSize, rootHash, timestamp, Base64.getEncoder().encodeToString(m));
    }

    boolean verify(AuditKey key) {
        try {
            byte[] expected = key.mac(SignedTreeHead.signedText(treeSize, rootHash, timestamp).getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(expected, Base64.getDecoder().decode(mac));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
