package io.geomatch.examples.service.journal;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geomatch.examples.service.audit.AuditLog;
import io.geomatch.examples.service.audit.StartChecks;
import io.geomatch.examples.service.audit.TransparencyLog;
import io.geomatch.examples.service.geo.GeoJson;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The service's journal: {@link JournalRecord}s mapped by Jackson onto the lines of an
 * {@link AuditLog} kept as a {@link TransparencyLog}, each line's {@code type} the record's
 * {@link JsonTypeName} and its {@code data} the record's components. Appends come from one writer at a time (the service's
 * write lock); {@link #open} hands every stored record to a replay callback first.
 */
public final class Journal implements AutoCloseable {
    /** Maps records both ways: geometry as GeoJSON, unknown or missing members refused. */
    static final ObjectMapper JSON = new ObjectMapper()
        .registerModule(GeoJson.module())
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);
    private static final Map<String, Class<? extends JournalRecord>> TYPES = new HashMap<>();
    private static final Map<Class<?>, String> NAMES = new HashMap<>();

    static {
        for (JsonSubTypes.Type t : JournalRecord.class.getAnnotation(JsonSubTypes.class).value()) {
            String name = t.value().getAnnotation(JsonTypeName.class).value();
            TYPES.put(name, t.value().asSubclass(JournalRecord.class));
            NAMES.put(t.value(), name);
        }
    }

    /**
     * A record as stored.
     *
     * @param seq its number, from 1
     * @param atMillis when it was written, epoch ms
     * @param record the record
     */
    public record Entry(long seq, long atMillis, JournalRecord record) {
    }

    /** Receives the stored records in order when a journal is opened. */
    @FunctionalInterface
    public interface Replay {
        /**
         * @param entry the next record
         */
        void accept(Entry entry);
    }

    private final TransparencyLog log;

    private Journal(TransparencyLog log) {
        this.log = log;
    }

    /**
     * Opens (or creates) a journal, replaying every record first.
     *
     * @param file the journal file
     * @param force whether {@link #sync} forces records to the device
     * @param clock the clock tree heads are stamped with, epoch ms
     * @param replay receives each stored record
     * @return the open journal
     * @throws IOException if the file cannot be read or written
     * @throws IllegalStateException if a record is damaged, out of chain or of an unknown shape,
     *     naming its line, or the log does not agree with its last signed tree head
     */
    public static Journal open(Path file, boolean force, LongSupplier clock, Replay replay) throws IOException {
        return open(file, force, clock, StartChecks.DEFAULTS, replay);
    }

    /**
     * As {@link #open(Path, boolean, LongSupplier, Replay)}, with a witness and the operator's
     * choice for records past a surviving head when a head slot is damaged (see
     * {@link TransparencyLog}).
     *
     * @param file the journal file
     * @param force whether {@link #sync} forces records to the device
     * @param clock the clock tree heads are stamped with, epoch ms
     * @param checks the witness and the operator's choice
     * @param replay receives each stored record
     * @return the open journal
     * @throws IOException if the file cannot be read or written
     */
    public static Journal open(Path file, boolean force, LongSupplier clock, StartChecks checks, Replay replay)
        throws IOException {
        return new Journal(TransparencyLog.open(file, force, clock, checks,
            e -> replay.accept(new Entry(e.seq(), e.atMillis(), decode(e)))));
    }

    /** @return the journal as a transparency log: its signed heads, proofs and records */
    public TransparencyLog transparency() {
        return log;
    }

    /**
     * Appends a record.
     *
     * @param atMillis when, epoch ms
     * @param record the record
     * @return the entry written
     * @throws IOException if it cannot be written
     */
    public Entry append(long atMillis, JournalRecord record) throws IOException {
        AuditLog.Entry e = log.append(atMillis, typeName(record), encode(record));
        return new Entry(e.seq(), atMillis, record);
    }

    /**
     * Makes every record up to {@code seq} durable and covered by a signed tree head (group
     * commit: one force and one head cover every record appended before them).
     *
     * @param seq a record number
     * @throws IOException if the file cannot be forced
     */
    public void sync(long seq) throws IOException {
        log.sync(seq);
    }

    /** @return how many records are durable and covered by a signed tree head */
    public long durableSize() {
        return log.durableSize();
    }

    /** @return how many times the journal was forced to the device */
    public long forces() {
        return log.forces();
    }

    /** @return how many records the journal holds */
    public long size() {
        return log.size();
    }

    /** @return the journal file */
    public Path file() {
        return log.file();
    }

    /**
     * @param record a record
     * @return its type name as the journal writes it, such as {@code request.published}
     */
    public static String typeName(JournalRecord record) {
        return NAMES.get(record.getClass());
    }

    private static ObjectNode encode(JournalRecord record) {
        return JSON.valueToTree(record);
    }

    private static JournalRecord decode(AuditLog.Entry e) {
        Class<? extends JournalRecord> type = TYPES.get(e.type());
        if (type == null) {
            throw new IllegalStateException("journal record " + e.seq() + " has unknown type " + e.type());
        }
        try {
            return JSON.treeToValue(e.data(), type);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("journal record " + e.seq() + " (" + e.type() + ") cannot be read: "
                + ex.getOriginalMessage(), ex);
        } catch (IllegalArgumentException ex) {
            throw new IllegalStateException("journal record " + e.seq() + " (" + e.type() + ") cannot be read: " + ex.getMessage(), ex);
        }
    }

    @Override
    public void close() throws IOException {
        log.close();
    }
}
