package io.geomatch.examples.service.audit;

import java.nio.file.Path;

/**
 * What the start of a {@link TransparencyLog} may do with records past its recorded head, and
 * what it checks its heads against beyond its own directory.
 *
 * <p><b>The witness.</b> Whoever can write the log's directory can put back an older, intact copy
 * of both head files (each file keeps its previous head too) and have the service take an older
 * head for its last one, cutting the acknowledged records after it as never acknowledged; a
 * directory rolled back whole (log and heads) is just as consistent. Nothing inside the directory
 * can tell. A witness file kept where that someone cannot write (another volume, a mount only the
 * service's user may write, a host's attested storage) can: the service records each commit's head
 * there too, after its own, and refuses to start on a log or a head older than the witness's.
 *
 * @param cutUnacknowledged whether the start may cut records past the surviving recorded head when
 *     a slot of a head file is damaged (those records may have been acknowledged; the operator's
 *     {@code serve --cut-unacknowledged})
 * @param witness the witness file ({@code serve --witness}), outside the log's directory, or null
 *     for none
 */
public record StartChecks(boolean cutUnacknowledged, Path witness) {
    /** No cut, no witness: the defaults. */
    public static final StartChecks DEFAULTS = new StartChecks(false, null);

    /**
     * @param cut whether records past a surviving head may be cut when a head slot is damaged
     * @return a copy with that choice
     */
    public StartChecks withCutUnacknowledged(boolean cut) {
        return new StartChecks(cut, witness);
    }

    /**
     * @param file the witness file, or null for none
     * @return a copy with that witness
     */
    public StartChecks withWitness(Path file) {
        return new StartChecks(cutUnacknowledged, file);
    }
}
