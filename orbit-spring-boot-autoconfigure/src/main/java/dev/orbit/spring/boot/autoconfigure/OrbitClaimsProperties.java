package dev.orbit.spring.boot.autoconfigure;

import java.time.Duration;

import dev.orbit.spring.boot.autoconfigure.PropertyChecks.Limit;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code @Claimed} methods and the fleet's claims table, under {@code orbit.claims.*}.
 */
@ConfigurationProperties(OrbitClaimsProperties.PREFIX)
public class OrbitClaimsProperties implements InitializingBean {

    /** Prefix of these properties. */
    public static final String PREFIX = "orbit.claims";

    private static final int MIN_SLOTS = 16;

    private static final int MAX_SLOTS = 1 << 20;

    private static final int DEFAULT_SLOTS = 1024;

    /**
     * Time to live of a claim whose annotation gives none. A claim whose holder stops renewing ends after
     * this long; a holder whose process exits loses it at once.
     */
    private Duration defaultTtl = Duration.ofSeconds(30);

    /**
     * Whether running methods renew their claim every third of its time to live. A method can opt out
     * with keepAlive = false.
     */
    private boolean keepAlive = true;

    /**
     * Slots of the fleet's claims table (a power of two from 16 to 1048576): the claims a fleet can hold at
     * the same time (@Claimed methods running and sync=true loads in progress); a slot is reused once its
     * claim is released, expires or its holder is gone. Every process of a fleet must use the same value.
     */
    private int slots = DEFAULT_SLOTS;

    public Duration getDefaultTtl() {
        return this.defaultTtl;
    }

    public void setDefaultTtl(Duration defaultTtl) {
        this.defaultTtl = defaultTtl;
    }

    public boolean isKeepAlive() {
        return this.keepAlive;
    }

    public void setKeepAlive(boolean keepAlive) {
        this.keepAlive = keepAlive;
    }

    public int getSlots() {
        return this.slots;
    }

    public void setSlots(int slots) {
        this.slots = slots;
    }

    @Override
    public void afterPropertiesSet() {
        PropertyChecks.positive("orbit.claims.default-ttl", this.defaultTtl,
                "set orbit.claims.default-ttl to a positive duration such as 30s");
        PropertyChecks.powerOfTwo(new Limit("orbit.claims.slots", this.slots, DEFAULT_SLOTS, "the default"),
                MIN_SLOTS, MAX_SLOTS, "the number of claim slots");
    }

}
