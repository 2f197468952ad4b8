package io.geomatch.core;

/**
 * Receives progress while an index is built or read.
 *
 * <p>Called from the building thread; implementations must be cheap and must not throw.
 */
@FunctionalInterface
public interface BuildProgress {
    /** Progress that is ignored. */
    BuildProgress NONE = (phase, done, total) -> { };

    /**
     * Reports progress.
     *
     * @param phase a short lower-case name such as {@code sort} or {@code footage}
     * @param done units of work done so far in this phase
     * @param total units of work in this phase, or -1 when unknown
     */
    void onProgress(String phase, long done, long total);
}
