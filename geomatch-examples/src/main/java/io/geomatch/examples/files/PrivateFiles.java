package io.geomatch.examples.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Files only their owner may read: directories {@code 0700}, files {@code 0600}, created with that
 * mode (never briefly readable by others) where the file system has POSIX permissions, and left as
 * the platform makes them elsewhere. Stateless and thread-safe.
 */
public final class PrivateFiles {
    /** {@code rwx------}. */
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    /** {@code rw-------}. */
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PrivateFiles() {
    }

    /**
     * Creates a directory and its missing parents owner-only, and makes the directory itself
     * owner-only if it existed.
     *
     * @param dir the directory
     * @return the directory
     * @throws IOException if it cannot be created or its mode set
     */
    public static Path createDirectories(Path dir) throws IOException {
        if (!POSIX) {
            return Files.createDirectories(dir);
        }
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
        Files.setPosixFilePermissions(dir, DIRECTORY);
        return dir;
    }

    /**
     * Refuses a path that is a symbolic link leading to no file (its target is missing, or the links
     * form a loop), which {@link Files#exists} reports as absent: a file the service keeps there may
     * be on a volume that is not mounted, and must not be taken as missing, or created afresh
     * through the link.
     *
     * @param file the path
     * @param why what to tell the reader, after the path and what it is
     * @throws IOException if it is such a link
     */
    public static void refuseLinkToNothing(Path file, String why) throws IOException {
        if (Files.isSymbolicLink(file) && !Files.exists(file)) {
            throw new IOException(file + " is a symbolic link that leads to no file (its target is missing, or the links form a loop): "
                + why);
        }
    }

    /**
     * Refuses a path that exists but is no regular file: a directory, a pipe, or a device such as
     * {@code /dev/null}, which reads as empty (as a file not yet begun) and takes writes it never keeps.
     *
     * @param file the path, followed if it is a link
     * @param why what to tell the reader, after the path and what it is
     * @throws IOException if it is such a path
     */
    public static void refuseNotAFile(Path file, String why) throws IOException {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new IOException(file + " is not a regular file (it is a directory, a device such as /dev/null, or a pipe): " + why);
        }
    }

    /**
     * Both refusals at once, for a path where only a file, or nothing, may stand: a link leading to no
     * file ({@link #refuseLinkToNothing}), or something that is no regular file ({@link #refuseNotAFile}).
     *
     * @param file the path
     * @param why what to tell the reader, after the path and what it is
     * @throws IOException if it is either
     */
    public static void refuseAllButAFile(Path file, String why) throws IOException {
        refuseLinkToNothing(file, why);
        refuseNotAFile(file, why);
    }

    /**
     * Opens a file channel, creating the file owner-only if it is missing and narrowing it to
     * owner-only if it exists.
     *
     * @param file the file
     * @param options how to open it
     * @return the channel
     * @throws IOException if it cannot be opened
     */
    public static FileChannel open(Path file, Set<? extends OpenOption> options) throws IOException {
        if (!POSIX) {
            return FileChannel.open(file, options);
        }
        FileChannel channel = FileChannel.open(file, options, PosixFilePermissions.asFileAttribute(FILE));
        Files.setPosixFilePermissions(file, FILE);
        return channel;
    }

    /** @return the attribute that creates a file owner-only, for {@code Files.createTempFile} and the like */
    public static FileAttribute<?>[] fileAttributes() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }

    /**
     * Narrows everything under a directory to owner-only: for files other code writes with the
     * process's default mode (the core library's store, for instance). Files that vanish meanwhile
     * are skipped; symbolic links are not followed.
     *
     * @param root the directory
     * @throws IOException if the tree cannot be walked or a mode set
     */
    public static void restrict(Path root) throws IOException {
        if (!POSIX || !Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.toList()) {
                try {
                    if (Files.isSymbolicLink(p)) {
                        continue;
                    }
                    Files.setPosixFilePermissions(p, Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? DIRECTORY : FILE);
                } catch (NoSuchFileException gone) {
                    // removed while walking (a log segment a checkpoint replaced): nothing to narrow
                }
            }
        }
    }
}
