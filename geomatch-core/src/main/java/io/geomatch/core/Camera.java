package io.geomatch.core;

import io.geomatch.core.internal.contract.CameraAttributes;
import io.geomatch.core.internal.contract.Checks;

/**
 * A camera as the index knows it: its id, where it stands, whether its owner receives requests,
 * whether its footage is end-to-end encrypted, and how many days of footage it keeps. The one
 * value every way in takes: {@link GeoIndexBuilder#addCamera(Camera)},
 * {@link Mutations#upsertCamera(Camera)}, {@link LiveIndex#upsertCamera(Camera)} and the CSV
 * readers.
 *
 * <pre>{@code
 * Camera doorbell = Camera.at(42L, 41.8781, -87.6298).retentionDays(60);   // opted in, not e2ee
 * Camera optedOut = doorbell.optedIn(false);
 * }</pre>
 *
 * <p>Each property is set by name, so two flags can never be swapped silently. Every value is
 * checked when it is set; a camera that exists is valid. Immutable and thread-safe; equal when
 * all properties are equal.
 */
public final class Camera {
    /** The retention of a camera whose retention is not set, days. */
    public static final int DEFAULT_RETENTION_DAYS = 30;
    /** Smallest retention, days. */
    public static final int MIN_RETENTION_DAYS = Checks.MIN_RETENTION_DAYS;
    /** Largest retention, days (a live index or store may allow less). */
    public static final int MAX_RETENTION_DAYS = Checks.MAX_RETENTION_DAYS;

    private final long id;
    private final double latDegrees;
    private final double lonDegrees;
    /** Retention and flags, packed as {@link CameraAttributes} defines. */
    private final int attributes;

    private Camera(long id, double latDegrees, double lonDegrees, int attributes) {
        this.id = id;
        this.latDegrees = latDegrees;
        this.lonDegrees = lonDegrees;
        this.attributes = attributes;
    }

    /**
     * A camera that is opted in, not end-to-end encrypted, and keeps
     * {@value #DEFAULT_RETENTION_DAYS} days of footage.
     *
     * @param id the caller's 64-bit id, unique within an index
     * @param latDegrees WGS84 latitude, degrees, -90..90
     * @param lonDegrees WGS84 longitude, degrees, -180..180
     * @return the camera
     * @throws InvalidInputException if a coordinate is out of range (or NaN)
     */
    public static Camera at(long id, double latDegrees, double lonDegrees) {
        Checks.latitude(latDegrees);
        Checks.longitude(lonDegrees);
        return new Camera(id, latDegrees, lonDegrees, DEFAULT_RETENTION_DAYS);
    }

    /**
     * @param optedIn whether the owner receives requests; an opted-out camera never matches
     * @return this camera with that setting
     */
    public Camera optedIn(boolean optedIn) {
        return with(optedIn ? attributes & ~CameraAttributes.OPTED_OUT : attributes | CameraAttributes.OPTED_OUT);
    }

    /**
     * @param e2ee whether the footage is end-to-end encrypted; such a camera can never share, so it never matches
     * @return this camera with that setting
     */
    public Camera e2ee(boolean e2ee) {
        return with(e2ee ? attributes | CameraAttributes.E2EE : attributes & ~CameraAttributes.E2EE);
    }

    /**
     * @param days how long the camera keeps footage, {@value #MIN_RETENTION_DAYS}..{@value #MAX_RETENTION_DAYS}
     * @return this camera with that retention
     * @throws InvalidInputException if out of range
     */
    public Camera retentionDays(int days) {
        Checks.retentionDays(days, MAX_RETENTION_DAYS, "");
        return with((attributes & ~CameraAttributes.RETENTION_MASK) | days);
    }

    /** A camera from values that were a camera before (checked then): for reading batches back. */
    static Camera rebuilt(long id, double latDegrees, double lonDegrees, int attributes) {
        return new Camera(id, latDegrees, lonDegrees, attributes);
    }

    private Camera with(int newAttributes) {
        return newAttributes == attributes ? this : new Camera(id, latDegrees, lonDegrees, newAttributes);
    }

    /** @return the caller's id */
    public long id() {
        return id;
    }

    /** @return latitude, degrees */
    public double latDegrees() {
        return latDegrees;
    }

    /** @return longitude, degrees */
    public double lonDegrees() {
        return lonDegrees;
    }

    /** @return whether the owner receives requests */
    public boolean optedIn() {
        return (attributes & CameraAttributes.OPTED_OUT) == 0;
    }

    /** @return whether the footage is end-to-end encrypted */
    public boolean e2ee() {
        return (attributes & CameraAttributes.E2EE) != 0;
    }

    /** @return days of footage kept */
    public int retentionDays() {
        return CameraAttributes.retentionDays(attributes);
    }

    /** @return whether the camera may match at all: opted in and not end-to-end encrypted */
    public boolean eligible() {
        return CameraAttributes.eligible(attributes);
    }

    /** @return retention and flags packed as {@link CameraAttributes} defines, for the layers below the API */
    int attributes() {
        return attributes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Camera c && c.id == id && Double.compare(c.latDegrees, latDegrees) == 0
            && Double.compare(c.lonDegrees, lonDegrees) == 0 && c.attributes == attributes;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + Double.hashCode(latDegrees) * 17 + Double.hashCode(lonDegrees) * 7 + attributes;
    }

    @Override
    public String toString() {
        return "Camera[id=" + id + ", lat=" + latDegrees + ", lon=" + lonDegrees + ", optedIn=" + optedIn() + ", e2ee=" + e2ee()
            + ", retentionDays=" + retentionDays() + "]";
    }
}
