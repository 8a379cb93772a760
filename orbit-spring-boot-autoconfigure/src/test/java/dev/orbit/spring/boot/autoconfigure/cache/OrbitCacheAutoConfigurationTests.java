package dev.orbit.spring.boot.autoconfigure.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.orbit.contest.Contest;
import dev.orbit.contest.Subject;
import dev.orbit.spring.boot.autoconfigure.OrbitTestSupport;
import dev.orbit.spring.boot.autoconfigure.diagnostics.InvalidOrbitPropertyException;
import dev.orbit.spring.cache.DefaultOrbitKeyCodec;
import dev.orbit.spring.cache.JacksonOrbitValueCodec;
import dev.orbit.spring.cache.OrbitCacheManager;
import dev.orbit.spring.cache.OrbitKeyCodec;
import dev.orbit.spring.cache.OrbitSpringCache;
import dev.orbit.spring.cache.OrbitValueCodec;
import dev.orbit.spring.cache.SimpleOrbitValueCodec;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.metrics.CacheMetricsAutoConfiguration;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link OrbitCacheAutoConfiguration} and {@link OrbitCacheMetricsAutoConfiguration}.
 */
class OrbitCacheAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(OrbitTestSupport.orbitAutoConfigurations())
        .withConfiguration(AutoConfigurations.of(CacheAutoConfiguration.class))
        .withPropertyValues(OrbitTestSupport.inProcess());

    @Test
    void shouldProvideCacheManagerWhenCachingIsEnabled() {
        this.contextRunner.withUserConfiguration(CachingConfiguration.class).run((context) -> {
            assertThat(context).hasSingleBean(CacheManager.class).hasSingleBean(OrbitCacheManager.class);
            assertThat(context.getBean(OrbitValueCodec.class)).isInstanceOf(JacksonOrbitValueCodec.class);
            assertThat(context.getBean(OrbitKeyCodec.class)).isInstanceOf(DefaultOrbitKeyCodec.class);
            Books books = context.getBean(Books.class);
            assertThat(books.title("1")).isEqualTo("title-1");
            assertThat(books.title("1")).isEqualTo("title-1");
            assertThat(books.calls()).isEqualTo(1);
            books.evict("1");
            assertThat(books.title("1")).isEqualTo("title-1");
            assertThat(books.calls()).isEqualTo(2);
            assertThat(context.getBean(OrbitCacheManager.class).getCacheNames()).containsExactly("books");
        });
    }

    @Test
    void shouldNotProvideCacheManagerWithoutEnableCaching() {
        this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(CacheManager.class)
            .doesNotHaveBean(OrbitKeyCodec.class));
    }

    @Test
    void shouldBackOffForUserCacheManager() {
        this.contextRunner.withUserConfiguration(CachingConfiguration.class, UserCacheManagerConfiguration.class)
            .run((context) -> assertThat(context).hasSingleBean(CacheManager.class)
                .doesNotHaveBean(OrbitCacheManager.class));
    }

    @Test
    void shouldBackOffWhenOrbitCacheIsDisabled() {
        this.contextRunner.withUserConfiguration(CachingConfiguration.class)
            .withPropertyValues("orbit.cache.enabled=false")
            .run((context) -> assertThat(context).hasSingleBean(CacheManager.class)
                .doesNotHaveBean(OrbitCacheManager.class));
    }

    @Test
    void shouldBackOffWhenOrbitIsDisabled() {
        this.contextRunner.withUserConfiguration(CachingConfiguration.class)
            .withPropertyValues("orbit.enabled=false")
            .run((context) -> assertThat(context).hasSingleBean(CacheManager.class)
                .doesNotHaveBean(OrbitCacheManager.class));
    }

    @Test
    void shouldBackOffWhenSpringCacheTypeIsSet() {
        this.contextRunner.withUserConfiguration(CachingConfiguration.class)
            .withPropertyValues("spring.cache.type=simple")
            .run((context) -> assertThat(context.getBean(CacheManager.class))
                .isInstanceOf(ConcurrentMapCacheManager.class));
    }

    @Test
    void shouldUseSimpleValueCodecWithoutJackson() {
        this.contextRunner.withUserConfiguration(CachingConfiguration.class)
            .withClassLoader(new FilteredClassLoader("tools.jackson"))
            .run((context) -> assertThat(context.getBean(OrbitValueCodec.class))
                .isExactlyInstanceOf(SimpleOrbitValueCodec.class));
    }

    @Test
    void shouldProvideCacheManagerWithoutSpringBootCacheModule() {
        new ApplicationContextRunner().withConfiguration(OrbitTestSupport.orbitAutoConfigurations())
            .withPropertyValues(OrbitTestSupport.inProcess())
            .withUserConfiguration(CachingConfiguration.class)
            .withClassLoader(new FilteredClassLoader("org.springframework.boot.cache"))
            .run((context) -> {
                assertThat(context).hasSingleBean(OrbitCacheManager.class);
                Books books = context.getBean(Books.class);
                books.title("1");
                books.title("1");
                assertThat(books.calls()).isEqualTo(1);
            });
    }

    @Test
    void shouldUseUserCodecs() {
        OrbitValueCodec valueCodec = new SimpleOrbitValueCodec();
        OrbitKeyCodec keyCodec = Object::toString;
        this.contextRunner.withUserConfiguration(CachingConfiguration.class)
            .withBean(OrbitValueCodec.class, () -> valueCodec)
            .withBean(OrbitKeyCodec.class, () -> keyCodec)
            .run((context) -> {
                assertThat(context.getBean(OrbitValueCodec.class)).isSameAs(valueCodec);
                assertThat(context.getBean(OrbitKeyCodec.class)).isSameAs(keyCodec);
            });
    }

    @Test
    void shouldCreateConfiguredCachesUpFront() {
        this.contextRunner.withUserConfiguration(CachingConfiguration.class)
            .withPropertyValues("orbit.cache.cache-names=a,b", "orbit.cache.caches.c.time-to-live=10m",
                    "orbit.cache.caches.c.capacity=64", "orbit.cache.caches.c.max-value-size=512B")
            .run((context) -> {
                OrbitCacheManager manager = context.getBean(OrbitCacheManager.class);
                assertThat(manager.getCacheNames()).containsExactlyInAnyOrder("a", "b", "c");
                assertThat(manager.getCache("c").getTimeToLive()).hasMinutes(10);
                assertThat(manager.getCache("c").getNativeCache().maxValueLength(1)).isLessThan(512);
            });
    }

    @Test
    void shouldBindACacheNameWithDotsInBrackets() {
        this.contextRunner.withUserConfiguration(CachingConfiguration.class)
            .withPropertyValues("orbit.cache.caches[books.v2].time-to-live=7m",
                    "orbit.cache.caches.plain.timeToLive=3m")
            .run((context) -> {
                OrbitCacheManager manager = context.getBean(OrbitCacheManager.class);
                assertThat(manager.getCacheNames()).contains("books.v2", "plain");
                assertThat(manager.getCache("books.v2").getTimeToLive()).hasMinutes(7);
                assertThat(manager.getCache("plain").getTimeToLive()).hasMinutes(3);
            });
    }

    @Test
    void shouldBindACacheNameWithDotsInBracketsFromYaml() {
        String yaml = """
                orbit:
                  cache:
                    caches:
                      "[books.v2]":
                        time-to-live: 7m
                """;
        this.contextRunner.withUserConfiguration(CachingConfiguration.class)
            .withInitializer((context) -> context.getEnvironment().getPropertySources().addFirst(yaml(yaml)))
            .run((context) -> assertThat(context.getBean(OrbitCacheManager.class).getCache("books.v2")
                .getTimeToLive()).hasMinutes(7));
    }

    @Test
    void shouldRefuseACacheNameWithDotsWithoutBrackets() {
        this.contextRunner.withUserConfiguration(CachingConfiguration.class)
            .withPropertyValues("orbit.cache.caches.books.v2.time-to-live=7m")
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .isInstanceOf(InvalidOrbitPropertyException.class)
                .hasMessageContaining("orbit.cache.caches.books.v2.time-to-live=7m")
                .hasMessageContaining("the cache name 'books.v2' contains dots")
                .hasMessageContaining("orbit.cache.caches[books.v2].time-to-live")
                .hasMessageContaining("\"[books.v2]\""));
    }

    @Test
    void shouldRefuseACacheNameWithDotsWithoutBracketsFromYaml() {
        String yaml = """
                orbit:
                  cache:
                    caches:
                      books.v2:
                        capacity: 64
                """;
        this.contextRunner.withUserConfiguration(CachingConfiguration.class)
            .withInitializer((context) -> context.getEnvironment().getPropertySources().addFirst(yaml(yaml)))
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .hasMessageContaining("orbit.cache.caches[books.v2].capacity"));
    }

    @Test
    void shouldRefuseAPropertyACacheDoesNotHave() {
        this.contextRunner.withUserConfiguration(CachingConfiguration.class)
            .withPropertyValues("orbit.cache.caches.books.ttl=7m")
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .isInstanceOf(InvalidOrbitPropertyException.class)
                .hasMessageContaining("orbit.cache.caches.books.ttl")
                .hasMessageContaining("only time-to-live, capacity and max-value-size"));
    }

    private static PropertySource<?> yaml(String yaml) {
        try {
            return new YamlPropertySourceLoader()
                .load("test.yml", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)))
                .get(0);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Test
    void shouldBindBootCacheMetricsToOrbitCaches() {
        this.contextRunner.withUserConfiguration(CachingConfiguration.class)
            .withConfiguration(AutoConfigurations.of(CacheMetricsAutoConfiguration.class,
                    MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class))
            .withPropertyValues("orbit.cache.cache-names=books")
            .run((context) -> {
                Books books = context.getBean(Books.class);
                books.title("1");
                books.title("1");
                books.other("x");
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                assertThat(registry.get("cache.gets").tag("cache", "books").tag("result", "hit").functionCounter()
                    .count()).isEqualTo(1);
                assertThat(registry.get("cache.gets").tag("cache", "books").tag("result", "miss").functionCounter()
                    .count()).isEqualTo(1);
                assertThat(registry.get("cache.puts").tag("cache", "books").functionCounter().count()).isEqualTo(1);
                assertThat(registry.get("cache.gets").tag("cache", "others").tag("result", "miss").functionCounter()
                    .count()).isEqualTo(1);
            });
    }

    @Test
    void shouldStripeSyncLoadsOverConfiguredClaimSubjects() {
        this.contextRunner.withUserConfiguration(CachingConfiguration.class)
            .withPropertyValues("orbit.claims.slots=16", "orbit.cache.sync-stripes=4")
            .run((context) -> {
                Books books = context.getBean(Books.class);
                for (int i = 0; i < 100; i++) {
                    assertThat(books.synced(String.valueOf(i))).isEqualTo("synced-" + i);
                }
                OrbitSpringCache cache = context.getBean(OrbitCacheManager.class).getCache("books");
                assertThat(cache.syncSubject("1").label()).matches("cache:books#[0-3]");
                assertThat(cache.getSyncFallbackCount()).isZero();
                assertThat(context.getBean(Contest.class).tryClaim(Subject.of("job"), "test", Duration.ofSeconds(30)))
                    .isInstanceOf(dev.orbit.contest.Claimed.class);
            });
    }

    @Test
    void shouldCountSyncLoadsThatFallBackWhenClaimsTableIsFull() {
        this.contextRunner.withUserConfiguration(CachingConfiguration.class)
            .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
            .withPropertyValues("orbit.claims.slots=16")
            .run((context) -> {
                Contest contest = context.getBean(Contest.class);
                for (int i = 0; i < 16; i++) {
                    contest.tryClaim(Subject.of("job-" + i), "test", Duration.ofSeconds(30));
                }
                Books books = context.getBean(Books.class);
                assertThat(books.synced("1")).isEqualTo("synced-1");
                assertThat(books.synced("1")).isEqualTo("synced-1");
                assertThat(books.calls()).isEqualTo(1);
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                assertThat(registry.get("orbit.cache.sync.fallback").tag("cache", "books").counter().count())
                    .isEqualTo(1);
            });
    }

    @Test
    void shouldHandTheMethodsOwnExceptionToCallersOfSyncCacheables() {
        this.contextRunner.withUserConfiguration(CachingConfiguration.class).run((context) -> {
            Books books = context.getBean(Books.class);
            CompletableFuture<String> failed = books.failingAsync("1");
            assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> failed.get(10, TimeUnit.SECONDS))
                .satisfies((ex) -> assertThat(ex.getCause()).isExactlyInstanceOf(IllegalStateException.class)
                    .hasMessage("no title for 1"));
            assertThatIllegalStateException().isThrownBy(() -> books.failingSync("2")).withMessage("no title for 2");
            assertThat(books.async("3").get(10, TimeUnit.SECONDS)).isEqualTo("async-3");
            assertThat(books.async("3").get(10, TimeUnit.SECONDS)).isEqualTo("async-3");
            assertThat(books.calls()).isEqualTo(1);
        });
    }

    @Test
    void shouldTrustTheApplicationsOwnPackagesByDefault() {
        this.contextRunner.withUserConfiguration(CachingConfiguration.class, ApplicationPackage.class)
            .run((context) -> {
                JacksonOrbitValueCodec codec = context.getBean(JacksonOrbitValueCodec.class);
                assertThat(codec.getTrustedPackages()).containsExactly(ApplicationPackage.class.getPackageName());
                OrbitSpringCache cache = context.getBean(OrbitCacheManager.class).getCache("books");
                cache.put("dune", new Book("Dune"));
                assertThat(cache.get("dune").get()).isEqualTo(new Book("Dune"));
            });
    }

    @Test
    void shouldTrustOnlyJavaTypesWithoutApplicationPackagesOrProperty() {
        this.contextRunner.withUserConfiguration(CachingConfiguration.class).run((context) -> {
            assertThat(context.getBean(JacksonOrbitValueCodec.class).getTrustedPackages()).isEmpty();
            OrbitSpringCache cache = context.getBean(OrbitCacheManager.class).getCache("books");
            cache.put("dune", new Book("Dune"));
            assertThat(cache.get("dune")).as("not cached: it could not be read back").isNull();
            assertThat(cache.getSkippedCount()).isEqualTo(1);
            cache.put("titles", java.util.List.of("Dune"));
            assertThat(cache.get("titles").get()).isEqualTo(java.util.List.of("Dune"));
        });
    }

    @Test
    void shouldTrustConfiguredPackagesOrEveryClassWhenToldSo() {
        this.contextRunner.withUserConfiguration(CachingConfiguration.class, ApplicationPackage.class)
            .withPropertyValues("orbit.cache.trusted-packages=com.example,org.example")
            .run((context) -> assertThat(context.getBean(JacksonOrbitValueCodec.class).getTrustedPackages())
                .containsExactly("com.example", "org.example"));
        this.contextRunner.withUserConfiguration(CachingConfiguration.class)
            .withPropertyValues("orbit.cache.trusted-packages=*")
            .run((context) -> {
                OrbitSpringCache cache = context.getBean(OrbitCacheManager.class).getCache("books");
                cache.put("dune", new Book("Dune"));
                assertThat(cache.get("dune").get()).isEqualTo(new Book("Dune"));
            });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class CachingConfiguration {

        @Bean
        Books books() {
            return new Books();
        }

    }

    @Configuration(proxyBeanMethods = false)
    @AutoConfigurationPackage
    static class ApplicationPackage {

    }

    record Book(String title) {
    }

    @Configuration(proxyBeanMethods = false)
    static class UserCacheManagerConfiguration {

        @Bean
        CacheManager userCacheManager() {
            return new ConcurrentMapCacheManager();
        }

    }

    public static class Books {

        private final AtomicInteger calls = new AtomicInteger();

        public int calls() {
            return this.calls.get();
        }

        @Cacheable("books")
        public String title(String id) {
            this.calls.incrementAndGet();
            return "title-" + id;
        }

        @Cacheable("others")
        public String other(String id) {
            return "other-" + id;
        }

        @Cacheable(cacheNames = "books", sync = true)
        public String synced(String id) {
            this.calls.incrementAndGet();
            return "synced-" + id;
        }

        @CacheEvict("books")
        public void evict(String id) {
        }

        @Cacheable(cacheNames = "books", sync = true)
        public CompletableFuture<String> async(String id) {
            this.calls.incrementAndGet();
            return CompletableFuture.supplyAsync(() -> "async-" + id);
        }

        @Cacheable(cacheNames = "books", sync = true)
        public CompletableFuture<String> failingAsync(String id) {
            return CompletableFuture.supplyAsync(() -> {
                throw new IllegalStateException("no title for " + id);
            });
        }

        @Cacheable(cacheNames = "books", sync = true)
        public String failingSync(String id) {
            throw new IllegalStateException("no title for " + id);
        }

    }

}
