package io.geomatch.examples.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geomatch.core.Camera;
import io.geomatch.core.Area;
import io.geomatch.core.GeoStore;
import io.geomatch.core.InvalidInputException;
import io.geomatch.core.LiveOptions;
import io.geomatch.core.Mutations;
import io.geomatch.core.StoreOptions;
import io.geomatch.core.io.GeoJsonReader;
import io.geomatch.examples.files.AtomicFiles;
import io.geomatch.examples.service.audit.AuditLog;
import io.geomatch.examples.service.policy.RequestDraft;
import io.geomatch.examples.service.policy.RequestRules;
import io.geomatch.examples.service.policy.Violation;
import io.geomatch.examples.sim.SimulatedFleet;
import io.geomatch.world.CameraWorld;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The community-request platform: verified agencies, owners and their devices, clips, requests
 * with their policy checks, the anonymous fan-out, owners' responses and the evidence store, all
 * recorded in a hash-chained audit log that is also the journal the state recovers from.
 *
 * <p><b>Storage.</b> Under its data directory: {@code audit.log} (every state change, forced to
 * the device before a call returns), {@code index/} (a {@link GeoStore} of every device and its
 * footage, which the fan-out queries) and {@code operator.token}. The journal is the truth; the
 * index is derived from it by a fixed mapping of journal records to index changes, so on open the
 * service replays the journal and re-applies exactly the index changes past
 * {@link GeoStore#durableOps()}: a crash between the two writes loses nothing and applies nothing
 * twice.
 *
 * <p><b>Privacy.</b> Filing a request answers {@code 202 {id, status}} before any matching is
 * done: the fan-out runs afterwards on its own thread, so neither the answer nor its timing
 * depends on who or how many are in the area. Agencies can read their requests and the clips
 * owners chose to share, never recipients, counts or delivery state; only the operator's
 * {@link #deliveries} report holds those. Opted-out owners and end-to-end encrypted devices are
 * not eligible in the index, so they never receive requests.
 *
 * <p><b>Threading.</b> Calls are thread-safe and serialised by one lock; the fan-out matches
 * against a lock-free index view outside it.
 */
public final class CommunityService implements AutoCloseable {
    /** The journal's file name in the data directory. */
    public static final String JOURNAL_FILE = "audit.log";
    /** The operator token's file name in the data directory. */
    public static final String OPERATOR_TOKEN_FILE = "operator.token";
    /** The index's time bucket: 1 s. */
    public static final long BUCKET_MILLIS = 1_000;
    /** The longest clip, ms: 10 minutes. */
    public static final long MAX_CLIP_MILLIS = 10 * 60_000L;
    /** The largest clip content, bytes: 1 MiB. */
    public static final int MAX_CLIP_BYTES = 1 << 20;
    /** Agency kinds the API knows. */
    public static final Set<String> AGENCY_KINDS = Set.of("city", "county", "state", "federal", "tribal", "immigration");
    /** Agency kinds that may file requests: local agencies. */
    public static final Set<String> ELIGIBLE_KINDS = Set.of("city", "county");
    /** Partners that verify agencies. */
    public static final Set<String> VERIFIERS = Set.of("ring", "axon", "flock");
    /** Device types. */
    public static final Set<String> DEVICE_TYPES = Set.of("doorbell", "floodlight", "spotlight", "stick-up");
    /** Email domains that anyone can get an address at, so they prove nothing about an agency. */
    public static final Set<String> FREE_MAIL_DOMAINS = Set.of("gmail.com", "googlemail.com", "yahoo.com", "outlook.com",
        "hotmail.com", "live.com", "msn.com", "aol.com", "icloud.com", "me.com", "mac.com", "proton.me", "protonmail.com",
        "gmx.com", "gmx.net", "mail.com", "yandex.com", "zoho.com", "fastmail.com", "hey.com", "tutanota.com");

    private static final Pattern DOMAIN = Pattern.compile("(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]{1,64}@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final long HOUR_MILLIS = 3_600_000L;
    private static final int OPS_BATCH = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final GeometryFactory POINTS = new GeometryFactory();

    private final Path dir;
    private final ServiceOptions options;
    private final ExecutorService fanOut;
    private AuditLog journal;
    private GeoStore store;
    private SimulatedFleet fleet;
    private String newOperatorToken;
    private volatile Notifier notifier = (requestId, ownerId) -> { };
    /** Deliveries of the record being applied, passed to the notifier once it is durable. */
    private final List<String> delivered = new ArrayList<>();

    private final Map<String, Principal> principalsByTokenHash = new HashMap<>();
    private final Map<String, Agency> agencies = new LinkedHashMap<>();
    private final Map<String, Owner> owners = new HashMap<>();
    private final Map<String, Device> devices = new HashMap<>();
    private final Map<Long, Device> devicesByIndexId = new HashMap<>();
    private final Map<String, Clip> clips = new HashMap<>();
    private final Set<String> clipFingerprints = new HashSet<>();
    private final Map<String, Req> requests = new LinkedHashMap<>();
    private long nextIndexId = -1;

    /** Index changes not yet applied; during replay the first {@link #opsToSkip} are dropped. */
    private final Mutations pendingOps = new Mutations();
    private long opsToSkip;

    private CommunityService(Path dir, ServiceOptions options) {
        this.dir = dir;
        this.options = options;
        this.fanOut = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "geomatch-fanout");
            t.setDaemon(true);
            return t;
        });
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
        Files.createDirectories(dir);
        CommunityService service = new CommunityService(dir, options);
        try {
            service.start();
        } catch (IOException | RuntimeException e) {
            service.closeQuietly();
            throw e;
        }
        return service;
    }

    private void start() throws IOException {
        Path indexDir = dir.resolve("index");
        StoreOptions storeOptions = StoreOptions.defaults()
            .durability(options.durable() ? StoreOptions.Durability.FSYNC : StoreOptions.Durability.WRITE);
        boolean fresh = !Files.isDirectory(indexDir) || isEmpty(indexDir);
        store = fresh
            ? GeoStore.create(indexDir, BUCKET_MILLIS, LiveOptions.defaults().maxRetentionDays(ServiceOptions.MAX_RETENTION_DAYS), storeOptions)
            : GeoStore.open(indexDir, storeOptions);
        opsToSkip = store.durableOps();
        synchronized (this) {
            journal = AuditLog.open(dir.resolve(JOURNAL_FILE), options.durable(), this::apply);
            flushOps();
            opsToSkip = 0;
            delivered.clear();
            if (journal.size() == 0) {
                String token = Signatures.newToken();
                Path tokenFile = dir.resolve(OPERATOR_TOKEN_FILE);
                AtomicFiles.write(tokenFile, (token + "\n").getBytes(StandardCharsets.UTF_8));
                try {
                    Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    tokenFile.toFile().setReadable(false, false);
                    tokenFile.toFile().setReadable(true, true);
                }
                newOperatorToken = token;
                commit("operator.created", object().put("tokenHash", Signatures.tokenHash(token)));
                if (options.simulatedDevices() > 0) {
                    commit("world.simulated", object()
                        .put("devices", options.simulatedDevices())
                        .put("seed", options.simulationSeed())
                        .put("historyDays", options.historyDays())
                        .put("nowMillis", now()));
                }
            }
            for (Req r : requests.values()) {
                if (!r.fannedOut) {
                    scheduleFanOut(r);
                }
            }
        }
    }

    private static boolean isEmpty(Path d) throws IOException {
        try (var s = Files.list(d)) {
            return s.findAny().isEmpty();
        }
    }

    /**
     * The push channel to owners' phones: told of each delivery once it is durable, on the
     * fan-out thread. Deliveries recovered from the journal are not told again.
     */
    @FunctionalInterface
    public interface Notifier {
        /**
         * @param requestId the request delivered
         * @param ownerId the owner it was delivered to
         */
        void delivered(String requestId, String ownerId);
    }

    /**
     * @param notifier receives every delivery from now on; it must be quick and not call back
     *     into the service on the calling thread
     */
    public void setNotifier(Notifier notifier) {
        this.notifier = java.util.Objects.requireNonNull(notifier, "notifier");
    }

    /** @return the operator token created by this start, or null if the directory already had one */
    public String newOperatorToken() {
        return newOperatorToken;
    }

    /** @return the simulated fleet, or null if this service has no simulated world */
    public synchronized SimulatedFleet fleet() {
        return fleet;
    }

    /** @return the current time by the service's clock, epoch ms */
    public long now() {
        return options.clock().getAsLong();
    }

    /**
     * @param token a bearer token
     * @return who holds it, or null if no one
     */
    public synchronized Principal authenticate(String token) {
        return token == null ? null : principalsByTokenHash.get(Signatures.tokenHash(token));
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
    public synchronized Api.Created createAgency(Principal caller, Api.AgencyForm form) {
        requireRole(caller, Principal.Role.OPERATOR);
        String name = text("name", form.name(), 200);
        String domain = text("emailDomain", form.emailDomain(), 253).toLowerCase(Locale.ROOT);
        if (!DOMAIN.matcher(domain).matches()) {
            throw ServiceException.invalid("invalid-field", "emailDomain", "emailDomain " + quote(domain) + " is not a domain name");
        }
        if (FREE_MAIL_DOMAINS.contains(domain)) {
            throw ServiceException.invalid("free-mail-domain", "emailDomain", "emailDomain " + quote(domain)
                + " is a free-mail domain; an agency needs its official domain");
        }
        String kind = oneOf("kind", form.kind(), AGENCY_KINDS);
        if (!ELIGIBLE_KINDS.contains(kind)) {
            throw ServiceException.invalid("agency-not-eligible", "kind", "kind " + quote(kind)
                + " is not eligible: only local (city, county) agencies may post community requests");
        }
        String verifier = oneOf("verifiedBy", form.verifiedBy(), VERIFIERS);
        Geometry jurisdiction = geometry("jurisdiction", form.jurisdictionGeoJson());
        String id = Signatures.newId("agency");
        String token = Signatures.newToken();
        commit("agency.created", object().put("id", id).put("name", name).put("emailDomain", domain).put("kind", kind)
            .put("verifiedBy", verifier).put("jurisdiction", GeoJson.write(jurisdiction)).put("tokenHash", Signatures.tokenHash(token)));
        return new Api.Created(id, token);
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
    public synchronized Api.Created createOwner(Principal caller, String name, String email) {
        requireRole(caller, Principal.Role.OPERATOR);
        String n = text("name", name, 200);
        String e = text("email", email, 254);
        if (!EMAIL.matcher(e).matches()) {
            throw ServiceException.invalid("invalid-field", "email", "email " + quote(e) + " is not an email address");
        }
        String id = Signatures.newId("owner");
        String token = Signatures.newToken();
        commit("owner.created", object().put("id", id).put("name", n).put("email", e).put("tokenHash", Signatures.tokenHash(token)));
        return new Api.Created(id, token);
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
    public synchronized Api.DeviceView addDevice(Principal caller, String ownerId, Api.DeviceForm form) {
        Owner owner = ownerFor(caller, ownerId);
        if (form.id() == null || !DEVICE_ID.matcher(form.id()).matches()) {
            throw ServiceException.invalid("invalid-field", "id", "id " + quote(form.id()) + " is not 1..64 of A-Z a-z 0-9 . _ -");
        }
        if (devices.containsKey(form.id()) || (fleet != null && fleet.positionOf(form.id()) >= 0)) {
            throw new ServiceException(409, "duplicate-device", "id", "id " + quote(form.id()) + " is already registered");
        }
        range("lat", form.latDegrees(), -90, 90);
        range("lon", form.lonDegrees(), -180, 180);
        String type = oneOf("type", form.type(), DEVICE_TYPES);
        if (form.retentionDays() < 1 || form.retentionDays() > ServiceOptions.MAX_RETENTION_DAYS) {
            throw ServiceException.invalid("invalid-field", "retentionDays", "retentionDays " + form.retentionDays()
                + " is out of range, allowed 1.." + ServiceOptions.MAX_RETENTION_DAYS);
        }
        Signatures.publicKey(form.publicKeyBase64());
        commit("device.added", object().put("id", form.id()).put("ownerId", owner.id).put("indexId", nextIndexId)
            .put("lat", form.latDegrees()).put("lon", form.lonDegrees()).put("type", type).put("e2ee", form.e2ee())
            .put("retentionDays", form.retentionDays()).put("publicKey", form.publicKeyBase64()));
        Device d = devices.get(form.id());
        return new Api.DeviceView(d.id, d.ownerId, d.type, d.e2ee, d.retentionDays);
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
    public synchronized void setOptedOut(Principal caller, String ownerId, boolean optedOut) {
        Owner owner = ownerFor(caller, ownerId);
        if (owner.optedOut != optedOut) {
            commit(optedOut ? "owner.opted-out" : "owner.opted-in", object().put("ownerId", owner.id));
        }
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
    public synchronized Api.ClipView uploadClip(Principal caller, String deviceId, Api.ClipForm form, String sha256Hex) {
        Device device = deviceFor(caller, deviceId);
        if (form.content() == null || form.content().length == 0) {
            throw ServiceException.invalid("invalid-field", "contentBase64", "contentBase64 is required and may not be empty");
        }
        if (form.content().length > MAX_CLIP_BYTES) {
            throw new ServiceException(413, "too-large", "contentBase64", "contentBase64 holds " + form.content().length
                + " bytes, allowed at most " + MAX_CLIP_BYTES);
        }
        long now = now();
        if (form.endMillis() <= form.startMillis() || form.endMillis() - form.startMillis() > MAX_CLIP_MILLIS) {
            throw ServiceException.invalid("invalid-field", "end", "end " + iso(form.endMillis()) + " must be after start "
                + iso(form.startMillis()) + " by at most " + MAX_CLIP_MILLIS / 60_000 + " minutes");
        }
        if (form.endMillis() > now + 60_000) {
            throw ServiceException.invalid("invalid-field", "end", "end " + iso(form.endMillis()) + " is in the future (now " + iso(now) + ")");
        }
        String hash = AuditLog.sha256(form.content());
        if (sha256Hex != null && !sha256Hex.equalsIgnoreCase(hash)) {
            throw ServiceException.invalid("content-hash-mismatch", "sha256", "sha256 " + quote(sha256Hex)
                + " does not match the content, whose SHA-256 is " + hash);
        }
        String signed = Signatures.signedText(device.id, form.startMillis(), form.endMillis(), hash);
        if (form.signature() == null || !Signatures.verify(device.publicKey(fleet), signed, form.signature())) {
            throw ServiceException.invalid("signature-invalid", "signature",
                "signature does not verify under the key of device " + device.id + " over deviceId, start, end and the content hash");
        }
        String fingerprint = device.id + "|" + form.startMillis() + "|" + form.endMillis() + "|" + hash;
        if (clipFingerprints.contains(fingerprint)) {
            throw new ServiceException(409, "duplicate-clip", null, "this clip (device " + device.id + ", " + iso(form.startMillis())
                + ", content " + hash + ") is already stored");
        }
        String id = Signatures.newId("clip");
        commit("clip.uploaded", object().put("id", id).put("deviceId", device.id).put("start", form.startMillis())
            .put("end", form.endMillis()).put("sha256", hash).put("signature", Base64.getEncoder().encodeToString(form.signature()))
            .put("content", Base64.getEncoder().encodeToString(form.content())));
        return clips.get(id).view();
    }

    // ---------------------------------------------------------------- requests

    /**
     * Files a community request (agency only). The answer is the same for every area; matching
     * and delivery happen afterwards.
     *
     * @param caller the caller
     * @param form the request
     * @return its id and status {@code published}
     * @throws ServiceException 403; 422 naming the first broken rule (see {@link RequestRules}),
     *     {@code case-limit} for a third request on one case; 429 {@code rate-limited}
     */
    public synchronized Api.Filed fileRequest(Principal caller, Api.RequestForm form) {
        requireRole(caller, Principal.Role.AGENCY);
        Agency agency = agencies.get(caller.id());
        long now = now();
        Geometry area;
        try {
            area = form.areaGeoJson() == null ? null : geometry("area", form.areaGeoJson());
        } catch (ServiceException e) {
            commit("request.refused", object().put("agencyId", agency.id).put("code", e.code()).put("field", e.field()));
            throw e;
        }
        Violation violation = RequestRules.check(new RequestDraft(area, form.fromMillis(), form.toMillis(), form.incidentType(),
            form.caseNumber(), form.contact(), form.description()), agency.jurisdiction, now, ServiceOptions.MAX_RETENTION_DAYS).orElse(null);
        if (violation == null) {
            long sameCase = agency.requests.stream().filter(r -> r.caseNumber.equals(form.caseNumber().strip())).count();
            if (sameCase >= ServiceOptions.MAX_REQUESTS_PER_CASE) {
                violation = new Violation("case-limit", "caseNumber", "caseNumber " + quote(form.caseNumber())
                    + " already has " + sameCase + " requests, allowed at most " + ServiceOptions.MAX_REQUESTS_PER_CASE + " per incident");
            }
        }
        if (violation != null) {
            commit("request.refused", object().put("agencyId", agency.id).put("code", violation.code()).put("field", violation.field()));
            throw ServiceException.invalid(violation.code(), violation.field(), violation.message());
        }
        long recent = agency.requests.stream().filter(r -> r.publishedAtMillis > now - HOUR_MILLIS).count();
        if (recent >= options.requestsPerHour()) {
            throw new ServiceException(429, "rate-limited", null, "agency " + agency.id + " published " + recent
                + " requests in the last hour, allowed at most " + options.requestsPerHour());
        }
        String id = Signatures.newId("req");
        commit("request.published", object().put("id", id).put("agencyId", agency.id).put("area", GeoJson.write(area))
            .put("from", form.fromMillis()).put("to", form.toMillis()).put("incidentType", form.incidentType().strip())
            .put("caseNumber", form.caseNumber().strip()).put("contact", form.contact().strip())
            .put("description", form.description().strip()).put("publishedAt", now));
        Req r = requests.get(id);
        scheduleFanOut(r);
        return new Api.Filed(id, r.status());
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
    public synchronized Api.RequestView resolve(Principal caller, String requestId) {
        requireRole(caller, Principal.Role.AGENCY);
        Req r = ownRequest(caller, requestId);
        if (r.resolvedAtMillis != 0) {
            throw new ServiceException(409, "already-resolved", null, "request " + r.id + " was resolved at " + iso(r.resolvedAtMillis));
        }
        commit("request.resolved", object().put("requestId", r.id));
        return r.view();
    }

    /**
     * @param caller the caller: the requesting agency or the operator
     * @param requestId the request
     * @return the request, with nothing about who received it
     * @throws ServiceException 403 for anyone else, 404
     */
    public synchronized Api.RequestView request(Principal caller, String requestId) {
        return ownRequest(caller, requestId).view();
    }

    /**
     * The public log of an agency's requests, newest last (no authentication).
     *
     * @param agencyId the agency
     * @return its published requests
     * @throws ServiceException 404 for an unknown agency
     */
    public synchronized List<Api.RequestView> publicLog(String agencyId) {
        Agency agency = agencies.get(agencyId);
        if (agency == null) {
            throw ServiceException.notFound("agency", agencyId);
        }
        List<Api.RequestView> out = new ArrayList<>();
        for (Req r : agency.requests) {
            out.add(r.view());
        }
        return out;
    }

    /**
     * The requests delivered to an owner, newest last, each with the owner's clips that can be
     * shared with it.
     *
     * @param caller an owner
     * @return the feed
     * @throws ServiceException 403 for another role
     */
    public synchronized List<Api.FeedItem> feed(Principal caller) {
        requireRole(caller, Principal.Role.OWNER);
        Owner owner = owner(caller.id());
        List<Api.FeedItem> out = new ArrayList<>();
        if (owner == null) {
            return out;
        }
        for (Req r : owner.feed) {
            List<Api.ClipView> eligible = new ArrayList<>();
            for (Clip c : eligibleClips(owner, r)) {
                eligible.add(c.view());
            }
            Response resp = r.responses.get(owner.id);
            out.add(new Api.FeedItem(r.view(), eligible, resp == null ? null : resp.action));
        }
        return out;
    }

    /**
     * Answers a request in the owner's feed: share some eligible clips, or decline. Ignoring a
     * request needs no call and leaves no trace.
     *
     * @param caller an owner
     * @param requestId a request in its feed
     * @param action {@code share} or {@code decline}
     * @param clipIds for share: 1..50 of the owner's clips from a device inside the area that
     *     overlap the window; for decline: none
     * @return the response
     * @throws ServiceException 403, 404 if the request is not in the feed, 409 if already answered
     *     or resolved, 422 for a bad action or a clip that is not eligible
     */
    public synchronized Api.ResponseView respond(Principal caller, String requestId, String action, List<String> clipIds) {
        requireRole(caller, Principal.Role.OWNER);
        Owner owner = owner(caller.id());
        Req r = requests.get(requestId);
        if (owner == null || r == null || !owner.feed.contains(r)) {
            throw new ServiceException(404, "not-found", null, "no request with id " + requestId + " in your feed");
        }
        String act = oneOf("action", action, Set.of("share", "decline"));
        if (r.responses.containsKey(owner.id)) {
            throw new ServiceException(409, "already-responded", null, "you already answered request " + r.id
                + " (" + r.responses.get(owner.id).action + ")");
        }
        if (r.resolvedAtMillis != 0) {
            throw new ServiceException(409, "request-resolved", null, "request " + r.id + " is resolved and takes no more footage");
        }
        List<String> ids = clipIds == null ? List.of() : clipIds;
        if (act.equals("decline") && !ids.isEmpty()) {
            throw ServiceException.invalid("invalid-field", "clipIds", "clipIds must be empty to decline");
        }
        if (act.equals("share") && (ids.isEmpty() || ids.size() > 50)) {
            throw ServiceException.invalid("invalid-field", "clipIds", "clipIds holds " + ids.size() + " clips, allowed 1..50 to share");
        }
        Set<Clip> eligible = new HashSet<>(eligibleClips(owner, r));
        Set<String> seen = new LinkedHashSet<>();
        for (String clipId : ids) {
            Clip c = clips.get(clipId);
            if (c == null || !eligible.contains(c)) {
                throw ServiceException.invalid("clip-not-eligible", "clipIds", "clip " + quote(clipId)
                    + " cannot be shared with request " + r.id + ": only your clips from a device inside its area"
                    + " that overlap its window " + iso(r.fromMillis) + " .. " + iso(r.toMillis) + " can");
            }
            Api.Verification check = c.verify(fleet);
            if (!check.contentHashMatches() || !check.signatureValid()) {
                throw ServiceException.invalid("clip-tampered", "clipIds", "clip " + clipId + " fails its authenticity check");
            }
            if (!seen.add(clipId)) {
                throw ServiceException.invalid("invalid-field", "clipIds", "clip " + clipId + " is listed twice");
            }
        }
        ArrayNode list = JSON.createArrayNode();
        ids.forEach(list::add);
        ObjectNode data = object().put("requestId", r.id).put("ownerId", owner.id).put("action", act);
        data.set("clipIds", list);
        commit("response.recorded", data);
        return new Api.ResponseView(r.id, act, List.copyOf(ids));
    }

    /**
     * The clips owners shared with a request, each re-verified now (the requesting agency only).
     *
     * @param caller the caller
     * @param requestId the request
     * @return the evidence
     * @throws ServiceException 403 for anyone but the requesting agency, 404
     */
    public synchronized Api.Evidence evidence(Principal caller, String requestId) {
        requireRole(caller, Principal.Role.AGENCY);
        Req r = ownRequest(caller, requestId);
        List<Api.EvidenceClip> out = new ArrayList<>();
        for (Shared s : r.shared) {
            Clip c = s.clip;
            Device d = device(c.deviceId);
            Api.Verification v = c.verify(fleet);
            out.add(new Api.EvidenceClip(c.id, c.deviceId, iso(c.startMillis), iso(c.endMillis), c.sha256,
                Base64.getEncoder().encodeToString(c.signature), Signatures.encode(d.publicKey(fleet)),
                Base64.getEncoder().encodeToString(c.content),
                new Api.Verification(v.algorithm(), v.signedText(), v.contentHashMatches(), v.signatureValid(), iso(s.sharedAtMillis), iso(now()))));
        }
        return new Api.Evidence(r.id, out);
    }

    /**
     * What only the platform knows about a request's fan-out (operator only).
     *
     * @param caller the operator
     * @param requestId the request
     * @return the delivery figures
     * @throws ServiceException 403, 404
     */
    public synchronized Api.Deliveries deliveries(Principal caller, String requestId) {
        requireRole(caller, Principal.Role.OPERATOR);
        Req r = requests.get(requestId);
        if (r == null) {
            throw ServiceException.notFound("request", requestId);
        }
        int shared = 0;
        int declined = 0;
        for (Response resp : r.responses.values()) {
            if (resp.action.equals("share")) {
                shared++;
            } else {
                declined++;
            }
        }
        return new Api.Deliveries(r.id, r.fannedOut, r.matchedCameras, r.recipients.size(), shared, declined, r.fanOutMicros);
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
    public synchronized long[] matchedCameraIds(Principal caller, String requestId) {
        requireRole(caller, Principal.Role.OPERATOR);
        Req r = requests.get(requestId);
        if (r == null) {
            throw ServiceException.notFound("request", requestId);
        }
        return r.cameras.clone();
    }

    /**
     * Re-reads and checks the whole audit chain on disk (operator only).
     *
     * @param caller the operator
     * @return the report
     * @throws ServiceException 403
     */
    public Api.AuditReport verifyAudit(Principal caller) {
        requireRole(caller, Principal.Role.OPERATOR);
        try {
            AuditLog.Verification v = AuditLog.verify(dir.resolve(JOURNAL_FILE));
            return new Api.AuditReport(v.intact(), v.records(), v.headHash(), v.brokenLine(), v.problem());
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
        try {
            fanOut.submit(() -> { }).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** @return the audit log file */
    public Path auditFile() {
        return dir.resolve(JOURNAL_FILE);
    }

    /** @return how many index changes the store holds (for reports) */
    public long indexOps() {
        return store.durableOps();
    }

    /** @return how many cameras the index holds */
    public long indexedCameras() {
        return store.view().cameraCount();
    }

    // ---------------------------------------------------------------- fan-out

    private void scheduleFanOut(Req r) {
        long scheduledNanos = System.nanoTime();
        fanOut.execute(() -> runFanOut(r, scheduledNanos));
    }

    private void runFanOut(Req r, long scheduledNanos) {
        try {
            List<String> recipients;
            long[] cameras = store.view().matchIds(r.indexArea, r.fromMillis, r.toMillis, r.publishedAtMillis);
            long micros = (System.nanoTime() - scheduledNanos) / 1_000;
            ArrayNode ids = JSON.createArrayNode();
            for (long id : cameras) {
                ids.add(id);
            }
            synchronized (this) {
                if (journal == null) {
                    return;
                }
                ObjectNode data = object().put("requestId", r.id).put("micros", micros);
                data.set("cameras", ids);
                delivered.clear();
                commit("request.delivered", data);
                recipients = List.copyOf(delivered);
                delivered.clear();
            }
            Notifier n = notifier;
            for (String ownerId : recipients) {
                n.delivered(r.id, ownerId);
            }
        } catch (RuntimeException e) {
            System.err.println("fan-out of " + r.id + " failed: " + e);
        }
    }

    // ---------------------------------------------------------------- the journal

    /** Appends a record, applies it to the state, then applies its index changes. */
    private void commit(String type, ObjectNode data) {
        try {
            AuditLog.Entry e = journal.append(now(), type, data);
            apply(e);
            flushOps();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the journal or index in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The one mapping from journal records to state and index changes, for live calls and replay alike. */
    private void apply(AuditLog.Entry e) {
        JsonNode d = e.data();
        switch (e.type()) {
            case "operator.created" -> principalsByTokenHash.put(d.get("tokenHash").asText(), new Principal(Principal.Role.OPERATOR, "operator"));
            case "world.simulated" -> loadWorld(d);
            case "agency.created" -> {
                Agency a = new Agency(d.get("id").asText(), d.get("name").asText(), d.get("emailDomain").asText(), d.get("kind").asText(),
                    d.get("verifiedBy").asText(), GeoJsonReader.read(d.get("jurisdiction").asText(), "jurisdiction"), d.get("jurisdiction").asText());
                agencies.put(a.id, a);
                principalsByTokenHash.put(d.get("tokenHash").asText(), new Principal(Principal.Role.AGENCY, a.id));
            }
            case "owner.created" -> {
                Owner o = new Owner(d.get("id").asText(), d.get("name").asText(), d.get("email").asText());
                owners.put(o.id, o);
                principalsByTokenHash.put(d.get("tokenHash").asText(), new Principal(Principal.Role.OWNER, o.id));
            }
            case "device.added" -> {
                Owner o = owners.get(d.get("ownerId").asText());
                Device dev = new Device(d.get("id").asText(), o.id, d.get("indexId").asLong(), d.get("lat").asDouble(), d.get("lon").asDouble(),
                    d.get("type").asText(), d.get("e2ee").asBoolean(), d.get("retentionDays").asInt(), -1);
                dev.publicKey = Signatures.publicKey(d.get("publicKey").asText());
                devices.put(dev.id, dev);
                devicesByIndexId.put(dev.indexId, dev);
                o.devices.add(dev);
                nextIndexId = Math.min(nextIndexId, dev.indexId - 1);
                upsert(dev, o);
            }
            case "owner.opted-out", "owner.opted-in" -> {
                Owner o = owner(d.get("ownerId").asText());
                o.optedOut = e.type().equals("owner.opted-out");
                for (Device dev : o.devices) {
                    upsert(dev, o);
                }
            }
            case "clip.uploaded" -> {
                Device dev = device(d.get("deviceId").asText());
                Clip c = new Clip(d.get("id").asText(), dev.id, d.get("start").asLong(), d.get("end").asLong(), d.get("sha256").asText(),
                    Base64.getDecoder().decode(d.get("signature").asText()), Base64.getDecoder().decode(d.get("content").asText()));
                clips.put(c.id, c);
                clipFingerprints.add(c.deviceId + "|" + c.startMillis + "|" + c.endMillis + "|" + c.sha256);
                c.device = dev;
                dev.clips.add(c);
                if (!skipOp()) {
                    pendingOps.addFootage(dev.indexId, c.startMillis, c.endMillis);
                    flushIfFull();
                }
            }
            case "request.published" -> {
                Agency a = agencies.get(d.get("agencyId").asText());
                Req r = new Req(d.get("id").asText(), a, d.get("area").asText(), d.get("from").asLong(), d.get("to").asLong(),
                    d.get("incidentType").asText(), d.get("caseNumber").asText(), d.get("contact").asText(),
                    d.get("description").asText(), d.get("publishedAt").asLong());
                requests.put(r.id, r);
                a.requests.add(r);
            }
            case "request.refused" -> { }
            case "request.delivered" -> deliver(requests.get(d.get("requestId").asText()), d.get("cameras"), d.get("micros").asLong());
            case "response.recorded" -> {
                Req r = requests.get(d.get("requestId").asText());
                Response resp = new Response(d.get("action").asText());
                r.responses.put(d.get("ownerId").asText(), resp);
                for (JsonNode id : d.get("clipIds")) {
                    r.shared.add(new Shared(clips.get(id.asText()), e.atMillis()));
                }
            }
            case "request.resolved" -> requests.get(d.get("requestId").asText()).resolvedAtMillis = e.atMillis();
            default -> throw new IllegalStateException("audit log record " + e.seq() + " has unknown type " + e.type());
        }
    }

    private void loadWorld(JsonNode d) {
        CameraWorld world = CameraWorld.generate(d.get("devices").asInt(), d.get("historyDays").asInt(), d.get("nowMillis").asLong(),
            d.get("seed").asLong());
        fleet = new SimulatedFleet(world);
        long[] ids = world.ids();
        double[] lat = world.latDegrees();
        double[] lon = world.lonDegrees();
        boolean[] optedIn = world.optedIn();
        boolean[] e2ee = world.e2ee();
        int[] retention = world.retentionDays();
        for (int i = 0; i < ids.length; i++) {
            if (skipOp()) {
                continue;
            }
            pendingOps.upsertCamera(Camera.at(ids[i], lat[i], lon[i]).optedIn(optedIn[i]).e2ee(e2ee[i]).retentionDays(retention[i]));
            flushIfFull();
        }
        int[] offsets = world.footageOffsets();
        long[] starts = world.footageStartMillis();
        int[] lengths = world.footageDurationMillis();
        for (int i = 0; i < ids.length; i++) {
            for (int f = offsets[i]; f < offsets[i + 1]; f++) {
                if (skipOp()) {
                    continue;
                }
                pendingOps.addFootage(ids[i], starts[f], starts[f] + lengths[f]);
                flushIfFull();
            }
        }
    }

    private void deliver(Req r, JsonNode cameras, long micros) {
        r.fannedOut = true;
        r.fanOutMicros = micros;
        r.matchedCameras = cameras.size();
        r.cameras = new long[cameras.size()];
        for (int i = 0; i < r.cameras.length; i++) {
            r.cameras[i] = cameras.get(i).asLong();
        }
        for (JsonNode id : cameras) {
            Device dev = deviceByIndexId(id.asLong());
            if (dev == null || dev.e2ee) {
                continue;
            }
            Owner o = owner(dev.ownerId);
            if (o.optedOut || !r.recipients.add(o.id)) {
                continue;
            }
            o.feed.add(r);
            delivered.add(o.id);
        }
    }

    private void upsert(Device dev, Owner o) {
        if (skipOp()) {
            return;
        }
        pendingOps.upsertCamera(Camera.at(dev.indexId, dev.latDegrees, dev.lonDegrees)
            .optedIn(!o.optedOut && dev.optedIn).e2ee(dev.e2ee).retentionDays(dev.retentionDays));
        flushIfFull();
    }

    private boolean skipOp() {
        if (opsToSkip > 0) {
            opsToSkip--;
            return true;
        }
        return false;
    }

    private void flushIfFull() {
        if (pendingOps.size() >= OPS_BATCH) {
            flushOps();
        }
    }

    private void flushOps() {
        if (pendingOps.size() == 0) {
            return;
        }
        try {
            store.apply(pendingOps);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the index in " + dir + ": " + e.getMessage(), e);
        } finally {
            pendingOps.clear();
        }
    }

    // ---------------------------------------------------------------- lookups and checks

    private Owner owner(String id) {
        Owner o = owners.get(id);
        if (o == null && fleet != null) {
            int p = fleet.ownerPosition(id);
            if (p >= 0) {
                o = simulatedOwner(p, null);
            }
        }
        return o;
    }

    private Device device(String id) {
        Device d = devices.get(id);
        if (d == null && fleet != null) {
            int p = fleet.positionOf(id);
            if (p >= 0) {
                d = simulatedDevice(p);
            }
        }
        return d;
    }

    private Device deviceByIndexId(long indexId) {
        Device d = devicesByIndexId.get(indexId);
        if (d == null && fleet != null && indexId >= 0) {
            int p = fleet.positionOf(indexId);
            if (p >= 0) {
                d = simulatedDevice(p);
            }
        }
        return d;
    }

    private Device simulatedDevice(int p) {
        String id = SimulatedFleet.deviceId(p);
        Device d = devices.get(id);
        if (d == null) {
            CameraWorld w = fleet.world();
            d = new Device(id, SimulatedFleet.ownerId(p), w.ids()[p], w.latDegrees()[p], w.lonDegrees()[p], fleet.type(p),
                w.e2ee()[p], w.retentionDays()[p], p);
            d.optedIn = w.optedIn()[p];
            devices.put(id, d);
            devicesByIndexId.put(d.indexId, d);
            simulatedOwner(p, d);
        }
        return d;
    }

    private Owner simulatedOwner(int p, Device known) {
        String id = SimulatedFleet.ownerId(p);
        Owner o = owners.get(id);
        if (o == null) {
            o = new Owner(id, "simulated owner " + p, null);
            owners.put(id, o);
            o.devices.add(known != null ? known : simulatedDevice(p));
        }
        return o;
    }

    private Owner ownerFor(Principal caller, String ownerId) {
        if (caller == null || (caller.role() != Principal.Role.OPERATOR
            && !(caller.role() == Principal.Role.OWNER && caller.id().equals(ownerId)))) {
            throw ServiceException.forbidden("only the operator or owner " + ownerId + " may do this");
        }
        Owner o = owner(ownerId);
        if (o == null) {
            throw ServiceException.notFound("owner", ownerId);
        }
        return o;
    }

    private Device deviceFor(Principal caller, String deviceId) {
        requireRole(caller, Principal.Role.OWNER);
        Device d = device(deviceId);
        if (d == null) {
            throw ServiceException.notFound("device", deviceId);
        }
        if (!d.ownerId.equals(caller.id())) {
            throw ServiceException.notFound("device", deviceId);   // the same answer as for no device: ids are not probed
        }
        return d;
    }

    private Req ownRequest(Principal caller, String requestId) {
        if (caller == null || (caller.role() != Principal.Role.AGENCY && caller.role() != Principal.Role.OPERATOR)) {
            throw ServiceException.forbidden("only the requesting agency may read a request's details");
        }
        Req r = requests.get(requestId);
        if (r == null) {
            throw ServiceException.notFound("request", requestId);
        }
        if (caller.role() == Principal.Role.AGENCY && !r.agency.id.equals(caller.id())) {
            throw ServiceException.forbidden("request " + requestId + " belongs to another agency");
        }
        return r;
    }

    private List<Clip> eligibleClips(Owner owner, Req r) {
        List<Clip> out = new ArrayList<>();
        for (Device dev : owner.devices) {
            if (!r.covers(dev.latDegrees, dev.lonDegrees)) {
                continue;
            }
            for (Clip c : dev.clips) {
                if (c.startMillis < r.toMillis && c.endMillis > r.fromMillis) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    private static void requireRole(Principal caller, Principal.Role role) {
        if (caller == null || caller.role() != role) {
            throw ServiceException.forbidden("this needs a token of the " + role.name().toLowerCase(Locale.ROOT) + " role");
        }
    }

    private static String text(String field, String value, int maxChars) {
        if (value == null || value.isBlank()) {
            throw ServiceException.invalid("missing-field", field, field + " is required");
        }
        String v = value.strip();
        if (v.length() > maxChars) {
            throw ServiceException.invalid("invalid-field", field, field + " has " + v.length() + " characters, allowed at most " + maxChars);
        }
        return v;
    }

    private static String oneOf(String field, String value, Set<String> allowed) {
        String v = text(field, value, 64).toLowerCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            throw ServiceException.invalid("invalid-field", field, field + " " + quote(value) + " is not allowed, allowed "
                + String.join(", ", new java.util.TreeSet<>(allowed)));
        }
        return v;
    }

    private static void range(String field, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw ServiceException.invalid("invalid-field", field, field + " " + value + " is out of range, allowed " + min + ".." + max);
        }
    }

    private static Geometry geometry(String field, String geoJson) {
        if (geoJson == null || geoJson.isBlank()) {
            throw ServiceException.invalid("missing-field", field, field + " is required (a GeoJSON Polygon or MultiPolygon)");
        }
        try {
            Geometry g = GeoJsonReader.read(geoJson, field);
            if (!(g instanceof org.locationtech.jts.geom.Polygon) && !(g instanceof org.locationtech.jts.geom.MultiPolygon)) {
                throw ServiceException.invalid(field + "-invalid", field, field + " must be one GeoJSON Polygon or MultiPolygon");
            }
            return g;
        } catch (InvalidInputException e) {
            throw ServiceException.invalid(field + "-invalid", field, e.getMessage());
        }
    }

    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        String cut = s.length() > 80 ? s.substring(0, 77) + "..." : s;
        return "'" + cut + "'";
    }

    static String iso(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    private static ObjectNode object() {
        return JSON.createObjectNode();
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
        fanOut.shutdown();
        try {
            fanOut.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            try {
                if (store != null) {
                    store.close();
                }
            } finally {
                if (journal != null) {
                    journal.close();
                    journal = null;
                }
            }
        }
    }

    // ---------------------------------------------------------------- state

    private static final class Agency {
        final String id;
        final String name;
        final String emailDomain;
        final String kind;
        final String verifiedBy;
        final Geometry jurisdiction;
        final String jurisdictionGeoJson;
        final List<Req> requests = new ArrayList<>();

        Agency(String id, String name, String emailDomain, String kind, String verifiedBy, Geometry jurisdiction, String jurisdictionGeoJson) {
            this.id = id;
            this.name = name;
            this.emailDomain = emailDomain;
            this.kind = kind;
            this.verifiedBy = verifiedBy;
            this.jurisdiction = jurisdiction;
            this.jurisdictionGeoJson = jurisdictionGeoJson;
        }
    }

    private static final class Owner {
        final String id;
        final String name;
        final String email;
        boolean optedOut;
        final List<Device> devices = new ArrayList<>(1);
        final List<Req> feed = new ArrayList<>(1);

        Owner(String id, String name, String email) {
            this.id = id;
            this.name = name;
            this.email = email;
        }
    }

    private static final class Device {
        final String id;
        final String ownerId;
        final long indexId;
        final double latDegrees;
        final double lonDegrees;
        final String type;
        final boolean e2ee;
        final int retentionDays;
        /** Position in the simulated fleet, or -1 for a registered device. */
        final int simulatedPosition;
        boolean optedIn = true;
        PublicKey publicKey;
        final List<Clip> clips = new ArrayList<>(1);

        Device(String id, String ownerId, long indexId, double latDegrees, double lonDegrees, String type, boolean e2ee,
               int retentionDays, int simulatedPosition) {
            this.id = id;
            this.ownerId = ownerId;
            this.indexId = indexId;
            this.latDegrees = latDegrees;
            this.lonDegrees = lonDegrees;
            this.type = type;
            this.e2ee = e2ee;
            this.retentionDays = retentionDays;
            this.simulatedPosition = simulatedPosition;
        }

        PublicKey publicKey(SimulatedFleet fleet) {
            if (publicKey == null) {
                publicKey = fleet.keyPair(simulatedPosition).getPublic();
            }
            return publicKey;
        }
    }

    private static final class Clip {
        final String id;
        final String deviceId;
        final long startMillis;
        final long endMillis;
        final String sha256;
        final byte[] signature;
        final byte[] content;
        Device device;

        Clip(String id, String deviceId, long startMillis, long endMillis, String sha256, byte[] signature, byte[] content) {
            this.id = id;
            this.deviceId = deviceId;
            this.startMillis = startMillis;
            this.endMillis = endMillis;
            this.sha256 = sha256;
            this.signature = signature;
            this.content = content;
        }

        Api.ClipView view() {
            return new Api.ClipView(id, deviceId, iso(startMillis), iso(endMillis), sha256);
        }

        Api.Verification verify(SimulatedFleet fleet) {
            String text = Signatures.signedText(deviceId, startMillis, endMillis, sha256);
            boolean hashOk = AuditLog.sha256(content).equals(sha256);
            boolean sigOk = device != null && Signatures.verify(device.publicKey(fleet), text, signature);
            return new Api.Verification(Signatures.ALGORITHM, text, hashOk, sigOk, null, null);
        }
    }

    private static final class Req {
        final String id;
        final Agency agency;
        final String areaGeoJson;
        final PreparedGeometry prepared;
        final Area indexArea;
        final long fromMillis;
        final long toMillis;
        final String incidentType;
        final String caseNumber;
        final String contact;
        final String description;
        final long publishedAtMillis;
        long resolvedAtMillis;
        boolean fannedOut;
        long fanOutMicros;
        int matchedCameras;
        long[] cameras = new long[0];
        final Set<String> recipients = new HashSet<>();
        final Map<String, Response> responses = new LinkedHashMap<>();
        final List<Shared> shared = new ArrayList<>();

        Req(String id, Agency agency, String areaGeoJson, long fromMillis, long toMillis, String incidentType, String caseNumber,
            String contact, String description, long publishedAtMillis) {
            this.id = id;
            this.agency = agency;
            this.areaGeoJson = areaGeoJson;
            Geometry g = GeoJsonReader.read(areaGeoJson, "area");
            this.prepared = PreparedGeometryFactory.prepare(g);
            this.indexArea = Area.polygon(g);
            this.fromMillis = fromMillis;
            this.toMillis = toMillis;
            this.incidentType = incidentType;
            this.caseNumber = caseNumber;
            this.contact = contact;
            this.description = description;
            this.publishedAtMillis = publishedAtMillis;
        }

        boolean covers(double lat, double lon) {
            return prepared.covers(POINTS.createPoint(new Coordinate(lon, lat)));
        }

        String status() {
            return resolvedAtMillis == 0 ? "published" : "resolved";
        }

        Api.RequestView view() {
            return new Api.RequestView(id, agency.id, agency.name, status(), areaGeoJson, iso(fromMillis), iso(toMillis), incidentType,
                caseNumber, contact, description, iso(publishedAtMillis), resolvedAtMillis == 0 ? null : iso(resolvedAtMillis));
        }
    }

    private record Response(String action) {
    }

    private record Shared(Clip clip, long sharedAtMillis) {
    }
}
