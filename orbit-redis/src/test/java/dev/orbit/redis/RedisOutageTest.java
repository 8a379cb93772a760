package dev.orbit.redis;

import java.time.Duration;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.orbit.contest.Subject;
import dev.orbit.event.Subscription;
import dev.orbit.fleet.Fleet;
import dev.orbit.ring.StartPosition;
import dev.orbit.testsupport.Await;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis frozen: every business call returns within the command timeout, fleet claims fail closed with a reason, a
 * holder that cannot renew learns it, the host keeps working locally, and all of it recovers when Redis does.
 */
class RedisOutageTest {

    private static final Duration TIMEOUT = Duration.ofMillis(300);
    /** A call may take the timeout plus scheduling on a loaded 2-core machine; never the outage's length. */
    private static final Duration BOUND = Duration.ofMillis(1500);

    private TestRedis redis;
    private Fleet fleet;
    private RedisBridge bridge;

    @BeforeEach
    void start() {
        redis = TestRedis.start();
        fleet = Fleet.builder().name("outage-" + Long.toHexString(System.nanoTime())).join();
        bridge = RedisBridge.builder(fleet).redisUri(redis.uri()).hostId("host-a").commandTimeout(TIMEOUT).build().start();
        Await.until(Duration.ofSeconds(20), () -> bridge.state() == BridgeState.ACTIVE, () -> "active");
    }

    @AfterEach
    void stop() {
        try {
            redis.resume();
        }
        catch (final RuntimeException ignored) {
            // not paused
        }
        bridge.close();
        fleet.close();
        redis.close();
    }

    @Test
    void shouldAnswerEveryCallWithinTheTimeoutAndFailClaimsClosedWhileRedisIsFrozen() {
        final FleetCache cache = bridge.cache("quotes");
        assertThat(cache.put(bytes("near"), bytes("v"), Duration.ZERO)).isTrue();
        final FleetGuard held = ((FleetClaimResult.Claimed)bridge.claims()
            .tryClaim(Subject.of("held"), "me", Duration.ofMillis(1500))).guard();
        final Subscription local = fleet.events().subscribe(StartPosition.LATEST);

        redis.pause();
        final FleetClaimResult result = timed(() -> bridge.claims().tryClaim(Subject.of("job"), "me", Duration.ofSeconds(5)));
        assertThat(result).isInstanceOfSatisfying(FleetClaimResult.Unavailable.class,
            u -> assertThat(u.reason()).contains("Redis unreachable"));
        assertThat(timed(() -> bridge.claims().tryClaim(Subject.of("job"), "me", Duration.ofSeconds(5))))
            .as("while the breaker is open the answer is immediate").isInstanceOf(FleetClaimResult.Unavailable.class);
        assertThat(timed(() -> held.renew(Duration.ofMillis(1500)))).isFalse();
        assertThat(held.lastFailure()).contains("Redis unreachable");
        Await.until(Duration.ofSeconds(10), () -> !held.isHeld(), () -> "the holder learns its claim may be gone");

        assertThat(timed(() -> cache.get(bytes("near")))).as("near hits keep serving").isPresent();
        assertThat(timed(() -> cache.get(bytes("absent")))).isEmpty();
        assertThat(timed(() -> cache.put(bytes("k"), bytes("local"), Duration.ZERO))).isFalse();
        assertThat(cache.near().get(bytes("k"))).as("filled locally").isPresent();
        assertThat(cache.stats().localOnlyWrites()).isEqualTo(1);
        fleet.events().publish("t", bytes("still local"));
        assertThat(local.poll(10).events()).hasSize(1);
        Await.until(Duration.ofSeconds(10), () -> bridge.state() == BridgeState.DEGRADED, () -> "bridge degraded");
        assertThat(bridge.stats().lastError()).isNotNull();

        redis.resume();
        Await.until(Duration.ofSeconds(20), () -> bridge.state() == BridgeState.ACTIVE, () -> "bridge recovered");
        assertThat(bridge.stats().reconnects()).isPositive();
        Await.until(Duration.ofSeconds(20), () -> cache.near().get(bytes("k")).isEmpty(),
            () -> "the local-only value is dropped when the bridge reconnects");
        Await.until(Duration.ofSeconds(20), () -> bridge.claims().tryClaim(Subject.of("job"), "me", Duration.ofSeconds(5))
            .isClaimed(), () -> "claims work again");
        assertThat(bridge.claims().stats().unavailable()).isGreaterThanOrEqualTo(3);
    }

    private static <T> T timed(final Supplier<T> call) {
        final long start = System.nanoTime();
        final T result = call.get();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("call returned within the timeout").isLessThan(BOUND);
        return result;
    }

    private static byte[] bytes(final String text) {
        return text.getBytes(UTF_8);
    }
}
