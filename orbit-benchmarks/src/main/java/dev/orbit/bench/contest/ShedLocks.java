package dev.orbit.bench.contest;

import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.redis.spring.RedisLockProvider;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.orbit.bench.support.RedisServer;

/**
 * ShedLock's Redis provider over Spring Data Redis with Lettuce, configured as a Spring Boot application
 * would get it.
 */
public final class ShedLocks {

    private ShedLocks() {
    }

    /**
     * A ShedLock provider and the connection factory under it.
     *
     * @param factory  the Lettuce connection factory (close it after use).
     * @param provider the lock provider.
     */
    public record Redis(LettuceConnectionFactory factory, LockProvider provider) implements AutoCloseable {
        @Override
        public void close() {
            factory.destroy();
        }
    }

    /**
     * @param port port of the local redis-server.
     * @return a started provider.
     */
    public static Redis redis(final int port) {
        final LettuceConnectionFactory factory =
            new LettuceConnectionFactory(new RedisStandaloneConfiguration(RedisServer.HOST, port));
        factory.afterPropertiesSet();
        factory.start();
        return new Redis(factory, new RedisLockProvider(factory, "orbit-bench"));
    }
}
