package io.geomatch.examples.map;

import com.uber.h3core.H3Core;
import com.uber.h3core.util.LatLng;
import io.geomatch.examples.sim.Counties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The request map: well-formed SVG with one mark per input, a PNG drawn where the projection says, strict input. */
class RequestMapTest {
    private static final GeometryFactory FACTORY = new GeometryFactory();
    private static final long SEED = 77L;
    private static final int CAMERAS = 60;

    private static Polygon area;
    private static long[] cells;
    private static double[] lat;
    private static double[] lon;
    private static boolean[] matched;

    @TempDir
    Path dir;

    /** A square of about 5 x 5 km in central Chicago with a square hole, its res-8 cells, and 60 cameras in the view. */
    @BeforeAll
    static void setUp() throws IOException {
        area = FACTORY.createPolygon(ring(-87.66, 41.86, -87.60, 41.905),
            new LinearRing[] {ring(-87.64, 41.875, -87.625, 41.89)});
        H3Core h3 = H3Core.newInstance();
        List<LatLng> shell = new ArrayList<>();
        for (Coordinate c : area.getExteriorRing().getCoordinates()) {
            shell.add(new LatLng(c.y, c.x));
        }
        cells = h3.polygonToCells(shell, List.of(), 8).stream().mapToLong(Long::longValue).toArray();
        SplittableRandom random = new SplittableRandom(SEED);
        lat = new double[CAMERAS];
        lon = new double[CAMERAS];
        matched = new boolean[CAMERAS];
        for (int i = 0; i < CAMERAS; i++) {
            lat[i] = 41.85 + random.nextDouble() * 0.065;
            lon[i] = -87.67 + random.nextDouble() * 0.08;
            matched[i] = area.covers(FACTORY.createPoint(new Coordinate(lon[i], lat[i])));
        }
    }

    private static RequestMap.Builder chicago() {
        return RequestMap.builder("Request #42 <Loop> & \"friends\"")
            .area(area)
            .cells(cells)
            .cameras(lat, lon, matched)
            .jurisdiction(Counties.load().byFips("17031").orElseThrow().geometry())
            .caption(count(matched) + " cameras notified")
            .caption("window 2026-01-05 14:00..16:00 UTC");
    }

    @Test
    void shouldWriteParseableSvgWithOneMarkPerCameraAndCell() throws Exception {
        String svg = chicago().svg();
        Document doc = parse(svg);

        Element root = doc.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("svg");
        assertThat(root.getAttribute("width")).isEqualTo("800");
        assertThat(root.getAttribute("height")).isEqualTo("600");
        NodeList circles = group(doc, "cameras").getElementsByTagName("circle");
        assertThat(circles.getLength()).isEqualTo(CAMERAS);
        int accent = 0;
        for (int i = 0; i < circles.getLength(); i++) {
            if (((Element) circles.item(i)).getAttribute("class").equals("matched")) {
                accent++;
            }
        }
        assertThat(accent).isEqualTo(count(matched)).isBetween(5, CAMERAS - 5);
        assertThat(group(doc, "cells").getElementsByTagName("polygon").getLength()).isEqualTo(cells.length);
        assertThat(cells.length).isGreaterThan(10);
        assertThat(group(doc, "area").getElementsByTagName("path").getLength()).as("area with a hole").isEqualTo(1);
        assertThat(group(doc, "jurisdiction").getElementsByTagName("*").getLength()).isPositive();
        assertThat(svg).contains(".matched { fill: #e8590c;");
        assertThat(group(doc, "title").getTextContent()).contains("Request #42 <Loop> & \"friends\"", "cameras notified");
        assertThat(group(doc, "legend").getTextContent()).contains("request area", "H3 cells", "matched cameras", "other cameras");
        assertThat(group(doc, "scale").getTextContent().strip()).matches("[0-9.]+ k?m");
    }

    @Test
    void shouldPaintMatchedCamerasInTheAccentColourWhereTheProjectionPutsThem() throws IOException {
        BufferedImage png = chicago().size(1000, 700).png();
        assertThat(png.getWidth()).isEqualTo(1000);
        assertThat(png.getHeight()).isEqualTo(700);

        // The documented layout and projection, recomputed here from scratch.
        double top = 40 + 18 * 2;
        double plotX = 16;
        double plotW = 1000 - 32;
        double plotH = 700 - 52 - top;
        Envelope e = area.getEnvelopeInternal();
        double lonC = (e.getMinX() + e.getMaxX()) / 2;
        double latC = (e.getMinY() + e.getMaxY()) / 2;
        double m = 6_371_008.8 * Math.PI / 180;
        double kx = Math.cos(Math.toRadians(latC)) * m;
        double s = Math.min(plotW / (e.getWidth() * 1.5 * kx), plotH / (e.getHeight() * 1.5 * m));
        int checked = 0;
        for (int i = 0; i < CAMERAS; i++) {
            if (!matched[i]) {
                continue;
            }
            double x = plotX + plotW / 2 + (lon[i] - lonC) * kx * s;
            double y = top + plotH / 2 - (lat[i] - latC) * m * s;
            assertThat(png.getRGB((int) Math.floor(x), (int) Math.floor(y)) & 0xFFFFFF)
                .as("camera %d at (%s, %s) px, seed %d", i, x, y, SEED)
                .isEqualTo(RequestMap.MATCHED_RGB);
            checked++;
        }
        assertThat(checked).isPositive();
        assertThat(png.getRGB(3, 3) & 0xFFFFFF).as("background").isEqualTo(0xFFFFFF);
    }

    @Test
    void shouldDrawAnAreaWithoutCellsCamerasOrCaptions() throws Exception {
        RequestMap.Builder builder = RequestMap.builder("just an area").area(area);
        Document doc = parse(builder.svg());
        assertThat(group(doc, "cameras").getElementsByTagName("circle").getLength()).isZero();
        assertThat(builder.png().getWidth()).isEqualTo(RequestMap.DEFAULT_WIDTH_PX);
    }

    @Test
    void shouldEscapeTextThatXmlCannotHoldVerbatim() throws Exception {
        String title = "a<b & c>d \"q\" 'a' \u0001 \uD83D\uDCF7 ]]>";
        Document doc = parse(RequestMap.builder(title).area(area).svg());
        assertThat(group(doc, "title").getElementsByTagName("text").item(0).getTextContent()).isEqualTo("a<b & c>d \"q\" 'a' \uFFFD \uD83D\uDCF7 ]]>");
    }

    @Test
    void shouldRefuseCameraArraysOfDifferentLengths() {
        RequestMap.Builder builder = RequestMap.builder("t");
        assertThatThrownBy(() -> builder.cameras(new double[3], new double[2], new boolean[3]))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("cameras: latDegrees.length=3, lonDegrees.length=2 and matched.length=3 must be equal");
        assertThatThrownBy(() -> builder.cameras(new double[1], new double[1], new boolean[0]))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("cameras: latDegrees.length=1, lonDegrees.length=1 and matched.length=0 must be equal");
    }

    @Test
    void shouldRefuseNanAndOutOfRangeCoordinates() {
        RequestMap.Builder builder = RequestMap.builder("t");
        assertThatThrownBy(() -> builder.cameras(new double[] {1, Double.NaN}, new double[2], new boolean[2]))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("cameras: latDegrees[1]=NaN is out of range, allowed -90..90");
        assertThatThrownBy(() -> builder.cameras(new double[1], new double[] {Double.NaN}, new boolean[1]))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("cameras: lonDegrees[0]=NaN is out of range, allowed -180..180");
        Polygon nan = FACTORY.createPolygon(new Coordinate[] {
            new Coordinate(0, 0), new Coordinate(1, 0), new Coordinate(1, Double.NaN), new Coordinate(0, 0)});
        assertThatThrownBy(() -> builder.area(nan))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("area: coordinate 2 (lon 1.0, lat NaN) is out of range, allowed lon -180..180, lat -90..90");
        assertThatThrownBy(() -> builder.jurisdiction(FACTORY.createPoint(new Coordinate(0, 0))))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("jurisdiction contains a Point, expected only Polygons, MultiPolygons or collections of them");
        assertThatThrownBy(() -> builder.area(FACTORY.createPolygon()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("area is empty");
    }

    @Test
    void shouldRefuseOtherBadInput() {
        RequestMap.Builder builder = RequestMap.builder("t");
        assertThatThrownBy(() -> builder.cells(new long[] {cells[0], 12345L}))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("h3Cells[1]=3039 is not a valid H3 cell");
        assertThatThrownBy(() -> builder.size(479, 600))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("widthPx 479 is out of range, allowed 480..8192");
        assertThatThrownBy(() -> builder.caption("two\nlines"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("caption must be one line, got 9 characters with a line break");
        assertThatThrownBy(builder::svg)
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("area is required: call area(...) before drawing");
        RequestMap.Builder crowded = RequestMap.builder("t").area(area).size(480, 360);
        for (int i = 0; i < 10; i++) {
            crowded.caption("line " + i);
        }
        assertThatThrownBy(crowded::png)
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("10 captions leave the map 88.0 px high at heightPx=360, need at least 100");
    }

    @Test
    void shouldCopyInputsSoLaterChangesHaveNoEffect() {
        double[] myLat = {41.88};
        double[] myLon = {-87.63};
        boolean[] myMatched = {true};
        RequestMap.Builder builder = RequestMap.builder("t").area(area).cameras(myLat, myLon, myMatched);
        String before = builder.svg();
        myLat[0] = 41.87;
        myMatched[0] = false;
        assertThat(builder.svg()).isEqualTo(before);
    }

    @Test
    void shouldWriteBothFilesAndLeaveNoTemporaryFiles() throws IOException {
        Path svg = dir.resolve("map.svg");
        Path png = dir.resolve("map.png");
        RequestMap.Builder builder = chicago();
        builder.write(svg, png);
        builder.write(svg, png);

        assertThat(listing(dir)).containsExactlyInAnyOrder("map.png", "map.svg");
        assertThat(Files.readString(svg, StandardCharsets.UTF_8)).isEqualTo(builder.svg());
        BufferedImage read = ImageIO.read(png.toFile());
        assertThat(read.getWidth()).isEqualTo(800);
        assertThat(read.getHeight()).isEqualTo(600);
    }

    @Test
    void shouldLeaveNoTemporaryFileWhenATargetCannotBeReplaced() throws IOException {
        Path svg = dir.resolve("map.svg");
        Path blocked = Files.createDirectory(dir.resolve("map.png"));
        Files.writeString(blocked.resolve("keep"), "x");

        assertThatThrownBy(() -> chicago().write(svg, blocked)).isInstanceOf(IOException.class);

        assertThat(listing(dir)).containsExactlyInAnyOrder("map.png", "map.svg");
        assertThat(listing(blocked)).containsExactly("keep");
        assertThatThrownBy(() -> chicago().write(svg, svg))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("svgFile and pngFile are the same file: ");
    }

    /** A 300 m square in Chicago and four cameras: 30 m north of it looking south, a full circle inside, one without a view, one unmatched. */
    private static RequestMap.Builder sectors() {
        double m = 6_371_008.8 * Math.PI / 180;
        double lat0 = 41.88;
        double lon0 = -87.63;
        double dLat = 150 / m;
        double dLon = 150 / (m * Math.cos(Math.toRadians(lat0)));
        Polygon square = FACTORY.createPolygon(ring(lon0 - dLon, lat0 - dLat, lon0 + dLon, lat0 + dLat));
        return RequestMap.builder("sectors")
            .area(square)
            .cameras(new double[] {lat0 + 1.2 * dLat, lat0, lat0 - dLat / 2, lat0 + dLat / 2},
                new double[] {lon0, lon0, lon0 + dLon / 2, lon0 - dLon / 2}, new boolean[] {true, true, true, false})
            .views(new double[] {170, 0, 0, 90}, new double[] {60, 360, 0, 90}, new double[] {180, 40, 0, 100});
    }

    @Test
    void shouldPlaceEachSectorPointAtTheRangeAlongItsBearingInTheCamerasGroundFrame() {
        // heading 350 across north: the arc runs from 320 through 0 to 20 degrees
        for (double[] v : new double[][] {{350, 60, 25}, {0, 1, 1}, {90, 180, 200}, {10, 359, 30}, {0, 360, 50}, {123.45, 142.5, 17.25}}) {
            double lat0 = 80 * (v[0] / 360) - 10;
            double lon0 = 179.99;
            double[] ring = RequestMap.sector(lat0, lon0, v[0], v[1], v[2]);
            boolean disk = v[1] == 360;
            int first = disk ? 0 : 2;
            if (!disk) {
                assertThat(ring[0]).as("apex lon").isEqualTo(lon0);
                assertThat(ring[1]).as("apex lat").isEqualTo(lat0);
            }
            int arc = (ring.length - first) / 2;
            assertThat(arc).as("points on the arc, at most 5 degrees apart").isEqualTo(disk ? 72 : (int) Math.max(2, Math.ceil(v[1] / 5)) + 1);
            double kx = Math.cos(Math.toRadians(lat0)) * Math.PI / 180 * 6_371_008.8;
            double ky = Math.PI / 180 * 6_371_008.8;
            double previous = Double.NaN;
            for (int k = 0; k < arc; k++) {
                double x = (ring[first + 2 * k] - lon0) * kx;
                double y = (ring[first + 2 * k + 1] - lat0) * ky;
                assertThat(Math.hypot(x, y)).as("range of point %d of %s", k, java.util.Arrays.toString(v)).isCloseTo(v[2], org.assertj.core.data.Offset.offset(1e-6));
                double bearing = Math.toDegrees(Math.atan2(x, y));
                double expected = disk ? 360.0 * k / arc : v[0] - v[1] / 2 + v[1] * k / (arc - 1);
                assertThat(Math.abs(Math.IEEEremainder(bearing - expected, 360))).as("bearing of point %d of %s", k, java.util.Arrays.toString(v))
                    .isLessThan(1e-6);
                if (k > 0) {
                    assertThat(Math.IEEEremainder(bearing - previous, 360)).as("step").isGreaterThan(0).isLessThanOrEqualTo(5 + 1e-6);
                }
                previous = bearing;
            }
        }
    }

    @Test
    void shouldDrawASectorForEachMatchedCameraWithAViewInTheSvgAndThePng() throws Exception {
        RequestMap.Builder builder = sectors();
        Drawing drawing = builder.drawing();
        Drawing.Layer layer = drawing.layers().stream().filter(l -> l.id().equals("sectors")).findFirst().orElseThrow();
        assertThat(layer.marks()).as("the matched cameras with a view: not the one without, not the unmatched one").hasSize(2);
        Drawing.Layer cameras = drawing.layers().stream().filter(l -> l.id().equals("cameras")).findFirst().orElseThrow();
        assertThat(drawing.layers().indexOf(layer)).as("sectors lie under the dots").isEqualTo(drawing.layers().indexOf(cameras) - 1);
        double[] plot = drawing.plot();
        double pixelsPerMeter = Math.min(plot[2] / 450, plot[3] / 450);   // the 300 m square padded by 25 % each side
        Drawing.Dot north = (Drawing.Dot) cameras.marks().stream().filter(d -> ((Drawing.Dot) d).y() < plot[1] + plot[3] / 2 - 100)
            .findFirst().orElseThrow();
        double[] ring = ((Drawing.Rings) layer.marks().get(0)).rings().get(0);
        assertThat(ring[0]).isCloseTo(north.x(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ring[1]).isCloseTo(north.y(), org.assertj.core.data.Offset.offset(1e-9));
        for (int i = 2; i < ring.length; i += 2) {
            double dx = ring[i] - ring[0];
            double up = ring[1] - ring[i + 1];
            assertThat(Math.hypot(dx, up) / pixelsPerMeter).as("range, pixels back to metres").isCloseTo(180, org.assertj.core.data.Offset.offset(0.05));
            assertThat((Math.toDegrees(Math.atan2(dx, up)) + 360) % 360).as("bearing").isBetween(140 - 1e-3, 200 + 1e-3);
        }
        assertThat(Math.toDegrees(Math.atan2(ring[2] - ring[0], ring[1] - ring[3]))).as("first bearing").isCloseTo(140, org.assertj.core.data.Offset.offset(1e-3));

        Document doc = parse(builder.svg());
        NodeList polygons = group(doc, "sectors").getElementsByTagName("polygon");
        assertThat(polygons.getLength()).isEqualTo(2);
        assertThat(((Element) polygons.item(0)).getAttribute("class")).isEqualTo("sector");
        String[] points = ((Element) polygons.item(0)).getAttribute("points").trim().split("[ ,]+");
        assertThat(points).hasSize(ring.length);
        for (int i = 0; i < ring.length; i++) {
            assertThat(Double.parseDouble(points[i])).isCloseTo(ring[i], org.assertj.core.data.Offset.offset(0.01));
        }
        assertThat(group(doc, "legend").getTextContent()).contains("what they see");

        BufferedImage png = builder.png();
        int midX = (int) Math.round(ring[0]);
        int midY = (int) Math.round(ring[1] + 120 * pixelsPerMeter);   // 120 m due south: inside the sector, clear of the dot
        int rgb = png.getRGB(midX, midY) & 0xFFFFFF;
        int without = sectors().views(new double[4], new double[4], new double[4]).png().getRGB(midX, midY) & 0xFFFFFF;
        assertThat(rgb).as("the sector's tint over the area").isNotEqualTo(without);
    }

    @Test
    void shouldRefuseViewsThatDoNotFitTheCameras() {
        RequestMap.Builder builder = RequestMap.builder("t").cameras(new double[] {1, 2}, new double[] {3, 4}, new boolean[] {true, true});
        assertThatThrownBy(() -> builder.views(new double[] {0}, new double[] {90, 90}, new double[] {10, 10}))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("views: headingDegrees.length=1, fieldOfViewDegrees.length=2 and rangeMeters.length=2 must equal the 2 cameras");
        assertThatThrownBy(() -> builder.views(new double[] {0, 360}, new double[] {90, 90}, new double[] {10, 10}))
            .hasMessage("views: headingDegrees[1]=360.0 is out of range, allowed 0 (inclusive) to 360 (exclusive)");
        assertThatThrownBy(() -> builder.views(new double[] {0, 0}, new double[] {90, 0}, new double[] {10, 10}))
            .hasMessage("views: fieldOfViewDegrees[1]=0.0 is out of range, allowed above 0 up to 360");
        assertThatThrownBy(() -> builder.views(new double[] {0, 0}, new double[] {90, 90}, new double[] {10, 201}))
            .hasMessage("views: rangeMeters[1]=201.0 is out of range, allowed above 0 up to 200, or 0 for no view");
    }

    private static List<String> listing(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static Element group(Document doc, String id) {
        NodeList groups = doc.getElementsByTagName("g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if (g.getAttribute("id").equals(id)) {
                return g;
            }
        }
        throw new AssertionError("no <g id=\"" + id + "\">");
    }

    private static int count(boolean[] flags) {
        int n = 0;
        for (boolean flag : flags) {
            n += flag ? 1 : 0;
        }
        return n;
    }

    private static LinearRing ring(double minLon, double minLat, double maxLon, double maxLat) {
        return FACTORY.createLinearRing(new Coordinate[] {
            new Coordinate(minLon, minLat), new Coordinate(maxLon, minLat), new Coordinate(maxLon, maxLat),
            new Coordinate(minLon, maxLat), new Coordinate(minLon, minLat)});
    }
}
