package dev.orbit.sample;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import dev.orbit.testsupport.Layering;

/**
 * The sample is an application like any other: it uses Orbit's public API only, and its packages have no cycle.
 */
@AnalyzeClasses(packages = "dev.orbit.sample", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTests {

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = Layering.packagesFreeOfCycles("dev.orbit");

    @ArchTest
    static final ArchRule usesOnlyOrbitsPublicApi = Layering.noDependencyOnInternals("dev.orbit.sample");

}
