package io.geomatch.examples.sim;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.operation.valid.IsValidOp;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shipped counties: complete, well known ones where they belong, and the index agrees with a scan. */
class CountiesTest {
    private static final GeometryFactory FACTORY = new GeometryFactory();

    @Test
    void shouldLoadEveryFeatureInTheResource() throws IOException {
        int features = countFeaturesByStreaming();
        Counties counties = Counties.load();

        assertThat(features).isEqualTo(3231);
        assertThat(counties.all()).hasSize(features);
        assertThat(counties.all()).extracting(County::fips).doesNotHaveDuplicates();
        assertThat(Counties.load()).isSameAs(counties);
    }

    @Test
    void shouldRepairOnlyWhenAreaIsKept() {
        Counties counties = Counties.load();
        long invalid = counties.all().stream().filter(c -> !new IsValidOp(c.geometry()).isValid()).count();
        assertThat(invalid).isEqualTo(counties.invalidKeptCount());
        // The numbers the Counties javadoc states for the shipped file.
        assertThat(counties.repairedCount()).isEqualTo(40);
        assertThat(counties.invalidKeptCount()).isZero();
    }

    @Test
    void shouldFindWellKnownCounties() {
        Counties counties = Counties.load();

        County cook = counties.byFips("17031").orElseThrow();
        assertThat(cook.name()).isEqualTo("Cook");
        assertThat(cook.state()).isEqualTo("Illinois");
        assertThat(cook.geometry().covers(point(41.8781, -87.6298))).isTrue();
        assertThat(counties.containing(41.8781, -87.6298)).contains(cook);

        County la = counties.byFips("06037").orElseThrow();
        assertThat(la.name()).isEqualTo("Los Angeles");
        assertThat(counties.containing(34.0522, -118.2437)).contains(la);

        assertThat(counties.byFips("99999")).isEmpty();
        assertThat(counties.containing(40.0, -40.0)).as("mid-Atlantic").isEmpty();
    }

    /**
     * 200 points: 120 uniform over the contiguous-US box (land and sea), 40 on a random county's
     * vertex (a border, where the tie-break matters) and 40 within about 2 km of one.
     */
    @Test
    void shouldAgreeWithBruteForceScanForRandomUsPoints() {
        Counties counties = Counties.load();
        long seed = 20_240_917L;
        SplittableRandom random = new SplittableRandom(seed);
        int found = 0;
        for (int i = 0; i < 200; i++) {
            double lat;
            double lon;
            if (i < 120) {
                lat = 24.5 + random.nextDouble() * (49.4 - 24.5);
                lon = -124.8 + random.nextDouble() * (-66.9 + 124.8);
            } else {
                County county = counties.all().get(random.nextInt(counties.all().size()));
                Coordinate[] vertices = county.geometry().getCoordinates();
                Coordinate vertex = vertices[random.nextInt(vertices.length)];
                double jitter = i < 160 ? 0 : 0.02;
                lat = vertex.y + (random.nextDouble() * 2 - 1) * jitter;
                lon = vertex.x + (random.nextDouble() * 2 - 1) * jitter;
            }
            Optional<County> expected = bruteForce(counties, lat, lon);
            assertThat(counties.containing(lat, lon)).as("seed %d point %d (%s, %s)", seed, i, lat, lon).isEqualTo(expected);
            if (expected.isPresent()) {
                found++;
            }
        }
        assertThat(found).as("points in some county").isGreaterThan(120);
    }

    @Test
    void shouldWriteGeoJsonThatReadsBackExactly() throws IOException {
        for (String fips : new String[] {"17031", "02016"}) {
            County county = Counties.load().byFips(fips).orElseThrow();
            var node = new ObjectMapper().readTree(county.geoJson());
            assertThat(node.get("type").asText()).isEqualTo(county.geometry().getGeometryType());
            Coordinate first = county.geometry().getCoordinates()[0];
            var position = node.get("type").asText().equals("Polygon") ? node.at("/coordinates/0/0") : node.at("/coordinates/0/0/0");
            assertThat(position.get(0).doubleValue()).isEqualTo(first.x);
            assertThat(position.get(1).doubleValue()).isEqualTo(first.y);
        }
    }

    @Test
    void shouldRefuseBadCoordinates() {
        Counties counties = Counties.load();
        assertThatThrownBy(() -> counties.containing(Double.NaN, 0))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("latDegrees NaN is out of range, allowed -90..90");
        assertThatThrownBy(() -> counties.containing(0, 181))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("lonDegrees 181.0 is out of range, allowed -180..180");
    }

    @Test
    void shouldExplainAMissingResource() {
        assertThatThrownBy(() -> Counties.read("no-such-counties.geojson.gz"))
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("resource io/geomatch/examples/sim/no-such-counties.geojson.gz is missing from the class path");
    }

    private static Optional<County> bruteForce(Counties counties, double lat, double lon) {
        Point p = point(lat, lon);
        for (County county : counties.all()) {
            if (county.geometry().covers(p)) {
                return Optional.of(county);
            }
        }
        return Optional.empty();
    }

    private static Point point(double lat, double lon) {
        return FACTORY.createPoint(new Coordinate(lon, lat));
    }

    /** Counts the elements of the top-level {@code features} array without building a tree. */
    private static int countFeaturesByStreaming() throws IOException {
        try (InputStream raw = CountiesTest.class.getResourceAsStream("us-counties.geojson.gz");
             JsonParser parser = new JsonFactory().createParser(new GZIPInputStream(raw))) {
            assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            int count = -1;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("features")) {
                    assertThat(value).isEqualTo(JsonToken.START_ARRAY);
                    count = 0;
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        parser.skipChildren();
                        count++;
                    }
                } else {
                    parser.skipChildren();
                }
            }
            return count;
        }
    }
}
