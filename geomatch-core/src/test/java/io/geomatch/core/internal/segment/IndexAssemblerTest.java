package io.geomatch.core.internal.segment;

import io.geomatch.core.internal.contract.CameraAttributes;
import io.geomatch.core.internal.contract.CameraView;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class IndexAssemblerTest {
    @Test
    void shouldMergeIntervalsIntoExactlyTheBucketsTheyCover() {
        SplittableRandom random = new SplittableRandom(99);
        for (int trial = 0; trial < 300; trial++) {
            int count = random.nextInt(40);
            long[] first = new long[count];
            long[] last = new long[count];
            TreeSet<Long> expected = new TreeSet<>();
            long at = random.nextLong(-200, 2000);
            for (int i = 0; i < count; i++) {
                // Half the trials in order, as a feed adds them; the rest shuffled.
                first[i] = trial % 2 == 0 ? at + random.nextInt(6) : random.nextLong(-200, 2000);
                last[i] = first[i] + random.nextInt(i % 3 == 0 ? 40 : 3);
                at = first[i];
                for (long b = first[i]; b <= last[i]; b++) {
                    expected.add(b);
                }
            }
            int runs = IndexAssembler.merge(first, last, count);
            TreeSet<Long> actual = new TreeSet<>();
            for (int r = 0; r < runs; r++) {
                assertThat(first[r]).isLessThanOrEqualTo(last[r]);
                if (r > 0) {
                    assertThat(first[r]).as("runs are sorted, disjoint and not adjacent").isGreaterThan(last[r - 1] + 1);
                }
                for (long b = first[r]; b <= last[r]; b++) {
                    actual.add(b);
                }
            }
            assertThat(actual).as("trial %d", trial).isEqualTo(expected);
        }
    }

    @Test
    void shouldLayOutTheSameColumnsWhateverTheBlocksAndTheOrderFootageCameIn() {
        SplittableRandom random = new SplittableRandom(5);
        int n = 700;
        long[] ids = new long[n];
        double[] lat = new double[n];
        double[] lon = new double[n];
        int[] attributes = new int[n];
        long[] views = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 1000 + 7L * i;
            // Some cameras share a point, so the sort's ties matter.
            lat[i] = i % 50 == 0 ? 41.5 : 41 + random.nextDouble();
            lon[i] = i % 50 == 0 ? -87.5 : -88 + random.nextDouble();
            attributes[i] = (1 + random.nextInt(60)) | (random.nextInt(10) == 0 ? CameraAttributes.OPTED_OUT : 0);
            views[i] = random.nextInt(3) == 0 ? CameraView.NONE
                : CameraView.of(random.nextInt(360), 1 + random.nextInt(360), 1 + random.nextInt(200));
        }
        List<long[]> intervals = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long at = 10_000;
            for (int k = random.nextInt(12); k > 0; k--) {
                at += random.nextInt(30);
                intervals.add(new long[] {i, at, at + random.nextInt(i % 4 == 0 ? 40 : 2)});
            }
        }
        FootageBlocks byCamera = new FootageBlocks();
        for (long[] f : intervals) {
            byCamera.add((int) f[0], f[1], f[2]);
        }
        Collections.shuffle(intervals, new java.util.Random(6));
        FootageBlocks shuffled = new FootageBlocks();
        for (long[] f : intervals) {
            shuffled.add((int) f[0], f[1], f[2]);
        }
        IndexColumns reference = new IndexAssembler(60_000, (phase, done, total) -> { }, 1 << 16)
            .assemble(n, ids, lat, lon, attributes, views, byCamera);
        assertThat(reference.runCount()).isPositive();
        assertThat(reference.viewCount()).isPositive();
        for (int block : new int[] {0, 1, 16, 64, 128}) {
            for (FootageBlocks footage : List.of(byCamera, shuffled)) {
                IndexColumns c = new IndexAssembler(60_000, (phase, done, total) -> { }, block)
                    .assemble(n, ids, lat, lon, attributes, views, footage);
                ColumnWriterTest.assertSameColumns(c, reference, "blocks of " + block + (footage == shuffled ? ", shuffled" : ""));
            }
        }
    }

    @Test
    void shouldKeepEveryIntervalAcrossFootageBlocks() {
        FootageBlocks footage = new FootageBlocks();
        int m = (1 << 20) + (1 << 20) / 2 + 7;
        // Cameras 0..999 in turn, again and again: not consecutive, so grouping sorts them by camera.
        for (int i = 0; i < m; i++) {
            footage.add(i % 1000, i, i + (i % 5));
        }
        assertThat(footage.size()).isEqualTo(m);
        for (int i : new int[] {0, 1023, 1024, (1 << 20) - 1, 1 << 20, m - 1}) {
            assertThat(footage.camera(i)).as("interval %d", i).isEqualTo(i % 1000);
            assertThat(footage.firstBucket(i)).isEqualTo(i);
            assertThat(footage.lastBucket(i)).isEqualTo(i + (i % 5));
        }
        assertThat(footage.minBucket()).isZero();
        long highest = 0;
        for (int i = 0; i < m; i++) {
            highest = Math.max(highest, i + (i % 5));
        }
        assertThat(footage.maxBucket()).isEqualTo(highest);
        footage.groupByCamera(1000);
        for (int camera : new int[] {0, 1, 999}) {
            assertThat(footage.countOf(camera)).isEqualTo(m / 1000 + (camera < m % 1000 ? 1 : 0));
            for (int k = 0; k < footage.countOf(camera); k++) {
                assertThat(footage.intervalAt(footage.firstOf(camera) + k)).as("camera %d, interval %d", camera, k).isEqualTo(camera + 1000 * k);
            }
        }
    }

    @Test
    void shouldKeepEveryBoundWhenABoundBeyondAnIntFromTheFirstTurnsTheBlocksToLongs() {
        long anchor = 28_000_000L;
        // The far bound comes first, within the first small block, after a block, or never.
        for (int farAt : new int[] {0, 5, 1500, (1 << 20) + 3, -1}) {
            FootageBlocks footage = new FootageBlocks();
            int m = (1 << 20) + 10;
            long[] first = new long[m];
            long[] last = new long[m];
            for (int i = 0; i < m; i++) {
                // Bounds below and above the first interval's, up to exactly 2^31 - 1 and -2^31 from it.
                first[i] = anchor + (i % 3 == 0 ? -(i % 1000) : i % 7 == 0 ? Integer.MAX_VALUE - 40 : i);
                last[i] = i % 11 == 0 ? anchor + Integer.MAX_VALUE : first[i] + i % 5;
                if (i == 1) {
                    first[i] = anchor + Integer.MIN_VALUE;
                }
                if (i == farAt) {
                    last[i] = anchor + Integer.MAX_VALUE + 1L + i;
                }
                footage.add(i % 1000, first[i], last[i]);
                assertThat(footage.wide()).as("interval %d, far at %d", i, farAt).isEqualTo(farAt >= 0 && i >= farAt);
            }
            for (int i = 0; i < m; i++) {
                if (footage.firstBucket(i) != first[i] || footage.lastBucket(i) != last[i] || footage.camera(i) != i % 1000) {
                    throw new AssertionError("far at " + farAt + ": interval " + i + " reads [" + footage.firstBucket(i) + ", "
                        + footage.lastBucket(i) + "] of camera " + footage.camera(i) + ", added [" + first[i] + ", " + last[i] + "]");
                }
            }
            assertThat(footage.minBucket()).isEqualTo(anchor + Integer.MIN_VALUE);
            assertThat(footage.maxBucket()).isEqualTo(farAt >= 0 ? anchor + Integer.MAX_VALUE + 1L + farAt : anchor + Integer.MAX_VALUE);
        }
    }

    @Test
    void shouldSortKeysAloneAsUnsignedValuesWhateverTheirSignAndTheParts() {
        SplittableRandom random = new SplittableRandom(11);
        int n = 20_000;
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            // Full-range values, many sharing their low or high digits, and the extremes.
            values[i] = switch (i % 4) {
                case 0 -> random.nextLong();
                case 1 -> random.nextLong() & 0xFFFF_0000_0000_0000L;
                case 2 -> random.nextInt(3) - 1L;
                default -> i % 8 == 3 ? Long.MIN_VALUE : Long.MAX_VALUE;
            };
        }
        long[] expected = Arrays.stream(values).boxed().sorted(Long::compareUnsigned).mapToLong(Long::longValue).toArray();
        for (int parts : new int[] {1, 2, 5}) {
            long[] keys = values.clone();
            long[] scratch = new long[n];
            boolean inScratch = IndexAssembler.radixSort(keys, scratch, null, null, n, parts);
            assertThat(inScratch ? scratch : keys).as("parts %d", parts).containsExactly(expected);
        }
    }

    @Test
    void shouldSortKeysStablyWithTheirIndexes() {
        SplittableRandom random = new SplittableRandom(7);
        long[] keys = new long[10_000];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = i % 10 == 0 ? 42 : random.nextLong(1L << 62);
        }
        for (int parts : new int[] {1, 2, 3, 7}) {
            int[] order = IndexAssembler.sortedOrder(keys, parts);
            assertThat(order).hasSize(keys.length);
            boolean[] seen = new boolean[keys.length];
            for (int i = 0; i < order.length; i++) {
                assertThat(seen[order[i]]).as("parts %d: index %d once", parts, order[i]).isFalse();
                seen[order[i]] = true;
                if (i > 0) {
                    long a = keys[order[i - 1]];
                    long b = keys[order[i]];
                    assertThat(a < b || (a == b && order[i - 1] < order[i])).as("parts %d, position %d", parts, i).isTrue();
                }
            }
        }
    }
}
