package io.geomatch.examples.map;

import org.locationtech.jts.geom.Envelope;

/**
 * A local equirectangular projection from degrees to picture pixels, fitted to a plot rectangle:
 * metres east are {@code (lon - lonCentre) * cos(latCentre) * M}, metres north
 * {@code (lat - latCentre) * M}, with {@code M} the metres per degree of a sphere of the mean
 * Earth radius, then one scale for both axes so shapes keep their proportions. Accurate to well
 * under 1 % across a city or county; meaningless across the antimeridian. Immutable.
 */
final class LocalProjection {
    /** Mean Earth radius (IUGG), metres. */
    static final double EARTH_RADIUS_METERS = 6_371_008.8;
    /** Metres per degree of latitude (and of longitude at the equator). */
    static final double METERS_PER_DEGREE = EARTH_RADIUS_METERS * Math.PI / 180;
    /** The view is never narrower or lower than this, so a tiny area still gets some context. */
    static final double MIN_EXTENT_METERS = 100;
    /** Padding on each side of the area's envelope, as a fraction of its width or height. */
    static final double PADDING = 0.25;

    private final double lonCentre;
    private final double latCentre;
    private final double metersPerDegreeLon;
    private final double pixelsPerMeter;
    private final double plotCentreX;
    private final double plotCentreY;
    private final double[] plot;

    /**
     * @param area the area's envelope in degrees, x = lon and y = lat
     * @param plot the plot rectangle {x, y, width, height} in pixels
     */
    LocalProjection(Envelope area, double[] plot) {
        this.plot = plot.clone();
        lonCentre = (area.getMinX() + area.getMaxX()) / 2;
        latCentre = (area.getMinY() + area.getMaxY()) / 2;
        metersPerDegreeLon = Math.cos(Math.toRadians(latCentre)) * METERS_PER_DEGREE;
        double widthMeters = Math.max(MIN_EXTENT_METERS, area.getWidth() * (1 + 2 * PADDING) * metersPerDegreeLon);
        double heightMeters = Math.max(MIN_EXTENT_METERS, area.getHeight() * (1 + 2 * PADDING) * METERS_PER_DEGREE);
        pixelsPerMeter = Math.min(plot[2] / widthMeters, plot[3] / heightMeters);
        plotCentreX = plot[0] + plot[2] / 2;
        plotCentreY = plot[1] + plot[3] / 2;
    }

    double x(double lonDegrees) {
        return plotCentreX + (lonDegrees - lonCentre) * metersPerDegreeLon * pixelsPerMeter;
    }

    double y(double latDegrees) {
        return plotCentreY - (latDegrees - latCentre) * METERS_PER_DEGREE * pixelsPerMeter;
    }

    double pixelsPerMeter() {
        return pixelsPerMeter;
    }

    /**
     * @param marginPx extra pixels around the plot
     * @return the degrees the plot shows, grown by the margin, x = lon and y = lat
     */
    Envelope visible(double marginPx) {
        double halfLon = (plot[2] / 2 + marginPx) / (metersPerDegreeLon * pixelsPerMeter);
        double halfLat = (plot[3] / 2 + marginPx) / (METERS_PER_DEGREE * pixelsPerMeter);
        return new Envelope(lonCentre - halfLon, lonCentre + halfLon, latCentre - halfLat, latCentre + halfLat);
    }
}
