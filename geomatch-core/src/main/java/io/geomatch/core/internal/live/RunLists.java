package io.geomatch.core.internal.live;

import java.util.Arrays;

/**
 * Lists of footage intervals as interleaved {@code (first, last)} bucket pairs in a {@code long[]}:
 * growing, sorting by first bucket and coalescing them into disjoint, non-adjacent runs, in place
 * and without boxing. Stateless.
 */
final class RunLists {
    /** Lists up to this long are insertion-sorted, longer ones heap-sorted. */
    private static final int INSERTION_MAX = 32;

    private RunLists() {
    }

    /**
     * @param pairs the list's array
     * @param k pairs in use
     * @param first first bucket of the pair to put at {@code k}
     * @param last its last bucket
     * @return the array, grown if it had no room
     */
    static long[] put(long[] pairs, int k, long first, long last) {
        if (pairs.length < 2 * k + 2) {
            pairs = Arrays.copyOf(pairs, Math.max(16, pairs.length * 2));
        }
        pairs[2 * k] = first;
        pairs[2 * k + 1] = last;
        return pairs;
    }

    /** Sorts the first {@code k} pairs by first bucket. */
    static void sort(long[] pairs, int k) {
        if (k <= INSERTION_MAX) {
            for (int i = 1; i < k; i++) {
                long first = pairs[2 * i];
                long last = pairs[2 * i + 1];
                int j = i;
                while (j > 0 && pairs[2 * j - 2] > first) {
                    pairs[2 * j] = pairs[2 * j - 2];
                    pairs[2 * j + 1] = pairs[2 * j - 1];
                    j--;
                }
                pairs[2 * j] = first;
                pairs[2 * j + 1] = last;
            }
            return;
        }
        for (int i = k / 2 - 1; i >= 0; i--) {
            siftDown(pairs, i, k);
        }
        for (int end = k - 1; end > 0; end--) {
            swap(pairs, 0, end);
            siftDown(pairs, 0, end);
        }
    }

    private static void siftDown(long[] pairs, int i, int n) {
        while (true) {
            int child = 2 * i + 1;
            if (child >= n) {
                return;
            }
            if (child + 1 < n && pairs[2 * child + 2] > pairs[2 * child]) {
                child++;
            }
            if (pairs[2 * child] <= pairs[2 * i]) {
                return;
            }
            swap(pairs, i, child);
            i = child;
        }
    }

    private static void swap(long[] pairs, int a, int b) {
        long f = pairs[2 * a];
        long l = pairs[2 * a + 1];
        pairs[2 * a] = pairs[2 * b];
        pairs[2 * a + 1] = pairs[2 * b + 1];
        pairs[2 * b] = f;
        pairs[2 * b + 1] = l;
    }

    /**
     * Coalesces sorted pairs in place: each first bucket is raised to the horizon (pairs wholly
     * before it go), and overlapping or adjacent pairs are joined.
     *
     * @param pairs pairs sorted by first bucket
     * @param k how many
     * @param horizonBucket buckets before it are dropped ({@link SegmentMerger#NO_HORIZON}: none)
     * @return how many disjoint, non-adjacent runs are left at the front
     */
    static int coalesce(long[] pairs, int k, long horizonBucket) {
        int w = 0;
        for (int i = 0; i < k; i++) {
            long first = Math.max(pairs[2 * i], horizonBucket);
            long last = pairs[2 * i + 1];
            if (first > last) {
                continue;
            }
            if (w > 0 && first <= pairs[2 * w - 1] + 1) {
                pairs[2 * w - 1] = Math.max(pairs[2 * w - 1], last);
                continue;
            }
            pairs[2 * w] = first;
            pairs[2 * w + 1] = last;
            w++;
        }
        return w;
    }
}
