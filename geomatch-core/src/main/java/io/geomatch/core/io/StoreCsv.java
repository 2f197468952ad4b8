package io.geomatch.core.io;

import io.geomatch.core.GeoStore;
import io.geomatch.core.InvalidInputException;
import io.geomatch.core.Mutations;
import org.agrona.collections.LongHashSet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Streams a CSV file of changes into a {@link GeoStore}, in batches, reporting after each batch
 * how many rows are durable. Three formats, columns found by header name:
 * <ul>
 *   <li>{@link Format#CAMERAS}: the {@link CameraCsv} format; each row upserts a camera (a camera
 *       already in the store is moved or changed, keeping its footage); an id may appear once per
 *       file;</li>
 *   <li>{@link Format#FOOTAGE}: the {@link FootageCsv} format; each row adds footage to an
 *       existing camera;</li>
 *   <li>{@link Format#UPDATES}: header {@code op,id,lat,lon,opted_in,e2ee,retention_days};
 *       {@code op} is {@code upsert} (then {@code lat} and {@code lon} are required, the rest
 *       default as in {@link CameraCsv}) or {@code delete} (only {@code id} is read).</li>
 * </ul>
 * A bad row, whether it cannot be parsed or the store refuses it, ends the load with an
 * {@link InvalidInputException} naming the file and line; every row before it is durable (and
 * was reported), no row from it on is applied. Rows can go to a store or to any other
 * {@link Target} that applies batches of changes in order (a cluster, a replica). Stateless and
 * thread-safe.
 */
public final class StoreCsv {
    /** Rows per batch: one group commit each. */
    public static final int BATCH_ROWS = 10_000;

    /** The kinds of change files. */
    public enum Format {
        /** Cameras to upsert. */
        CAMERAS,
        /** Footage intervals. */
        FOOTAGE,
        /** Upserts and deletes. */
        UPDATES
    }

    /** Told how many rows are durable. */
    @FunctionalInterface
    public interface Acks {
        /**
         * @param rows data rows durable so far, counting from the caller's {@code rowsBefore}
         */
        void acked(long rows);
    }

    /**
     * What the rows of a file are applied to, a batch of rows (by default {@link #BATCH_ROWS}) at a
     * time, in order: a {@link GeoStore}, or anything that applies {@link Mutations} durably and
     * in order, up to the first change it refuses.
     */
    @FunctionalInterface
    public interface Target {
        /**
         * Applies a batch in order, or its changes before the first one refused.
         *
         * @param batch the changes of the next rows, one per row
         * @return {@code null} if every change was applied and acknowledged, else the refusal
         * @throws IOException if the target cannot take the batch; then nothing of it is reported as acknowledged
         */
        Refusal apply(Mutations batch) throws IOException;
    }

    /**
     * A change a {@link Target} refused.
     *
     * @param accepted how many changes from the start of the batch were applied and acknowledged
     * @param reason why the next one was refused: field, value and what is allowed
     */
    public record Refusal(int accepted, InvalidInputException reason) {
        /**
         * @param accepted changes applied before the refused one, 0 or more
         * @param reason why it was refused, not null
         */
        public Refusal {
            Objects.requireNonNull(reason, "reason");
            if (accepted < 0) {
                throw new IllegalArgumentException("accepted=" + accepted);
            }
        }
    }

    private StoreCsv() {
    }

    /**
     * Loads a file.
     *
     * @param file a UTF-8 CSV file; messages start with {@code file.toString()}
     * @param format what it holds
     * @param store the store
     * @param rowsBefore rows the caller has already had acknowledged, added to every report
     * @param acks told after each durable batch
     * @return the number of data rows of this file applied
     * @throws IOException if the file cannot be read or the store cannot write its log
     * @throws InvalidInputException for a missing column or a bad row, located in the file
     */
    public static long load(Path file, Format format, GeoStore store, long rowsBefore, Acks acks) throws IOException {
        Objects.requireNonNull(store, "store");
        return load(file, format, batch -> {
            try {
                store.apply(batch);
                return null;
            } catch (InvalidInputException e) {
                return new Refusal(batch.accepted(), e);
            }
        }, rowsBefore, acks);
    }

    /**
     * Loads a file into any target that applies batches in order, as
     * {@link #load(Path, Format, GeoStore, long, Acks)} loads it into a store: a refused row ends
     * the load with the row's file and line, after the rows before it were acknowledged.
     *
     * @param file a UTF-8 CSV file; messages start with {@code file.toString()}
     * @param format what it holds
     * @param target what the rows are applied to
     * @param rowsBefore rows the caller has already had acknowledged, added to every report
     * @param acks told after each acknowledged batch
     * @return the number of data rows of this file applied
     * @throws IOException if the file cannot be read or the target cannot take a batch
     * @throws InvalidInputException for a missing column or a bad row, located in the file
     */
    public static long load(Path file, Format format, Target target, long rowsBefore, Acks acks) throws IOException {
        return load(file, format, target, BATCH_ROWS, rowsBefore, acks);
    }

    /**
     * Loads a file into a target in batches of a given size: larger batches suit a target whose
     * cost per batch is high (a cluster, which touches every partition a batch reaches).
     *
     * @param file a UTF-8 CSV file; messages start with {@code file.toString()}
     * @param format what it holds
     * @param target what the rows are applied to
     * @param rowsPerBatch rows per batch, 1 or more; each batch is acknowledged on its own
     * @param rowsBefore rows the caller has already had acknowledged, added to every report
     * @param acks told after each acknowledged batch
     * @return the number of data rows of this file applied
     * @throws IOException if the file cannot be read or the target cannot take a batch
     * @throws InvalidInputException for a missing column or a bad row, located in the file
     */
    public static long load(Path file, Format format, Target target, int rowsPerBatch, long rowsBefore, Acks acks) throws IOException {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(acks, "acks");
        if (rowsPerBatch < 1) {
            throw new IllegalArgumentException("rowsPerBatch=" + rowsPerBatch + ", allowed 1 or more");
        }
        try (CsvReader csv = CsvReader.open(file)) {
            Mutations batch = new Mutations();
            CsvRows.RowConsumer parser = bind(format, csv, batch);
            long[] lines = new long[rowsPerBatch];
            long applied = 0;
            while (true) {
                InvalidInputException bad = null;
                boolean more;
                try {
                    more = csv.next();
                    if (more) {
                        lines[batch.size()] = csv.lineNumber();
                        parser.accept(csv);
                    }
                } catch (InvalidInputException e) {
                    bad = e.at(csv.sourceName(), csv.lineNumber());
                    more = false;
                }
                if (batch.size() == rowsPerBatch || (!more && batch.size() > 0)) {
                    Refusal refusal = target.apply(batch);
                    if (refusal != null) {
                        if (refusal.accepted() >= batch.size()) {
                            throw new IllegalStateException("the target refused change " + refusal.accepted() + " of a batch of " + batch.size());
                        }
                        applied += refusal.accepted();
                        acks.acked(rowsBefore + applied);
                        throw refusal.reason().at(csv.sourceName(), lines[refusal.accepted()]);
                    }
                    applied += batch.size();
                    acks.acked(rowsBefore + applied);
                    batch.clear();
                }
                if (bad != null) {
                    throw bad;
                }
                if (!more) {
                    return applied;
                }
            }
        }
    }

    /** Resolves the columns of the header; the returned consumer adds each row's change to {@code batch}. */
    private static CsvRows.RowConsumer bind(Format format, CsvReader header, Mutations batch) {
        switch (format) {
            case CAMERAS -> {
                LongHashSet seen = new LongHashSet();
                CameraCsv.Columns columns = CameraCsv.Columns.of(header, true);
                return row -> batch.upsertCamera(CameraCsv.unique(columns.camera(row), seen));
            }
            case FOOTAGE -> {
                return FootageCsv.bind(header, batch::addFootage);
            }
            case UPDATES -> {
                int op = header.requireColumn("op");
                CameraCsv.Columns columns = CameraCsv.Columns.of(header, false, "op");
                return row -> {
                    String kind = row.field(op).trim();
                    if (kind.equals("delete")) {
                        batch.deleteCamera(columns.id(row));
                    } else if (kind.equals("upsert")) {
                        batch.upsertCamera(columns.camera(row));
                    } else {
                        columns.id(row);
                        throw new InvalidInputException("op", kind, "is not an operation, allowed upsert or delete");
                    }
                };
            }
            default -> throw new AssertionError(format);
        }
    }
}
