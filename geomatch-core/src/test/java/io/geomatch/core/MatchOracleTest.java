package io.geomatch.core;

import io.geomatch.core.testing.BruteForce;
import io.geomatch.core.testing.Dataset;
import io.geomatch.core.testing.OracleCases;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every implementation of the query ({@link Implementations}: a built index, a reopened snapshot,
 * a live index with an overlay of changes and a store recovered from a crash image) against
 * {@link BruteForce}, on the same seeded cases ({@link OracleCases}: polygons (convex, concave,
 * holes, multi, overlapping collections, many-vertex), circles (one exactly through a camera) and
 * H3 cell sets; cameras exactly on vertices and edges and a hair off them, and stacked on one
 * point; windows and footage on bucket edges; retention cut-offs; opted-out and e2ee cameras).
 * Every failure names the seed, the implementation and the query, to replay.
 */
class MatchOracleTest {
    @TempDir
    Path tmp;

    static Stream<Arguments> runs() {
        List<Arguments> args = new ArrayList<>();
        long[] buckets = {1, 1_000, 60_000, 900_000};
        for (long seed = 1; seed <= 6; seed++) {
            for (Implementations.Implementation implementation : Implementations.Implementation.values()) {
                args.add(Arguments.of(seed, buckets[(int) (seed % buckets.length)], implementation));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "seed={0} bucketMillis={1} {2}")
    @MethodSource("runs")
    void shouldMatchBruteForceForEveryAreaKind(long seed, long bucketMillis, Implementations.Implementation implementation) throws IOException {
        OracleCases.Case oracleCase = OracleCases.build(seed, bucketMillis);
        Dataset data = oracleCase.data();
        try (Implementations.Closer closer = new Implementations.Closer()) {
            Implementations.Queryable index = Implementations.open(implementation, data, bucketMillis, tmp, closer);
            long matched = 0;
            for (OracleCases.Check check : oracleCase.checks()) {
                boolean[] inside = BruteForce.inside(data, check.region());
                for (long[] w : oracleCase.windows()) {
                    long[] expected = BruteForce.match(data, bucketMillis, inside, w[0], w[1], w[2]);
                    matched += expected.length;
                    String where = String.format("seed=%d bucketMillis=%d %s %s from=%d to=%d now=%d", seed, bucketMillis, implementation,
                        check.label(), w[0], w[1], w[2]);
                    assertThat(index.ids(check.area(), w[0], w[1], w[2], MatchMode.POSITION)).as(where).containsExactly(expected);
                    assertThat(index.count(check.area(), w[0], w[1], w[2], MatchMode.POSITION)).as(where).isEqualTo(expected.length);
                }
            }
            assertThat(matched).as("seed=%d: the workload must produce matches to compare", seed).isGreaterThan(500);
        }
    }
}
