package io.geomatch.core;

import java.io.IOException;

/**
 * An index file that cannot be trusted: missing, truncated, corrupted (checksum mismatch),
 * structurally inconsistent, or written by an unsupported format version. The message is one
 * line naming the file and what is wrong; such a file is never partially used.
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
