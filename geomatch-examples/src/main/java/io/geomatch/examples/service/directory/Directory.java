package io.geomatch.examples.service.directory;

import io.geomatch.examples.service.Api;
import io.geomatch.examples.service.Principal;
import io.geomatch.examples.service.ServiceException;
import io.geomatch.examples.service.Signatures;
import io.geomatch.examples.service.journal.JournalRecord;
import io.geomatch.examples.service.journal.Ledger;
import io.geomatch.examples.service.policy.AgencyRules;
import io.geomatch.examples.service.policy.DeviceRules;
import io.geomatch.examples.service.policy.Fields;
import io.geomatch.examples.service.policy.OwnerRules;
import io.geomatch.examples.sim.SimulatedFleet;
import io.geomatch.world.CameraWorld;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is on the platform: agencies, owners, their devices and the bearer tokens they hold. Calls
 * that change it validate, then commit a journal record through the {@link Ledger}; the
 * {@code apply} methods are the state changes those records make, called by the service's state
 * machine for live commits and replay alike. Lookups are safe from any thread.
 *
 * <p>Device ids are each owner's own: two owners may both have a {@code front-door}, and nothing
 * an owner is told depends on another owner's devices. Simulated owners and devices are not
 * stored: each is made from the simulated fleet on first use and kept from then on.
 */
public final class Directory {
    private final Ledger ledger;
    private final Map<String, Principal> principalsByTokenHash = new ConcurrentHashMap<>();
    private final Map<String, Agency> agencies = new ConcurrentHashMap<>();
    private final Map<String, Owner> owners = new ConcurrentHashMap<>();
    /** Devices by {@link #key(String, String)}. */
    private final Map<String, Device> devices = new ConcurrentHashMap<>();
    private final Map<Long, Device> devicesByIndexId = new ConcurrentHashMap<>();
    private volatile SimulatedFleet fleet;
    private volatile long fleetRegisteredAtMillis;
    /** The next index id of a registered device; changed under the write lock only. */
    private long nextIndexId = -1;

    /**
     * @param ledger commits this directory's changes
     */
    public Directory(Ledger ledger) {
        this.ledger = ledger;
    }

    // ---------------------------------------------------------------- calls

    /**
     * @param token a bearer token, may be null
     * @return who holds it, or null if no one
     */
    public Principal authenticate(String token) {
        return ledger.read(() -> token == null ? null : principalsByTokenHash.get(Signatures.tokenHash(token)));
    }

    /**
     * Registers a verified agency (operator only).
     *
     * @param caller the caller
     * @param form the agency
     * @return its id and token
     */
    public Api.Created createAgency(Principal caller, Api.AgencyForm form) {
        ServiceException.requireRole(caller, Principal.Role.OPERATOR);
        AgencyRules.Accepted a = AgencyRules.check(form.name(), form.emailDomain(), form.kind(), form.verifiedBy(), form.jurisdiction());
        String id = Signatures.newId("agency");
        String token = Signatures.newToken();
        ledger.write(tx -> tx.commit(new JournalRecord.AgencyCreated(id, a.name(), a.emailDomain(), a.kind(), a.verifiedBy(),
            a.jurisdiction(), Signatures.tokenHash(token))));
        return new Api.Created(id, token);
    }

    /**
     * Registers an owner (operator only).
     *
     * @param caller the caller
     * @param name display name
     * @param email email address
     * @return its id and token
     */
    public Api.Created createOwner(Principal caller, String name, String email) {
        ServiceException.requireRole(caller, Principal.Role.OPERATOR);
        OwnerRules.Accepted o = OwnerRules.check(name, email);
        String id = Signatures.newId("owner");
        String token = Signatures.newToken();
        ledger.write(tx -> tx.commit(new JournalRecord.OwnerCreated(id, o.name(), o.email(), Signatures.tokenHash(token))));
        return new Api.Created(id, token);
    }

    /**
     * Registers a device of an owner (the operator or that owner).
     *
     * @param caller the caller
     * @param ownerId the owner
     * @param form the device
     * @return the device
     */
    public Api.DeviceView addDevice(Principal caller, String ownerId, Api.DeviceForm form) {
        String type = DeviceRules.check(form.id(), form.latDegrees(), form.lonDegrees(), form.type(), form.retentionDays());
        Api.View v = form.view();
        if (v != null) {
            DeviceRules.checkView(v.headingDegrees(), v.fieldOfViewDegrees(), v.rangeMeters());
        }
        Signatures.publicKey(form.publicKeyBase64());
        return ledger.write(tx -> {
            Owner owner = ownerFor(caller, ownerId);
            if (device(owner.id(), form.id()) != null) {
                throw new ServiceException(409, "duplicate-device", "id", "you already have a device with id " + Fields.quote(form.id()));
            }
            if (owner.devices().size() >= DeviceRules.MAX_DEVICES_PER_OWNER) {
                throw new ServiceException(422, DeviceRules.DEVICE_LIMIT, "id", "owner " + owner.id() + " has "
                    + owner.devices().size() + " devices, allowed at most " + DeviceRules.MAX_DEVICES_PER_OWNER);
            }
            tx.commit(new JournalRecord.DeviceAdded(form.id(), owner.id(), nextIndexId, form.latDegrees(), form.lonDegrees(), type,
                form.e2ee(), form.retentionDays(), form.publicKeyBase64(),
                v == null ? null : new JournalRecord.View(v.headingDegrees(), v.fieldOfViewDegrees(), v.rangeMeters())));
            Device d = devices.get(key(owner.id(), form.id()));
            JournalRecord.View dv = d.view();
            return new Api.DeviceView(d.id(), d.ownerId(), d.type(), d.e2ee(), d.retentionDays(),
                dv == null ? null : new Api.View(dv.headingDegrees(), dv.fieldOfViewDegrees(), dv.rangeMeters()));
        });
    }

    /**
     * Opts an owner out of (or back into) community requests (the operator or that owner).
     *
     * @param caller the caller
     * @param ownerId the owner
     * @param optedOut true to opt out
     * @return completes once the change's round is durable (see {@link Ledger#writeInRoundLater})
     */
    public CompletableFuture<Void> setOptedOut(Principal caller, String ownerId, boolean optedOut) {
        return ledger.writeInRoundLater(tx -> {
            Owner owner = ownerFor(caller, ownerId);
            if (owner.optedOut() != optedOut) {
                tx.commit(optedOut ? new JournalRecord.OwnerOptedOut(owner.id()) : new JournalRecord.OwnerOptedIn(owner.id()));
            }
            return null;
        });
    }

    /**
     * @param caller the caller
     * @param ownerId an owner id
     * @return the owner, if the caller is the operator or that owner
     * @throws ServiceException 403 for anyone else, 404 for no such owner
     */
    public Owner ownerFor(Principal caller, String ownerId) {
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

    /**
     * @param caller an owner
     * @param deviceId a device id
     * @return the caller's device of that id
     * @throws ServiceException 403 for another role; 404 for no such device of the caller's,
     *     the same answer whether or not another owner has one
     */
    public Device deviceOf(Principal caller, String deviceId) {
        ServiceException.requireRole(caller, Principal.Role.OWNER);
        Device d = device(caller.id(), deviceId);
        if (d == null) {
            throw ServiceException.notFound("device", deviceId);
        }
        return d;
    }

    // ---------------------------------------------------------------- lookups

    /** @return the simulated fleet, or null */
    public SimulatedFleet fleet() {
        return fleet;
    }

    /**
     * @param id an agency id
     * @return the agency, or null
     */
    public Agency agency(String id) {
        return id == null ? null : agencies.get(id);
    }

    /**
     * @param id an owner id
     * @return the owner (a simulated one is made on first use), or null
     */
    public Owner owner(String id) {
        Owner o = owners.get(id);
        SimulatedFleet f = fleet;
        if (o == null && f != null) {
            int p = f.ownerPosition(id);
            if (p >= 0) {
                o = simulatedDevice(f, p) == null ? null : owners.get(id);
            }
        }
        return o;
    }

    /**
     * @param ownerId the owner's id
     * @param deviceId the id it gave the device
     * @return the platform's name for the device
     */
    static String key(String ownerId, String deviceId) {
        return ownerId + "/" + deviceId;
    }

    /**
     * @param ownerId an owner id
     * @param deviceId one of its device ids
     * @return the device (a simulated one is made on first use), or null
     */
    public Device device(String ownerId, String deviceId) {
        Device d = devices.get(key(ownerId, deviceId));
        SimulatedFleet f = fleet;
        if (d == null && f != null) {
            int p = f.positionOf(deviceId);
            if (p >= 0 && SimulatedFleet.ownerId(p).equals(ownerId)) {
                d = simulatedDevice(f, p);
            }
        }
        return d;
    }

    /**
     * @param indexId a camera id of the index
     * @return its device, or null
     */
    public Device deviceByIndexId(long indexId) {
        Device d = devicesByIndexId.get(indexId);
        SimulatedFleet f = fleet;
        if (d == null && f != null && indexId >= 0) {
            int p = f.positionOf(indexId);
            if (p >= 0) {
                d = simulatedDevice(f, p);
            }
        }
        return d;
    }

    private Device simulatedDevice(SimulatedFleet f, int p) {
        String id = SimulatedFleet.deviceId(p);
        return devices.computeIfAbsent(key(SimulatedFleet.ownerId(p), id), k -> {
            CameraWorld w = f.world();
            Device d = new Device(id, SimulatedFleet.ownerId(p), w.ids()[p], w.latDegrees()[p], w.lonDegrees()[p], f.type(p),
                w.e2ee()[p], w.retentionDays()[p], w.optedIn()[p], w.hasView(p)
                    ? new JournalRecord.View(w.viewHeadingDegrees(p), w.viewFieldOfViewDegrees(p), w.viewRangeMeters(p)) : null,
                fleetRegisteredAtMillis, null, f, p);
            devicesByIndexId.put(d.indexId(), d);
            Owner o = new Owner(d.ownerId(), "simulated owner " + p, null);
            o.add(d);
            owners.put(o.id(), o);
            return d;
        });
    }

    // ---------------------------------------------------------------- apply

    /**
     * Applies {@code operator.created}.
     *
     * @param r the record
     */
    public void apply(JournalRecord.OperatorCreated r) {
        principalsByTokenHash.put(r.tokenHash(), new Principal(Principal.Role.OPERATOR, "operator"));
    }

    /**
     * Applies {@code world.simulated}: the fleet of an already generated world.
     *
     * @param simulated the fleet
     * @param registeredAtMillis when its devices count as registered: the start of its history
     */
    public void apply(SimulatedFleet simulated, long registeredAtMillis) {
        this.fleetRegisteredAtMillis = registeredAtMillis;
        this.fleet = simulated;
    }

    /** @return every agency, in no particular order */
    public java.util.Collection<Agency> agencies() {
        return agencies.values();
    }

    /**
     * Applies {@code agency.created}.
     *
     * @param r the record
     * @param atMillis when it was written
     */
    public void apply(JournalRecord.AgencyCreated r, long atMillis) {
        agencies.put(r.id(), new Agency(r.id(), r.name(), r.emailDomain(), r.kind(), r.verifiedBy(), r.jurisdiction(), atMillis));
        principalsByTokenHash.put(r.tokenHash(), new Principal(Principal.Role.AGENCY, r.id()));
    }

    /**
     * Applies {@code owner.created}.
     *
     * @param r the record
     */
    public void apply(JournalRecord.OwnerCreated r) {
        owners.put(r.id(), new Owner(r.id(), r.name(), r.email()));
        principalsByTokenHash.put(r.tokenHash(), new Principal(Principal.Role.OWNER, r.id()));
    }

    /**
     * Applies {@code device.added}.
     *
     * @param r the record
     * @param atMillis when it was written: the device's registration
     * @return the device
     */
    public Device apply(JournalRecord.DeviceAdded r, long atMillis) {
        Owner o = owners.get(r.ownerId());
        Device d = new Device(r.id(), o.id(), r.indexId(), r.lat(), r.lon(), r.type(), r.e2ee(), r.retentionDays(), true,
            r.view(), atMillis, Signatures.publicKey(r.publicKey()), null, -1);
        devices.put(d.key(), d);
        devicesByIndexId.put(d.indexId(), d);
        o.add(d);
        nextIndexId = Math.min(nextIndexId, d.indexId() - 1);
        return d;
    }

    /**
     * Applies {@code owner.opted-out} or {@code owner.opted-in}.
     *
     * @param ownerId the owner
     * @param optedOut the new setting
     * @return the owner
     */
    public Owner applyOptOut(String ownerId, boolean optedOut) {
        Owner o = owner(ownerId);
        o.optedOut(optedOut);
        return o;
    }
}
