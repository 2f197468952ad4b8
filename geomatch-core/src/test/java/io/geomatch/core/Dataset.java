package io.geomatch.core;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Cameras and footage for oracle tests, growable, with exact-coordinate probes. */
final class Dataset {
    long[] ids = new long[64];
    double[] lat = new double[64];
    double[] lon = new double[64];
    boolean[] optedIn = new boolean[64];
    boolean[] e2ee = new boolean[64];
    int[] retentionDays = new int[64];
    private int size;

    int[] footageCamera = new int[64];
    long[] footageStart = new long[64];
    long[] footageEnd = new long[64];
    private int footage;

    private final SplittableRandom random;
    private final long baseMillis;

    Dataset(long seed, long baseMillis) {
        this.random = new SplittableRandom(seed);
        this.baseMillis = baseMillis;
    }

    int size() {
        return size;
    }

    int footageCount() {
        return footage;
    }

    SplittableRandom random() {
        return random;
    }

    /** Adds an eligible camera without footage. */
    int addBareCamera(double latDegrees, double lonDegrees, int retention) {
        int c = addCamera(latDegrees, lonDegrees, new long[0]);
        optedIn[c] = true;
        e2ee[c] = false;
        retentionDays[c] = retention;
        while (footage > 0 && footageCamera[footage - 1] == c) {
            footage--;
        }
        return c;
    }

    /** Adds a camera with random attributes and some footage near {@code baseMillis}. */
    int addCamera(double latDegrees, double lonDegrees, long[] alignedTo) {
        if (size == ids.length) {
            int cap = size * 2;
            ids = Arrays.copyOf(ids, cap);
            lat = Arrays.copyOf(lat, cap);
            lon = Arrays.copyOf(lon, cap);
            optedIn = Arrays.copyOf(optedIn, cap);
            e2ee = Arrays.copyOf(e2ee, cap);
            retentionDays = Arrays.copyOf(retentionDays, cap);
        }
        int c = size++;
        ids[c] = random.nextLong();
        lat[c] = latDegrees;
        lon[c] = lonDegrees;
        optedIn[c] = random.nextInt(10) != 0;
        e2ee[c] = random.nextInt(12) == 0;
        retentionDays[c] = new int[] {1, 2, 3, 7, 30}[random.nextInt(5)];
        int clips = random.nextInt(5);
        for (int k = 0; k < clips; k++) {
            long start;
            long length;
            if (alignedTo.length > 0 && random.nextBoolean()) {
                // Exactly on a bucket edge, ending on, just after or just before another.
                long b = alignedTo[random.nextInt(alignedTo.length)];
                start = baseMillis - Math.floorMod(baseMillis, b) + b * (random.nextInt(200) - 100);
                length = b * (1 + random.nextInt(3)) + (random.nextInt(3) - 1);
                if (length <= 0) {
                    length = 1;
                }
            } else {
                start = baseMillis + random.nextLong(-4 * 86_400_000L, 86_400_000L);
                length = 1 + random.nextLong(90_000);
            }
            addFootage(c, start, start + length);
        }
        return c;
    }

    void addFootage(int camera, long start, long end) {
        if (footage == footageCamera.length) {
            int cap = footage * 2;
            footageCamera = Arrays.copyOf(footageCamera, cap);
            footageStart = Arrays.copyOf(footageStart, cap);
            footageEnd = Arrays.copyOf(footageEnd, cap);
        }
        footageCamera[footage] = camera;
        footageStart[footage] = start;
        footageEnd[footage] = end;
        footage++;
    }

    GeoIndex build(long bucketMillis) {
        GeoIndexBuilder b = GeoIndex.builder(bucketMillis);
        for (int c = 0; c < size; c++) {
            b.addCamera(ids[c], lat[c], lon[c], optedIn[c], e2ee[c], retentionDays[c]);
        }
        for (int f = 0; f < footage; f++) {
            b.addFootage(ids[footageCamera[f]], footageStart[f], footageEnd[f]);
        }
        return b.build();
    }
}
