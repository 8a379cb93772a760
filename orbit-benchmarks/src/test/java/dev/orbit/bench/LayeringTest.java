package dev.orbit.bench;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import dev.orbit.testsupport.Layering;

/**
 * The benchmarks' packages depend on each other in one direction only.
 */
@AnalyzeClasses(packages = "dev.orbit.bench", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = Layering.packagesFreeOfCycles("dev.orbit");

}
