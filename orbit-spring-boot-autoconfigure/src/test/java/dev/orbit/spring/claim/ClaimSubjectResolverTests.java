package dev.orbit.spring.claim;

import java.lang.reflect.Method;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link ClaimSubjectResolver}.
 */
class ClaimSubjectResolverTests {

    private final Jobs target = new Jobs();

    private final Method rebuild = ReflectionUtils.findMethod(Jobs.class, "rebuild", String.class, int.class);

    private final DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();

    private final ClaimSubjectResolver resolver = new ClaimSubjectResolver(this.beanFactory);

    @Test
    void shouldUsePlainTextAsIs() {
        assertThat(resolve("nightly-report")).isEqualTo("nightly-report");
    }

    @Test
    void shouldDefaultToClassAndMethodName() {
        assertThat(resolve("")).isEqualTo("Jobs.rebuild");
    }

    @Test
    void shouldResolveArgumentsByNameAndPosition() {
        assertThat(resolve("rebuild-#{#region}-#{#p1}")).isEqualTo("rebuild-eu-7");
        assertThat(resolve("#{#a0.toUpperCase()}")).isEqualTo("EU");
    }

    @Test
    void shouldResolveRootObject() {
        assertThat(resolve("#{#root.methodName}:#{#root.targetClass.simpleName}:#{#root.args.length}"))
            .isEqualTo("rebuild:Jobs:2");
        assertThat(resolve("#{#root.target.prefix()}")).isEqualTo("jobs");
    }

    @Test
    void shouldResolveBeans() {
        this.beanFactory.registerSingleton("tenant", new Tenant("acme"));
        assertThat(resolve("#{@tenant.name()}-#{#region}")).isEqualTo("acme-eu");
    }

    @Test
    void shouldResolvePlaceholders() {
        this.beanFactory.addEmbeddedValueResolver((value) -> value.replace("${env}", "prod"));
        assertThat(resolve("${env}-#{#region}")).isEqualTo("prod-eu");
    }

    @Test
    void shouldRefuseEmptyResult() {
        assertThatIllegalStateException().isThrownBy(() -> resolve("#{''}"))
            .withMessageContaining("Jobs.rebuild()")
            .withMessageContaining("empty subject");
    }

    @Test
    void shouldAcceptVariablesTheCallCanResolve() {
        this.resolver.validate("#{#region}-#{#shard}-#{#p0}-#{#a1}-#{#root.methodName}-#{#root.args[0]}", this.rebuild);
        this.resolver.validate("nightly-report", this.rebuild);
        this.resolver.validate("", this.rebuild);
    }

    @Test
    void shouldRefuseAParameterNameTheMethodDoesNotHave() {
        assertThatIllegalStateException().isThrownBy(() -> this.resolver.validate("rebuild-#{#regoin}", this.rebuild))
            .withMessageContaining("'rebuild-#{#regoin}'")
            .withMessageContaining(Jobs.class.getName() + ".rebuild()")
            .withMessageContaining("#regoin")
            .withMessageContaining("[region, shard]")
            .withMessageContaining("#p0..#p1");
    }

    @Test
    void shouldRefuseAPositionPastTheLastParameter() {
        assertThatIllegalStateException().isThrownBy(() -> this.resolver.validate("#{#p2}", this.rebuild))
            .withMessageContaining("#p2")
            .withMessageContaining("2 parameter(s)");
    }

    @Test
    void shouldRefuseATemplateThatDoesNotParse() {
        assertThatIllegalStateException().isThrownBy(() -> this.resolver.validate("#{#region + }", this.rebuild))
            .withMessageContaining("not a valid SpEL template")
            .withMessageContaining(Jobs.class.getName() + ".rebuild()");
    }

    @Test
    void shouldFailACallWhosePartEvaluatesToNull() {
        assertThatIllegalStateException()
            .isThrownBy(() -> this.resolver.resolve("rebuild-#{#region}", this.rebuild, new Object[] { null, 7 },
                    this.target, Jobs.class))
            .withMessageContaining("'#region' evaluated to null")
            .withMessageContaining("?: 'none'");
        assertThat(this.resolver.resolve("rebuild-#{#region ?: 'all'}", this.rebuild, new Object[] { null, 7 },
                this.target, Jobs.class)).isEqualTo("rebuild-all");
    }

    @Test
    void shouldRefuseANamedVariableWhenTheClassWasCompiledWithoutParameterNames() {
        try (CompiledJobs jobs = CompiledJobs.compile(false)) {
            Method rebuild = jobs.rebuild("ByName");
            assertThat(rebuild.getParameters()[0].isNamePresent()).as("compiled without -parameters").isFalse();
            assertThatIllegalStateException().isThrownBy(() -> this.resolver.validate("rebuild-#{#region}", rebuild))
                .withMessageContaining(CompiledJobs.PACKAGE + ".ByName.rebuild()")
                .withMessageContaining("'rebuild-#{#region}'")
                .withMessageContaining("#region")
                .withMessageContaining("compiled without -parameters")
                .withMessageContaining("<parameters>true</parameters>")
                .withMessageContaining("#p0..#p1 or #a0..#a1");
            Method byPosition = jobs.rebuild("ByPosition");
            this.resolver.validate("rebuild-#{#p0}-#{#a1}", byPosition);
            assertThat(this.resolver.resolve("rebuild-#{#p0}-#{#a1}", byPosition, new Object[] { "eu", 3, null },
                    null, byPosition.getDeclaringClass())).isEqualTo("rebuild-eu-3");
        }
    }

    @Test
    void shouldResolveANamedVariableWhenTheClassWasCompiledWithParameterNames() {
        try (CompiledJobs jobs = CompiledJobs.compile(true)) {
            Method rebuild = jobs.rebuild("ByName");
            assertThat(rebuild.getParameters()[0].isNamePresent()).isTrue();
            this.resolver.validate("rebuild-#{#region}", rebuild);
            assertThat(this.resolver.resolve("rebuild-#{#region}", rebuild, new Object[] { "eu", null }, null,
                    rebuild.getDeclaringClass())).isEqualTo("rebuild-eu");
        }
    }

    private String resolve(String subject) {
        return this.resolver.resolve(subject, this.rebuild, new Object[] { "eu", 7 }, this.target, Jobs.class);
    }

    record Tenant(String name) {
    }

    public static class Jobs {

        public String prefix() {
            return "jobs";
        }

        public void rebuild(String region, int shard) {
        }

    }

}
