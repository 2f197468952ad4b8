package io.geomatch.bench;

import io.geomatch.world.QueryWorkload;
import io.geomatch.world.WorldOracle;
import io.geomatch.world.CameraWorld;
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
 * {@link WorldOracle#ids} (the core's {@code BruteForce}), with the query prepared in setup and with it prepared in the
 * operation.
 */
class AreaTimeMatchBenchmarkTest {
    private static final int CAMERAS = 50_000;
    /** Large enough that the sparse parts of the world still put cameras in most areas. */
    private static final double AREA_SQUARE_MILES = 4;
    /** Queries of the pool checked per engine. */
    private static final int CHECKED = 96;
    private static CameraWorld data;
    private static QueryWorkload.Query[] queries;
    private static int[] expected;

    @BeforeAll
    static void oracle() {
        data = CameraWorld.generate(CAMERAS, GeoIndexQueryBenchmark.HISTORY_DAYS, CameraWorld.DEFAULT_NOW_MILLIS,
            GeoIndexQueryBenchmark.DATA_SEED);
        queries = QueryWorkload.generate(data, GeoIndexQueryBenchmark.POOL_SIZE, AREA_SQUARE_MILES, 12 * 3_600_000L,
            GeoIndexQueryBenchmark.QUERY_SEED);
        expected = new int[CHECKED];
        for (int q = 0; q < CHECKED; q++) {
            expected[q] = WorldOracle.ids(data, queries[q].polygon(), queries[q].fromMillis(), queries[q].toMillis(),
                data.nowMillis(), GeoIndexQueryBenchmark.BUCKET_MILLIS).length;
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
        bench.areaSquareMiles = AREA_SQUARE_MILES;
        bench.windowHours = 12;
        bench.prepareInOp = prepareInOp;
        bench.matchMode = "position";
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
                            + " polygon=%s from=%d to=%d now=%d count=%d oracle=%d", engine, prepareInOp,
                        GeoIndexQueryBenchmark.DATA_SEED, GeoIndexQueryBenchmark.QUERY_SEED, CAMERAS, q, queries[q].polygon(),
                        queries[q].fromMillis(), queries[q].toMillis(), data.nowMillis(), count, expected[q]));
                }
            }
            assertThat(disagreements).isEmpty();
            // The pool's queries are the benchmark's: same seeds, same squares.
            assertThat(bench.queries[0].polygon().equalsExact(queries[0].polygon())).isTrue();
            assertThat(total).isGreaterThan(CHECKED);
        } finally {
            bench.tearDown();
        }
    }
}
