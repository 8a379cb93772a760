package dev.orbit.spring.boot.autoconfigure.bridge;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.orbit.cache.OrbitCache;
import dev.orbit.contest.Contest;
import dev.orbit.fleet.Fleet;
import dev.orbit.redis.BridgeState;
import dev.orbit.redis.RedisBridge;
import dev.orbit.redis.RedisBridgeBuilder;
import dev.orbit.spring.boot.autoconfigure.OrbitAutoConfiguration;
import dev.orbit.spring.boot.autoconfigure.diagnostics.InvalidOrbitPropertyException;
import dev.orbit.ring.RingSpec;
import dev.orbit.spring.cache.FleetCacheFactory;
import dev.orbit.spring.claim.FleetClaimer;
import dev.orbit.spring.bridge.BridgeLatency;
import dev.orbit.spring.bridge.FleetContest;
import dev.orbit.spring.bridge.FleetOrbitCache;
import dev.orbit.spring.bridge.RedisFleetClaimer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the fleet's bridge
 * across hosts: with {@code orbit.bridge.redis.enabled=true}, {@code orbit-redis} and Spring Boot's Redis support on
 * the class path, this process starts a {@link RedisBridge} connected with Boot's {@link DataRedisConnectionDetails}
 * ({@code spring.data.redis.*}: one Redis, Sentinel or a Redis Cluster; or a {@code @ServiceConnection}). One process per host runs the
 * host's bridge; the others stand by. {@code @Claimed} methods then claim across every host unless
 * {@code scope = HOST}, and Spring caches are shared by every host (through each host's near cache) unless
 * {@code orbit.cache.caches.NAME.scope=host}.
 * <p>
 * Redis unreachable at startup does not stop the application: its host keeps working alone, one warning names the
 * address, and the bridge connects when Redis answers. A configuration the bridge cannot use fails startup with a
 * report naming the property.
 */
@AutoConfiguration(after = OrbitAutoConfiguration.class,
        afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass({ RedisBridge.class, RedisClient.class, DataRedisConnectionDetails.class })
@ConditionalOnBean(Fleet.class)
@ConditionalOnBooleanProperty(name = "orbit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "orbit.bridge.redis.enabled")
@EnableConfigurationProperties(OrbitBridgeProperties.class)
public final class OrbitBridgeAutoConfiguration {

    private static final Log logger = LogFactory.getLog(OrbitBridgeAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    BridgeLatency orbitBridgeLatency() {
        return new BridgeLatency();
    }

    @Bean
    @ConditionalOnMissingBean
    FleetClaimer orbitFleetClaimer(RedisBridge bridge) {
        return new RedisFleetClaimer(bridge);
    }

    @Bean
    @ConditionalOnMissingBean
    FleetCacheFactory orbitFleetCacheFactory(RedisBridge bridge) {
        FleetContest contest = new FleetContest(bridge);
        return new FleetCacheFactory() {

            @Override
            public OrbitCache cache(String name, RingSpec spec) {
                return new FleetOrbitCache(bridge.cache(name, spec));
            }

            @Override
            public Contest contest() {
                return contest;
            }

        };
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    RedisBridge orbitRedisBridge(Fleet fleet, OrbitBridgeProperties properties,
            ObjectProvider<DataRedisConnectionDetails> connectionDetails,
            ObjectProvider<DataRedisProperties> redisProperties, BridgeLatency latency) {
        DataRedisConnectionDetails details = connectionDetails.getIfAvailable();
        if (details == null) {
            throw new IllegalStateException("orbit.bridge.redis.enabled=true but no Redis connection details are "
                    + "defined: add spring-boot-starter-data-redis (it reads spring.data.redis.*) or define a "
                    + "DataRedisConnectionDetails bean");
        }
        RedisBridgeBuilder builder = RedisBridge.builder(fleet);
        String address;
        if (BridgeRedisUri.isCluster(details)) {
            List<RedisURI> nodes = BridgeRedisUri.clusterNodes(details);
            builder.redisCluster(nodes);
            Duration refresh = clusterRefreshPeriod(redisProperties.getIfAvailable());
            if (refresh != null) {
                builder.topologyRefreshInterval(refresh);
            }
            address = BridgeRedisUri.address(nodes);
        }
        else {
            RedisURI uri = BridgeRedisUri.of(details);
            builder.redisUri(uri);
            address = BridgeRedisUri.address(uri);
        }
        if (details.getSslBundle() != null) {
            builder.sslOptions(BridgeRedisUri.sslOptions(details.getSslBundle()));
        }
        builder.commandTimeout(properties.getCommandTimeout())
            .membershipInterval(properties.getMembershipInterval())
            .hostExpiryIntervals(properties.getHostExpiryIntervals())
            .eventsMaxLength(properties.getEventsMaxLength())
            .invalidationsMaxLength(properties.getInvalidationsMaxLength())
            .batchSize(properties.getBatchSize())
            .readBlock(properties.getReadBlock())
            .bridgeClaimTtl(properties.getElectionTtl())
            .electionInterval(properties.getElectionInterval())
            .releaseInterval(properties.getReleaseInterval())
            .topics(properties.topicFilter())
            .commandLatency(latency);
        if (properties.getHostId() != null) {
            builder.hostId(properties.getHostId());
        }
        RedisBridge bridge = builder.build().start();
        if (!bridge.isConnected()) {
            logger.warn("Orbit bridge of fleet '" + fleet.name() + "' (host '" + bridge.hostId() + "'): Redis at "
                    + address + " is unreachable (" + bridge.stats().lastError() + "). This host keeps working "
                    + "alone; the bridge connects when Redis answers.");
            announceWhenConnected(bridge, fleet.name(), address);
        }
        else if (logger.isInfoEnabled()) {
            logger.info("Orbit bridge of fleet '" + fleet.name() + "' (host '" + bridge.hostId() + "') connected to "
                    + "Redis at " + address);
        }
        return bridge;
    }

    /**
     * @param properties Spring Boot's Redis properties, when bound.
     * @return {@code spring.data.redis.lettuce.cluster.refresh.period}, or null (the bridge's default, 10 s).
     */
    private static Duration clusterRefreshPeriod(DataRedisProperties properties) {
        if (properties == null) {
            return null;
        }
        Duration period = properties.getLettuce().getCluster().getRefresh().getPeriod();
        if (period == null) {
            return null;
        }
        if (period.compareTo(Duration.ofMillis(100)) < 0 || period.compareTo(Duration.ofHours(1)) > 0) {
            throw new InvalidOrbitPropertyException("spring.data.redis.lettuce.cluster.refresh.period", period,
                    "the Orbit bridge refreshes a Redis Cluster's topology every 100ms to 1h",
                    "set a period from 100ms to 1h, or remove it (the bridge then refreshes every 10s and on every "
                            + "redirect)");
        }
        return period;
    }

    /**
     * After the startup warning, says once when the bridge has connected, so the log tells the whole story; a
     * daemon thread that looks every 200 ms and ends then, or when the bridge closes first.
     */
    private static void announceWhenConnected(RedisBridge bridge, String fleetName, String address) {
        Thread watcher = new Thread(() -> {
            while (bridge.state() != BridgeState.CLOSED) {
                if (bridge.isConnected()) {
                    logger.info("Orbit bridge of fleet '" + fleetName + "' (host '" + bridge.hostId()
                            + "'): connected to Redis at " + address + ", unreachable at startup");
                    return;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            }
        }, "orbit-bridge-connect-" + fleetName);
        watcher.setDaemon(true);
        watcher.start();
    }

}
