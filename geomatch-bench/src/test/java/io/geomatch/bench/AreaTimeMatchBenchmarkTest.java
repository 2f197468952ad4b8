package io.geomatch.bench;

import io.geomatch.world.QueryWorkload;
import io.geomatch.world.WorldOracle;
import io.geomatch.world.CameraWorld;
import io.geomatch.bench.engine.H3Covering;
import io.geomatch.bench.engine.MatchEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Checks that {@link AreaTimeMatchBenchmark} measures the right thing for every engine: on a
 * small data set with the benchmark's own seeds, setup and query pool, the count the benchmark
 * method returns for each of the first queries of the pool equals the count of
 * {@link WorldOracle#ids} (the core's {@code BruteForce}), with the query prepared in setup and with it prepared in the
 * operation; and, for the engines that take H3 cells, the same with each area given as its res-10
 * covering ({@code areaKind=h3}), against {@link WorldOracle#cellIds}.
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
        Stream<Arguments> polygons = MatchEngine.NAMES.stream()
            .flatMap(name -> Stream.of(Arguments.of(name, "polygon", false), Arguments.of(name, "polygon", true)));
        Stream<Arguments> cells = MatchEngine.CELL_NAMES.stream()
            .flatMap(name -> Stream.of(Arguments.of(name, "h3", false), Arguments.of(name, "h3", true)));
        return Stream.concat(polygons, cells);
    }

    @ParameterizedTest(name = "{0} areaKind={1} prepareInOp={2}")
    @MethodSource("enginesAndModes")
    void shouldReturnTheOracleCountForTheFirstQueriesOfThePool(String engine, String areaKind, boolean prepareInOp) {
        AreaTimeMatchBenchmark bench = new AreaTimeMatchBenchmark();
        bench.engine = engine;
        bench.areaKind = areaKind;
        bench.matchMode = "position";
        bench.cameras = CAMERAS;
        bench.areaSquareMiles = AREA_SQUARE_MILES;
        bench.windowHours = 12;
        bench.prepareInOp = prepareInOp;
        bench.setup();
        try {
            AreaTimeMatchBenchmark.Cursor cursor = new AreaTimeMatchBenchmark.Cursor();
            List<String> disagreements = new ArrayList<>();
            long total = 0;
            boolean byCells = "h3".equals(areaKind);
            for (int q = 0; q < CHECKED; q++) {
                int count = bench.match(cursor);
                total += count;
                int want = byCells ? WorldOracle.cellIds(data, bench.cells[q], queries[q].fromMillis(), queries[q].toMillis(),
                    data.nowMillis(), GeoIndexQueryBenchmark.BUCKET_MILLIS).length : expected[q];
                if (byCells) {
                    // The area is the shape's res-10 covering: the cells whose centre the shape holds.
                    assertThat(bench.cells[q]).isEqualTo(H3Covering.cells(queries[q].polygon(), 10));
                }
                if (count != want) {
                    disagreements.add(String.format("engine=%s areaKind=%s prepareInOp=%s dataSeed=%d querySeed=%d cameras=%d query=%d"
                            + " polygon=%s from=%d to=%d now=%d count=%d oracle=%d", engine, areaKind, prepareInOp,
                        GeoIndexQueryBenchmark.DATA_SEED, GeoIndexQueryBenchmark.QUERY_SEED, CAMERAS, q, queries[q].polygon(),
                        queries[q].fromMillis(), queries[q].toMillis(), data.nowMillis(), count, want));
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

    @Test
    void shouldRefuseH3AreasForEnginesWithoutCellsBeforeBuildingThem() {
        for (String engine : new String[] {MatchEngine.JTS_STRTREE, MatchEngine.LUCENE}) {
            AreaTimeMatchBenchmark bench = new AreaTimeMatchBenchmark();
            bench.engine = engine;
            bench.cameras = CAMERAS;
            bench.areaKind = "h3";
            bench.matchMode = "position";
            assertThatThrownBy(bench::setup)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("areaKind=h3 is not allowed for engine=" + engine + ": only geomatch, h3-roaring, scan take H3 cells");
            assertThat(bench.matchEngine).as("nothing was built").isNull();
        }
        AreaTimeMatchBenchmark bench = new AreaTimeMatchBenchmark();
        bench.engine = MatchEngine.GEOMATCH;
        bench.areaKind = "hexagons";
        bench.matchMode = "position";
        assertThatThrownBy(bench::setup).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("areaKind=hexagons is not allowed, allowed polygon or h3");
        bench.areaKind = "h3";
        bench.matchMode = "view";
        assertThatThrownBy(bench::setup).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("areaKind=h3 is not allowed with matchMode=view: H3 cells match by position only");
    }
}
