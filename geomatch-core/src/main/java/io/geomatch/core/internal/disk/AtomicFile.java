package io.geomatch.core.internal.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The one way geomatch replaces a file: write a temporary file beside it, force it to the device,
 * rename it over the target atomically, then force the directory. A reader sees the old file or
 * the new one, never a mix.
 *
 * <p>A failure before the rename leaves the target untouched and deletes the temporary file. A
 * failure to force the directory after the rename leaves the new content in place but not known
 * to be durable (after a crash the old one may be back): the caller must not act on it, for
 * example by deleting what the old content still needs, until a later replacement succeeds.
 */
public final class AtomicFile {
    /** Writes the new content of a file. */
    @FunctionalInterface
    public interface Contents {
        /**
         * @param channel the temporary file, empty, open for writing
         * @throws IOException if writing fails
         */
        void writeTo(FileChannel channel) throws IOException;
    }

    private AtomicFile() {
    }

    /**
     * @param disk the disk to write through
     * @param target the file to create or replace
     * @param bytes its whole content
     * @throws IOException if it cannot be written (see the class comment for what is left)
     */
    public static void write(Disk disk, Path target, byte[] bytes) throws IOException {
        write(disk, target, channel -> {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        });
    }

    /**
     * Writes through {@link Disk#SYSTEM}.
     *
     * @param target the file to create or replace
     * @param contents writes the content
     * @throws IOException if it cannot be written (see the class comment for what is left)
     */
    public static void write(Path target, Contents contents) throws IOException {
        write(Disk.SYSTEM, target, contents);
    }

    /**
     * @param disk the disk to write through
     * @param target the file to create or replace
     * @param contents writes the content
     * @throws IOException if it cannot be written (see the class comment for what is left)
     */
    public static void write(Disk disk, Path target, Contents contents) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path tmp = disk.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = disk.create(tmp)) {
                contents.writeTo(ch);
                ch.force(true);
            }
            disk.rename(tmp, absolute);
        } catch (IOException | RuntimeException | Error e) {
            try {
                disk.delete(tmp);
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        disk.syncDirectory(dir);
    }
}
