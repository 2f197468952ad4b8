package io.geomatch.core.testing;

import io.geomatch.core.Camera;
import io.geomatch.core.GeoIndex;
import io.geomatch.core.GeoIndexBuilder;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Cameras and footage for oracle tests, growable, with exact-coordinate probes; the oracle reads it as a {@link BruteForce.Fleet}. */
public final class Dataset implements BruteForce.Fleet {
    private long[] ids = new long[64];
    private double[] lat = new double[64];
    private double[] lon = new double[64];
    private boolean[] optedIn = new boolean[64];
    private boolean[] e2ee = new boolean[64];
    private int[] retentionDays = new int[64];
    /** Each camera's view, as a camera with it (so rounded as the API rounds), or {@code null}. */
    private Camera[] views = new Camera[64];
    private int size;

    private int[] footageCamera = new int[64];
    private long[] footageStart = new long[64];
    private long[] footageEnd = new long[64];
    private int footage;

    private final SplittableRandom random;
    private final long baseMillis;

    /**
     * @param seed seeds the random attributes and footage
     * @param baseMillis the instant footage clusters around
     */
    public Dataset(long seed, long baseMillis) {
        this.random = new SplittableRandom(seed);
        this.baseMillis = baseMillis;
    }

    @Override
    public int cameraCount() {
        return size;
    }

    @Override
    public long id(int c) {
        return ids[c];
    }

    @Override
    public double lat(int c) {
        return lat[c];
    }

    @Override
    public double lon(int c) {
        return lon[c];
    }

    @Override
    public boolean optedIn(int c) {
        return optedIn[c];
    }

    @Override
    public boolean e2ee(int c) {
        return e2ee[c];
    }

    @Override
    public int retentionDays(int c) {
        return retentionDays[c];
    }

    @Override
    public int footageCount() {
        return footage;
    }

    @Override
    public int footageCamera(int f) {
        return footageCamera[f];
    }

    @Override
    public long footageStart(int f) {
        return footageStart[f];
    }

    @Override
    public long footageEnd(int f) {
        return footageEnd[f];
    }

    @Override
    public boolean hasView(int c) {
        return views[c] != null;
    }

    @Override
    public double headingDegrees(int c) {
        return views[c].headingDegrees();
    }

    @Override
    public double fieldOfViewDegrees(int c) {
        return views[c].fieldOfViewDegrees();
    }

    @Override
    public double rangeMeters(int c) {
        return views[c].rangeMeters();
    }

    /**
     * Gives a camera a view (rounded as {@link Camera#view} rounds).
     *
     * @param c camera index
     * @param headingDegrees heading
     * @param fieldOfViewDegrees field of view
     * @param rangeMeters range
     */
    public void setView(int c, double headingDegrees, double fieldOfViewDegrees, double rangeMeters) {
        views[c] = Camera.at(0, 0, 0).view(headingDegrees, fieldOfViewDegrees, rangeMeters);
    }

    /** @return the random stream the dataset draws from */
    public SplittableRandom random() {
        return random;
    }

    /**
     * @param c camera index
     * @return the camera as the API knows it
     */
    public Camera camera(int c) {
        Camera camera = Camera.at(ids[c], lat[c], lon[c]).optedIn(optedIn[c]).e2ee(e2ee[c]).retentionDays(retentionDays[c]);
        return views[c] == null ? camera
            : camera.view(views[c].headingDegrees(), views[c].fieldOfViewDegrees(), views[c].rangeMeters());
    }

    /**
     * Adds an eligible camera without footage.
     *
     * @param latDegrees latitude
     * @param lonDegrees longitude
     * @param retention days of footage kept
     * @return its index
     */
    public int addBareCamera(double latDegrees, double lonDegrees, int retention) {
        int c = addCamera(latDegrees, lonDegrees, new long[0]);
        optedIn[c] = true;
        e2ee[c] = false;
        retentionDays[c] = retention;
        while (footage > 0 && footageCamera[footage - 1] == c) {
            footage--;
        }
        return c;
    }

    /**
     * Adds a camera with random attributes and some footage near the base instant.
     *
     * @param latDegrees latitude
     * @param lonDegrees longitude
     * @param alignedTo bucket sizes some clips start exactly on an edge of
     * @return its index
     */
    public int addCamera(double latDegrees, double lonDegrees, long[] alignedTo) {
        if (size == ids.length) {
            int cap = size * 2;
            ids = Arrays.copyOf(ids, cap);
            lat = Arrays.copyOf(lat, cap);
            lon = Arrays.copyOf(lon, cap);
            optedIn = Arrays.copyOf(optedIn, cap);
            e2ee = Arrays.copyOf(e2ee, cap);
            retentionDays = Arrays.copyOf(retentionDays, cap);
            views = Arrays.copyOf(views, cap);
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

    /**
     * @param camera camera index
     * @param start inclusive start, epoch ms
     * @param end exclusive end, epoch ms
     */
    public void addFootage(int camera, long start, long end) {
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

    /**
     * @param bucketMillis the bucket size
     * @return a built index of every camera and footage row
     */
    public GeoIndex build(long bucketMillis) {
        GeoIndexBuilder b = GeoIndex.builder(bucketMillis);
        for (int c = 0; c < size; c++) {
            b.addCamera(camera(c));
        }
        for (int f = 0; f < footage; f++) {
            b.addFootage(ids[footageCamera[f]], footageStart[f], footageEnd[f]);
        }
        return b.build();
    }
}
