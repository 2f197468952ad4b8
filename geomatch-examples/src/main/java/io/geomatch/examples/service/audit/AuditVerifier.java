package io.geomatch.examples.service.audit;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.geomatch.examples.files.PrivateFiles;
import io.geomatch.examples.text.Printable;

import java.io.CharConversionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks an audit log file offline against a signed tree head: the hash chain, the head's
 * signature under a public key, and that the log's first {@code treeSize} records have the head's
 * root. What {@code geomatch.jar audit verify} and {@code GET /v1/audit/verify} run; a witness
 * that saved a head (and the public key) earlier can check a log it is shown later the same way.
 * Stateless; any thread.
 */
public final class AuditVerifier {
    /**
     * Reads heads strictly: a number given as a string ({@code "treeSize": "5"}) or with a fraction
     * ({@code 5.9}), a null or a missing field is refused, not coerced; so are a key given twice and
     * anything after the head, which readers that keep the first value or stop early would see
     * differently.
     */
    private static final ObjectMapper JSON = JsonMapper.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
        .build();
    /** The fields of a signed tree head, as a reason names them. */
    private static final String HEAD_FIELDS = "treeSize, rootHash, timestamp and signature";
    /** How Jackson names a repeated field; no exception type carries the name. */
    private static final Pattern DUPLICATE_FIELD = Pattern.compile("^Duplicate field '(.*)'$", Pattern.DOTALL);

    private AuditVerifier() {
    }

    /**
     * What a check found.
     *
     * @param chain the hash chain's check
     * @param head the head checked against
     * @param signatureValid whether the head's signature verifies under the key
     * @param rootMatches whether the log's first {@code head.treeSize()} records have the head's root
     * @param problem the first thing wrong, or null if the log verifies
     */
    public record Report(AuditLog.Verification chain, SignedTreeHead head, boolean signatureValid, boolean rootMatches, String problem) {
        /** @return whether the log verifies */
        public boolean ok() {
            return problem == null;
        }
    }

    /**
     * @param log the audit log file
     * @param head a signed tree head
     * @param publicKey the raw 32-byte Ed25519 key it must be signed with
     * @return what was found
     * @throws IOException if the log cannot be read
     */
    public static Report verify(Path log, SignedTreeHead head, byte[] publicKey) throws IOException {
        MerkleTree tree = new MerkleTree();
        AuditLog.Verification chain = AuditLog.verify(log, line -> tree.append(MerkleTree.leafHash(line, 0, line.length)));
        boolean signatureValid = head.verify(publicKey);
        boolean longEnough = tree.size() >= head.treeSize();
        boolean rootMatches = longEnough && HexFormat.of().formatHex(tree.root(head.treeSize())).equals(head.rootHash());
        String problem = null;
        if (!signatureValid) {
            problem = "the tree head's signature does not verify under the public key";
        } else if (!longEnough) {
            problem = "the log holds " + tree.size() + (chain.intact() ? "" : " intact") + " records, fewer than the "
                + head.treeSize() + " the signed tree head covers" + (chain.intact() ? " (records were removed)" : ": " + chain.problem());
        } else if (!rootMatches) {
            problem = "the log's first " + head.treeSize() + " records do not have the signed root " + head.rootHash()
                + " (records were changed, inserted or rewritten)";
        } else if (!chain.intact()) {
            problem = "line " + chain.brokenLine() + ": " + chain.problem();
        }
        return new Report(chain, head, signatureValid, rootMatches, problem);
    }

    /**
     * @param log an audit log file
     * @return the last head the service signed for it ({@code <name>.sth} beside it)
     * @throws IOException if there is none or it cannot be read
     */
    public static SignedTreeHead lastSignedHead(Path log) throws IOException {
        Path file = TransparencyLog.sibling(log, ".sth");
        if (!headFileThere(file)) {
            throw new NoSuchFileException(file.toString());
        }
        try (HeadFile<SignedTreeHead> heads = HeadFile.openToRead(file, SignedTreeHead.class, SignedTreeHead::treeSize)) {
            SignedTreeHead h = heads.read();
            if (h == null) {
                throw new IOException(file + " holds no intact signed tree head");
            }
            return h;
        }
    }

    /**
     * @param log an audit log file
     * @return the slots of its head files ({@code <name>.head}, {@code <name>.sth}) that are written
     *     but damaged (a torn write or tampering: the service would not start without
     *     {@code --cut-unacknowledged} if records lie past the surviving head), in words; empty if none
     * @throws IOException if a head file cannot be read
     */
    public static java.util.List<String> damagedHeadSlots(Path log) throws IOException {
        java.util.List<String> out = new java.util.ArrayList<>(damagedSlots(TransparencyLog.sibling(log, ".head"), LocalHead.class,
            LocalHead::treeSize));
        out.addAll(damagedSlots(TransparencyLog.sibling(log, ".sth"), SignedTreeHead.class, SignedTreeHead::treeSize));
        return out;
    }

    private static <T> java.util.List<String> damagedSlots(Path file, Class<T> type, java.util.function.ToLongFunction<T> treeSize)
        throws IOException {
        if (!headFileThere(file)) {
            return java.util.List.of();
        }
        try (HeadFile<T> heads = HeadFile.openToRead(file, type, treeSize)) {
            heads.read();
            return heads.damagedSlots();
        }
    }

    /**
     * @param log an audit log file
     * @return how many records the head recorded at the last commit ({@code <name>.head}) covers, as
     *     much of it as survives (a damaged slot loses the newer head), or 0 if there is none
     * @throws IOException if the file cannot be read
     */
    public static long recordedTreeSize(Path log) throws IOException {
        Path local = TransparencyLog.sibling(log, ".head");
        LocalHead head = headFileThere(local) ? readHead(local, LocalHead.class, LocalHead::treeSize) : null;
        return head == null ? 0 : head.treeSize();
    }

    /**
     * The checks the service makes of its own heads when it starts, made offline: the head recorded
     * at the last commit ({@code <name>.head}) verifies under the key beside the log
     * ({@code <name>.key}), is not behind the last signed head, and the log's first records have its
     * root; given a witness file ({@code serve --witness}), its head verifies too, is not ahead of
     * the recorded head (which would mean the data directory was rolled back), and the log has its
     * root.
     *
     * @param log an audit log file
     * @param witness the service's witness file, or null
     * @return the first problem, in words, or null if there is none
     * @throws IOException if a file cannot be read
     */
    public static String headsProblem(Path log, Path witness) throws IOException {
        Path keyFile = keyFileBeside(log);
        AuditKey key = AuditKey.open(keyFile, false);
        if (key == null) {
            return "the audit key " + keyFile + " is missing, so the recorded tree heads cannot be checked";
        }
        MerkleTree tree = new MerkleTree();
        AuditLog.verify(log, line -> tree.append(MerkleTree.leafHash(line, 0, line.length)));
        Path localFile = TransparencyLog.sibling(log, ".head");
        LocalHead local = headFileThere(localFile) ? readHead(localFile, LocalHead.class, LocalHead::treeSize) : null;
        if (local == null) {
            return localFile + " holds no recorded tree head";
        }
        String problem = HeadRules.recordedHeadVerifies(local, key, localFile, keyFile);
        Path signedFile = TransparencyLog.sibling(log, ".sth");
        SignedTreeHead signed = headFileThere(signedFile) ? readHead(signedFile, SignedTreeHead.class, SignedTreeHead::treeSize) : null;
        if (problem == null && signed != null) {
            problem = HeadRules.signedNotAhead(signed, local, localFile, damagedSlots(localFile, LocalHead.class, LocalHead::treeSize));
        }
        if (problem == null) {
            problem = HeadRules.logHasRoot(log, tree, local.treeSize(), local.rootHash(), local.timestamp(),
                "tree head recorded at the last commit");
        }
        if (problem != null || witness == null) {
            return problem;
        }
        LocalHead witnessed = readHead(witness, LocalHead.class, LocalHead::treeSize);
        if (witnessed == null) {
            return "the witness " + witness + " holds no tree head";
        }
        problem = HeadRules.witnessHeadVerifies(witnessed, key, witness, keyFile);
        if (problem == null) {
            problem = HeadRules.witnessNotAhead(witnessed, local.treeSize(), witness, localFile);
        }
        return problem != null ? problem : HeadRules.logHasRoot(log, tree, witnessed.treeSize(), witnessed.rootHash(),
            witnessed.timestamp(), "tree head in the witness " + witness);
    }


    /** @return whether a head file is there: a link leading to no file is refused, not taken for none */
    private static boolean headFileThere(Path file) throws IOException {
        PrivateFiles.refuseLinkToNothing(file, "the service's tree heads are kept in files");
        return Files.exists(file);
    }

    private static <T> T readHead(Path file, Class<T> type, java.util.function.ToLongFunction<T> treeSize) throws IOException {
        try (HeadFile<T> heads = HeadFile.openToRead(file, type, treeSize)) {
            return heads.read();
        }
    }

    /**
     * @param log an audit log file
     * @return the raw public key of the service's key beside it ({@code <name>.key})
     * @throws IOException if there is none or it cannot be read
     */
    public static byte[] publicKeyBeside(Path log) throws IOException {
        Path file = keyFileBeside(log);
        AuditKey key = AuditKey.open(file, false);
        if (key == null) {
            throw new NoSuchFileException(file.toString());
        }
        return key.publicKey();
    }

    /**
     * @param file a saved tree head, the JSON {@code GET /v1/audit/sth} answers
     * @return the head
     * @throws NotAHeadException if the file holds something else (JSON or not)
     * @throws IOException if it cannot be read
     */
    public static SignedTreeHead readHead(Path file) throws IOException {
        SignedTreeHead h;
        try {
            h = JSON.readValue(file.toFile(), SignedTreeHead.class);
        } catch (JsonProcessingException e) {
            throw new NotAHeadException(file, whyNotAHead(e));
        } catch (CharConversionException e) {
            // Jackson's detection of the encoding reports bytes that no Unicode encoding allows this way.
            throw new NotAHeadException(file, "it is not text in UTF-8, UTF-16 or UTF-32");
        }
        if (h == null || h.rootHash() == null || !h.rootHash().matches("[0-9a-f]{64}") || h.signature() == null || h.treeSize() < 0) {
            throw new NotAHeadException(file, "it needs " + HEAD_FIELDS + " (rootHash as 64 lowercase hex digits, treeSize at least 0)");
        }
        return h;
    }

    /** @return what is wrong with a head's JSON, in the file's terms (its fields, its lines), not the parser's */
    private static String whyNotAHead(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (e instanceof StreamReadException read) {
            Matcher duplicate = DUPLICATE_FIELD.matcher(message);
            if (duplicate.find()) {
                return "field " + Printable.escape(duplicate.group(1)) + " is given twice";
            }
            JsonLocation at = read.getLocation();
            return "it is not JSON" + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
        }
        String field = null;
        if (e instanceof JsonMappingException mapping) {
            for (JsonMappingException.Reference r : mapping.getPath()) {
                field = r.getFieldName() != null ? r.getFieldName() : field;
            }
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "field " + Printable.escape(unknown.getPropertyName()) + " is not one of " + HEAD_FIELDS;
        }
        if (field == null) {
            if (message.startsWith("Trailing token")) {
                return "something follows the head";
            }
            if (message.startsWith("No content")) {
                return "the file is empty";
            }
            return "it is not one JSON object with " + HEAD_FIELDS;
        }
        if (message.startsWith("Missing creator property")) {
            return "field " + field + " is missing";
        }
        return "field " + field + (field.equals("treeSize") || field.equals("timestamp") ? " must be a whole number that fits in 64 bits"
            : " must be a string");
    }

    /** A file given as a tree head that holds something else; {@link #reason()} says what is wrong, without the file. */
    public static final class NotAHeadException extends IOException {
        private static final long serialVersionUID = 1L;
        private final String reason;

        NotAHeadException(Path file, String reason) {
            super(file + " is not a signed tree head: " + reason);
            this.reason = reason;
        }

        /** @return what is wrong with the file's content */
        public String reason() {
            return reason;
        }
    }

    /**
     * @param log an audit log file
     * @return where the service keeps its audit key beside it ({@code <name>.key})
     */
    public static Path keyFileBeside(Path log) {
        return TransparencyLog.sibling(log, ".key");
    }
}
