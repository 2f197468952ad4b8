package io.geomatch.examples.service.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
     * What makes a file unfit to witness a directory, if anything: the file lies inside the
     * directory once every symbolic link is followed as the system follows it (a {@code ..} after a
     * link goes up from the link's target); one of the links on its way lies inside the directory
     * (whoever can write the directory could point it elsewhere); or the file has another hard link
     * (which could lie inside the directory).
     *
     * @param file the witness file, which need not exist yet
     * @param directory the directory it witnesses, which need not exist yet
     * @return the problem in words (to follow the file's name), or null if there is none
     * @throws IOException if an existing part of either path cannot be read
     */
    public static String witnessProblem(Path file, Path directory) throws IOException {
        Path dir = resolve(directory, new ArrayList<>(), 0);
        List<Path> links = new ArrayList<>();
        Path real = resolve(file, links, 0);
        if (real.startsWith(dir)) {
            return "lies inside the data directory " + directory + " (as " + real + ")";
        }
        for (Path link : links) {
            if (link.startsWith(dir)) {
                return "is reached through the symbolic link " + link + ", which lies inside the data directory " + directory;
            }
        }
        if (Files.isRegularFile(real)) {
            Object hardLinks = Files.getAttribute(real, "unix:nlink");
            if (hardLinks instanceof Integer n && n > 1) {
                return "has " + n + " hard links, and another one could lie inside the data directory " + directory
                    + "; a witness must have one";
            }
        }
        return null;
    }

    /**
     * The path as the system resolves it: component by component from the root, each symbolic link
     * replaced by its target (its location recorded in {@code links}), {@code ..} taken after that;
     * the part from the first name that does not exist on is taken as written.
     */
    private static Path resolve(Path path, List<Path> links, int depth) throws IOException {
        if (depth > 40) {
            throw new IOException("too many levels of symbolic links in " + path);
        }
        Path absolute = path.toAbsolutePath();
        Path current = absolute.getRoot();
        int count = absolute.getNameCount();
        for (int i = 0; i < count; i++) {
            String name = absolute.getName(i).toString();
            if (name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                current = current.getParent() == null ? current : current.getParent();
                continue;
            }
            Path next = current.resolve(name);
            if (Files.isSymbolicLink(next)) {
                links.add(next);
                current = resolve(current.resolve(Files.readSymbolicLink(next)), links, depth + 1);
            } else if (Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
                current = next;
            } else {
                return (count > i + 1 ? next.resolve(absolute.subpath(i + 1, count)) : next).normalize();
            }
        }
        return current;
    }
}
