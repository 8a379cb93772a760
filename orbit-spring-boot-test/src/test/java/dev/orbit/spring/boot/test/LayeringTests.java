package dev.orbit.spring.boot.test;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.orbit.testsupport.Layering;

/**
 * The test support: no package cycles, and only the core's public API.
 */
@AnalyzeClasses(packages = "dev.orbit.spring.boot.test", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTests {

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = Layering.packagesFreeOfCycles("dev.orbit");

    @ArchTest
    static final ArchRule usesOnlyTheCoresPublicApi = Layering.noDependencyOnInternals("dev.orbit.spring.boot.test");

}
