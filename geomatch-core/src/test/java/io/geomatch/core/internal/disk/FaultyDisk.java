package io.geomatch.core.internal.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A simulated disk under one real directory: the directory's files are the operating system's
 * page cache (what a running process reads), and this class remembers, for every file and for the
 * directory, what has reached the simulated device. It injects faults at seeded random points and
 * crashes the simulated machine; a power loss rewrites the directory to what the device holds.
 *
 * <p><b>The device model.</b>
 * <ul>
 *   <li>A file's writes and truncations reach the device when a force of that file succeeds. At a
 *       power loss, unforced ones are lost; with {@link Plan#keepUnsynced}, a random prefix of them
 *       (in the order they were made) survives instead, the last one possibly <em>torn</em>: only a
 *       prefix of its bytes, and sometimes zeros for the rest (the size reached the device, the
 *       data did not).</li>
 *   <li>Creating, renaming and deleting a file reach the device when a force of the directory
 *       succeeds. At a power loss each unforced one survives or not independently (with
 *       {@link Plan#keepUnsynced}; otherwise none does), applied in order, so a rename survives
 *       only if its source did.</li>
 *   <li>A failed force ({@link Fault#FSYNC_EIO}, {@link Fault#DIRSYNC_EIO}) leaves what it should
 *       have forced in limbo: it stays in the page cache, no later force makes it durable (as
 *       Linux marks the pages clean after a write-back error), and at a power loss a random
 *       prefix of it survives, as with unforced data.</li>
 *   <li>{@link Fault#WRITE_EIO}: the write fails after a random prefix of it (maybe none) reached
 *       the page cache. {@link Fault#ENOSPC}: the disk is full; the write returns short after a
 *       random prefix (or fails if that prefix is empty) and every later write fails with "No
 *       space left on device" until a file is deleted or truncated, or {@link #freeSpace()}.
 *       {@link Fault#RENAME_EIO}: the rename fails and changes nothing.</li>
 *   <li>A crash stops the simulated process at an operation: that operation and every later one
 *       fails (a write in progress may have put a prefix in the page cache). After a
 *       {@link Crash#PROCESS} crash ({@code kill -9}) the page cache survives; after a
 *       {@link Crash#POWER} loss only the device's content does. {@link #restart()} starts the
 *       next process; channels of the dead one stay dead.</li>
 * </ul>
 * Every decision comes from one seeded random stream, consumed in the order of operations, so a
 * single-threaded caller replays exactly from the seed; {@link #traceHash()} fingerprints the
 * operations. At a power loss the class checks that every file in the directory was made through
 * it and holds what it recorded, so a store that bypasses the seam fails loudly. Thread-safe (one
 * lock), but deterministic only if the caller's operations come in a deterministic order.
 */
public final class FaultyDisk implements Disk {
    /** What can go wrong at one operation. */
    public enum Fault {
        /** A write fails with an I/O error. */
        WRITE_EIO,
        /** The disk fills up during a write. */
        ENOSPC,
        /** A file's force fails. */
        FSYNC_EIO,
        /** A rename fails. */
        RENAME_EIO,
        /** A directory's force fails. */
        DIRSYNC_EIO
    }

    /** How the simulated machine goes down. */
    public enum Crash {
        /** The process is killed ({@code kill -9}): the page cache survives. */
        PROCESS,
        /** Power loss: only what reached the device survives. */
        POWER
    }

    /**
     * What the disk does.
     *
     * @param faultRate probability that an operation gets one of {@code faults} (if one applies to it)
     * @param faults the faults to inject
     * @param crashRate probability that the process crashes at an operation
     * @param crashKinds what a random crash is, picked uniformly
     * @param keepUnsynced whether a power loss keeps random prefixes of unforced data (else none)
     * @param ignoreForce a broken store: file forces succeed without forcing anything (for tests of the tests)
     * @param ignoreDirectorySync a broken store: directory forces succeed without forcing anything
     */
    public record Plan(double faultRate, Set<Fault> faults, double crashRate, Set<Crash> crashKinds, boolean keepUnsynced,
                       boolean ignoreForce, boolean ignoreDirectorySync) {
        /** @return a disk that never fails by itself and drops everything unforced at a power loss */
        public static Plan reliable() {
            return new Plan(0, EnumSet.noneOf(Fault.class), 0, EnumSet.noneOf(Crash.class), false, false, false);
        }

        /**
         * @param keep whether a power loss keeps random prefixes of unforced data
         * @return this plan with that setting
         */
        public Plan keepUnsynced(boolean keep) {
            return new Plan(faultRate, faults, crashRate, crashKinds, keep, ignoreForce, ignoreDirectorySync);
        }
    }

    /** What happened, summed over one disk's life (or several, with {@link #add}). */
    public static final class Stats {
        /** Operations seen. */
        public long operations;
        /** Faults injected, by kind. */
        public final Map<Fault, Long> faults = new EnumMap<>(Fault.class);
        /** Crashes, by kind. */
        public final Map<Crash, Long> crashes = new EnumMap<>(Crash.class);
        /** File operations (writes, truncations) left in limbo by a failed force. */
        public long limbo;
        /** File operations lost at a power loss because they were never durably forced. */
        public long lostWrites;
        /** Writes torn at a power loss, or by a crash in the middle of the write. */
        public long tornWrites;
        /** Directory operations (create, rename, delete) lost at a power loss. */
        public long lostDirectoryOps;

        /** @return faults injected, all kinds */
        public long totalFaults() {
            return faults.values().stream().mapToLong(Long::longValue).sum();
        }

        /** @param other adds another disk's counts to these */
        public void add(Stats other) {
            operations += other.operations;
            other.faults.forEach((k, v) -> faults.merge(k, v, Long::sum));
            other.crashes.forEach((k, v) -> crashes.merge(k, v, Long::sum));
            limbo += other.limbo;
            lostWrites += other.lostWrites;
            tornWrites += other.tornWrites;
            lostDirectoryOps += other.lostDirectoryOps;
        }

        @Override
        public String toString() {
            return operations + " operations, faults " + faults + " (" + totalFaults() + "), crashes " + crashes
                + ", " + limbo + " writes left in limbo by a failed force, " + lostWrites + " unforced writes lost and "
                + tornWrites + " torn, " + lostDirectoryOps + " directory operations lost";
        }
    }

    /** The exception every operation of a crashed process throws. */
    public static final class CrashedException extends IOException {
        private static final long serialVersionUID = 1L;

        CrashedException(String what) {
            super("simulated crash: the process died at " + what);
        }
    }

    private enum State { DIRTY, LIMBO, DURABLE }

    private static final class Inode {
        /** Content on the device before the first of {@link #ops}. */
        byte[] durable;
        final List<FileOp> ops = new ArrayList<>();

        Inode(byte[] durable) {
            this.durable = durable;
        }
    }

    /** A write of {@code bytes} at {@code position}, or a truncation to {@code position} if {@code bytes} is null. */
    private static final class FileOp {
        final long position;
        final byte[] bytes;
        State state = State.DIRTY;

        FileOp(long position, byte[] bytes) {
            this.position = position;
            this.bytes = bytes;
        }
    }

    private enum DirKind { CREATE, RENAME, UNLINK }

    private static final class DirOp {
        final DirKind kind;
        final String name;
        final String target;
        final Inode inode;
        State state = State.DIRTY;

        DirOp(DirKind kind, String name, String target, Inode inode) {
            this.kind = kind;
            this.name = name;
            this.target = target;
            this.inode = inode;
        }
    }

    /** Files the simulation ignores: the store's lock file, which holds no data. */
    private static final Set<String> IGNORED = Set.of("LOCK");
    private static final int RECENT_EVENTS = 40;

    private final Path dir;
    private final Plan plan;
    private final SplittableRandom random;
    private final Stats stats = new Stats();
    private final Map<String, Inode> visible = new TreeMap<>();
    private Map<String, Inode> durableNames = new TreeMap<>();
    private final List<DirOp> dirOps = new ArrayList<>();
    private final ArrayDeque<String> recent = new ArrayDeque<>();
    /** Faults armed by {@link #failNext}: how many applicable operations to let through first. */
    private final Map<Fault, Integer> armed = new EnumMap<>(Fault.class);
    private long traceHash = 17;
    private long failures;
    private int generation;
    private int temporaries;
    private boolean crashed;
    private Crash crashKind;
    private String crashAt;
    private Crash crashAtKind;
    private boolean full;
    private boolean paused;

    /**
     * @param dir the directory to simulate; files already in it are on the device
     * @param plan what to inject
     * @param seed the random stream's seed
     * @throws IOException if the directory cannot be read
     */
    public FaultyDisk(Path dir, Plan plan, long seed) throws IOException {
        this.dir = dir.toAbsolutePath();
        this.plan = plan;
        this.random = new SplittableRandom(seed);
        Files.createDirectories(this.dir);
        for (String name : listDirectory()) {
            Inode inode = new Inode(Files.readAllBytes(this.dir.resolve(name)));
            visible.put(name, inode);
            durableNames.put(name, inode);
        }
    }

    // ---------------------------------------------------------------- control

    /** @return what happened so far */
    public synchronized Stats stats() {
        return stats;
    }

    /** @return operations failed so far by an injected fault, including writes refused while the disk is full */
    public synchronized long failures() {
        return failures;
    }

    /** @return a fingerprint of every operation so far and its outcome */
    public synchronized long traceHash() {
        return traceHash;
    }

    /** @return the last operations, oldest first, for failure messages */
    public synchronized String recentEvents() {
        return String.join("\n  ", recent);
    }

    /** @return whether the simulated process has crashed and not been restarted */
    public synchronized boolean crashed() {
        return crashed;
    }

    /** @return how the process crashed */
    public synchronized Crash crashKind() {
        return crashKind;
    }

    /** @return whether the disk is full */
    public synchronized boolean full() {
        return full;
    }

    /**
     * Crashes the simulated process now, between operations.
     *
     * @param kind how
     */
    public synchronized void crash(Crash kind) {
        if (!crashed) {
            crashed = true;
            crashKind = kind;
            stats.crashes.merge(kind, 1L, Long::sum);
            event("crash " + kind);
        }
    }

    /**
     * Starts the next process after a crash: after a power loss, the directory is rewritten to
     * what the device holds.
     *
     * @throws IOException if the directory cannot be rewritten
     */
    public synchronized void restart() throws IOException {
        if (!crashed) {
            throw new IllegalStateException("restart without a crash");
        }
        if (crashKind == Crash.POWER) {
            powerCycle();
        }
        crashed = false;
        generation++;
        event("restart after " + crashKind);
    }

    /** Stops random faults and crashes (an operator replaced the disk), until {@link #resume()}. */
    public synchronized void pause() {
        paused = true;
    }

    /** Lets random faults and crashes happen again. */
    public synchronized void resume() {
        paused = false;
    }

    /** Frees space: writes succeed again after {@link Fault#ENOSPC}. */
    public synchronized void freeSpace() {
        full = false;
    }

    /**
     * Crashes the process at the next operation whose description (as in {@link #recentEvents()})
     * starts with {@code operation}, before it takes effect.
     *
     * @param kind how
     * @param operation such as {@code "dirsync"} or {@code "rename .STORE"}
     */
    public synchronized void crashAtNext(Crash kind, String operation) {
        crashAt = operation;
        crashAtKind = kind;
    }

    /**
     * Makes the next operation that a fault applies to fail with it, whatever the plan says.
     *
     * @param fault the fault
     */
    public synchronized void failNext(Fault fault) {
        failNext(fault, 0);
    }

    /**
     * Makes an operation that a fault applies to fail with it, whatever the plan says.
     *
     * @param fault the fault
     * @param skip how many operations it applies to go through first
     */
    public synchronized void failNext(Fault fault, int skip) {
        armed.put(fault, skip);
    }

    // ---------------------------------------------------------------- Disk

    @Override
    public synchronized FileChannel create(Path file) throws IOException {
        String name = nameOf(file);
        operation("create " + name);
        Inode inode = visible.get(name);
        if (inode == null && Files.exists(file)) {
            throw new AssertionError(file + " exists but was not made through the disk seam");
        }
        FileChannel real = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
        if (inode == null) {
            inode = new Inode(new byte[0]);
            visible.put(name, inode);
            dirOps.add(new DirOp(DirKind.CREATE, name, null, inode));
        } else {
            inode.ops.add(new FileOp(0, null));
        }
        return new Channel(name, inode, real, generation);
    }

    @Override
    public synchronized Path createTempFile(Path directory, String prefix, String suffix) throws IOException {
        String name = prefix + temporaries++ + suffix;
        Path file = directory.resolve(name);
        nameOf(file);
        operation("create " + name);
        Files.createFile(file);
        Inode inode = new Inode(new byte[0]);
        visible.put(name, inode);
        dirOps.add(new DirOp(DirKind.CREATE, name, null, inode));
        return file;
    }

    @Override
    public synchronized void rename(Path source, Path target) throws IOException {
        String from = nameOf(source);
        String to = nameOf(target);
        operation("rename " + from + " " + to);
        if (inject(Fault.RENAME_EIO)) {
            throw eio("rename of " + from + " to " + to);
        }
        Inode inode = visible.get(from);
        if (inode == null) {
            throw new NoSuchFileException(source.toString());
        }
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        visible.remove(from);
        visible.put(to, inode);
        dirOps.add(new DirOp(DirKind.RENAME, from, to, inode));
    }

    @Override
    public synchronized boolean delete(Path file) throws IOException {
        String name = nameOf(file);
        operation("delete " + name);
        Inode inode = visible.remove(name);
        if (inode == null) {
            if (Files.exists(file)) {
                throw new AssertionError(file + " exists but was not made through the disk seam");
            }
            return false;
        }
        Files.delete(file);
        dirOps.add(new DirOp(DirKind.UNLINK, name, null, inode));
        full = false;
        return true;
    }

    @Override
    public synchronized void syncDirectory(Path directory) throws IOException {
        if (!directory.toAbsolutePath().equals(dir)) {
            throw new AssertionError("the simulated disk holds " + dir + ", not " + directory);
        }
        operation("dirsync");
        if (inject(Fault.DIRSYNC_EIO)) {
            for (DirOp op : dirOps) {
                if (op.state == State.DIRTY) {
                    op.state = State.LIMBO;
                }
            }
            throw eio("directory force");
        }
        if (plan.ignoreDirectorySync()) {
            return;
        }
        for (DirOp op : dirOps) {
            if (op.state == State.DIRTY) {
                op.state = State.DURABLE;
            }
        }
        while (!dirOps.isEmpty() && dirOps.get(0).state == State.DURABLE) {
            apply(durableNames, dirOps.remove(0));
        }
    }

    // ---------------------------------------------------------------- the file channel

    /** A file open for writing: every write, truncation and force is recorded, and may fail. */
    private final class Channel extends FileChannel {
        private final String name;
        private final Inode inode;
        private final FileChannel real;
        private final int channelGeneration;

        Channel(String name, Inode inode, FileChannel real, int generation) {
            this.name = name;
            this.inode = inode;
            this.real = real;
            this.channelGeneration = generation;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            synchronized (FaultyDisk.this) {
                long at = real.position();
                int n = writeAt(src, at);
                real.position(at + n);
                return n;
            }
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            synchronized (FaultyDisk.this) {
                return writeAt(src, position);
            }
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long n = 0;
            for (int i = offset; i < offset + length; i++) {
                n += write(srcs[i]);
            }
            return n;
        }

        private int writeAt(ByteBuffer src, long position) throws IOException {
            int n = src.remaining();
            String what = "write " + name + " @" + position + " +" + n;
            if (crashed || channelGeneration != generation) {
                throw new CrashedException(what);
            }
            byte[] bytes = new byte[n];
            src.duplicate().get(bytes);
            stats.operations++;
            event(what);
            if (crashNow(what)) {
                if (n > 0 && random.nextBoolean()) {
                    // Killed in the middle of the write: part of it reached the page cache.
                    put(bytes, random.nextInt(n), position);
                    stats.tornWrites++;
                }
                throw new CrashedException(what);
            }
            if (full) {
                throw enospc(what);
            }
            if (inject(Fault.ENOSPC)) {
                full = true;
                int k = n == 0 ? 0 : random.nextInt(n);
                if (k == 0) {
                    throw enospc(what);
                }
                put(bytes, k, position);
                src.position(src.position() + k);
                event("short write +" + k);
                failures++;
                return k;
            }
            if (inject(Fault.WRITE_EIO)) {
                put(bytes, random.nextInt(n + 1), position);
                throw eio(what);
            }
            put(bytes, n, position);
            src.position(src.position() + n);
            return n;
        }

        /** The first {@code k} bytes reach the page cache. */
        private void put(byte[] bytes, int k, long position) throws IOException {
            if (k == 0) {
                return;
            }
            ByteBuffer b = ByteBuffer.wrap(bytes, 0, k);
            while (b.hasRemaining()) {
                real.write(b, position + b.position());
            }
            inode.ops.add(new FileOp(position, Arrays.copyOf(bytes, k)));
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            synchronized (FaultyDisk.this) {
                check("truncate " + name + " " + size);
                if (size < real.size()) {
                    // FileChannel.truncate never extends a file.
                    full = false;
                    real.truncate(size);
                    inode.ops.add(new FileOp(size, null));
                }
                return this;
            }
        }

        @Override
        public void force(boolean metaData) throws IOException {
            synchronized (FaultyDisk.this) {
                check("force " + name);
                if (inject(Fault.FSYNC_EIO)) {
                    for (FileOp op : inode.ops) {
                        if (op.state == State.DIRTY) {
                            op.state = State.LIMBO;
                            stats.limbo++;
                        }
                    }
                    throw eio("force of " + name);
                }
                if (plan.ignoreForce()) {
                    return;
                }
                for (FileOp op : inode.ops) {
                    if (op.state == State.DIRTY) {
                        op.state = State.DURABLE;
                    }
                }
                while (!inode.ops.isEmpty() && inode.ops.get(0).state == State.DURABLE) {
                    inode.durable = applyOp(inode.durable, inode.ops.remove(0), -1, false);
                }
            }
        }

        private void check(String what) throws IOException {
            if (crashed || channelGeneration != generation) {
                throw new CrashedException(what);
            }
            operation(what);
        }

        @Override
        public long position() throws IOException {
            return real.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            real.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return real.size();
        }

        @Override
        public int read(ByteBuffer dst) {
            throw new UnsupportedOperationException("the simulated disk's channels only write");
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) {
            throw new UnsupportedOperationException("the simulated disk's channels only write");
        }

        @Override
        public int read(ByteBuffer dst, long position) {
            throw new UnsupportedOperationException("the simulated disk's channels only write");
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) {
            throw new UnsupportedOperationException("the simulated disk's channels only write");
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) {
            throw new UnsupportedOperationException("transferFrom is not simulated");
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) {
            throw new UnsupportedOperationException("mapping is not simulated");
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException("locking is not simulated");
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException("locking is not simulated");
        }

        @Override
        protected void implCloseChannel() throws IOException {
            real.close();
        }
    }

    // ---------------------------------------------------------------- decisions

    /** Counts an operation, and crashes the process at it if it is the crash point. */
    private void operation(String what) throws IOException {
        if (crashed) {
            throw new CrashedException(what);
        }
        stats.operations++;
        event(what);
        if (crashNow(what)) {
            throw new CrashedException(what);
        }
    }

    private boolean crashNow(String what) {
        if (crashAt != null && what.startsWith(crashAt)) {
            crashAt = null;
            crash(crashAtKind);
            return true;
        }
        if (paused || plan.crashRate() == 0 || random.nextDouble() >= plan.crashRate()) {
            return false;
        }
        Crash[] kinds = plan.crashKinds().toArray(new Crash[0]);
        crash(kinds[random.nextInt(kinds.length)]);
        return true;
    }

    /** @return whether to inject {@code fault} at this operation */
    private boolean inject(Fault fault) {
        Integer skip = armed.get(fault);
        boolean hit = false;
        if (skip != null) {
            if (skip == 0) {
                armed.remove(fault);
                hit = true;
            } else {
                armed.put(fault, skip - 1);
            }
        }
        if (!hit && !paused && plan.faultRate() > 0 && plan.faults().contains(fault)) {
            hit = random.nextDouble() < plan.faultRate();
        }
        if (hit) {
            stats.faults.merge(fault, 1L, Long::sum);
            event("  fault " + fault);
        }
        return hit;
    }

    private IOException eio(String what) {
        failures++;
        return new IOException("Input/output error (injected, at " + what + ")");
    }

    private IOException enospc(String what) {
        failures++;
        return new IOException("No space left on device (injected, at " + what + ")");
    }

    private void event(String what) {
        traceHash = traceHash * 1_000_003 + what.hashCode();
        recent.addLast(what);
        if (recent.size() > RECENT_EVENTS) {
            recent.removeFirst();
        }
    }

    private String nameOf(Path file) {
        Path absolute = file.toAbsolutePath();
        if (!dir.equals(absolute.getParent())) {
            throw new AssertionError("the simulated disk holds " + dir + ", not " + file);
        }
        return absolute.getFileName().toString();
    }

    // ---------------------------------------------------------------- power loss

    /** Rewrites the directory to what the device holds, and makes that the new starting point. */
    private void powerCycle() throws IOException {
        checkPageCache();
        boolean keep = plan.keepUnsynced();
        Map<String, Inode> names = new TreeMap<>(durableNames);
        for (DirOp op : dirOps) {
            boolean survives = op.state == State.DURABLE || (keep && random.nextBoolean());
            if (survives) {
                apply(names, op);
            } else {
                stats.lostDirectoryOps++;
            }
        }
        Map<Inode, byte[]> images = new IdentityHashMap<>();
        for (Inode inode : names.values()) {
            images.computeIfAbsent(inode, i -> deviceImage(i, keep));
        }
        for (String name : listDirectory()) {
            Files.delete(dir.resolve(name));
        }
        visible.clear();
        for (Map.Entry<String, Inode> e : names.entrySet()) {
            byte[] image = images.get(e.getValue());
            Files.write(dir.resolve(e.getKey()), image);
            Inode fresh = new Inode(image);
            visible.put(e.getKey(), fresh);
        }
        durableNames = new TreeMap<>(visible);
        dirOps.clear();
        event("power cycle: " + visible.keySet());
    }

    /** What survives of a file: its durable content, then a prefix of its limbo and unforced operations. */
    private byte[] deviceImage(Inode inode, boolean keep) {
        int limbo = 0;
        int dirty = 0;
        for (FileOp op : inode.ops) {
            limbo += op.state == State.LIMBO ? 1 : 0;
            dirty += op.state == State.DIRTY ? 1 : 0;
        }
        int keptLimbo = keep ? random.nextInt(limbo + 1) : 0;
        int keptDirty = keep ? random.nextInt(dirty + 1) : 0;
        stats.lostWrites += limbo - keptLimbo + dirty - keptDirty;
        byte[] image = inode.durable;
        int l = 0;
        int d = 0;
        for (FileOp op : inode.ops) {
            switch (op.state) {
                case DURABLE -> image = applyOp(image, op, -1, false);
                case LIMBO -> {
                    if (l < keptLimbo) {
                        image = applyMaybeTorn(image, op, l == keptLimbo - 1);
                    }
                    l++;
                }
                case DIRTY -> {
                    if (d < keptDirty) {
                        image = applyMaybeTorn(image, op, d == keptDirty - 1);
                    }
                    d++;
                }
                default -> throw new AssertionError(op.state);
            }
        }
        return image;
    }

    private byte[] applyMaybeTorn(byte[] image, FileOp op, boolean last) {
        if (last && op.bytes != null && op.bytes.length > 1 && random.nextInt(3) == 0) {
            stats.tornWrites++;
            return applyOp(image, op, random.nextInt(1, op.bytes.length), random.nextBoolean());
        }
        return applyOp(image, op, -1, false);
    }

    /**
     * @param keep bytes of a write that land, or -1 for all
     * @param zeroRest whether the rest of a torn write's range reads as zeros (its size landed)
     */
    private static byte[] applyOp(byte[] image, FileOp op, int keep, boolean zeroRest) {
        if (op.bytes == null) {
            return Arrays.copyOf(image, (int) op.position);
        }
        int n = keep < 0 ? op.bytes.length : keep;
        long end = op.position + (zeroRest ? op.bytes.length : n);
        byte[] out = end > image.length ? Arrays.copyOf(image, (int) end) : image.clone();
        System.arraycopy(op.bytes, 0, out, (int) op.position, n);
        return out;
    }

    private static void apply(Map<String, Inode> names, DirOp op) {
        switch (op.kind) {
            case CREATE -> names.put(op.name, op.inode);
            case RENAME -> {
                if (names.get(op.name) == op.inode) {
                    names.remove(op.name);
                    names.put(op.target, op.inode);
                }
            }
            case UNLINK -> {
                if (names.get(op.name) == op.inode) {
                    names.remove(op.name);
                }
            }
            default -> throw new AssertionError(op.kind);
        }
    }

    /** The directory holds exactly the files made through the seam, each with the content recorded for it. */
    private void checkPageCache() throws IOException {
        Set<String> present = listDirectory();
        if (!present.equals(visible.keySet())) {
            throw new AssertionError("the directory holds " + present + " but the disk seam made " + visible.keySet()
                + ": something wrote around the seam");
        }
        for (Map.Entry<String, Inode> e : visible.entrySet()) {
            byte[] expected = e.getValue().durable;
            for (FileOp op : e.getValue().ops) {
                expected = applyOp(expected, op, -1, false);
            }
            if (!Arrays.equals(expected, Files.readAllBytes(dir.resolve(e.getKey())))) {
                throw new AssertionError(e.getKey() + " does not hold what was written through the disk seam");
            }
        }
    }

    private Set<String> listDirectory() throws IOException {
        Set<String> names = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (!IGNORED.contains(name)) {
                    names.add(name);
                }
            }
        }
        return names;
    }
}
