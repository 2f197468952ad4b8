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
