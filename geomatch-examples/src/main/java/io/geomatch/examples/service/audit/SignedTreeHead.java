package io.geomatch.examples.service.audit;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A tree head the service signed: the size and root of the audit log's Merkle tree at a moment,
 * with the service's Ed25519 signature over the UTF-8 bytes of {@link #signedText()}:
 * {@code geomatch-sth-v1\n<treeSize>\n<timestamp>\n<rootHash>}. Anyone holding the service's
 * public key and a head can check that a log of at least {@code treeSize} records starts with
 * exactly the records the service had then.
 *
 * @param treeSize how many records the tree covers
 * @param rootHash the root, 64 lower-case hex digits
 * @param timestamp when it was signed, epoch ms
 * @param signature the Ed25519 signature, base64
 */
public record SignedTreeHead(long treeSize, String rootHash, long timestamp, String signature) {
    /** The first line of the signed text: names the format. */
    public static final String CONTEXT = "geomatch-sth-v1";

    /**
     * @param treeSize how many records
     * @param rootHash the root, lower-case hex
     * @param timestamp when, epoch ms
     * @return the exact text a head's signature covers
     */
    public static String signedText(long treeSize, String rootHash, long timestamp) {
        return CONTEXT + "\n" + treeSize + "\n" + timestamp + "\n" + rootHash;
    }

    /** @return the exact text the signature covers */
    public String signedText() {
        return signedText(treeSize, rootHash, timestamp);
    }

    /**
     * @param publicKey the service's raw 32-byte Ed25519 public key
     * @return whether the signature verifies (a malformed one does not)
     */
    public boolean verify(byte[] publicKey) {
        try {
            return AuditKey.verify(publicKey, signedText().getBytes(StandardCharsets.UTF_8), Base64.getDecoder().decode(signature));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** @return the root as bytes */
    public byte[] root() {
        return HexFormat.of().parseHex(rootHash);
    }
}
