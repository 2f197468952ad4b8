package io.geomatch.examples.service.audit;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * The rules a log and its tree heads keep, worded once: the service checks them when it starts
 * ({@link TransparencyLog#open}) and {@code audit verify} checks them offline
 * ({@link AuditVerifier#headsProblem}), so the two say the same thing about the same files. Each
 * returns what is wrong, in words that name the files, or null if the rule holds. Stateless.
 */
final class HeadRules {
    private HeadRules() {
    }

    /** The head recorded at the last commit is the service's own: its MAC verifies under the key. */
    static String recordedHeadVerifies(LocalHead recorded, AuditKey key, Path recordedFile, Path keyFile) {
        return recorded.verify(key) ? null : "the recorded tree head in " + recordedFile + " does not verify under the audit key "
            + keyFile + " (the head or the key was replaced)";
    }

    /** The last signed head is the service's own: its signature verifies under the key. */
    static String signedHeadVerifies(SignedTreeHead signed, AuditKey key, Path signedFile, Path keyFile) {
        return signed.verify(key.publicKey()) ? null : "the last signed tree head in " + signedFile + " does not verify under the"
            + " audit key " + keyFile + " (the head or the key was replaced)";
    }

    /**
     * A head is signed only once it was recorded: the last signed one is never ahead of the recorded one.
     *
     * @param recordedDamage the damaged slots of the recorded head's file, which explain a recorded head behind
     */
    static String signedNotAhead(SignedTreeHead signed, LocalHead recorded, Path recordedFile, List<String> recordedDamage) {
        if (signed.treeSize() <= recorded.treeSize()) {
            return null;
        }
        return "the last signed tree head (" + AuditLog.records(signed.treeSize(), "record") + ") is ahead of the head recorded at"
            + " the last commit (" + recorded.treeSize() + "): " + (recordedDamage.isEmpty() ? recordedFile + " was rolled back or cut"
            + " short" : String.join(" and ", recordedDamage) + " (a torn write or tampering) lost the newer recorded head; restore"
            + " the head files from a backup");
    }

    /** The witness holds this log's heads: its MAC verifies under the key. */
    static String witnessHeadVerifies(LocalHead witnessed, AuditKey key, Path witness, Path keyFile) {
        return witnessed.verify(key) ? null : "the tree head in the witness " + witness + " does not verify under the audit key "
            + keyFile + " (the witness is another log's, or the key was replaced; a new data directory needs a new witness file)";
    }

    /** The witness learns a head after the data directory records it: it is never ahead. */
    static String witnessNotAhead(LocalHead witnessed, long recordedSize, Path witness, Path recordedFile) {
        return witnessed.treeSize() <= recordedSize ? null : "the witness " + witness + " holds the head of "
            + AuditLog.records(witnessed.treeSize(), "record") + " recorded at " + Instant.ofEpochMilli(witnessed.timestamp())
            + ", newer than the head in " + recordedFile + " (" + AuditLog.records(recordedSize, "record") + "): the data"
            + " directory was rolled back (its head files, or all of it, put back from an older copy), so acknowledged records"
            + " would be lost; restore it from a copy at least as new as the witness";
    }

    /**
     * A head covers the log's first records, which have its root.
     *
     * @param log the log file
     * @param tree the Merkle tree of the log's records
     * @param head which head, in words ("tree head recorded at the last commit")
     */
    static String logHasRoot(Path log, MerkleTree tree, long treeSize, String rootHash, long timestampMillis, String head) {
        if (tree.size() < treeSize) {
            return log + " is shorter than the " + head + ": it holds " + AuditLog.records(tree.size(), "record") + ", the head of "
                + Instant.ofEpochMilli(timestampMillis) + " covers " + treeSize + " (records were removed)";
        }
        if (!HexFormat.of().formatHex(tree.root(treeSize)).equals(rootHash)) {
            return log + " is inconsistent with the " + head + ": " + (treeSize == 1 ? "its first record does" : "its first " + treeSize
                + " records do") + " not have the root " + rootHash + " (records were changed, inserted or rewritten)";
        }
        return null;
    }
}
