package dev.orbit.spring.boot.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

import dev.orbit.cache.OrbitCache;
import dev.orbit.contest.Contest;
import dev.orbit.event.OrbitEventBus;
import dev.orbit.fleet.Fleet;
import dev.orbit.fleet.FleetBuilder;
import dev.orbit.heartbeat.Heartbeats;
import dev.orbit.spring.boot.autoconfigure.diagnostics.OrbitFleetJoinException;
import dev.orbit.spring.event.OrbitPayloadConverter;
import dev.orbit.spring.event.OrbitTemplate;
import dev.orbit.spring.metrics.OrbitMeters;
import dev.orbit.spring.scheduling.OrbitScheduler;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;
import org.springframework.util.function.SingletonSupplier;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of an Orbit
 * {@link Fleet}: joins the fleet configured under {@code orbit.*} (in shared memory where {@code /dev/shm}
 * exists, else in-process), exposes its substrates as beans and provides an {@link OrbitTemplate}. The fleet
 * itself beats every {@code orbit.heartbeat.interval} (its keeper thread), so no scheduler of this layer does. Every bean steps aside for a user bean of its type; {@code orbit.enabled=false} turns
 * everything off.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(Fleet.class)
@ConditionalOnBooleanProperty(name = "orbit.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ OrbitProperties.class, OrbitFleetProperties.class, OrbitShmProperties.class,
        OrbitHeartbeatProperties.class, OrbitCacheProperties.class, OrbitEventsProperties.class,
        OrbitClaimsProperties.class })
@Import({ OrbitPayloadConverterConfigurations.Jackson.class, OrbitPayloadConverterConfigurations.Simple.class })
public final class OrbitAutoConfiguration {

    /** Fleet name used when neither orbit.fleet.name nor spring.application.name is set. */
    public static final String DEFAULT_FLEET_NAME = "orbit";

    private static final Path DEV_SHM = Path.of("/dev/shm");

    private static final Log logger = LogFactory.getLog(OrbitAutoConfiguration.class);

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Fleet orbitFleet(OrbitFleetProperties fleet, OrbitShmProperties shmProperties,
            OrbitHeartbeatProperties heartbeat, OrbitCacheProperties cache, OrbitEventsProperties events,
            OrbitClaimsProperties claims, Environment environment,
            ObjectProvider<OrbitFleetBuilderCustomizer> customizers) {
        String name = fleetName(fleet, environment);
        boolean shm = sharedMemory(shmProperties);
        FleetBuilder builder = Fleet.builder()
            .name(name)
            .size(fleet.getSize())
            .defaultSpec(shmProperties.defaultSpec())
            .cacheSpec(cache.defaultSpec())
            .eventsSpec(events.ringSpec())
            .accessMode(shmProperties.getMode())
            .heartbeatInterval(heartbeat.getInterval());
        if (fleet.getNodeId() != null) {
            builder.nodeId(fleet.getNodeId());
        }
        if (shmProperties.getDirectory() != null) {
            builder.directory(shmProperties.getDirectory());
        }
        if (fleet.getLabel() != null) {
            builder.label(fleet.getLabel());
        }
        int claimSlots = claims.getSlots();
        if (claimSlots != FleetBuilder.DEFAULT_CLAIM_SLOTS) {
            // Only when changed: a customizer written before the property existed may still set it.
            builder.claimSlots(claimSlots);
        }
        customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
        if (!shm && shmProperties.getEnabled() == null) {
            logger.warn("Orbit fleet '" + name + "' joins in-process only: " + DEV_SHM + " does not exist, so "
                    + "sibling processes will not share it. Set orbit.shm.enabled=true (segments then go to "
                    + "orbit.shm.directory, default java.io.tmpdir) to share through memory-mapped files.");
        }
        try {
            return shm ? builder.joinShm() : builder.join();
        }
        catch (RuntimeException ex) {
            throw new OrbitFleetJoinException(name, fleet.getNodeId(), shm, shmProperties.getDirectory(), ex);
        }
    }

    @Bean
    @ConditionalOnMissingBean
    Heartbeats orbitHeartbeats(Fleet fleet) {
        return fleet.heartbeats();
    }

    @Bean
    @ConditionalOnMissingBean
    OrbitEventBus orbitEventBus(Fleet fleet) {
        return fleet.events();
    }

    @Bean
    @ConditionalOnMissingBean
    Contest orbitContest(Fleet fleet) {
        return fleet.contest();
    }

    /**
     * The fleet's cache named {@value OrbitCacheNames#DEFAULT}, created on first injection (it is also the Spring
     * cache of that name).
     */
    @Bean
    @Lazy
    @ConditionalOnMissingBean
    OrbitCache orbitCache(Fleet fleet, OrbitCacheProperties cache) {
        return fleet.cache(OrbitCacheNames.DEFAULT, cache.specOf(OrbitCacheNames.DEFAULT));
    }

    @Bean
    @ConditionalOnMissingBean
    OrbitScheduler orbitScheduler() {
        return new OrbitScheduler();
    }

    @Bean
    @ConditionalOnMissingBean
    OrbitTemplate orbitTemplate(OrbitEventBus eventBus, OrbitPayloadConverter payloadConverter,
            ObjectProvider<OrbitMeters> meters) {
        return new OrbitTemplate(eventBus, payloadConverter, meters(meters));
    }

    /**
     * @param meters the meters bean, if any.
     * @return a memoizing supplier of the meters bean, or {@link OrbitMeters#NONE}.
     */
    public static Supplier<OrbitMeters> meters(ObjectProvider<OrbitMeters> meters) {
        return SingletonSupplier.of(() -> meters.getIfAvailable(() -> OrbitMeters.NONE));
    }

    static String fleetName(OrbitFleetProperties fleet, Environment environment) {
        String name = fleet.getName();
        if (name != null) {
            return name;
        }
        String applicationName = environment.getProperty("spring.application.name");
        if (applicationName == null || applicationName.isBlank()) {
            return DEFAULT_FLEET_NAME;
        }
        String sanitized = applicationName.strip().replaceAll("[^A-Za-z0-9_.-]", "-");
        if (!Character.isLetterOrDigit(sanitized.charAt(0))) {
            sanitized = "o" + sanitized;
        }
        return (sanitized.length() > 64) ? sanitized.substring(0, 64) : sanitized;
    }

    static boolean sharedMemory(OrbitShmProperties shm) {
        Boolean enabled = shm.getEnabled();
        return (enabled != null) ? enabled : Files.isDirectory(DEV_SHM);
    }

}
