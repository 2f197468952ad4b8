package io.geomatch.examples.map;

import java.util.List;

/**
 * The renderer-neutral description of one picture: its size, the plot rectangle that clipped
 * layers are cut to, and the layers in painting order. Coordinates are pixels with the origin at
 * the top left and y pointing down. {@link SvgRenderer} and {@link PngRenderer} both paint exactly
 * this, so the two outputs cannot drift apart.
 *
 * @param widthPx the picture's width in pixels
 * @param heightPx the picture's height in pixels
 * @param plot the map's rectangle {x, y, width, height} in pixels
 * @param layers the layers, painted first to last
 */
record Drawing(int widthPx, int heightPx, double[] plot, List<Layer> layers) {
    /**
     * A named group of marks.
     *
     * @param id the SVG group id, for example {@code cameras}
     * @param clipToPlot whether the marks are cut to the plot rectangle
     * @param marks the marks, painted first to last
     */
    record Layer(String id, boolean clipToPlot, List<Mark> marks) {
    }

    /** One shape or piece of text. */
    sealed interface Mark permits Rings, Dot, Polyline, Text {
        /** @return how the mark looks */
        Style style();
    }

    /**
     * A filled and/or outlined area made of closed rings, filled by the even-odd rule (so holes stay empty).
     *
     * @param rings each ring as x0, y0, x1, y1, ... without repeating the first point
     * @param style its look
     */
    record Rings(List<double[]> rings, Style style) implements Mark {
    }

    /**
     * A filled circle.
     *
     * @param x centre, pixels from the left
     * @param y centre, pixels from the top
     * @param radiusPx radius in pixels
     * @param style its look
     */
    record Dot(double x, double y, double radiusPx, Style style) implements Mark {
    }

    /**
     * An open line through points.
     *
     * @param xy the points as x0, y0, x1, y1, ...
     * @param style its look
     */
    record Polyline(double[] xy, Style style) implements Mark {
    }

    /** Where a text's anchor point is along its baseline. */
    enum Anchor { START, MIDDLE, END }

    /**
     * One line of text.
     *
     * @param x the anchor, pixels from the left
     * @param y the baseline, pixels from the top
     * @param text the text, unescaped
     * @param anchor where {@code x} is along the text
     * @param style its look, with a font size
     */
    record Text(double x, double y, String text, Anchor anchor, Style style) implements Mark {
    }
}
