package io.geomatch.core;

import io.geomatch.core.internal.contract.CameraAttributes;
import io.geomatch.core.internal.contract.CameraView;
import io.geomatch.core.internal.contract.Checks;

/**
 * A camera as the index knows it: its id, where it stands, whether its owner receives requests,
 * whether its footage is end-to-end encrypted, how many days of footage it keeps and, optionally,
 * what it sees (its view: heading, field of view and range). The one value every way in takes: {@link GeoIndexBuilder#addCamera(Camera)},
 * {@link Mutations#upsertCamera(Camera)}, {@link LiveIndex#upsertCamera(Camera)} and the CSV
 * readers.
 *
 * <pre>{@code
 * Camera doorbell = Camera.at(42L, 41.8781, -87.6298).retentionDays(60);   // opted in, not e2ee
 * Camera optedOut = doorbell.optedIn(false);
 * Camera facingEast = doorbell.view(90, 150, 25);                         // heading, field of view, range
 * }</pre>
 *
 * <p>A view is kept to 0.01 degree and 1 mm: {@link #view} rounds to that precision, its
 * accessors return the rounded values, and view matching ({@link MatchMode#VIEW}) uses exactly
 * them.
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
    /** The view, packed as {@link CameraView} defines, or {@link CameraView#NONE}. */
    private final long view;

    private Camera(long id, double latDegrees, double lonDegrees, int attributes, long view) {
        this.id = id;
        this.latDegrees = latDegrees;
        this.lonDegrees = lonDegrees;
        this.attributes = attributes;
        this.view = view;
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
        return new Camera(id, latDegrees, lonDegrees, DEFAULT_RETENTION_DAYS, CameraView.NONE);
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

    /**
     * What the camera sees: the sector of the ground within {@code rangeMeters} whose bearing from
     * the camera lies within {@code headingDegrees} plus or minus half of {@code fieldOfViewDegrees}
     * (the whole disk at 360). Rounded to 0.01 degree and 1 mm.
     *
     * @param headingDegrees where the view is centred, clockwise from true north, 0 (inclusive) to 360 (exclusive)
     * @param fieldOfViewDegrees the angle seen, above 0 and at most 360
     * @param rangeMeters how far the camera sees, above 0 and at most 200
     * @return this camera with that view
     * @throws InvalidInputException if a value is out of range (or rounds to nothing), naming the field
     */
    public Camera view(double headingDegrees, double fieldOfViewDegrees, double rangeMeters) {
        return new Camera(id, latDegrees, lonDegrees, attributes, CameraView.of(headingDegrees, fieldOfViewDegrees, rangeMeters));
    }

    /** @return this camera without a view: it matches by where it stands only */
    public Camera withoutView() {
        return view == CameraView.NONE ? this : new Camera(id, latDegrees, lonDegrees, attributes, CameraView.NONE);
    }

    /** A camera from values that were a camera before (checked then): for reading batches back. */
    static Camera rebuilt(long id, double latDegrees, double lonDegrees, int attributes, long view) {
        return new Camera(id, latDegrees, lonDegrees, attributes, view);
    }

    private Camera with(int newAttributes) {
        return newAttributes == attributes ? this : new Camera(id, latDegrees, lonDegrees, newAttributes, view);
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

    /** @return whether the camera has a view */
    public boolean hasView() {
        return view != CameraView.NONE;
    }

    /**
     * @return the heading of its view, degrees clockwise from true north, to 0.01 degree
     * @throws IllegalStateException if it has no view
     */
    public double headingDegrees() {
        return CameraView.headingCentidegrees(checkedView()) / 100.0;
    }

    /**
     * @return the field of view, degrees, to 0.01 degree
     * @throws IllegalStateException if it has no view
     */
    public double fieldOfViewDegrees() {
        return CameraView.fieldOfViewCentidegrees(checkedView()) / 100.0;
    }

    /**
     * @return the range of its view, metres, to 1 mm
     * @throws IllegalStateException if it has no view
     */
    public double rangeMeters() {
        return CameraView.rangeMillimeters(checkedView()) / 1000.0;
    }

    private long checkedView() {
        if (view == CameraView.NONE) {
            throw new IllegalStateException("camera " + id + " has no view");
        }
        return view;
    }

    /** @return retention and flags packed as {@link CameraAttributes} defines, for the layers below the API */
    int attributes() {
        return attributes;
    }

    /** @return the view packed as {@link CameraView} defines, or {@link CameraView#NONE} */
    long packedView() {
        return view;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Camera c && c.id == id && Double.compare(c.latDegrees, latDegrees) == 0
            && Double.compare(c.lonDegrees, lonDegrees) == 0 && c.attributes == attributes && c.view == view;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + Double.hashCode(latDegrees) * 17 + Double.hashCode(lonDegrees) * 7 + attributes
            + Long.hashCode(view) * 13;
    }

    @Override
    public String toString() {
        return "Camera[id=" + id + ", lat=" + latDegrees + ", lon=" + lonDegrees + ", optedIn=" + optedIn() + ", e2ee=" + e2ee()
            + ", retentionDays=" + retentionDays()
            + (hasView() ? ", view=" + headingDegrees() + "/" + fieldOfViewDegrees() + "/" + rangeMeters() : "") + "]";
    }
}
