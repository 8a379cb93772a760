package dev.orbit.spring.boot.autoconfigure;

import java.time.Duration;

import dev.orbit.spring.boot.autoconfigure.diagnostics.InvalidOrbitPropertyException;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Heartbeats, under {@code orbit.heartbeat.*}.
 */
@ConfigurationProperties(OrbitHeartbeatProperties.PREFIX)
public class OrbitHeartbeatProperties implements InitializingBean {

    /** Prefix of these properties. */
    public static final String PREFIX = "orbit.heartbeat";

    /**
     * How often this process publishes a heartbeat.
     */
    private Duration interval = Duration.ofSeconds(1);

    /**
     * Age beyond which a member's latest heartbeat makes it stale (and this process's own health DOWN).
     */
    private Duration maxAge = Duration.ofSeconds(5);

    public Duration getInterval() {
        return this.interval;
    }

    public void setInterval(Duration interval) {
        this.interval = interval;
    }

    public Duration getMaxAge() {
        return this.maxAge;
    }

    public void setMaxAge(Duration maxAge) {
        this.maxAge = maxAge;
    }

    @Override
    public void afterPropertiesSet() {
        PropertyChecks.positive("orbit.heartbeat.interval", this.interval, "set orbit.heartbeat.interval to a positive "
                + "duration such as 1s");
        PropertyChecks.positive("orbit.heartbeat.max-age", this.maxAge, "set orbit.heartbeat.max-age to a positive "
                + "duration such as 5s");
        if (this.maxAge.compareTo(this.interval.multipliedBy(2)) < 0) {
            throw new InvalidOrbitPropertyException("orbit.heartbeat.max-age", this.maxAge,
                    "the max age must be at least twice orbit.heartbeat.interval ("
                            + InvalidOrbitPropertyException.display(this.interval)
                            + "), or a healthy member looks stale between two beats",
                    "set orbit.heartbeat.max-age to "
                            + InvalidOrbitPropertyException.display(this.interval.multipliedBy(5))
                            + " (5 intervals) or more");
        }
    }

}
