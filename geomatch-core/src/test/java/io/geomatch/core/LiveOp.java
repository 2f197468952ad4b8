package io.geomatch.core;

/** One change to a live index, as the tests script them. */
record LiveOp(Kind kind, long id, double lat, double lon, boolean optedIn, boolean e2ee, int retentionDays, long start, long end) {
    enum Kind { UPSERT, DELETE, FOOTAGE, CLOCK }

    static LiveOp upsert(long id, double lat, double lon, boolean optedIn, boolean e2ee, int retentionDays) {
        return new LiveOp(Kind.UPSERT, id, lat, lon, optedIn, e2ee, retentionDays, 0, 0);
    }

    static LiveOp delete(long id) {
        return new LiveOp(Kind.DELETE, id, 0, 0, false, false, 0, 0, 0);
    }

    static LiveOp footage(long id, long start, long end) {
        return new LiveOp(Kind.FOOTAGE, id, 0, 0, false, false, 0, start, end);
    }

    static LiveOp clock(long now) {
        return new LiveOp(Kind.CLOCK, 0, 0, 0, false, false, 0, now, 0);
    }

    void applyTo(LiveIndex live) {
        switch (kind) {
            case UPSERT -> live.upsertCamera(id, lat, lon, optedIn, e2ee, retentionDays);
            case DELETE -> live.deleteCamera(id);
            case FOOTAGE -> live.addFootage(id, start, end);
            case CLOCK -> live.advanceClock(start);
            default -> throw new AssertionError(this);
        }
    }
}
