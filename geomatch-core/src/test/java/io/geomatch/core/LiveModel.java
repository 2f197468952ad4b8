package io.geomatch.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference a live index must agree with: the current cameras and every footage interval
 * ever added to them, checked one by one with the contract's definitions. It never drops
 * anything, so it also checks that what the index drops could not have matched.
 */
final class LiveModel {
    record Camera(double lat, double lon, boolean optedIn, boolean e2ee, int retentionDays) {
    }

    final long bucketMillis;
    final Map<Long, Camera> cameras = new LinkedHashMap<>();
    final Map<Long, List<long[]>> footage = new LinkedHashMap<>();
    long clock = LiveIndex.NO_CLOCK;
    long ops;

    LiveModel(long bucketMillis) {
        this.bucketMillis = bucketMillis;
    }

    void apply(LiveOp op) {
        switch (op.kind()) {
            case UPSERT -> {
                cameras.put(op.id(), new Camera(op.lat(), op.lon(), op.optedIn(), op.e2ee(), op.retentionDays()));
                footage.computeIfAbsent(op.id(), k -> new ArrayList<>());
            }
            case DELETE -> {
                cameras.remove(op.id());
                footage.remove(op.id());
            }
            case FOOTAGE -> footage.get(op.id()).add(new long[] {op.start(), op.end()});
            case CLOCK -> clock = op.start();
            default -> throw new AssertionError(op);
        }
        ops++;
    }

    long[] match(BruteForce.Region region, long from, long to, long now) {
        long windowFirst = Math.floorDiv(from, bucketMillis);
        long windowLast = Math.floorDiv(to - 1, bucketMillis);
        long[] hits = new long[cameras.size()];
        int n = 0;
        for (Map.Entry<Long, Camera> e : cameras.entrySet()) {
            Camera c = e.getValue();
            if (!c.optedIn() || c.e2ee() || !region.covers(c.lat(), c.lon())) {
                continue;
            }
            for (long[] f : footage.get(e.getKey())) {
                long first = Math.max(Math.floorDiv(f[0], bucketMillis), windowFirst);
                long last = Math.min(Math.floorDiv(f[1] - 1, bucketMillis), windowLast);
                if (first <= last && (last + 1) * bucketMillis > now - c.retentionDays() * GeoIndex.MILLIS_PER_DAY) {
                    hits[n++] = e.getKey();
                    break;
                }
            }
        }
        long[] result = Arrays.copyOf(hits, n);
        Arrays.sort(result);
        return result;
    }
}
