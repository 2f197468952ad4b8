package io.geomatch.core.io;

import io.geomatch.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GeoJsonReaderTest {
    private static final String ALLOWED_ROOT =
        "allowed Polygon, MultiPolygon, GeometryCollection, Feature, FeatureCollection";
    private static final String ALLOWED_GEOMETRY = "allowed Polygon, MultiPolygon, GeometryCollection";
    private static final String SQUARE = "[[[0,0],[2,0],[2,2],[0,2],[0,0]]]";
    private static final String OTHER_SQUARE = "[[[1,1],[3,1],[3,3],[1,3],[1,1]]]";

    @TempDir
    Path tmp;

    private static Geometry wkt(String wkt) {
        try {
            return new WKTReader(new GeometryFactory()).read(wkt);
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
    }

    private static Geometry read(String json) {
        return GeoJsonReader.read(json, "a.json");
    }

    private static void assertSameGeometry(Geometry actual, String expectedWkt) {
        Geometry expected = wkt(expectedWkt);
        assertThat(actual.getGeometryType()).isEqualTo(expected.getGeometryType());
        assertThat(actual.equalsExact(expected)).as("%s equals %s", actual, expected).isTrue();
    }

    @Test
    void shouldReadPolygonWithLonAsXAndLatAsY() {
        Geometry g = read("{\"type\": \"Polygon\", \"coordinates\": [[[-87.7,41.8],[-87.6,41.8],[-87.6,41.9],[-87.7,41.8]]]}");

        assertSameGeometry(g, "POLYGON ((-87.7 41.8, -87.6 41.8, -87.6 41.9, -87.7 41.8))");
        assertThat(g.getSRID()).isEqualTo(4326);
    }

    @Test
    void shouldReadPolygonWithHole() {
        Geometry g = read("{\"type\": \"Polygon\", \"coordinates\": ["
            + "[[0,0],[10,0],[10,10],[0,10],[0,0]],"
            + "[[2,2],[4,2],[4,4],[2,4],[2,2]]]}");

        assertSameGeometry(g, "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 4 2, 4 4, 2 4, 2 2))");
        assertThat(g.covers(wkt("POINT (3 3)"))).isFalse();
        assertThat(g.covers(wkt("POINT (4 3)"))).isTrue();
    }

    @Test
    void shouldReadMultiPolygon() {
        Geometry g = read("{\"type\": \"MultiPolygon\", \"coordinates\": [" + SQUARE + ", [[[5,5],[6,5],[6,6],[5,5]]]]}");

        assertSameGeometry(g, "MULTIPOLYGON (((0 0, 2 0, 2 2, 0 2, 0 0)), ((5 5, 6 5, 6 6, 5 5)))");
    }

    @Test
    void shouldIgnoreAltitudeAndForeignMembers() {
        Geometry g = read("{\"type\": \"Polygon\", \"bbox\": [0,0,1,1], \"id\": 7, \"crs\": {\"x\": [1]},"
            + " \"coordinates\": [[[0,0,10],[1,0,11.5],[1,1],[0,0,-3]]]}");

        assertSameGeometry(g, "POLYGON ((0 0, 1 0, 1 1, 0 0))");
        assertThat(g.getCoordinates()).allSatisfy(c -> assertThat(c.getZ()).isNaN());
    }

    @Test
    void shouldReadFeatureAsItsGeometry() {
        Geometry g = read("{\"type\": \"Feature\", \"properties\": {\"name\": \"x\", \"type\": 1},"
            + " \"geometry\": {\"type\": \"Polygon\", \"coordinates\": " + SQUARE + "}}");

        assertSameGeometry(g, "POLYGON ((0 0, 2 0, 2 2, 0 2, 0 0))");
    }

    @Test
    void shouldReadFeatureCollectionOfOneAsItsGeometry() {
        Geometry g = read("{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"properties\": null,"
            + " \"geometry\": {\"type\": \"MultiPolygon\", \"coordinates\": [" + SQUARE + "]}}]}");

        assertSameGeometry(g, "MULTIPOLYGON (((0 0, 2 0, 2 2, 0 2, 0 0)))");
    }

    @Test
    void shouldReadOverlappingFeaturesAsCollectionOfAllParts() {
        Geometry g = read("{\"type\": \"FeatureCollection\", \"features\": ["
            + "{\"type\": \"Feature\", \"geometry\": {\"type\": \"Polygon\", \"coordinates\": " + SQUARE + "}},"
            + "{\"type\": \"Feature\", \"geometry\": {\"type\": \"Polygon\", \"coordinates\": " + OTHER_SQUARE + "}},"
            + "{\"type\": \"Feature\", \"geometry\": {\"type\": \"GeometryCollection\", \"geometries\": ["
            + "  {\"type\": \"MultiPolygon\", \"coordinates\": [[[[5,5],[6,5],[6,6],[5,5]]]]}]}}]}");

        assertThat(g.getClass()).isEqualTo(GeometryCollection.class);
        assertSameGeometry(g, "GEOMETRYCOLLECTION (POLYGON ((0 0, 2 0, 2 2, 0 2, 0 0)),"
            + " POLYGON ((1 1, 3 1, 3 3, 1 3, 1 1)), MULTIPOLYGON (((5 5, 6 5, 6 6, 5 5))))");
    }

    @Test
    void shouldFlattenNestedGeometryCollections() {
        Geometry g = read("{\"type\": \"GeometryCollection\", \"geometries\": ["
            + "{\"type\": \"Polygon\", \"coordinates\": " + SQUARE + "},"
            + "{\"type\": \"GeometryCollection\", \"geometries\": [{\"type\": \"Polygon\", \"coordinates\": " + OTHER_SQUARE + "}]}]}");

        assertSameGeometry(g, "GEOMETRYCOLLECTION (POLYGON ((0 0, 2 0, 2 2, 0 2, 0 0)), POLYGON ((1 1, 3 1, 3 3, 1 3, 1 1)))");
    }

    @Test
    void shouldReturnTheOnlyMemberOfAGeometryCollection() {
        Geometry g = read("{\"type\": \"GeometryCollection\", \"geometries\": [{\"type\": \"Polygon\", \"coordinates\": " + SQUARE + "}]}");

        assertSameGeometry(g, "POLYGON ((0 0, 2 0, 2 2, 0 2, 0 0))");
    }

    @Test
    void shouldBuildEveryGeometryWithOneSharedFactory() {
        Geometry a = read("{\"type\": \"Polygon\", \"coordinates\": " + SQUARE + "}");
        Geometry b = GeoJsonReader.readWkt("POLYGON ((0 0, 1 0, 1 1, 0 0))");

        assertThat(a.getFactory()).isSameAs(b.getFactory());
    }

    @Test
    void shouldReadFileNamingItsPathInErrors() throws IOException {
        Path file = tmp.resolve("area.geojson");
        Files.writeString(file, "{\"type\": \"Polygon\", \"coordinates\": " + SQUARE + "}");
        Path bad = tmp.resolve("bad.geojson");
        Files.writeString(bad, "\uFEFF{\"type\": \"Polygon\",\n \"coordinates\": [[[0,0],[2,0],[2,95],[0,0]]]}");

        assertSameGeometry(GeoJsonReader.read(file), "POLYGON ((0 0, 2 0, 2 2, 0 2, 0 0))");
        assertThatThrownBy(() -> GeoJsonReader.read(bad))
            .isInstanceOf(InvalidInputException.class)
            .hasMessage(bad + " line 2: lat 95 is out of range, allowed -90..90");
    }

    @Test
    void shouldRejectFileThatIsNotUtf8() throws IOException {
        Path file = tmp.resolve("latin1.geojson");
        // a real supplementary character whose low surrogate is U+DFFF, then Latin-1 on line 3
        Files.write(file, "{\"type\": \"Polygon\",\r\n \"name\": \"\uD83D\uDFFF\",\n".getBytes(StandardCharsets.UTF_8));
        Files.write(file, " \"city\": \"S\u00e3o\"}".getBytes(StandardCharsets.ISO_8859_1), StandardOpenOption.APPEND);

        assertThatThrownBy(() -> GeoJsonReader.read(file))
            .isInstanceOf(InvalidInputException.class)
            .hasMessage(file + " line 3: text is not valid UTF-8");
    }

    @Test
    void shouldReportMissingFileAsUncheckedIoError() {
        Path missing = tmp.resolve("missing.geojson");

        assertThatThrownBy(() -> GeoJsonReader.read(missing))
            .isInstanceOf(UncheckedIOException.class)
            .hasMessageStartingWith("cannot read " + missing);
    }

    static Stream<Arguments> invalidGeoJson() {
        return Stream.of(
            Arguments.of("[1,2]", "a.json line 1: geojson '[1,2]' is not an object: " + ALLOWED_ROOT),
            Arguments.of("{\"coordinates\": []}", "a.json line 1: type is missing: " + ALLOWED_ROOT),
            Arguments.of("{\n\"type\": 5}", "a.json line 2: type 5 is not a string: " + ALLOWED_ROOT),
            Arguments.of("{\"type\": \"polygon\"}", "a.json line 1: type polygon is not a GeoJSON type: " + ALLOWED_ROOT),
            Arguments.of("{\"type\": \"Point\", \"coordinates\": [1, 2]}", "a.json line 1: type Point is not an area: " + ALLOWED_ROOT),
            Arguments.of("{\"type\": \"LineString\", \"coordinates\": [[1, 2], [3, 4]]}",
                "a.json line 1: type LineString is not an area: " + ALLOWED_ROOT),
            Arguments.of("{\"type\": \"Feature\",\n \"geometry\": null}",
                "a.json line 2: geometry is null: a Feature needs a Polygon, MultiPolygon or GeometryCollection geometry"),
            Arguments.of("{\"type\": \"Feature\", \"properties\": {}}",
                "a.json line 1: geometry is missing: a Feature needs a Polygon, MultiPolygon or GeometryCollection geometry"),
            Arguments.of("{\"type\": \"Feature\", \"geometry\":\n {\"type\": \"MultiPoint\", \"coordinates\": [[1, 2]]}}",
                "a.json line 2: type MultiPoint is not an area: " + ALLOWED_GEOMETRY),
            Arguments.of("{\"type\": \"Feature\", \"geometry\": {\"type\": \"Feature\"}}",
                "a.json line 1: type Feature is not allowed here: " + ALLOWED_GEOMETRY),
            Arguments.of("{\"type\": \"FeatureCollection\",\n \"features\": []}",
                "a.json line 2: features is empty: a FeatureCollection needs at least one Feature"),
            Arguments.of("{\"type\": \"FeatureCollection\"}",
                "a.json line 1: features is missing: a FeatureCollection needs at least one Feature"),
            Arguments.of("{\"type\": \"FeatureCollection\", \"features\": {}}", "a.json line 1: features {} is not an array"),
            Arguments.of("{\"type\": \"FeatureCollection\", \"features\": [\n{\"type\": \"Polygon\", \"coordinates\": " + SQUARE + "}]}",
                "a.json line 2: type Polygon is not allowed here: allowed Feature"),
            Arguments.of("{\"type\": \"FeatureCollection\", \"features\": [7]}", "a.json line 1: feature 7 is not an object: allowed Feature"),
            Arguments.of("{\"type\": \"GeometryCollection\", \"geometries\": []}",
                "a.json line 1: geometries is empty: a GeometryCollection needs at least one geometry"),
            Arguments.of("{\"type\": \"Polygon\"}", "a.json line 1: coordinates is missing: a Polygon needs an array of rings"),
            Arguments.of("{\"type\": \"Polygon\", \"coordinates\": []}",
                "a.json line 1: coordinates is empty: a polygon needs at least one ring"),
            Arguments.of("{\"type\": \"Polygon\", \"coordinates\": \"x\"}",
                "a.json line 1: coordinates \"x\" is not an array of rings"),
            Arguments.of("{\"type\": \"MultiPolygon\", \"coordinates\": []}",
                "a.json line 1: coordinates is empty: a MultiPolygon needs at least one polygon"),
            Arguments.of("{\"type\": \"MultiPolygon\", \"coordinates\": [\n[]]}",
                "a.json line 2: polygon is empty: a polygon needs at least one ring"),
            Arguments.of("{\"type\": \"Polygon\", \"coordinates\": [5]}", "a.json line 1: ring 5 is not an array of positions"),
            Arguments.of("{\"type\": \"Polygon\", \"coordinates\": [[[0,0],\n[1],[1,1],[0,0]]]}",
                "a.json line 2: position [1] is not a position: allowed [lon, lat] or [lon, lat, altitude] numbers"),
            Arguments.of("{\"type\": \"Polygon\", \"coordinates\": [[[0,0],[1,0,2,3],[1,1],[0,0]]]}",
                "a.json line 1: position '[1,0,2,3]' is not a position: allowed [lon, lat] or [lon, lat, altitude] numbers"),
            Arguments.of("{\"type\": \"Polygon\", \"coordinates\": [[[0,0],[\"1\",0],[1,1],[0,0]]]}",
                "a.json line 1: position '[\"1\",0]' is not a position: allowed [lon, lat] or [lon, lat, altitude] numbers"),
            Arguments.of("{\"type\": \"Polygon\", \"coordinates\": [[[0,0],\n[1,0],\n[200,1],[0,0]]]}",
                "a.json line 3: lon 200 is out of range, allowed -180..180"),
            Arguments.of("{\"type\": \"Polygon\", \"coordinates\": [[[0,0],[1,0],[1,\n-90.5],[0,0]]]}",
                "a.json line 2: lat -90.5 is out of range, allowed -90..90"),
            Arguments.of("{\"type\": \"Polygon\", \"coordinates\": [\n[[0,0],[1,0],[0,0]]]}",
                "a.json line 2: ring has 3 positions, allowed at least 4 (a ring repeats its first position last)"),
            Arguments.of("{\"type\": \"Polygon\", \"coordinates\": [\n[[0,0],[1,0],[1,1],[0,1]]]}",
                "a.json line 2: ring is not closed: first position [0, 0] differs from last [0, 1]"),
            Arguments.of("{\"type\": \"Polygon\",\n \"coordinates\": [[[0,0],[2,2],[2,0],[0,2],[0,0]]]}",
                "a.json line 2: area is not a valid polygon: Self-intersection at 1 1"),
            Arguments.of("{\"type\": \"Polygon\", \"coordinates\": [[[0,0],[1,0],[1,1],[0,1],[0,0]],\n [[5,5],[6,5],[6,6],[5,5]]]}",
                "a.json line 1: area is not a valid polygon: Hole lies outside shell at 5 5"),
            Arguments.of("{\"type\": \"Polygon\", \"coordinates\": [[[0,0],[1,1],[0,0],[0,0]]]}",
                "a.json line 1: area is not a valid polygon: Too few distinct points in geometry component at 0 0"),
            Arguments.of("{\"type\": \"MultiPolygon\", \"coordinates\": [" + SQUARE + ",\n [[[0,0],[2,2],[2,0],[0,2],[0,0]]]]}",
                "a.json line 2: area is not a valid polygon: Self-intersection at 1 1"),
            Arguments.of("{\"type\": \"MultiPolygon\",\n \"coordinates\": [" + SQUARE + ", " + OTHER_SQUARE + "]}",
                "a.json line 2: area is not a valid polygon: Self-intersection at 2 1"),
            Arguments.of("{\"type\": \"Polygon\",\n \"coordinates\": ", "a.json line 2: json is not valid JSON: expected a value but the input ended"));
    }

    @ParameterizedTest
    @MethodSource("invalidGeoJson")
    void shouldRejectInvalidAreaNamingLine(String json, String message) {
        assertThatThrownBy(() -> read(json))
            .isInstanceOf(InvalidInputException.class)
            .hasMessage(message);
    }

    @Test
    void shouldReadWktPolygonMultiPolygonAndCollection() {
        assertSameGeometry(GeoJsonReader.readWkt("POLYGON ((0 0, 10 0, 10 10, 0 0), (5 1, 9 1, 9 5, 5 1))"),
            "POLYGON ((0 0, 10 0, 10 10, 0 0), (5 1, 9 1, 9 5, 5 1))");
        assertSameGeometry(GeoJsonReader.readWkt("MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))"),
            "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))");
        assertSameGeometry(GeoJsonReader.readWkt("GEOMETRYCOLLECTION (POLYGON ((0 0, 2 0, 2 2, 0 2, 0 0)),"
                + " GEOMETRYCOLLECTION (POLYGON ((1 1, 3 1, 3 3, 1 3, 1 1))))"),
            "GEOMETRYCOLLECTION (POLYGON ((0 0, 2 0, 2 2, 0 2, 0 0)), POLYGON ((1 1, 3 1, 3 3, 1 3, 1 1)))");
        assertSameGeometry(GeoJsonReader.readWkt("GEOMETRYCOLLECTION (POLYGON ((0 0, 2 0, 2 2, 0 0)))"),
            "POLYGON ((0 0, 2 0, 2 2, 0 0))");
        assertThat(GeoJsonReader.readWkt("POLYGON ((0 0, 1 0, 1 1, 0 0))").getSRID()).isEqualTo(4326);
    }

    static Stream<Arguments> invalidWkt() {
        return Stream.of(
            Arguments.of("POINT (1 2)", "type Point is not an area: " + ALLOWED_GEOMETRY),
            Arguments.of("GEOMETRYCOLLECTION (POLYGON ((0 0, 1 0, 1 1, 0 0)), LINESTRING (0 0, 1 1))",
                "type LineString is not an area: " + ALLOWED_GEOMETRY),
            Arguments.of("POLYGON ((0 0, 2 2, 2 0, 0 2, 0 0))", "area is not a valid polygon: Self-intersection at 1 1"),
            Arguments.of("MULTIPOLYGON (((0 0, 2 0, 2 2, 0 2, 0 0)), ((1 1, 3 1, 3 3, 1 3, 1 1)))",
                "area is not a valid polygon: Self-intersection at 2 1"),
            Arguments.of("POLYGON ((170 0, 190 0, 190 1, 170 0))", "lon 190 is out of range, allowed -180..180"),
            Arguments.of("POLYGON ((0 0, 1 0, 1 -91, 0 0))", "lat -91 is out of range, allowed -90..90"),
            Arguments.of("POLYGON EMPTY", "area is empty: give at least one polygon with at least 4 positions"),
            Arguments.of("GEOMETRYCOLLECTION EMPTY", "area is empty: give at least one polygon with at least 4 positions"),
            Arguments.of("MULTIPOLYGON (EMPTY, ((0 0, 1 0, 1 1, 0 0)))", "area is empty: give at least one polygon with at least 4 positions"),
            Arguments.of("POLYGON ((0 0, 1 0, 1 x, 0 0))",
                "wkt 'POLYGON ((0 0, 1 0, 1 x, 0 0))' is not valid WKT: Invalid number: x (line 1)"),
            Arguments.of("POLYGON ((0 0, 1 0, 1 1, 0 1))",
                "wkt 'POLYGON ((0 0, 1 0, 1 1, 0 1))' is not valid WKT: Points of LinearRing do not form a closed linestring"),
            Arguments.of("POLYGON ((0 0, 1 0, 1 1, 0 0)) junk",
                "wkt junk is not valid WKT: unexpected text after the end of the geometry"),
            Arguments.of("POLYGON ((0 0, 1 0, 1 1, 0 0)))",
                "wkt ) is not valid WKT: unexpected text after the end of the geometry"));
    }

    @ParameterizedTest
    @MethodSource("invalidWkt")
    void shouldRejectInvalidWkt(String wkt, String message) {
        assertThatThrownBy(() -> GeoJsonReader.readWkt(wkt))
            .isInstanceOf(InvalidInputException.class)
            .hasMessage(message);
    }

    @Test
    void shouldValidateGeometryGivenDirectly() {
        GeometryFactory factory = new GeometryFactory();
        Geometry overlapping = wkt("GEOMETRYCOLLECTION (POLYGON ((0 0, 2 0, 2 2, 0 2, 0 0)), POLYGON ((1 1, 3 1, 3 3, 1 3, 1 1)))");

        assertThatCode(() -> GeoJsonReader.validateArea(overlapping)).doesNotThrowAnyException();

        assertThatThrownBy(() -> GeoJsonReader.validateArea(wkt("MULTILINESTRING ((0 0, 1 1))")))
            .isInstanceOf(InvalidInputException.class)
            .hasMessage("type MultiLineString is not an area: " + ALLOWED_GEOMETRY);
        assertThatThrownBy(() -> GeoJsonReader.validateArea(factory.createPolygon()))
            .isInstanceOf(InvalidInputException.class)
            .hasMessage("area is empty: give at least one polygon with at least 4 positions");
        assertThatThrownBy(() -> GeoJsonReader.validateArea(wkt("POLYGON ((0 0, 1 0, 1 NaN, 0 0))")))
            .isInstanceOf(InvalidInputException.class)
            .hasMessage("lat NaN is out of range, allowed -90..90");
    }
}
