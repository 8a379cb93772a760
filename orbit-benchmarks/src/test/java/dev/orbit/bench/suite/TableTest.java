package dev.orbit.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void shouldJudgeEachRowAgainstItsGoalAndTheComparison() {
        final Results results = new Results(false);
        results.putJmh("RingPublishBenchmark.publish[payload=64]", 30.0);
        results.putJmh("AgronaBroadcastPublishBenchmark.transmit[payload=64]", 10.0);
        results.putJmh("OrbitClaimBenchmark.claimAndRelease", 500.0);
        results.putJmh("ShedLockClaimBenchmark.lockAndUnlock", 200_000.0);
        results.putXproc("pingpong-orbit-ring", Map.of("oneway.p50.ns", "200", "oneway.p99.ns", "900", "oneway.p999.ns", "5000"));

        final String table = Table.render(results, List.of("- nproc: 2"));

        assertThat(table)
            .contains("| publish 64 B, 1 writer | 30.0 ns per publish (mean) | Agrona `BroadcastTransmitter`: 10.0 ns | 0.33x Agrona's rate |")
            .contains("| throughput, 1 writer, 64 B | 33.3 M/s |")
            .contains("| claim + release, uncontended | 500 ns | ShedLock `RedisLockProvider` (Spring Data Redis + Lettuce): 200.00 us | 400x faster than ShedLock | <= 2 us; >= 100x faster than ShedLock | pass |")
            .contains("p50 200 ns, p99 900 ns, p99.9 5.00 us")
            .contains("| `@OrbitListener` delivery across JVMs, sporadic | default idle strategy (WAKE_UP), 1 event/ms: n/a")
            .contains("- nproc: 2")
            .doesNotContain("SMOKE");
        assertThat(line(table, "| publish 64 B, 1 writer")).endsWith("| **MISS** |");
        assertThat(line(table, "| throughput, 1 writer")).endsWith("| pass |");
        assertThat(line(table, "| cross-process one-way latency")).endsWith("| pass |");
        assertThat(line(table, "| cache get hit")).endsWith("| n/a |");
    }

    @Test
    void shouldNameWhyTheRedisComparisonIsMissing() {
        final Results results = new Results(true);
        results.skip("redis", "no redis-server on PATH");
        results.putJmh("OrbitCacheGetBenchmark.getHit", 50.0);
        results.putJmh("CaffeineGetBenchmark.getHit", 20.0);

        final String table = Table.render(results, List.of());

        assertThat(table).contains("SMOKE RUN");
        assertThat(line(table, "| cache get hit"))
            .contains("Redis GET (Lettuce, loopback) skipped: no redis-server on PATH")
            .contains("2.50x Caffeine")
            .endsWith("| pass (without Redis) |");
    }

    @Test
    void shouldPutTheSpringRowsAcrossHostsBesideSpringDataRedis() {
        final Results results = new Results(false);
        results.putJmh("SpringCacheableGetBenchmark.hit[manager=orbit]", 250.0);
        results.putJmh("SpringCacheableGetBenchmark.hit[manager=orbit]" + Results.ALLOC, 96.0);
        results.putJmh("SpringCacheableGetBenchmark.hit[manager=redis]", 100_000.0);
        results.putXproc("xhost-listener-orbit-1ms", Map.of("delivery.p50.ns", "300000", "delivery.p99.ns", "2000000",
            "delivery.p999.ns", "3000000", "delivery.count", "100", "published", "100"));
        results.putXproc("xhost-listener-streams-1ms", Map.of("delivery.p50.ns", "600000", "delivery.p99.ns", "4000000",
            "delivery.p999.ns", "5000000", "delivery.count", "100", "published", "100"));
        results.putXproc("xhost-listener-orbit-burst", Map.of("burst", "1000", "delivery.p50.ns", "5000000",
            "delivery.p99.ns", "9000000", "delivery.p999.ns", "9500000", "burst.delivered.per.s", "20000",
            "delivery.count", "990", "published", "1000"));

        final String table = Table.render(results, List.of());

        assertThat(line(table, "| `@Cacheable` hit across hosts"))
            .contains("(near hit): 250 ns (96 B allocated per call)")
            .contains("`RedisCacheManager` (`spring.cache.type=redis`, Lettuce, loopback): 100.00 us; ")
            .contains("`ConcurrentMapCacheManager` in the process: n/a |")
            .contains("| 400x faster than RedisCacheManager |")
            .endsWith("| report | report |");
        assertThat(line(table, "| `@OrbitListener` delivery across hosts"))
            .contains("1 event/ms: p50 300.00 us, p99 2.00 ms, p99.9 3.00 ms; bursts of 1000: p50 5.00 ms")
            .contains("20,000 events/s within bursts (990 of 1000 delivered)")
            .contains("1 event/ms: 0.50x the container's p50; bursts of 1000: n/a")
            .endsWith("| report | report |");
    }

    @Test
    void shouldJudgeEveryHazelcastRowAgainstThreeTimesInOrbitsFavour() {
        final Results results = new Results(false);
        results.putJmh("OrbitCacheGetBenchmark.getHit", 50.0);
        results.putJmh("HazelcastGetBenchmark.nearHit", 100.0);
        results.putJmh("HazelcastGetBenchmark.getHit", 50_000.0);
        results.putJmh("OrbitClaimBenchmark.claimAndRelease", 300.0);
        results.putJmh("HazelcastLockBenchmark.lockAndUnlock", 90_000.0);
        results.putXproc("pingpong-orbit-cache", Map.of("oneway.p50.ns", "400", "oneway.p99.ns", "800", "oneway.p999.ns", "900"));
        results.putXproc("pingpong-hazelcast", Map.of("oneway.p50.ns", "120000", "oneway.p99.ns", "2000", "oneway.p999.ns", "9000"));
        results.putXproc("listener-wake-up-1ms", Map.of("delivery.p50.ns", "20000", "delivery.p99.ns", "100000",
            "idle.cpu.core.percent", "0.50"));
        results.putXproc("topic-hazelcast-1ms", Map.of("delivery.p50.ns", "80000", "delivery.p99.ns", "400000",
            "idle.cpu.core.percent", "1.50"));
        results.putXproc("listener-wake-up-10ms", Map.of("delivery.p50.ns", "40000", "delivery.p99.ns", "100000"));
        results.putXproc("topic-hazelcast-10ms", Map.of("delivery.p50.ns", "100000", "delivery.p99.ns", "400000"));
        results.putXproc("start-orbit", Map.of("rounds", "5", "start.p50.ns", "300000000", "start.min.ns", "250000000",
            "start.max.ns", "400000000"));
        results.putXproc("start-hazelcast", Map.of("rounds", "5", "start.p50.ns", "2400000000", "start.min.ns", "2000000000",
            "start.max.ns", "3000000000"));

        final String table = Table.render(results, List.of());
        final String section = table.substring(table.indexOf("### Hazelcast"));

        assertThat(line(section, "| cache get hit")).contains("near cache 2.00x; without 1000x").endsWith("| **MISS** |");
        assertThat(line(section, "| put seen in another JVM")).contains("p50 300x, p99 2.50x").endsWith("| **MISS** |");
        assertThat(line(section, "| topic delivery across JVMs"))
            .contains("1 ms: p50 4.00x, p99 4.00x; 10 ms: p50 2.50x, p99 4.00x")
            .contains("(idle 1.50% of a core)")
            .endsWith("| **MISS** |");
        assertThat(line(section, "| lock / unlock")).contains("| 300x |").endsWith("| pass |");
        assertThat(line(section, "| start to first operation")).contains("p50 0.30 s, min 0.25 s, max 0.40 s over 5 JVMs")
            .contains("| 8.00x |").endsWith("| pass |");
    }

    private static String line(final String table, final String prefix) {
        return table.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(
            () -> new AssertionError("no line starting with " + prefix + " in\n" + table));
    }
}
