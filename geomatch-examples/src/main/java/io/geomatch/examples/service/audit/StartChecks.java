package io.geomatch.examples.service.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
 * there too, after its own, and refuses to start on a log or a head older than the witness's. A
 * witness that holds no intact head (missing, empty, both slots damaged: an unmounted volume looks
 * the same) is refused too, unless the log is new or the operator starts witnessing an existing
 * log explicitly ({@code initWitness}, {@code serve --witness-init}): the start never writes over
 * a witness it cannot read.
 *
 * @param cutUnacknowledged whether the start may cut records past the surviving recorded head when
 *     a slot of a head file is damaged (those records may have been acknowledged; the operator's
 *     {@code serve --cut-unacknowledged})
 * @param witness the witness file ({@code serve --witness}), outside the log's directory, or null
 *     for none
 * @param initWitness whether a witness holding no head may be given the head of an existing log
 */
public record StartChecks(boolean cutUnacknowledged, Path witness, boolean initWitness) {
    /** No cut, no witness: the defaults. */
    public static final StartChecks DEFAULTS = new StartChecks(false, null, false);

    /**
     * @param cut whether records past a surviving head may be cut when a head slot is damaged
     * @return a copy with that choice
     */
    public StartChecks withCutUnacknowledged(boolean cut) {
        return new StartChecks(cut, witness, initWitness);
    }

    /**
     * @param file the witness file, or null for none
     * @param init whether a witness holding no head may be given the head of an existing log
     * @return a copy with that witness
     */
    public StartChecks withWitness(Path file, boolean init) {
        return new StartChecks(cutUnacknowledged, file, init);
    }

    /**
     * Whether a file lies inside a directory once every symbolic link on either path is followed
     * (a witness reached through a link into the directory is inside it).
     *
     * @param file a file, which need not exist yet
     * @param directory a directory, which need not exist yet
     * @return whether {@code file} resolves to a path under {@code directory}
     * @throws IOException if an existing part of either path cannot be resolved
     */
    public static boolean inside(Path file, Path directory) throws IOException {
        return real(file).startsWith(real(directory));
    }

    /**
     * The path with its deepest existing ancestor (or itself) resolved to its real path, the rest
     * appended; a link whose target does not exist yet is followed to that target.
     */
    private static Path real(Path path) throws IOException {
        Path absolute = path.toAbsolutePath().normalize();
        for (int links = 0; links < 40; links++) {
            Path existing = absolute;
            while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
                existing = existing.getParent();
            }
            if (existing == null) {
                return absolute;
            }
            Path rest = existing.relativize(absolute);
            if (Files.exists(existing)) {
                return existing.toRealPath().resolve(rest).normalize();
            }
            // A dangling link: go on from where it points.
            Path target = existing.resolveSibling(Files.readSymbolicLink(existing));
            absolute = target.resolve(rest).toAbsolutePath().normalize();
        }
        throw new IOException("too many levels of symbolic links in " + path);
    }
}
