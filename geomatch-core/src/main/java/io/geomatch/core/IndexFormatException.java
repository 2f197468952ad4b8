package io.geomatch.core;

import java.io.IOException;

/**
 * An index file that cannot be trusted: missing, truncated, corrupted (checksum mismatch),
 * structurally inconsistent, or written by an unsupported format version. The message is one
 * line naming the file and what is wrong. Damage found when a file is opened refuses the whole
 * file; a snapshot's block of camera rows, ids and runs is verified the first time a query reads
 * it (see {@link GeoIndex#open}), and a damaged block fails, wrapped in an
 * {@link java.io.UncheckedIOException}, every query that would read it: never a wrong answer.
 */
public final class IndexFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line naming the file and the problem
     */
    public IndexFormatException(String message) {
        super(message);
    }
}
