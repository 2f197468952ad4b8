package io.geomatch.cluster;

import io.geomatch.core.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** This module's main code uses geomatch-core as any application would, through its API only, and its packages form no cycle. */
class ArchitectureTest {
    @Test
    void shouldUseOnlyTheCoreApi() {
        ArchitectureRules.checkUsesOnlyTheCoreApi("io.geomatch.cluster");
    }

    @Test
    void shouldHaveNoPackageCycles() {
        ArchitectureRules.checkNoPackageCycles("io.geomatch.cluster");
    }
}
