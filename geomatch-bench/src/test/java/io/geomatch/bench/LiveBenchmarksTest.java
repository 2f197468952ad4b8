package io.geomatch.bench;

import io.geomatch.core.Area;
import io.geomatch.world.CameraWorld;
import io.geomatch.world.QueryWorkload;
import io.geomatch.world.WorldOracle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks what the live benchmarks compute, on small worlds with their own seeds: the query
 * benchmark answers every query of its pool as the brute-force oracle does, also while its writer
 * streams footage in and merges replace the base; the ingestion benchmarks leave exactly the
 * streamed clips in the index.
 */
class LiveBenchmarksTest {
    private static final int CAMERAS = 20_000;
    private static final Area WORLD = Area.wkt("POLYGON ((-180 -90, 180 -90, 180 90, -180 90, -180 -90))");

    @ParameterizedTest
    @ValueSource(strings = {"sealed", "idle", "steady"})
    void shouldAnswerTheWholePoolExactly(String ingest) throws InterruptedException, IOException {
        LiveQueryBenchmark bench = new LiveQueryBenchmark();
        bench.cameras = CAMERAS;
        bench.ingest = ingest;
        bench.clipsPerSecond = 400_000;
        bench.mergeThreshold = 4096;
        bench.setup();
        try {
            CameraWorld world = CameraWorld.generate(CAMERAS, GeoIndexQueryBenchmark.HISTORY_DAYS, CameraWorld.DEFAULT_NOW_MILLIS,
                GeoIndexQueryBenchmark.DATA_SEED);
            long nonEmpty = 0;
            for (int round = 0; round < 2; round++) {
                for (int q = 0; q < GeoIndexQueryBenchmark.POOL_SIZE; q++) {
                    QueryWorkload.Query query = bench.queries[q];
                    long[] expected = WorldOracle.ids(world, query.polygon(), query.fromMillis(), query.toMillis(),
                        bench.nowMillis, GeoIndexQueryBenchmark.BUCKET_MILLIS);
                    assertThat(bench.match()).as("query " + q).isEqualTo(expected.length);
                    assertThat(bench.matches.ids()).as("query " + q).containsExactly(expected);
                    nonEmpty += expected.length > 0 ? 1 : 0;
                }
            }
            assertThat(nonEmpty).isGreaterThan(50);
            if (ingest.equals("steady")) {
                assertThat(bench.appended).as("the writer ran during the queries").isGreaterThan(4096);
            }
        } finally {
            bench.tearDown();
        }
    }

    @Test
    void shouldIngestExactlyTheStreamedClips() throws IOException {
        LiveIngestBenchmark bench = new LiveIngestBenchmark();
        bench.cameras = CAMERAS;
        bench.mergeThreshold = 1024;
        bench.setup();
        int clips = 10_000;
        for (int i = 0; i < clips; i++) {
            assertThat(bench.addFootage()).isEqualTo(i);
        }
        long now = CameraWorld.DEFAULT_NOW_MILLIS;
        long to = now + 3_600_000L + 61_000L;
        // The world's own history reaches the present too: expect its cameras in the window as well.
        Set<Long> expected = new HashSet<>();
        for (long id : CameraWorld.generate(CAMERAS, GeoIndexQueryBenchmark.HISTORY_DAYS, now, GeoIndexQueryBenchmark.DATA_SEED)
            .buildIndex(GeoIndexQueryBenchmark.BUCKET_MILLIS).matchIds(WORLD, now, to, now + 7_200_000L)) {
            expected.add(id);
        }
        for (long id : expectedCameras(bench.stream, clips, GeoIndexQueryBenchmark.HISTORY_DAYS)) {
            expected.add(id);
        }
        assertThat(bench.live.matchIds(WORLD, now, to, now + 7_200_000L))
            .containsExactly(expected.stream().mapToLong(Long::longValue).sorted().toArray());
        bench.report();
    }

    @Test
    void shouldCommitExactlyTheStreamedClips() throws IOException {
        StoreIngestBenchmark bench = new StoreIngestBenchmark();
        bench.cameras = CAMERAS;
        bench.durability = "WRITE";
        bench.setup();
        try {
            long before = bench.store.durableOps();
            for (int b = 0; b < 3; b++) {
                assertThat(bench.commitBatch()).isEqualTo(before + (b + 1L) * StoreIngestBenchmark.BATCH);
            }
            long now = CameraWorld.DEFAULT_NOW_MILLIS;
            assertThat(bench.store.view().matchIds(WORLD, now, now + 3_600_000L + 61_000L, now + 7_200_000L))
                .containsExactly(expectedCameras(bench.stream, 3 * StoreIngestBenchmark.BATCH, 1));
        } finally {
            bench.tearDown();
        }
    }

    /** The eligible cameras among the first {@code clips} clips of the stream, ascending (attributes depend on the history length). */
    private static long[] expectedCameras(FootageStream stream, int clips, int historyDays) {
        CameraWorld world = CameraWorld.generate(CAMERAS, historyDays, CameraWorld.DEFAULT_NOW_MILLIS, GeoIndexQueryBenchmark.DATA_SEED);
        Set<Long> eligible = new HashSet<>();
        for (int c = 0; c < world.cameraCount(); c++) {
            if (world.optedIn()[c] && !world.e2ee()[c]) {
                eligible.add(world.ids()[c]);
            }
        }
        Set<Long> hit = new HashSet<>();
        for (int i = 0; i < clips; i++) {
            if (eligible.contains(stream.cameraId(i))) {
                hit.add(stream.cameraId(i));
            }
        }
        return hit.stream().mapToLong(Long::longValue).sorted().toArray();
    }

}
