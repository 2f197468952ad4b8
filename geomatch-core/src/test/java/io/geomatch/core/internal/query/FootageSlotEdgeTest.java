package io.geomatch.core.internal.query;

import io.geomatch.core.Area;
import io.geomatch.core.GeoIndex;
import io.geomatch.core.TestAccess;
import io.geomatch.core.testing.BruteForce;
import io.geomatch.core.testing.Dataset;

import io.geomatch.core.internal.segment.IndexColumns;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-camera footage slot summary decides most cameras without their runs; it must never
 * change an answer. Footage one bucket either side of slot boundaries, windows and retention
 * cut-offs landing on, just before and just after them, all against {@link BruteForce}.
 */
class FootageSlotEdgeTest {
    private static final long BUCKET = 1_000;
    private static final long DAY = 86_400_000L;

    @Test
    void shouldAgreeWithBruteForceAroundEverySlotBoundary() {
        long t0 = 1_000 * DAY;
        Dataset data = new Dataset(1, t0);
        // Two cameras far apart in time fix the footage span at 12800 buckets: 100 per slot, and
        // the second word of the mask starts at bucket 6400.
        data.addFootage(data.addBareCamera(0, 0, 3650), t0, t0 + BUCKET);
        data.addFootage(data.addBareCamera(0, 0, 3650), t0 + 12799 * BUCKET, t0 + 12800 * BUCKET);
        List<Long> edges = new ArrayList<>();
        for (long slotEdge : new long[] {100, 200, 3100, 6300, 6400, 6500, 12700}) {
            for (long d = -2; d <= 2; d++) {
                edges.add(slotEdge + d);
            }
        }
        // One camera per footage bucket near each slot boundary, and one spanning a boundary.
        for (long b : edges) {
            data.addFootage(data.addBareCamera(0, 0, 3650), t0 + b * BUCKET, t0 + (b + 1) * BUCKET);
        }
        data.addFootage(data.addBareCamera(0, 0, 3650), t0 + 150 * BUCKET, t0 + 250 * BUCKET);
        // A one-day retention camera, so that retention cut-offs also land near slot boundaries.
        for (long b : edges) {
            data.addFootage(data.addBareCamera(0, 0, 1), t0 + b * BUCKET, t0 + (b + 1) * BUCKET);
        }
        GeoIndex index = data.build(BUCKET);
        assertThat(TestAccess.sealed(index).columns().slotBuckets()).as("the fixture relies on 100-bucket slots").isEqualTo(100);

        Area everywhere = Area.circle(0, 0, 1000);
        boolean[] inside = BruteForce.inside(data, BruteForce.circle(0, 0, 1000));
        int compared = 0;
        for (long from : edges) {
            for (long to : edges) {
                if (to < from) {
                    continue;
                }
                long fromMillis = t0 + from * BUCKET;
                long toMillis = t0 + (to + 1) * BUCKET;
                for (long now : new long[] {toMillis, t0 + DAY + from * BUCKET, t0 + DAY + from * BUCKET + BUCKET}) {
                    long[] expected = BruteForce.match(data, BUCKET, inside, fromMillis, toMillis, now);
                    assertThat(index.matchIds(everywhere, fromMillis, toMillis, now))
                        .as("window buckets %d..%d now=%d", from, to, now)
                        .containsExactly(expected);
                    compared += expected.length;
                }
            }
        }
        assertThat(compared).isGreaterThan(1000);
    }
}
