package dev.orbit.spring.claim;

/**
 * Where a {@link Claimed} method's claim holds.
 */
public enum ClaimScope {

    /**
     * One holder in the whole fleet: across every host when the fleet spans hosts
     * ({@code orbit.bridge.redis.enabled=true}, a fleet claim through Redis), else across the processes of this
     * host (the fleet is this host). The default.
     */
    FLEET,

    /**
     * One holder per host: the processes of each host contend among themselves through shared memory, never
     * through Redis, so every host may run the method at once.
     */
    HOST

}
