package dev.orbit.spring.boot.autoconfigure.claim;

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
