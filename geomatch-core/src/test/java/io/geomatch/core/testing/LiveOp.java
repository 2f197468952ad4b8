package io.geomatch.core.testing;

import io.geomatch.core.Camera;
import io.geomatch.core.LiveIndex;
import io.geomatch.core.Mutations;

/**
 * One change to a live index, as the tests script them.
 *
 * @param kind what it does
 * @param id the camera id (for an upsert, the camera's)
 * @param camera the camera, for an upsert
 * @param start footage start, or the new clock
 * @param end footage end
 */
public record LiveOp(Kind kind, long id, Camera camera, long start, long end) {
    /** The kinds of change. */
    public enum Kind {
        /** {@link LiveIndex#upsertCamera}. */
        UPSERT,
        /** {@link LiveIndex#deleteCamera}. */
        DELETE,
        /** {@link LiveIndex#addFootage}. */
        FOOTAGE,
        /** {@link LiveIndex#advanceClock}. */
        CLOCK
    }

    /**
     * @param camera the camera
     * @return its upsert
     */
    public static LiveOp upsert(Camera camera) {
        return new LiveOp(Kind.UPSERT, camera.id(), camera, 0, 0);
    }

    /**
     * @param id the camera
     * @return its delete
     */
    public static LiveOp delete(long id) {
        return new LiveOp(Kind.DELETE, id, null, 0, 0);
    }

    /**
     * @param id the camera
     * @param start inclusive start
     * @param end exclusive end
     * @return footage of it
     */
    public static LiveOp footage(long id, long start, long end) {
        return new LiveOp(Kind.FOOTAGE, id, null, start, end);
    }

    /**
     * @param now the new clock
     * @return the clock advance
     */
    public static LiveOp clock(long now) {
        return new LiveOp(Kind.CLOCK, 0, null, now, 0);
    }

    /** @param live the index to change */
    public void applyTo(LiveIndex live) {
        switch (kind) {
            case UPSERT -> live.upsertCamera(camera);
            case DELETE -> live.deleteCamera(id);
            case FOOTAGE -> live.addFootage(id, start, end);
            case CLOCK -> live.advanceClock(start);
            default -> throw new AssertionError(this);
        }
    }

    /** @param batch the batch to add this change to */
    public void addTo(Mutations batch) {
        switch (kind) {
            case UPSERT -> batch.upsertCamera(camera);
            case DELETE -> batch.deleteCamera(id);
            case FOOTAGE -> batch.addFootage(id, start, end);
            case CLOCK -> batch.advanceClock(start);
            default -> throw new AssertionError(this);
        }
    }
}
