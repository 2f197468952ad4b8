package io.geomatch.core.internal.disk;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The file-system calls that the durability of a store rests on: creating, writing and forcing a
 * file, renaming one over another, deleting one, and forcing a directory's entries. The store's
 * log, checkpoints and small files change the disk only through this interface;
 * {@link #SYSTEM} is the real one, and the tests put a simulated disk behind it that forgets
 * unforced data at a simulated crash and injects I/O errors. Reading (recovery, mapping a
 * checkpoint) goes to the files directly: what a running system reads is what its operating
 * system holds, whatever reached the device.
 *
 * <p>Every method throws the {@link IOException} the operating system reports. After a failed
 * {@link FileChannel#force} or {@link #syncDirectory}, what reached the device is unknown, and a
 * later successful force does not make it known (Linux marks the pages clean after a write-back
 * error): callers treat what they wrote before the failure as lost or write it again.
 */
public interface Disk {
    /** The operating system's file system. */
    Disk SYSTEM = new SystemDisk();

    /**
     * Opens a file for writing at position 0, creating it if missing and emptying it if not. A
     * new file's name is durable only once its directory is forced.
     *
     * @param file the file
     * @return the channel, which the caller closes
     * @throws IOException if it cannot be opened
     */
    FileChannel create(Path file) throws IOException;

    /**
     * Creates a new, empty file with a name no other file has, as {@link java.nio.file.Files#createTempFile}.
     *
     * @param dir the directory
     * @param prefix the start of the name
     * @param suffix the end of the name
     * @return the file
     * @throws IOException if it cannot be created
     */
    Path createTempFile(Path dir, String prefix, String suffix) throws IOException;

    /**
     * Renames a file over another atomically: a reader sees the old target or the new one. The
     * rename is durable only once the directory is forced.
     *
     * @param source the file to rename
     * @param target its new name, replaced if it exists
     * @throws IOException if it cannot be renamed, or not atomically; the target is then unchanged
     */
    void rename(Path source, Path target) throws IOException;

    /**
     * Deletes a file if it exists. The deletion is durable only once the directory is forced.
     *
     * @param file the file
     * @return whether it existed
     * @throws IOException if it cannot be deleted
     */
    boolean delete(Path file) throws IOException;

    /**
     * Forces a directory's entries (created, renamed and deleted files) to the device. On a
     * platform that cannot open a directory (Windows) this does nothing: a rename is still atomic
     * there.
     *
     * @param dir the directory
     * @throws IOException if forcing fails
     */
    void syncDirectory(Path dir) throws IOException;
}
