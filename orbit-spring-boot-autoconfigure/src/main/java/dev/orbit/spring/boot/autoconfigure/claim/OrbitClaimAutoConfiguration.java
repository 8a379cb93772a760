package dev.orbit.spring.boot.autoconfigure.claim;

import java.util.function.Supplier;

import dev.orbit.contest.Contest;
import dev.orbit.spring.boot.autoconfigure.OrbitAutoConfiguration;
import dev.orbit.spring.boot.autoconfigure.OrbitClaimsProperties;
import dev.orbit.spring.claim.ClaimSubjectResolver;
import dev.orbit.spring.claim.Claimed;
import dev.orbit.spring.claim.ClaimedAdvisor;
import dev.orbit.spring.claim.ClaimedMethodInterceptor;
import dev.orbit.spring.claim.ClaimedOperationSource;
import dev.orbit.spring.metrics.OrbitMeters;
import dev.orbit.spring.scheduling.OrbitScheduler;

import org.springframework.aop.config.AopConfigUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.function.SingletonSupplier;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of {@link Claimed}
 * methods: an infrastructure {@link ClaimedAdvisor} (order {@link #ADVISOR_ORDER}), and an auto-proxy creator
 * when none is registered yet (plain Spring AOP; AspectJ is not needed).
 */
@AutoConfiguration(after = OrbitAutoConfiguration.class,
        afterName = "org.springframework.boot.autoconfigure.aop.AopAutoConfiguration")
@ConditionalOnClass(name = "org.springframework.aop.support.AbstractPointcutAdvisor")
@ConditionalOnBean(Contest.class)
@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
@Import(OrbitClaimAutoConfiguration.AutoProxyRegistrar.class)
@ConditionalOnBooleanProperty(name = "orbit.enabled", matchIfMissing = true)
public final class OrbitClaimAutoConfiguration {

    /** Order of the {@link ClaimedAdvisor}: before (outside) advice of default precedence. */
    public static final int ADVISOR_ORDER = Ordered.LOWEST_PRECEDENCE - 100;

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    @ConditionalOnMissingBean
    static ClaimedAdvisor orbitClaimedAdvisor(BeanFactory beanFactory, ObjectProvider<Contest> contest,
            ObjectProvider<OrbitScheduler> scheduler, ObjectProvider<OrbitClaimsProperties> properties,
            ObjectProvider<OrbitMeters> meters) {
        ClaimSubjectResolver resolver = new ClaimSubjectResolver(beanFactory);
        ClaimedOperationSource operations = new ClaimedOperationSource(resolver);
        Supplier<ClaimedMethodInterceptor.Settings> settings = SingletonSupplier.of(() -> {
            OrbitClaimsProperties claims = properties.getObject();
            return new ClaimedMethodInterceptor.Settings(contest.getObject(), scheduler.getObject(),
                    claims.getDefaultTtl(), claims.isKeepAlive(), OrbitAutoConfiguration.meters(meters));
        });
        ClaimedAdvisor advisor = new ClaimedAdvisor(operations,
                new ClaimedMethodInterceptor(operations, resolver, settings));
        advisor.setOrder(ADVISOR_ORDER);
        return advisor;
    }

    /**
     * Registers Spring's infrastructure auto-proxy creator unless a (more capable) one is registered already.
     */
    static class AutoProxyRegistrar implements ImportBeanDefinitionRegistrar {

        @Override
        public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
            AopConfigUtils.registerAutoProxyCreatorIfNecessary(registry);
        }

    }

}
