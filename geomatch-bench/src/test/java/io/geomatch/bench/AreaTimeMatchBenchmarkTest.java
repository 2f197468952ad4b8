package io.geomatch.bench;

import io.geomatch.bench.engine.MatchEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that {@link AreaTimeMatchBenchmark} measures the right thing for every engine: on a
 * small data set with the benchmark's own seeds, setup and query pool, the count the benchmark
 * method returns for each of the first queries of the pool equals the count of
 * {@link BruteForceOracle}, with the query prepared in setup and with it prepared in the
 * operation.
 */
class AreaTimeMatchBenchmarkTest {
    private static final int CAMERAS = 20_000;
    /** Queries of the pool checked per engine. */
    private static final int CHECKED = 96;
    private static SyntheticCameras data;
    private static SyntheticCameras.Query[] queries;
    private static int[] expected;

    @BeforeAll
    static void oracle() {
        data = SyntheticCameras.generate(CAMERAS, GeoIndexQueryBenchmark.HISTORY_DAYS, GeoIndexQueryBenchmark.DATA_SEED);
        queries = data.queries(GeoIndexQueryBenchmark.POOL_SIZE, 0.5, 12 * 3_600_000L, GeoIndexQueryBenchmark.QUERY_SEED);
        expected = new int[CHECKED];
        for (int q = 0; q < CHECKED; q++) {
            expected[q] = BruteForceOracle.matchingIds(data, BruteForceOracle.covered(data, queries[q].square()),
                queries[q].fromMillis(), queries[q].toMillis(), data.nowMillis(), GeoIndexQueryBenchmark.BUCKET_MILLIS).length;
        }
    }

    static Stream<Arguments> enginesAndModes() {
        return MatchEngine.NAMES.stream().flatMap(name -> Stream.of(Arguments.of(name, false), Arguments.of(name, true)));
    }

    @ParameterizedTest(name = "{0} prepareInOp={1}")
    @MethodSource("enginesAndModes")
    void shouldReturnTheOracleCountForTheFirstQueriesOfThePool(String engine, boolean prepareInOp) {
        AreaTimeMatchBenchmark bench = new AreaTimeMatchBenchmark();
        bench.engine = engine;
        bench.cameras = CAMERAS;
        bench.areaSquareMiles = 0.5;
        bench.windowHours = 12;
        bench.prepareInOp = prepareInOp;
        bench.setup();
        try {
            AreaTimeMatchBenchmark.Cursor cursor = new AreaTimeMatchBenchmark.Cursor();
            List<String> disagreements = new ArrayList<>();
            long total = 0;
            for (int q = 0; q < CHECKED; q++) {
                int count = bench.match(cursor);
                total += count;
                if (count != expected[q]) {
                    disagreements.add(String.format("engine=%s prepareInOp=%s dataSeed=%d querySeed=%d cameras=%d query=%d"
                            + " square=%s from=%d to=%d now=%d count=%d oracle=%d", engine, prepareInOp,
                        GeoIndexQueryBenchmark.DATA_SEED, GeoIndexQueryBenchmark.QUERY_SEED, CAMERAS, q, queries[q].square(),
                        queries[q].fromMillis(), queries[q].toMillis(), data.nowMillis(), count, expected[q]));
                }
            }
            assertThat(disagreements).isEmpty();
            // The pool's queries are the benchmark's: same seeds, same squares.
            assertThat(bench.queries[0].square().equalsExact(queries[0].square())).isTrue();
            assertThat(total).isGreaterThan(CHECKED);
        } finally {
            bench.tearDown();
        }
    }
}
