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

    /** Packages that only Orbit's own core may use: factories, seams and layouts behind the public API. */
    public static final String INTERNAL_PACKAGES = "dev.orbit..internal..";

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

}
