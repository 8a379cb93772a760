package dev.orbit.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import dev.orbit.bench.ring.RingPublishBenchmark;
import dev.orbit.bench.support.RedisServer;
import dev.orbit.bench.xproc.BridgeThroughput;
import dev.orbit.bench.xproc.CrossHostListenerDelivery;
import dev.orbit.bench.xproc.CrossHostPingPong;
import dev.orbit.bench.xproc.FleetTakeover;
import dev.orbit.bench.xproc.HazelcastTopicDelivery;
import dev.orbit.bench.xproc.ListenerDelivery;
import dev.orbit.bench.xproc.PingPong;
import dev.orbit.bench.xproc.StartToFirstOp;
import dev.orbit.bench.xproc.Takeover;
import dev.orbit.bench.xproc.UnixSocketWake;
import dev.orbit.bench.xproc.WriterScaling;

/**
 * Keeps the suite from rotting: every JMH benchmark class runs for one tiny iteration in this JVM, and every
 * cross-process main runs with tiny counts against real child JVMs. The Redis and ShedLock parts run when a
 * {@code redis-server} binary is on the PATH and are skipped (with the reason) otherwise. This measures
 * nothing; {@code orbit-benchmarks/run.sh} does.
 */
class BenchmarkSmokeTest {

    private static final String NO_REDIS = "redis-server is not on the PATH, so the Redis/ShedLock comparison is skipped " +
        "(apt-get install -y redis-server to run it)";

    @TempDir
    static Path redisDir;

    private static RedisServer redis;

    @BeforeAll
    static void startRedisWhenInstalled() throws IOException {
        if (RedisServer.binary().isPresent()) {
            redis = RedisServer.start(redisDir.resolve("redis-server.txt"));
        }
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    static Stream<String> benchmarkClasses() throws IOException, URISyntaxException {
        final Path classes = Path.of(RingPublishBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> files = Files.walk(classes)) {
            final List<String> names = files
                .map(p -> classes.relativize(p).toString())
                .filter(p -> p.endsWith("Benchmark.class") && !p.contains("$") && !p.contains("jmh_generated"))
                .map(p -> p.substring(0, p.length() - ".class".length()).replace('/', '.'))
                .sorted()
                .collect(Collectors.toList());
            assertThat(names).as("benchmark classes under " + classes).hasSizeGreaterThanOrEqualTo(12);
            return names.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("benchmarkClasses")
    void shouldRunEveryBenchmarkOfTheClassForOneTinyIteration(final String className) throws RunnerException {
        final boolean needsRedis = className.endsWith("RedisGetBenchmark") || className.endsWith("ShedLockClaimBenchmark") ||
            className.startsWith("dev.orbit.bench.hosts.");
        assumeTrue(!needsRedis || redis != null, NO_REDIS);
        final ChainedOptionsBuilder options = new OptionsBuilder()
            .include("^" + className.replace(".", "\\.") + "\\.")
            .forks(0)
            .warmupIterations(0)
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(50))
            .shouldFailOnError(true)
            .verbosity(VerboseMode.SILENT);
        if (needsRedis) {
            options.param("redisPort", Integer.toString(redis.port()));
        }
        final Collection<RunResult> runs = new Runner(options.build()).run();
        assertThat(runs).as("runs of " + className).isNotEmpty();
        for (final RunResult run : runs) {
            final double score = run.getPrimaryResult().getScore();
            assertThat(score).as(run.getParams().getBenchmark() + " " + run.getParams().getParamsKeys()).isPositive().isFinite();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"orbit-ring", "agrona-broadcast", "orbit-cache", "redis"})
    void shouldPingPongBetweenTwoJvms(final String transport, @TempDir final Path out) {
        final boolean isRedis = transport.equals("redis");
        assumeTrue(!isRedis || redis != null, NO_REDIS);
        final Map<String, Object> result = PingPong.run(transport, 100, 500, out, isRedis ? redis.port() : 0);
        assertThat(((Number)result.get("oneway.count")).longValue()).isEqualTo(500);
        assertThat(((Number)result.get("oneway.p50.ns")).longValue()).isPositive();
        assertThat(out.resolve("pingpong-" + transport + ".hgrm")).isNotEmptyFile();
        assertThat(out.resolve("pingpong-" + transport + ".hlog")).isNotEmptyFile();
        assertThat(out.resolve("pingpong-" + transport + ".properties")).isNotEmptyFile();
    }

    @Test
    void shouldTakeOverAnOrbitClaimAfterTheHolderIsKilled(@TempDir final Path out) {
        final Map<String, Object> result = Takeover.run("orbit", 1, out, 0, 0);
        assertThat(((Number)result.get("takeover.count")).longValue()).isEqualTo(1);
        assertThat(((Number)result.get("takeover.max.ns")).longValue()).as("well below the 60 s TTL").isLessThan(30_000_000_000L);
        assertThat(out.resolve("takeover-orbit.properties")).isNotEmptyFile();
    }

    @Test
    void shouldTakeOverAShedLockOnlyAfterLockAtMostFor(@TempDir final Path out) {
        assumeTrue(redis != null, NO_REDIS);
        final Map<String, Object> result = Takeover.run("shedlock", 1, out, redis.port(), 300);
        assertThat(((Number)result.get("takeover.count")).longValue()).isEqualTo(1);
        assertThat(out.resolve("takeover-shedlock.properties")).isNotEmptyFile();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"WAKE_UP", "BACKOFF", "BUSY_SPIN"})
    void shouldDeliverEventsToAnOrbitListenerInASpringBootJvm(final String idle, @TempDir final Path out) {
        final Map<String, Object> result = ListenerDelivery.run(idle, 20, 100, 1000, 1, out);
        assertThat(((Number)result.get("delivery.count")).longValue()).isEqualTo(100);
        assertThat(((Number)result.get("delivery.p50.ns")).longValue()).isPositive();
        assertThat(result.get("idle.cpu.core.percent")).isNotNull();
    }

    @Test
    void shouldMeasureTheWakeUpOfAThreadBlockedOnAUnixSocketInAnotherJvm(@TempDir final Path out) throws Exception {
        final Map<String, Object> result = UnixSocketWake.run(10, 50, 1000, "1ms", out);
        assertThat(((Number)result.get("delivery.count")).longValue()).isEqualTo(50);
        assertThat(((Number)result.get("delivery.p50.ns")).longValue()).isPositive();
        assertThat(out.resolve("unix-socket-wake-1ms.properties")).isNotEmptyFile();
    }

    @Test
    void shouldSeeAHazelcastPutInTheOtherMember(@TempDir final Path out) {
        final Map<String, Object> result = PingPong.run("hazelcast", 20, 100, out, 0);
        assertThat(((Number)result.get("oneway.count")).longValue()).isEqualTo(100);
        assertThat(((Number)result.get("oneway.p50.ns")).longValue()).isPositive();
        assertThat(out.resolve("pingpong-hazelcast.properties")).isNotEmptyFile();
    }

    @Test
    void shouldDeliverHazelcastTopicMessagesToTheOtherMember(@TempDir final Path out) {
        final Map<String, Object> result = HazelcastTopicDelivery.run(10, 50, 1000, 1, "smoke", out);
        assertThat(((Number)result.get("delivery.count")).longValue()).isEqualTo(50);
        assertThat(((Number)result.get("delivery.p50.ns")).longValue()).isPositive();
        assertThat(out.resolve("topic-hazelcast-smoke.properties")).isNotEmptyFile();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"orbit", "hazelcast"})
    void shouldStartANewJvmToItsFirstOperation(final String impl, @TempDir final Path out) {
        final Map<String, Object> result = StartToFirstOp.run(impl, 1, out);
        assertThat(((Number)result.get("start.p50.ns")).longValue()).isPositive();
        assertThat(out.resolve("start-" + impl + ".properties")).isNotEmptyFile();
    }

    @Test
    void shouldPublishFromOneAndTwoWriterProcesses(@TempDir final Path out) {
        final Map<String, Object> result = WriterScaling.run(2, 50, 100, out);
        assertThat(((Number)result.get("procs.1.published")).longValue()).isPositive();
        assertThat(((Number)result.get("procs.2.published")).longValue()).isPositive();
        assertThat(out.resolve("writers.properties")).isNotEmptyFile();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"orbit-bridge", "redis-streams", "redis-pubsub"})
    void shouldPingPongBetweenTwoHosts(final String transport, @TempDir final Path out) {
        assumeTrue(redis != null, NO_REDIS);
        final Map<String, Object> result = CrossHostPingPong.run(transport, 20, 100, out, redis.port(), "default");
        assertThat(((Number)result.get("oneway.count")).longValue()).isEqualTo(100);
        assertThat(((Number)result.get("oneway.p50.ns")).longValue()).isPositive();
        assertThat(out.resolve("crosshost-" + transport + ".properties")).isNotEmptyFile();
    }

    @Test
    void shouldCarryEveryEventThroughOneBridge(@TempDir final Path out) {
        assumeTrue(redis != null, NO_REDIS);
        final Map<String, Object> result = BridgeThroughput.run(2000, redis.port(), out);
        assertThat(((Number)result.get("forwarded.per.s")).longValue()).isPositive();
        assertThat(((Number)result.get("lost")).longValue()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"orbit", "streams"})
    void shouldDeliverEventsAcrossHostsToASpringListener(final String impl, @TempDir final Path out) {
        assumeTrue(redis != null, NO_REDIS);
        final Map<String, Object> paced = CrossHostListenerDelivery.run(impl, 20, 50, 1000, 0, 0, redis.port(), out);
        assertThat(((Number)paced.get("delivery.count")).longValue()).isEqualTo(50);
        assertThat(((Number)paced.get("delivery.p50.ns")).longValue()).isPositive();
        assertThat(out.resolve("xhost-listener-" + impl + "-1ms.properties")).isNotEmptyFile();
        final Map<String, Object> bursts = CrossHostListenerDelivery.run(impl, 20, 60, 0, 20, 100, redis.port(), out);
        assertThat(((Number)bursts.get("delivery.count")).longValue()).isEqualTo(60);
        assertThat(bursts.get("burst.delivered.per.s")).isNotNull();
    }

    @Test
    void shouldTakeOverAFleetClaimOnAnotherHostAfterTheHolderIsKilled(@TempDir final Path out) {
        assumeTrue(redis != null, NO_REDIS);
        final Map<String, Object> result = FleetTakeover.run(1, redis.port(), out);
        assertThat(((Number)result.get("takeover.count")).longValue()).isEqualTo(1);
        assertThat(((Number)result.get("takeover.max.ns")).longValue()).as("well below the 60 s TTL").isLessThan(30_000_000_000L);
    }
}
