package io.geomatch.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Many threads querying one index, each with its own reused Matches, see the single-threaded answers. */
class ConcurrentQueryTest {
    @Test
    void shouldGiveEveryThreadTheSameAnswersAsOneThread() throws Exception {
        GeoIndexBuilder b = GeoIndex.builder(60_000);
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 20_000; i++) {
            b.addCamera(Camera.at(i, 40 + random.nextGaussian() * 0.05, -74 + random.nextGaussian() * 0.05));
            b.addFootage(i, random.nextLong(0, 86_400_000L), 86_400_000L);
        }
        GeoIndex index = b.build();
        List<Area> areas = new ArrayList<>();
        List<long[]> expected = new ArrayList<>();
        for (int q = 0; q < 64; q++) {
            Area area = Area.circle(40 + random.nextGaussian() * 0.05, -74 + random.nextGaussian() * 0.05, 200 + random.nextInt(2000));
            areas.add(area);
            expected.add(index.matchIds(area, 3_600_000, 7_200_000, 86_400_000L));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                results.add(pool.submit(() -> {
                    Matches matches = new Matches();
                    int checked = 0;
                    for (int round = 0; round < 20; round++) {
                        for (int q = 0; q < areas.size(); q++) {
                            int i = (q + offset * 7) % areas.size();
                            index.match(areas.get(i), 3_600_000, 7_200_000, 86_400_000L, matches);
                            assertThat(matches.ids()).containsExactly(expected.get(i));
                            checked++;
                        }
                    }
                    return checked;
                }));
            }
            for (Future<Integer> f : results) {
                assertThat(f.get()).isEqualTo(20 * 64);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(expected.stream().mapToInt(e -> e.length).sum()).isGreaterThan(1000);
    }
}
