package io.geomatch.examples.service.evidence;

import io.geomatch.examples.service.Api;
import io.geomatch.examples.service.Principal;
import io.geomatch.examples.service.ServiceException;
import io.geomatch.examples.service.Signatures;
import io.geomatch.examples.service.audit.AuditLog;
import io.geomatch.examples.service.directory.Device;
import io.geomatch.examples.service.directory.Directory;
import io.geomatch.examples.service.directory.Owner;
import io.geomatch.examples.service.journal.JournalRecord;
import io.geomatch.examples.service.journal.Ledger;
import io.geomatch.examples.service.policy.ClipRules;
import io.geomatch.examples.service.policy.Fields;
import io.geomatch.examples.service.policy.SharingRules;
import io.geomatch.examples.service.policy.Violation;
import io.geomatch.examples.service.requests.Request;
import io.geomatch.examples.service.requests.Requests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * The evidence store: clips devices upload (checked authentic: the content's SHA-256 and the
 * device's Ed25519 signature over it; content kept in the {@link EvidenceStore} within each
 * owner's quota), owners' feeds with the clips each may share, owners'
 * answers, and the clips shared with a request, checked again whenever the agency reads them.
 * Calls that change state commit through the {@link Ledger}; the {@code apply} methods are the
 * changes of the records. Reads need no lock.
 */
public final class Evidence {
    private final Ledger ledger;
    private final Directory directory;
    private final Requests requests;
    private final LongSupplier clock;
    private final EvidenceStore store;
    private final long ownerQuotaBytes;
    private final Map<String, Clip> clips = new ConcurrentHashMap<>();
    private final Map<String, Long> chargedBytesByOwner = new ConcurrentHashMap<>();
    private final Map<String, List<Clip>> clipsByDevice = new ConcurrentHashMap<>();
    private final Set<String> fingerprints = ConcurrentHashMap.newKeySet();
    private final Map<String, List<Shared>> sharedByRequest = new ConcurrentHashMap<>();

    /**
     * A clip shared with a request.
     *
     * @param clip the clip
     * @param sharedAtMillis when, epoch ms
     */
    public record Shared(Clip clip, long sharedAtMillis) {
    }

    /**
     * @param ledger commits changes
     * @param directory owners and devices
     * @param requests the requests clips are shared with
     * @param clock the service's clock, epoch ms
     * @param store where clip content is kept
     * @param ownerQuotaBytes bytes of clips each owner may store
     */
    public Evidence(Ledger ledger, Directory directory, Requests requests, LongSupplier clock, EvidenceStore store, long ownerQuotaBytes) {
        this.ledger = ledger;
        this.directory = directory;
        this.requests = requests;
        this.clock = clock;
        this.store = store;
        this.ownerQuotaBytes = ownerQuotaBytes;
    }

    // ---------------------------------------------------------------- calls

    /**
     * Stores a clip after checking it is authentic (that device's owner only): the content goes
     * to the evidence store first, then the record naming it by hash to the journal.
     *
     * @param caller the caller
     * @param deviceId the device
     * @param form the clip
     * @param sha256Hex the content hash the device claims, or null
     * @return completes with the stored clip once its round is durable (see {@link Ledger#writeInRoundLater})
     */
    public CompletableFuture<Api.ClipView> upload(Principal caller, String deviceId, Api.ClipForm form, String sha256Hex) {
        Device device = ledger.read(() -> directory.deviceOf(caller, deviceId));
        byte[] content = form.content() == null ? new byte[0] : form.content();
        if (content.length > ClipRules.MAX_CLIP_BYTES) {
            throw new ServiceException(413, ClipRules.TOO_LARGE, "contentBase64", "contentBase64 holds " + content.length
                + " bytes, allowed at most " + ClipRules.MAX_CLIP_BYTES);
        }
        ClipRules.check(content.length, form.startMillis(), form.endMillis(), clock.getAsLong(), device.registeredAtMillis(),
            device.retentionDays());
        String hash = AuditLog.sha256(content);
        if (sha256Hex != null && !sha256Hex.equalsIgnoreCase(hash)) {
            throw ServiceException.invalid(ClipRules.CONTENT_HASH_MISMATCH, "sha256", "sha256 " + Fields.quote(sha256Hex)
                + " does not match the content, whose SHA-256 is " + hash);
        }
        String signed = Signatures.signedText(device.id(), form.startMillis(), form.endMillis(), hash);
        if (form.signature() == null || !Signatures.verify(device.publicKey(), signed, form.signature())) {
            throw ServiceException.invalid(ClipRules.SIGNATURE_INVALID, "signature",
                "signature does not verify under the key of device " + device.id() + " over deviceId, start, end and the content hash");
        }
        checkQuota(device.ownerId(), content.length);
        try {
            store.put(hash, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write clip content to the evidence store: " + e.getMessage(), e);
        }
        return ledger.writeInRoundLater(tx -> {
            if (fingerprints.contains(fingerprint(device.key(), form.startMillis(), form.endMillis(), hash))) {
                throw new ServiceException(409, "duplicate-clip", null, "this clip (device " + device.id() + ", "
                    + Instant.ofEpochMilli(form.startMillis()) + ", content " + hash + ") is already stored");
            }
            checkQuota(device.ownerId(), content.length);
            String id = Signatures.newId("clip");
            tx.commit(new JournalRecord.ClipUploaded(id, device.ownerId(), device.id(), form.startMillis(), form.endMillis(), hash, content.length,
                form.signature()));
            return clips.get(id).view();
        });
    }

    private void checkQuota(String ownerId, long clipBytes) {
        Violation v = ClipRules.quota(ownerId, chargedBytesByOwner.getOrDefault(ownerId, 0L), clipBytes, ownerQuotaBytes);
        if (v != null) {
            throw new ServiceException(413, v.code(), v.field(), v.message());
        }
    }

    /**
     * The requests delivered to an owner, oldest first, each with the owner's clips that can be
     * shared with it.
     *
     * @param caller an owner
     * @return the feed
     */
    public List<Api.FeedItem> feed(Principal caller) {
        ServiceException.requireRole(caller, Principal.Role.OWNER);
        return ledger.read(() -> {
            Owner owner = directory.owner(caller.id());
            List<Api.FeedItem> out = new ArrayList<>();
            if (owner == null) {
                return out;
            }
            for (Request r : requests.feedOf(owner.id())) {
                List<Api.ClipView> eligible = new ArrayList<>();
                for (Clip c : eligibleClips(owner, r)) {
                    eligible.add(c.view());
                }
                Request.Response resp = r.responses().get(owner.id());
                out.add(new Api.FeedItem(r.view(), eligible, resp == null ? null : resp.action()));
            }
            return out;
        });
    }

    /**
     * Answers a request in the owner's feed: share some eligible clips, or decline.
     *
     * @param caller an owner
     * @param requestId a request in its feed
     * @param action share or decline
     * @param clipIds the clips to share
     * @return completes with the answer once its round is durable
     */
    public CompletableFuture<Api.ResponseView> respond(Principal caller, String requestId, String action, List<String> clipIds) {
        ServiceException.requireRole(caller, Principal.Role.OWNER);
        List<String> ids = clipIds == null ? List.of() : List.copyOf(clipIds);
        Owner owner = directory.owner(caller.id());
        Request r = requests.get(requestId);
        checkAnswerable(owner, r, requestId);
        String act = Fields.oneOf("action", action, Set.of(SharingRules.SHARE, SharingRules.DECLINE));
        SharingRules.check(act, ids);
        // Clips and deliveries never change once made: eligibility and authenticity are checked before taking the lock.
        Set<Clip> eligible = new HashSet<>(eligibleClips(owner, r));
        for (String clipId : ids) {
            Clip c = clips.get(clipId);
            if (c != null && c.device().ownerId().equals(owner.id()) && c.device().e2ee()) {
                throw SharingRules.encrypted(clipId, c.device().id());
            }
            if (c == null || !eligible.contains(c)) {
                throw SharingRules.notEligible(clipId, r.id(), r.window());
            }
            Api.Verification check = c.verify(store);
            if (!check.contentHashMatches() || !check.signatureValid()) {
                throw ServiceException.invalid(SharingRules.CLIP_TAMPERED, "clipIds", "clip " + clipId + " fails its authenticity check");
            }
        }
        return ledger.writeInRoundLater(tx -> {
            checkAnswerable(owner, r, requestId);
            tx.commit(new JournalRecord.ResponseRecorded(r.id(), owner.id(), act, ids));
            return new Api.ResponseView(r.id(), act, ids);
        });
    }

    /** The request is in the owner's feed, not answered and not resolved. */
    private void checkAnswerable(Owner owner, Request r, String requestId) {
        if (owner == null || r == null || !requests.feedOf(owner.id()).contains(r)) {
            throw new ServiceException(404, "not-found", null, "no request with id " + requestId + " in your feed");
        }
        Request.Response previous = r.responses().get(owner.id());
        if (previous != null) {
            throw new ServiceException(409, "already-responded", null, "you already answered request " + r.id()
                + " (" + previous.action() + ")");
        }
        if (r.resolvedAtMillis() != 0) {
            throw new ServiceException(409, "request-resolved", null, "request " + r.id() + " is resolved and takes no more footage");
        }
    }

    /**
     * The clips owners shared with a request, each checked again now (the requesting agency only).
     *
     * @param caller the caller
     * @param requestId the request
     * @return the evidence
     */
    public Api.Evidence evidence(Principal caller, String requestId) {
        ServiceException.requireRole(caller, Principal.Role.AGENCY);
        return ledger.read(() -> {
            Request r = requests.ownRequest(caller, requestId);
            List<Api.EvidenceClip> out = new ArrayList<>();
            String now = Instant.ofEpochMilli(clock.getAsLong()).toString();
            for (Shared s : sharedByRequest.getOrDefault(r.id(), List.of())) {
                Clip c = s.clip();
                Api.Verification v = c.verify(store);
                boolean available = store.contains(c.sha256());
                out.add(new Api.EvidenceClip(c.id(), c.device().id(), Instant.ofEpochMilli(c.startMillis()).toString(),
                    Instant.ofEpochMilli(c.endMillis()).toString(), Instant.ofEpochMilli(c.uploadedAtMillis()).toString(), c.sha256(),
                    Base64.getEncoder().encodeToString(c.signature()),
                    Signatures.encode(c.device().publicKey()), available ? content(c) : null, available,
                    new Api.Verification(v.algorithm(), v.signedText(), v.contentHashMatches(), v.signatureValid(),
                        Instant.ofEpochMilli(s.sharedAtMillis()).toString(), now)));
            }
            return new Api.Evidence(r.id(), out);
        });
    }

    private Api.ClipContent content(Clip c) {
        return new Api.ClipContent() {
            @Override
            public long size() {
                return c.bytes();
            }

            @Override
            public InputStream open() throws IOException {
                return store.open(c.sha256());
            }
        };
    }

    /** @return the content hashes clips refer to (what the evidence store must keep) */
    public Set<String> referencedHashes() {
        Set<String> out = new HashSet<>();
        for (Clip c : clips.values()) {
            out.add(c.sha256());
        }
        return out;
    }

    private List<Clip> eligibleClips(Owner owner, Request r) {
        List<Clip> out = new ArrayList<>();
        for (Device dev : owner.devices()) {
            boolean notified = r.matched(dev.indexId());
            for (Clip c : clipsByDevice.getOrDefault(dev.key(), List.of())) {
                if (SharingRules.eligible(notified, dev.e2ee(), c.startMillis(), c.endMillis(), r.fromMillis(), r.toMillis())) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    private static String fingerprint(String deviceKey, long startMillis, long endMillis, String sha256) {
        return deviceKey + "|" + startMillis + "|" + endMillis + "|" + sha256;
    }

    // ---------------------------------------------------------------- apply

    /**
     * Applies {@code clip.uploaded}.
     *
     * @param r the record
     * @param atMillis when it was written: the upload
     * @return the device that recorded it
     */
    public Device apply(JournalRecord.ClipUploaded r, long atMillis) {
        Device dev = directory.device(r.ownerId(), r.deviceId());
        Clip c = new Clip(r.id(), dev, r.start(), r.end(), r.sha256(), r.bytes(), r.signature(), atMillis);
        clips.put(c.id(), c);
        chargedBytesByOwner.merge(dev.ownerId(), ClipRules.chargedBytes(r.bytes()), Long::sum);
        fingerprints.add(fingerprint(dev.key(), c.startMillis(), c.endMillis(), c.sha256()));
        clipsByDevice.computeIfAbsent(dev.key(), k -> new CopyOnWriteArrayList<>()).add(c);
        return dev;
    }

    /**
     * Applies the clips of {@code response.recorded}.
     *
     * @param r the record
     * @param atMillis when it was written
     */
    public void apply(JournalRecord.ResponseRecorded r, long atMillis) {
        if (r.clipIds().isEmpty()) {
            return;
        }
        List<Shared> list = sharedByRequest.computeIfAbsent(r.requestId(), k -> new CopyOnWriteArrayList<>());
        for (String id : r.clipIds()) {
            list.add(new Shared(clips.get(id), atMillis));
        }
    }
}
