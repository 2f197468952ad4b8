package io.geomatch.examples;

import io.geomatch.core.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The examples use geomatch-core as any application would: through its API only. */
class ArchitectureTest {
    @Test
    void shouldUseOnlyTheCoreApi() {
        ArchitectureRules.checkUsesOnlyTheCoreApi("io.geomatch.examples");
    }
}
