package io.geomatch.bench.engine;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The eligibility, time and retention check of the README's "Matching contract", shared by every peer that checks
 * candidates one by one ({@code jts-strtree}, {@code h3-roaring}) and the source of the bucket
 * runs the {@code lucene} peer indexes. The peers differ only in how they find spatial candidates,
 * so they all pay the same, fast price for the rest.
 *
 * <p>Layout: at build, each camera's footage intervals {@code [s, e)} become bucket ranges
 * {@code floor(s/B)..floor((e-1)/B)}, merged into sorted, disjoint, non-adjacent runs. The runs
 * of all cameras are one {@code int[]} of interleaved (first, last) bucket pairs relative to the
 * smallest bucket of the data, in compressed sparse rows by camera position (8 bytes per run).
 * Each camera also gets a retention class (an index into the distinct retention periods) and an
 * eligibility flag ({@code optedIn && !e2ee}).
 *
 * <p>Query: {@link #window} turns a window and an instant into, per retention class, the first
 * bucket that is both inside the window and retained ({@code (b+1)*B > now - days*86400000},
 * that is {@code b >= floor((now - days*86400000)/B)}), and the window's last bucket. A camera
 * then matches if it is eligible and a binary search finds a run that reaches that first bucket
 * and starts no later than the last one.
 *
 * <p>Immutable after construction; any number of threads may call {@link #matches} at once.
 */
final class FootageFilter {
    private static final long MILLIS_PER_DAY = 86_400_000L;
    /** Cameras per task when building in parallel. */
    private static final int BUILD_CHUNK = 1 << 16;

    private final long bucketMillis;
    /** Bucket that relative run bounds count from. */
    private final long baseBucket;
    private final boolean[] eligible;
    /** Index into {@link #classDays} per camera. */
    private final short[] retentionClass;
    /** The distinct retention periods, days, ascending. */
    private final int[] classDays;
    /** Camera {@code i}'s runs are {@code runOffsets[i]..runOffsets[i+1]-1}. */
    private final int[] runOffsets;
    /** Run {@code r} is {@code runBounds[2r]..runBounds[2r+1]}, relative to {@link #baseBucket}. */
    private final int[] runBounds;

    /**
     * Merges every camera's footage into bucket runs, in parallel.
     *
     * @param cameras the data set; each camera's footage may come in any order
     * @param bucketMillis the bucket size {@code B}, ms, at least 1
     * @throws IllegalArgumentException if the footage spans more than {@code Integer.MAX_VALUE}
     *     buckets, or there are more runs or retention periods than the layout holds
     */
    FootageFilter(CameraColumns cameras, long bucketMillis) {
        if (bucketMillis < 1) {
            throw new IllegalArgumentException("bucketMillis=" + bucketMillis + " is out of range, allowed 1 or more");
        }
        int n = cameras.cameraCount();
        this.bucketMillis = bucketMillis;
        this.eligible = new boolean[n];
        this.retentionClass = new short[n];
        this.classDays = Arrays.stream(cameras.retentionDays(), 0, n).distinct().sorted().toArray();
        if (classDays.length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("retention periods=" + classDays.length + " are too many, allowed " + Short.MAX_VALUE);
        }
        for (int i = 0; i < n; i++) {
            eligible[i] = cameras.optedIn()[i] && !cameras.e2ee()[i];
            retentionClass[i] = (short) Arrays.binarySearch(classDays, cameras.retentionDays()[i]);
        }

        // Pass 1: runs per camera, and the bucket range of all footage.
        int chunks = (n + BUILD_CHUNK - 1) / BUILD_CHUNK;
        int[] runCounts = new int[n];
        long[] chunkMin = new long[chunks];
        long[] chunkMax = new long[chunks];
        IntStream.range(0, chunks).parallel().forEach(chunk -> {
            Merger merger = new Merger(cameras, bucketMillis);
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (int i = chunk * BUILD_CHUNK, end = Math.min(n, i + BUILD_CHUNK); i < end; i++) {
                int runs = merger.merge(i);
                runCounts[i] = runs;
                if (runs > 0) {
                    min = Math.min(min, merger.first[0]);
                    max = Math.max(max, merger.last[runs - 1]);
                }
            }
            chunkMin[chunk] = min;
            chunkMax[chunk] = max;
        });
        long min = Arrays.stream(chunkMin).min().orElse(Long.MAX_VALUE);
        long max = Arrays.stream(chunkMax).max().orElse(Long.MIN_VALUE);
        this.baseBucket = min == Long.MAX_VALUE ? 0 : min;
        if (max != Long.MIN_VALUE && max - baseBucket > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("footage spans buckets " + baseBucket + ".." + max
                + ", more than " + Integer.MAX_VALUE + "; use a larger bucketMillis than " + bucketMillis);
        }
        this.runOffsets = new int[n + 1];
        long total = 0;
        for (int i = 0; i < n; i++) {
            runOffsets[i] = (int) total;
            total += runCounts[i];
            if (total > Integer.MAX_VALUE / 2 - 8) {
                throw new IllegalArgumentException("footage runs=" + total + " are too many, allowed " + (Integer.MAX_VALUE / 2 - 8));
            }
        }
        runOffsets[n] = (int) total;

        // Pass 2: the runs themselves.
        this.runBounds = new int[(int) total * 2];
        IntStream.range(0, chunks).parallel().forEach(chunk -> {
            Merger merger = new Merger(cameras, bucketMillis);
            for (int i = chunk * BUILD_CHUNK, end = Math.min(n, i + BUILD_CHUNK); i < end; i++) {
                int runs = merger.merge(i);
                assert runs == runOffsets[i + 1] - runOffsets[i];
                for (int r = 0, at = 2 * runOffsets[i]; r < runs; r++, at += 2) {
                    runBounds[at] = (int) (merger.first[r] - baseBucket);
                    runBounds[at + 1] = (int) (merger.last[r] - baseBucket);
                }
            }
        });
    }

    /**
     * Precomputes what {@link #matches} needs for one window: allocates, so call it when a query
     * is prepared, not per camera.
     *
     * @param fromMillis window start, inclusive, epoch ms
     * @param toMillis window end, exclusive, epoch ms, greater than {@code fromMillis}
     * @param nowMillis the instant retention is judged at, epoch ms
     * @return the window
     */
    Window window(long fromMillis, long toMillis, long nowMillis) {
        long first = Math.floorDiv(fromMillis, bucketMillis);
        long last = Math.floorDiv(toMillis - 1, bucketMillis);
        long[] from = new long[classDays.length];
        for (int c = 0; c < classDays.length; c++) {
            from[c] = Math.max(first, oldestRetainedBucket(classDays[c], nowMillis, bucketMillis)) - baseBucket;
        }
        return new Window(first, last, from, last - baseBucket);
    }

    /**
     * @param retentionDays a retention period, days
     * @param nowMillis the instant retention is judged at, epoch ms
     * @param bucketMillis the bucket size {@code B}, ms
     * @return the first bucket still retained at {@code nowMillis}
     */
    static long oldestRetainedBucket(int retentionDays, long nowMillis, long bucketMillis) {
        return Math.floorDiv(nowMillis - retentionDays * MILLIS_PER_DAY, bucketMillis);
    }

    /**
     * @param camera a camera position
     * @param window from {@link #window}
     * @return whether the camera is eligible and holds a retained footage bucket in the window
     */
    boolean matches(int camera, Window window) {
        if (!eligible[camera]) {
            return false;
        }
        long from = window.retainedFrom[retentionClass[camera]];
        long last = window.lastRelative;
        if (from > last) {
            return false;
        }
        // The first run that reaches 'from'; runs are sorted and disjoint.
        int lo = runOffsets[camera];
        int end = runOffsets[camera + 1];
        int hi = end;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (runBounds[2 * mid + 1] < from) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo < end && runBounds[2 * lo] <= last;
    }

    /** @return the smallest bucket of the data's footage, which relative run bounds count from */
    long baseBucket() {
        return baseBucket;
    }

    /** @return the bucket size {@code B}, ms */
    long bucketMillis() {
        return bucketMillis;
    }

    /** @return the distinct retention periods, days, ascending; do not modify */
    int[] retentionClassDays() {
        return classDays;
    }

    /**
     * @param camera a camera position
     * @return whether the camera is eligible ({@code optedIn && !e2ee})
     */
    boolean eligible(int camera) {
        return eligible[camera];
    }

    /**
     * @param camera a camera position
     * @return how many merged runs the camera's footage has
     */
    int runCount(int camera) {
        return runOffsets[camera + 1] - runOffsets[camera];
    }

    /**
     * @param camera a camera position
     * @param run a run of that camera, {@code 0..runCount(camera)-1}, ascending in time
     * @return the run's first bucket, absolute
     */
    long runFirstBucket(int camera, int run) {
        return baseBucket + runBounds[2 * (runOffsets[camera] + run)];
    }

    /**
     * @param camera a camera position
     * @param run a run of that camera
     * @return the run's last bucket, absolute, inclusive
     */
    long runLastBucket(int camera, int run) {
        return baseBucket + runBounds[2 * (runOffsets[camera] + run) + 1];
    }

    /** @return heap bytes of the filter's own arrays */
    long heapBytes() {
        return eligible.length + 2L * retentionClass.length + 4L * runOffsets.length + 4L * runBounds.length;
    }

    /**
     * One window, prepared: immutable, shareable between threads.
     */
    static final class Window {
        /** Window's first bucket, absolute. */
        final long firstBucket;
        /** Window's last bucket, absolute, inclusive. */
        final long lastBucket;
        /** Per retention class, the first bucket in the window that is retained, relative. */
        final long[] retainedFrom;
        /** Window's last bucket, relative. */
        final long lastRelative;

        Window(long firstBucket, long lastBucket, long[] retainedFrom, long lastRelative) {
            this.firstBucket = firstBucket;
            this.lastBucket = lastBucket;
            this.retainedFrom = retainedFrom;
            this.lastRelative = lastRelative;
        }
    }

    /** Merges one camera's intervals into bucket runs; one per build task. */
    private static final class Merger {
        private final CameraColumns cameras;
        private final long bucketMillis;
        long[] first = new long[64];
        long[] last = new long[64];

        Merger(CameraColumns cameras, long bucketMillis) {
            this.cameras = cameras;
            this.bucketMillis = bucketMillis;
        }

        /** @return the number of runs, left in {@link #first} and {@link #last} */
        int merge(int camera) {
            int from = cameras.footageOffsets()[camera];
            int count = cameras.footageOffsets()[camera + 1] - from;
            if (count > first.length) {
                first = new long[Math.max(count, first.length * 2)];
                last = new long[first.length];
            }
            boolean sorted = true;
            for (int k = 0; k < count; k++) {
                long start = cameras.footageStartMillis()[from + k];
                first[k] = Math.floorDiv(start, bucketMillis);
                last[k] = Math.floorDiv(start + cameras.footageDurationMillis()[from + k] - 1, bucketMillis);
                sorted &= k == 0 || first[k] >= first[k - 1];
            }
            if (!sorted) {
                insertionSort(count);
            }
            int runs = 0;
            for (int k = 0; k < count; k++) {
                if (runs > 0 && first[k] <= last[runs - 1] + 1) {
                    last[runs - 1] = Math.max(last[runs - 1], last[k]);
                } else {
                    first[runs] = first[k];
                    last[runs] = last[k];
                    runs++;
                }
            }
            return runs;
        }

        private void insertionSort(int count) {
            for (int k = 1; k < count; k++) {
                long f = first[k];
                long l = last[k];
                int j = k - 1;
                while (j >= 0 && first[j] > f) {
                    first[j + 1] = first[j];
                    last[j + 1] = last[j];
                    j--;
                }
                first[j + 1] = f;
                last[j + 1] = l;
            }
        }
    }
}
