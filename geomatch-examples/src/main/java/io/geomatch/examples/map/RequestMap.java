package io.geomatch.examples.map;

import com.uber.h3core.H3Core;
import com.uber.h3core.util.LatLng;
import io.geomatch.examples.files.AtomicFiles;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A picture of one community request: the request area, the H3 cells that cover it, the cameras
 * around it (matched ones highlighted, with the sector each sees if it has a view) and optionally
 * the agency's jurisdiction, with a title,
 * caption lines, a legend and a scale bar; as SVG 1.1 text or a PNG-ready image.
 *
 * <p>Layout, in pixels from the top left of a {@code widthPx x heightPx} picture (800 x 600
 * unless {@link Builder#size} says otherwise): the title's baseline is at y = 28 and caption
 * {@code i} (from 0) at y = 46 + 18 i; the map's plot rectangle spans x from 16 to
 * {@code widthPx - 16} and y from {@code 40 + 18 * captions} to {@code heightPx - 52}; the
 * legend and the scale bar share the band below it. The view is the area's envelope padded by
 * 25 % of its width and height on each side (at least 100 m each way), centred on the envelope's
 * centre {@code (lonC, latC)} and projected as {@code x = cx + (lon - lonC) cos(latC) M s},
 * {@code y = cy - (lat - latC) M s}, where {@code (cx, cy)} is the plot's centre,
 * {@code M = 6,371,008.8 m * pi / 180} and {@code s} (pixels per metre) is the largest scale at
 * which the padded view fits the plot. Shapes therefore keep their proportions; areas that cross
 * the antimeridian are not supported.
 *
 * <p>What is outside the picture is left out: cameras and cells beyond the plot are not drawn,
 * and the jurisdiction is cut to the view. Both outputs paint one shared, renderer-neutral
 * drawing (see the package documentation), so they always agree.
 *
 * @see Builder
 */
public final class RequestMap {
    /** The colour of a matched camera's dot, {@code 0xRRGGBB}; the SVG class is {@code matched}. */
    public static final int MATCHED_RGB = 0xE8590C;
    /** The default picture width, pixels. */
    public static final int DEFAULT_WIDTH_PX = 800;
    /** The default picture height, pixels. */
    public static final int DEFAULT_HEIGHT_PX = 600;

    static final int MIN_WIDTH_PX = 480;
    static final int MIN_HEIGHT_PX = 360;
    static final int MAX_SIZE_PX = 8192;
    static final int MIN_PLOT_HEIGHT_PX = 100;
    static final double MARGIN_PX = 16;
    static final double BOTTOM_BAND_PX = 52;
    static final double MATCHED_RADIUS_PX = 4;
    static final double CAMERA_RADIUS_PX = 2;
    /** The largest angle between two points of a sector's arc, degrees. */
    static final double SECTOR_STEP_DEGREES = 5;

    private RequestMap() {
    }

    /**
     * Starts a picture.
     *
     * @param title the title, one line, shown at the top (escaped as needed in the SVG)
     * @return a builder with no area, cells, cameras or captions and the default size
     * @throws NullPointerException if {@code title} is null
     * @throws IllegalArgumentException if {@code title} contains a line break
     */
    public static Builder builder(String title) {
        return new Builder(oneLine("title", title));
    }

    /**
     * Collects what a picture shows and draws it. Every setter validates its input and copies
     * it, so later changes to the caller's arrays have no effect. Not thread-safe: use one
     * builder per thread. {@link #area} is required; everything else is optional.
     */
    public static final class Builder {
        private final String title;
        private final List<String> captions = new ArrayList<>();
        private Geometry area;
        private Geometry jurisdiction;
        private long[] cells = new long[0];
        private double[] cameraLat = new double[0];
        private double[] cameraLon = new double[0];
        private boolean[] cameraMatched = new boolean[0];
        /** Per camera, its view's heading, field of view and range; a range of 0 means no view. */
        private double[] viewHeadingDegrees = new double[0];
        private double[] viewFieldOfViewDegrees = new double[0];
        private double[] viewRangeMeters = new double[0];
        private int widthPx = DEFAULT_WIDTH_PX;
        private int heightPx = DEFAULT_HEIGHT_PX;

        private Builder(String title) {
            this.title = title;
        }

        /**
         * Sets the request area, which also fixes the view.
         *
         * @param areaLonLat a Polygon or MultiPolygon (holes allowed), or a GeometryCollection of
         *     them, in (x = lon, y = lat) degrees, lon -180..180 and lat -90..90
         * @return this builder
         * @throws NullPointerException if {@code areaLonLat} is null
         * @throws IllegalArgumentException if it is empty, not polygonal or has a coordinate out of range
         */
        public Builder area(Geometry areaLonLat) {
            this.area = polygonal("area", areaLonLat);
            return this;
        }

        /**
         * Sets the H3 cells to outline, for example the cells that cover the area.
         *
         * @param h3Cells H3 cell ids, any resolution; cells wholly outside the view are not drawn
         * @return this builder
         * @throws NullPointerException if {@code h3Cells} is null
         * @throws IllegalArgumentException if an id is not a valid H3 cell; the message names its index
         */
        public Builder cells(long[] h3Cells) {
            Objects.requireNonNull(h3Cells, "h3Cells");
            H3Core h3 = h3();
            for (int i = 0; i < h3Cells.length; i++) {
                if (!h3.isValidCell(h3Cells[i])) {
                    throw new IllegalArgumentException("h3Cells[" + i + "]=" + Long.toHexString(h3Cells[i])
                        + " is not a valid H3 cell");
                }
            }
            this.cells = h3Cells.clone();
            return this;
        }

        /**
         * Sets the cameras: a matched camera is a filled dot in the accent colour
         * ({@link #MATCHED_RGB}, drawn on top), any other a small grey dot. Cameras outside the
         * view are not drawn.
         *
         * @param latDegrees each camera's WGS84 latitude, degrees, -90..90
         * @param lonDegrees each camera's WGS84 longitude, degrees, -180..180
         * @param matched whether each camera matched the request
         * @return this builder
         * @throws NullPointerException if an array is null
         * @throws IllegalArgumentException if the arrays differ in length (the message gives all
         *     three lengths) or a coordinate is NaN or out of range (the message gives its index)
         */
        public Builder cameras(double[] latDegrees, double[] lonDegrees, boolean[] matched) {
            Objects.requireNonNull(latDegrees, "latDegrees");
            Objects.requireNonNull(lonDegrees, "lonDegrees");
            Objects.requireNonNull(matched, "matched");
            if (latDegrees.length != lonDegrees.length || latDegrees.length != matched.length) {
                throw new IllegalArgumentException("cameras: latDegrees.length=" + latDegrees.length + ", lonDegrees.length="
                    + lonDegrees.length + " and matched.length=" + matched.length + " must be equal");
            }
            for (int i = 0; i < latDegrees.length; i++) {
                if (!(latDegrees[i] >= -90 && latDegrees[i] <= 90)) {
                    throw new IllegalArgumentException("cameras: latDegrees[" + i + "]=" + latDegrees[i]
                        + " is out of range, allowed -90..90");
                }
                if (!(lonDegrees[i] >= -180 && lonDegrees[i] <= 180)) {
                    throw new IllegalArgumentException("cameras: lonDegrees[" + i + "]=" + lonDegrees[i]
                        + " is out of range, allowed -180..180");
                }
            }
            this.cameraLat = latDegrees.clone();
            this.cameraLon = lonDegrees.clone();
            this.cameraMatched = matched.clone();
            this.viewHeadingDegrees = new double[0];
            this.viewFieldOfViewDegrees = new double[0];
            this.viewRangeMeters = new double[0];
            return this;
        }

        /**
         * Sets what the cameras given to {@link #cameras} see: each matched camera with a view is
         * drawn with its sector, the ground within {@code rangeMeters} whose bearing lies within
         * {@code headingDegrees} plus or minus half of {@code fieldOfViewDegrees} (a disk at 360),
         * in the camera's own frame as view matching defines it: a point {@code r} metres from the
         * camera at bearing {@code b} is at {@code lat0 + r cos(b) / M},
         * {@code lon0 + r sin(b) / (M cos(lat0))}. The sector is a closed polygon: the camera, then
         * points on the arc from bearing {@code heading - fov/2} to {@code heading + fov/2} at most
         * 5 degrees apart (for 360, points around the circle only). Sectors lie under the dots.
         *
         * @param headingDegrees each camera's heading, clockwise from true north, 0 (inclusive) to 360 (exclusive)
         * @param fieldOfViewDegrees each camera's field of view, above 0, at most 360
         * @param rangeMeters each camera's range, above 0, at most 200, or 0 for a camera without a view
         * @return this builder
         * @throws NullPointerException if an array is null
         * @throws IllegalArgumentException if an array's length differs from the cameras' (call
         *     {@link #cameras} first; it clears the views) or a value is out of range (the message
         *     gives its index)
         */
        public Builder views(double[] headingDegrees, double[] fieldOfViewDegrees, double[] rangeMeters) {
            Objects.requireNonNull(headingDegrees, "headingDegrees");
            Objects.requireNonNull(fieldOfViewDegrees, "fieldOfViewDegrees");
            Objects.requireNonNull(rangeMeters, "rangeMeters");
            int n = cameraLat.length;
            if (headingDegrees.length != n || fieldOfViewDegrees.length != n || rangeMeters.length != n) {
                throw new IllegalArgumentException("views: headingDegrees.length=" + headingDegrees.length + ", fieldOfViewDegrees.length="
                    + fieldOfViewDegrees.length + " and rangeMeters.length=" + rangeMeters.length + " must equal the " + n + " cameras");
            }
            for (int i = 0; i < n; i++) {
                if (rangeMeters[i] == 0) {
                    continue;
                }
                if (!(rangeMeters[i] > 0 && rangeMeters[i] <= 200)) {
                    throw new IllegalArgumentException("views: rangeMeters[" + i + "]=" + rangeMeters[i]
                        + " is out of range, allowed above 0 up to 200, or 0 for no view");
                }
                if (!(headingDegrees[i] >= 0 && headingDegrees[i] < 360)) {
                    throw new IllegalArgumentException("views: headingDegrees[" + i + "]=" + headingDegrees[i]
                        + " is out of range, allowed 0 (inclusive) to 360 (exclusive)");
                }
                if (!(fieldOfViewDegrees[i] > 0 && fieldOfViewDegrees[i] <= 360)) {
                    throw new IllegalArgumentException("views: fieldOfViewDegrees[" + i + "]=" + fieldOfViewDegrees[i]
                        + " is out of range, allowed above 0 up to 360");
                }
            }
            this.viewHeadingDegrees = headingDegrees.clone();
            this.viewFieldOfViewDegrees = fieldOfViewDegrees.clone();
            this.viewRangeMeters = rangeMeters.clone();
            return this;
        }

        /**
         * Sets the agency's jurisdiction, drawn faintly beneath everything else and cut to the view.
         *
         * @param lonLat a Polygon or MultiPolygon, or a GeometryCollection of them, in (x = lon, y = lat) degrees
         * @return this builder
         * @throws NullPointerException if {@code lonLat} is null
         * @throws IllegalArgumentException if it is empty, not polygonal or has a coordinate out of range
         */
        public Builder jurisdiction(Geometry lonLat) {
            this.jurisdiction = polygonal("jurisdiction", lonLat);
            return this;
        }

        /**
         * Adds a caption line under the title, for example {@code 23 cameras notified}. Each line
         * takes 18 px from the map's height.
         *
         * @param line the text, one line
         * @return this builder
         * @throws NullPointerException if {@code line} is null
         * @throws IllegalArgumentException if {@code line} contains a line break
         */
        public Builder caption(String line) {
            captions.add(oneLine("caption", line));
            return this;
        }

        /**
         * Sets the picture's size.
         *
         * @param widthPx the width, pixels, 480..8192
         * @param heightPx the height, pixels, 360..8192
         * @return this builder
         * @throws IllegalArgumentException if a dimension is out of range
         */
        public Builder size(int widthPx, int heightPx) {
            if (widthPx < MIN_WIDTH_PX || widthPx > MAX_SIZE_PX) {
                throw new IllegalArgumentException("widthPx " + widthPx + " is out of range, allowed "
                    + MIN_WIDTH_PX + ".." + MAX_SIZE_PX);
            }
            if (heightPx < MIN_HEIGHT_PX || heightPx > MAX_SIZE_PX) {
                throw new IllegalArgumentException("heightPx " + heightPx + " is out of range, allowed "
                    + MIN_HEIGHT_PX + ".." + MAX_SIZE_PX);
            }
            this.widthPx = widthPx;
            this.heightPx = heightPx;
            return this;
        }

        /**
         * Draws the picture as standalone SVG 1.1.
         *
         * @return the SVG document, UTF-8 XML text
         * @throws IllegalStateException if no area was set, or the captions leave the map under 100 px high
         */
        public String svg() {
            return SvgRenderer.render(drawing());
        }

        /**
         * Draws the picture with Java2D, antialiased; works in a headless JVM.
         *
         * @return an opaque RGB image of the picture's size
         * @throws IllegalStateException if no area was set, or the captions leave the map under 100 px high
         */
        public BufferedImage png() {
            return PngRenderer.render(drawing());
        }

        /**
         * Writes the picture as an SVG file and a PNG file. Each is written to a temporary file in
         * its target's directory, forced to disk and renamed over the target atomically, so a
         * reader sees the old file or the new one; on failure the target is untouched and no
         * temporary file is left. The SVG is written first, so a failure writing the PNG leaves
         * the new SVG in place.
         *
         * @param svgFile where the SVG goes; its directory must exist
         * @param pngFile where the PNG goes; its directory must exist
         * @throws IOException if a file cannot be written or the file system cannot rename atomically
         * @throws NullPointerException if a path is null
         * @throws IllegalArgumentException if both paths are the same file
         * @throws IllegalStateException if no area was set, or the captions leave the map under 100 px high
         */
        public void write(Path svgFile, Path pngFile) throws IOException {
            Objects.requireNonNull(svgFile, "svgFile");
            Objects.requireNonNull(pngFile, "pngFile");
            if (svgFile.toAbsolutePath().normalize().equals(pngFile.toAbsolutePath().normalize())) {
                throw new IllegalArgumentException("svgFile and pngFile are the same file: " + svgFile);
            }
            Drawing drawing = drawing();
            byte[] svg = SvgRenderer.render(drawing).getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream png = new ByteArrayOutputStream(64 * 1024);
            if (!ImageIO.write(PngRenderer.render(drawing), "png", png)) {
                throw new IOException("no PNG writer is available in this JVM");
            }
            AtomicFiles.write(svgFile, svg);
            AtomicFiles.write(pngFile, png.toByteArray());
        }

        /** Lays the picture out: the one place that decides where everything goes. */
        Drawing drawing() {
            if (area == null) {
                throw new IllegalStateException("area is required: call area(...) before drawing");
            }
            double top = 40 + 18.0 * captions.size();
            double[] plot = {MARGIN_PX, top, widthPx - 2 * MARGIN_PX, heightPx - BOTTOM_BAND_PX - top};
            if (plot[3] < MIN_PLOT_HEIGHT_PX) {
                throw new IllegalStateException(captions.size() + " captions leave the map " + plot[3]
                    + " px high at heightPx=" + heightPx + ", need at least " + MIN_PLOT_HEIGHT_PX);
            }
            LocalProjection projection = new LocalProjection(area.getEnvelopeInternal(), plot);
            Envelope visible = projection.visible(8);
            List<Drawing.Layer> layers = new ArrayList<>();
            layers.add(new Drawing.Layer("background", false, List.of(new Drawing.Rings(
                List.of(rectangle(0, 0, widthPx, heightPx)), Style.BACKGROUND))));
            if (jurisdiction != null) {
                layers.add(new Drawing.Layer("jurisdiction", true,
                    rings(clip(jurisdiction, visible), projection, Style.JURISDICTION)));
            }
            layers.add(new Drawing.Layer("cells", true, cellMarks(projection, visible)));
            layers.add(new Drawing.Layer("area", true, rings(area, projection, Style.AREA)));
            layers.add(new Drawing.Layer("sectors", true, sectorMarks(projection, visible)));
            layers.add(new Drawing.Layer("cameras", true, cameraMarks(projection, visible)));
            layers.add(new Drawing.Layer("frame", false, List.of(new Drawing.Rings(
                List.of(rectangle(plot[0], plot[1], plot[2], plot[3])), Style.FRAME))));
            List<Drawing.Mark> text = new ArrayList<>();
            text.add(new Drawing.Text(MARGIN_PX, 28, title, Drawing.Anchor.START, Style.TITLE));
            for (int i = 0; i < captions.size(); i++) {
                text.add(new Drawing.Text(MARGIN_PX, 46 + 18.0 * i, captions.get(i), Drawing.Anchor.START, Style.CAPTION));
            }
            layers.add(new Drawing.Layer("title", false, text));
            layers.add(new Drawing.Layer("legend", false, legend()));
            layers.add(new Drawing.Layer("scale", false, scaleBar(projection, plot)));
            return new Drawing(widthPx, heightPx, plot, List.copyOf(layers));
        }

        private List<Drawing.Mark> cellMarks(LocalProjection projection, Envelope visible) {
            List<Drawing.Mark> marks = new ArrayList<>(cells.length);
            H3Core h3 = cells.length == 0 ? null : h3();
            for (long cell : cells) {
                List<LatLng> boundary = h3.cellToBoundary(cell);
                Envelope bounds = new Envelope();
                double[] ring = new double[boundary.size() * 2];
                for (int i = 0; i < boundary.size(); i++) {
                    LatLng vertex = boundary.get(i);
                    bounds.expandToInclude(vertex.lng, vertex.lat);
                    ring[2 * i] = projection.x(vertex.lng);
                    ring[2 * i + 1] = projection.y(vertex.lat);
                }
                if (bounds.intersects(visible)) {
                    marks.add(new Drawing.Rings(List.of(ring), Style.CELL));
                }
            }
            return marks;
        }

        private List<Drawing.Mark> cameraMarks(LocalProjection projection, Envelope visible) {
            List<Drawing.Mark> others = new ArrayList<>();
            List<Drawing.Mark> matched = new ArrayList<>();
            for (int i = 0; i < cameraLat.length; i++) {
                if (!visible.contains(cameraLon[i], cameraLat[i])) {
                    continue;
                }
                double x = projection.x(cameraLon[i]);
                double y = projection.y(cameraLat[i]);
                if (cameraMatched[i]) {
                    matched.add(new Drawing.Dot(x, y, MATCHED_RADIUS_PX, Style.MATCHED));
                } else {
                    others.add(new Drawing.Dot(x, y, CAMERA_RADIUS_PX, Style.CAMERA));
                }
            }
            others.addAll(matched);
            return others;
        }

        /** The sectors of the matched cameras with views whose sector reaches into the view. */
        private List<Drawing.Mark> sectorMarks(LocalProjection projection, Envelope visible) {
            List<Drawing.Mark> marks = new ArrayList<>();
            for (int i = 0; i < viewRangeMeters.length; i++) {
                if (!cameraMatched[i] || viewRangeMeters[i] == 0) {
                    continue;
                }
                double[] lonLat = sector(cameraLat[i], cameraLon[i], viewHeadingDegrees[i], viewFieldOfViewDegrees[i], viewRangeMeters[i]);
                Envelope bounds = new Envelope();
                double[] ring = new double[lonLat.length];
                for (int k = 0; k < lonLat.length; k += 2) {
                    bounds.expandToInclude(lonLat[k], lonLat[k + 1]);
                    ring[k] = projection.x(lonLat[k]);
                    ring[k + 1] = projection.y(lonLat[k + 1]);
                }
                if (bounds.intersects(visible)) {
                    marks.add(new Drawing.Rings(List.of(ring), Style.SECTOR));
                }
            }
            return marks;
        }

        private List<Drawing.Mark> legend() {
            double slot = (widthPx - 2 * MARGIN_PX) / 5;
            double baseline = heightPx - 30.0;
            String[] labels = {"request area", "H3 cells", "matched cameras", "what they see", "other cameras"};
            List<Drawing.Mark> marks = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                double x = MARGIN_PX + i * slot;
                switch (i) {
                    case 0 -> marks.add(new Drawing.Rings(List.of(rectangle(x, baseline - 10, 14, 10)), Style.AREA));
                    case 1 -> marks.add(new Drawing.Rings(List.of(rectangle(x, baseline - 10, 14, 10)), Style.CELL));
                    case 2 -> marks.add(new Drawing.Dot(x + 7, baseline - 4, MATCHED_RADIUS_PX, Style.MATCHED));
                    case 3 -> marks.add(new Drawing.Rings(List.of(new double[] {x, baseline, x + 14, baseline - 5, x + 14, baseline - 11}),
                        Style.SECTOR));
                    default -> marks.add(new Drawing.Dot(x + 7, baseline - 4, CAMERA_RADIUS_PX, Style.CAMERA));
                }
                marks.add(new Drawing.Text(x + 20, baseline, labels[i], Drawing.Anchor.START, Style.LABEL));
            }
            return marks;
        }

        /** A bar of 1, 2 or 5 times a power of ten metres, at most a quarter of the plot's width. */
        private List<Drawing.Mark> scaleBar(LocalProjection projection, double[] plot) {
            double maxMeters = plot[2] / 4 / projection.pixelsPerMeter();
            double power = Math.pow(10, Math.floor(Math.log10(maxMeters)));
            double meters = power;
            for (double step : new double[] {2, 5, 10}) {
                if (power * step <= maxMeters) {
                    meters = power * step;
                }
            }
            double lengthPx = meters * projection.pixelsPerMeter();
            double y = heightPx - 12.0;
            double x = MARGIN_PX;
            String label = meters >= 1000
                ? BigDecimal.valueOf(meters / 1000).stripTrailingZeros().toPlainString() + " km"
                : BigDecimal.valueOf(meters).stripTrailingZeros().toPlainString() + " m";
            return List.of(
                new Drawing.Polyline(new double[] {x, y - 5, x, y, x + lengthPx, y, x + lengthPx, y - 5}, Style.SCALE),
                new Drawing.Text(x + lengthPx + 6, y, label, Drawing.Anchor.START, Style.LABEL));
        }
    }

    /**
     * A camera's sector as a closed ring in degrees, without repeating the first point: the
     * camera, then the arc from {@code heading - fov/2} to {@code heading + fov/2} in steps of at
     * most {@value #SECTOR_STEP_DEGREES} degrees; for a field of view of 360, the circle alone.
     * Points are placed in the camera's ground frame (see {@link Builder#views}).
     *
     * @return lon0, lat0, lon1, lat1, ...
     */
    static double[] sector(double latDegrees, double lonDegrees, double headingDegrees, double fieldOfViewDegrees, double rangeMeters) {
        boolean disk = fieldOfViewDegrees >= 360;
        int steps = Math.max(2, (int) Math.ceil(fieldOfViewDegrees / SECTOR_STEP_DEGREES));
        double metersPerDegreeLon = LocalProjection.METERS_PER_DEGREE * Math.cos(Math.toRadians(latDegrees));
        int points = disk ? steps : steps + 2;
        double[] ring = new double[2 * points];
        int at = 0;
        if (!disk) {
            ring[at++] = lonDegrees;
            ring[at++] = latDegrees;
        }
        double first = disk ? 0 : headingDegrees - fieldOfViewDegrees / 2;
        for (int k = 0; k < (disk ? steps : steps + 1); k++) {
            double bearing = Math.toRadians(first + fieldOfViewDegrees * k / steps);
            ring[at++] = lonDegrees + rangeMeters * Math.sin(bearing) / metersPerDegreeLon;
            ring[at++] = latDegrees + rangeMeters * Math.cos(bearing) / LocalProjection.METERS_PER_DEGREE;
        }
        return ring;
    }

    private static List<Drawing.Mark> rings(Geometry polygons, LocalProjection projection, Style style) {
        List<Drawing.Mark> marks = new ArrayList<>();
        for (int p = 0; p < polygons.getNumGeometries(); p++) {
            Geometry part = polygons.getGeometryN(p);
            if (!(part instanceof Polygon polygon) || polygon.isEmpty()) {
                continue;
            }
            List<double[]> rings = new ArrayList<>(1 + polygon.getNumInteriorRing());
            rings.add(ring(polygon.getExteriorRing(), projection));
            for (int r = 0; r < polygon.getNumInteriorRing(); r++) {
                rings.add(ring(polygon.getInteriorRingN(r), projection));
            }
            marks.add(new Drawing.Rings(rings, style));
        }
        return marks;
    }

    /** Projects a closed ring, leaving out the repeated last point. */
    private static double[] ring(LineString ring, LocalProjection projection) {
        Coordinate[] coordinates = ring.getCoordinates();
        int n = Math.max(0, coordinates.length - 1);
        double[] xy = new double[2 * n];
        for (int i = 0; i < n; i++) {
            xy[2 * i] = projection.x(coordinates[i].x);
            xy[2 * i + 1] = projection.y(coordinates[i].y);
        }
        return xy;
    }

    private static double[] rectangle(double x, double y, double width, double height) {
        return new double[] {x, y, x + width, y, x + width, y + height, x, y + height};
    }

    /**
     * Cuts polygons to a rectangle so a large jurisdiction does not put thousands of invisible
     * vertices into the SVG. Should the overlay fail on an invalid input, the whole geometry is
     * drawn instead; the renderers' clip still hides what lies outside.
     */
    private static Geometry clip(Geometry polygons, Envelope visible) {
        Geometry box = polygons.getFactory().toGeometry(visible);
        try {
            return OverlayNGRobust.overlay(polygons, box, OverlayNG.INTERSECTION);
        } catch (RuntimeException e) {
            return polygons;
        }
    }

    /** Checks a polygonal input and returns it as one Polygon or a flat MultiPolygon of its parts. */
    private static Geometry polygonal(String field, Geometry geometry) {
        Objects.requireNonNull(geometry, field);
        List<Polygon> parts = new ArrayList<>();
        collectPolygons(field, geometry, parts);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException(field + " is empty");
        }
        Coordinate[] coordinates = geometry.getCoordinates();
        for (int i = 0; i < coordinates.length; i++) {
            double lon = coordinates[i].x;
            double lat = coordinates[i].y;
            if (!(lon >= -180 && lon <= 180) || !(lat >= -90 && lat <= 90)) {
                throw new IllegalArgumentException(field + ": coordinate " + i + " (lon " + lon + ", lat " + lat
                    + ") is out of range, allowed lon -180..180, lat -90..90");
            }
        }
        return parts.size() == 1 ? parts.get(0).copy()
            : geometry.getFactory().createMultiPolygon(parts.stream().map(p -> (Polygon) p.copy()).toArray(Polygon[]::new));
    }

    private static void collectPolygons(String field, Geometry geometry, List<Polygon> parts) {
        if (geometry instanceof Polygon polygon) {
            if (!polygon.isEmpty()) {
                parts.add(polygon);
            }
        } else if (geometry instanceof GeometryCollection) {
            for (int i = 0; i < geometry.getNumGeometries(); i++) {
                collectPolygons(field, geometry.getGeometryN(i), parts);
            }
        } else {
            throw new IllegalArgumentException(field + " contains a " + geometry.getGeometryType()
                + ", expected only Polygons, MultiPolygons or collections of them");
        }
    }

    private static String oneLine(String field, String text) {
        Objects.requireNonNull(text, field);
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(field + " must be one line, got " + text.length()
                + " characters with a line break");
        }
        return text;
    }

    private static H3Core h3() {
        return H3Holder.get();
    }

    /** Loads the H3 native library on first use only, so pictures without cells never need it. */
    private static final class H3Holder {
        private static H3Core instance;

        private H3Holder() {
        }

        static synchronized H3Core get() {
            if (instance == null) {
                try {
                    instance = H3Core.newInstance();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot load the H3 native library", e);
                }
            }
            return instance;
        }
    }
}
