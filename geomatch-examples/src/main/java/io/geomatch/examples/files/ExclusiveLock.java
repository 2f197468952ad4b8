package io.geomatch.examples.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exclusive lock of a lock file, which keeps a directory to one holder: refused to another
 * process and to another holder in this one, released by the operating system if the process
 * dies, so a crash leaves nothing to clean up. The lock is on the file: one removed (or replaced)
 * while it is held keeps no one out any more, so the file says who holds it and not to remove it.
 *
 * <p>A holder in this process is found in a process-wide set before the file is opened at all:
 * the system's locks belong to the process, and closing <em>any</em> descriptor of the file
 * releases them, so a refused second holder that opened the file and closed it again would free
 * the lock of the first. Thread-safe.
 */
public final class ExclusiveLock implements AutoCloseable {
    /** The lock files held in this process, by their directory's real path and their name. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path key;
    private final Path file;
    private final FileChannel channel;
    /** The identity of the locked file (device and inode on Unix), to tell it from a file put in its place. */
    private final Object fileKey;

    private ExclusiveLock(Path key, Path file, FileChannel channel, Object fileKey) {
        this.key = key;
        this.file = file;
        this.channel = channel;
        this.fileKey = fileKey;
    }

    /**
     * Takes the lock, creating the lock file owner-only if it is missing.
     *
     * @param file the lock file; its directory must exist
     * @param whyHeld what to tell the reader if another holds it, after the path
     * @return the lock, held until {@link #close}
     * @throws IOException if another holds it, or the file cannot be opened or locked (a file
     *     system without locks, for one)
     */
    public static ExclusiveLock take(Path file, String whyHeld) throws IOException {
        // Opening it narrows its mode: a link to a device (/dev/null) must not be followed there.
        PrivateFiles.refuseAllButAFile(file, "a lock file is a file");
        Path key = file.toAbsolutePath().getParent().toRealPath().resolve(file.getFileName());
        if (!HELD.add(key)) {
            throw new IOException(file + " is locked: " + whyHeld);
        }
        FileChannel channel = null;
        try {
            channel = PrivateFiles.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE));
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            } catch (IOException e) {
                throw new IOException(file + " cannot be locked (" + e.getMessage() + "): keep it on a file system that has locks", e);
            }
            if (lock == null) {
                throw new IOException(file + " is locked: " + whyHeld);
            }
            // The lock is on this file: removed while held, it no longer keeps anyone out. The file says so.
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("locked by process " + ProcessHandle.current().pid() + ", which keeps this directory to"
                + " itself while it runs: do not remove this file while it runs\n").getBytes(StandardCharsets.UTF_8)));
            return new ExclusiveLock(key, file, channel, Files.readAttributes(file, BasicFileAttributes.class).fileKey());
        } catch (IOException | RuntimeException | Error e) {
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException c) {
                e.addSuppressed(c);
            } finally {
                HELD.remove(key);
            }
            throw e;
        }
    }

    /**
     * Whether the lock still keeps others out: its file is still the one locked, not removed, moved
     * away or replaced (after which another process may lock a new file there). A few microseconds:
     * one look at the file's attributes.
     *
     * @return why it no longer does, or null if it does
     */
    public String lost() {
        try {
            Object now = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            return fileKey == null || fileKey.equals(now) ? null : file + " was replaced while this process held its lock";
        } catch (IOException e) {
            return file + " was removed while this process held its lock";
        }
    }

    /** Releases the lock; a second call does nothing. */
    @Override
    public void close() throws IOException {
        if (channel.isOpen()) {
            try {
                channel.close();
            } finally {
                HELD.remove(key);
            }
        }
    }
}
