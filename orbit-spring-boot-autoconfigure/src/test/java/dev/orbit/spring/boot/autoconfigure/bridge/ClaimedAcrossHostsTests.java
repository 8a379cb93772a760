package dev.orbit.spring.boot.autoconfigure.bridge;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.orbit.redis.BridgeState;
import dev.orbit.redis.RedisBridge;
import dev.orbit.redis.TestRedis;
import dev.orbit.testsupport.Await;
import dev.orbit.testsupport.Background;
import dev.orbit.spring.boot.autoconfigure.OrbitAutoConfiguration;
import dev.orbit.spring.boot.autoconfigure.OrbitTestSupport;
import dev.orbit.spring.claim.ClaimScope;
import dev.orbit.spring.claim.ClaimYieldedException;
import dev.orbit.spring.claim.Claimed;
import dev.orbit.spring.claim.OnYield;
import dev.orbit.spring.boot.autoconfigure.claim.OrbitClaimAutoConfiguration;
import dev.orbit.spring.boot.autoconfigure.observation.OrbitObservationAutoConfiguration;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code @Claimed} in a fleet that spans hosts: two application contexts (in-process fleets of one name, each its
 * own host) on one real Redis.
 */
class ClaimedAcrossHostsTests {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private static TestRedis redis;

    private final String fleetName = OrbitTestSupport.uniqueFleetName();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(OrbitAutoConfiguration.class, DataRedisAutoConfiguration.class,
                OrbitBridgeAutoConfiguration.class, OrbitClaimAutoConfiguration.class,
                OrbitObservationAutoConfiguration.class))
        .withBean(TestObservationRegistry.class, TestObservationRegistry::create)
        .withBean(Jobs.class)
        .withPropertyValues("orbit.shm.enabled=false", "orbit.fleet.name=" + this.fleetName);

    @BeforeAll
    static void startRedis() {
        redis = TestRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private ApplicationContextRunner host(String hostId) {
        return this.runner.withPropertyValues("orbit.bridge.redis.enabled=true", "orbit.bridge.host-id=" + hostId,
                "spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port());
    }

    @Test
    void fleetScopeHoldsAcrossHostsAndHostScopePerHost() {
        host("claims-a").run((a) -> host("claims-b").run((b) -> {
            Jobs onA = a.getBean(Jobs.class);
            Jobs onB = b.getBean(Jobs.class);
            Await.until(DEADLINE, () -> a.getBean(RedisBridge.class).isConnected()
                    && b.getBean(RedisBridge.class).isConnected(), "both hosts connected");

            // Fleet scope (the default): while host A runs the job, host B skips it, or throws naming host A.
            Holding fleetOnA = Holding.start(onA::fleet);
            assertThat(onB.fleet(() -> "b")).isEmpty();
            assertThatExceptionOfType(ClaimYieldedException.class).isThrownBy(() -> onB.fleetOrThrow(() -> "b"))
                .satisfies((ex) -> assertThat(ex.getHostId()).isEqualTo("claims-a"))
                .withMessageContaining("host 'claims-a'");
            assertClaimObserved(a, "fleet", "claimed");
            assertClaimObserved(b, "fleet", "yielded");
            // Host scope: each host has its own holder, so host B runs while host A holds.
            Holding hostOnA = Holding.start(onA::perHost);
            assertThat(onB.perHost(() -> "b")).contains("b");
            assertClaimObserved(b, "host", "claimed");
            hostOnA.finish();
            fleetOnA.finish();
            assertThat(fleetOnA.result()).contains("held");
            // Released: the other host takes the fleet claim at once.
            assertThat(onB.fleet(() -> "b")).contains("b");
        }));
    }

    @Test
    void fleetClaimFailsClosedWhileRedisIsUnreachableAndHostClaimsGoOn() {
        try (TestRedis absent = TestRedis.notStarted()) {
            this.runner
                .withPropertyValues("orbit.bridge.redis.enabled=true", "orbit.bridge.host-id=alone",
                        "spring.data.redis.host=" + absent.host(), "spring.data.redis.port=" + absent.port(),
                        "orbit.bridge.command-timeout=200ms")
                .run((context) -> {
                    Jobs jobs = context.getBean(Jobs.class);
                    assertThat(context.getBean(RedisBridge.class).state()).isNotEqualTo(BridgeState.ACTIVE);
                    assertThat(jobs.fleet(() -> "ran")).isEmpty();
                    assertThatExceptionOfType(ClaimYieldedException.class)
                        .isThrownBy(() -> jobs.fleetOrThrow(() -> "ran"))
                        .withMessageContaining("could not be decided")
                        .satisfies((ex) -> assertThat(ex.getHolder()).isNull());
                    assertThat(jobs.perHost(() -> "ran")).contains("ran");
                    assertClaimObserved(context, "fleet", "unavailable");
                });
        }
    }

    private static void assertClaimObserved(ApplicationContext context, String scope, String outcome) {
        TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
            .hasAnObservation((observation) -> observation.hasNameEqualTo("orbit.claim")
                .hasLowCardinalityKeyValue("scope", scope)
                .hasLowCardinalityKeyValue("outcome", outcome)
                .hasHighCardinalityKeyValue("subject", "fleet".equals(scope) ? "report" : "cleanup"));
    }

    /**
     * Runs a claimed method on another thread and keeps it running (holding its claim) until {@link #finish()}.
     */
    private static final class Holding {

        private final CountDownLatch entered = new CountDownLatch(1);

        private final CountDownLatch release = new CountDownLatch(1);

        private CompletableFuture<Optional<String>> future;

        static Holding start(java.util.function.Function<Supplier<String>, Optional<String>> job)
                throws InterruptedException {
            Holding holding = new Holding();
            holding.future = Background.supply(() -> job.apply(() -> {
                holding.entered.countDown();
                try {
                    holding.release.await();
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                return "held";
            }));
            assertThat(holding.entered.await(30, TimeUnit.SECONDS)).as("the claimed method started").isTrue();
            return holding;
        }

        void finish() throws Exception {
            this.release.countDown();
            this.future.get(30, TimeUnit.SECONDS);
        }

        Optional<String> result() {
            return this.future.join();
        }

    }

    public static class Jobs {

        @Claimed(value = "report", ttl = "10s")
        public Optional<String> fleet(Supplier<String> body) {
            return Optional.of(body.get());
        }

        @Claimed(value = "report", ttl = "10s", onYield = OnYield.THROW)
        public Optional<String> fleetOrThrow(Supplier<String> body) {
            return Optional.of(body.get());
        }

        @Claimed(value = "cleanup", ttl = "10s", scope = ClaimScope.HOST)
        public Optional<String> perHost(Supplier<String> body) {
            return Optional.of(body.get());
        }

    }

}
