package io.geomatch.core;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.geomatch.core.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core's layout, checked on its compiled main classes: the engine under
 * {@code io.geomatch.core.internal} uses no API class but the exceptions, and no package cycle
 * exists. Each rule is also shown to fail where it should, so that a rule that matches nothing
 * cannot pass for one that holds.
 */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
        .importPackages("io.geomatch.core");

    @Test
    void shouldKeepTheEngineFreeOfTheApi() {
        assertThat(MAIN.containPackage("io.geomatch.core.internal.query")).isTrue();
        ArchitectureRules.INTERNAL_SEES_ONLY_API_EXCEPTIONS.check(MAIN);
    }

    @Test
    void shouldHaveNoPackageCycles() {
        ArchitectureRules.NO_PACKAGE_CYCLES.check(MAIN);
    }

    @Test
    void shouldCatchTheViolationsTheRulesAreFor() {
        // The API is built on the engine, so it breaks the rule for other modules' main code...
        assertThat(ArchitectureRules.USES_ONLY_THE_CORE_API.evaluate(MAIN).hasViolation()).isTrue();
        // ...and tests of the engine that drive it through the API break the engine's own rule.
        JavaClasses engineTests = new ClassFileImporter().importPackages("io.geomatch.core.internal.query");
        assertThat(ArchitectureRules.INTERNAL_SEES_ONLY_API_EXCEPTIONS.evaluate(engineTests).hasViolation()).isTrue();
        // Two test fixtures that use each other from two packages form a cycle.
        JavaClasses cycle = new ClassFileImporter().importPackages("io.geomatch.fixtures.cycle");
        assertThat(ArchitectureRules.NO_PACKAGE_CYCLES.evaluate(cycle).hasViolation()).isTrue();
    }
}
