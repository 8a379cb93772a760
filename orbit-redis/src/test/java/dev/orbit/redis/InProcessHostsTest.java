package dev.orbit.redis;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.orbit.contest.Subject;
import dev.orbit.event.Event;
import dev.orbit.event.EventHeaders;
import dev.orbit.event.Subscription;
import dev.orbit.fleet.Host;
import dev.orbit.fleet.PeerState;
import dev.orbit.ring.StartPosition;
import dev.orbit.testsupport.Await;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hosts as process-local fleets in one JVM (each its own epoch and bridge), one real Redis: the bridge's functions
 * without the cost of child processes. The cross-process and fault tests live in the *ProcessTest classes.
 */
class InProcessHostsTest {

    private static TestRedis redis;
    private final InProcessHosts hosts = new InProcessHosts("inproc-", b -> b.redisUri(redis.uri()), Duration.ofSeconds(20));
    private final String fleetName = hosts.fleetName();

    @BeforeAll
    static void startRedis() {
        redis = TestRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @AfterEach
    void closeAll() throws Exception {
        hosts.close();
    }

    private RedisBridge host(final String hostId) {
        return hosts.host(hostId);
    }

    @Test
    void shouldCarryEventsWithHeadersToOtherHostsMarkedWithTheirOriginAndNeverBack() {
        final RedisBridge a = host("host-a");
        final RedisBridge b = host("host-b");
        final Subscription onA = a.fleet().events().subscribe(StartPosition.LATEST);
        final Subscription onB = b.fleet().events().subscribe(StartPosition.LATEST);
        final EventHeaders headers = EventHeaders.builder().traceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01").build();

        final long id = a.fleet().events().publish("orders", headers, "one".getBytes(UTF_8));
        a.fleet().events().publish("orders", "two".getBytes(UTF_8));
        b.fleet().events().publish("replies", "back".getBytes(UTF_8));

        final List<Event> atB = new ArrayList<>();
        final List<Event> atA = new ArrayList<>();
        Await.until(Duration.ofSeconds(20), () -> {
            atB.addAll(onB.poll(100).events());
            atA.addAll(onA.poll(100).events());
            return atB.size() >= 3 && atA.size() >= 3;
        }, () -> "A saw " + atA + ", B saw " + atB + ", stats A=" + a.stats() + " B=" + b.stats());

        assertThat(atB).extracting(e -> new String(e.payload(), UTF_8)).containsExactly("back", "one", "two");
        final Event remote = atB.get(1);
        assertThat(remote.isRemote()).isTrue();
        assertThat(remote.headers().traceparent()).contains("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        assertThat(remote.headers().origin()).get().satisfies(origin -> {
            assertThat(origin.hostId()).isEqualTo("host-a");
            assertThat(origin.hostEpoch()).isEqualTo(a.hostEpoch());
            assertThat(origin.originId()).isEqualTo(id);
            assertThat(origin.streamMs()).isPositive();
        });
        assertThat(atA).extracting(e -> new String(e.payload(), UTF_8)).containsExactly("one", "two", "back");
        // A forwarder counts a batch once Redis confirmed it, which may be after another host already read it.
        Await.until(Duration.ofSeconds(20), () -> a.stats().forwarded() == 2 && b.stats().forwarded() == 1,
            () -> "forwarded counts: " + a.stats() + " / " + b.stats());
        assertThat(b.stats().forwarded()).as("remote events are never forwarded back").isEqualTo(1);
        assertThat(a.stats().lost()).isZero();
        assertThat(b.stats().received()).isEqualTo(2);
    }

    @Test
    void shouldLetAnIdleForwarderSleepUntilALocalCommitWakesIt() {
        final RedisBridge a = host("host-a");
        final RedisBridge b = host("host-b");
        final Subscription onB = b.fleet().events().subscribe(StartPosition.LATEST);
        a.fleet().events().publish("warm-up", "0".getBytes(UTF_8));
        Await.until(Duration.ofSeconds(20), () -> onB.poll(10).events().size() == 1, () -> "warm-up crosses: " + a.stats());

        final List<Thread> forwarders = Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("orbit-bridge-forwarder-" + fleetName)).toList();
        assertThat(forwarders).hasSize(2);
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final long before = forwarders.stream().mapToLong(t -> threads.getThreadCpuTime(t.getId())).sum();
        final long windowNs = TimeUnit.SECONDS.toNanos(2);
        final long end = System.nanoTime() + windowNs;
        while (System.nanoTime() < end) { // an observation window: nothing is awaited
            LockSupport.parkNanos(end - System.nanoTime());
        }
        final long cpuNs = forwarders.stream().mapToLong(t -> threads.getThreadCpuTime(t.getId())).sum() - before;
        // Parking up to 100 us when idle, as before the eventcount, cost the two forwarders about 200 ms here.
        assertThat(cpuNs).as("CPU of two idle forwarders over 2 s, ns").isLessThan(TimeUnit.MILLISECONDS.toNanos(20));

        a.fleet().events().publish("after-idle", "1".getBytes(UTF_8));
        Await.until(Duration.ofSeconds(20), () -> onB.poll(10).events().stream()
            .anyMatch(e -> e.topic().equals("after-idle")), () -> "the event after the idle window crosses: " + a.stats());
    }

    @Test
    void shouldMakeAPutOnOneHostAHitOnAnotherAndConvergeConcurrentPuts() {
        final RedisBridge a = host("host-a");
        final RedisBridge b = host("host-b");
        final FleetCache cacheA = a.cache("prices");
        final FleetCache cacheB = b.cache("prices");

        assertThat(cacheA.put(bytes("k"), bytes("v1"), Duration.ZERO)).isTrue();
        assertThat(cacheB.get(bytes("k"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("v1")));
        assertThat(cacheB.get(bytes("k"))).isPresent();
        assertThat(cacheB.stats().nearHits()).as("second get served near").isEqualTo(1);

        assertThat(cacheA.put(bytes("k"), bytes("v2"), Duration.ZERO)).isTrue();
        Await.until(Duration.ofSeconds(20), () -> new String(cacheB.get(bytes("k")).orElseThrow(), UTF_8).equals("v2"),
            () -> "B converges to v2: " + b.stats());

        for (int i = 0; i < 50; i++) {
            cacheA.put(bytes("race"), bytes("a" + i), Duration.ZERO);
            cacheB.put(bytes("race"), bytes("b" + i), Duration.ZERO);
        }
        Await.until(Duration.ofSeconds(20), () -> {
            final String inRedis = redis.command("GET orbit:{" + fleetName + "}:c:prices:0:race");
            final String atA = new String(cacheA.get(bytes("race")).orElseThrow(), UTF_8);
            final String atB = new String(cacheB.get(bytes("race")).orElseThrow(), UTF_8);
            return atA.equals(atB) && atA.equals("b49");
        }, () -> "both hosts converge to Redis's value b49");

        assertThat(cacheB.clear()).isTrue();
        Await.until(Duration.ofSeconds(20), () -> cacheA.near().get(bytes("k")).isEmpty(), () -> "clear reaches A");
        assertThat(cacheA.get(bytes("k"))).isEmpty();
    }

    @Test
    void shouldLoadAValueOnceAcrossHostsWhenManyAskForItAtOnce() throws Exception {
        final RedisBridge a = host("host-a");
        final RedisBridge b = host("host-b");
        final java.util.concurrent.atomic.AtomicInteger loads = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        final List<java.util.concurrent.Future<byte[]>> results = new ArrayList<>();
        final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            for (int i = 0; i < 6; i++) {
                final FleetCache cache = (i % 2 == 0 ? a : b).cache("reports");
                results.add(pool.submit(() -> {
                    start.await();
                    return cache.get(bytes("q1"), Duration.ZERO, Duration.ofSeconds(20), () -> {
                        loads.incrementAndGet();
                        java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(300));
                        return bytes("computed");
                    });
                }));
            }
            start.countDown();
            for (final java.util.concurrent.Future<byte[]> result : results) {
                assertThat(result.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(bytes("computed"));
            }
        }
        finally {
            pool.shutdownNow();
        }
        assertThat(loads.get()).as("one load for six callers on two hosts").isEqualTo(1);
    }

    @Test
    void shouldHoldAFleetClaimOnOneHostAtATimeWithGrowingFenceTokens() {
        final RedisBridge a = host("host-a");
        final RedisBridge b = host("host-b");
        final Subject subject = Subject.of("nightly");

        final FleetClaimResult first = a.claims().tryClaim(subject, "a", Duration.ofSeconds(10));
        assertThat(first.isClaimed()).isTrue();
        final FleetGuard guard = ((FleetClaimResult.Claimed)first).guard();
        final FleetClaimResult second = b.claims().tryClaim(subject, "b", Duration.ofSeconds(10));
        assertThat(second).isInstanceOfSatisfying(FleetClaimResult.Yielded.class, y -> {
            assertThat(y.holder().hostId()).isEqualTo("host-a");
            assertThat(y.holder().fenceToken()).isEqualTo(guard.fenceToken());
            assertThat(y.holder().owner()).isEqualTo("a");
        });
        assertThat(guard.renew(Duration.ofSeconds(10))).isTrue();
        guard.close();
        final FleetClaimResult third = b.claims().tryClaim(subject, "b", Duration.ofSeconds(10));
        assertThat(third.isClaimed()).isTrue();
        assertThat(((FleetClaimResult.Claimed)third).guard().fenceToken()).isGreaterThan(guard.fenceToken());
        ((FleetClaimResult.Claimed)third).guard().close();
    }

    @Test
    void shouldShowEveryHostAndItsMembersInTheFleetsHostReports() {
        final RedisBridge a = host("host-a");
        final RedisBridge b = host("host-b");
        Await.until(Duration.ofSeconds(20), () -> a.hosts(Duration.ofSeconds(5)).size() == 2 &&
            b.hosts(Duration.ofSeconds(5)).size() == 2, () -> "hosts: " + a.hosts(Duration.ofSeconds(5)));
        final List<Host> seenByA = a.hosts(Duration.ofSeconds(5));
        assertThat(seenByA).extracting(Host::hostId).containsExactly("host-a", "host-b");
        assertThat(seenByA.get(0).local()).isTrue();
        assertThat(seenByA.get(1).hostEpoch()).isEqualTo(b.hostEpoch());
        assertThat(seenByA).allSatisfy(host -> {
            assertThat(host.state()).isEqualTo(PeerState.ALIVE);
            assertThat(host.members()).hasSize(1);
        });

        b.close();
        b.fleet().close();
        Await.until(Duration.ofSeconds(20), () -> a.hosts(Duration.ofMillis(600)).get(1).state() != PeerState.ALIVE,
            () -> "host-b no longer alive: " + a.hosts(Duration.ofMillis(600)));
    }

    private static byte[] bytes(final String text) {
        return text.getBytes(UTF_8);
    }
}
