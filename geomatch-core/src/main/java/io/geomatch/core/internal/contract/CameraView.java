package io.geomatch.core.internal.contract;

import io.geomatch.core.InvalidInputException;

/**
 * A camera's view packed into one long, at the precision the index keeps it: heading and field of
 * view in hundredths of a degree, range in millimetres. The values a caller gives are rounded to
 * that precision once, when the view is made; every layer stores, compares and matches the rounded
 * values, so the answer never depends on where a view was stored.
 *
 * <pre>
 * bits  0-15  heading, 0.01 degree, 0..35999, clockwise from true north
 * bits 16-31  field of view, 0.01 degree, 1..36000
 * bits 32-63  range, millimetres, 1..200000
 * </pre>
 * The packed value 0 means "no view": no real view packs to it, since the field of view is at
 * least 1.
 */
public final class CameraView {
    /** No view. */
    public static final long NONE = 0L;
    /** Hundredths of a degree in a turn. */
    public static final int CENTIDEGREES_PER_TURN = 36_000;
    /** The longest range, millimetres. */
    public static final int MAX_RANGE_MILLIMETERS = 200_000;

    private CameraView() {
    }

    /**
     * Rounds and packs a view.
     *
     * @param headingDegrees clockwise from true north, 0 (inclusive) to 360 (exclusive)
     * @param fieldOfViewDegrees the angle seen, above 0 and at most 360
     * @param rangeMeters how far the camera sees, above 0 and at most 200
     * @return the packed view, as rounded to 0.01 degree and 1 mm
     * @throws InvalidInputException for a value out of range, or one that rounds to nothing
     */
    public static long of(double headingDegrees, double fieldOfViewDegrees, double rangeMeters) {
        if (!(headingDegrees >= 0 && headingDegrees < 360)) {
            throw new InvalidInputException("heading_deg", headingDegrees, "is out of range, allowed 0 (inclusive) to 360 (exclusive)");
        }
        if (!(fieldOfViewDegrees > 0 && fieldOfViewDegrees <= 360)) {
            throw new InvalidInputException("fov_deg", fieldOfViewDegrees, "is out of range, allowed above 0 up to 360");
        }
        if (!(rangeMeters > 0 && rangeMeters <= 200)) {
            throw new InvalidInputException("range_m", rangeMeters, "is out of range, allowed above 0 up to 200");
        }
        long heading = Math.round(headingDegrees * 100) % CENTIDEGREES_PER_TURN;
        long fov = Math.round(fieldOfViewDegrees * 100);
        long range = Math.round(rangeMeters * 1000);
        if (fov < 1) {
            throw new InvalidInputException("fov_deg", fieldOfViewDegrees, "is below 0.005, the least field of view kept (0.01 degree)");
        }
        if (range < 1) {
            throw new InvalidInputException("range_m", rangeMeters, "is below 0.0005, the least range kept (1 mm)");
        }
        return heading | fov << 16 | range << 32;
    }

    /**
     * @param view a packed view, not {@link #NONE}
     * @return its heading, hundredths of a degree, 0..35999
     */
    public static int headingCentidegrees(long view) {
        return (int) (view & 0xFFFF);
    }

    /**
     * @param view a packed view, not {@link #NONE}
     * @return its field of view, hundredths of a degree, 1..36000
     */
    public static int fieldOfViewCentidegrees(long view) {
        return (int) (view >>> 16 & 0xFFFF);
    }

    /**
     * @param view a packed view, not {@link #NONE}
     * @return its range, millimetres, 1..200000
     */
    public static int rangeMillimeters(long view) {
        return (int) (view >>> 32);
    }

    /**
     * @param view a packed value read from an untrusted place
     * @return whether it is {@link #NONE} or a view {@link #of} could have made
     */
    public static boolean valid(long view) {
        return view == NONE || headingCentidegrees(view) < CENTIDEGREES_PER_TURN && fieldOfViewCentidegrees(view) >= 1
            && fieldOfViewCentidegrees(view) <= CENTIDEGREES_PER_TURN && rangeMillimeters(view) >= 1
            && rangeMillimeters(view) <= MAX_RANGE_MILLIMETERS;
    }
}
