package io.geomatch.examples.world;

import io.geomatch.core.GeoIndex;
import io.geomatch.core.GeoIndexBuilder;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic world of simulated doorbell cameras spread over the US by population.
 *
 * <p>Each camera picks a place with probability proportional to its population and sits at a
 * Gaussian offset from it whose spread grows with the place's size. About 85% of owners opt in,
 * 5% of cameras are end-to-end encrypted, and retention plans range from 1 to 180 days. Footage is
 * a few motion clips (at most a minute) per camera per day, more in the evening, over the
 * {@code days} before {@code nowMillis}; a few cameras record continuously. The same seed always
 * gives the same world. Arrays are exposed for brute-force checks; do not modify them.
 */
public final class SampleWorld {
    /** The simulated present of the demo and of {@code sample} unless told otherwise, ISO-8601. */
    public static final String DEFAULT_NOW = "2026-11-03T22:00:00Z";
    private static final double METERS_PER_DEGREE = 111_320.0;
    private static final int[] RETENTION_PLANS = {1, 3, 7, 14, 30, 60, 90, 180};

    /** Camera ids. */
    public final long[] ids;
    /** Latitudes, degrees. */
    public final double[] latDegrees;
    /** Longitudes, degrees. */
    public final double[] lonDegrees;
    /** Whether each owner opted in. */
    public final boolean[] optedIn;
    /** Whether each camera is end-to-end encrypted. */
    public final boolean[] e2ee;
    /** Retention of each camera, days. */
    public final int[] retentionDays;
    /** Camera index of each footage interval. */
    public final int[] footageCamera;
    /** Footage start, epoch ms, inclusive. */
    public final long[] footageStartMillis;
    /** Footage end, epoch ms, exclusive. */
    public final long[] footageEndMillis;
    /** The simulated present, epoch ms. */
    public final long nowMillis;

    private SampleWorld(long[] ids, double[] lat, double[] lon, boolean[] optedIn, boolean[] e2ee, int[] retention,
                        int[] footageCamera, long[] start, long[] end, long nowMillis) {
        this.ids = ids;
        this.latDegrees = lat;
        this.lonDegrees = lon;
        this.optedIn = optedIn;
        this.e2ee = e2ee;
        this.retentionDays = retention;
        this.footageCamera = footageCamera;
        this.footageStartMillis = start;
        this.footageEndMillis = end;
        this.nowMillis = nowMillis;
    }

    /**
     * Generates a world.
     *
     * @param cameras how many cameras, at least 1
     * @param days days of footage history before {@code nowMillis}, at least 1
     * @param nowMillis the simulated present, epoch ms
     * @param seed the random seed
     * @return the world
     */
    public static SampleWorld generate(int cameras, int days, long nowMillis, long seed) {
        if (cameras < 1 || days < 1) {
            throw new IllegalArgumentException("cameras " + cameras + " and days " + days + " must be at least 1");
        }
        List<UsPlaces.Place> places = UsPlaces.all();
        double[] cumulative = new double[places.size()];
        double total = 0;
        for (int i = 0; i < cumulative.length; i++) {
            total += places.get(i).population();
            cumulative[i] = total;
        }
        SplittableRandom random = new SplittableRandom(seed);
        long[] ids = new long[cameras];
        double[] lat = new double[cameras];
        double[] lon = new double[cameras];
        boolean[] optedIn = new boolean[cameras];
        boolean[] e2ee = new boolean[cameras];
        int[] retention = new int[cameras];
        int expectedClips = cameras * days * 4;
        int[] fc = new int[expectedClips];
        long[] fs = new long[expectedClips];
        long[] fe = new long[expectedClips];
        int clips = 0;
        for (int c = 0; c < cameras; c++) {
            int p = Arrays.binarySearch(cumulative, random.nextDouble() * total);
            UsPlaces.Place place = places.get(p < 0 ? Math.min(-p - 1, places.size() - 1) : p);
            double spreadMeters = 800 + 2.5 * Math.sqrt(place.population());
            double dy = random.nextGaussian() * spreadMeters / METERS_PER_DEGREE;
            double dx = random.nextGaussian() * spreadMeters / (METERS_PER_DEGREE * Math.cos(Math.toRadians(place.latDegrees())));
            ids[c] = 1_000_000L + c;
            lat[c] = Math.max(-90, Math.min(90, place.latDegrees() + dy));
            lon[c] = Math.max(-180, Math.min(180, place.lonDegrees() + dx));
            optedIn[c] = random.nextDouble() < 0.85;
            e2ee[c] = random.nextDouble() < 0.05;
            retention[c] = RETENTION_PLANS[random.nextInt(RETENTION_PLANS.length)];
            boolean continuous = random.nextDouble() < 0.02;
            long historyStart = nowMillis - days * GeoIndex.MILLIS_PER_DAY;
            if (continuous) {
                if (clips == fc.length) {
                    fc = Arrays.copyOf(fc, clips * 2);
                    fs = Arrays.copyOf(fs, clips * 2);
                    fe = Arrays.copyOf(fe, clips * 2);
                }
                fc[clips] = c;
                fs[clips] = historyStart;
                fe[clips] = nowMillis;
                clips++;
                continue;
            }
            for (int d = 0; d < days; d++) {
                int events = random.nextInt(7);
                for (int e = 0; e < events; e++) {
                    if (clips == fc.length) {
                        fc = Arrays.copyOf(fc, clips * 2);
                        fs = Arrays.copyOf(fs, clips * 2);
                        fe = Arrays.copyOf(fe, clips * 2);
                    }
                    // Evening-heavy: hours drawn from a mix of a uniform day and an evening peak.
                    double hour = random.nextDouble() < 0.5 ? random.nextDouble() * 24 : 17 + random.nextGaussian() * 2.5;
                    long start = historyStart + d * GeoIndex.MILLIS_PER_DAY + (long) (((hour % 24) + 24) % 24 * 3_600_000L);
                    long length = 5_000 + random.nextInt(55_001);
                    if (start + length > nowMillis) {
                        continue;
                    }
                    fc[clips] = c;
                    fs[clips] = start;
                    fe[clips] = start + length;
                    clips++;
                }
            }
        }
        return new SampleWorld(ids, lat, lon, optedIn, e2ee, retention,
            Arrays.copyOf(fc, clips), Arrays.copyOf(fs, clips), Arrays.copyOf(fe, clips), nowMillis);
    }

    /** @return the number of cameras */
    public int cameraCount() {
        return ids.length;
    }

    /** @return the number of footage intervals */
    public int footageCount() {
        return footageCamera.length;
    }

    /**
     * Feeds the world into a builder.
     *
     * @param builder an empty builder
     * @return {@code builder}
     */
    public GeoIndexBuilder addTo(GeoIndexBuilder builder) {
        for (int c = 0; c < ids.length; c++) {
            builder.addCamera(ids[c], latDegrees[c], lonDegrees[c], optedIn[c], e2ee[c], retentionDays[c]);
        }
        for (int f = 0; f < footageCamera.length; f++) {
            builder.addFootage(ids[footageCamera[f]], footageStartMillis[f], footageEndMillis[f]);
        }
        return builder;
    }
}
