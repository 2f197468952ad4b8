package io.geomatch.core.internal.live;

import io.geomatch.core.internal.query.SealedIndex;

/**
 * A sealed base and the state of the live index it holds exactly: every change up to
 * {@code opCount}, with the clock at {@code clockMillis} (footage the clock had expired may be
 * gone from it).
 *
 * @param base the sealed base
 * @param opCount how many changes it reflects
 * @param clockMillis the clock of that state
 */
public record Merged(SealedIndex base, long opCount, long clockMillis) {
}
