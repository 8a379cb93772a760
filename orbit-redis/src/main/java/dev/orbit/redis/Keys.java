package dev.orbit.redis;

import java.nio.charset.StandardCharsets;

import dev.orbit.contest.Subject;

/**
 * Every Redis key of one fleet: {@code orbit:{fleet}:...}. The braces are a Redis Cluster hash tag, so all keys of
 * a fleet live in one slot and every script may touch any of them.
 * <pre>
 * orbit:{fleet}:events                stream of events between hosts (XADD MAXLEN ~)
 * orbit:{fleet}:events:epoch          the stream's epoch; events:n:{host} numbers each host's entries
 * orbit:{fleet}:fwd:{host}            a host's forwarded position: hostEpoch:counter:bridgeToken
 * orbit:{fleet}:inval                 stream of cache invalidations; inval:epoch, inval:n as for events
 * orbit:{fleet}:caches                set of cache names
 * orbit:{fleet}:c:{cache}:ver         a cache's version counter
 * orbit:{fleet}:c:{cache}:gen         a cache's generation (part of every value key)
 * orbit:{fleet}:c:{cache}:old         a cache's old generations, swept in the background
 * orbit:{fleet}:c:{cache}:{gen}:{key} a value: version (8 bytes, big-endian) then the value bytes
 * orbit:{fleet}:claim:{kind}/{label}  a fleet claim: host|epoch|node|pid|owner|token, PX ttl
 * orbit:{fleet}:fence                 the fleet fence counter
 * orbit:{fleet}:hclaims:{host}        a host's fleet claims, subject -> claim value
 * orbit:{fleet}:host:{host}           a host's membership (epoch, bridge, members, seen), PEXPIRE
 * orbit:{fleet}:hosts                 sorted set of host ids by last seen
 * </pre>
 * Counters (versions, fence, stream epochs) start at Redis's clock in microseconds when created.
 */
final class Keys {

    private final String prefix;

    Keys(final String fleet) {
        this.prefix = "orbit:{" + fleet + "}:";
    }

    String prefix() {
        return prefix;
    }

    byte[] events() {
        return key("events");
    }

    byte[] eventsEpoch() {
        return key("events:epoch");
    }

    /**
     * @return the counter numbering one origin host's entries in the events stream's epoch.
     */
    byte[] eventsNumber(final String hostId) {
        return key("events:n:" + hostId);
    }

    byte[] forwarded(final String hostId) {
        return key("fwd:" + hostId);
    }

    byte[] invalidations() {
        return key("inval");
    }

    byte[] invalidationsEpoch() {
        return key("inval:epoch");
    }

    byte[] invalidationsNumber() {
        return key("inval:n");
    }

    byte[] caches() {
        return key("caches");
    }

    byte[] cacheVersion(final String cache) {
        return key("c:" + cache + ":ver");
    }

    byte[] cacheGeneration(final String cache) {
        return key("c:" + cache + ":gen");
    }

    byte[] cacheOldGenerations(final String cache) {
        return key("c:" + cache + ":old");
    }

    /**
     * @return the value keys' prefix without the generation: {@code orbit:{fleet}:c:{cache}:}.
     */
    byte[] cacheValuePrefix(final String cache) {
        return key("c:" + cache + ":");
    }

    byte[] claim(final Subject subject) {
        return key("claim:" + subject.kind() + "/" + subject.label());
    }

    /**
     * @param subjectField a subject as the host claim index names it, {@code kind/label} in UTF-8.
     * @return its claim key.
     */
    byte[] claimOf(final byte[] subjectField) {
        final byte[] prefix = key("claim:");
        final byte[] key = java.util.Arrays.copyOf(prefix, prefix.length + subjectField.length);
        System.arraycopy(subjectField, 0, key, prefix.length, subjectField.length);
        return key;
    }

    /**
     * @param subject a subject.
     * @return its field in a host's claim index, {@code kind/label}.
     */
    static byte[] subjectField(final Subject subject) {
        return (subject.kind() + "/" + subject.label()).getBytes(StandardCharsets.UTF_8);
    }

    byte[] fence() {
        return key("fence");
    }

    byte[] hostClaims(final String hostId) {
        return key("hclaims:" + hostId);
    }

    byte[] host(final String hostId) {
        return key("host:" + hostId);
    }

    byte[] hosts() {
        return key("hosts");
    }

    private byte[] key(final String suffix) {
        return (prefix + suffix).getBytes(StandardCharsets.UTF_8);
    }
}
