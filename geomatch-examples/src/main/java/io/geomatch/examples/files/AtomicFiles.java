package io.geomatch.examples.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a file atomically: the content goes to a temporary file in the same directory, is
 * forced to disk and renamed over the target, and then the directory entry is forced too. The
 * file is owner-only ({@code 0600}, see {@link PrivateFiles}) from the moment it is created.
 * Stateless and thread-safe; two writers of one target leave one of their contents, whole.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /**
     * @param target the file to create or replace
     * @param bytes its whole content
     * @throws IOException if it cannot be written; the target is then untouched and no temporary
     *     file is left behind
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, bytes, true);
    }

    /**
     * @param target the file to create or replace
     * @param bytes its whole content
     * @param force whether the content and the directory entry are forced to the device (survives
     *     a power loss); without, the replacement is still atomic for readers and a killed process
     * @throws IOException if it cannot be written; the target is then untouched and no temporary
     *     file is left behind
     */
    public static void write(Path target, byte[] bytes, boolean force) throws IOException {
        write(target, bytes, force, force);
    }

    /**
     * @param target the file to create or replace
     * @param bytes its whole content
     * @param force whether the content is forced to the device before the rename
     * @param forceDirectory whether the directory entry is forced after it; a caller that
     *     renames many files into a directory may force it once for all (see {@link #forceDirectory})
     * @throws IOException if it cannot be written; the target is then untouched and no temporary
     *     file is left behind
     */
    public static void write(Path target, byte[] bytes, boolean force, boolean forceDirectory) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path tmp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp", PrivateFiles.fileAttributes());
        try {
            Files.write(tmp, bytes, StandardOpenOption.TRUNCATE_EXISTING);
            if (force) {
                try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
            }
            Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(tmp);
            throw new IOException("cannot replace " + target + " atomically: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        if (forceDirectory) {
            forceDirectory(dir);
        }
    }

    /**
     * Forces a directory's entries (names created, renamed or removed) to the device.
     *
     * @param dir the directory
     */
    public static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every platform opens a directory; the rename is atomic there all the same.
        }
    }
}
