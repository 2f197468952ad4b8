package io.geomatch.examples.service.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geomatch.examples.files.PrivateFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An append-only, hash-chained log file of state changes; see the package description for the
 * format. One process at a time may append to a file, and one thread at a time (the service's
 * writer); records may be read back meanwhile.
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
     * @param line the record exactly as stored, UTF-8, without its line break
     */
    public record Entry(long seq, long atMillis, String type, ObjectNode data, String prev, String hash, byte[] line) {
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

    /**
     * @param count a number of records
     * @param noun how one of them is called, in the singular ("record", "intact record")
     * @return the count and the noun, plural unless the count is 1: "1 record", "3 records"
     */
    public static String records(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private final Path file;
    private final FileChannel channel;
    private long seq;
    private String head;
    /** Byte offset of each record's line, then of the end: offsets[seq] is where record seq + 1 starts. */
    private long[] offsets;
    private final long cut;

    private AuditLog(Path file, FileChannel channel, long seq, String head, long[] offsets, long cut) {
        this.file = file;
        this.channel = channel;
        this.seq = seq;
        this.head = head;
        this.offsets = offsets;
        this.cut = cut;
    }

    /**
     * Opens (or creates) a log, handing at most {@code maxRecords} records to {@code replay} in
     * order first. What follows them is cut off: a final line without its line break (a crash in
     * the middle of a write), and complete records past {@code maxRecords} (records the caller
     * knows were never acknowledged).
     *
     * @param file the log file
     * @param maxRecords how many records to keep at most
     * @param replay receives each record kept
     * @return the open log, positioned after its last record
     * @throws IOException if the file cannot be read or written
     * @throws IllegalStateException if a complete record is damaged or out of chain, naming its line
     */
    public static AuditLog open(Path file, long maxRecords, Consumer<Entry> replay) throws IOException {
        return open(file, maxRecords, n -> null, replay);
    }

    /**
     * As {@link #open(Path, long, Consumer)}, but asks before cutting complete records.
     *
     * @param file the log file
     * @param maxRecords how many records to keep at most
     * @param refuseCut asked before anything is cut, given how many complete records lie past
     *     {@code maxRecords} (0 if only a line without its line break does): returns null to cut
     *     them, or the message of the {@link IllegalStateException} to refuse with (the file is then
     *     left as it is)
     * @param replay receives each record kept
     * @return the open log
     * @throws IOException if the file cannot be read or written
     */
    public static AuditLog open(Path file, long maxRecords, java.util.function.LongFunction<String> refuseCut,
                                Consumer<Entry> replay) throws IOException {
        Objects.requireNonNull(replay, "replay");
        FileChannel channel = PrivateFiles.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE));
        try {
            List<Long> offsets = new ArrayList<>();
            Verification v;
            try (InputStream in = Files.newInputStream(file)) {
                v = scan(in, maxRecords, replay, offsets);
            }
            if (!v.intact()) {
                throw new IllegalStateException(file + " line " + v.brokenLine() + ": " + v.problem()
                    + "; the audit log was altered, refusing to start (geomatch.jar audit verify explains more)");
            }
            long end = offsets.get(offsets.size() - 1);
            long cut = 0;
            if (channel.size() > end) {
                cut = countLines(file, end);
                String refusal = refuseCut.apply(cut);
                if (refusal != null) {
                    throw new IllegalStateException(refusal);
                }
                channel.truncate(end);
                channel.force(true);
            }
            channel.position(end);
            long[] at = new long[Math.max(16, offsets.size() * 2)];
            for (int i = 0; i < offsets.size(); i++) {
                at[i] = offsets.get(i);
            }
            return new AuditLog(file, channel, v.records(), v.headHash(), at, cut);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** @return how many complete lines the file holds past {@code from} */
    private static long countLines(Path file, long from) throws IOException {
        long lines = 0;
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(from);
            for (Lines complete = new Lines(in); complete.next() != null; ) {
                lines++;
            }
        }
        return lines;
    }

    /**
     * @return how many complete lines past the kept records were cut off when the log was opened:
     *     records, or whatever else was written there (a torn final line is not counted)
     */
    public long cut() {
        return cut;
    }

    /**
     * Appends a record: written to the file, so the operating system has it (it survives a killed
     * process), but not forced to the device; {@link #force()} does that.
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
        byte[] line = (body.substring(0, body.length() - 1) + HASH_MEMBER + hash + "\"}").getBytes(StandardCharsets.UTF_8);
        ByteBuffer bytes = ByteBuffer.allocate(line.length + 1).put(line).put((byte) '\n').flip();
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        if (next + 1 >= offsets.length) {
            offsets = Arrays.copyOf(offsets, offsets.length * 2);
        }
        offsets[(int) next] = offsets[(int) seq] + line.length + 1;
        seq = next;
        head = hash;
        return new Entry(next, atMillis, type, data, record.get("prev").asText(), hash, line);
    }

    /**
     * Forces everything written so far to the storage device.
     *
     * @throws IOException if it cannot
     */
    public void force() throws IOException {
        channel.force(false);
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
     * Reads records back exactly as stored.
     *
     * @param from the first record, from 0
     * @param to the record after the last, {@code from <= to <= size()}
     * @return their lines, without line breaks
     * @throws IOException if the file cannot be read
     */
    public List<String> lines(long from, long to) throws IOException {
        long start;
        long end;
        synchronized (this) {
            if (from < 0 || to < from || to > seq) {
                throw new IllegalArgumentException("records " + from + ".." + to + " are out of range, allowed 0.." + seq);
            }
            start = offsets[(int) from];
            end = offsets[(int) to];
        }
        ByteBuffer b = ByteBuffer.allocate((int) (end - start));
        while (b.hasRemaining() && channel.read(b, start + b.position()) > 0) {
            // read the whole range
        }
        String text = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty()) {
                out.add(line);
            }
        }
        return out;
    }

    /**
     * Checks a log file record by record: well-formed JSON, consecutive {@code seq}, {@code prev}
     * equal to the previous hash, and each hash matching the record's text. A final line without
     * a line break is reported as broken too (an open would cut it off). The chain alone shows
     * damage, not a rewrite: anyone can recompute it; signed tree heads show that
     * ({@link TransparencyLog}).
     *
     * @param file the log file
     * @return the first broken record, or that all are intact
     * @throws IOException if the file cannot be read
     */
    public static Verification verify(Path file) throws IOException {
        return verify(file, line -> { });
    }

    /**
     * Checks a log file as {@link #verify(Path)} does, handing each intact record's stored bytes
     * to {@code lines} (to compute its Merkle tree, for instance).
     *
     * @param file the log file
     * @param lines receives each intact record's line, without its line break
     * @return the first broken record, or that all are intact
     * @throws IOException if the file cannot be read
     */
    public static Verification verify(Path file, Consumer<byte[]> lines) throws IOException {
        List<Long> offsets = new ArrayList<>();
        Verification v;
        try (InputStream in = Files.newInputStream(file)) {
            v = scan(in, Long.MAX_VALUE, e -> lines.accept(e.line()), offsets);
        }
        if (v.intact() && Files.size(file) > offsets.get(offsets.size() - 1)) {
            return new Verification(false, v.records(), v.headHash(), v.records() + 1, "the last record is incomplete (no line break)");
        }
        return v;
    }

    /** Scans complete lines, up to maxRecords; offsets receives the start of each kept line, then the end of the last. */
    private static Verification scan(InputStream raw, long maxRecords, Consumer<Entry> replay, List<Long> offsets) throws IOException {
        Lines in = new Lines(raw);
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
        String prev = GENESIS;
        long count = 0;
        long offset = 0;
        offsets.add(0L);
        while (count < maxRecords) {
            byte[] bytes = in.next();
            if (bytes == null) {
                return new Verification(true, count, prev, 0, null);
            }
            long lineNo = count + 1;
            String text;
            try {
                // Strictly: a byte that is not UTF-8 would otherwise become U+FFFD and be blamed on whatever it stood in.
                text = utf8.decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                return new Verification(false, count, prev, lineNo, "record " + lineNo + " is not UTF-8 text: its content was changed");
            }
            Checked checked = check(text, lineNo, prev);
            if (checked.problem() != null) {
                return new Verification(false, count, prev, lineNo, checked.problem());
            }
            JsonNode node = checked.node();
            String hash = node.get("hash").asText();
            replay.accept(new Entry(lineNo, node.get("at").asLong(), node.get("type").asText(),
                (ObjectNode) node.get("data"), prev, hash, bytes));
            prev = hash;
            count = lineNo;
            offset += bytes.length + 1;
            offsets.add(offset);
        }
        return new Verification(true, count, prev, 0, null);
    }

    /** The complete lines of a stream, read a block at a time (a torn last line, with no newline, is not one). */
    private static final class Lines {
        private final InputStream in;
        private final byte[] block = new byte[1 << 16];
        private int at;
        private int end;
        private byte[] line = new byte[256];

        Lines(InputStream in) {
            this.in = in;
        }

        /** @return the next line without its newline, or null if no complete line is left */
        byte[] next() throws IOException {
            int length = 0;
            while (true) {
                if (at == end) {
                    end = in.read(block);
                    at = 0;
                    if (end <= 0) {
                        end = 0;
                        return null;
                    }
                }
                int from = at;
                while (at < end && block[at] != '\n') {
                    at++;
                }
                int n = at - from;
                if (length + n > line.length) {
                    line = Arrays.copyOf(line, Math.max(2 * line.length, length + n));
                }
                System.arraycopy(block, from, line, length, n);
                length += n;
                if (at < end) {
                    at++;   // the newline
                    return Arrays.copyOf(line, length);
                }
            }
        }
    }

    /** A line's record, or what is wrong with it. */
    private record Checked(JsonNode node, String problem) {
        static Checked problem(String problem) {
            return new Checked(null, problem);
        }
    }

    /** @return the line's record, parsed once, or what is wrong with the line */
    private static Checked check(String text, long expectedSeq, String expectedPrev) {
        if (text.length() <= HASH_SUFFIX_CHARS || !text.startsWith(HASH_MEMBER, text.length() - HASH_SUFFIX_CHARS)
            || !text.endsWith("\"}")) {
            return Checked.problem("record " + expectedSeq + " has no hash member at its end");
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return Checked.problem("record " + expectedSeq + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (!node.path("seq").canConvertToExactIntegral() || node.path("seq").asLong() != expectedSeq) {
            return Checked.problem("seq is " + node.path("seq") + ", expected " + expectedSeq
                + " (a record was removed, inserted or reordered)");
        }
        if (!node.path("at").isIntegralNumber() || !node.path("type").isTextual() || !node.path("data").isObject()) {
            return Checked.problem("record " + expectedSeq + " lacks at, type or data");
        }
        if (!expectedPrev.equals(node.path("prev").asText())) {
            return Checked.problem("record " + expectedSeq + " has prev " + node.path("prev").asText() + ", expected " + expectedPrev
                + " (the chain is broken before it)");
        }
        String body = text.substring(0, text.length() - HASH_SUFFIX_CHARS) + "}";
        String stated = text.substring(text.length() - 66, text.length() - 2);
        String actual = sha256(body);
        if (!actual.equals(stated)) {
            return Checked.problem("record " + expectedSeq + " (" + node.path("type").asText() + ") does not match its hash: its content"
                + " was changed");
        }
        return new Checked(node, null);
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
