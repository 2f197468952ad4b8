package io.geomatch.core.testing;

import io.geomatch.core.Camera;
import io.geomatch.core.LiveIndex;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state a live index must hold: the current cameras and every footage interval ever added to
 * them, never dropping anything (so it also checks that what the index drops could not have
 * matched). Queries go to {@link BruteForce}.
 */
public final class LiveModel {
    /** The bucket size. */
    public final long bucketMillis;
    /** The current cameras by id, in the order they were first added. */
    public final Map<Long, Camera> cameras = new LinkedHashMap<>();
    /** Every interval of each current camera, {start, end}. */
    public final Map<Long, List<long[]>> footage = new LinkedHashMap<>();
    /** The clock. */
    public long clock = LiveIndex.NO_CLOCK;
    /** Changes applied. */
    public long ops;

    /** @param bucketMillis the bucket size */
    public LiveModel(long bucketMillis) {
        this.bucketMillis = bucketMillis;
    }

    /** @param op the change, applied as a live index applies it */
    public void apply(LiveOp op) {
        switch (op.kind()) {
            case UPSERT -> {
                cameras.put(op.id(), op.camera());
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

    /**
     * @param region the area
     * @param from window start
     * @param to window end
     * @param now when retention is judged
     * @return the ids the oracle expects, ascending
     */
    public long[] match(BruteForce.Region region, long from, long to, long now) {
        return BruteForce.match(fleet(), bucketMillis, region, from, to, now);
    }

    /** @return the current state as the oracle reads it */
    public BruteForce.Fleet fleet() {
        List<Camera> list = new ArrayList<>(cameras.values());
        List<long[]> rows = new ArrayList<>();
        for (int c = 0; c < list.size(); c++) {
            for (long[] f : footage.get(list.get(c).id())) {
                rows.add(new long[] {c, f[0], f[1]});
            }
        }
        return new BruteForce.Fleet() {
            @Override public int cameraCount() {
                return list.size();
            }

            @Override public long id(int c) {
                return list.get(c).id();
            }

            @Override public double lat(int c) {
                return list.get(c).latDegrees();
            }

            @Override public double lon(int c) {
                return list.get(c).lonDegrees();
            }

            @Override public boolean optedIn(int c) {
                return list.get(c).optedIn();
            }

            @Override public boolean e2ee(int c) {
                return list.get(c).e2ee();
            }

            @Override public int retentionDays(int c) {
                return list.get(c).retentionDays();
            }

            @Override public boolean hasView(int c) {
                return list.get(c).hasView();
            }

            @Override public double headingDegrees(int c) {
                return list.get(c).headingDegrees();
            }

            @Override public double fieldOfViewDegrees(int c) {
                return list.get(c).fieldOfViewDegrees();
            }

            @Override public double rangeMeters(int c) {
                return list.get(c).rangeMeters();
            }

            @Override public int footageCount() {
                return rows.size();
            }

            @Override public int footageCamera(int f) {
                return (int) rows.get(f)[0];
            }

            @Override public long footageStart(int f) {
                return rows.get(f)[1];
            }

            @Override public long footageEnd(int f) {
                return rows.get(f)[2];
            }
        };
    }
}
