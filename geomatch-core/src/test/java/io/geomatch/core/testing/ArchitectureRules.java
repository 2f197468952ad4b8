package io.geomatch.core.testing;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.geomatch.core.IndexFormatException;
import io.geomatch.core.InvalidInputException;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layout rules of the project, checked with ArchUnit by each module's architecture test: the
 * core's API is the packages {@value #API} and {@value #API_IO}; everything under
 * {@value #INTERNAL} is the engine, which sees no API class but the two exceptions; no package
 * depends on itself through others; and every other module uses the core as any backend team
 * would, through its API only.
 */
public final class ArchitectureRules {
    /** The core's API package. */
    public static final String API = "io.geomatch.core";
    /** The core's readers, also API. */
    public static final String API_IO = "io.geomatch.core.io";
    /** The engine, in ArchUnit's package notation: this package and every one below it. */
    public static final String INTERNAL = "io.geomatch.core.internal..";

    /** Main code of a module that uses geomatch-core: nothing of the engine. */
    public static final ArchRule USES_ONLY_THE_CORE_API = noClasses()
        .should().dependOnClassesThat().resideInAPackage(INTERNAL)
        .because("geomatch-core exports only io.geomatch.core and io.geomatch.core.io; its internal packages may change at any time");

    /** The engine knows nothing of the API built on it, except the exceptions it throws to users. */
    public static final ArchRule INTERNAL_SEES_ONLY_API_EXCEPTIONS = noClasses()
        .that().resideInAPackage(INTERNAL)
        .should().dependOnClassesThat(apiClassesOtherThanExceptions())
        .because("the API is a facade over the engine, never the other way round");

    /**
     * No package of the project reaches itself through others. The API's two exceptions are the
     * one allowed way back from the engine: it throws them, the API declares them.
     */
    public static final ArchRule NO_PACKAGE_CYCLES = slices().matching("io.geomatch.(**)").should().beFreeOfCycles()
        .ignoreDependency(DescribedPredicate.alwaysTrue(), apiExceptions());

    private ArchitectureRules() {
    }

    /**
     * Checks a module that uses the core: its main classes (not its tests, not jars) import nothing
     * of the core's engine.
     *
     * @param rootPackage the module's root package, such as {@code io.geomatch.bench}
     * @throws AssertionError naming every violation
     */
    public static void checkUsesOnlyTheCoreApi(String rootPackage) {
        USES_ONLY_THE_CORE_API.check(mainClasses(rootPackage));
    }

    /**
     * Checks that a module's main packages form no cycle.
     *
     * @param rootPackage the module's root package
     * @throws AssertionError naming every cycle
     */
    public static void checkNoPackageCycles(String rootPackage) {
        NO_PACKAGE_CYCLES.check(mainClasses(rootPackage));
    }

    private static JavaClasses mainClasses(String rootPackage) {
        JavaClasses main = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages(rootPackage);
        if (main.isEmpty()) {
            throw new AssertionError("no main classes found in " + rootPackage + ": the check would pass vacuously");
        }
        return main;
    }

    private static DescribedPredicate<JavaClass> apiClassesOtherThanExceptions() {
        return resideInAnyPackage(API, API_IO).and(DescribedPredicate.not(apiExceptions()))
            .as("API classes other than InvalidInputException and IndexFormatException");
    }

    private static DescribedPredicate<JavaClass> apiExceptions() {
        return type(InvalidInputException.class).or(type(IndexFormatException.class)).as("the API's exceptions");
    }
}
