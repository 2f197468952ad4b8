package io.geomatch.bench;

import io.geomatch.world.CameraWorld;

import java.util.SplittableRandom;

/**
 * An endless, reproducible stream of new footage for a {@link CameraWorld}, for ingestion
 * benchmarks: event {@code i} is a clip of 5 to 60 s of a uniformly chosen camera, starting
 * within hour {@code i / EVENTS_PER_HOUR} after the world's present, so the stream moves forward
 * in time at {@value #EVENTS_PER_HOUR} clips per simulated hour (about 8 times the world's own
 * motion rate at 1 M cameras). The first {@value #POOL} events are drawn once; later ones repeat
 * them shifted by whole hours. Reading an event allocates nothing.
 */
public final class FootageStream {
    /** Clips per simulated hour. */
    public static final int EVENTS_PER_HOUR = 1 << 20;
    private static final int POOL = EVENTS_PER_HOUR;
    private static final long HOUR = 3_600_000L;

    private final long[] cameraIds = new long[POOL];
    private final long[] startOffsets = new long[POOL];
    private final int[] durations = new int[POOL];
    private final long startMillis;

    /**
     * @param world the cameras
     * @param seed the stream's seed
     */
    public FootageStream(CameraWorld world, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] ids = world.ids();
        for (int i = 0; i < POOL; i++) {
            cameraIds[i] = ids[random.nextInt(ids.length)];
            startOffsets[i] = random.nextLong(HOUR);
            durations[i] = 5_000 + random.nextInt(55_001);
        }
        this.startMillis = world.nowMillis();
    }

    /**
     * @param i event number, 0 or more
     * @return the camera of event {@code i}
     */
    public long cameraId(long i) {
        return cameraIds[(int) (i & (POOL - 1))];
    }

    /**
     * @param i event number
     * @return the clip's start, epoch ms
     */
    public long startMillis(long i) {
        return startMillis + (i / EVENTS_PER_HOUR) * HOUR + startOffsets[(int) (i & (POOL - 1))];
    }

    /**
     * @param i event number
     * @return the clip's end, epoch ms, after its start
     */
    public long endMillis(long i) {
        return startMillis(i) + durations[(int) (i & (POOL - 1))];
    }
}
