package io.geomatch.core;

import io.geomatch.core.internal.query.SealedIndex;

/** What tests of the engine reach behind the API for. Test scope only. */
public final class TestAccess {
    private TestAccess() {
    }

    /**
     * @param index an open index
     * @return the engine's index behind it
     */
    @SuppressWarnings("exports") // test scope only: the module exports no internal type
    public static SealedIndex sealed(GeoIndex index) {
        return index.sealed();
    }
}
