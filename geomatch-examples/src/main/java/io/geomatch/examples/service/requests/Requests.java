package io.geomatch.examples.service.requests;

import io.geomatch.examples.service.Api;
import io.geomatch.examples.service.Principal;
import io.geomatch.examples.service.ServiceException;
import io.geomatch.examples.service.Signatures;
import io.geomatch.examples.service.directory.Agency;
import io.geomatch.examples.service.directory.Device;
import io.geomatch.examples.service.directory.Directory;
import io.geomatch.examples.service.directory.Owner;
import io.geomatch.examples.service.fanout.DeviceIndex;
import io.geomatch.examples.service.journal.JournalRecord;
import io.geomatch.examples.service.journal.Ledger;
import io.geomatch.examples.service.policy.DeviceRules;
import io.geomatch.examples.service.policy.RequestDraft;
import io.geomatch.examples.service.policy.RequestLimits;
import io.geomatch.examples.service.policy.RequestRules;
import io.geomatch.examples.service.policy.Violation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Community requests: filing (every rule of {@code service.policy}, then the per-case and hourly
 * limits), the agency's and the public's views, resolving, and what the fan-out delivered to
 * whom. Calls that change state commit through the {@link Ledger}; the {@code apply} methods are
 * the changes of the records, for live commits and replay alike. Reads need no lock.
 */
public final class Requests {
    private final Ledger ledger;
    private final Directory directory;
    private final DeviceIndex index;
    private final LongSupplier clock;
    private final int requestsPerHour;
    private final Map<String, Request> byId = new ConcurrentHashMap<>();
    private final Map<String, List<Request>> byAgency = new ConcurrentHashMap<>();
    private final Map<String, List<Request>> feeds = new ConcurrentHashMap<>();
    private final List<Request> inOrder = new CopyOnWriteArrayList<>();
    private final Map<String, List<Refusal>> refusals = new ConcurrentHashMap<>();

    /**
     * A refused filing: the rule it broke, and when.
     *
     * @param agencyId the agency
     * @param code the rule's code
     * @param atMillis when, epoch ms
     */
    public record Refusal(String agencyId, String code, long atMillis) {
    }
    private volatile Consumer<Request> onPublished = r -> { };

    /**
     * @param ledger commits changes
     * @param directory agencies, owners and devices
     * @param index prepares request areas for matching
     * @param clock the service's clock, epoch ms
     * @param requestsPerHour published requests allowed per agency in any rolling hour
     */
    public Requests(Ledger ledger, Directory directory, DeviceIndex index, LongSupplier clock, int requestsPerHour) {
        this.ledger = ledger;
        this.directory = directory;
        this.index = index;
        this.clock = clock;
        this.requestsPerHour = requestsPerHour;
    }

    /**
     * @param listener told of each request published by a call, once it is durable (the fan-out)
     */
    public void onPublished(Consumer<Request> listener) {
        this.onPublished = Objects.requireNonNull(listener, "listener");
    }

    // ---------------------------------------------------------------- calls

    /**
     * Files a request (agency only): every rule, then the limits. A broken rule is recorded,
     * then refused.
     *
     * @param caller the caller
     * @param form the request
     * @return its id and status
     */
    public Api.Filed file(Principal caller, Api.RequestForm form) {
        ServiceException.requireRole(caller, Principal.Role.AGENCY);
        Agency agency = directory.agency(caller.id());
        long now = clock.getAsLong();
        Violation ruleBroken = RequestRules.check(new RequestDraft(form.area(), form.fromMillis(), form.toMillis(), form.incidentType(),
            form.caseNumber(), form.contact(), form.description()), agency.jurisdiction(), now, DeviceRules.MAX_RETENTION_DAYS).orElse(null);
        Request published = ledger.write(tx -> {
            Violation violation = ruleBroken;
            List<Request> mine = byAgency.getOrDefault(agency.id(), List.of());
            if (violation == null) {
                String caseKey = RequestLimits.caseKey(form.caseNumber());
                long sameCase = mine.stream().filter(r -> RequestLimits.caseKey(r.caseNumber()).equals(caseKey)).count();
                violation = RequestLimits.caseLimit(form.caseNumber(), sameCase);
            }
            if (violation != null) {
                long refusedRecently = refusals.getOrDefault(agency.id(), List.of()).stream()
                    .filter(r -> r.atMillis() > now - RequestLimits.HOUR_MILLIS).count();
                String limited = RequestLimits.refusalLimit(refusedRecently);
                if (limited != null) {
                    throw new ServiceException(429, "rate-limited", null, "agency " + agency.id() + ": " + limited);
                }
                tx.commit(new JournalRecord.RequestRefused(agency.id(), violation.code(), violation.field()));
                tx.refuse(ServiceException.of(violation));
                return null;
            }
            long recent = mine.stream().filter(r -> r.publishedAtMillis() > now - RequestLimits.HOUR_MILLIS).count();
            if (recent >= requestsPerHour) {
                throw new ServiceException(429, "rate-limited", null, "agency " + agency.id() + " published " + recent
                    + " requests in the last hour, allowed at most " + requestsPerHour);
            }
            String id = Signatures.newId("req");
            tx.commit(new JournalRecord.RequestPublished(id, agency.id(), form.area(), form.fromMillis(), form.toMillis(),
                form.incidentType().strip(), form.caseNumber().strip(), form.contact().strip(), form.description().strip(), now));
            return byId.get(id);
        });
        onPublished.accept(published);
        return new Api.Filed(published.id(), published.status(), published.seq() - 1);
    }

    /**
     * Marks a request resolved (the requesting agency only).
     *
     * @param caller the caller
     * @param requestId the request
     * @return the request
     */
    public Api.RequestView resolve(Principal caller, String requestId) {
        ServiceException.requireRole(caller, Principal.Role.AGENCY);
        return ledger.write(tx -> {
            Request r = ownRequest(caller, requestId);
            if (r.resolvedAtMillis() != 0) {
                throw new ServiceException(409, "already-resolved", null, "request " + r.id() + " was resolved at "
                    + Instant.ofEpochMilli(r.resolvedAtMillis()));
            }
            tx.commit(new JournalRecord.RequestResolved(r.id()));
            return r.view();
        });
    }

    /**
     * @param caller the requesting agency or the operator
     * @param requestId the request
     * @return the request
     */
    public Api.RequestView view(Principal caller, String requestId) {
        return ledger.read(() -> ownRequest(caller, requestId).view());
    }

    /**
     * @param agencyId an agency
     * @return its published requests, oldest first
     */
    public List<Api.RequestView> publicLog(String agencyId) {
        return ledger.read(() -> {
            if (directory.agency(agencyId) == null) {
                throw ServiceException.notFound("agency", agencyId);
            }
            List<Api.RequestView> out = new ArrayList<>();
            for (Request r : byAgency.getOrDefault(agencyId, List.of())) {
                out.add(r.view());
            }
            return out;
        });
    }

    /**
     * @param caller the operator
     * @param requestId a request
     * @return what only the platform knows about its fan-out
     */
    public Api.Deliveries deliveries(Principal caller, String requestId) {
        ServiceException.requireRole(caller, Principal.Role.OPERATOR);
        return ledger.read(() -> {
            Request r = existing(requestId);
            int shared = 0;
            int declined = 0;
            for (Request.Response resp : r.responses().values()) {
                if (resp.action().equals("share")) {
                    shared++;
                } else {
                    declined++;
                }
            }
            Request.Delivery d = r.delivery();
            return d == null
                ? new Api.Deliveries(r.id(), false, 0, 0, shared, declined, 0)
                : new Api.Deliveries(r.id(), true, d.cameras().length, d.recipients().size(), shared, declined, d.micros());
        });
    }

    /**
     * @param caller the operator
     * @param requestId a request
     * @return the index ids its fan-out matched, ascending; empty before it ran
     */
    public long[] matchedCameraIds(Principal caller, String requestId) {
        ServiceException.requireRole(caller, Principal.Role.OPERATOR);
        return ledger.read(() -> {
            Request.Delivery d = existing(requestId).delivery();
            return d == null ? new long[0] : d.cameras().clone();
        });
    }

    /**
     * @param caller the caller
     * @param requestId a request id
     * @return the request, if the caller is its agency or the operator
     * @throws ServiceException 403 for other roles; 404 if there is none, or it is another agency's
     */
    public Request ownRequest(Principal caller, String requestId) {
        if (caller == null || (caller.role() != Principal.Role.AGENCY && caller.role() != Principal.Role.OPERATOR)) {
            throw ServiceException.forbidden("only the requesting agency may read a request's details");
        }
        Request r = existing(requestId);
        if (caller.role() == Principal.Role.AGENCY && !r.agency().id().equals(caller.id())) {
            // the same answer as for no request at all: another agency's request ids are not probed
            throw ServiceException.notFound("request", requestId);
        }
        return r;
    }

    private Request existing(String requestId) {
        Request r = byId.get(requestId);
        if (r == null) {
            throw ServiceException.notFound("request", requestId);
        }
        return r;
    }

    // ---------------------------------------------------------------- lookups

    /**
     * @param id a request id
     * @return the request, or null
     */
    public Request get(String id) {
        return id == null ? null : byId.get(id);
    }

    /**
     * @param ownerId an owner
     * @return the requests delivered to it, oldest first
     */
    public List<Request> feedOf(String ownerId) {
        return feeds.getOrDefault(ownerId, List.of());
    }

    /** @return every request, in the order published */
    public Collection<Request> all() {
        return inOrder;
    }

    // ---------------------------------------------------------------- apply

    /**
     * Applies {@code request.published}.
     *
     * @param r the record
     * @param seq its number in the journal
     * @return the request
     */
    public Request apply(JournalRecord.RequestPublished r, long seq) {
        Agency a = directory.agency(r.agencyId());
        Request req = new Request(r.id(), seq, a, r.area(), index.prepare(r.area()), r.from(), r.to(), r.incidentType(), r.caseNumber(),
            r.contact(), r.description(), r.publishedAt());
        byId.put(req.id(), req);
        inOrder.add(req);
        byAgency.computeIfAbsent(a.id(), k -> new CopyOnWriteArrayList<>()).add(req);
        return req;
    }

    /**
     * Applies {@code request.refused}.
     *
     * @param r the record
     * @param atMillis when it was written
     */
    public void apply(JournalRecord.RequestRefused r, long atMillis) {
        refusals.computeIfAbsent(r.agencyId(), k -> new CopyOnWriteArrayList<>()).add(new Refusal(r.agencyId(), r.code(), atMillis));
    }

    /** @return every refused filing, by agency, oldest first */
    public Map<String, List<Refusal>> refusals() {
        return refusals;
    }

    /**
     * Applies {@code request.resolved}.
     *
     * @param r the record
     * @param atMillis when it was written
     */
    public void apply(JournalRecord.RequestResolved r, long atMillis) {
        byId.get(r.requestId()).resolved(atMillis);
    }

    /**
     * What view matching changed for a request (operator only): its area, window and publication
     * time matched in the index now in both modes, and the owners each would reach (as the
     * fan-out counts them: end-to-end encrypted devices and opted-out owners left out).
     *
     * @param caller the operator
     * @param requestId a request
     * @return the owners reached in each mode, those position matching would reach and view
     *     matching spares, and those view matching reaches that position matching would miss
     * @throws ServiceException 403 for another role, 404 for no such request
     */
    public Api.MatchModes matchModes(Principal caller, String requestId) {
        ServiceException.requireRole(caller, Principal.Role.OPERATOR);
        Request r = ledger.read(() -> existing(requestId));
        long[] byPosition = index.matchByPosition(r.query(), r.fromMillis(), r.toMillis(), r.publishedAtMillis());
        long[] byView = index.match(r.query(), r.fromMillis(), r.toMillis(), r.publishedAtMillis());
        return ledger.read(() -> {
            Set<String> position = owners(byPosition);
            Set<String> view = owners(byView);
            int spared = 0;
            for (String o : position) {
                spared += view.contains(o) ? 0 : 1;
            }
            int added = 0;
            for (String o : view) {
                added += position.contains(o) ? 0 : 1;
            }
            return new Api.MatchModes(requestId, byPosition.length, byView.length, position.size(), view.size(), spared, added);
        });
    }

    /** @return the owners the cameras' fan-out would reach: each once, without e2ee devices or opted-out owners */
    private Set<String> owners(long[] cameras) {
        Set<String> owners = new HashSet<>();
        for (long id : cameras) {
            Device dev = directory.deviceByIndexId(id);
            if (dev != null && !dev.e2ee() && !directory.owner(dev.ownerId()).optedOut()) {
                owners.add(dev.ownerId());
            }
        }
        return owners;
    }

    /**
     * Applies {@code request.delivered}: each matched device's owner receives the request once,
     * unless it opted out or the device is end-to-end encrypted.
     *
     * @param r the record
     * @param atMillis when it was written
     */
    public void apply(JournalRecord.RequestDelivered r, long atMillis) {
        Request req = byId.get(r.requestId());
        Set<String> recipients = new LinkedHashSet<>();
        for (long id : r.cameras()) {
            Device dev = directory.deviceByIndexId(id);
            if (dev == null || dev.e2ee()) {
                continue;
            }
            Owner o = directory.owner(dev.ownerId());
            if (o.optedOut() || !recipients.add(o.id())) {
                continue;
            }
            feeds.computeIfAbsent(o.id(), k -> new CopyOnWriteArrayList<>()).add(req);
        }
        req.delivered(new Request.Delivery(r.micros(), r.cameras(), List.copyOf(recipients), atMillis));
    }

    /**
     * Applies {@code response.recorded}.
     *
     * @param r the record
     * @param atMillis when it was written
     */
    public void apply(JournalRecord.ResponseRecorded r, long atMillis) {
        byId.get(r.requestId()).responses().put(r.ownerId(), new Request.Response(r.action(), atMillis));
    }
}
