package dev.orbit;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import dev.orbit.testsupport.Layering;

/**
 * The core's packages depend on each other in one direction only.
 */
@AnalyzeClasses(packages = "dev.orbit", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = Layering.packagesFreeOfCycles("dev.orbit");

}
