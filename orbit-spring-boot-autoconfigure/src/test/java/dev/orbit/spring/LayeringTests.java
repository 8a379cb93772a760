package dev.orbit.spring;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.orbit.testsupport.Layering;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The Spring layer is laid out as Spring Boot lays out its own modules: runtime packages
 * ({@code dev.orbit.spring.cache}, {@code .listener}, {@code .claim}, ...) apart from the auto-configuration
 * ({@code dev.orbit.spring.boot.autoconfigure..}), no package cycles, and only the core's public API.
 */
@AnalyzeClasses(packages = "dev.orbit.spring", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTests {

    private static final String AUTOCONFIGURE = "dev.orbit.spring.boot.autoconfigure..";

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = Layering.packagesFreeOfCycles("dev.orbit");

    @ArchTest
    static final ArchRule usesOnlyTheCoresPublicApi = Layering.noDependencyOnInternals("dev.orbit.spring");

    @ArchTest
    static final ArchRule runtimeDoesNotDependOnAutoConfiguration = noClasses().that()
        .resideInAPackage("dev.orbit.spring..")
        .and()
        .resideOutsideOfPackage(AUTOCONFIGURE)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(AUTOCONFIGURE)
        .because("runtime classes take plain values, so that they can be used and tested without Spring Boot");

    @ArchTest
    static final ArchRule onlyAutoConfigurationPackagesHoldConfiguration = classes().that()
        .areAnnotatedWith(AutoConfiguration.class)
        .or()
        .areAnnotatedWith(ConfigurationProperties.class)
        .should()
        .resideInAPackage(AUTOCONFIGURE);

}
