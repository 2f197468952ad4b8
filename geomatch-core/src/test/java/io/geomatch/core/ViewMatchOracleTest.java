package io.geomatch.core;

import io.geomatch.core.testing.BruteForce;
import io.geomatch.core.testing.Dataset;
import io.geomatch.core.testing.ViewOracleCases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.geomatch.core.testing.ViewOracleCases.withoutAmbiguous;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * View matching against {@link BruteForce#viewInside}, the contract written out with JTS, on every
 * implementation ({@link Implementations}), on the {@link ViewOracleCases} in four places:
 * Chicago, beside the antimeridian, and at 80 degrees north and south (squares with holes,
 * triangles, random viewers and probes that reach 2 mm past an edge, stop 2 mm short or touch it,
 * in each camera's own ground frame; footage and windows on bucket edges). A camera whose answer changes when its range
 * moves by 1 mm or its wedge's angles by 1e-9 rad may answer either way, as the contract allows;
 * such cameras are counted and must be rare.
 */
class ViewMatchOracleTest {
    private static final GeometryFactory GF = new GeometryFactory();
    private static final long BASE_MILLIS = ViewOracleCases.BASE_MILLIS;
    private static final double M = Math.PI / 180 * 6_371_008.8;

    @TempDir
    Path tmp;

    static Stream<Arguments> runs() {
        List<Arguments> args = new ArrayList<>();
        long[] buckets = {1, 60_000, 900_000};
        for (long seed = 1; seed <= 3; seed++) {
            for (Implementations.Implementation implementation : Implementations.Implementation.values()) {
                args.add(Arguments.of(seed, buckets[(int) (seed % buckets.length)], implementation));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "seed={0} bucketMillis={1} {2}")
    @MethodSource("runs")
    void shouldMatchBruteForceByView(long seed, long bucketMillis, Implementations.Implementation implementation) throws IOException {
        ViewOracleCases.Case viewCase = ViewOracleCases.build(seed, bucketMillis);
        Dataset data = viewCase.data();
        List<Geometry> areas = viewCase.areas();
        List<Integer> tangent = viewCase.tangent();
        List<Integer> nearTangent = viewCase.nearTangent();

        int compared = 0;
        int viewOnly = 0;
        boolean[] everAmbiguous = new boolean[data.cameraCount()];
        try (Implementations.Closer closer = new Implementations.Closer()) {
            Implementations.Queryable index = Implementations.open(implementation, data, bucketMillis, tmp, closer);
            for (Geometry g : areas) {
                Area area = Area.polygon(g);
                boolean[] ambiguous = new boolean[data.cameraCount()];
                boolean[] inside = BruteForce.viewInside(data, g, ambiguous);
                boolean[] atPosition = BruteForce.inside(data, BruteForce.polygons(g));
                for (int c = 0; c < inside.length; c++) {
                    everAmbiguous[c] |= ambiguous[c];
                }
                for (long[] w : viewCase.windows()) {
                    String where = String.format("seed=%d bucketMillis=%d %s %s from=%d to=%d now=%d", seed, bucketMillis, implementation,
                        g, w[0], w[1], w[2]);
                    long[] expected = withoutAmbiguous(BruteForce.match(data, bucketMillis, inside, w[0], w[1], w[2]), data, ambiguous);
                    long[] actual = withoutAmbiguous(index.ids(area, w[0], w[1], w[2], MatchMode.VIEW), data, ambiguous);
                    assertThat(actual).as(where).containsExactly(expected);
                    long[] byPosition = BruteForce.match(data, bucketMillis, atPosition, w[0], w[1], w[2]);
                    assertThat(index.ids(area, w[0], w[1], w[2], MatchMode.POSITION)).as(where).containsExactly(byPosition);
                    compared += expected.length;
                    viewOnly += expected.length - byPosition.length;
                }
            }
        }
        assertThat(compared).as("matches compared").isGreaterThan(300);
        assertThat(viewOnly).as("matches that only a view explains").isGreaterThan(100);
        // Ambiguity is rare but where a probe touches an area: among the other cameras, a few in a thousand at most.
        int views = 0;
        int ambiguousElsewhere = 0;
        for (int c = 0; c < data.cameraCount(); c++) {
            views += data.hasView(c) ? 1 : 0;
            ambiguousElsewhere += everAmbiguous[c] && !tangent.contains(c) ? 1 : 0;
        }
        long nearAmbiguous = nearTangent.stream().filter(c -> everAmbiguous[c]).count();
        assertThat(ambiguousElsewhere).as("cameras with a view (%d) that are ambiguous without touching an area", views)
            .isLessThanOrEqualTo(views / 200);
        assertThat(nearAmbiguous).as("probes 2 mm from touching (%d) that are ambiguous", nearTangent.size())
            .isLessThanOrEqualTo(nearTangent.size() / 50);
        assertThat(tangent.stream().filter(c -> everAmbiguous[c]).count()).as("tangent probes (%d) that are ambiguous", tangent.size())
            .isPositive();
    }

    @Test
    void shouldRefuseCirclesAndCellsByView() {
        GeoIndex index = GeoIndex.builder(60_000).addCamera(Camera.at(1, 0, 0).view(0, 90, 10)).build();
        assertThatThrownBy(() -> index.matchIds(Area.circle(0, 0, 100), 0, 1, 1, MatchMode.VIEW))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageStartingWith("mode VIEW needs a polygon area, not circle 0.0,0.0 r=100.0m");
        assertThatThrownBy(() -> index.matchIds(Area.h3Cells(0x8928308280fffffL), 0, 1, 1, MatchMode.VIEW))
            .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("mode VIEW needs a polygon area, not 1 H3 cells");
    }

    @Test
    void shouldSeeAcrossTheStreet() {
        // A house at the origin of a 20 m square; a doorbell 15 m east of its east wall facing west sees it,
        // one facing east does not, and one inside facing away still matches (it stands in the area).
        double lat = 41.875;
        double lon = -87.75;
        double kx = M * Math.cos(Math.toRadians(lat));
        Polygon house = GF.createPolygon(new Coordinate[] {new Coordinate(lon, lat), new Coordinate(lon + 20 / kx, lat),
            new Coordinate(lon + 20 / kx, lat + 20 / M), new Coordinate(lon, lat + 20 / M), new Coordinate(lon, lat)});
        long t = BASE_MILLIS;
        GeoIndex index = GeoIndex.builder(60_000)
            .addCamera(Camera.at(1, lat + 10 / M, lon + 35 / kx).view(270, 120, 25))
            .addCamera(Camera.at(2, lat + 10 / M, lon + 35 / kx).view(90, 120, 25))
            .addCamera(Camera.at(3, lat + 10 / M, lon + 10 / kx).view(0, 10, 1))
            .addCamera(Camera.at(4, lat + 10 / M, lon + 35 / kx))
            .addFootage(1, t, t + 1).addFootage(2, t, t + 1).addFootage(3, t, t + 1).addFootage(4, t, t + 1)
            .build();
        Area area = Area.polygon(house);
        assertThat(index.matchIds(area, t, t + 1, t, MatchMode.VIEW)).containsExactly(1L, 3L);
        assertThat(index.matchIds(area, t, t + 1, t)).containsExactly(3L);
    }

}
