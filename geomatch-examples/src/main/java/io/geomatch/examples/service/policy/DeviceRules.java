package io.geomatch.examples.service.policy;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a device registers with: an id, a self-declared location, a type, whether it is
 * end-to-end encrypted, its owner's retention plan and, optionally, its view (what it sees, for
 * view matching). Pure functions; any thread.
 */
public final class DeviceRules {
    /** Device types. */
    public static final Set<String> TYPES = Set.of("doorbell", "floodlight", "spotlight", "stick-up");
    /** The longest retention plan, days: a request window may not start before now minus this. */
    public static final int MAX_RETENTION_DAYS = 180;
    /** The most devices one owner may register: a household's cameras, not a fleet (each costs journal, index and heap). */
    public static final int MAX_DEVICES_PER_OWNER = 50;
    /** The code of the refusal past {@link #MAX_DEVICES_PER_OWNER}. */
    public static final String DEVICE_LIMIT = "device-limit";
    /** The longest view range, metres. */
    public static final double MAX_VIEW_RANGE_METERS = 200;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private DeviceRules() {
    }

    /**
     * @param id the device id
     * @param latDegrees latitude
     * @param lonDegrees longitude
     * @param type the type
     * @param retentionDays the retention plan
     * @return the type, normalised
     * @throws PolicyViolationException for the first field that breaks a rule: id (1..64 of
     *     {@code A-Za-z0-9._-}), lat (-90..90), lon (-180..180), type, retentionDays
     *     (1..{@value #MAX_RETENTION_DAYS})
     */
    public static String check(String id, double latDegrees, double lonDegrees, String type, int retentionDays) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new PolicyViolationException(Fields.INVALID_FIELD, "id", "id " + Fields.quote(id) + " is not 1..64 of A-Z a-z 0-9 . _ -");
        }
        Fields.range("lat", latDegrees, -90, 90);
        Fields.range("lon", lonDegrees, -180, 180);
        String t = Fields.oneOf("type", type, TYPES);
        Fields.range("retentionDays", retentionDays, 1, MAX_RETENTION_DAYS);
        return t;
    }

    /**
     * Checks a declared view against the view-matching contract.
     *
     * @param headingDegrees where the view is centred, clockwise from true north
     * @param fieldOfViewDegrees the angle seen
     * @param rangeMeters how far the camera sees
     * @throws PolicyViolationException naming the first field out of range:
     *     {@code view.headingDegrees} (0 inclusive to 360 exclusive), {@code view.fieldOfViewDegrees}
     *     (above 0, at most 360), {@code view.rangeMeters} (above 0, at most {@value #MAX_VIEW_RANGE_METERS})
     */
    public static void checkView(double headingDegrees, double fieldOfViewDegrees, double rangeMeters) {
        if (!(headingDegrees >= 0 && headingDegrees < 360)) {
            throw outOfRange("view.headingDegrees", headingDegrees, "0 (inclusive) to 360 (exclusive), clockwise from true north");
        }
        if (!(fieldOfViewDegrees > 0 && fieldOfViewDegrees <= 360)) {
            throw outOfRange("view.fieldOfViewDegrees", fieldOfViewDegrees, "above 0 up to 360");
        }
        if (!(rangeMeters > 0 && rangeMeters <= MAX_VIEW_RANGE_METERS)) {
            throw outOfRange("view.rangeMeters", rangeMeters, "above 0 up to 200");
        }
    }

    private static PolicyViolationException outOfRange(String field, double value, String allowed) {
        return new PolicyViolationException(Fields.INVALID_FIELD, field, field + " " + value + " is out of range, allowed " + allowed);
    }
}
