package dev.orbit.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.orbit.ring.RingSpec;
import dev.orbit.spring.boot.autoconfigure.PropertyChecks.Limit;
import dev.orbit.spring.boot.autoconfigure.PropertyChecks.Size;
import dev.orbit.spring.boot.autoconfigure.diagnostics.InvalidOrbitPropertyException;
import dev.orbit.spring.cache.NullPolicy;

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
 * Spring Cache integration, under {@code orbit.cache.*}; each cache's ring also takes its default spec from here.
 */
@ConfigurationProperties(OrbitCacheProperties.PREFIX)
public class OrbitCacheProperties implements InitializingBean {

    /** Prefix of these properties. */
    public static final String PREFIX = "orbit.cache";

    private static final int MAX_SYNC_STRIPES = 1024;

    private static final int DEFAULT_CAPACITY = 4096;

    private static final DataSize DEFAULT_VALUE_SIZE = DataSize.ofKilobytes(1);

    private static final int DEFAULT_SYNC_STRIPES = 64;

    private static final ConfigurationPropertyName CACHES = ConfigurationPropertyName.of("orbit.cache.caches");

    /** The properties of a {@link CacheSpec}, in uniform form. */
    private static final Set<String> CACHE_SPEC_PROPERTIES = Set.of("timetolive", "capacity", "maxvaluesize");

    /**
     * Whether Orbit provides the application's CacheManager (when caching is enabled and no other
     * CacheManager bean exists).
     */
    private boolean enabled = true;

    /**
     * Default slots per cache ring (a power of two). An entry also leaves when this many newer writes
     * lap it.
     */
    private int capacity = DEFAULT_CAPACITY;

    /**
     * Default bytes per cache slot: the encoded key, the encoded value and a 13-byte header must fit.
     * A larger value is not cached (logged once per cache and counted).
     */
    private DataSize maxValueSize = DEFAULT_VALUE_SIZE;

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
        return PropertyChecks.spec(new Limit("orbit.cache.capacity", this.capacity, DEFAULT_CAPACITY, "the default"),
                new Size("orbit.cache.max-value-size", this.maxValueSize, DEFAULT_VALUE_SIZE));
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
        return PropertyChecks.spec(new Limit(prefix + "capacity", capacity, this.capacity, "orbit.cache.capacity"),
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

    @Override
    public void afterPropertiesSet() {
        defaultSpec();
        notNegative("orbit.cache.time-to-live", this.timeToLive);
        PropertyChecks.positive("orbit.cache.sync-timeout", this.syncTimeout,
                "set orbit.cache.sync-timeout to a positive duration such as 30s");
        PropertyChecks.powerOfTwo(new Limit("orbit.cache.sync-stripes", this.syncStripes, DEFAULT_SYNC_STRIPES, "the default"),
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
        if (name == null || !PropertyChecks.NAME.matcher(name).matches()) {
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

}
