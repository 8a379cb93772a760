package dev.orbit.testsupport;

import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering rules every module checks with ArchUnit, over its own main classes.
 * <p>
 * A module's test applies them with {@code @AnalyzeClasses(packages = "dev.orbit", importOptions =
 * ImportOption.DoNotIncludeTests.class)} and {@code @ArchTest} fields; a rule fails when its subject matches no
 * class, so a wrong package name cannot make a rule pass vacuously.
 */
public final class Layering {

    /**
     * Packages that only Orbit's substrates (the core, the bridge between hosts) may use: factories, seams and
     * layouts behind the public API.
     */
    public static final String INTERNAL_PACKAGES = "dev.orbit..internal..";

    /** Packages above the substrates: the Spring layer and Spring itself. */
    public static final String[] SPRING_PACKAGES = {"dev.orbit.spring..", "org.springframework.."};

    private Layering() {
    }

    /**
     * Every package below {@code root} is a slice of its own; the rule fails when packages depend on each other in
     * a cycle, directly or through others, and names the classes of every edge of the cycle. Modules pass
     * {@code dev.orbit} whatever classes they import, so that a module of one package is checked too.
     *
     * @param root a package above every package to check, e.g. {@code dev.orbit}.
     * @return the rule.
     */
    public static ArchRule packagesFreeOfCycles(String root) {
        return slices().matching(root + ".(**)")
            .namingSlices("$1")
            .should()
            .beFreeOfCycles()
            .because("a package cycle means neither package can be understood, tested or moved without the other");
    }

    /**
     * @param layer a package whose classes, and those of its subpackages, may use only the public API of the
     *              packages below them, e.g. {@code dev.orbit.spring}.
     * @return the rule: no class of {@code layer} depends on a class of an {@link #INTERNAL_PACKAGES internal}
     *         package.
     */
    public static ArchRule noDependencyOnInternals(String layer) {
        return noClasses().that()
            .resideInAPackage(layer + "..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage(INTERNAL_PACKAGES)
            .because("a layer above the core uses only its public API, which is what the README lists");
    }

    /**
     * @param substrate a substrate package (the core's, or the bridge between hosts, which may use the core's
     *                  internal seams), e.g. {@code dev.orbit.redis}.
     * @return the rule: no class of {@code substrate} depends on the Spring layer or on Spring.
     */
    public static ArchRule substrate(String substrate) {
        return noDependencyOn(substrate, SPRING_PACKAGES);
    }

    /**
     * @param layer    a package whose classes, and those of its subpackages, are checked.
     * @param packages ArchUnit package patterns {@code layer} must not use, e.g. {@code org.springframework..}.
     * @return the rule: no class of {@code layer} depends on a class of {@code packages}.
     */
    public static ArchRule noDependencyOn(String layer, String... packages) {
        return noClasses().that()
            .resideInAPackage(layer + "..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(packages)
            .because("a substrate runs without the layers above it");
    }

}
