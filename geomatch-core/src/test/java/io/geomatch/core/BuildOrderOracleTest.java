package io.geomatch.core;

import io.geomatch.core.testing.BruteForce;
import io.geomatch.core.testing.Dataset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build's two ways of reading footage against {@link BruteForce}: footage added camera by
 * camera (read where it lies) and the same footage added in random order (grouped by camera
 * first), each built in many blocks of ordinals on all cores, with cameras stacked on points,
 * overlapping and adjacent clips, footage at bucket edges and opted-out, e2ee and viewing cameras.
 * Failures name the seed and the order, to replay.
 */
class BuildOrderOracleTest {
    private static final long BASE_MILLIS = 1_762_000_000_000L;

    @ParameterizedTest(name = "seed={0}")
    @ValueSource(longs = {1, 2, 3})
    void shouldMatchBruteForceWhateverOrderFootageIsAddedIn(long seed) {
        Dataset data = new Dataset(seed, BASE_MILLIS);
        SplittableRandom random = new SplittableRandom(seed * 31);
        long bucketMillis = seed == 2 ? 1 : 60_000;
        long[] aligned = {bucketMillis, 60_000};
        for (int i = 0; i < 6000; i++) {
            double spread = i % 7 == 0 ? 0.4 : 0.03;
            int c = data.addCamera(41.9 + random.nextGaussian() * spread, -87.7 + random.nextGaussian() * spread, aligned);
            if (i % 4 == 0) {
                data.setView(c, random.nextInt(360), 1 + random.nextInt(360), 1 + random.nextInt(200));
            }
            if (i % 11 == 0) {
                // A clip that touches the camera's others, and one that overlaps them.
                long start = BASE_MILLIS - random.nextLong(86_400_000L);
                data.addFootage(c, start, start + 60_000);
                data.addFootage(c, start + 60_000, start + 120_000);
                data.addFootage(c, start + 30_000, start + 90_000);
            }
        }
        for (int i = 0; i < 30; i++) {
            data.addCamera(41.9, -87.7, aligned);
        }
        List<Integer> shuffled = new ArrayList<>();
        for (int f = 0; f < data.footageCount(); f++) {
            shuffled.add(f);
        }
        Collections.shuffle(shuffled, new Random(seed));
        GeoIndex byCamera = data.build(bucketMillis);
        GeoIndexBuilder b = GeoIndex.builder(bucketMillis);
        for (int c = 0; c < data.cameraCount(); c++) {
            b.addCamera(data.camera(c));
        }
        for (int f : shuffled) {
            b.addFootage(data.id(data.footageCamera(f)), data.footageStart(f), data.footageEnd(f));
        }
        GeoIndex anyOrder = b.build();

        long matched = 0;
        long now = BASE_MILLIS + 86_400_000L;
        for (int q = 0; q < 40; q++) {
            double lat = 41.9 + random.nextGaussian() * 0.05;
            double lon = -87.7 + random.nextGaussian() * 0.05;
            double radius = 100 + random.nextDouble() * 4000;
            boolean[] inside = BruteForce.inside(data, BruteForce.circle(lat, lon, radius));
            Area area = Area.circle(lat, lon, radius);
            long from = BASE_MILLIS - random.nextLong(3 * 86_400_000L);
            long to = from + 1 + random.nextLong(12 * 3_600_000L);
            long[] expected = BruteForce.match(data, bucketMillis, inside, from, to, now);
            matched += expected.length;
            String where = String.format("seed=%d circle %f,%f r=%f from=%d to=%d", seed, lat, lon, radius, from, to);
            assertThat(byCamera.matchIds(area, from, to, now)).as("camera by camera, %s", where).containsExactly(expected);
            assertThat(anyOrder.matchIds(area, from, to, now)).as("any order, %s", where).containsExactly(expected);
        }
        assertThat(matched).as("seed=%d: the workload must produce matches to compare", seed).isGreaterThan(200);
    }
}
