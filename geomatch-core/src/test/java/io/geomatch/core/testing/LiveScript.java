package io.geomatch.core.testing;

import io.geomatch.core.Area;
import io.geomatch.core.Camera;
import io.geomatch.core.GeoIndex;
import io.geomatch.core.LiveIndex;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random but reproducible changes and queries for live-index tests: cameras on a lattice of
 * exact binary coordinates (so polygon vertices and edges fall exactly on cameras), footage and
 * windows on and beside bucket edges, and a clock that advances. Every change it makes is valid
 * against its model; applying it to the model is the caller's job.
 */
public final class LiveScript {
    /** The instant footage and windows cluster around, epoch ms. */
    public static final long T0 = 1_762_000_000_000L;
    /** The lattice's centre latitude. */
    public static final double LAT0 = 41.875;
    /** The lattice's centre longitude. */
    public static final double LON0 = -87.75;
    /** The lattice step, degrees: a dyadic fraction, so lattice coordinates and their sums are exact. */
    public static final double STEP = 1.0 / 4096;
    /** The lattice spans {@code -SPAN..SPAN} steps each way. */
    public static final int SPAN = 24;
    private static final GeometryFactory GF = new GeometryFactory();

    /**
     * A query and the region the model tests it with.
     *
     * @param area the area as the index takes it
     * @param region the same area as the oracle tests it
     * @param from window start
     * @param to window end
     * @param now when retention is judged
     * @param text what the query was, for messages
     */
    public record Query(Area area, BruteForce.Region region, long from, long to, long now, String text) {
    }

    private final SplittableRandom random;
    private final SplittableRandom probeRandom;
    private final LiveModel model;
    private final int maxRetentionDays;
    private final long latenessMillis;
    private final List<Long> live = new ArrayList<>();
    private long nextId = 1;

    /**
     * @param seed seeds the script
     * @param model the state the script's changes must be valid against; the caller applies them
     * @param maxRetentionDays the longest retention to give a camera
     * @param latenessMillis how late footage may be relative to the clock
     */
    public LiveScript(long seed, LiveModel model, int maxRetentionDays, long latenessMillis) {
        this.random = new SplittableRandom(seed);
        this.probeRandom = new SplittableRandom(~seed);
        this.model = model;
        this.maxRetentionDays = maxRetentionDays;
        this.latenessMillis = latenessMillis;
        live.addAll(model.cameras.keySet());
        for (long id : live) {
            nextId = Math.max(nextId, id + 1);
        }
    }

    /** @return the script's random stream */
    public SplittableRandom random() {
        return random;
    }

    /** @return a valid next change; the caller applies it to the model and the index */
    public LiveOp next() {
        int r = random.nextInt(100);
        if (live.isEmpty() || r < 14) {
            long id = random.nextInt(4) == 0 && nextId > 3 ? reusedId() : nextId++;
            live.add(id);
            return upsert(id);
        }
        if (r < 24) {
            long id = pick();
            Camera c = model.cameras.get(id);
            if (random.nextBoolean()) {
                return LiveOp.upsert(c.optedIn(random.nextInt(4) != 0).e2ee(random.nextInt(8) == 0).retentionDays(retention()));
            }
            return upsert(id);
        }
        if (r < 29) {
            long id = pick();
            live.remove(id);
            return LiveOp.delete(id);
        }
        if (r < 32) {
            long base = model.clock == LiveIndex.NO_CLOCK ? T0 - 86_400_000L : model.clock;
            return LiveOp.clock(base + random.nextLong(0, 30 * 3_600_000L));
        }
        return footage(pick());
    }

    /** An id deleted before (re-added afresh), or a new one. */
    private long reusedId() {
        for (int tries = 0; tries < 8; tries++) {
            long id = 1 + random.nextLong(nextId - 1);
            if (!model.cameras.containsKey(id)) {
                return id;
            }
        }
        return nextId++;
    }

    private long pick() {
        return live.get(random.nextInt(live.size()));
    }

    private LiveOp upsert(long id) {
        double lat;
        double lon;
        if (random.nextInt(10) < 7) {
            lat = LAT0 + random.nextInt(-SPAN, SPAN + 1) * STEP;
            lon = LON0 + random.nextInt(-SPAN, SPAN + 1) * STEP;
        } else {
            lat = LAT0 + random.nextDouble(-SPAN, SPAN) * STEP;
            lon = LON0 + random.nextDouble(-SPAN, SPAN) * STEP;
        }
        return LiveOp.upsert(Camera.at(id, lat, lon).optedIn(random.nextInt(6) != 0).e2ee(random.nextInt(10) == 0)
            .retentionDays(retention()));
    }

    private int retention() {
        int[] plans = {1, 2, 3, 7, 30};
        return Math.min(maxRetentionDays, plans[random.nextInt(plans.length)]);
    }

    /**
     * @param id a current camera
     * @return a clip of it, on or beside bucket edges half of the time
     */
    public LiveOp footage(long id) {
        long b = model.bucketMillis;
        long start;
        long length;
        if (random.nextBoolean()) {
            long t = T0 + random.nextLong(-86_400_000L, 6 * 86_400_000L);
            start = t - Math.floorMod(t, b) + (random.nextInt(3) - 1);
            length = b * (1 + random.nextInt(2)) + (random.nextInt(3) - 1);
        } else {
            start = T0 + random.nextLong(-86_400_000L, 6 * 86_400_000L);
            length = 1 + random.nextLong(120_000);
        }
        length = Math.max(1, length);
        if (model.clock != LiveIndex.NO_CLOCK && latenessMillis != Long.MAX_VALUE && start + length <= model.clock - latenessMillis) {
            start = model.clock - latenessMillis + random.nextLong(0, 3_600_000L);
        }
        return LiveOp.footage(id, start, start + length);
    }

    /** @return a query whose {@code now} is at or after the model's clock */
    public Query query() {
        long b = model.bucketMillis;
        long from;
        long to;
        if (random.nextBoolean()) {
            long t = T0 + random.nextLong(-86_400_000L, 6 * 86_400_000L);
            from = t - Math.floorMod(t, b) + (random.nextInt(3) - 1);
            to = from + b * (1 + random.nextInt(240)) * (1 + random.nextInt(20)) + (random.nextInt(3) - 1);
        } else {
            from = T0 + random.nextLong(-86_400_000L, 6 * 86_400_000L);
            to = from + 1 + random.nextLong(3 * 86_400_000L);
        }
        to = Math.max(to, from + 1);
        long floor = Math.max(model.clock, T0);
        long now = floor + random.nextLong(0, 3 * 86_400_000L);
        int kind = random.nextInt(10);
        if (kind < 2) {
            double lat = LAT0 + random.nextInt(-SPAN, SPAN + 1) * STEP;
            double lon = LON0 + random.nextInt(-SPAN, SPAN + 1) * STEP;
            double radius = 100 + random.nextInt(1500);
            return new Query(Area.circle(lat, lon, radius), BruteForce.circle(lat, lon, radius), from, to, now,
                "circle " + lat + "," + lon + "," + radius);
        }
        Geometry g;
        if (kind < 3) {
            // Wider than the whole lattice: the delta pass scans instead of using its grid.
            g = rect(-SPAN - 5, -SPAN - 5, SPAN + 5, SPAN + 5);
        } else if (kind < 7) {
            int x0 = random.nextInt(-SPAN, SPAN);
            int y0 = random.nextInt(-SPAN, SPAN);
            g = rect(x0, y0, x0 + 2 + random.nextInt(24), y0 + 2 + random.nextInt(24));
        } else if (kind < 9) {
            int x0 = random.nextInt(-SPAN, SPAN - 10);
            int y0 = random.nextInt(-SPAN, SPAN - 10);
            int w = 4 + random.nextInt(16);
            g = polygon(x0, y0, x0 + w, y0, x0 + w, y0 + w / 2, x0 + w / 2, y0 + w / 2, x0 + w / 2, y0 + w, x0, y0 + w);
        } else {
            int x0 = random.nextInt(-SPAN, SPAN - 10);
            int y0 = random.nextInt(-SPAN, SPAN - 10);
            g = polygon(x0, y0, x0 + 6 + random.nextInt(18), y0 + random.nextInt(3), x0 + random.nextInt(5), y0 + 8 + random.nextInt(14));
        }
        return new Query(Area.polygon(g), BruteForce.polygons(g), from, to, now, g.toText());
    }

    /**
     * A probe of an edge the random queries rarely hit, from a random stream of its own (so that
     * the other queries stay as they were): a window on one clip's last bucket with {@code now}
     * exactly at that bucket's retention cut-off or 1 ms either side, over an area of H3 cells
     * of two resolutions, a rectangle or a circle around the camera.
     *
     * @return the probe, or {@code null} when no camera has a clip whose cut-off is at or after the clock
     */
    public Query probe() {
        long[] cutOff = retentionCutOff(Math.max(model.clock, T0));
        if (cutOff == null) {
            return null;
        }
        Camera c = model.cameras.get(cutOff[3]);
        int kind = probeRandom.nextInt(3);
        if (kind == 0) {
            long fine = BruteForce.h3().latLngToCell(c.latDegrees(), c.lonDegrees(), 10);
            long coarse = BruteForce.h3().latLngToCell(c.latDegrees() + 3 * STEP, c.lonDegrees() - 3 * STEP, 8);
            long[] cells = {fine, coarse};
            return new Query(Area.h3Cells(cells), BruteForce.cells(cells), cutOff[0], cutOff[1], cutOff[2],
                "cells " + Long.toHexString(fine) + "," + Long.toHexString(coarse));
        }
        if (kind == 1) {
            return new Query(Area.circle(c.latDegrees(), c.lonDegrees(), 0), BruteForce.circle(c.latDegrees(), c.lonDegrees(), 0),
                cutOff[0], cutOff[1], cutOff[2],
                "circle of radius 0 on " + c.latDegrees() + "," + c.lonDegrees());
        }
        double lat = c.latDegrees();
        double lon = c.lonDegrees();
        Geometry g = GF.createPolygon(new Coordinate[] {new Coordinate(lon, lat), new Coordinate(lon + STEP, lat),
            new Coordinate(lon + STEP, lat + STEP), new Coordinate(lon, lat + STEP), new Coordinate(lon, lat)});
        return new Query(Area.polygon(g), BruteForce.polygons(g), cutOff[0], cutOff[1], cutOff[2], g.toText() + " (camera on its corner)");
    }

    /**
     * @return {from, to, now, camera id} for a random live camera's clip: the window covers the clip's last
     *     bucket, and {@code now} puts that bucket exactly at the retention cut-off, or 1 ms before
     *     or after it; {@code null} when no such {@code now} is at or after {@code floor}
     */
    private long[] retentionCutOff(long floor) {
        if (live.isEmpty()) {
            return null;
        }
        long id = live.get(probeRandom.nextInt(live.size()));
        Camera c = model.cameras.get(id);
        List<long[]> clips = model.footage.get(id);
        if (c == null || clips == null || clips.isEmpty()) {
            return null;
        }
        long[] clip = clips.get(probeRandom.nextInt(clips.size()));
        long b = model.bucketMillis;
        long lastBucket = Math.floorDiv(clip[1] - 1, b);
        // Retained while (lastBucket + 1) * B > now - days * D: the cut-off is now = (lastBucket + 1) * B + days * D.
        long now = (lastBucket + 1) * b + c.retentionDays() * GeoIndex.MILLIS_PER_DAY + (probeRandom.nextInt(3) - 1);
        if (now < floor) {
            return null;
        }
        return new long[] {lastBucket * b, (lastBucket + 1) * b, now, id};
    }

    private static Geometry rect(int x0, int y0, int x1, int y1) {
        return polygon(x0, y0, x1, y0, x1, y1, x0, y1);
    }

    private static Geometry polygon(int... xy) {
        Coordinate[] ring = new Coordinate[xy.length / 2 + 1];
        for (int i = 0; i < xy.length / 2; i++) {
            ring[i] = new Coordinate(LON0 + xy[2 * i] * STEP, LAT0 + xy[2 * i + 1] * STEP);
        }
        ring[ring.length - 1] = ring[0];
        return GF.createPolygon(ring);
    }
}
