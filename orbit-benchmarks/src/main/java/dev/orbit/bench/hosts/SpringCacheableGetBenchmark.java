package dev.orbit.bench.hosts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.cache.CacheManager;
import org.springframework.context.ConfigurableApplicationContext;

import dev.orbit.bench.cache.CacheKeys;
import dev.orbit.bench.support.RedisServer;
import dev.orbit.fleet.Fleet;
import dev.orbit.internal.shm.SegmentNames;
import dev.orbit.redis.BridgeState;
import dev.orbit.redis.RedisBridge;

/**
 * A {@code @Cacheable} hit across hosts, through Spring's caching proxy, in a Spring Boot application
 * ({@link CacheableApp}) configured by properties only, over the same 1024 keys and 64-byte values as the core-level
 * cache rows:
 * <ul>
 *   <li>{@code manager=orbit}: the starter's cache manager with the bridge on ({@code orbit.bridge.redis.enabled=true},
 *   a shared-memory fleet), so the cache is fleet-scoped (its default): Redis holds each value and the host's Orbit
 *   cache answers the hit as the near cache.</li>
 *   <li>{@code manager=redis}: Boot's {@code RedisCacheManager} ({@code spring.cache.type=redis}, Spring Data Redis
 *   over Lettuce, Boot's default JDK serialization) on the same redis-server.</li>
 *   <li>{@code manager=simple}: Boot's {@code ConcurrentMapCacheManager} ({@code spring.cache.type=simple}), a map in
 *   the process: the floor that Spring's caching proxy itself sets.</li>
 * </ul>
 * Every key is loaded once in setup; the benchmark then calls the proxied method, and setup and teardown check that
 * no call reached the method (every measured call was a hit).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class SpringCacheableGetBenchmark {

    /** Port of the local redis-server. */
    @Param("6379")
    public int redisPort;

    /**
     * Which cache manager serves {@code @Cacheable}: {@code orbit} (near cache), {@code redis} (RedisCacheManager) or
     * {@code simple} (Spring's in-process {@code ConcurrentMapCacheManager}: what the proxy alone costs).
     */
    @Param({"orbit", "redis", "simple"})
    public String manager;

    private ConfigurableApplicationContext context;
    private CacheableApp.Quotes quotes;
    private String[] keys;
    private int next;
    private Path directory;
    private String fleetName;

    @Setup
    public void setUp() throws IOException {
        fleetName = "bench-sc-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        final List<String> args = new ArrayList<>(List.of(
            "--spring.data.redis.host=" + RedisServer.HOST,
            "--spring.data.redis.port=" + redisPort,
            "--spring.jmx.enabled=false",
            "--logging.level.root=WARN"));
        switch (manager) {
            case "orbit":
                directory = Files.createTempDirectory(SegmentNames.defaultDirectory(), fleetName + "-");
                args.addAll(List.of(
                    "--orbit.fleet.name=" + fleetName,
                    "--orbit.shm.enabled=true",
                    "--orbit.shm.directory=" + directory,
                    "--orbit.bridge.redis.enabled=true",
                    "--orbit.bridge.host-id=bench-host",
                    "--orbit.bridge.command-timeout=2s",
                    "--orbit.cache.caches." + CacheableApp.CACHE + ".capacity=65536",
                    "--orbit.cache.caches." + CacheableApp.CACHE + ".max-value-size=128B"));
                break;
            case "redis":
                args.addAll(List.of("--spring.cache.type=redis", "--orbit.enabled=false"));
                break;
            case "simple":
                args.addAll(List.of("--spring.cache.type=simple", "--orbit.enabled=false"));
                break;
            default:
                throw new IllegalArgumentException("manager=" + manager + ": expected orbit, redis or simple");
        }
        final SpringApplication app = new SpringApplication(CacheableApp.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setBannerMode(Banner.Mode.OFF);
        app.setLogStartupInfo(false);
        context = app.run(args.toArray(String[]::new));
        if (manager.equals("orbit")) {
            awaitActive(context.getBean(RedisBridge.class));
        }
        final String managerType = context.getBean(CacheManager.class).getClass().getSimpleName();
        final String expected = switch (manager) {
            case "orbit" -> "OrbitCacheManager";
            case "redis" -> "RedisCacheManager";
            default -> "ConcurrentMapCacheManager";
        };
        if (!managerType.equals(expected)) {
            throw new IllegalStateException("manager=" + manager + " but the context's cache manager is " + managerType);
        }
        // The redis-server is shared with the other rows (RedisCacheManagerGetBenchmark writes the same keys): start empty.
        context.getBean(CacheManager.class).getCache(CacheableApp.CACHE).clear();
        quotes = context.getBean(CacheableApp.Quotes.class);
        keys = new String[CacheKeys.WORKING_SET];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = CacheKeys.hitKey(i);
            quotes.quote(keys[i]);
        }
        for (final String key : keys) {
            quotes.quote(key);
        }
        if (quotes.computations() != keys.length) {
            throw new IllegalStateException("expected each of " + keys.length + " keys computed once, computed " +
                quotes.computations() + " times: the " + manager + " cache does not hold them");
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        try {
            if (quotes != null && quotes.computations() != keys.length) {
                throw new IllegalStateException("a measured call missed the cache: " + quotes.computations() +
                    " computations for " + keys.length + " keys");
            }
        }
        finally {
            if (context != null) {
                context.close();
            }
            if (directory != null) {
                Fleet.unlink(directory, fleetName, true);
                removeDirectory(directory);
            }
        }
    }

    @Benchmark
    public byte[] hit() {
        return quotes.quote(keys[next++ & (CacheKeys.WORKING_SET - 1)]);
    }

    /** Removes the host's fleet directory and what is left in it (lock files). */
    private static void removeDirectory(final Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            for (final Path file : (Iterable<Path>)files::iterator) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(directory);
    }

    private static void awaitActive(final RedisBridge bridge) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (bridge.state() != BridgeState.ACTIVE) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("bridge did not become active within 60 s: " + bridge.stats());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
