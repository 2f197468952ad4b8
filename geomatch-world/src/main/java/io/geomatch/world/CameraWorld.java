package io.geomatch.world;

import io.geomatch.core.Camera;
import io.geomatch.core.GeoIndex;
import io.geomatch.core.GeoIndexBuilder;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A deterministic, simulated world of home security cameras spread over the US by population,
 * with their owners' settings and the footage they recorded: the one data set behind the
 * benchmarks, the demo and {@code geomatch.jar sample}.
 *
 * <p><b>Placement.</b> Each camera picks one of the {@link UsPlaces} (16,663 places, 264 M people
 * in all) with probability proportional to its population, and lies at a 2-D Gaussian offset from
 * the place's centre with a standard deviation of {@code 600 m + 3.5 m * sqrt(population)} in
 * each direction: 711 m for a village of 1,000, 1.7 km for a town of 100,000, 4.1 km for a city of
 * a million and 10.6 km for New York City. With 10 M cameras (about one per 26 people) a
 * 0.5 mi² area holds about 1,100 cameras in Midtown Manhattan, 500 to 650 in the centres of
 * Chicago, Los Angeles or Houston, and a median of about 125 around a camera picked at random
 * (estimated by simulation when the spread was chosen).
 * The Gaussian comes from a Box–Muller transform written here (with {@link StrictMath}), not from
 * {@code nextGaussian}, whose algorithm may change. Coordinates are rounded to 1e-6 degrees
 * (about 11 cm) and clamped to -90..90 and -180..180.
 *
 * <p><b>Attributes</b>, each drawn independently: the owner opted in with probability 85%; the
 * camera is end-to-end encrypted with probability 5%; the retention plan is 1, 3, 7, 14, 30, 60,
 * 90 or 180 days with probabilities 5, 5, 10, 10, 20, 30, 10 and 10%; the device is a
 * {@linkplain DeviceType#DOORBELL doorbell} (55%), {@linkplain DeviceType#FLOODLIGHT floodlight}
 * (15%), {@linkplain DeviceType#SPOTLIGHT spotlight} (10%) or
 * {@linkplain DeviceType#STICK_UP stick-up camera} (20%). Ids are distinct, non-negative and in no
 * particular order: a bijective 63-bit mix of the seed plus the camera's position.
 *
 * <p><b>Views.</b> 60% of cameras have a view (what they see, for view matching): doorbells a
 * field of view of 140 to 180 degrees and a range of 8 to 30 m, floodlights and spotlights 100 to
 * 130 degrees and 10 to 25 m, stick-up cameras 90 to 120 degrees and 5 to 20 m (uniform), facing
 * away from their place's centre (the bearing of their offset from it) give or take a Gaussian
 * spread of 30 degrees; kept to 0.01 degree and 1 mm, as the index keeps them. Views are drawn
 * from a stream of their own, so every other property is as it was before views existed.
 *
 * <p><b>Footage</b> covers {@code [historyStartMillis(), nowMillis())} and nothing ends after
 * {@code nowMillis()}.
 * <ul>
 *   <li>2.5% of cameras <em>record continuously</em>: segments of 1 to 12 hours (uniform)
 *       separated by gaps of 10 s to 30 min (uniform), from a random instant in the first 30
 *       minutes of the history until now.</li>
 *   <li>The others record <em>motion clips</em> of 5 to 60 s (uniform, to the millisecond; the
 *       last ones are cut short at now). Each camera has an activity level, a mean number of
 *       motion events per day drawn from a log-normal distribution with mean 3 and log-standard
 *       deviation 1 (median 1.8, 90th percentile 6.5), capped at 48. Over the history it records a
 *       Poisson number of clips with mean {@code historyDays} times that level (the sum of one
 *       Poisson count per day), each on a uniformly random day of the history (so each day's
 *       count is again Poisson with the daily mean), at a local time of day drawn from a
 *       diurnal curve: relative weights per local hour 0..23 of 2, 1, 1, 1, 1, 2, 5, 9, 10, 7, 6,
 *       6, 7, 7, 7, 8, 10, 13, 14, 12, 9, 6, 4, 3 (quiet nights, a morning peak at 8 h and an
 *       evening peak at 18 h), uniform within the hour. Local time is UTC plus {@code lon / 15}
 *       hours, and "day {@code d}" is {@code [historyStart + d days, historyStart + d + 1 days)},
 *       so the curve holds on every day, the first and last included. Clips are independent
 *       events, so two clips of one camera may overlap.</li>
 * </ul>
 * Overall that is about 3 clips per camera per day: 10 M cameras with 7 days of history have
 * about 210 M footage intervals. Footage is held per camera in ascending start order, in
 * compressed sparse rows ({@link #footageOffsets()}, {@link #footageStartMillis()},
 * {@link #footageDurationMillis()}): 12 bytes per interval, about 2.5 GB for that example.
 *
 * <p><b>Determinism and cost.</b> Cameras are generated in fixed chunks of 65,536 positions, in
 * parallel on the common fork-join pool, in two passes. The first draws, for each camera of a
 * chunk in position order, its place, offset, attributes and number of clips (or its continuous
 * segments) from the chunk's first {@link SplittableRandom}; a prefix sum of the counts gives the
 * footage offsets, and the second pass draws the clips' days, times and lengths from the chunk's
 * second stream straight into arrays of the exact size. Both streams are seeded from
 * {@code (seed, chunk index)} alone. So the same {@code (cameras, historyDays, nowMillis, seed)}
 * gives identical arrays whatever the number of threads, on any JVM (only {@code StrictMath} and
 * exact arithmetic are used); and a world of {@code n} cameras is the first {@code n} cameras,
 * with their footage, of any larger world with the same other arguments. The heap holds little
 * beyond the result, about {@code 35 + 36 * historyDays} bytes per camera: 2.9 GB for 10 M
 * cameras with 7 days, which take about 17 s of CPU to generate (20 to 33 s of wall time on the
 * project's shared 2-core VM, where the kernel is slow to hand out fresh memory).
 *
 * <p><b>Threading.</b> Immutable after construction and safe to read from any number of threads.
 * The arrays returned by the accessors are the world's own, not copies: read them, never modify
 * them.
 */
public final class CameraWorld {
    /** The simulated present of the demo, {@code sample} and the benchmarks, ISO-8601. */
    public static final String DEFAULT_NOW = "2026-11-03T22:00:00Z";
    /** {@link #DEFAULT_NOW} in epoch milliseconds. */
    public static final long DEFAULT_NOW_MILLIS = 1_793_743_200_000L;
    /** Largest allowed number of cameras. */
    public static final int MAX_CAMERAS = Integer.MAX_VALUE - 8;
    /** Largest allowed number of history days. */
    public static final int MAX_HISTORY_DAYS = 3650;
    /**
     * Largest allowed product {@code cameras * historyDays}: at about 3 clips per camera-day, more
     * would overflow the {@code int} footage offsets.
     */
    public static final long MAX_CAMERA_DAYS = 500_000_000L;
    /** Milliseconds in a day, as the retention rule counts them. */
    public static final long MILLIS_PER_DAY = 86_400_000L;
    /** Metres per degree of latitude (and of longitude at the equator) on the 6,371,008.8 m sphere. */
    public static final double METERS_PER_DEGREE = Math.PI * 6_371_008.8 / 180.0;
    /** Metres in one international mile. */
    public static final double METERS_PER_MILE = 1609.344;

    /** Cameras per generation chunk; part of the definition of the output, so never change it casually. */
    static final int CHUNK_CAMERAS = 65_536;

    private static final double SIGMA_BASE_METERS = 600.0;
    private static final double SIGMA_METERS_PER_SQRT_PERSON = 3.5;
    private static final double COORDINATE_STEPS_PER_DEGREE = 1e6;
    private static final int OPTED_IN_PER_MILLE = 850;
    private static final int E2EE_PER_MILLE = 50;
    private static final int ALWAYS_RECORDING_PER_MILLE = 25;
    private static final int[] RETENTION_DAYS = {1, 3, 7, 14, 30, 60, 90, 180};
    private static final int[] RETENTION_PERCENT = {5, 5, 10, 10, 20, 30, 10, 10};
    /** Percent per {@link DeviceType}, in declaration order. */
    private static final int[] DEVICE_PERCENT = {55, 15, 10, 20};
    private static final DeviceType[] DEVICE_TYPES = DeviceType.values();
    private static final double MEAN_EVENTS_PER_DAY = 3.0;
    private static final double ACTIVITY_LOG_SIGMA = 1.0;
    private static final double MAX_EVENTS_PER_DAY = 48.0;
    private static final int[] HOURLY_WEIGHTS = {2, 1, 1, 1, 1, 2, 5, 9, 10, 7, 6, 6, 7, 7, 7, 8, 10, 13, 14, 12, 9, 6, 4, 3};
    /** Hour of each of the 151 equally likely slots: hour {@code h} has {@code HOURLY_WEIGHTS[h]} of them. */
    private static final byte[] HOUR_OF_SLOT = slots(HOURLY_WEIGHTS);
    private static final int MIN_CLIP_MILLIS = 5_000;
    private static final int MAX_CLIP_MILLIS = 60_000;
    private static final long CLIP_LENGTH_CHOICES = MAX_CLIP_MILLIS - MIN_CLIP_MILLIS + 1;
    private static final long HOUR_MILLIS = 3_600_000L;
    /** Slots times milliseconds per hour times clip lengths: about 3e16, well below 2^63. */
    private static final long EVENT_DRAW_BOUND = HOUR_OF_SLOT.length * HOUR_MILLIS * CLIP_LENGTH_CHOICES;
    /** Local time is UTC plus lon / 15 hours: 240,000 ms per degree of longitude. */
    private static final double LOCAL_OFFSET_MILLIS_PER_DEGREE = HOUR_MILLIS / 15.0;
    private static final long MIN_SEGMENT_MILLIS = HOUR_MILLIS;
    private static final long MAX_SEGMENT_MILLIS = 12 * HOUR_MILLIS;
    private static final long MIN_GAP_MILLIS = 10_000L;
    private static final long MAX_GAP_MILLIS = 30 * 60_000L;
    private static final long ID_SALT = 0x5DEECE66DL;
    private static final long CAMERA_STREAM_SALT = 0x1D8E4E27C47D124FL;
    private static final long CLIP_STREAM_SALT = 0x7A646E4D3F1C2B95L;
    private static final long VIEW_STREAM_SALT = 0x3C6EF372FE94F82BL;
    private static final int VIEW_PER_MILLE = 600;
    /** Per {@link DeviceType}, in declaration order: least and most field of view, degrees, and range, metres. */
    private static final double[][] VIEW_SHAPES = {{140, 180, 8, 30}, {100, 130, 10, 25}, {100, 130, 10, 25}, {90, 120, 5, 20}};
    private static final double VIEW_SPREAD_DEGREES = 30;
    private static final long MAX_FOOTAGE = Integer.MAX_VALUE - 8;
    private static final long MASK_63 = Long.MAX_VALUE;

    /** The kind of device a camera is; the simulator uses it, the index does not. */
    public enum DeviceType {
        /** A video doorbell at the front door. */
        DOORBELL,
        /** A wired camera with floodlights, usually over a driveway or yard. */
        FLOODLIGHT,
        /** A camera with a small spotlight, wired or battery powered. */
        SPOTLIGHT,
        /** A small indoor or outdoor camera mounted on a shelf or wall. */
        STICK_UP
    }

    private final int cameraCount;
    private final int historyDays;
    private final long seed;
    private final long nowMillis;
    private final long[] ids;
    private final double[] latDegrees;
    private final double[] lonDegrees;
    private final boolean[] optedIn;
    private final boolean[] e2ee;
    private final int[] retentionDays;
    private final byte[] deviceTypes;
    /** Each camera's view: heading and field of view in hundredths of a degree, range in mm (0: no view). */
    private final char[] viewHeadings;
    private final char[] viewFields;
    private final int[] viewRanges;
    private final int[] footageOffsets;
    private final long[] footageStartMillis;
    private final int[] footageDurationMillis;

    private CameraWorld(int historyDays, long seed, long nowMillis, long[] ids, double[] latDegrees, double[] lonDegrees,
                        boolean[] optedIn, boolean[] e2ee, int[] retentionDays, byte[] deviceTypes, char[] viewHeadings,
                        char[] viewFields, int[] viewRanges, int[] footageOffsets, long[] footageStartMillis, int[] footageDurationMillis) {
        this.cameraCount = ids.length;
        this.historyDays = historyDays;
        this.seed = seed;
        this.nowMillis = nowMillis;
        this.ids = ids;
        this.latDegrees = latDegrees;
        this.lonDegrees = lonDegrees;
        this.optedIn = optedIn;
        this.e2ee = e2ee;
        this.retentionDays = retentionDays;
        this.deviceTypes = deviceTypes;
        this.viewHeadings = viewHeadings;
        this.viewFields = viewFields;
        this.viewRanges = viewRanges;
        this.footageOffsets = footageOffsets;
        this.footageStartMillis = footageStartMillis;
        this.footageDurationMillis = footageDurationMillis;
    }

    /**
     * @param historyDays days of footage before now, {@code 1..MAX_HISTORY_DAYS}
     * @return the earliest now a world of that history may have: its footage must start within
     *     the instants an index takes ({@link GeoIndexBuilder#MAX_ABS_MILLIS})
     */
    public static long earliestNowMillis(int historyDays) {
        return -GeoIndexBuilder.MAX_ABS_MILLIS + historyDays * MILLIS_PER_DAY;
    }

    /** @return the latest now a world may have, the last instant an index takes */
    public static long latestNowMillis() {
        return GeoIndexBuilder.MAX_ABS_MILLIS;
    }

    /**
     * Generates a world; see the class description for the model.
     *
     * @param cameras how many cameras, 1..{@value #MAX_CAMERAS}, and {@code cameras * historyDays}
     *     at most {@value #MAX_CAMERA_DAYS}
     * @param historyDays days of footage history ending at {@code nowMillis}, 1..{@value #MAX_HISTORY_DAYS}
     * @param nowMillis the simulated present, epoch ms: the end of the history and the instant
     *     retention is judged at; the whole history must lie within ±10^15 ms
     *     ({@link GeoIndexBuilder#MAX_ABS_MILLIS})
     * @param seed the seed; equal arguments give equal worlds
     * @return the world
     * @throws IllegalArgumentException if an argument is out of range, naming it, its value and
     *     the allowed range
     */
    public static CameraWorld generate(int cameras, int historyDays, long nowMillis, long seed) {
        if (cameras < 1 || cameras > MAX_CAMERAS) {
            throw new IllegalArgumentException("cameras=" + cameras + " is out of range, allowed 1.." + MAX_CAMERAS);
        }
        if (historyDays < 1 || historyDays > MAX_HISTORY_DAYS) {
            throw new IllegalArgumentException("historyDays=" + historyDays + " is out of range, allowed 1.." + MAX_HISTORY_DAYS);
        }
        if ((long) cameras * historyDays > MAX_CAMERA_DAYS) {
            throw new IllegalArgumentException("cameras*historyDays=" + (long) cameras * historyDays
                + " is out of range, allowed 1.." + MAX_CAMERA_DAYS + " (the footage would not fit int offsets)");
        }
        if (nowMillis > latestNowMillis() || nowMillis < earliestNowMillis(historyDays)) {
            throw new IllegalArgumentException("nowMillis=" + nowMillis + " is out of range, allowed "
                + earliestNowMillis(historyDays) + ".." + latestNowMillis() + " for historyDays=" + historyDays);
        }
        return new Generator(cameras, historyDays, nowMillis, seed).run();
    }

    /**
     * A world from given arrays, for hand-made test worlds; the arrays are taken, not copied.
     * Every camera is a {@link DeviceType#DOORBELL} and the seed is 0.
     */
    static CameraWorld of(int historyDays, long nowMillis, long[] ids, double[] latDegrees, double[] lonDegrees,
                          boolean[] optedIn, boolean[] e2ee, int[] retentionDays,
                          int[] footageOffsets, long[] footageStartMillis, int[] footageDurationMillis) {
        int n = ids.length;
        if (latDegrees.length != n || lonDegrees.length != n || optedIn.length != n || e2ee.length != n
            || retentionDays.length != n || footageOffsets.length != n + 1 || footageOffsets[0] != 0
            || footageStartMillis.length != footageOffsets[n] || footageDurationMillis.length != footageOffsets[n]) {
            throw new IllegalArgumentException("array lengths disagree");
        }
        return new CameraWorld(historyDays, 0L, nowMillis, ids, latDegrees, lonDegrees, optedIn, e2ee, retentionDays,
            new byte[n], new char[n], new char[n], new int[n], footageOffsets, footageStartMillis, footageDurationMillis);
    }

    /** @return the number of cameras */
    public int cameraCount() {
        return cameraCount;
    }

    /** @return days of footage history ending at {@link #nowMillis()} */
    public int historyDays() {
        return historyDays;
    }

    /** @return the seed this world was generated from */
    public long seed() {
        return seed;
    }

    /** @return the simulated present, epoch ms: the end of the history and the instant retention is judged at */
    public long nowMillis() {
        return nowMillis;
    }

    /** @return the start of the footage history, epoch ms: {@code nowMillis() - historyDays() * 86,400,000} */
    public long historyStartMillis() {
        return nowMillis - historyDays * MILLIS_PER_DAY;
    }

    /** @return camera ids by camera position: distinct, non-negative, in no particular order; do not modify */
    public long[] ids() {
        return ids;
    }

    /** @return latitudes by camera position, degrees, multiples of 1e-6; do not modify */
    public double[] latDegrees() {
        return latDegrees;
    }

    /** @return longitudes by camera position, degrees, multiples of 1e-6; do not modify */
    public double[] lonDegrees() {
        return lonDegrees;
    }

    /** @return whether each camera's owner opted in to requests, by camera position; do not modify */
    public boolean[] optedIn() {
        return optedIn;
    }

    /** @return whether each camera is end-to-end encrypted (and so can never share), by camera position; do not modify */
    public boolean[] e2ee() {
        return e2ee;
    }

    /** @return each camera's retention, days, one of 1, 3, 7, 14, 30, 60, 90, 180, by camera position; do not modify */
    public int[] retentionDays() {
        return retentionDays;
    }

    /**
     * The kind of device at a camera position.
     *
     * @param camera a camera position, {@code 0..cameraCount()-1}
     * @return its device type
     * @throws IndexOutOfBoundsException if {@code camera} is out of range
     */
    public DeviceType deviceType(int camera) {
        if (camera < 0 || camera >= cameraCount) {
            throw new IndexOutOfBoundsException("camera=" + camera + " is out of range, allowed 0.." + (cameraCount - 1));
        }
        return DEVICE_TYPES[deviceTypes[camera]];
    }

    /**
     * @param camera a camera position
     * @return whether it has a view
     */
    public boolean hasView(int camera) {
        return viewRanges[camera] != 0;
    }

    /**
     * @param camera a camera position with a view
     * @return its view's heading, degrees clockwise from north, to 0.01 degree
     */
    public double viewHeadingDegrees(int camera) {
        return viewHeadings[camera] / 100.0;
    }

    /**
     * @param camera a camera position with a view
     * @return its field of view, degrees, to 0.01 degree
     */
    public double viewFieldOfViewDegrees(int camera) {
        return viewFields[camera] / 100.0;
    }

    /**
     * @param camera a camera position with a view
     * @return its view's range, metres, to 1 mm
     */
    public double viewRangeMeters(int camera) {
        return viewRanges[camera] / 1000.0;
    }

    /**
     * @param camera a camera position
     * @return the camera as geomatch takes it, with its view if it has one
     */
    public Camera camera(int camera) {
        Camera c = Camera.at(ids[camera], latDegrees[camera], lonDegrees[camera]).optedIn(optedIn[camera]).e2ee(e2ee[camera])
            .retentionDays(retentionDays[camera]);
        return hasView(camera) ? c.view(viewHeadingDegrees(camera), viewFieldOfViewDegrees(camera), viewRangeMeters(camera)) : c;
    }

    /**
     * @return {@code cameraCount() + 1} offsets into the footage arrays: camera {@code i}'s
     *     intervals are {@code footageOffsets()[i]} (inclusive) to {@code footageOffsets()[i + 1]}
     *     (exclusive), in ascending start order; do not modify
     */
    public int[] footageOffsets() {
        return footageOffsets;
    }

    /** @return the start of each footage interval, inclusive, epoch ms, ascending within a camera; do not modify */
    public long[] footageStartMillis() {
        return footageStartMillis;
    }

    /**
     * @return the length of each footage interval, ms, at least 1 (the interval is
     *     {@code [start, start + length)}): 5,000..60,000 for motion clips, up to 12 hours for
     *     continuous recording; do not modify
     */
    public int[] footageDurationMillis() {
        return footageDurationMillis;
    }

    /** @return how many footage intervals there are in all */
    public int footageCount() {
        return footageOffsets[cameraCount];
    }

    /**
     * Feeds the world into a builder: every camera, then every footage interval.
     *
     * @param builder a builder holding none of this world's camera ids (its {@code build()}
     *     refuses an id added twice)
     * @return {@code builder}
     */
    public GeoIndexBuilder addTo(GeoIndexBuilder builder) {
        for (int i = 0; i < cameraCount; i++) {
            builder.addCamera(camera(i));
        }
        for (int i = 0; i < cameraCount; i++) {
            long id = ids[i];
            for (int f = footageOffsets[i]; f < footageOffsets[i + 1]; f++) {
                long start = footageStartMillis[f];
                builder.addFootage(id, start, start + footageDurationMillis[f]);
            }
        }
        return builder;
    }

    /**
     * Builds a geomatch index of this world.
     *
     * @param bucketMillis the index's time bucket size, ms, as {@link GeoIndex#builder(long)} allows
     * @return the index
     * @throws io.geomatch.core.InvalidInputException if {@code bucketMillis} is out of range
     */
    public GeoIndex buildIndex(long bucketMillis) {
        return addTo(GeoIndex.builder(bucketMillis)).build();
    }

    /** SplitMix64's finaliser: a bijection on long that scrambles well. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The same steps on 63-bit values: each step (xor with a right shift, multiplication by an
     * odd constant modulo 2^63) is a bijection on {@code 0..2^63-1}, so distinct inputs modulo
     * 2^63 give distinct non-negative outputs.
     */
    static long mix63(long z) {
        z &= MASK_63;
        z = ((z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L) & MASK_63;
        z = ((z ^ (z >>> 27)) * 0x94D049BB133111EBL) & MASK_63;
        return z ^ (z >>> 31);
    }

    /** Expands weights into slots: index {@code i} appears {@code weights[i]} times, in order. */
    private static byte[] slots(int[] weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        byte[] slots = new byte[total];
        int next = 0;
        for (int i = 0; i < weights.length; i++) {
            for (int k = 0; k < weights[i]; k++) {
                slots[next++] = (byte) i;
            }
        }
        return slots;
    }

    /** The places as flat arrays with their sampling weights and spreads; built once. */
    private static final class PlaceTable {
        static final PlaceTable INSTANCE = new PlaceTable(UsPlaces.all());

        final long[] cumulativePopulation;
        final double[] latDegrees;
        final double[] lonDegrees;
        final double[] sigmaLatDegrees;
        final double[] sigmaLonDegrees;

        private PlaceTable(List<UsPlaces.Place> places) {
            int n = places.size();
            cumulativePopulation = new long[n];
            latDegrees = new double[n];
            lonDegrees = new double[n];
            sigmaLatDegrees = new double[n];
            sigmaLonDegrees = new double[n];
            long total = 0;
            for (int i = 0; i < n; i++) {
                UsPlaces.Place place = places.get(i);
                total += place.population();
                cumulativePopulation[i] = total;
                latDegrees[i] = place.latDegrees();
                lonDegrees[i] = place.lonDegrees();
                double sigmaMeters = SIGMA_BASE_METERS + SIGMA_METERS_PER_SQRT_PERSON * Math.sqrt(place.population());
                sigmaLatDegrees[i] = sigmaMeters / METERS_PER_DEGREE;
                sigmaLonDegrees[i] = sigmaMeters / (METERS_PER_DEGREE * StrictMath.cos(StrictMath.toRadians(place.latDegrees())));
            }
        }

        long totalPopulation() {
            return cumulativePopulation[cumulativePopulation.length - 1];
        }

        /** @return the place whose population range holds {@code r}, {@code 0 <= r < totalPopulation()} */
        int place(long r) {
            int i = Arrays.binarySearch(cumulativePopulation, r);
            return i >= 0 ? i + 1 : -i - 1;
        }
    }

    /**
     * What the first pass learns about one chunk that the second needs: which cameras record
     * continuously, and their segments (few: about 4 per camera-day for 2.5% of cameras).
     */
    private static final class ChunkPlan {
        int[] continuousCameras = new int[16];
        int continuousCount;
        long[] segmentStarts = new long[64];
        int[] segmentDurations = new int[64];
        int segmentCount;

        void addContinuousCamera(int camera) {
            if (continuousCount == continuousCameras.length) {
                continuousCameras = Arrays.copyOf(continuousCameras, continuousCount * 2);
            }
            continuousCameras[continuousCount++] = camera;
        }

        void addSegment(long start, int duration) {
            if (segmentCount == segmentStarts.length) {
                segmentStarts = Arrays.copyOf(segmentStarts, segmentCount * 2);
                segmentDurations = Arrays.copyOf(segmentDurations, segmentCount * 2);
            }
            segmentStarts[segmentCount] = start;
            segmentDurations[segmentCount] = duration;
            segmentCount++;
        }
    }

    /**
     * One generation run, in two passes over the chunks so that footage is written once, straight
     * into arrays of the exact size. Pass 1 draws each camera's place and attributes, its number of
     * motion clips (or its continuous segments) from the chunk's first stream; the clip counts
     * then become the offsets; pass 2 draws the clips' times and lengths from the chunk's second
     * stream into their final places and sorts each camera's clips.
     */
    private static final class Generator {
        private final int cameras;
        private final int historyDays;
        private final long nowMillis;
        private final long historyStartMillis;
        private final long seed;
        private final PlaceTable places = PlaceTable.INSTANCE;
        private final long[] ids;
        private final double[] latDegrees;
        private final double[] lonDegrees;
        private final boolean[] optedIn;
        private final boolean[] e2ee;
        private final int[] retentionDays;
        private final byte[] deviceTypes;
        private final char[] viewHeadings;
        private final char[] viewFields;
        private final int[] viewRanges;
        private final int[] footageOffsets;
        private long[] footageStartMillis;
        private int[] footageDurationMillis;

        Generator(int cameras, int historyDays, long nowMillis, long seed) {
            this.cameras = cameras;
            this.historyDays = historyDays;
            this.nowMillis = nowMillis;
            this.historyStartMillis = nowMillis - historyDays * MILLIS_PER_DAY;
            this.seed = seed;
            ids = new long[cameras];
            latDegrees = new double[cameras];
            lonDegrees = new double[cameras];
            optedIn = new boolean[cameras];
            e2ee = new boolean[cameras];
            retentionDays = new int[cameras];
            deviceTypes = new byte[cameras];
            viewHeadings = new char[cameras];
            viewFields = new char[cameras];
            viewRanges = new int[cameras];
            footageOffsets = new int[cameras + 1];
        }

        CameraWorld run() {
            int chunks = (int) (((long) cameras + CHUNK_CAMERAS - 1) / CHUNK_CAMERAS);
            ChunkPlan[] plans = new ChunkPlan[chunks];
            // Chunks write disjoint ranges of the arrays; the completion of each parallel stream
            // makes all of its writes visible to this thread, and the fields set in between are
            // visible to the second stream's tasks.
            IntStream.range(0, chunks).parallel().forEach(chunk -> plans[chunk] = planChunk(chunk));
            long total = 0;
            for (int i = 0; i < cameras; i++) {
                total += footageOffsets[i + 1];
                if (total > MAX_FOOTAGE) {
                    throw new IllegalArgumentException("footage=" + total + "+ is too many intervals, allowed at most " + MAX_FOOTAGE
                        + ": use fewer cameras or history days");
                }
                footageOffsets[i + 1] = (int) total;
            }
            footageStartMillis = new long[(int) total];
            footageDurationMillis = new int[(int) total];
            IntStream.range(0, chunks).parallel().forEach(chunk -> fillChunk(chunk, plans[chunk]));
            return new CameraWorld(historyDays, seed, nowMillis, ids, latDegrees, lonDegrees, optedIn, e2ee, retentionDays,
                deviceTypes, viewHeadings, viewFields, viewRanges, footageOffsets, footageStartMillis, footageDurationMillis);
        }

        private SplittableRandom chunkRandom(int chunk, long salt) {
            return new SplittableRandom(mix64(mix64(seed ^ salt) + (chunk + 1L) * 0x9E3779B97F4A7C15L));
        }

        /** Pass 1: cameras, and each one's footage count at {@code footageOffsets[i + 1]}. */
        private ChunkPlan planChunk(int chunk) {
            int first = chunk * CHUNK_CAMERAS;
            int end = (int) Math.min((long) first + CHUNK_CAMERAS, cameras);
            SplittableRandom rng = chunkRandom(chunk, CAMERA_STREAM_SALT);
            SplittableRandom viewRng = chunkRandom(chunk, VIEW_STREAM_SALT);
            double[] spread = new double[2];
            ChunkPlan plan = new ChunkPlan();
            long idBase = mix64(seed ^ ID_SALT);
            double[] gaussians = new double[2];
            long totalPopulation = places.totalPopulation();
            for (int i = first; i < end; i++) {
                ids[i] = mix63(idBase + i);

                int p = places.place(rng.nextLong(totalPopulation));
                gaussianPair(rng, gaussians);
                double lat = places.latDegrees[p] + gaussians[0] * places.sigmaLatDegrees[p];
                double lon = places.lonDegrees[p] + gaussians[1] * places.sigmaLonDegrees[p];
                latDegrees[i] = Math.max(-90.0, Math.min(90.0, Math.rint(lat * COORDINATE_STEPS_PER_DEGREE) / COORDINATE_STEPS_PER_DEGREE));
                lonDegrees[i] = Math.max(-180.0, Math.min(180.0, Math.rint(lon * COORDINATE_STEPS_PER_DEGREE) / COORDINATE_STEPS_PER_DEGREE));

                optedIn[i] = rng.nextInt(1000) < OPTED_IN_PER_MILLE;
                e2ee[i] = rng.nextInt(1000) < E2EE_PER_MILLE;
                retentionDays[i] = RETENTION_DAYS[pickPercent(RETENTION_PERCENT, rng.nextInt(100))];
                deviceTypes[i] = (byte) pickPercent(DEVICE_PERCENT, rng.nextInt(100));
                if (viewRng.nextInt(1000) < VIEW_PER_MILLE) {
                    // Facing away from the place's centre: the offset's bearing (both axes share one spread in metres).
                    gaussianPair(viewRng, spread);
                    double heading = StrictMath.toDegrees(StrictMath.atan2(gaussians[1], gaussians[0])) + spread[0] * VIEW_SPREAD_DEGREES;
                    double[] shape = VIEW_SHAPES[deviceTypes[i]];
                    double fov = shape[0] + viewRng.nextDouble() * (shape[1] - shape[0]);
                    double range = shape[2] + viewRng.nextDouble() * (shape[3] - shape[2]);
                    viewHeadings[i] = (char) (Math.floorMod(Math.round(heading * 100), 36_000L));
                    viewFields[i] = (char) Math.round(fov * 100);
                    viewRanges[i] = (int) Math.round(range * 1000);
                }

                if (rng.nextInt(1000) < ALWAYS_RECORDING_PER_MILLE) {
                    plan.addContinuousCamera(i);
                    footageOffsets[i + 1] = continuous(rng, plan);
                } else {
                    gaussianPair(rng, gaussians);
                    double eventsPerDay = Math.min(MAX_EVENTS_PER_DAY,
                        MEAN_EVENTS_PER_DAY * StrictMath.exp(ACTIVITY_LOG_SIGMA * gaussians[0] - ACTIVITY_LOG_SIGMA * ACTIVITY_LOG_SIGMA / 2));
                    double poissonThreshold = StrictMath.exp(-eventsPerDay);
                    long clips = 0;
                    for (int day = 0; day < historyDays; day++) {
                        clips += poisson(rng, poissonThreshold);
                    }
                    if (clips > MAX_FOOTAGE) {
                        throw new IllegalArgumentException("footage=" + clips + " is too many intervals for one camera");
                    }
                    footageOffsets[i + 1] = (int) clips;
                }
            }
            return plan;
        }

        /** Draws a continuous recorder's segments into the plan; returns how many. */
        private int continuous(SplittableRandom rng, ChunkPlan plan) {
            int before = plan.segmentCount;
            long start = historyStartMillis + rng.nextLong(MAX_GAP_MILLIS);
            while (start < nowMillis) {
                long end = Math.min(nowMillis, start + MIN_SEGMENT_MILLIS + rng.nextLong(MAX_SEGMENT_MILLIS - MIN_SEGMENT_MILLIS + 1));
                plan.addSegment(start, (int) (end - start));
                start = end + MIN_GAP_MILLIS + rng.nextLong(MAX_GAP_MILLIS - MIN_GAP_MILLIS + 1);
            }
            return plan.segmentCount - before;
        }

        /** Pass 2: every camera's footage, into its final place. */
        private void fillChunk(int chunk, ChunkPlan plan) {
            int first = chunk * CHUNK_CAMERAS;
            int end = (int) Math.min((long) first + CHUNK_CAMERAS, cameras);
            SplittableRandom rng = chunkRandom(chunk, CLIP_STREAM_SALT);
            long[] scratch = new long[256];
            int nextContinuous = 0;
            int nextSegment = 0;
            for (int i = first; i < end; i++) {
                int from = footageOffsets[i];
                int count = footageOffsets[i + 1] - from;
                if (nextContinuous < plan.continuousCount && plan.continuousCameras[nextContinuous] == i) {
                    System.arraycopy(plan.segmentStarts, nextSegment, footageStartMillis, from, count);
                    System.arraycopy(plan.segmentDurations, nextSegment, footageDurationMillis, from, count);
                    nextSegment += count;
                    nextContinuous++;
                } else {
                    if (count > scratch.length) {
                        scratch = new long[Math.max(count, 2 * scratch.length)];
                    }
                    motionClips(rng, lonDegrees[i], from, count, scratch);
                }
            }
            assert nextContinuous == plan.continuousCount && nextSegment == plan.segmentCount;
        }

        /**
         * Draws one camera's motion clips: each on a uniformly random day of the history, at a
         * local time of day from the diurnal curve, with a uniform length; then sorts them by
         * start and writes them at {@code from}.
         */
        private void motionClips(SplittableRandom rng, double lonDegrees, int from, int count, long[] scratch) {
            long localOffsetMillis = (long) Math.rint(lonDegrees * LOCAL_OFFSET_MILLIS_PER_DEGREE);
            for (int k = 0; k < count; k++) {
                long dayStart = historyStartMillis + rng.nextInt(historyDays) * MILLIS_PER_DAY;
                // One uniform draw split into three: a weighted hour slot, the millisecond within
                // the hour and the clip length beyond the minimum.
                long r = rng.nextLong(EVENT_DRAW_BOUND);
                int extra = (int) (r % CLIP_LENGTH_CHOICES);
                r /= CLIP_LENGTH_CHOICES;
                long localMillisOfDay = HOUR_OF_SLOT[(int) (r / HOUR_MILLIS)] * HOUR_MILLIS + r % HOUR_MILLIS;
                // The one instant of [dayStart, dayStart + 1 day) whose local time of day it is.
                long start = dayStart + Math.floorMod(localMillisOfDay - localOffsetMillis - dayStart, MILLIS_PER_DAY);
                // One sortable long per clip: the start relative to the history (< 2^39 ms for
                // 3650 days) above 16 bits of extra length (< 55,001).
                scratch[k] = ((start - historyStartMillis) << 16) | extra;
            }
            Arrays.sort(scratch, 0, count);
            for (int k = 0; k < count; k++) {
                long start = historyStartMillis + (scratch[k] >>> 16);
                long end = Math.min(nowMillis, start + MIN_CLIP_MILLIS + (scratch[k] & 0xFFFF));
                footageStartMillis[from + k] = start;
                footageDurationMillis[from + k] = (int) (end - start);
            }
        }
    }

    /** Index into a table of percentages adding up to 100 for a uniform {@code r} in 0..99. */
    private static int pickPercent(int[] percent, int r) {
        int k = 0;
        while (r >= percent[k]) {
            r -= percent[k];
            k++;
        }
        return k;
    }

    /**
     * Poisson variate by multiplying uniforms until the product drops to {@code exp(-mean)}
     * (Knuth); fine for the small means here (at most 48, so the threshold stays far above the
     * smallest double).
     */
    private static int poisson(SplittableRandom rng, double threshold) {
        int k = 0;
        double product = rng.nextDouble();
        while (product > threshold) {
            k++;
            product *= rng.nextDouble();
        }
        return k;
    }

    /**
     * Two independent standard normal variates from two uniforms (Box–Muller), into
     * {@code out[0]} and {@code out[1]}.
     */
    static void gaussianPair(SplittableRandom rng, double[] out) {
        double u1 = 1.0 - rng.nextDouble(); // (0, 1]: the logarithm stays finite
        double u2 = rng.nextDouble();
        double radius = Math.sqrt(-2.0 * StrictMath.log(u1));
        double angle = 2.0 * Math.PI * u2;
        out[0] = radius * StrictMath.cos(angle);
        out[1] = radius * StrictMath.sin(angle);
    }
}
