package dev.orbit.redis;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import dev.orbit.testsupport.Layering;

/**
 * The bridge's packages depend on each other in one direction only; as a substrate beside the core it may use the
 * core's internal seams ({@code dev.orbit.internal.*}), and it depends on nothing above it (no Spring).
 */
@AnalyzeClasses(packages = "dev.orbit.redis", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = Layering.packagesFreeOfCycles("dev.orbit");

    @ArchTest
    static final ArchRule dependsOnNothingAboveTheSubstrates = Layering.substrate("dev.orbit.redis");

}
