package dev.orbit.spring.boot.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.orbit.ring.RingSpec;
import dev.orbit.ring.StartPosition;
import dev.orbit.shm.AccessMode;
import dev.orbit.spring.boot.autoconfigure.diagnostics.InvalidOrbitPropertyException;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of an Orbit fleet, under {@code orbit.*}.
 * <p>
 * Values are checked once bound; a bad value fails startup with an {@link InvalidOrbitPropertyException} that
 * names the property, the value and a fix.
 *
 * @see dev.orbit.fleet.FleetBuilder
 */
@ConfigurationProperties(OrbitProperties.PREFIX)
public class OrbitProperties implements InitializingBean {

    /** Prefix of every Orbit property. */
    public static final String PREFIX = "orbit";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private static final int MAX_SYNC_STRIPES = 1024;

    private static final int MIN_CLAIM_SLOTS = 16;

    private static final int MAX_CLAIM_SLOTS = 1 << 20;

    private static final int DEFAULT_SHM_CAPACITY = 1024;

    private static final DataSize DEFAULT_SHM_PAYLOAD_SIZE = DataSize.ofBytes(256);

    private static final int DEFAULT_CACHE_CAPACITY = 4096;

    private static final DataSize DEFAULT_CACHE_VALUE_SIZE = DataSize.ofKilobytes(1);

    private static final int DEFAULT_EVENTS_CAPACITY = 4096;

    private static final DataSize DEFAULT_EVENTS_PAYLOAD_SIZE = DataSize.ofKilobytes(1);

    private static final int DEFAULT_SYNC_STRIPES = 64;

    private static final int DEFAULT_CLAIM_SLOTS = 1024;

    private static final ConfigurationPropertyName CACHES = ConfigurationPropertyName.of("orbit.cache.caches");

    /** The properties of a {@link CacheSpec}, in uniform form. */
    private static final Set<String> CACHE_SPEC_PROPERTIES = Set.of("timetolive", "capacity", "maxvaluesize");

    /**
     * Whether to join an Orbit fleet at all. When false, no Orbit bean is created.
     */
    private boolean enabled = true;

    private final Fleet fleet = new Fleet();

    private final Shm shm = new Shm();

    private final Heartbeat heartbeat = new Heartbeat();

    private final Cache cache = new Cache();

    private final Events events = new Events();

    private final Claims claims = new Claims();

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Fleet getFleet() {
        return this.fleet;
    }

    public Shm getShm() {
        return this.shm;
    }

    public Heartbeat getHeartbeat() {
        return this.heartbeat;
    }

    public Cache getCache() {
        return this.cache;
    }

    public Events getEvents() {
        return this.events;
    }

    public Claims getClaims() {
        return this.claims;
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
        this.fleet.validate();
        this.shm.validate();
        this.heartbeat.validate();
        this.cache.validate();
        this.events.validate();
        this.claims.validate();
    }

    /**
     * The fleet this process joins.
     */
    public static class Fleet {

        /**
         * Fleet name, shared by every sibling process: 1 to 64 of [A-Za-z0-9_.-], starting with a letter or
         * digit. Defaults to 'spring.application.name' (with other characters replaced by '-'), else "orbit".
         */
        private String name;

        /**
         * Expected members (1 to 255); members never seen are reported as missing.
         */
        private int size = 8;

        /**
         * This process's node id (0 to 255). Without it, the process claims the first free slot.
         */
        private Integer nodeId;

        /**
         * Label shown to other members and tools, at most 64 UTF-8 bytes. Defaults to pid@host.
         */
        private String label;

        public String getName() {
            return this.name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public int getSize() {
            return this.size;
        }

        public void setSize(int size) {
            this.size = size;
        }

        public Integer getNodeId() {
            return this.nodeId;
        }

        public void setNodeId(Integer nodeId) {
            this.nodeId = nodeId;
        }

        public String getLabel() {
            return this.label;
        }

        public void setLabel(String label) {
            this.label = label;
        }

        void validate() {
            if (this.name != null && !NAME.matcher(this.name).matches()) {
                throw new InvalidOrbitPropertyException("orbit.fleet.name", this.name,
                        "a fleet name is 1 to 64 of [A-Za-z0-9_.-] and starts with a letter or digit",
                        "use a name such as 'orders' or 'orders-prod', or remove the property to use "
                                + "spring.application.name");
            }
            if (this.size < 1 || this.size > 255) {
                throw new InvalidOrbitPropertyException("orbit.fleet.size", this.size,
                        "the fleet size must be between 1 and 255", "set orbit.fleet.size to the number of "
                                + "sibling processes you expect, from 1 to 255 (default 8)");
            }
            if (this.nodeId != null && (this.nodeId < 0 || this.nodeId > 255)) {
                throw new InvalidOrbitPropertyException("orbit.fleet.node-id", this.nodeId,
                        "a node id must be between 0 and 255",
                        "set orbit.fleet.node-id to a value from 0 to 255, or remove it to claim the first free slot");
            }
            if (this.label != null && this.label.getBytes(StandardCharsets.UTF_8).length > 64) {
                throw new InvalidOrbitPropertyException("orbit.fleet.label", this.label,
                        "a label is at most 64 UTF-8 bytes", "shorten orbit.fleet.label to 64 bytes or less");
            }
        }

    }

    /**
     * Shared memory backing.
     */
    public static class Shm {

        /**
         * Whether rings live in shared memory, visible to sibling processes. When false the fleet lives in
         * this process's memory only. Defaults to true where /dev/shm exists.
         */
        private Boolean enabled;

        /**
         * Directory of the segment files. Defaults to /dev/shm on Linux, else the temporary directory.
         */
        private Path directory;

        /**
         * Default number of slots (a power of two) of a ring whose type does not declare one.
         */
        private int capacity = DEFAULT_SHM_CAPACITY;

        /**
         * Default payload bytes per slot of a ring whose type does not declare them.
         */
        private DataSize payloadSize = DEFAULT_SHM_PAYLOAD_SIZE;

        /**
         * File permissions of the segments: OWNER (0600), GROUP_READ (0640) or GROUP_READ_WRITE (0660).
         */
        private AccessMode mode = AccessMode.OWNER;

        public Boolean getEnabled() {
            return this.enabled;
        }

        public void setEnabled(Boolean enabled) {
            this.enabled = enabled;
        }

        public Path getDirectory() {
            return this.directory;
        }

        public void setDirectory(Path directory) {
            this.directory = directory;
        }

        public int getCapacity() {
            return this.capacity;
        }

        public void setCapacity(int capacity) {
            this.capacity = capacity;
        }

        public DataSize getPayloadSize() {
            return this.payloadSize;
        }

        public void setPayloadSize(DataSize payloadSize) {
            this.payloadSize = payloadSize;
        }

        public AccessMode getMode() {
            return this.mode;
        }

        public void setMode(AccessMode mode) {
            this.mode = mode;
        }

        /**
         * @return the default ring spec.
         */
        public RingSpec defaultSpec() {
            return spec(new Limit("orbit.shm.capacity", this.capacity, DEFAULT_SHM_CAPACITY, "the default"),
                    new Size("orbit.shm.payload-size", this.payloadSize, DEFAULT_SHM_PAYLOAD_SIZE));
        }

        void validate() {
            defaultSpec();
        }

    }

    /**
     * Heartbeats.
     */
    public static class Heartbeat {

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

        void validate() {
            positive("orbit.heartbeat.interval", this.interval, "set orbit.heartbeat.interval to a positive "
                    + "duration such as 1s");
            positive("orbit.heartbeat.max-age", this.maxAge, "set orbit.heartbeat.max-age to a positive "
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

    /**
     * What a cache does with a {@code null} value.
     */
    public enum NullPolicy {

        /** Store a null marker, so a method that returned {@code null} is not called again. */
        CACHE_NULLS,

        /**
         * Store nothing for {@code null}: the next call computes again, and a {@code put} of {@code null} (a
         * {@code @CachePut} method that returned {@code null}) evicts the key, so that no older value is served.
         */
        SKIP_NULLS,

        /**
         * Refuse {@code null} as Spring's caches that do not allow nulls do: a {@code put} of {@code null}, or a
         * loader that returns {@code null}, throws an {@link IllegalArgumentException} (exclude nulls with
         * {@code @Cacheable(unless = "#result == null")}).
         */
        REJECT_NULLS

    }

    /**
     * Spring Cache integration.
     */
    public static class Cache {

        /**
         * Whether Orbit provides the application's CacheManager (when caching is enabled and no other
         * CacheManager bean exists).
         */
        private boolean enabled = true;

        /**
         * Default slots per cache ring (a power of two). An entry also leaves when this many newer writes
         * lap it.
         */
        private int capacity = DEFAULT_CACHE_CAPACITY;

        /**
         * Default bytes per cache slot: the encoded key, the encoded value and a 13-byte header must fit.
         * A larger value is not cached (logged once per cache and counted).
         */
        private DataSize maxValueSize = DEFAULT_CACHE_VALUE_SIZE;

        /**
         * Default time to live of an entry. Zero or unset: entries never expire (they still leave when lapped).
         */
        private Duration timeToLive;

        /**
         * What a cache does with a null value: CACHE_NULLS stores it (read back as null), SKIP_NULLS stores nothing
         * (a put of null evicts the key), REJECT_NULLS throws IllegalArgumentException, as Spring's caches that do
         * not allow nulls do.
         */
        private NullPolicy nullPolicy = NullPolicy.CACHE_NULLS;

        /**
         * Longest time a sync=true caller waits for another process computing the same key before it
         * computes the value itself.
         */
        private Duration syncTimeout = Duration.ofSeconds(30);

        /**
         * Claim subjects per cache for sync=true loads (a power of two from 1 to 1024): a key's load is claimed
         * as 'cache:<name>#<stripe>', the stripe a stable hash of the key. Keys of one stripe load one after
         * the other. Each cache that loads with sync=true takes up to this many of orbit.claims.slots; every
         * process of a fleet should use the same value (a mismatch loses the cross-process single flight).
         */
        private int syncStripes = DEFAULT_SYNC_STRIPES;

        /**
         * Cache names created at startup, in addition to those under orbit.cache.caches (so their metrics
         * exist from the start). Other names are created on first use.
         */
        private List<String> cacheNames = new ArrayList<>();

        /**
         * Package prefixes of the value types the JSON codec may write and read back, besides java.*. Defaults to
         * the application's own packages (those of @SpringBootApplication or @AutoConfigurationPackage); '*'
         * trusts every class. A value of another type is not cached. The codec never enables polymorphic default
         * typing.
         */
        private List<String> trustedPackages = new ArrayList<>();

        /**
         * Per-cache overrides, keyed by cache name. A name with dots goes in brackets:
         * orbit.cache.caches[books.v2].time-to-live (in YAML, a key "[books.v2]").
         */
        private Map<String, CacheSpec> caches = new LinkedHashMap<>();

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getCapacity() {
            return this.capacity;
        }

        public void setCapacity(int capacity) {
            this.capacity = capacity;
        }

        public DataSize getMaxValueSize() {
            return this.maxValueSize;
        }

        public void setMaxValueSize(DataSize maxValueSize) {
            this.maxValueSize = maxValueSize;
        }

        public Duration getTimeToLive() {
            return this.timeToLive;
        }

        public void setTimeToLive(Duration timeToLive) {
            this.timeToLive = timeToLive;
        }

        public NullPolicy getNullPolicy() {
            return this.nullPolicy;
        }

        public void setNullPolicy(NullPolicy nullPolicy) {
            this.nullPolicy = nullPolicy;
        }

        public Duration getSyncTimeout() {
            return this.syncTimeout;
        }

        public void setSyncTimeout(Duration syncTimeout) {
            this.syncTimeout = syncTimeout;
        }

        public int getSyncStripes() {
            return this.syncStripes;
        }

        public void setSyncStripes(int syncStripes) {
            this.syncStripes = syncStripes;
        }

        public List<String> getCacheNames() {
            return this.cacheNames;
        }

        public void setCacheNames(List<String> cacheNames) {
            this.cacheNames = cacheNames;
        }

        public List<String> getTrustedPackages() {
            return this.trustedPackages;
        }

        public void setTrustedPackages(List<String> trustedPackages) {
            this.trustedPackages = trustedPackages;
        }

        public Map<String, CacheSpec> getCaches() {
            return this.caches;
        }

        public void setCaches(Map<String, CacheSpec> caches) {
            this.caches = caches;
        }

        /**
         * @return the ring spec of caches without an override.
         */
        public RingSpec defaultSpec() {
            return spec(new Limit("orbit.cache.capacity", this.capacity, DEFAULT_CACHE_CAPACITY, "the default"),
                    new Size("orbit.cache.max-value-size", this.maxValueSize, DEFAULT_CACHE_VALUE_SIZE));
        }

        /**
         * @param name a cache name.
         * @return that cache's ring spec.
         */
        public RingSpec specOf(String name) {
            CacheSpec override = this.caches.get(name);
            if (override == null) {
                return defaultSpec();
            }
            String prefix = "orbit.cache.caches" + (name.contains(".") ? "[" + name + "]." : "." + name + ".");
            int capacity = (override.getCapacity() != null) ? override.getCapacity() : this.capacity;
            DataSize size = (override.getMaxValueSize() != null) ? override.getMaxValueSize() : this.maxValueSize;
            return spec(new Limit(prefix + "capacity", capacity, this.capacity, "orbit.cache.capacity"),
                    new Size(prefix + "max-value-size", size, this.maxValueSize));
        }

        /**
         * @param name a cache name.
         * @return that cache's time to live, {@link Duration#ZERO} for none.
         */
        public Duration timeToLiveOf(String name) {
            CacheSpec override = this.caches.get(name);
            Duration ttl = (override != null && override.getTimeToLive() != null) ? override.getTimeToLive()
                    : this.timeToLive;
            return (ttl != null) ? ttl : Duration.ZERO;
        }

        void validate() {
            defaultSpec();
            notNegative("orbit.cache.time-to-live", this.timeToLive);
            positive("orbit.cache.sync-timeout", this.syncTimeout,
                    "set orbit.cache.sync-timeout to a positive duration such as 30s");
            powerOfTwo(new Limit("orbit.cache.sync-stripes", this.syncStripes, DEFAULT_SYNC_STRIPES, "the default"),
                    1, MAX_SYNC_STRIPES, "the number of sync stripes per cache");
            for (String name : this.cacheNames) {
                validateCacheName("orbit.cache.cache-names", name);
            }
            this.caches.forEach((name, spec) -> {
                validateCacheName("orbit.cache.caches", name);
                specOf(name);
                notNegative("orbit.cache.caches." + name + ".time-to-live", spec.getTimeToLive());
            });
        }

        /**
         * Refuses what binding drops without a word: a property under {@code orbit.cache.caches} that sets
         * nothing, such as a cache name with dots written without brackets
         * ({@code orbit.cache.caches.books.v2.time-to-live} binds {@code v2.time-to-live} of a cache "books", which
         * has no such property) or a misspelt property. Environment variables are not checked (they cannot carry
         * such names).
         *
         * @param sources the environment's property sources, as {@link ConfigurationPropertySources#get} gives them.
         * @throws InvalidOrbitPropertyException naming the property and its bracket form.
         */
        public void validateBindings(Iterable<ConfigurationPropertySource> sources) {
            for (ConfigurationPropertySource source : sources) {
                if (source instanceof IterableConfigurationPropertySource iterable
                        && !(source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource)) {
                    iterable.stream().filter(CACHES::isAncestorOf).forEach((name) -> validateBinding(source, name));
                }
            }
        }

        private static void validateBinding(ConfigurationPropertySource source, ConfigurationPropertyName name) {
            int first = CACHES.getNumberOfElements();
            int last = name.getNumberOfElements() - 1;
            String property = name.getElement(last, ConfigurationPropertyName.Form.DASHED);
            boolean known = CACHE_SPEC_PROPERTIES
                .contains(name.getElement(last, ConfigurationPropertyName.Form.UNIFORM));
            if (last - first == 1 && known) {
                return;
            }
            ConfigurationProperty bound = source.getConfigurationProperty(name);
            Object value = (bound != null) ? bound.getValue() : null;
            if (last - first > 1 && known) {
                StringBuilder cacheName = new StringBuilder();
                for (int i = first; i < last; i++) {
                    cacheName.append((i > first) ? "." : "").append(name.getElement(i,
                            ConfigurationPropertyName.Form.ORIGINAL));
                }
                throw new InvalidOrbitPropertyException(name.toString(), value, "the cache name '" + cacheName
                        + "' contains dots, so this property is read as '" + name.subName(first + 1)
                        + "' of a cache '" + name.getElement(first, ConfigurationPropertyName.Form.ORIGINAL)
                        + "' and sets nothing", "write the cache name in brackets: orbit.cache.caches[" + cacheName
                                + "]." + property + " (in YAML, the key \"[" + cacheName + "]\")");
            }
            throw new InvalidOrbitPropertyException(name.toString(), value, "a cache under orbit.cache.caches takes "
                    + "only time-to-live, capacity and max-value-size, so this property sets nothing",
                    "use orbit.cache.caches.<name>.time-to-live, .capacity or .max-value-size (a cache name with "
                            + "dots in brackets: orbit.cache.caches[books.v2].time-to-live)");
        }

        private static void validateCacheName(String property, String name) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new InvalidOrbitPropertyException(property, name,
                        "a cache name is 1 to 64 of [A-Za-z0-9_.-] and starts with a letter or digit",
                        "rename the cache, for example 'books' or 'books.by-isbn'");
            }
        }

        private static void notNegative(String property, Duration value) {
            if (value != null && value.isNegative()) {
                throw new InvalidOrbitPropertyException(property, value, "a time to live cannot be negative",
                        "set " + property + " to a positive duration such as 10m, or 0 for no expiry");
            }
        }

    }

    /**
     * Overrides for one cache.
     */
    public static class CacheSpec {

        /**
         * Time to live of this cache's entries; zero for none.
         */
        private Duration timeToLive;

        /**
         * Slots of this cache's ring (a power of two).
         */
        private Integer capacity;

        /**
         * Bytes per slot of this cache's ring (key, encoded value and a 13-byte header).
         */
        private DataSize maxValueSize;

        public Duration getTimeToLive() {
            return this.timeToLive;
        }

        public void setTimeToLive(Duration timeToLive) {
            this.timeToLive = timeToLive;
        }

        public Integer getCapacity() {
            return this.capacity;
        }

        public void setCapacity(Integer capacity) {
            this.capacity = capacity;
        }

        public DataSize getMaxValueSize() {
            return this.maxValueSize;
        }

        public void setMaxValueSize(DataSize maxValueSize) {
            this.maxValueSize = maxValueSize;
        }

    }

    /**
     * How listener threads wait for events.
     */
    public enum IdleStrategyType {

        /**
         * Spin briefly, then sleep until a publisher in any process of the fleet commits an event (the default): an
         * idle listener costs no CPU and wakes in microseconds. orbit.events.wake-up-timeout bounds a sleep whose
         * wake-up was lost.
         */
        WAKE_UP,

        /** Spin, then yield, then park with growing periods up to orbit.events.max-park. */
        BACKOFF,

        /** Park for orbit.events.max-park between empty polls. */
        SLEEPING,

        /** Yield the thread between empty polls (keeps a core busy). */
        YIELDING,

        /** Spin between empty polls (burns a whole core; lowest latency). */
        BUSY_SPIN

    }

    /**
     * Events and {@code @OrbitListener} containers.
     */
    public static class Events {

        /**
         * How listener threads wait between empty polls.
         */
        private IdleStrategyType idleStrategy = IdleStrategyType.WAKE_UP;

        /**
         * Longest sleep of the WAKE_UP idle strategy: how late an idle listener sees an event whose wake-up was lost
         * (its publisher killed between commit and nudge, or this process unreachable). At least 1 ms.
         */
        private Duration wakeUpTimeout = Duration.ofMillis(100);

        /**
         * Longest park of the BACKOFF and SLEEPING idle strategies; bounds the latency of an idle listener.
         */
        private Duration maxPark = Duration.ofMillis(1);

        /**
         * Where a listener without its own start position begins: LATEST (events published after it starts)
         * or EARLIEST (the oldest event the ring still holds).
         */
        private StartPosition startPosition = StartPosition.LATEST;

        /**
         * Most events a listener takes per poll.
         */
        private int pollLimit = 256;

        /**
         * Slots of the event ring (a power of two), shared by every topic: a listener that falls further behind
         * loses the oldest events (and is told how many).
         */
        private int capacity = DEFAULT_EVENTS_CAPACITY;

        /**
         * Bytes per event slot: the UTF-8 topic, the payload and a 12-byte header must fit.
         */
        private DataSize maxPayloadSize = DEFAULT_EVENTS_PAYLOAD_SIZE;

        public IdleStrategyType getIdleStrategy() {
            return this.idleStrategy;
        }

        public void setIdleStrategy(IdleStrategyType idleStrategy) {
            this.idleStrategy = idleStrategy;
        }

        public Duration getWakeUpTimeout() {
            return this.wakeUpTimeout;
        }

        public void setWakeUpTimeout(Duration wakeUpTimeout) {
            this.wakeUpTimeout = wakeUpTimeout;
        }

        public Duration getMaxPark() {
            return this.maxPark;
        }

        public void setMaxPark(Duration maxPark) {
            this.maxPark = maxPark;
        }

        public StartPosition getStartPosition() {
            return this.startPosition;
        }

        public void setStartPosition(StartPosition startPosition) {
            this.startPosition = startPosition;
        }

        public int getPollLimit() {
            return this.pollLimit;
        }

        public void setPollLimit(int pollLimit) {
            this.pollLimit = pollLimit;
        }

        public int getCapacity() {
            return this.capacity;
        }

        public void setCapacity(int capacity) {
            this.capacity = capacity;
        }

        public DataSize getMaxPayloadSize() {
            return this.maxPayloadSize;
        }

        public void setMaxPayloadSize(DataSize maxPayloadSize) {
            this.maxPayloadSize = maxPayloadSize;
        }

        /**
         * @return the event ring's spec.
         */
        public RingSpec ringSpec() {
            return spec(new Limit("orbit.events.capacity", this.capacity, DEFAULT_EVENTS_CAPACITY, "the default"),
                    new Size("orbit.events.max-payload-size", this.maxPayloadSize, DEFAULT_EVENTS_PAYLOAD_SIZE));
        }

        void validate() {
            ringSpec();
            if (this.pollLimit < 1) {
                throw new InvalidOrbitPropertyException("orbit.events.poll-limit", this.pollLimit,
                        "a listener must take at least one event per poll",
                        "set orbit.events.poll-limit to a positive number such as 256");
            }
            positive("orbit.events.max-park", this.maxPark,
                    "set orbit.events.max-park to a positive duration such as 1ms");
        }

    }

    /**
     * {@code @Claimed} methods.
     */
    public static class Claims {

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
        private int slots = DEFAULT_CLAIM_SLOTS;

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

        void validate() {
            positive("orbit.claims.default-ttl", this.defaultTtl,
                    "set orbit.claims.default-ttl to a positive duration such as 30s");
            powerOfTwo(new Limit("orbit.claims.slots", this.slots, DEFAULT_CLAIM_SLOTS, "the default"),
                    MIN_CLAIM_SLOTS, MAX_CLAIM_SLOTS, "the number of claim slots");
        }

    }

    private static void positive(String property, Duration value, String fix) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new InvalidOrbitPropertyException(property, value, "the duration must be positive", fix);
        }
    }

    private static void powerOfTwo(Limit limit, int min, int max, String what) {
        int value = limit.value();
        if (value < min || value > max || Integer.bitCount(value) != 1) {
            throw new InvalidOrbitPropertyException(limit.property(), value,
                    what + " must be a power of two from " + min + " to " + max,
                    "set " + limit.property() + " to a power of two such as " + suggestions(limit, min, max));
        }
    }

    /**
     * @return the power of two nearest to the value (when it lies in range) or the largest (when above it), and
     *         the default.
     */
    private static String suggestions(Limit limit, int min, int max) {
        int value = limit.value();
        Integer near = null;
        String why = null;
        if (value > max) {
            near = max;
            why = "the largest";
        }
        else if (value >= min) {
            int below = Integer.highestOneBit(value);
            long above = (long) below << 1;
            near = (int) ((value - below < above - value || above > max) ? below : above);
            why = "the nearest to " + value;
        }
        String fallback = limit.fallback() + " (" + limit.fallbackName() + ")";
        return (near == null || near == limit.fallback()) ? fallback : near + " (" + why + ") or " + fallback;
    }

    private static RingSpec spec(Limit capacity, Size size) {
        int slots = capacity.value();
        if (slots < RingSpec.MIN_CAPACITY || slots > RingSpec.MAX_CAPACITY || Integer.bitCount(slots) != 1) {
            throw new InvalidOrbitPropertyException(capacity.property(), slots,
                    "a ring capacity is a power of two from " + RingSpec.MIN_CAPACITY + " to " + RingSpec.MAX_CAPACITY,
                    "set " + capacity.property() + " to a power of two such as "
                            + suggestions(capacity, RingSpec.MIN_CAPACITY, RingSpec.MAX_CAPACITY));
        }
        long bytes = (size.value() != null) ? size.value().toBytes() : -1;
        if (bytes < 0 || bytes > RingSpec.MAX_PAYLOAD_CAPACITY) {
            throw new InvalidOrbitPropertyException(size.property(), size.value(),
                    "a slot holds 0 to " + RingSpec.MAX_PAYLOAD_CAPACITY + " bytes",
                    "set " + size.property() + " to a size such as " + InvalidOrbitPropertyException.display(
                            size.fallback()) + " (at most 1MB)");
        }
        try {
            return RingSpec.of(slots, (int) bytes);
        }
        catch (IllegalArgumentException ex) {
            // Too large to map: blame the value that is too large even beside the other's default, else the one
            // furthest above its default.
            int defaultBytes = (int) size.fallback().toBytes();
            boolean capacityFits = fits(slots, defaultBytes);
            boolean sizeFits = fits(capacity.fallback(), (int) bytes);
            boolean blameCapacity = (capacityFits != sizeFits) ? !capacityFits
                    : (double) slots / capacity.fallback() >= (double) bytes / Math.max(1, defaultBytes);
            int fitting = slots;
            while (fitting > RingSpec.MIN_CAPACITY && !fits(fitting, (int) bytes)) {
                fitting >>>= 1;
            }
            String reason = "one ring maps at most 2GB, and " + slots + " slots of "
                    + InvalidOrbitPropertyException.display(size.value()) + " would not fit (" + ex.getMessage() + ")";
            String fix = "lower " + capacity.property() + " (" + slots + ") or " + size.property() + " ("
                    + InvalidOrbitPropertyException.display(size.value()) + "), e.g. " + capacity.property() + "="
                    + fitting;
            return blameCapacity ? throwInvalid(capacity.property(), slots, reason, fix)
                    : throwInvalid(size.property(), size.value(), reason, fix);
        }
    }

    private static boolean fits(int capacity, int payloadBytes) {
        try {
            RingSpec.of(capacity, payloadBytes);
            return true;
        }
        catch (IllegalArgumentException ex) {
            return false;
        }
    }

    private static RingSpec throwInvalid(String property, Object value, String reason, String fix) {
        throw new InvalidOrbitPropertyException(property, value, reason, fix);
    }

    /**
     * A count property, with what to suggest when it is out of range.
     *
     * @param property     the property's name.
     * @param value        its value.
     * @param fallback     the value to suggest.
     * @param fallbackName what the suggested value is ("the default", or the property it defaults to).
     */
    private record Limit(String property, int value, int fallback, String fallbackName) {
    }

    /**
     * A size property, with the size to suggest.
     *
     * @param property the property's name.
     * @param value    its value.
     * @param fallback the size to suggest.
     */
    private record Size(String property, DataSize value, DataSize fallback) {
    }

}
