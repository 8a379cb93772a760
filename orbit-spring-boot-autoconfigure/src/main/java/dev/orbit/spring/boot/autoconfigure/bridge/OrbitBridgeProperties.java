package dev.orbit.spring.boot.autoconfigure.bridge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.orbit.redis.TopicFilter;
import dev.orbit.spring.boot.autoconfigure.diagnostics.InvalidOrbitPropertyException;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the bridge that carries a fleet across hosts through Redis, under
 * {@code orbit.bridge.*}. Where Redis is comes from Spring Boot's Redis connection details
 * ({@code spring.data.redis.*}: one Redis, Sentinel or a Redis Cluster; or a {@code @ServiceConnection}).
 * <p>
 * Values are checked once bound; a bad value fails startup with an {@link InvalidOrbitPropertyException} that names
 * the property, the value and a fix.
 */
@ConfigurationProperties(OrbitBridgeProperties.PREFIX)
public class OrbitBridgeProperties implements InitializingBean {

    /** Prefix of the bridge's properties. */
    public static final String PREFIX = "orbit.bridge";

    private static final Pattern HOST_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    private final Redis redis = new Redis();

    /**
     * This host's id: the same in every process of the host, different on every host. 1 to 64 of
     * {@code [A-Za-z0-9_.:-]}. Default: the host name (set it in containers, whose host names change).
     */
    private String hostId;

    /**
     * Topics whose events this host carries to the other hosts: names, 'prefix.*' patterns, or '*' for every
     * topic. Events of other topics stay on this host. Every host receives whatever the others carry.
     */
    private List<String> topics = new ArrayList<>(List.of("*"));

    /**
     * Longest wait for one Redis command, in a business call (fleet claims, fleet caches) and in the bridge.
     */
    private Duration commandTimeout = Duration.ofMillis(500);

    /**
     * How often the bridge publishes this host's members to the other hosts.
     */
    private Duration membershipInterval = Duration.ofSeconds(1);

    /**
     * Membership intervals after which a silent host expires (2 to 100).
     */
    private int hostExpiryIntervals = 5;

    /**
     * A host reported longer ago than this counts as stale in health and in {@code /actuator/orbit}.
     */
    private Duration hostMaxAge = Duration.ofSeconds(5);

    /**
     * Approximate most entries of the fleet's events stream ({@code MAXLEN ~}); a host that falls further behind
     * is told how many events it missed.
     */
    private long eventsMaxLength = 100_000;

    /**
     * Approximate most entries of the cache invalidation stream; a host that falls further behind clears its near
     * caches.
     */
    private long invalidationsMaxLength = 100_000;

    /**
     * Most events forwarded to Redis in one script call (1 to 4096).
     */
    private int batchSize = 512;

    /**
     * Longest block of one stream read; also bounds how late the bridge's housekeeping runs.
     */
    private Duration readBlock = Duration.ofMillis(100);

    /**
     * Time to live of the local claim that elects the host's bridge process: one that stalls longer is replaced
     * (one that dies is replaced at once).
     */
    private Duration electionTtl = Duration.ofSeconds(2);

    /**
     * How often a standby process tries to become the host's bridge.
     */
    private Duration electionInterval = Duration.ofMillis(100);

    /**
     * How often the bridge releases the fleet claims of this host's processes that died.
     */
    private Duration releaseInterval = Duration.ofMillis(200);

    /**
     * @return the Redis settings.
     */
    public Redis getRedis() {
        return this.redis;
    }

    /**
     * @return the host id, {@code null} for the host name.
     */
    public String getHostId() {
        return this.hostId;
    }

    /**
     * @param hostId the host id.
     */
    public void setHostId(String hostId) {
        this.hostId = hostId;
    }

    /**
     * @return the topics carried to other hosts.
     */
    public List<String> getTopics() {
        return this.topics;
    }

    /**
     * @param topics the topics carried to other hosts.
     */
    public void setTopics(List<String> topics) {
        this.topics = topics;
    }

    /**
     * @return the topic filter of {@link #getTopics()}.
     */
    public TopicFilter topicFilter() {
        try {
            return TopicFilter.of(this.topics);
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidOrbitPropertyException(PREFIX + ".topics", String.join(",", this.topics),
                    ex.getMessage(), "list topic names, 'prefix.*' patterns, or '*' for every topic");
        }
    }

    /**
     * @return the command timeout.
     */
    public Duration getCommandTimeout() {
        return this.commandTimeout;
    }

    /**
     * @param commandTimeout the command timeout.
     */
    public void setCommandTimeout(Duration commandTimeout) {
        this.commandTimeout = commandTimeout;
    }

    /**
     * @return the membership interval.
     */
    public Duration getMembershipInterval() {
        return this.membershipInterval;
    }

    /**
     * @param membershipInterval the membership interval.
     */
    public void setMembershipInterval(Duration membershipInterval) {
        this.membershipInterval = membershipInterval;
    }

    /**
     * @return intervals after which a silent host expires.
     */
    public int getHostExpiryIntervals() {
        return this.hostExpiryIntervals;
    }

    /**
     * @param hostExpiryIntervals intervals after which a silent host expires.
     */
    public void setHostExpiryIntervals(int hostExpiryIntervals) {
        this.hostExpiryIntervals = hostExpiryIntervals;
    }

    /**
     * @return age beyond which a host is stale.
     */
    public Duration getHostMaxAge() {
        return this.hostMaxAge;
    }

    /**
     * @param hostMaxAge age beyond which a host is stale.
     */
    public void setHostMaxAge(Duration hostMaxAge) {
        this.hostMaxAge = hostMaxAge;
    }

    /**
     * @return the events stream's approximate bound.
     */
    public long getEventsMaxLength() {
        return this.eventsMaxLength;
    }

    /**
     * @param eventsMaxLength the events stream's approximate bound.
     */
    public void setEventsMaxLength(long eventsMaxLength) {
        this.eventsMaxLength = eventsMaxLength;
    }

    /**
     * @return the invalidation stream's approximate bound.
     */
    public long getInvalidationsMaxLength() {
        return this.invalidationsMaxLength;
    }

    /**
     * @param invalidationsMaxLength the invalidation stream's approximate bound.
     */
    public void setInvalidationsMaxLength(long invalidationsMaxLength) {
        this.invalidationsMaxLength = invalidationsMaxLength;
    }

    /**
     * @return events per forwarding call.
     */
    public int getBatchSize() {
        return this.batchSize;
    }

    /**
     * @param batchSize events per forwarding call.
     */
    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    /**
     * @return the longest stream read block.
     */
    public Duration getReadBlock() {
        return this.readBlock;
    }

    /**
     * @param readBlock the longest stream read block.
     */
    public void setReadBlock(Duration readBlock) {
        this.readBlock = readBlock;
    }

    /**
     * @return the election claim's time to live.
     */
    public Duration getElectionTtl() {
        return this.electionTtl;
    }

    /**
     * @param electionTtl the election claim's time to live.
     */
    public void setElectionTtl(Duration electionTtl) {
        this.electionTtl = electionTtl;
    }

    /**
     * @return how often a standby process tries to become the bridge.
     */
    public Duration getElectionInterval() {
        return this.electionInterval;
    }

    /**
     * @param electionInterval how often a standby process tries to become the bridge.
     */
    public void setElectionInterval(Duration electionInterval) {
        this.electionInterval = electionInterval;
    }

    /**
     * @return how often gone holders' fleet claims are released.
     */
    public Duration getReleaseInterval() {
        return this.releaseInterval;
    }

    /**
     * @param releaseInterval how often gone holders' fleet claims are released.
     */
    public void setReleaseInterval(Duration releaseInterval) {
        this.releaseInterval = releaseInterval;
    }

    @Override
    public void afterPropertiesSet() {
        validate();
    }

    /**
     * Checks every value.
     *
     * @throws InvalidOrbitPropertyException naming the first bad property, its value and a fix.
     */
    public void validate() {
        if (this.hostId != null && !HOST_ID.matcher(this.hostId).matches()) {
            throw new InvalidOrbitPropertyException(PREFIX + ".host-id", this.hostId,
                    "a host id is 1 to 64 of [A-Za-z0-9_.:-]",
                    "use a name such as 'web-3' (the same in every process of the host), or remove the property "
                            + "to use the host name");
        }
        if (this.topics == null) {
            this.topics = new ArrayList<>(List.of("*"));
        }
        topicFilter();
        within("command-timeout", this.commandTimeout, Duration.ofMillis(1), Duration.ofMinutes(1));
        within("membership-interval", this.membershipInterval, Duration.ofMillis(10), Duration.ofMinutes(10));
        range("host-expiry-intervals", this.hostExpiryIntervals, 2, 100);
        within("host-max-age", this.hostMaxAge, Duration.ofMillis(1), Duration.ofDays(1));
        range("events-max-length", this.eventsMaxLength, 16, 1_000_000_000L);
        range("invalidations-max-length", this.invalidationsMaxLength, 16, 1_000_000_000L);
        range("batch-size", this.batchSize, 1, 4096);
        within("read-block", this.readBlock, Duration.ofMillis(1), Duration.ofSeconds(10));
        within("election-ttl", this.electionTtl, Duration.ofMillis(100), Duration.ofMinutes(10));
        within("election-interval", this.electionInterval, Duration.ofMillis(1), Duration.ofSeconds(10));
        within("release-interval", this.releaseInterval, Duration.ofMillis(10), Duration.ofMinutes(1));
    }

    private static void within(String name, Duration value, Duration min, Duration max) {
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new InvalidOrbitPropertyException(PREFIX + "." + name, value,
                    "it must be from " + InvalidOrbitPropertyException.display(min) + " to "
                            + InvalidOrbitPropertyException.display(max),
                    "set " + PREFIX + "." + name + " within that range, or remove it for the default");
        }
    }

    private static void range(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new InvalidOrbitPropertyException(PREFIX + "." + name, value,
                    "it must be from " + min + " to " + max,
                    "set " + PREFIX + "." + name + " within that range, or remove it for the default");
        }
    }

    /**
     * Where the bridge connects.
     */
    public static class Redis {

        /**
         * Whether this process joins the fleet's bridge across hosts through Redis. Redis is found through Spring
         * Boot's Redis connection details: spring.data.redis.host/port/url, spring.data.redis.sentinel.*,
         * spring.data.redis.cluster.nodes (a Redis Cluster; topology refreshed on redirects and every
         * spring.data.redis.lettuce.cluster.refresh.period, default 10s), or a {@code @ServiceConnection}. A
         * static master/replica setup (spring.data.redis.masterreplica.nodes) is refused at startup.
         */
        private boolean enabled;

        /**
         * @return whether the bridge is on.
         */
        public boolean isEnabled() {
            return this.enabled;
        }

        /**
         * @param enabled whether the bridge is on.
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

    }

}
