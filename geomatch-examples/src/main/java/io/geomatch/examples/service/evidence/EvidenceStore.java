package io.geomatch.examples.service.evidence;

import io.geomatch.examples.files.AtomicFiles;
import io.geomatch.examples.files.PrivateFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Clip content on disk, content-addressed: the bytes whose SHA-256 is {@code h} are the file
 * {@code evidence/h[0..2]/h}, written atomically (temporary file, forced, renamed) and owner-only,
 * once however many clips share them; the directories' entries are forced together before the
 * journal records naming the files are ({@link #forceDirectories}). The journal refers to content by hash only, and the
 * service's heap holds none of it: content is streamed from here when it is checked or read, so
 * memory does not grow with the volume stored. Thread-safe: writers of the same content write the
 * same bytes.
 */
public final class EvidenceStore {
    /** The store's directory name in the data directory. */
    public static final String DIR = "evidence";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private final Path root;
    private final boolean force;
    /** Directories a file was renamed into whose entries are not forced yet; guarded by this. */
    private Set<Path> unforced = new HashSet<>();

    private EvidenceStore(Path root, boolean force) {
        this.root = root;
        this.force = force;
    }

    /**
     * Opens the store under a data directory, creating it owner-only, and removes temporary files
     * a crash left behind.
     *
     * @param dataDir the service's data directory
     * @param force whether content is forced to the device before the clip's record is written
     *     (as the journal is; off only where the journal is not forced either)
     * @return the store
     * @throws IOException if it cannot be created or read
     */
    public static EvidenceStore open(Path dataDir, boolean force) throws IOException {
        Path root = PrivateFiles.createDirectories(dataDir.resolve(DIR));
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                if (p.getFileName().toString().startsWith(".")) {
                    Files.deleteIfExists(p);
                }
            }
        }
        return new EvidenceStore(root, force);
    }

    /**
     * Stores content under its hash, unless it is already there whole.
     *
     * @param sha256 the content's SHA-256, lower-case hex
     * @param content the content
     * @throws IOException if it cannot be written
     */
    public void put(String sha256, byte[] content) throws IOException {
        Path file = file(sha256);
        if (Files.isRegularFile(file) && Files.size(file) == content.length && sha256.equals(hashOf(sha256))) {
            return;
        }
        PrivateFiles.createDirectories(file.getParent());
        AtomicFiles.write(file, content, force, false);
        if (force) {
            synchronized (this) {
                unforced.add(file.getParent());
            }
        }
    }

    /**
     * Forces the entries of every directory a file was put into since the last call, once each:
     * the service calls it before it forces the journal records naming those files, so a record
     * never outlives its content, and uploads committed together share the forces.
     */
    public void forceDirectories() {
        Set<Path> dirs;
        synchronized (this) {
            if (unforced.isEmpty()) {
                return;
            }
            dirs = unforced;
            unforced = new HashSet<>();
            for (Path d : dirs) {
                AtomicFiles.forceDirectory(d);
            }
        }
    }

    /**
     * @param sha256 a content hash
     * @return whether content is stored under it
     */
    public boolean contains(String sha256) {
        return Files.isRegularFile(file(sha256));
    }

    /**
     * @param sha256 a content hash
     * @return the content, streamed from disk; the caller closes it
     * @throws IOException if it is missing or cannot be read
     */
    public InputStream open(String sha256) throws IOException {
        return Files.newInputStream(file(sha256));
    }

    /**
     * Hashes what is stored under a hash now, reading it in 64 KiB pieces.
     *
     * @param sha256 a content hash
     * @return the SHA-256 of the stored bytes, or null if there are none
     * @throws IOException if it cannot be read
     */
    public String hashOf(String sha256) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = open(sha256)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        } catch (NoSuchFileException e) {
            return null;
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Deletes stored content no clip refers to (what an upload wrote before it was refused, or
     * before a crash kept its record from the journal), and counts the content clips refer to that
     * is not stored, in the same walk.
     *
     * @param referenced the hashes clips refer to
     * @return how many files were deleted, and how many referenced hashes have no file
     * @throws IOException if the store cannot be read
     */
    public Sweep retainOnly(Set<String> referenced) throws IOException {
        int deleted = 0;
        Set<String> found = new HashSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                String name = p.getFileName().toString();
                if (referenced.contains(name)) {
                    found.add(name);
                } else {
                    Files.deleteIfExists(p);
                    deleted++;
                }
            }
        }
        return new Sweep(deleted, referenced.size() - found.size());
    }

    /**
     * What {@link #retainOnly} found.
     *
     * @param deleted files no clip refers to, deleted
     * @param missing hashes clips refer to whose file is not in the store
     */
    public record Sweep(int deleted, int missing) {
    }

    private Path file(String sha256) {
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a SHA-256 in lower-case hex: " + sha256);
        }
        return root.resolve(sha256.substring(0, 2)).resolve(sha256);
    }
}
