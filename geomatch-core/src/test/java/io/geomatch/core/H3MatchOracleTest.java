package io.geomatch.core;

import io.geomatch.core.testing.BruteForce;
import io.geomatch.core.testing.Dataset;
import io.geomatch.core.testing.H3Cases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * H3 cell areas through every implementation of the query ({@link Implementations}: a built
 * index, a reopened snapshot, a live index with an overlay of changes, a store recovered from a
 * crash image) against {@link BruteForce}, whose H3 rule is h3-java's {@code latLngToCell}
 * itself. Cameras stand exactly on, and a hair either side of, the vertices and edges of the
 * cells (of every resolution 0 to 15, at a pentagon, across the antimeridian, at both poles, at
 * an icosahedron face centre, in sets with holes and of mixed resolutions, from
 * {@link H3Cases}), so the index's whole-cell decisions, its point tests and the ones left to
 * h3-java are all exercised. Every failure names the seed, the implementation and the set.
 */
class H3MatchOracleTest {
    private static final long BASE_MILLIS = 1_762_000_000_000L;
    private static final long DAY = 86_400_000L;

    @TempDir
    Path tmp;

    static Stream<Arguments> runs() {
        List<Arguments> args = new ArrayList<>();
        for (long seed = 1; seed <= 2; seed++) {
            for (Implementations.Implementation implementation : Implementations.Implementation.values()) {
                args.add(Arguments.of(seed, implementation));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "seed={0} {1}")
    @MethodSource("runs")
    void shouldMatchLatLngToCellThroughEveryImplementation(long seed, Implementations.Implementation implementation) throws IOException {
        Fixture f = fixture(seed);
        try (Implementations.Closer closer = new Implementations.Closer()) {
            Implementations.Queryable index = Implementations.open(implementation, f.data, f.bucketMillis, tmp, closer);
            long matched = 0;
            for (int s = 0; s < f.sets.size(); s++) {
                H3Cases.CellSet set = f.sets.get(s);
                Area area = Area.h3Cells(set.cells());
                for (long[] w : f.windows) {
                    long[] expected = BruteForce.match(f.data, f.bucketMillis, f.inside.get(s), w[0], w[1], w[2]);
                    matched += expected.length;
                    String where = String.format("seed=%d bucketMillis=%d %s %s from=%d to=%d now=%d", seed, f.bucketMillis, implementation, set,
                        w[0], w[1], w[2]);
                    assertThat(index.ids(area, w[0], w[1], w[2], MatchMode.POSITION)).as(where).containsExactly(expected);
                    assertThat(index.count(area, w[0], w[1], w[2], MatchMode.POSITION)).as(where).isEqualTo(expected.length);
                }
            }
            assertThat(matched).as("seed=%d: the probes must produce matches to compare", seed).isGreaterThan(1000);
        }
    }

    /** A seed's cameras, cell sets, windows and the oracle's verdict per set and camera, made once for every implementation. */
    private record Fixture(Dataset data, long bucketMillis, List<H3Cases.CellSet> sets, List<boolean[]> inside, long[][] windows) {
    }

    private static final Map<Long, Fixture> FIXTURES = new HashMap<>();

    private static synchronized Fixture fixture(long seed) {
        return FIXTURES.computeIfAbsent(seed, H3MatchOracleTest::makeFixture);
    }

    private static Fixture makeFixture(long seed) {
        SplittableRandom random = new SplittableRandom(seed * 104_729);
        long bucketMillis = seed == 1 ? 60_000 : 1;
        long[] aligned = {bucketMillis, 60_000};
        Dataset data = new Dataset(seed, BASE_MILLIS);
        List<H3Cases.CellSet> sets = new ArrayList<>();
        for (int res = 0; res <= 15; res++) {
            // Two of the places per resolution, others each time, and one kind of set at each.
            List<Object[]> places = H3Cases.places(res, random);
            for (int k = 0; k < 2; k++) {
                Object[] place = places.get((res * 3 + k * 5 + (int) seed) % places.size());
                List<H3Cases.CellSet> kinds = H3Cases.sets((String) place[0], (double) place[1], (double) place[2], res, random);
                H3Cases.CellSet set = kinds.get((res + k + (int) seed) % kinds.size());
                sets.add(set);
                // Probe a few cells of each set: its first, middle and last.
                long[] cells = set.cells();
                long[] probed = cells.length <= 3 ? cells : new long[] {cells[0], cells[cells.length / 2], cells[cells.length - 1]};
                H3Cases.probes(probed, false, random, (lat, lon) -> data.addCamera(lat, lon, aligned));
            }
        }
        // Background: cameras spread over the world, and a stack of them on one vertex.
        for (int i = 0; i < 2000; i++) {
            data.addCamera(Math.toDegrees(Math.asin(2 * random.nextDouble() - 1)), 360 * random.nextDouble() - 180, aligned);
        }
        com.uber.h3core.util.LatLng vertex = BruteForce.h3().cellToBoundary(sets.get(20).cells()[0]).get(0);
        for (int i = 0; i < 40; i++) {
            data.addCamera(vertex.lat, vertex.lng, aligned);
        }
        List<boolean[]> inside = new ArrayList<>();
        for (H3Cases.CellSet set : sets) {
            inside.add(BruteForce.inside(data, BruteForce.cells(set.cells())));
        }
        long now = BASE_MILLIS + DAY;
        long[][] windows = {
            {BASE_MILLIS - 5 * DAY, now, now},
            {BASE_MILLIS - 2 * DAY + 7 * bucketMillis, BASE_MILLIS - DAY / 2, now + DAY},
        };
        return new Fixture(data, bucketMillis, sets, inside, windows);
    }
}
