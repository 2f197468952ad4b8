package io.geomatch.examples.sim;

import io.geomatch.world.CameraWorld;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The simulated devices of a {@link CameraWorld}, one owner each: their platform ids, types and
 * Ed25519 signing keys (their places and views are the world's). Keys are derived from the world's seed and the device's position, so a
 * restarted service and the simulator agree on them without storing a million key pairs; that
 * is a simulation shortcut, since a real platform never sees a device's private key.
 *
 * <p>Device {@code i} of the world is {@code sim-i}, owned by {@code sim-owner-i}, with index id
 * {@code world.ids()[i]} (non-negative; devices registered through the API use negative index
 * ids). Immutable and thread-safe.
 */
public final class SimulatedFleet {
    private static final String DEVICE_PREFIX = "sim-";
    private static final String OWNER_PREFIX = "sim-owner-";
    private final CameraWorld world;
    private final long[] sortedIds;
    private final int[] positionBySortedId;

    /**
     * @param world the world whose cameras the devices are
     */
    public SimulatedFleet(CameraWorld world) {
        this.world = world;
        long[] ids = world.ids();
        int n = ids.length;
        sortedIds = ids.clone();
        Arrays.sort(sortedIds);
        positionBySortedId = new int[n];
        for (int i = 0; i < n; i++) {
            positionBySortedId[Arrays.binarySearch(sortedIds, ids[i])] = i;
        }
    }

    /** @return the world */
    public CameraWorld world() {
        return world;
    }

    /** @return how many simulated devices there are */
    public int size() {
        return world.cameraCount();
    }

    /**
     * @param indexId a camera id of the index
     * @return the position of the simulated device with that index id, or -1
     */
    public int positionOf(long indexId) {
        int at = Arrays.binarySearch(sortedIds, indexId);
        return at < 0 ? -1 : positionBySortedId[at];
    }

    /**
     * @param deviceId a platform device id
     * @return the position of the simulated device with that id, or -1 if it is not one
     */
    public int positionOf(String deviceId) {
        return parse(deviceId, DEVICE_PREFIX);
    }

    /**
     * @param ownerId a platform owner id
     * @return the position of the simulated owner's device, or -1 if it is not a simulated owner
     */
    public int ownerPosition(String ownerId) {
        return parse(ownerId, OWNER_PREFIX);
    }

    private int parse(String id, String prefix) {
        if (!id.startsWith(prefix) || id.length() == prefix.length() || id.length() > prefix.length() + 10) {
            return -1;
        }
        int value = 0;
        for (int i = prefix.length(); i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9' || (c == '0' && i == prefix.length() && id.length() > prefix.length() + 1)) {
                return -1;
            }
            long next = value * 10L + (c - '0');
            if (next >= world.cameraCount()) {
                return -1;
            }
            value = (int) next;
        }
        return value;
    }

    /**
     * @param position a device position
     * @return its platform device id
     */
    public static String deviceId(int position) {
        return DEVICE_PREFIX + position;
    }

    /**
     * @param position a device position
     * @return its owner's platform id
     */
    public static String ownerId(int position) {
        return OWNER_PREFIX + position;
    }

    /**
     * @param position a device position
     * @return its type as the API spells it: doorbell, floodlight, spotlight or stick-up
     */
    public String type(int position) {
        return world.deviceType(position).name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The device's signing key pair, the same on every call and in every process for the same
     * world seed. Costs about 0.1 ms.
     *
     * @param position a device position
     * @return its Ed25519 key pair
     */
    public KeyPair keyPair(int position) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new SeededRandom(world.seed() * 0x9E3779B97F4A7C15L + position));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK lacks Ed25519", e);
        }
    }

    /** A {@link SecureRandom} that repeats a seeded sequence: only for the simulated keys. */
    private static final class SeededRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final transient SplittableRandom random;

        SeededRandom(long seed) {
            this.random = new SplittableRandom(seed);
        }

        @Override
        public void nextBytes(byte[] bytes) {
            random.nextBytes(bytes);
        }
    }
}
