package io.geomatch.examples.service;

import io.geomatch.examples.files.AtomicFiles;
import io.geomatch.examples.files.ExclusiveLock;
import io.geomatch.examples.files.PrivateFiles;
import io.geomatch.examples.service.audit.AuditLog;
import io.geomatch.examples.service.audit.AuditVerifier;
import io.geomatch.examples.service.audit.SignedTreeHead;
import io.geomatch.examples.service.audit.TransparencyLog;
import io.geomatch.examples.service.directory.Directory;
import io.geomatch.examples.service.evidence.Evidence;
import io.geomatch.examples.service.evidence.EvidenceStore;
import io.geomatch.examples.service.fanout.DeviceIndex;
import io.geomatch.examples.service.fanout.FanOut;
import io.geomatch.examples.service.journal.Journal;
import io.geomatch.examples.service.journal.JournalRecord;
import io.geomatch.examples.service.journal.Ledger;
import io.geomatch.examples.service.policy.DeviceRules;
import io.geomatch.examples.service.policy.PolicyViolationException;
import io.geomatch.examples.service.report.LaplaceNoise;
import io.geomatch.examples.service.report.TransparencyReports;
import io.geomatch.examples.service.requests.Request;
import io.geomatch.examples.service.requests.Requests;
import io.geomatch.examples.sim.SimulatedFleet;
import io.geomatch.examples.text.Printable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The community-request platform: verified agencies, owners and their devices, clips, requests
 * with their policy checks, the anonymous fan-out, owners' responses and the evidence store, all
 * recorded in a hash-chained journal that is also the audit log the state recovers from. This
 * class wires the concerns together and is the API in-process callers and the HTTP layer use;
 * each call is handled by the component of its concern ({@code service.directory},
 * {@code service.requests}, {@code service.evidence}, {@code service.fanout}), every rule is in
 * {@code service.policy}, and every change is a {@code service.journal} record.
 *
 * <p><b>Storage.</b> Under its data directory: {@code audit.log} (the journal: every state
 * change, forced to the device before a call returns), {@code evidence/} (clip content, one file
 * per SHA-256, referred to from the journal by hash), {@code index/} (a geomatch store of every
 * device and its footage, derived from the journal), {@code operator.token}, and {@code service.lock}
 * (locked by the open service, so that a second one on the directory is refused). The directory and
 * everything in it is owner-only ({@code 0700} and {@code 0600}); files the core library writes
 * with the process's default mode are narrowed on open and close, and no other user can reach
 * them in between through the {@code 0700} directories. On open the
 * journal is replayed and the local index built again from it: the index's files carry only
 * CRCs, which the hash chain and the signed heads do not cover, so an index left by an earlier
 * run is never trusted (someone who can write the directory could otherwise move, add or hide
 * cameras with no trace in the log). While the service runs, the journal record is written before
 * the index change, so a crash between the two loses nothing. Nothing is journaled that the state
 * or the index could not take (each record is checked first).
 *
 * <p><b>Privacy.</b> Filing a request answers {@code 202 {id, status}} before any matching is
 * done: the fan-out runs afterwards on its own thread, so neither the answer nor its timing
 * depends on who or how many are in the area. Agencies can read their requests and the clips
 * owners chose to share, never recipients, counts or delivery state; only the operator's
 * {@link #deliveries} report holds those. Opted-out owners and end-to-end encrypted devices are
 * not eligible in the index, so they never receive requests.
 *
 * <p><b>Threading.</b> Calls are thread-safe. Changes are decided under the ledger's write lock
 * and acknowledged once their journal records are forced, in groups; reads take no lock, so
 * nothing an agency reads waits for the fan-out's or owners' writes. The fan-out matches against
 * a lock-free index view. What owners do (clip uploads, answers, opt-outs and opt-ins) is
 * committed in rounds, one journal record every {@link ServiceOptions#ownerRoundMillis} whatever
 * it holds, so that the public tree's size does not count it: those calls wait for their round,
 * and their {@code ...Later} forms let a caller (the HTTP layer) be told instead of waiting.
 */
public final class CommunityService implements AutoCloseable {
    /** The journal's file name in the data directory. */
    public static final String JOURNAL_FILE = "audit.log";
    /** The operator token's file name in the data directory. */
    public static final String OPERATOR_TOKEN_FILE = "operator.token";
    /** The lock file in the data directory: one service at a time. */
    public static final String LOCK_FILE = "service.lock";
    /** The index's directory name in the data directory. */
    public static final String INDEX_DIR = "index";
    /** The most audit log records {@link #auditEntries} returns at a time. */
    public static final int MAX_ENTRIES = 1000;

    private final Path dir;
    private final ServiceOptions options;
    private final DeviceIndex index;
    private final Ledger ledger;
    private final Directory directory;
    private final Requests requests;
    private final Evidence evidence;
    private final EvidenceStore store;
    private final FanOut fanOut;
    private final StateMachine stateMachine;
    private final TransparencyReports reports;
    private final ExclusiveLock lock;
    private final AtomicBoolean lockLostReported = new AtomicBoolean();
    private Journal journal;
    private String newOperatorToken;

    private CommunityService(Path dir, ExclusiveLock lock, ServiceOptions options, DeviceIndex index, EvidenceStore store) {
        this.dir = dir;
        this.lock = lock;
        this.options = options;
        this.index = index;
        this.ledger = new Ledger(options.clock(), r -> {
            requireLock();
            try {
                stateMachine().check(r);
            } catch (DeviceIndex.RefusedException e) {
                throw ServiceException.invalid("invalid-field", e.field(), e.getMessage());
            }
        }, e -> stateMachine().apply(e), store::forceDirectories, seq -> {
            try {
                index.flushUpTo(seq);
            } catch (DeviceIndex.UnavailableException e) {
                // The changes stay queued: the next write, or the fan-out before it matches, applies them.
            }
        }, options.ownerRoundMillis());
        this.directory = new Directory(ledger);
        this.requests = new Requests(ledger, directory, index, options.clock(), options.requestsPerHour());
        this.store = store;
        this.evidence = new Evidence(ledger, directory, requests, options.clock(), store, options.ownerQuotaBytes());
        this.fanOut = new FanOut(index, ledger);
        this.reports = new TransparencyReports(ledger, directory, requests, options.clock(), options.reportEpsilon(), this::signTreeHead,
            new LaplaceNoise());
        this.stateMachine = new StateMachine(directory, requests, evidence, index, reports);
        requests.onPublished(fanOut::schedule);
    }

    /**
     * Before every change: the data directory's lock file is still the one this service locked. If
     * it was removed or replaced, another service may have started on the directory and be writing
     * the same journal, so no change is taken any more (reads go on); the operator restarts.
     */
    private void requireLock() {
        String lost = lock.lost();
        if (lost != null) {
            if (lockLostReported.compareAndSet(false, true)) {
                System.err.println(Printable.escape("error: " + lost + ": another service may now run on " + dir
                    + ", so this one takes no more changes; stop it, make sure no other runs there, and start again"));
            }
            throw new ServiceException(503, "directory-unlocked", null, "the service takes no changes: its data directory's lock"
                + " was lost; the operator must restart it");
        }
    }

    private StateMachine stateMachine() {
        return stateMachine;
    }

    /**
     * Opens the service on a data directory, creating it on first start, recovering it after a
     * stop or a crash. On first start it writes a new operator token to
     * {@code DIR/operator.token} (owner read/write only) and, if the options say so, populates
     * the simulated world.
     *
     * @param dir the data directory
     * @param options how to run
     * @return the open service
     * @throws IOException if the directory cannot be read or written, or another process uses it
     * @throws IllegalStateException if the audit log was altered
     */
    public static CommunityService open(Path dir, ServiceOptions options) throws IOException {
        PrivateFiles.createDirectories(dir);
        // Before anything is read or written: a second service on the directory would append to the journal behind
        // the first one's back, and records both acknowledged would be lost or the signed log forked.
        ExclusiveLock lock = ExclusiveLock.take(dir.resolve(LOCK_FILE), "another service runs on " + dir
            + " (two on one data directory would lose acknowledged records); stop it first; refusing to start");
        try {
            Path localIndex = dir.resolve(INDEX_DIR);
            if (options.clusterMembers().isEmpty() && Files.isDirectory(localIndex)) {
                // The index is derived data that neither the hash chain nor the signed heads cover (its files carry only
                // CRCs, which anyone can recompute): never trusted across a restart, it is built again from the journal.
                deleteTree(localIndex);
            }
            return openOnce(dir, lock, options);
        } catch (IOException | RuntimeException | Error e) {
            // A service that opened and then failed has closed, and released it; one that never opened leaves it here.
            try {
                lock.close();
            } catch (IOException c) {
                e.addSuppressed(c);
            }
            throw e;
        }
    }

    private static CommunityService openOnce(Path dir, ExclusiveLock lock, ServiceOptions options) throws IOException {
        DeviceIndex index;
        if (options.clusterMembers().isEmpty()) {
            PrivateFiles.createDirectories(dir.resolve(INDEX_DIR));
            index = DeviceIndex.open(dir.resolve(INDEX_DIR), DeviceRules.MAX_RETENTION_DAYS);
        } else {
            index = DeviceIndex.onCluster(options.clusterMembers(), DeviceRules.MAX_RETENTION_DAYS);
        }
        // The core writes its files with the process's default mode; they sit in a 0700 directory and are narrowed here and on close.
        PrivateFiles.restrict(dir);
        CommunityService service;
        try {
            service = new CommunityService(dir, lock, options, index, EvidenceStore.open(dir, options.durable()));
        } catch (IOException | RuntimeException | Error e) {
            try {
                index.close();
            } catch (IOException | RuntimeException c) {
                e.addSuppressed(c);
            }
            throw e;
        }
        try {
            service.start();
        } catch (IOException | RuntimeException e) {
            service.closeQuietly();
            throw e;
        }
        return service;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private void start() throws IOException {
        index.beginReplay();
        journal = Journal.open(dir.resolve(JOURNAL_FILE), options.durable(), options.clock(), options.startChecks(), stateMachine::apply);
        index.endReplay();
        Set<String> referenced = evidence.referencedHashes();
        EvidenceStore.Sweep sweep = store.retainOnly(referenced);
        if (sweep.deleted() > 0) {
            System.err.println("note: deleted " + sweep.deleted() + " clip files no journal record refers to (uploads refused or cut short)");
        }
        // Content is never deleted once recorded: a clip file gone is lost evidence, which the operator must hear of now.
        if (sweep.missing() > 0) {
            System.err.println(Printable.escape("warning: " + sweep.missing() + " of the " + referenced.size() + " clip files the journal"
                + " records are missing from " + dir.resolve(EvidenceStore.DIR) + " (removed, or on a volume not mounted): their evidence"
                + " is served without content"));
        }
        ledger.attach(journal);
        if (journal.size() == 0) {
            String token = Signatures.newToken();
            Path tokenFile = dir.resolve(OPERATOR_TOKEN_FILE);
            PrivateFiles.refuseNotAFile(tokenFile, "the operator token is written to a file");
            AtomicFiles.write(tokenFile, (token + "\n").getBytes(StandardCharsets.UTF_8));
            newOperatorToken = token;
            ledger.write(tx -> {
                tx.commit(new JournalRecord.OperatorCreated(Signatures.tokenHash(token)));
                if (options.simulatedDevices() > 0) {
                    tx.commit(new JournalRecord.WorldSimulated(options.simulatedDevices(), options.simulationSeed(), options.historyDays(),
                        options.worldNowMillis(now())));
                }
                return null;
            });
        }
        // Only now: a round written before it would take the first record's place, and the start its operator token.
        ledger.startRounds();
        for (Request r : requests.all()) {
            if (r.delivery() == null) {
                fanOut.schedule(r);
            }
        }
    }

    /**
     * @param notifier receives every delivery from now on, once it is durable, on the fan-out
     *     thread; it must be quick and not call back into the service on the calling thread
     */
    public void setNotifier(FanOut.Notifier notifier) {
        fanOut.setNotifier(notifier);
    }

    /** @return the operator token created by this start, or null if the directory already had one */
    public String newOperatorToken() {
        return newOperatorToken;
    }

    /** @return the simulated fleet, or null if this service has no simulated world */
    public SimulatedFleet fleet() {
        return directory.fleet();
    }

    /** @return the current time by the service's clock, epoch ms */
    public long now() {
        return options.clock().getAsLong();
    }

    /**
     * @param token a bearer token
     * @return who holds it, or null if no one
     */
    public Principal authenticate(String token) {
        return directory.authenticate(token);
    }

    /**
     * The principal of a simulated owner, for the in-process simulator; simulated owners have no
     * token, so the HTTP API cannot act for them.
     *
     * @param position the simulated device position
     * @return its owner's principal
     */
    public Principal simulatedOwner(int position) {
        return new Principal(Principal.Role.OWNER, SimulatedFleet.ownerId(position));
    }

    // ---------------------------------------------------------------- agencies and owners

    /**
     * Registers a verified agency (operator only).
     *
     * @param caller the caller
     * @param form the agency
     * @return its id and token
     * @throws ServiceException 403 for another role; 422 for a bad field, a free-mail domain
     *     ({@code free-mail-domain}) or an ineligible kind ({@code agency-not-eligible})
     */
    public Api.Created createAgency(Principal caller, Api.AgencyForm form) {
        return rules(() -> directory.createAgency(caller, form));
    }

    /**
     * Registers an owner (operator only).
     *
     * @param caller the caller
     * @param name display name
     * @param email email address
     * @return its id and token
     * @throws ServiceException 403 for another role; 422 for a bad field
     */
    public Api.Created createOwner(Principal caller, String name, String email) {
        return rules(() -> directory.createOwner(caller, name, email));
    }

    /**
     * Registers a device of an owner (the operator or that owner).
     *
     * @param caller the caller
     * @param ownerId the owner
     * @param form the device
     * @return the device
     * @throws ServiceException 403, 404 for an unknown owner, 409 for a taken id, 422 for a bad field
     */
    public Api.DeviceView addDevice(Principal caller, String ownerId, Api.DeviceForm form) {
        return rules(() -> directory.addDevice(caller, ownerId, form));
    }

    /**
     * Opts an owner out of (or back into) community requests, for the very next request filed
     * (the operator or that owner).
     *
     * @param caller the caller
     * @param ownerId the owner
     * @param optedOut true to opt out, false to opt back in
     * @throws ServiceException 403 or 404
     */
    public void setOptedOut(Principal caller, String ownerId, boolean optedOut) {
        Ledger.await(setOptedOutLater(caller, ownerId, optedOut));
    }

    /**
     * {@link #setOptedOut} without waiting for the change's round (what owners do is committed in
     * rounds: see {@link ServiceOptions#ownerRoundMillis}).
     *
     * @param caller the caller
     * @param ownerId the owner
     * @param optedOut true to opt out, false to opt back in
     * @return completes once the change is durable, or with the {@link ServiceException} refusing it
     */
    public CompletableFuture<Void> setOptedOutLater(Principal caller, String ownerId, boolean optedOut) {
        return rules(() -> directory.setOptedOut(caller, ownerId, optedOut));
    }

    // ---------------------------------------------------------------- clips

    /**
     * Stores a clip a device recorded, after checking it is authentic, and registers its footage
     * in the index (that device's owner only).
     *
     * @param caller the caller
     * @param deviceId the device
     * @param form the clip
     * @param sha256Hex the content hash the device claims, or null
     * @return the stored clip
     * @throws ServiceException 403, 404 for an unknown device, 409 for a clip already stored, 413
     *     for oversized content, 422 for a bad time range, a hash that does not match the content
     *     ({@code content-hash-mismatch}) or a signature that does not verify ({@code signature-invalid})
     */
    public Api.ClipView uploadClip(Principal caller, String deviceId, Api.ClipForm form, String sha256Hex) {
        return Ledger.await(uploadClipLater(caller, deviceId, form, sha256Hex));
    }

    /**
     * {@link #uploadClip} without waiting for the upload's round: checks that need no state (size,
     * times, hash, signature) throw at once, the rest completes the result.
     *
     * @param caller the caller
     * @param deviceId the device
     * @param form the clip
     * @param sha256Hex the content hash the device claims, or null
     * @return completes with the stored clip once it is durable, or with the {@link ServiceException} refusing it
     */
    public CompletableFuture<Api.ClipView> uploadClipLater(Principal caller, String deviceId, Api.ClipForm form, String sha256Hex) {
        return rules(() -> evidence.upload(caller, deviceId, form, sha256Hex));
    }

    // ---------------------------------------------------------------- requests

    /**
     * Files a community request (agency only). The answer is the same for every area; matching
     * and delivery happen afterwards.
     *
     * @param caller the caller
     * @param form the request
     * @return its id and status {@code published}
     * @throws ServiceException 403; 422 naming the first broken rule (see
     *     {@link io.geomatch.examples.service.policy.RequestRules}), {@code case-limit} for a third
     *     request on one case; 429 {@code rate-limited}
     */
    public Api.Filed fileRequest(Principal caller, Api.RequestForm form) {
        return rules(() -> requests.file(caller, form));
    }

    /**
     * Marks a request resolved (the requesting agency only); published requests are otherwise
     * immutable and never deleted.
     *
     * @param caller the caller
     * @param requestId the request
     * @return the request
     * @throws ServiceException 403, 404, 409 if already resolved
     */
    public Api.RequestView resolve(Principal caller, String requestId) {
        return rules(() -> requests.resolve(caller, requestId));
    }

    /**
     * @param caller the caller: the requesting agency or the operator
     * @param requestId the request
     * @return the request, with nothing about who received it
     * @throws ServiceException 403 for anyone else, 404
     */
    public Api.RequestView request(Principal caller, String requestId) {
        return requests.view(caller, requestId);
    }

    /**
     * The public log of an agency's requests, oldest first (no authentication).
     *
     * @param agencyId the agency
     * @return its published requests
     * @throws ServiceException 404 for an unknown agency
     */
    public List<Api.RequestView> publicLog(String agencyId) {
        return requests.publicLog(agencyId);
    }

    /**
     * The requests delivered to an owner, oldest first, each with the owner's clips that can be
     * shared with it.
     *
     * @param caller an owner
     * @return the feed
     * @throws ServiceException 403 for another role
     */
    public List<Api.FeedItem> feed(Principal caller) {
        return evidence.feed(caller);
    }

    /**
     * Answers a request in the owner's feed: share some eligible clips, or decline. Ignoring a
     * request needs no call and leaves no trace.
     *
     * @param caller an owner
     * @param requestId a request in its feed
     * @param action {@code share} or {@code decline}
     * @param clipIds for share: 1..50 of the owner's clips from a device the request reached that
     *     overlap the window; for decline: none
     * @return the response
     * @throws ServiceException 403, 404 if the request is not in the feed, 409 if already answered
     *     or resolved, 422 for a bad action or a clip that is not eligible
     */
    public Api.ResponseView respond(Principal caller, String requestId, String action, List<String> clipIds) {
        return Ledger.await(respondLater(caller, requestId, action, clipIds));
    }

    /**
     * {@link #respond} without waiting for the answer's round.
     *
     * @param caller an owner
     * @param requestId a request in its feed
     * @param action {@code share} or {@code decline}
     * @param clipIds the clips to share
     * @return completes with the response once it is durable, or with the {@link ServiceException} refusing it
     */
    public CompletableFuture<Api.ResponseView> respondLater(Principal caller, String requestId, String action, List<String> clipIds) {
        return rules(() -> evidence.respond(caller, requestId, action, clipIds));
    }

    /**
     * The clips owners shared with a request, each re-verified now (the requesting agency only).
     *
     * @param caller the caller
     * @param requestId the request
     * @return the evidence
     * @throws ServiceException 403 for anyone but the requesting agency, 404
     */
    public Api.Evidence evidence(Principal caller, String requestId) {
        return evidence.evidence(caller, requestId);
    }

    /**
     * What only the platform knows about a request's fan-out (operator only).
     *
     * @param caller the operator
     * @param requestId the request
     * @return the delivery figures
     * @throws ServiceException 403, 404
     */
    public Api.Deliveries deliveries(Principal caller, String requestId) {
        return requests.deliveries(caller, requestId);
    }

    /**
     * A request matched again in both modes, now (operator only), for the demo: how many owners
     * view matching spares compared with position matching, and how many it reaches that
     * position matching would miss. Agencies never see it.
     *
     * @param caller the operator
     * @param requestId the request
     * @return the figures
     * @throws ServiceException 403, 404
     */
    public Api.MatchModes matchModes(Principal caller, String requestId) {
        return requests.matchModes(caller, requestId);
    }

    /**
     * The index ids of the cameras a request's fan-out matched (operator only), for the demo's
     * map; agencies never see them.
     *
     * @param caller the operator
     * @param requestId the request
     * @return the matched index ids, ascending; empty before the fan-out
     * @throws ServiceException 403, 404
     */
    public long[] matchedCameraIds(Principal caller, String requestId) {
        return requests.matchedCameraIds(caller, requestId);
    }

    /**
     * Re-reads and checks the whole audit chain on disk (operator only).
     *
     * @param caller the operator
     * @return the report
     * @throws ServiceException 403
     */
    public Api.AuditReport verifyAudit(Principal caller) {
        ServiceException.requireRole(caller, Principal.Role.OPERATOR);
        TransparencyLog t = journal.transparency();
        try {
            AuditVerifier.Report r = AuditVerifier.verify(t.file(), t.latestHead(), t.publicKey());
            AuditLog.Verification v = r.chain();
            return new Api.AuditReport(v.intact(), v.records(), v.headHash(), v.brokenLine(), v.problem(), r.head().treeSize(),
                r.rootMatches());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A month's transparency report (public; no authentication): computed and stored the first
     * time it is asked for after the month ended, the same numbers ever after.
     *
     * @param month {@code YYYY-MM}
     * @return the report
     * @throws ServiceException 422 {@code month-invalid}, {@code month-not-ended} or
     *     {@code month-before-service}
     */
    public Api.TransparencyReport transparencyReport(String month) {
        return rules(() -> reports.report(month));
    }

    // ---------------------------------------------------------------- the transparency log

    /** @return the key tree heads are signed with (public; no authentication) */
    public Api.AuditKeyView auditKey() {
        return new Api.AuditKeyView(Base64.getEncoder().encodeToString(journal.transparency().publicKey()));
    }

    /** @return the last signed tree head (public; no authentication) */
    public SignedTreeHead signedTreeHead() {
        return journal.transparency().latestHead();
    }

    /**
     * Signs the head of every acknowledged record now, if the last signed head does not cover
     * them all yet (the signer does so within {@value TransparencyLog#SIGN_EVERY_MILLIS} ms anyway).
     *
     * @return the last signed tree head
     */
    public SignedTreeHead signTreeHead() {
        try {
            return journal.transparency().signIfGrown(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An RFC 9162 inclusion proof of a record (public; no authentication).
     *
     * @param leafIndex the record, from 0 (a request's is its {@code leafIndex})
     * @param treeSize a tree size up to the last signed head's
     * @return the proof
     * @throws ServiceException 422 naming the parameter out of range
     */
    public Api.InclusionProof inclusionProof(long leafIndex, long treeSize) {
        requireSignedSize("treeSize", treeSize);
        if (leafIndex < 0 || leafIndex >= treeSize) {
            throw ServiceException.invalid("invalid-parameter", "index", "index " + leafIndex + " is out of range, allowed 0.."
                + (treeSize - 1) + " (below treeSize)");
        }
        try {
            return new Api.InclusionProof(leafIndex, treeSize, journal.transparency().inclusion(leafIndex, treeSize));
        } catch (IllegalArgumentException e) {
            throw ServiceException.invalid("invalid-parameter", "treeSize", e.getMessage());
        }
    }

    /**
     * An RFC 9162 consistency proof between two tree sizes (public; no authentication).
     *
     * @param first the older size, 1..second
     * @param second the newer size, up to the last signed head's
     * @return the proof
     * @throws ServiceException 422 naming the parameter out of range
     */
    public Api.ConsistencyProof consistencyProof(long first, long second) {
        requireSignedSize("second", second);
        if (first < 1 || first > second) {
            throw ServiceException.invalid("invalid-parameter", "first", "first " + first + " is out of range, allowed 1.." + second
                + " (up to second)");
        }
        try {
            return new Api.ConsistencyProof(first, second, journal.transparency().consistency(first, second));
        } catch (IllegalArgumentException e) {
            throw ServiceException.invalid("invalid-parameter", "second", e.getMessage());
        }
    }

    /** A tree size asked of the proofs is checked first, so that an index or a first size is never blamed for it. */
    private void requireSignedSize(String name, long size) {
        long signed = journal.transparency().latestHead().treeSize();
        if (size < 1 || size > signed) {
            throw ServiceException.invalid("invalid-parameter", name, name + " " + size + " is out of range, allowed 1.." + signed
                + " (the size of the last signed tree head)");
        }
    }

    /**
     * Audit log records exactly as stored (operator only): they hold owners' and devices' data.
     *
     * @param caller the operator
     * @param start the first record, from 0
     * @param end the record after the last; at most {@value #MAX_ENTRIES} at a time
     * @return the records
     * @throws ServiceException 403; 422 naming the parameter out of range
     */
    public Api.AuditEntries auditEntries(Principal caller, long start, long end) {
        ServiceException.requireRole(caller, Principal.Role.OPERATOR);
        long size = journal.transparency().durableSize();
        if (start < 0 || start > size) {
            throw ServiceException.invalid("invalid-parameter", "start", "start " + start + " is out of range, allowed 0.." + size);
        }
        if (end < start || end > size || end - start > MAX_ENTRIES) {
            throw ServiceException.invalid("invalid-parameter", "end", "end " + end + " is out of range, allowed " + start + ".."
                + Math.min(size, start + MAX_ENTRIES) + " (at most " + MAX_ENTRIES + " records at a time, up to the " + size + " durable)");
        }
        try {
            return new Api.AuditEntries(journal.transparency().entries(start, end));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until every fan-out scheduled so far has been delivered.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void awaitFanOut() throws InterruptedException {
        fanOut.await();
    }

    /** @return the audit log file */
    public Path auditFile() {
        return dir.resolve(JOURNAL_FILE);
    }

    /** @return how many index changes the store holds (for reports) */
    public long indexOps() {
        return index.durableOps();
    }

    /** @return how many cameras the index holds */
    public long indexedCameras() {
        return index.cameraCount();
    }

    /** Runs a call, answering a broken rule of {@code service.policy} as a 422. */
    private static <T> T rules(Supplier<T> call) {
        try {
            return call.get();
        } catch (PolicyViolationException e) {
            throw ServiceException.of(e.violation());
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException | RuntimeException ignored) {
            // the original failure matters more
        }
    }

    /**
     * Finishes scheduled fan-outs, then closes the index and the journal.
     *
     * @throws IOException if the index cannot write its final checkpoint
     */
    @Override
    public void close() throws IOException {
        // Each step runs whatever the one before threw; the lock goes last, once every file is let go.
        try {
            try {
                fanOut.close();
                ledger.detach();
            } finally {
                try {
                    index.close();
                } finally {
                    if (journal != null) {
                        journal.close();
                        journal = null;
                    }
                }
            }
            PrivateFiles.restrict(dir);
        } finally {
            lock.close();
        }
    }

}
