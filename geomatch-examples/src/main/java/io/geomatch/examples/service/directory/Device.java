package io.geomatch.examples.service.directory;

import io.geomatch.examples.service.journal.JournalRecord;
import io.geomatch.examples.sim.SimulatedFleet;

import java.security.PublicKey;

/**
 * A camera: its place, view (if known), plan, encryption and signing key, and its camera id in the index
 * ({@link #indexId()}: negative for devices registered through the API, the world's id for
 * simulated ones). Immutable apart from the lazily derived key of a simulated device.
 */
public final class Device {
    private final String id;
    private final String ownerId;
    private final long indexId;
    private final double latDegrees;
    private final double lonDegrees;
    private final String type;
    private final boolean e2ee;
    private final int retentionDays;
    private final boolean optedIn;
    private final JournalRecord.View view;
    private final long registeredAtMillis;
    private final SimulatedFleet fleet;
    private final int simulatedPosition;
    private volatile PublicKey publicKey;

    Device(String id, String ownerId, long indexId, double latDegrees, double lonDegrees, String type, boolean e2ee,
           int retentionDays, boolean optedIn, JournalRecord.View view, long registeredAtMillis, PublicKey publicKey, SimulatedFleet fleet, int simulatedPosition) {
        this.id = id;
        this.ownerId = ownerId;
        this.indexId = indexId;
        this.latDegrees = latDegrees;
        this.lonDegrees = lonDegrees;
        this.type = type;
        this.e2ee = e2ee;
        this.retentionDays = retentionDays;
        this.optedIn = optedIn;
        this.view = view;
        this.registeredAtMillis = registeredAtMillis;
        this.publicKey = publicKey;
        this.fleet = fleet;
        this.simulatedPosition = simulatedPosition;
    }

    /** @return its id, unique among its owner's devices (other owners may use the same) */
    public String id() {
        return id;
    }

    /** @return its owner's id and its own, which name it on the platform */
    public String key() {
        return Directory.key(ownerId, id);
    }

    /** @return its owner's id */
    public String ownerId() {
        return ownerId;
    }

    /** @return its camera id in the index */
    public long indexId() {
        return indexId;
    }

    /** @return latitude, degrees, as its owner declared it */
    public double latDegrees() {
        return latDegrees;
    }

    /** @return longitude, degrees */
    public double lonDegrees() {
        return lonDegrees;
    }

    /** @return doorbell, floodlight, spotlight or stick-up */
    public String type() {
        return type;
    }

    /** @return whether it is end-to-end encrypted (such devices never share) */
    public boolean e2ee() {
        return e2ee;
    }

    /** @return its retention plan, days */
    public int retentionDays() {
        return retentionDays;
    }

    /** @return whether the device itself takes part (simulated owners may opt a device out); the owner's opt-out is apart */
    public boolean optedIn() {
        return optedIn;
    }

    /**
     * @return what it sees, as declared (a simulated device's from its world), or null: then it
     *     matches requests by where it stands
     */
    public JournalRecord.View view() {
        return view;
    }

    /**
     * @return when it was registered, epoch ms; a simulated device counts as registered when its
     *     world's history starts
     */
    public long registeredAtMillis() {
        return registeredAtMillis;
    }

    /** @return whether it belongs to a simulated world */
    public boolean simulated() {
        return fleet != null;
    }

    /** @return its Ed25519 public key (a simulated device's is derived on first use, about 0.1 ms) */
    public PublicKey publicKey() {
        PublicKey k = publicKey;
        if (k == null) {
            k = fleet.keyPair(simulatedPosition).getPublic();
            publicKey = k;
        }
        return k;
    }
}
