package dev.orbit.testsupport;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LayeringTest {

    private static final String FIXTURE = "dev.orbit.testsupport.fixture";

    private final JavaClasses fixture = new ClassFileImporter().importPackages(FIXTURE);

    @Test
    void shouldReportAPackageCycleWithBothPackages() {
        final EvaluationResult result = Layering.packagesFreeOfCycles(FIXTURE).evaluate(fixture);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains("cycle.a", "cycle.b");
    }

    @Test
    void shouldAcceptPackagesWithoutACycle() {
        final JavaClasses acyclic = new ClassFileImporter().importPackages(FIXTURE + ".clean", FIXTURE + ".layer",
            FIXTURE + ".internal");

        assertThat(Layering.packagesFreeOfCycles(FIXTURE).evaluate(acyclic).hasViolation()).isFalse();
    }

    @Test
    void shouldReportALayerThatUsesAnInternalPackage() {
        final EvaluationResult result = Layering.noDependencyOnInternals(FIXTURE + ".layer").evaluate(fixture);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains("UsesHidden", "Hidden");
    }

    @Test
    void shouldAcceptALayerThatUsesOnlyPublicPackages() {
        assertThat(Layering.noDependencyOnInternals(FIXTURE + ".clean").evaluate(fixture).hasViolation()).isFalse();
    }

    @Test
    void shouldReportASubstrateThatUsesALayerAboveIt() {
        final EvaluationResult result = Layering.noDependencyOn(FIXTURE + ".layer", FIXTURE + ".internal..")
            .evaluate(fixture);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains("UsesHidden", "Hidden");
        assertThat(Layering.noDependencyOn(FIXTURE + ".clean", FIXTURE + ".internal..").evaluate(fixture).hasViolation())
            .isFalse();
    }

    @Test
    void shouldFailARuleThatMatchesNoClass() {
        assertThatThrownBy(() -> Layering.noDependencyOnInternals(FIXTURE + ".missing").evaluate(fixture))
            .isInstanceOf(AssertionError.class)
            .hasMessageContaining("failed to check any classes");
    }

}
