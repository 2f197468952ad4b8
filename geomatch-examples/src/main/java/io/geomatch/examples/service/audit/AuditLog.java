package io.geomatch.examples.service.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geomatch.examples.files.PrivateFiles;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An append-only, hash-chained, durable log of state changes; see the package description for the
 * format. One process at a time may append to a file.
 */
public final class AuditLog implements AutoCloseable {
    /** The {@code prev} of the first record. */
    public static final String GENESIS = "0".repeat(64);
    private static final String HASH_MEMBER = ",\"hash\":\"";
    /** {@code ,"hash":"} + 64 hex digits + {@code "}}. */
    private static final int HASH_SUFFIX_CHARS = HASH_MEMBER.length() + 64 + 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One record.
     *
     * @param seq its number, from 1
     * @param atMillis when it was written, epoch ms
     * @param type what kind of change, such as {@code request.published}
     * @param data the change
     * @param prev the previous record's hash
     * @param hash this record's hash
     */
    public record Entry(long seq, long atMillis, String type, ObjectNode data, String prev, String hash) {
    }

    /**
     * What {@link #verify(Path)} found.
     *
     * @param intact whether every record is well formed and chained
     * @param records how many records were checked and found intact
     * @param headHash the hash of the last intact record ({@link #GENESIS} if none)
     * @param brokenLine the 1-based line of the first broken record, or 0 if intact
     * @param problem what is wrong with it, or null if intact
     */
    public record Verification(boolean intact, long records, String headHash, long brokenLine, String problem) {
    }

    private final Path file;
    private final FileChannel channel;
    private final boolean force;
    private final Object syncLock = new Object();
    private long seq;
    private String head;
    /** Records forced to the device; guarded by syncLock. */
    private long durableSeq;
    /** Forces done by {@link #sync}; guarded by syncLock. */
    private long forces;

    private AuditLog(Path file, FileChannel channel, boolean force, long seq, String head) {
        this.file = file;
        this.channel = channel;
        this.force = force;
        this.seq = seq;
        this.head = head;
        this.durableSeq = seq;
    }

    /**
     * Opens (or creates) a log, handing every record to {@code replay} in order first. A final
     * line without its line break, which a crash mid-write leaves, is cut off.
     *
     * @param file the log file
     * @param force whether each append is forced to the storage device before it returns
     * @param replay receives each existing record
     * @return the open log, positioned after its last record
     * @throws IOException if the file cannot be read or written
     * @throws IllegalStateException if a complete record is damaged or out of chain, naming its line
     */
    public static AuditLog open(Path file, boolean force, Consumer<Entry> replay) throws IOException {
        Objects.requireNonNull(replay, "replay");
        FileChannel channel = PrivateFiles.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE));
        try {
            long[] end = {0};
            Verification v = scan(Files.newInputStream(file), replay, end);
            if (!v.intact()) {
                throw new IllegalStateException(file + " line " + v.brokenLine() + ": " + v.problem()
                    + "; the audit log was altered, refusing to start (GET /v1/audit/verify on a copy explains more)");
            }
            if (channel.size() > end[0]) {
                channel.truncate(end[0]);
                channel.force(true);
            }
            channel.position(end[0]);
            return new AuditLog(file, channel, force, v.records(), v.headHash());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Appends a record: written to the file (the operating system has it, so it survives a killed
     * process) but not yet forced to the device; {@link #sync} does that for every record
     * appended so far, so concurrent writers share one force (group commit).
     *
     * @param atMillis when, epoch ms
     * @param type the kind of change
     * @param data the change; kept by the returned entry, do not modify it afterwards
     * @return the record written
     * @throws IOException if it cannot be written; the log may then hold a torn final line,
     *     which the next open cuts off
     */
    public synchronized Entry append(long atMillis, String type, ObjectNode data) throws IOException {
        long next = seq + 1;
        ObjectNode record = JSON.createObjectNode();
        record.put("seq", next);
        record.put("at", atMillis);
        record.put("type", type);
        record.set("data", data);
        record.put("prev", head);
        String body = JSON.writeValueAsString(record);
        String hash = sha256(body);
        String line = body.substring(0, body.length() - 1) + HASH_MEMBER + hash + "\"}\n";
        ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        seq = next;
        head = hash;
        return new Entry(next, atMillis, type, data, record.get("prev").asText(), hash);
    }

    /**
     * Makes every record up to {@code upTo} durable, if the log was opened to force: the first
     * caller forces all records appended so far, and callers whose records that covered return
     * without forcing again.
     *
     * @param upTo a record number
     * @throws IOException if the file cannot be forced
     */
    public void sync(long upTo) throws IOException {
        if (!force) {
            return;
        }
        synchronized (syncLock) {
            if (durableSeq >= upTo) {
                return;
            }
            long target;
            synchronized (this) {
                target = seq;
            }
            channel.force(false);
            durableSeq = target;
            forces++;
        }
    }

    /** @return how many records are known to be on the device (all of them if the log does not force) */
    public long durableSize() {
        if (!force) {
            return size();
        }
        synchronized (syncLock) {
            return durableSeq;
        }
    }

    /** @return how many times {@link #sync} forced the file: fewer than records when writers commit together */
    public long forces() {
        synchronized (syncLock) {
            return forces;
        }
    }

    /** @return how many records the log holds */
    public synchronized long size() {
        return seq;
    }

    /** @return the hash of the last record, or {@link #GENESIS} */
    public synchronized String headHash() {
        return head;
    }

    /** @return the log file */
    public Path file() {
        return file;
    }

    /**
     * Checks a log file record by record: well-formed JSON, consecutive {@code seq}, {@code prev}
     * equal to the previous hash, and each hash matching the record's text. A final line without
     * a line break is reported as broken too (an open would cut it off).
     *
     * @param file the log file
     * @return the first broken record, or that all are intact
     * @throws IOException if the file cannot be read
     */
    public static Verification verify(Path file) throws IOException {
        long[] end = {0};
        Verification v = scan(Files.newInputStream(file), e -> { }, end);
        if (v.intact() && Files.size(file) > end[0]) {
            return new Verification(false, v.records(), v.headHash(), v.records() + 1, "the last record is incomplete (no line break)");
        }
        return v;
    }

    /** Scans complete lines; {@code end[0]} receives the byte offset after the last intact one. */
    private static Verification scan(InputStream in, Consumer<Entry> replay, long[] end) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String prev = GENESIS;
            long count = 0;
            long offset = 0;
            StringBuilder line = new StringBuilder();
            int c;
            while (true) {
                line.setLength(0);
                boolean complete = false;
                while ((c = reader.read()) >= 0) {
                    if (c == '\n') {
                        complete = true;
                        break;
                    }
                    line.append((char) c);
                }
                if (!complete) {
                    end[0] = offset;
                    return new Verification(true, count, prev, 0, null);
                }
                long lineNo = count + 1;
                String text = line.toString();
                String problem = check(text, lineNo, prev);
                if (problem != null) {
                    end[0] = offset;
                    return new Verification(false, count, prev, lineNo, problem);
                }
                JsonNode node = JSON.readTree(text);
                String hash = node.get("hash").asText();
                replay.accept(new Entry(lineNo, node.get("at").asLong(), node.get("type").asText(),
                    (ObjectNode) node.get("data"), prev, hash));
                prev = hash;
                count = lineNo;
                offset += text.getBytes(StandardCharsets.UTF_8).length + 1;
            }
        }
    }

    /** @return what is wrong with one line, or null */
    private static String check(String text, long expectedSeq, String expectedPrev) {
        if (text.length() <= HASH_SUFFIX_CHARS || !text.startsWith(HASH_MEMBER, text.length() - HASH_SUFFIX_CHARS)
            || !text.endsWith("\"}")) {
            return "record " + expectedSeq + " has no hash member at its end";
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return "record " + expectedSeq + " is not valid JSON: " + e.getOriginalMessage();
        }
        if (!node.path("seq").canConvertToExactIntegral() || node.path("seq").asLong() != expectedSeq) {
            return "seq is " + node.path("seq") + ", expected " + expectedSeq + " (a record was removed, inserted or reordered)";
        }
        if (!node.path("at").isIntegralNumber() || !node.path("type").isTextual() || !node.path("data").isObject()) {
            return "record " + expectedSeq + " lacks at, type or data";
        }
        if (!expectedPrev.equals(node.path("prev").asText())) {
            return "record " + expectedSeq + " has prev " + node.path("prev").asText() + ", expected " + expectedPrev
                + " (the chain is broken before it)";
        }
        String body = text.substring(0, text.length() - HASH_SUFFIX_CHARS) + "}";
        String stated = text.substring(text.length() - 66, text.length() - 2);
        String actual = sha256(body);
        if (!actual.equals(stated)) {
            return "record " + expectedSeq + " (" + node.path("type").asText() + ") does not match its hash: its content was changed";
        }
        return null;
    }

    /**
     * @param text UTF-8 text
     * @return its SHA-256 in lower-case hex
     */
    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param bytes any bytes
     * @return their SHA-256 in lower-case hex
     */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
