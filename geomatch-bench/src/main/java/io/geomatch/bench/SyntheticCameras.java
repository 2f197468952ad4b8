package io.geomatch.bench;

import io.geomatch.core.Area;
import io.geomatch.core.GeoIndex;
import io.geomatch.core.GeoIndexBuilder;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A deterministic, seeded synthetic data set of US-like camera locations and their footage, made
 * in memory without any external file, plus the matching query workload.
 *
 * <p>Placement: each camera picks one of 64 hard-coded metropolitan centres with probability
 * proportional to its weight (roughly the metro population in millions) and lies at a Gaussian
 * offset from it whose spread grows with the square root of the weight (about 4 km for a small
 * metro, 11 km for New York); half of a metro's cameras use half that spread, which gives dense
 * cores and thinner suburbs. A further 5% are spread uniformly over the contiguous-US bounding
 * box (some fall in the sea; they are the sparse tail). Coordinates are rounded to 1e-6 degrees.
 *
 * <p>Attributes: about 85% opted in, about 5% end-to-end encrypted (independently), retention
 * drawn from {1, 3, 7, 14, 30, 60, 90, 180} days with fixed weights.
 *
 * <p>Footage covers {@code historyDays} days ending at {@link #NOW_MILLIS}: 0 to 6 motion clips per
 * camera per day, uniformly placed, each 1 to 60 s long; about 3% of cameras record continuously
 * instead, in segments of 1 to 12 hours separated by gaps of up to 30 minutes. Footage never ends
 * after {@code NOW_MILLIS}. It is held per camera in start order (compressed sparse rows:
 * {@link #footageOffsets()}, {@link #footageStartMillis()}, {@link #footageDurationMillis()}).
 *
 * <p>The same {@code (cameras, historyDays, seed)} always gives the same data on a given JDK
 * release: everything is drawn from {@link SplittableRandom}, and Gaussians come from a
 * Box-Muller transform written here rather than from {@code nextGaussian}, whose algorithm may
 * change. Arrays returned by the accessors are the generator's own: read them, never modify
 * them. Immutable after construction, so safe to share between threads.
 */
public final class SyntheticCameras {
    /** The fixed "now" of every generated data set: 2025-06-01T00:00:00Z, epoch milliseconds. */
    public static final long NOW_MILLIS = 1_748_736_000_000L;
    /** Milliseconds in a day, as the retention rule counts them. */
    public static final long MILLIS_PER_DAY = 86_400_000L;
    /** Metres in one mile. */
    public static final double METERS_PER_MILE = 1609.344;
    /** Metres per degree of latitude (and of longitude at the equator) on the mean-radius sphere. */
    public static final double METERS_PER_DEGREE = Math.PI * 6_371_008.8 / 180.0;
    /** The retention periods a camera can have, days. */
    private static final int[] RETENTION_DAYS = {1, 3, 7, 14, 30, 60, 90, 180};
    /** Percent of cameras per entry of {@link #RETENTION_DAYS}; adds up to 100. */
    private static final int[] RETENTION_PERCENT = {5, 5, 10, 10, 20, 30, 10, 10};
    private static final int OPTED_IN_PERCENT = 85;
    private static final int E2EE_PERCENT = 5;
    private static final int ALWAYS_RECORDING_PERCENT = 3;
    private static final int RURAL_PERCENT = 5;
    private static final int MAX_CLIPS_PER_DAY = 6;
    private static final int MIN_CLIP_MILLIS = 1_000;
    private static final int MAX_CLIP_MILLIS = 60_000;
    private static final long HOUR_MILLIS = 3_600_000L;
    private static final double COORDINATE_STEP = 1e6;

    /**
     * Large US metropolitan areas as {latitude, longitude, weight}: rough centres and populations
     * in millions, from general knowledge. Precision does not matter; a clustered, skewed
     * density does.
     */
    private static final double[][] METROS = {
        {40.71, -74.01, 19.5}, {34.05, -118.24, 13.0}, {41.88, -87.63, 9.4}, {32.78, -96.80, 7.6},
        {29.76, -95.37, 7.1}, {38.91, -77.04, 6.3}, {39.95, -75.17, 6.2}, {25.76, -80.19, 6.1},
        {33.75, -84.39, 6.1}, {42.36, -71.06, 4.9}, {33.45, -112.07, 4.9}, {37.77, -122.42, 4.7},
        {33.95, -117.40, 4.6}, {42.33, -83.05, 4.4}, {47.61, -122.33, 4.0}, {44.98, -93.27, 3.7},
        {32.72, -117.16, 3.3}, {27.95, -82.46, 3.2}, {39.74, -104.99, 3.0}, {39.29, -76.61, 2.8},
        {38.63, -90.20, 2.8}, {28.54, -81.38, 2.7}, {35.23, -80.84, 2.7}, {29.42, -98.49, 2.6},
        {45.52, -122.68, 2.5}, {38.58, -121.49, 2.4}, {40.44, -80.00, 2.4}, {30.27, -97.74, 2.4},
        {36.17, -115.14, 2.3}, {39.10, -84.51, 2.3}, {39.10, -94.58, 2.2}, {39.96, -83.00, 2.1},
        {39.77, -86.16, 2.1}, {41.50, -81.69, 2.1}, {37.34, -121.89, 2.0}, {36.16, -86.78, 2.0},
        {36.85, -75.98, 1.8}, {41.82, -71.41, 1.7}, {30.33, -81.66, 1.7}, {43.04, -87.91, 1.6},
        {35.78, -78.64, 1.4}, {35.47, -97.52, 1.4}, {35.15, -90.05, 1.3}, {37.54, -77.44, 1.3},
        {38.25, -85.76, 1.3}, {29.95, -90.07, 1.3}, {40.76, -111.89, 1.3}, {41.76, -72.67, 1.2},
        {42.89, -78.88, 1.2}, {33.52, -86.80, 1.1}, {43.16, -77.61, 1.1}, {42.96, -85.67, 1.1},
        {32.22, -110.97, 1.0}, {21.31, -157.86, 1.0}, {36.15, -95.99, 1.0}, {36.74, -119.79, 1.0},
        {42.26, -71.80, 0.98}, {41.26, -95.93, 0.97}, {35.08, -106.65, 0.92}, {35.37, -119.02, 0.91},
        {35.96, -83.92, 0.88}, {31.76, -106.49, 0.87}, {43.62, -116.20, 0.76}, {61.22, -149.90, 0.40},
    };

    private final int cameraCount;
    private final int historyDays;
    private final long seed;
    private final long[] ids;
    private final double[] latDegrees;
    private final double[] lonDegrees;
    private final boolean[] optedIn;
    private final boolean[] e2ee;
    private final int[] retentionDays;
    private final int[] footageOffsets;
    private final long[] footageStartMillis;
    private final int[] footageDurationMillis;

    private SyntheticCameras(int cameraCount, int historyDays, long seed) {
        this.cameraCount = cameraCount;
        this.historyDays = historyDays;
        this.seed = seed;
        this.ids = new long[cameraCount];
        this.latDegrees = new double[cameraCount];
        this.lonDegrees = new double[cameraCount];
        this.optedIn = new boolean[cameraCount];
        this.e2ee = new boolean[cameraCount];
        this.retentionDays = new int[cameraCount];
        this.footageOffsets = new int[cameraCount + 1];

        SplittableRandom rng = new SplittableRandom(seed);
        placeCameras(rng);
        // Footage uses its own stream so that changing the footage model leaves places unchanged.
        // Mean clips per camera-day is MAX_CLIPS_PER_DAY / 2; continuous recorders add a little.
        Footage footage = new Footage((long) (cameraCount * (historyDays * (MAX_CLIPS_PER_DAY / 2.0) + 0.2)) + 1024);
        generateFootage(new SplittableRandom(mix(seed ^ 0x5DEECE66DL)), footage);
        this.footageStartMillis = footage.trimmedStarts();
        this.footageDurationMillis = footage.trimmedDurations();
    }

    /**
     * Generates a data set.
     *
     * @param cameras how many cameras, 1..{@code Integer.MAX_VALUE - 8}
     * @param historyDays days of footage history ending at {@link #NOW_MILLIS}, 1..3650
     * @param seed the seed; equal arguments give equal data
     * @return the data set
     * @throws IllegalArgumentException if a count is out of range
     */
    public static SyntheticCameras generate(int cameras, int historyDays, long seed) {
        if (cameras < 1 || cameras > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("cameras=" + cameras + " is out of range, allowed 1.." + (Integer.MAX_VALUE - 8));
        }
        if (historyDays < 1 || historyDays > 3650) {
            throw new IllegalArgumentException("historyDays=" + historyDays + " is out of range, allowed 1..3650");
        }
        return new SyntheticCameras(cameras, historyDays, seed);
    }

    private void placeCameras(SplittableRandom rng) {
        double[] cumulative = new double[METROS.length];
        double total = 0;
        for (int m = 0; m < METROS.length; m++) {
            total += METROS[m][2];
            cumulative[m] = total;
        }
        long idSalt = mix(seed);
        for (int i = 0; i < cameraCount; i++) {
            // mix is a bijection on long, so distinct i give distinct, unordered ids.
            ids[i] = mix(idSalt + i);
            double lat;
            double lon;
            if (rng.nextInt(100) < RURAL_PERCENT) {
                lat = 25.0 + 24.0 * rng.nextDouble();
                lon = -124.0 + 57.0 * rng.nextDouble();
            } else {
                int m = Arrays.binarySearch(cumulative, rng.nextDouble() * total);
                m = m >= 0 ? m : -m - 1;
                m = Math.min(m, METROS.length - 1);
                double sigmaMeters = 2000.0 + 2000.0 * Math.sqrt(METROS[m][2]);
                if (rng.nextInt(2) == 0) {
                    sigmaMeters *= 0.5;
                }
                double angle = 2 * Math.PI * rng.nextDouble();
                double radius = sigmaMeters * Math.sqrt(-2.0 * Math.log(1.0 - rng.nextDouble()));
                lat = METROS[m][0] + radius * Math.sin(angle) / METERS_PER_DEGREE;
                lon = METROS[m][1] + radius * Math.cos(angle) / (METERS_PER_DEGREE * Math.cos(Math.toRadians(lat)));
            }
            latDegrees[i] = Math.max(-90.0, Math.min(90.0, Math.rint(lat * COORDINATE_STEP) / COORDINATE_STEP));
            lonDegrees[i] = Math.max(-180.0, Math.min(180.0, Math.rint(lon * COORDINATE_STEP) / COORDINATE_STEP));
            optedIn[i] = rng.nextInt(100) < OPTED_IN_PERCENT;
            e2ee[i] = rng.nextInt(100) < E2EE_PERCENT;
            int r = rng.nextInt(100);
            int k = 0;
            while (r >= RETENTION_PERCENT[k]) {
                r -= RETENTION_PERCENT[k];
                k++;
            }
            retentionDays[i] = RETENTION_DAYS[k];
        }
    }

    private void generateFootage(SplittableRandom rng, Footage out) {
        long historyStart = historyStartMillis();
        long[] dayStarts = new long[MAX_CLIPS_PER_DAY];
        for (int i = 0; i < cameraCount; i++) {
            footageOffsets[i] = out.size();
            if (rng.nextInt(100) < ALWAYS_RECORDING_PERCENT) {
                long start = historyStart + rng.nextLong(30 * 60_000L);
                while (start < NOW_MILLIS) {
                    long end = Math.min(NOW_MILLIS, start + HOUR_MILLIS + rng.nextLong(11 * HOUR_MILLIS));
                    out.add(start, (int) (end - start));
                    start = end + 10_000L + rng.nextLong(30 * 60_000L - 10_000L);
                }
            } else {
                for (int d = 0; d < historyDays; d++) {
                    int clips = rng.nextInt(MAX_CLIPS_PER_DAY + 1);
                    long dayStart = historyStart + d * MILLIS_PER_DAY;
                    for (int c = 0; c < clips; c++) {
                        dayStarts[c] = dayStart + rng.nextLong(MILLIS_PER_DAY);
                    }
                    Arrays.sort(dayStarts, 0, clips);
                    for (int c = 0; c < clips; c++) {
                        long start = dayStarts[c];
                        long end = Math.min(NOW_MILLIS, start + MIN_CLIP_MILLIS + rng.nextInt(MAX_CLIP_MILLIS - MIN_CLIP_MILLIS + 1));
                        if (end > start) {
                            out.add(start, (int) (end - start));
                        }
                    }
                }
            }
        }
        footageOffsets[cameraCount] = out.size();
    }

    /** SplitMix64's finaliser: a bijection on long that scrambles well. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Builds a geomatch index of this data set: every camera, then every footage interval.
     *
     * @param bucketMillis the index's time bucket size, ms
     * @return the index
     */
    public GeoIndex buildIndex(long bucketMillis) {
        GeoIndexBuilder builder = GeoIndex.builder(bucketMillis);
        for (int i = 0; i < cameraCount; i++) {
            builder.addCamera(ids[i], latDegrees[i], lonDegrees[i], optedIn[i], e2ee[i], retentionDays[i]);
        }
        for (int i = 0; i < cameraCount; i++) {
            for (int f = footageOffsets[i]; f < footageOffsets[i + 1]; f++) {
                long start = footageStartMillis[f];
                builder.addFootage(ids[i], start, start + footageDurationMillis[f]);
            }
        }
        return builder.build();
    }

    /**
     * Makes a query workload: axis-aligned squares (in lon/lat degrees) of the given area, each
     * centred on a camera picked uniformly at random, so queries follow camera density; and
     * windows of the given length that lie wholly inside the footage history, ending at a
     * uniformly random instant.
     *
     * <p>The side in metres is {@code sqrt(areaSquareMiles) * 1609.344}; it is converted to
     * degrees with {@link #METERS_PER_DEGREE}, and for longitude also divided by the cosine of
     * the centre's latitude.
     *
     * @param count how many queries, at least 1
     * @param areaSquareMiles the area of each square, square miles, greater than 0
     * @param windowMillis the length of each window, ms, 1 to the history length
     * @param querySeed the seed of the workload; equal arguments give equal queries
     * @return the queries
     * @throws IllegalArgumentException if an argument is out of range
     */
    public Query[] queries(int count, double areaSquareMiles, long windowMillis, long querySeed) {
        long historyMillis = historyDays * MILLIS_PER_DAY;
        if (count < 1) {
            throw new IllegalArgumentException("count=" + count + " is out of range, allowed 1 or more");
        }
        if (!(areaSquareMiles > 0 && areaSquareMiles <= 1000)) {
            throw new IllegalArgumentException("areaSquareMiles=" + areaSquareMiles + " is out of range, allowed (0, 1000]");
        }
        if (windowMillis < 1 || windowMillis > historyMillis) {
            throw new IllegalArgumentException("windowMillis=" + windowMillis + " is out of range, allowed 1.." + historyMillis);
        }
        GeometryFactory factory = new GeometryFactory();
        SplittableRandom rng = new SplittableRandom(querySeed);
        double halfSideMeters = Math.sqrt(areaSquareMiles) * METERS_PER_MILE / 2;
        long earliestEnd = historyStartMillis() + windowMillis;
        Query[] queries = new Query[count];
        for (int q = 0; q < count; q++) {
            int camera = rng.nextInt(cameraCount);
            double lat = latDegrees[camera];
            double lon = lonDegrees[camera];
            double dLat = halfSideMeters / METERS_PER_DEGREE;
            double dLon = halfSideMeters / (METERS_PER_DEGREE * Math.cos(Math.toRadians(lat)));
            Polygon square = factory.createPolygon(new Coordinate[] {
                new Coordinate(lon - dLon, lat - dLat), new Coordinate(lon + dLon, lat - dLat),
                new Coordinate(lon + dLon, lat + dLat), new Coordinate(lon - dLon, lat + dLat),
                new Coordinate(lon - dLon, lat - dLat),
            });
            long to = earliestEnd + rng.nextLong(NOW_MILLIS - earliestEnd + 1);
            queries[q] = new Query(square, Area.polygon(square), PreparedGeometryFactory.prepare(square), to - windowMillis, to);
        }
        return queries;
    }

    /** @return the number of cameras */
    public int cameraCount() {
        return cameraCount;
    }

    /** @return days of footage history ending at {@link #NOW_MILLIS} */
    public int historyDays() {
        return historyDays;
    }

    /** @return the seed this data set was generated from */
    public long seed() {
        return seed;
    }

    /** @return the instant retention is judged at, and the end of the history: {@link #NOW_MILLIS} */
    public long nowMillis() {
        return NOW_MILLIS;
    }

    /** @return the start of the footage history, epoch ms: {@code NOW_MILLIS - historyDays} days */
    public long historyStartMillis() {
        return NOW_MILLIS - historyDays * MILLIS_PER_DAY;
    }

    /** @return camera ids, distinct, by camera position; do not modify */
    public long[] ids() {
        return ids;
    }

    /** @return latitudes, degrees, by camera position; do not modify */
    public double[] latDegrees() {
        return latDegrees;
    }

    /** @return longitudes, degrees, by camera position; do not modify */
    public double[] lonDegrees() {
        return lonDegrees;
    }

    /** @return whether each camera's owner opted in; do not modify */
    public boolean[] optedIn() {
        return optedIn;
    }

    /** @return whether each camera is end-to-end encrypted; do not modify */
    public boolean[] e2ee() {
        return e2ee;
    }

    /** @return each camera's retention, days, one of 1, 3, 7, 14, 30, 60, 90, 180; do not modify */
    public int[] retentionDays() {
        return retentionDays;
    }

    /**
     * @return {@code cameraCount() + 1} offsets: camera {@code i}'s footage intervals are
     *     {@code footageOffsets()[i]} (inclusive) to {@code footageOffsets()[i + 1]} (exclusive),
     *     in ascending start order; do not modify
     */
    public int[] footageOffsets() {
        return footageOffsets;
    }

    /** @return start of each footage interval, inclusive, epoch ms; do not modify */
    public long[] footageStartMillis() {
        return footageStartMillis;
    }

    /** @return length of each footage interval, ms, at least 1: the interval is {@code [start, start + length)}; do not modify */
    public int[] footageDurationMillis() {
        return footageDurationMillis;
    }

    /** @return how many footage intervals there are in all */
    public int footageCount() {
        return footageOffsets[cameraCount];
    }

    /**
     * One request of the workload: its square as JTS geometry, compiled as a geomatch
     * {@link Area}, and prepared for JTS; and its window {@code [fromMillis, toMillis)}.
     *
     * @param square the square, in (x = lon, y = lat) degrees
     * @param area the square as a geomatch area
     * @param prepared the square prepared for repeated JTS predicates
     * @param fromMillis window start, inclusive, epoch ms
     * @param toMillis window end, exclusive, epoch ms
     */
    public record Query(Polygon square, Area area, PreparedGeometry prepared, long fromMillis, long toMillis) {
    }

    /** Growable parallel arrays of footage intervals, used only while generating. */
    private static final class Footage {
        private long[] starts;
        private int[] durations;
        private int size;

        Footage(long expected) {
            int capacity = (int) Math.min(Math.max(expected, 16), Integer.MAX_VALUE - 16);
            starts = new long[capacity];
            durations = new int[capacity];
        }

        void add(long start, int duration) {
            if (size == starts.length) {
                long next = Math.min((long) size + (size >> 2) + 16, Integer.MAX_VALUE - 16);
                if (next <= size) {
                    throw new IllegalStateException("too many footage intervals: " + size);
                }
                starts = Arrays.copyOf(starts, (int) next);
                durations = Arrays.copyOf(durations, (int) next);
            }
            starts[size] = start;
            durations[size] = duration;
            size++;
        }

        int size() {
            return size;
        }

        long[] trimmedStarts() {
            return size == starts.length ? starts : Arrays.copyOf(starts, size);
        }

        int[] trimmedDurations() {
            return size == durations.length ? durations : Arrays.copyOf(durations, size);
        }
    }
}
