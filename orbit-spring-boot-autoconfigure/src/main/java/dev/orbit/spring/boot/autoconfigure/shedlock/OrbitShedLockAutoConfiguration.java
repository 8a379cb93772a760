package dev.orbit.spring.boot.autoconfigure.shedlock;

import dev.orbit.contest.Contest;
import dev.orbit.spring.boot.autoconfigure.OrbitAutoConfiguration;
import dev.orbit.spring.shedlock.OrbitLockProvider;
import net.javacrumbs.shedlock.core.LockProvider;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of an
 * {@link OrbitLockProvider} when ShedLock is on the class path and no other {@link LockProvider} bean exists: an
 * application's {@code @SchedulerLock} jobs then run in one sibling process at a time. Declaring another
 * {@code LockProvider} (a JDBC one, say) makes this step aside; {@code orbit.shedlock.enabled=false} too.
 */
@AutoConfiguration(after = OrbitAutoConfiguration.class)
@ConditionalOnClass(name = "net.javacrumbs.shedlock.core.LockProvider")
@ConditionalOnBean(Contest.class)
@ConditionalOnBooleanProperty(name = "orbit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "orbit.shedlock.enabled", matchIfMissing = true)
public final class OrbitShedLockAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(LockProvider.class)
    OrbitLockProvider orbitLockProvider(Contest contest) {
        return new OrbitLockProvider(contest);
    }

}
