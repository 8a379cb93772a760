package dev.orbit.spring.boot.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of an Orbit fleet, under {@code orbit.*}. Each group has its own class, bound and
 * checked on its own: {@link OrbitFleetProperties} ({@code orbit.fleet}), {@link OrbitShmProperties}
 * ({@code orbit.shm}), {@link OrbitHeartbeatProperties} ({@code orbit.heartbeat}), {@link OrbitCacheProperties}
 * ({@code orbit.cache}), {@link OrbitEventsProperties} ({@code orbit.events}) and {@link OrbitClaimsProperties}
 * ({@code orbit.claims}).
 * <p>
 * Values are checked once bound; a bad value fails startup with an
 * {@link dev.orbit.spring.boot.autoconfigure.diagnostics.InvalidOrbitPropertyException} that names the property,
 * the value and a fix.
 *
 * @see dev.orbit.fleet.FleetBuilder
 */
@ConfigurationProperties(OrbitProperties.PREFIX)
public class OrbitProperties {

    /** Prefix of every Orbit property. */
    public static final String PREFIX = "orbit";

    /**
     * Whether to join an Orbit fleet at all. When false, no Orbit bean is created.
     */
    private boolean enabled = true;

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

}
