package io.geomatch.examples.service.audit;

import io.geomatch.examples.files.PrivateFiles;
import io.geomatch.examples.text.Printable;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The audit log as a transparency log: every record is a leaf of an RFC 9162 Merkle tree
 * ({@link MerkleTree}), and the service signs the tree's head with its own Ed25519 key
 * ({@link AuditKey}). Beside {@code <name>.log} it keeps, owner-only: {@code <name>.key} (the key
 * pair), {@code <name>.head} (the head it records at every commit, authenticated with an HMAC
 * derived from the key, see {@link LocalHead}) and {@code <name>.sth} (the last head it signed,
 * see {@link SignedTreeHead}).
 *
 * <p><b>Group commit.</b> {@link #append} writes a record and adds its leaf; {@link #sync} forces
 * everything written so far, records its head (forced too) and returns for every caller whose
 * records it covered, so every acknowledged record lies under the recorded head. A signer thread
 * signs the durable tree's head with Ed25519 every {@value #SIGN_EVERY_MILLIS} ms when it has
 * grown (and on close): a signature costs milliseconds on this JDK, so it is kept out of the
 * commit path.
 *
 * <p><b>On open</b> the log must agree with both heads: it may not be shorter than either
 * (records removed), and its first {@code treeSize} records must have each head's root (records
 * changed, inserted, or the whole chain recomputed); the service refuses to start otherwise, and
 * also if a head is missing or does not verify. Records after the recorded head were never
 * acknowledged (a crash came between writing them and recording their head, or someone added them
 * behind the service's back): they are cut off, like a torn last line. Unless a slot of either
 * head file is damaged (a torn head write, or someone flipping a byte to make the service fall
 * back to an older head): then those records may have been acknowledged, and the open refuses,
 * naming the slot and the count, unless the operator accepts the cut ({@code cutUnacknowledged},
 * {@code serve --cut-unacknowledged}).
 *
 * <p><b>A witness</b> ({@link StartChecks#witness()}, {@code serve --witness}): a file outside the
 * log's directory where every commit's head is recorded too, after {@code <name>.head}. The open
 * refuses a witness head that does not verify under the key, one newer than {@code <name>.head}
 * (the head files, or the whole directory, were put back from an older copy), and a log shorter
 * than or inconsistent with it, and a witness that holds no head while the log is not new, unless
 * the operator starts witnessing an existing log ({@link StartChecks#initWitness()}); it never
 * writes over a witness it cannot read. With a witness, a damaged head slot does not stop the start:
 * every acknowledgement waits for the witness's copy of its head, so a witness no newer than the
 * surviving head shows that the records past it were never acknowledged.
 *
 * <p>Heads, proofs and records may be read from any thread.
 */
public final class TransparencyLog implements AutoCloseable {
    /** How often the signer thread signs the durable tree's head, if it has grown, ms. */
    public static final long SIGN_EVERY_MILLIS = 200;
    private final AuditLog log;
    private final MerkleTree tree;
    private final AuditKey key;
    private final HeadFile<LocalHead> localHeads;
    private final HeadFile<SignedTreeHead> signedHeads;
    /** The witness's copy of each recorded head, or null. */
    private final HeadFile<LocalHead> witnessHeads;
    private final boolean force;
    private final LongSupplier clock;
    private final Object syncLock = new Object();
    private final Object signLock = new Object();
    private final ScheduledExecutorService signer;
    private volatile SignedTreeHead latest;
    /** Records under the recorded head: durable and acknowledged; guarded by syncLock. */
    private long durableSize;
    private long syncs;

    private TransparencyLog(AuditLog log, MerkleTree tree, AuditKey key, HeadFile<LocalHead> localHeads,
                            HeadFile<SignedTreeHead> signedHeads, HeadFile<LocalHead> witnessHeads, boolean force, LongSupplier clock,
                            long durableSize, SignedTreeHead latest) {
        this.log = log;
        this.witnessHeads = witnessHeads;
        this.tree = tree;
        this.key = key;
        this.localHeads = localHeads;
        this.signedHeads = signedHeads;
        this.force = force;
        this.clock = clock;
        this.durableSize = durableSize;
        this.latest = latest;
        this.signer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "geomatch-tree-head-signer");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens (or creates) a transparency log, replaying the records its recorded head covers.
     *
     * @param file the log file, {@code <name>.log}
     * @param force whether records and heads are forced to the device before {@link #sync} returns
     * @param clock the clock heads are stamped with, epoch ms
     * @param replay receives each record kept, in order
     * @return the open log
     * @throws IOException if a file cannot be read or written
     * @throws IllegalStateException if the log is altered, shorter than or inconsistent with its
     *     heads, or a head or the key is missing or does not verify
     */
    public static TransparencyLog open(Path file, boolean force, LongSupplier clock, Consumer<AuditLog.Entry> replay) throws IOException {
        return open(file, force, clock, StartChecks.DEFAULTS, replay);
    }

    /**
     * As {@link #open(Path, boolean, LongSupplier, Consumer)}, with a witness and the operator's
     * choice for damaged head slots. When a slot of {@code <name>.head} or {@code <name>.sth} is
     * damaged (a torn write or tampering) and the log holds complete records past the surviving
     * recorded head, those records may have been acknowledged: the open refuses, naming the slot
     * and the count, unless {@link StartChecks#cutUnacknowledged()} accepts the cut (the
     * operator's {@code serve --cut-unacknowledged}). A witness head newer than the recorded head
     * is refused whatever the choice.
     *
     * @param file the log file
     * @param force whether records and heads are forced before {@link #sync} returns
     * @param clock the clock heads are stamped with, epoch ms
     * @param checks the witness, and whether records past a surviving head may be cut when a head slot is damaged
     * @param replay receives each record kept
     * @return the open log
     * @throws IOException if a file cannot be read or written
     * @throws IllegalArgumentException if the witness lies in the log's directory
     */
    public static TransparencyLog open(Path file, boolean force, LongSupplier clock, StartChecks checks,
                                       Consumer<AuditLog.Entry> replay) throws IOException {
        boolean cutUnacknowledged = checks.cutUnacknowledged();
        Path witnessFile = checks.witness();
        String witnessProblem = witnessFile == null ? null : StartChecks.witnessProblem(witnessFile, file.toAbsolutePath().getParent());
        if (witnessProblem != null) {
            throw new IllegalArgumentException("witness " + witnessFile + " " + witnessProblem
                + "; a witness must be kept where whoever can write that directory cannot");
        }
        Path keyFile = sibling(file, ".key");
        Path localFile = sibling(file, ".head");
        Path signedFile = sibling(file, ".sth");
        for (Path f : new Path[] {file, localFile, signedFile}) {
            // A log or head that a link leads to, on a volume not mounted, is not a fresh start.
            PrivateFiles.refuseLinkToNothing(f, "if the volume it leads to is not mounted, mount it; refusing to start");
        }
        for (Path f : new Path[] {file, localFile, signedFile, keyFile}) {
            // Before anything is written: /dev/null would read as an empty log, a fresh start, and then refuse to sync.
            PrivateFiles.refuseNotAFile(f, "the audit log, its key and its heads are kept in files; refusing to start");
        }
        if (witnessFile != null) {
            PrivateFiles.refuseNotAFile(witnessFile, "a witness (serve --witness) is a file of tree heads; refusing to start");
        }
        boolean logEmpty = !Files.exists(file) || Files.size(file) == 0;
        // A first start stopped after it made the key and the (empty) log and head files, before it recorded a head:
        // nothing was ever acknowledged, so it starts afresh with that key. Files missing are another matter (below).
        boolean firstStartCutShort = logEmpty && Files.exists(file) && Files.exists(keyFile) && Files.exists(localFile)
            && Files.size(localFile) == 0 && Files.exists(signedFile) && Files.size(signedFile) == 0;
        boolean fresh = logEmpty && (!Files.exists(localFile) && !Files.exists(signedFile) || firstStartCutShort);
        if (fresh && !firstStartCutShort && Files.exists(keyFile)) {
            // The key is made with the log and its heads: a key without them means the history is gone, not that none began.
            throw new IllegalStateException("the audit key " + keyFile + " exists but " + file + " holds no record and neither "
                + localFile + " nor " + signedFile + " exists: the log was removed, or is on a volume not mounted; restore it"
                + " (if this directory never served, its first start cut short, remove the key); refusing to start");
        }
        AuditKey key = AuditKey.open(keyFile, fresh);
        if (key == null) {
            throw new IllegalStateException("the audit key " + keyFile + " is missing, so the tree heads of " + file
                + " cannot be checked; refusing to start");
        }
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            HeadFile<LocalHead> localHeads = HeadFile.open(localFile, force, LocalHead.class, LocalHead::treeSize);
            opened.add(localHeads);
            HeadFile<SignedTreeHead> signedHeads = HeadFile.open(signedFile, force, SignedTreeHead.class, SignedTreeHead::treeSize);
            opened.add(signedHeads);
            LocalHead local = localHeads.read();
            SignedTreeHead signed = signedHeads.read();
            if (!fresh && (local == null || signed == null)) {
                throw new IllegalStateException(file + " has no " + (local == null ? "recorded tree head in " + localFile
                    : "signed tree head in " + signedFile) + " (removed, or the log predates heads); refusing to start");
            }
            refuseIf(local == null ? null : HeadRules.recordedHeadVerifies(local, key, localFile, keyFile));
            refuseIf(signed == null ? null : HeadRules.signedHeadVerifies(signed, key, signedFile, keyFile));
            refuseIf(local == null || signed == null ? null : HeadRules.signedNotAhead(signed, local, localFile, localHeads.damagedSlots()));
            HeadFile<LocalHead> witnessHeads = null;
            LocalHead witnessedHead = null;
            if (witnessFile != null) {
                if (!fresh && !checks.initWitness() && !Files.exists(witnessFile)) {
                    throw new IllegalStateException("the witness " + witnessFile + " does not exist while " + file + " holds a log: if"
                        + " the witness's volume is not mounted, mount it; to start witnessing this log, start once with"
                        + " --witness-init; refusing to start");
                }
                witnessHeads = HeadFile.open(witnessFile, force, LocalHead.class, LocalHead::treeSize);
                opened.add(witnessHeads);
                witnessedHead = witnessHeads.read();
                refuseIf(witnessedHead == null ? null : HeadRules.witnessHeadVerifies(witnessedHead, key, witnessFile, keyFile));
                if (witnessedHead == null && !fresh && (!checks.initWitness() || Files.size(witnessFile) > 0)) {
                    throw new IllegalStateException("the witness " + witnessFile + " holds no intact tree head (missing, empty or"
                        + " damaged: " + (witnessHeads.damagedSlots().isEmpty() ? "no slot written" : String.join(" and ",
                        witnessHeads.damagedSlots())) + ") while " + file + " holds a log: if the witness's volume is not mounted,"
                        + " mount it; a damaged witness may be the evidence of a rollback and is never written over (move it aside"
                        + " to keep it); to start witnessing this log, start once with --witness-init on a missing or empty file;"
                        + " refusing to start");
                }
                refuseIf(witnessedHead == null ? null
                    : HeadRules.witnessNotAhead(witnessedHead, local == null ? 0 : local.treeSize(), witnessFile, localFile));
            }
            MerkleTree tree = new MerkleTree();
            long keep = local == null ? 0 : local.treeSize();
            List<String> damaged = new ArrayList<>(localHeads.damagedSlots());
            damaged.addAll(signedHeads.damagedSlots());
            // With a witness, records past the surviving head were never acknowledged: every acknowledgement
            // waits for the witness's copy of its head, and the witness was checked above not to be ahead.
            LocalHead witnessed = witnessedHead;
            // The heads are checked against the records read before anything past them is cut, so a log
            // that does not hold them is refused as it is (a last line torn, say, that a head covers).
            Supplier<String> headsProblem = () -> firstProblem(
                signed == null ? null
                    : HeadRules.logHasRoot(file, tree, signed.treeSize(), signed.rootHash(), signed.timestamp(), "last signed tree head"),
                local == null ? null : HeadRules.logHasRoot(file, tree, local.treeSize(), local.rootHash(), local.timestamp(),
                    "tree head recorded at the last commit"),
                witnessed == null ? null : HeadRules.logHasRoot(file, tree, witnessed.treeSize(), witnessed.rootHash(),
                    witnessed.timestamp(), "tree head in the witness " + witnessFile));
            AuditLog log = AuditLog.open(file, keep, n -> {
                String heads = headsProblem.get();
                if (heads != null) {
                    return heads + "; nothing was cut" + (n == 0 ? " (the file ends in a line without its line break)" : "")
                        + "; refusing to start";
                }
                return n == 0 || damaged.isEmpty() || cutUnacknowledged || witnessed != null ? null
                    : String.join(" and ", damaged) + ", and " + file + " holds " + AuditLog.records(n, "complete line")
                    + " past the surviving recorded head (" + keep + " records): they may be records that were acknowledged, so"
                    + " nothing was cut or deleted; restore the head files from a backup, or start with serve --cut-unacknowledged"
                    + " to cut those lines and delete their evidence; refusing to start";
            }, e -> {
                tree.append(MerkleTree.leafHash(e.line(), 0, e.line().length));
                replay.accept(e);
            });
            opened.add(log);
            refuseIf(headsProblem.get());
            if (!damaged.isEmpty()) {
                // Started all the same: no record lies past the surviving head, or the operator or the witness settled those that did.
                System.err.println(Printable.escape("warning: " + String.join(" and ", damaged) + " (a torn write or tampering); starting from the"
                    + " surviving heads, and the slot is written again with the next head"));
            }
            long cut = log.cut();
            if (cut > 0) {
                System.err.println(Printable.escape("warning: " + AuditLog.records(cut, "line") + " of " + file + " after the tree head recorded at its"
                    + " last commit " + (cut == 1 ? "was cut off: it was" : "were cut off: they were") + " never acknowledged (a crash"
                    + " before their head was recorded, or records added behind the service's back)"));
            }
            TransparencyLog t = new TransparencyLog(log, tree, key, localHeads, signedHeads, witnessHeads, force, clock, keep, signed);
            if (fresh) {
                t.record(0);
                t.signIfGrown(true);
            } else if (witnessHeads != null && witnessedHead == null) {
                witnessHeads.write(local);
                System.err.println(Printable.escape("note: the witness " + witnessFile + " was given the head of " + keep
                    + " records (--witness-init); it protects every record from here on"));
            }
            t.signer.scheduleWithFixedDelay(t::signQuietly, SIGN_EVERY_MILLIS, SIGN_EVERY_MILLIS, TimeUnit.MILLISECONDS);
            return t;
        } catch (IOException | RuntimeException e) {
            for (AutoCloseable c : opened) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // the original failure matters more
                }
            }
            throw e;
        }
    }

    /** Refuses to start, for the reason given, if there is one. */
    /** @return the first of the problems that is not null, or null */
    private static String firstProblem(String... problems) {
        for (String p : problems) {
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    private static void refuseIf(String problem) {
        if (problem != null) {
            throw new IllegalStateException(problem + "; refusing to start");
        }
    }

    /**
     * @param file a log file
     * @param extension the extension of a file kept beside it, such as {@code .key}
     * @return that file: the log's name with its extension replaced
     */
    static Path sibling(Path file, String extension) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return file.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + extension);
    }

    /**
     * Appends a record and its leaf (not yet durable; see {@link #sync}).
     *
     * @param atMillis when, epoch ms
     * @param type the kind of change
     * @param data the change
     * @return the record written
     * @throws IOException if it cannot be written
     */
    public synchronized AuditLog.Entry append(long atMillis, String type, ObjectNode data) throws IOException {
        AuditLog.Entry e = log.append(atMillis, type, data);
        tree.append(MerkleTree.leafHash(e.line(), 0, e.line().length));
        return e;
    }

    /**
     * Makes every record up to {@code upTo} durable and records the head that covers it: the
     * first caller forces every record written so far and records their tree's head; callers
     * whose records that covered return at once.
     *
     * @param upTo a record number
     * @throws IOException if the log or the head cannot be written
     */
    public void sync(long upTo) throws IOException {
        synchronized (syncLock) {
            if (durableSize >= upTo) {
                return;
            }
            long target;
            synchronized (this) {
                target = log.size();
            }
            if (force) {
                log.force();
            }
            record(target);
        }
    }

    private void record(long size) throws IOException {
        synchronized (syncLock) {
            LocalHead head = LocalHead.of(size, HexFormat.of().formatHex(tree.root(size)), clock.getAsLong(), key);
            localHeads.write(head);
            // After the directory's own head: a crash between the two leaves the witness behind, never ahead.
            if (witnessHeads != null) {
                witnessHeads.write(head);
            }
            durableSize = size;
            syncs++;
        }
    }

    private void signQuietly() {
        try {
            signIfGrown(false);
        } catch (IOException | RuntimeException e) {
            System.err.println(Printable.escape("error: signing a tree head of " + log.file() + ": " + e));
        }
    }

    /**
     * Signs the head of the durable tree if it has grown since the last signed head (or always,
     * if told to), and writes it.
     *
     * @param always sign even if the tree has not grown
     * @return the last signed head
     * @throws IOException if the head cannot be written
     */
    public SignedTreeHead signIfGrown(boolean always) throws IOException {
        synchronized (signLock) {
            long size = durableSize();
            SignedTreeHead last = latest;
            if (!always && last != null && last.treeSize() >= size) {
                return last;
            }
            String root = HexFormat.of().formatHex(tree.root(size));
            long at = clock.getAsLong();
            byte[] signature = key.sign(SignedTreeHead.signedText(size, root, at).getBytes(StandardCharsets.UTF_8));
            SignedTreeHead head = new SignedTreeHead(size, root, at, Base64.getEncoder().encodeToString(signature));
            signedHeads.write(head);
            latest = head;
            return head;
        }
    }

    /** @return the last head signed: it covers every record acknowledged until a moment ago */
    public SignedTreeHead latestHead() {
        return latest;
    }

    /** @return the raw 32-byte Ed25519 public key heads are signed with */
    public byte[] publicKey() {
        return key.publicKey();
    }

    /**
     * @param leafIndex a record, from 0
     * @param treeSize a tree size no larger than the last signed head's
     * @return the RFC 9162 inclusion proof of that record in that tree, hex hashes from the leaf up
     * @throws IllegalArgumentException naming the parameter if out of range
     */
    public List<String> inclusion(long leafIndex, long treeSize) {
        checkSigned("treeSize", treeSize, 1);
        return hex(tree.inclusion(leafIndex, treeSize));
    }

    /**
     * @param first the older tree size, 1..second
     * @param second the newer one, no larger than the last signed head's
     * @return the RFC 9162 consistency proof, hex hashes
     * @throws IllegalArgumentException naming the parameter if out of range
     */
    public List<String> consistency(long first, long second) {
        checkSigned("second", second, 1);
        return hex(tree.consistency(first, second));
    }

    /**
     * @param from the first record, from 0
     * @param to the record after the last, no more than the log holds
     * @return the records exactly as stored
     * @throws IOException if the log cannot be read
     */
    public List<String> entries(long from, long to) throws IOException {
        return log.lines(from, to);
    }

    private void checkSigned(String name, long value, long min) {
        long max = latest.treeSize();
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " " + value + " is out of range, allowed " + min + ".." + max
                + " (the size of the last signed tree head)");
        }
    }

    private static List<String> hex(List<byte[]> hashes) {
        List<String> out = new ArrayList<>(hashes.size());
        for (byte[] h : hashes) {
            out.add(HexFormat.of().formatHex(h));
        }
        return out;
    }

    /** @return how many records the log holds */
    public long size() {
        return log.size();
    }

    /** @return how many records are durable and under the recorded head: every acknowledged one */
    public long durableSize() {
        synchronized (syncLock) {
            return durableSize;
        }
    }

    /** @return how many times {@link #sync} forced the log and recorded a head: fewer than records when writers commit together */
    public long forces() {
        synchronized (syncLock) {
            return syncs;
        }
    }

    /** @return the log file */
    public Path file() {
        return log.file();
    }

    /**
     * Stops the signer, signs the head of everything durable, and closes the files.
     *
     * @throws IOException if a file cannot be written or closed
     */
    @Override
    public void close() throws IOException {
        signer.shutdown();
        try {
            signer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            signIfGrown(false);
        } finally {
            try {
                log.close();
            } finally {
                try {
                    localHeads.close();
                } finally {
                    try {
                        signedHeads.close();
                    } finally {
                        if (witnessHeads != null) {
                            witnessHeads.close();
                        }
                    }
                }
            }
        }
    }
}
