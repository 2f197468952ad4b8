package io.geomatch.world;

import io.geomatch.core.Area;
import io.geomatch.core.GeoIndex;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.valid.IsValidOp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The workload's polygons, placements and windows are what its javadoc promises. */
class QueryWorkloadTest {
    private static final long WORLD_SEED = 11L;
    private static final long QUERY_SEED = 12L;
    private static final long WINDOW_MILLIS = 12 * 3_600_000L;
    private static final GeometryFactory FACTORY = new GeometryFactory();
    private static CameraWorld world;
    private static QueryWorkload.Query[] queries;

    @BeforeAll
    static void generate() {
        world = CameraWorld.generate(30_000, 3, CameraWorld.DEFAULT_NOW_MILLIS, WORLD_SEED);
        queries = QueryWorkload.generate(world, 320, 0.5, WINDOW_MILLIS, QUERY_SEED);
    }

    @Test
    void shouldCycleThroughTheShapesAndMarkEverySixteenthQueryEmpty() {
        assertThat(queries).hasSize(320);
        for (int i = 0; i < queries.length; i++) {
            assertThat(queries[i].shape()).isEqualTo(QueryWorkload.Shape.values()[i % 5]);
            assertThat(queries[i].empty()).isEqualTo(i % 16 == 15);
        }
    }

    @Test
    void shouldMakeValidPolygonsOfTheRequestedArea() {
        for (QueryWorkload.Query q : queries) {
            Polygon polygon = q.polygon();
            assertThat(new IsValidOp(polygon).isValid()).as("%s", q).isTrue();
            double centreLat = polygon.getEnvelopeInternal().centre().y;
            assertThat(QueryWorkload.equirectangularSquareMiles(polygon, centreLat)).as("%s", q).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.005));
            assertThat(polygon.getNumInteriorRing()).isEqualTo(q.shape() == QueryWorkload.Shape.WITH_HOLE ? 1 : 0);
        }
    }

    @Test
    void shouldGiveEachShapeItsOutline() {
        QueryWorkload.Query square = queries[0];
        assertThat(square.polygon().getNumPoints()).isEqualTo(5);
        assertThat(square.polygon().isRectangle()).isTrue();
        assertThat(queries[1].polygon().getNumPoints()).isEqualTo(33);
        assertThat(queries[2].polygon().getNumPoints()).isEqualTo(7);
        // The strip is 20 times as long as it is wide, measured in local metres.
        Coordinate[] strip = queries[3].polygon().getCoordinates();
        assertThat(strip).hasSize(5);
        double lat = queries[3].polygon().getEnvelopeInternal().centre().y;
        double side1 = meters(strip[0], strip[1], lat);
        double side2 = meters(strip[1], strip[2], lat);
        assertThat(Math.max(side1, side2) / Math.min(side1, side2)).isCloseTo(20.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(queries[4].polygon().getNumPoints()).isEqualTo(10);
    }

    @Test
    void shouldCentreNonEmptyQueriesOnCamerasAndEmptyOnesWhereThereAreNone() {
        int nonEmptyWithCameras = 0;
        int nonEmpty = 0;
        for (QueryWorkload.Query q : queries) {
            int covered = coveredCameras(q.polygon());
            if (q.empty()) {
                assertThat(covered).as("%s", q).isZero();
            } else if (q.shape() != QueryWorkload.Shape.WITH_HOLE) {
                // The centre camera is inside (or, for the L, on the reflex vertex).
                assertThat(covered).as("%s", q).isPositive();
            }
            if (!q.empty()) {
                nonEmpty++;
                nonEmptyWithCameras += covered > 0 ? 1 : 0;
            }
        }
        // Most of the holed ones too, the world being dense where cameras are.
        assertThat(nonEmptyWithCameras).isGreaterThan(nonEmpty * 3 / 4);
    }

    @Test
    void shouldPlaceWindowsOfTheRequestedLengthInsideTheHistory() {
        long earliestTo = Long.MAX_VALUE;
        long latestTo = Long.MIN_VALUE;
        for (QueryWorkload.Query q : queries) {
            assertThat(q.toMillis() - q.fromMillis()).isEqualTo(WINDOW_MILLIS);
            assertThat(q.fromMillis()).isGreaterThanOrEqualTo(world.historyStartMillis());
            assertThat(q.toMillis()).isLessThanOrEqualTo(world.nowMillis());
            earliestTo = Math.min(earliestTo, q.toMillis());
            latestTo = Math.max(latestTo, q.toMillis());
        }
        // Spread over the 2.5 days of possible ends.
        assertThat(latestTo - earliestTo).isGreaterThan(2 * 86_400_000L);
        QueryWorkload.Query[] whole = QueryWorkload.generate(world, 3, 0.5, 3 * 86_400_000L, 1L);
        assertThat(whole[0].fromMillis()).isEqualTo(world.historyStartMillis());
        assertThat(whole[0].toMillis()).isEqualTo(world.nowMillis());
    }

    @Test
    void shouldMakeTheSameQueriesFromTheSameSeed() {
        QueryWorkload.Query[] again = QueryWorkload.generate(world, 320, 0.5, WINDOW_MILLIS, QUERY_SEED);
        for (int i = 0; i < queries.length; i++) {
            assertThat(again[i].polygon().equalsExact(queries[i].polygon())).isTrue();
            assertThat(again[i].fromMillis()).isEqualTo(queries[i].fromMillis());
            assertThat(again[i]).isEqualTo(new QueryWorkload.Query(queries[i].shape(), queries[i].empty(), again[i].polygon(),
                queries[i].fromMillis(), queries[i].toMillis()));
        }
        QueryWorkload.Query[] other = QueryWorkload.generate(world, 320, 0.5, WINDOW_MILLIS, QUERY_SEED + 1);
        assertThat(other[0].polygon().equalsExact(queries[0].polygon())).isFalse();
    }

    @Test
    void shouldScaleToOtherAreas() {
        for (double areaSquareMiles : new double[] {0.025, 3.0, 1000.0}) {
            QueryWorkload.Query[] big = QueryWorkload.generate(world, 32, areaSquareMiles, 60_000L, 3L);
            for (QueryWorkload.Query q : big) {
                double lat = q.polygon().getEnvelopeInternal().centre().y;
                assertThat(QueryWorkload.equirectangularSquareMiles(q.polygon(), lat) / areaSquareMiles).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01));
                if (q.empty()) {
                    assertThat(coveredCameras(q.polygon())).isZero();
                }
            }
        }
    }

    @Test
    void shouldRejectOutOfRangeArguments() {
        assertThatThrownBy(() -> QueryWorkload.generate(world, 0, 0.5, WINDOW_MILLIS, 1L))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("count=0 is out of range, allowed 1..16777216");
        assertThatThrownBy(() -> QueryWorkload.generate(world, 1, 0.0, WINDOW_MILLIS, 1L))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("areaSquareMiles=0.0 is out of range, allowed (0, 1000.0]");
        assertThatThrownBy(() -> QueryWorkload.generate(world, 1, Double.NaN, WINDOW_MILLIS, 1L))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("areaSquareMiles=NaN is out of range, allowed (0, 1000.0]");
        assertThatThrownBy(() -> QueryWorkload.generate(world, 1, 0.5, 3 * 86_400_000L + 1, 1L))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("windowMillis=259200001 is out of range, allowed 1..259200000");
        assertThatThrownBy(() -> QueryWorkload.generate(world, 1, 0.5, 0L, 1L))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("windowMillis=0 is out of range, allowed 1..259200000");
    }

    @Test
    void shouldAgreeWithTheIndexOnTheWorkload() {
        // Not a test of the index (geomatch-core has its own), but of the pieces fitting: the
        // world builds, and the oracle and the index read the same data the same way.
        List<String> disagreements = new ArrayList<>();
        try (GeoIndex index = world.buildIndex(60_000L)) {
            assertThat(index.cameraCount()).isEqualTo(world.cameraCount());
            long matched = 0;
            // 3 mi2 rather than 0.5 so that this small world gives each query a few matches.
            QueryWorkload.Query[] larger = QueryWorkload.generate(world, 160, 3.0, WINDOW_MILLIS, QUERY_SEED);
            for (int i = 0; i < larger.length; i++) {
                QueryWorkload.Query q = larger[i];
                long[] expected = WorldOracle.ids(world, q.polygon(), q.fromMillis(), q.toMillis(), world.nowMillis(), 60_000L);
                long[] actual = index.matchIds(Area.polygon(q.polygon()), q.fromMillis(), q.toMillis(), world.nowMillis());
                if (!Arrays.equals(actual, expected)) {
                    disagreements.add("worldSeed=" + WORLD_SEED + " querySeed=" + QUERY_SEED + " query=" + i + " " + q
                        + " expected=" + Arrays.toString(expected) + " actual=" + Arrays.toString(actual));
                }
                matched += expected.length;
            }
            assertThat(matched).isGreaterThan(2 * larger.length);
        }
        assertThat(disagreements).isEmpty();
    }

    private static double meters(Coordinate a, Coordinate b, double latDegrees) {
        double dx = (b.x - a.x) * CameraWorld.METERS_PER_DEGREE * Math.cos(Math.toRadians(latDegrees));
        double dy = (b.y - a.y) * CameraWorld.METERS_PER_DEGREE;
        return Math.hypot(dx, dy);
    }

    private static int coveredCameras(Polygon polygon) {
        Envelope envelope = polygon.getEnvelopeInternal();
        int covered = 0;
        for (int i = 0; i < world.cameraCount(); i++) {
            double lat = world.latDegrees()[i];
            double lon = world.lonDegrees()[i];
            if (envelope.covers(lon, lat) && polygon.covers(FACTORY.createPoint(new Coordinate(lon, lat)))) {
                covered++;
            }
        }
        return covered;
    }
}
