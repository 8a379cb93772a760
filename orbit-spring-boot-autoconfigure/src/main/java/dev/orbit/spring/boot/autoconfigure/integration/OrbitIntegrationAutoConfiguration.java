package dev.orbit.spring.boot.autoconfigure.integration;

import dev.orbit.contest.Contest;
import dev.orbit.spring.boot.autoconfigure.OrbitAutoConfiguration;
import dev.orbit.spring.boot.autoconfigure.OrbitClaimsProperties;
import dev.orbit.spring.integration.OrbitLockRegistry;
import dev.orbit.spring.scheduling.OrbitScheduler;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.support.locks.LockRegistry;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of an
 * {@link OrbitLockRegistry} when Spring Integration is on the class path and no other {@link LockRegistry} bean
 * exists. Its claims live {@code orbit.claims.default-ttl} and are renewed while held. Spring Integration's
 * {@code LockRegistryLeaderInitiator} over it elects a leader per role across the fleet.
 * {@code orbit.integration.enabled=false} turns it off.
 */
@AutoConfiguration(after = OrbitAutoConfiguration.class,
        beforeName = "org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration")
@ConditionalOnClass(name = "org.springframework.integration.support.locks.LockRegistry")
@ConditionalOnBean(Contest.class)
@ConditionalOnBooleanProperty(name = "orbit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "orbit.integration.enabled", matchIfMissing = true)
public final class OrbitIntegrationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(LockRegistry.class)
    OrbitLockRegistry orbitLockRegistry(Contest contest, OrbitScheduler scheduler, OrbitClaimsProperties claims) {
        return new OrbitLockRegistry(contest, scheduler, claims.getDefaultTtl());
    }

}
