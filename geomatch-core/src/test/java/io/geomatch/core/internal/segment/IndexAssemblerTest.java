package io.geomatch.core.internal.segment;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class IndexAssemblerTest {
    @Test
    void shouldMergeEachCamerasIntervalsIntoExactlyTheBucketsTheyCover() {
        SplittableRandom random = new SplittableRandom(99);
        int n = 50;
        int m = 3000;
        int[] camera = new int[m];
        long[] first = new long[m];
        long[] last = new long[m];
        for (int i = 0; i < m; i++) {
            camera[i] = random.nextInt(n);
            first[i] = random.nextLong(-200, 2000);
            last[i] = first[i] + random.nextInt(i % 3 == 0 ? 40 : 3);
        }
        int[] ordinalOf = new int[n];
        for (int c = 0; c < n; c++) {
            ordinalOf[c] = (c * 17) % n;
        }
        FootageBlocks footage = new FootageBlocks();
        for (int i = 0; i < m; i++) {
            footage.add(camera[i], first[i], last[i]);
        }
        int[] offsets = new int[n + 1];
        long[] runFirst = new long[m];
        long[] runLast = new long[m];
        int runs = IndexAssembler.groupAndMerge(n, ordinalOf, footage, offsets, runFirst, runLast);

        assertThat(offsets[n]).isEqualTo(runs);
        for (int c = 0; c < n; c++) {
            TreeSet<Long> expected = new TreeSet<>();
            for (int i = 0; i < m; i++) {
                if (camera[i] == c) {
                    for (long b = first[i]; b <= last[i]; b++) {
                        expected.add(b);
                    }
                }
            }
            TreeSet<Long> actual = new TreeSet<>();
            int o = ordinalOf[c];
            for (int r = offsets[o]; r < offsets[o + 1]; r++) {
                assertThat(runFirst[r]).isLessThanOrEqualTo(runLast[r]);
                if (r > offsets[o]) {
                    assertThat(runFirst[r]).as("runs are sorted, disjoint and not adjacent").isGreaterThan(runLast[r - 1] + 1);
                }
                for (long b = runFirst[r]; b <= runLast[r]; b++) {
                    actual.add(b);
                }
            }
            assertThat(actual).as("camera %d", c).isEqualTo(expected);
        }
    }

    @Test
    void shouldKeepEveryIntervalAcrossFootageBlocks() {
        FootageBlocks footage = new FootageBlocks();
        int m = (1 << 20) + (1 << 20) / 2 + 7;
        for (int i = 0; i < m; i++) {
            footage.add(i % 1000, i, i + (i % 5));
        }
        assertThat(footage.size()).isEqualTo(m);
        for (int i : new int[] {0, 1023, 1024, (1 << 20) - 1, 1 << 20, m - 1}) {
            assertThat(footage.camera(i)).as("interval %d", i).isEqualTo(i % 1000);
            assertThat(footage.firstBucket(i)).isEqualTo(i);
            assertThat(footage.lastBucket(i)).isEqualTo(i + (i % 5));
        }
    }

    @Test
    void shouldSortKeysStablyWithTheirIndexes() {
        SplittableRandom random = new SplittableRandom(7);
        long[] keys = new long[10_000];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = i % 10 == 0 ? 42 : random.nextLong(1L << 62);
        }
        int[] order = IndexAssembler.sortedOrder(keys);
        for (int i = 1; i < order.length; i++) {
            long a = keys[order[i - 1]];
            long b = keys[order[i]];
            assertThat(a < b || (a == b && order[i - 1] < order[i])).as("position %d", i).isTrue();
        }
    }
}
