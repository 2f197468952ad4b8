package io.geomatch.cluster;

/**
 * The cluster cannot answer or acknowledge now, and trying again later may succeed: no member is
 * reachable, or partitions are still moving or being indexed after a member joined, left or died,
 * beyond the time allowed. Never a partial answer: when a query throws this, it returned nothing.
 * A batch of changes that throws this may have been applied in part; every change of it is safe
 * to send again except a delete, which then finds the camera gone.
 */
public final class ClusterUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line: what could not be done and why, ending with the advice to retry
     * @param cause what Hazelcast reported, or {@code null}
     */
    public ClusterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
