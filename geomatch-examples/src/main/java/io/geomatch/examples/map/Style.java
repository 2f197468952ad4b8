package io.geomatch.examples.map;

import java.util.Locale;

/**
 * How one kind of mark looks, shared by both renderers: the SVG writes each constant as a CSS
 * class named {@link #cssClass()}, Java2D turns the same numbers into a colour, stroke and font.
 * A colour of {@link Rgb#NONE} means no fill (or no stroke).
 */
enum Style {
    BACKGROUND(0xFFFFFF, 1, Rgb.NONE, 0, 1, 0, 0, false),
    FRAME(Rgb.NONE, 0, 0xCED4DA, 1, 1, 0, 0, false),
    JURISDICTION(0x868E96, 0.08, 0x868E96, 1, 0.6, 4, 0, false),
    CELL(Rgb.NONE, 0, 0x7048E8, 0.8, 0.9, 0, 0, false),
    AREA(0x1C7ED6, 0.18, 0x1C7ED6, 2, 1, 0, 0, false),
    CAMERA(0x868E96, 1, Rgb.NONE, 0, 1, 0, 0, false),
    SECTOR(RequestMap.MATCHED_RGB, 0.15, RequestMap.MATCHED_RGB, 0.8, 0.7, 0, 0, false),
    MATCHED(RequestMap.MATCHED_RGB, 1, 0xFFFFFF, 1, 1, 0, 0, false),
    SCALE(Rgb.NONE, 0, 0x212529, 1.5, 1, 0, 0, false),
    TITLE(0x212529, 1, Rgb.NONE, 0, 1, 0, 18, true),
    CAPTION(0x343A40, 1, Rgb.NONE, 0, 1, 0, 13, false),
    LABEL(0x343A40, 1, Rgb.NONE, 0, 1, 0, 12, false);

    final int fillRgb;
    final double fillOpacity;
    final int strokeRgb;
    final double strokeWidthPx;
    final double strokeOpacity;
    /** Dash and gap length in pixels, 0 for a solid line. */
    final double dashPx;
    /** Font size in pixels for text, 0 for shapes. */
    final int fontPx;
    final boolean bold;

    Style(int fillRgb, double fillOpacity, int strokeRgb, double strokeWidthPx, double strokeOpacity, double dashPx,
          int fontPx, boolean bold) {
        this.fillRgb = fillRgb;
        this.fillOpacity = fillOpacity;
        this.strokeRgb = strokeRgb;
        this.strokeWidthPx = strokeWidthPx;
        this.strokeOpacity = strokeOpacity;
        this.dashPx = dashPx;
        this.fontPx = fontPx;
        this.bold = bold;
    }

    /** @return the CSS class name of this style in the SVG, for example {@code matched} */
    String cssClass() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean filled() {
        return fillRgb != Rgb.NONE;
    }

    boolean stroked() {
        return strokeRgb != Rgb.NONE && strokeWidthPx > 0;
    }

    /** Colour constants; a nested class because enum constants cannot use the enum's own static fields. */
    static final class Rgb {
        /** The colour value that means "none". */
        static final int NONE = -1;

        private Rgb() {
        }
    }
}
