package io.geomatch.core;

/**
 * What makes a camera match an area.
 *
 * <p>{@link #POSITION} is the contract every query has always had: the area covers the camera's
 * position. {@link #VIEW} asks who can see the area: a camera with a view ({@link Camera#view})
 * matches when its sector meets the area, a camera without one as by position. The sector of a
 * camera at {@code (lat0, lon0)} is the closed set of ground points within {@code rangeMeters}
 * whose bearing lies within {@code headingDegrees} plus or minus half of
 * {@code fieldOfViewDegrees} (the whole disk at 360); it includes the camera's own point, so a
 * camera inside the area always matches. Ground points are measured in the camera's frame:
 * {@code x = (lon - lon0) * cos(lat0) * pi/180 * R}, {@code y = (lat - lat0) * pi/180 * R},
 * {@code R = 6,371,008.8 m}, bearing {@code atan2(x, y)} clockwise from north; the frame is affine
 * in (lon, lat), so an area's edges stay straight lines in it. The area is a closed set, holes
 * open, as for positions. Footage, window, retention and eligibility are the same in both modes.
 * View matching takes polygon areas only: a circle or H3 cells are refused.
 */
public enum MatchMode {
    /** A camera matches where it stands: the area covers its position. */
    POSITION,
    /** A camera matches when what it sees meets the area (by position, for a camera without a view). */
    VIEW
}
