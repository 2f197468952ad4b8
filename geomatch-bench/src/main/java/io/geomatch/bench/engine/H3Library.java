package io.geomatch.bench.engine;

import com.uber.h3core.H3Core;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one h3-java instance of the engines and their helpers: it loads the native library when
 * first used. {@link H3Core} is thread-safe.
 */
final class H3Library {
    /** The shared instance. */
    static final H3Core H3 = load();

    private H3Library() {
    }

    private static H3Core load() {
        try {
            return H3Core.newInstance();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the H3 native library", e);
        }
    }
}
