package io.geomatch.core;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The memory budget ({@link LiveOptions#maxOffHeapBytes(long)}): the index never counts more than
 * it allows beyond its starting base, a change that does not fit waits for memory to be freed (a
 * view closed), and one that still does not fit is refused with a clear message, changing nothing.
 */
class LiveMemoryBudgetTest {
    private static final long T = 1_762_000_000_000L;
    private static final Area ALL = Area.circle(41.88, -87.63, 5_000);
    private static final int CAMERAS = 2_000;
    private static final int THRESHOLD = 4_096;
    /** Clips the waiting writer appends: one freeze's worth and half another. */
    private static final int CLIPS = THRESHOLD + THRESHOLD / 2;

    private static GeoIndex base() {
        GeoIndexBuilder b = GeoIndex.builder(60_000);
        for (int c = 0; c < CAMERAS; c++) {
            b.addCamera(Camera.at(c, 41.88 + (c % 50) * 1e-4, -87.63 + (c / 50) * 1e-4));
            // Footage before every window of the tests: it only makes the base large.
            for (int h = 1; h <= 8; h++) {
                b.addFootage(c, T - h * 3_600_000L, T - h * 3_600_000L + 1_000);
            }
        }
        return b.build();
    }

    /** @return the bytes the index holds after one upsert and a full merge, with nothing else holding the old base */
    private static long bytesAfterMerge() {
        GeoIndex base = base();
        try (LiveIndex live = LiveIndex.of(base, LiveOptions.defaults().mergeThreshold(THRESHOLD))) {
            base.close();
            live.upsertCamera(Camera.at(CAMERAS, 41.9, -87.6));
            live.merge();
            return live.offHeapBytes();
        }
    }

    @Test
    void shouldCountTheBaseAndWhatAViewStillHolds() {
        GeoIndex base = base();
        try (LiveIndex live = LiveIndex.of(base, LiveOptions.defaults().mergeThreshold(THRESHOLD))) {
            long baseBytes = live.offHeapBytes();
            assertThat(baseBytes).as("the base counts").isEqualTo(base.offHeapBytes()).isPositive();
            base.close();
            LiveView old = live.view();
            live.upsertCamera(Camera.at(CAMERAS, 41.9, -87.6));
            live.merge();
            long merged = bytesAfterMerge();
            assertThat(live.offHeapBytes()).as("the old base, still held by a view, and the new one").isEqualTo(baseBytes + merged);
            old.close();
            assertThat(live.offHeapBytes()).as("the old base freed when the view closes").isEqualTo(merged);
        }
    }

    @Test
    void shouldWaitForAViewToCloseThenGoOn() throws InterruptedException {
        long merged = bytesAfterMerge();
        GeoIndex base = base();
        long baseBytes = base.offHeapBytes();
        // Room for both bases, and for a tier of a few hundred rows, not for the tier of a full delta.
        long max = baseBytes + merged + 300 * 16;
        assertThat(baseBytes).as("once the old base is freed, the tiers of every clip fit").isGreaterThan(CLIPS * 24L + 4_096);
        LiveOptions options = LiveOptions.defaults().mergeThreshold(THRESHOLD).maxOffHeapBytes(max).memoryWaitMillis(60_000);
        try (LiveIndex live = LiveIndex.of(base, options)) {
            base.close();
            LiveView old = live.view();
            live.upsertCamera(Camera.at(CAMERAS, 41.9, -87.6));
            live.merge();
            assertThat(live.offHeapBytes()).isEqualTo(baseBytes + merged);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; i < CLIPS; i++) {
                        live.addFootage(i % CAMERAS, T + i * 1_000L, T + i * 1_000L + 500);
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            writer.start();
            long opsSeen = -1;
            // The writer stops short of the threshold: the freeze it would need does not fit while the view holds the old base.
            for (int tries = 0; tries < 600; tries++) {
                Thread.sleep(50);
                long ops;
                try (LiveView v = live.view()) {
                    ops = v.opCount();
                }
                if (ops == opsSeen) {
                    break;
                }
                opsSeen = ops;
            }
            assertThat(writer.isAlive()).as("the writer waits for memory").isTrue();
            assertThat(opsSeen - 1).as("clips applied before it waited").isPositive().isLessThan(THRESHOLD);
            assertThat(live.offHeapBytes()).as("within the budget").isLessThanOrEqualTo(max);
            old.close();
            writer.join(60_000);
            assertThat(writer.isAlive()).isFalse();
            assertThat(failure.get()).as("the writer went on once the view closed").isNull();
            assertThat(live.matchIds(ALL, T, T + CLIPS * 1_000L, T + GeoIndex.MILLIS_PER_DAY)).hasSize(CAMERAS);
            assertThat(live.offHeapBytes()).isLessThanOrEqualTo(max);
        }
    }

    @Test
    void shouldRefuseAChangeThatDoesNotFitAndChangeNothing() {
        long merged = bytesAfterMerge();
        GeoIndex base = base();
        long baseBytes = base.offHeapBytes();
        long max = baseBytes + merged + 300 * 16;
        LiveOptions options = LiveOptions.defaults().mergeThreshold(THRESHOLD).backgroundMerge(false).maxOffHeapBytes(max)
            .memoryWaitMillis(0);
        try (LiveIndex live = LiveIndex.of(base, options)) {
            base.close();
            LiveView old = live.view();
            live.upsertCamera(Camera.at(CAMERAS, 41.9, -87.6));
            live.merge();
            int applied = 0;
            Throwable refused = null;
            for (int i = 0; i < 3 * THRESHOLD && refused == null; i++) {
                try {
                    live.addFootage(i % CAMERAS, T + i * 1_000L, T + i * 1_000L + 500);
                    applied++;
                } catch (IllegalStateException e) {
                    refused = e;
                }
            }
            assertThat(refused).as("refused").isNotNull();
            assertThat(refused.getMessage()).startsWith("maxOffHeapBytes=" + max + " would be exceeded: the live index holds ")
                .contains("close views");
            assertThat(applied).isPositive().isLessThan(THRESHOLD);
            long ops = live.view().opCount();
            assertThatThrownBy(() -> live.addFootage(0, T, T + 1)).isInstanceOf(IllegalStateException.class);
            assertThat(live.view().opCount()).as("nothing changed").isEqualTo(ops);
            assertThat(live.matchIds(ALL, T, T + (long) applied * 1_000, T + GeoIndex.MILLIS_PER_DAY)).as("still answers")
                .hasSize(Math.min(applied, CAMERAS));
            assertThat(live.offHeapBytes()).isLessThanOrEqualTo(max);
            old.close();
        }
    }

    @Test
    void shouldRefuseABudgetThatIsNotPositive() {
        assertThatThrownBy(() -> LiveOptions.defaults().maxOffHeapBytes(0))
            .hasMessage("maxOffHeapBytes 0 must be 1 or more (LiveOptions.UNLIMITED for no limit)");
        assertThatThrownBy(() -> LiveOptions.defaults().memoryWaitMillis(-1)).hasMessage("memoryWaitMillis -1 is out of range, allowed 0..3600000");
    }
}
