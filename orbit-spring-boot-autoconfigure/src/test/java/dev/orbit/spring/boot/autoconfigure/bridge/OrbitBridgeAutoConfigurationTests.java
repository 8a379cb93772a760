package dev.orbit.spring.boot.autoconfigure.bridge;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.orbit.event.OrbitEventBus;
import dev.orbit.event.Subscription;
import dev.orbit.fleet.Fleet;
import dev.orbit.fleet.Host;
import dev.orbit.fleet.PeerState;
import dev.orbit.redis.BridgeState;
import dev.orbit.redis.RedisBridge;
import dev.orbit.redis.TestRedis;
import dev.orbit.ring.StartPosition;
import dev.orbit.testsupport.Await;
import dev.orbit.spring.boot.autoconfigure.OrbitAutoConfiguration;
import dev.orbit.spring.boot.autoconfigure.OrbitTestSupport;
import dev.orbit.spring.boot.autoconfigure.diagnostics.InvalidOrbitPropertyException;
import dev.orbit.spring.endpoint.OrbitEndpoint;
import dev.orbit.spring.boot.autoconfigure.endpoint.OrbitEndpointAutoConfiguration;
import dev.orbit.spring.bridge.OrbitBridgeHealthIndicator;
import dev.orbit.spring.bridge.OrbitBridgeMeterBinder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.UserConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bridge across hosts from {@code application.properties}, against one real Redis (Testcontainers when Docker
 * runs, else a local {@code redis-server} on a free port). Two application contexts with in-process fleets of the
 * same name are two hosts.
 */
@ExtendWith(OutputCaptureExtension.class)
class OrbitBridgeAutoConfigurationTests {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private static TestRedis redis;

    private final String fleetName = OrbitTestSupport.uniqueFleetName();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(OrbitAutoConfiguration.class, DataRedisAutoConfiguration.class,
                OrbitBridgeAutoConfiguration.class, OrbitBridgeHealthContributorAutoConfiguration.class,
                OrbitBridgeMetricsAutoConfiguration.class, OrbitEndpointAutoConfiguration.class))
        .withConfiguration(UserConfigurations.of(Meters.class))
        .withPropertyValues("orbit.shm.enabled=false", "orbit.fleet.name=" + this.fleetName,
                "orbit.bridge.membership-interval=200ms", "management.endpoints.web.exposure.include=orbit");

    @BeforeAll
    static void startRedis() {
        redis = TestRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private ApplicationContextRunner onRedis(String hostId) {
        return this.runner.withPropertyValues("orbit.bridge.redis.enabled=true", "orbit.bridge.host-id=" + hostId,
                "spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port());
    }

    @Test
    void bridgeIsOffByDefault() {
        this.runner
            .withPropertyValues("spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port())
            .run((context) -> {
                assertThat(context).hasSingleBean(Fleet.class);
                assertThat(context).doesNotHaveBean(RedisBridge.class);
                assertThat(context).doesNotHaveBean(OrbitBridgeHealthIndicator.class);
                assertThat(context).doesNotHaveBean(OrbitBridgeMeterBinder.class);
            });
    }

    @Test
    void backsOffWithoutOrbitRedisOnTheClassPath() {
        onRedis("no-redis-module").withClassLoader(new FilteredClassLoader(RedisBridge.class))
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context).hasSingleBean(Fleet.class);
                assertThat(context).doesNotHaveBean("orbitRedisBridge");
            });
    }

    @Test
    void twoHostsFromSpringDataRedisPropertiesSeeEachOtherAndShareEvents() {
        onRedis("host-a").run((a) -> onRedis("host-b").run((b) -> {
            RedisBridge bridgeA = a.getBean(RedisBridge.class);
            RedisBridge bridgeB = b.getBean(RedisBridge.class);
            assertThat(bridgeA.hostId()).isEqualTo("host-a");
            assertThat(bridgeA.isConnected()).isTrue();
            Await.until(DEADLINE, () -> bridgeA.state() == BridgeState.ACTIVE
                    && bridgeB.state() == BridgeState.ACTIVE, "both bridges active");
            Await.until(DEADLINE, () -> aliveHosts(bridgeA).equals(List.of("host-a", "host-b"))
                    && aliveHosts(bridgeB).equals(List.of("host-b", "host-a")), "both hosts see both hosts alive");

            List<String> receivedOnB = new CopyOnWriteArrayList<>();
            try (Subscription subscription = b.getBean(OrbitEventBus.class).subscribe(StartPosition.LATEST)) {
                a.getBean(OrbitEventBus.class).publish("quotes", "EURUSD 1.09".getBytes(StandardCharsets.UTF_8));
                Await.until(DEADLINE, () -> poll(subscription, "quotes", receivedOnB)
                        .contains("EURUSD 1.09"), "the event published on host A delivered on host B");
            }

            Health health = b.getBean(OrbitBridgeHealthIndicator.class).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("hostId", "host-b")
                .containsEntry("state", "ACTIVE")
                .containsEntry("connected", true)
                .containsKey("lag");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> hosts = (List<Map<String, Object>>) health.getDetails().get("hosts");
            assertThat(hosts).extracting((h) -> h.get("hostId")).containsExactly("host-b", "host-a");
            assertThat(hosts.get(1)).containsEntry("state", "ALIVE").containsEntry("local", false);
            assertThat((List<?>) hosts.get(1).get("members")).hasSize(1);

            MeterRegistry metersA = a.getBean(MeterRegistry.class);
            a.getBean(OrbitBridgeMeterBinder.class).bindTo(metersA);
            b.getBean(OrbitBridgeMeterBinder.class).bindTo(b.getBean(MeterRegistry.class));
            Await.until(DEADLINE,
                    () -> metersA.get("orbit.bridge.forwarded").tag("host", "host-a").functionCounter().count() >= 1,
                    "orbit.bridge.forwarded counts the event host A carried");
            MeterRegistry metersB = b.getBean(MeterRegistry.class);
            assertThat(metersB.get("orbit.bridge.received").tag("host", "host-b").functionCounter().count())
                .isGreaterThanOrEqualTo(1);
            Await.until(DEADLINE, () -> metersB.get("orbit.bridge.redis.latency").timer().count() > 0,
                    "orbit.bridge.redis.latency times the bridge's Redis commands");
            assertThat(metersB.get("orbit.bridge.lag").gauge().value()).isGreaterThanOrEqualTo(0);
            assertThat(metersB.get("orbit.bridge.active").gauge().value()).isEqualTo(1);
            assertThat(metersB.get("orbit.bridge.hosts").tag("state", "alive").gauge().value()).isEqualTo(2);
            for (String name : List.of("orbit.bridge.lost", "orbit.bridge.duplicates", "orbit.bridge.reconnects")) {
                assertThat(metersB.find(name).functionCounters()).as(name).isNotEmpty();
            }

            OrbitEndpoint.OrbitDescriptor view = b.getBean(OrbitEndpoint.class).orbit();
            assertThat(view.hosts()).extracting(Host::hostId).containsExactly("host-b", "host-a");
        }));
    }

    @Test
    void onlyTheListedTopicsCrossHosts() {
        onRedis("topics-a").withPropertyValues("orbit.bridge.topics=quotes,orders.*").run((a) -> onRedis("topics-b")
            .run((b) -> {
                RedisBridge bridgeA = a.getBean(RedisBridge.class);
                RedisBridge bridgeB = b.getBean(RedisBridge.class);
                Await.until(DEADLINE, () -> bridgeA.state() == BridgeState.ACTIVE
                        && bridgeB.state() == BridgeState.ACTIVE, "both bridges active");
                List<String> onB = new CopyOnWriteArrayList<>();
                try (Subscription subscription = b.getBean(OrbitEventBus.class).subscribe(StartPosition.LATEST)) {
                    OrbitEventBus busA = a.getBean(OrbitEventBus.class);
                    busA.publish("local-only", "stays".getBytes(StandardCharsets.UTF_8));
                    busA.publish("orders.paid", "o1".getBytes(StandardCharsets.UTF_8));
                    busA.publish("quotes", "q1".getBytes(StandardCharsets.UTF_8));
                    Await.until(DEADLINE, () -> {
                        subscription.poll(100)
                            .events()
                            .forEach((event) -> onB.add(event.topic() + "=" + new String(event.payload(),
                                    StandardCharsets.UTF_8)));
                        return onB.contains("quotes=q1");
                    }, "the listed topics reach host B");
                }
                // Events of one publisher arrive in order: had "local-only" crossed, it would be here already.
                assertThat(onB).containsExactly("orders.paid=o1", "quotes=q1");
            }));
    }

    @Test
    void malformedTopicPatternFailsStartupNamingTheProperty() {
        onRedis("ok").withPropertyValues("orbit.bridge.topics=orders*").run((context) -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("orbit.bridge.topics").contains("orders*");
        });
    }

    @Test
    void anotherHostGoneNeverTakesThisHostDown() {
        onRedis("stays").run((a) -> {
            RedisBridge bridgeA = a.getBean(RedisBridge.class);
            onRedis("leaves").run((b) -> Await.until(DEADLINE,
                    () -> aliveHosts(bridgeA).contains("leaves"), "the second host seen"));
            Await.until(DEADLINE, () -> bridgeA.hosts(Duration.ofMillis(500))
                .stream()
                .anyMatch((h) -> h.hostId().equals("leaves") && h.state() != PeerState.ALIVE),
                    "the closed host no longer alive");
            Health health = a.getBean(OrbitBridgeHealthIndicator.class).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
        });
    }

    @Test
    void redisUnreachableAtStartupWarnsOnceNamingTheAddressThenConnectsAndSaysSo(CapturedOutput output) {
        try (TestRedis late = TestRedis.notStarted()) {
            this.runner
                .withPropertyValues("orbit.bridge.redis.enabled=true", "orbit.bridge.host-id=late",
                        "spring.data.redis.host=" + late.host(), "spring.data.redis.port=" + late.port())
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    RedisBridge bridge = context.getBean(RedisBridge.class);
                    assertThat(bridge.isConnected()).isFalse();
                    String address = late.host() + ":" + late.port();
                    assertThat(output.getOut().lines()
                        .filter((line) -> line.contains("WARN") && line.contains("Redis at " + address
                                + " is unreachable"))
                        .count()).as(output.getOut()).isEqualTo(1);
                    Health down = context.getBean(OrbitBridgeHealthIndicator.class).health(true);
                    assertThat(down.getStatus()).isEqualTo(Status.UP);
                    assertThat(down.getDetails()).containsEntry("connected", false).containsKey("lastError");
                    // The host works alone meanwhile.
                    List<String> local = new CopyOnWriteArrayList<>();
                    OrbitEventBus bus = context.getBean(OrbitEventBus.class);
                    try (Subscription subscription = bus.subscribe(StartPosition.LATEST)) {
                        bus.publish("alone", "x".getBytes(StandardCharsets.UTF_8));
                        Await.until(DEADLINE, () -> poll(subscription, "alone", local).contains("x"),
                                "a local event while Redis is away");
                    }

                    late.launchNow();
                    Await.until(DEADLINE, () -> bridge.isConnected() && bridge.state() == BridgeState.ACTIVE,
                            "the bridge connected once Redis answered");
                    Await.until(DEADLINE, () -> output.getOut().lines()
                        .anyMatch((line) -> line.contains("INFO") && line.contains("connected to Redis at " + address
                                + ", unreachable at startup")), "one line saying the bridge connected");
                    assertThat(output.getOut().lines()
                        .filter((line) -> line.contains("is unreachable"))
                        .count()).isEqualTo(1);
                });
        }
    }

    @Test
    void malformedHostIdFailsStartupNamingTheProperty() {
        onRedis("ok").withPropertyValues("orbit.bridge.host-id=web 3").run((context) -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("orbit.bridge.host-id").contains("web 3");
            assertThat(analysis.getAction()).contains("host name");
        });
    }

    @Test
    void outOfRangeTimeoutFailsStartupNamingTheProperty() {
        onRedis("ok").withPropertyValues("orbit.bridge.command-timeout=0ms").run((context) -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("orbit.bridge.command-timeout")
                .contains("Value: \"0s\"");
        });
    }

    @Test
    void staticMasterReplicaFailsStartupNamingThePropertyAndTheSupportedChoices() {
        this.runner
            .withPropertyValues("orbit.bridge.redis.enabled=true",
                    "spring.data.redis.masterreplica.nodes=127.0.0.1:1,127.0.0.1:2")
            .run((context) -> {
                assertThat(context).hasFailed();
                FailureAnalysis analysis = analyze(context.getStartupFailure());
                assertThat(analysis.getDescription()).contains("spring.data.redis.masterreplica.nodes")
                    .contains("127.0.0.1:1,127.0.0.1:2");
                assertThat(analysis.getAction()).contains("spring.data.redis.cluster.nodes")
                    .contains("spring.data.redis.sentinel");
            });
    }

    @Test
    void clusterNodesBecomeClusterSeedsWithTheCredentials() {
        this.runner
            .withPropertyValues("spring.data.redis.cluster.nodes=10.0.0.1:7000,10.0.0.2:7001",
                    "spring.data.redis.username=app", "spring.data.redis.password=secret")
            .run((context) -> {
                org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails details = context
                    .getBean(org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails.class);
                assertThat(BridgeRedisUri.isCluster(details)).isTrue();
                List<io.lettuce.core.RedisURI> nodes = BridgeRedisUri.clusterNodes(details);
                assertThat(nodes).extracting(io.lettuce.core.RedisURI::getHost, io.lettuce.core.RedisURI::getPort)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("10.0.0.1", 7000),
                            org.assertj.core.groups.Tuple.tuple("10.0.0.2", 7001));
                assertThat(nodes).allSatisfy((node) -> {
                    assertThat(node.getCredentialsProvider().resolveCredentials().block().getUsername())
                        .isEqualTo("app");
                    assertThat(new String(node.getCredentialsProvider().resolveCredentials().block().getPassword()))
                        .isEqualTo("secret");
                });
                assertThat(BridgeRedisUri.address(nodes))
                    .isEqualTo("Redis Cluster via [10.0.0.1:7000, 10.0.0.2:7001]");
            });
    }

    @Test
    void sentinelSettingsBecomeASentinelUri() {
        this.runner
            .withPropertyValues("spring.data.redis.sentinel.master=mymaster",
                    "spring.data.redis.sentinel.nodes=10.0.0.1:26379,10.0.0.2:26380",
                    "spring.data.redis.password=secret", "spring.data.redis.database=2")
            .run((context) -> {
                io.lettuce.core.RedisURI uri = BridgeRedisUri.of(context.getBean(
                        org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails.class));
                assertThat(uri.getSentinelMasterId()).isEqualTo("mymaster");
                assertThat(uri.getSentinels()).extracting(io.lettuce.core.RedisURI::getHost, io.lettuce.core.RedisURI::getPort)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("10.0.0.1", 26379),
                            org.assertj.core.groups.Tuple.tuple("10.0.0.2", 26380));
                assertThat(uri.getDatabase()).isEqualTo(2);
                assertThat(new String(uri.getCredentialsProvider().resolveCredentials().block().getPassword()))
                    .isEqualTo("secret");
                assertThat(BridgeRedisUri.address(uri)).isEqualTo(
                        "Sentinel master 'mymaster' via [10.0.0.1:26379, 10.0.0.2:26380]");
            });
    }

    private static List<String> poll(Subscription subscription, String topic, List<String> into) {
        subscription.poll(topic, 100)
            .events()
            .forEach((event) -> into.add(new String(event.payload(), StandardCharsets.UTF_8)));
        return into;
    }

    private static List<String> aliveHosts(RedisBridge bridge) {
        return bridge.hosts(Duration.ofSeconds(5))
            .stream()
            .filter((h) -> h.state() == PeerState.ALIVE)
            .map(Host::hostId)
            .toList();
    }

    private static FailureAnalysis analyze(Throwable failure) {
        assertThat(failure).hasRootCauseInstanceOf(InvalidOrbitPropertyException.class);
        // The analyzer registered in META-INF/spring.factories for InvalidOrbitPropertyException.
        try {
            java.lang.reflect.Constructor<?> constructor = Class
                .forName("dev.orbit.spring.boot.autoconfigure.diagnostics.InvalidOrbitPropertyFailureAnalyzer")
                .getDeclaredConstructor();
            constructor.setAccessible(true);
            FailureAnalysis analysis = ((FailureAnalyzer) constructor.newInstance()).analyze(failure);
            assertThat(analysis).as("failure analysis of " + failure).isNotNull();
            return analysis;
        }
        catch (ReflectiveOperationException ex) {
            throw new AssertionError(ex);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Meters {

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

    }

}
