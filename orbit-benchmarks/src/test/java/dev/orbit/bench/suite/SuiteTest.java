package dev.orbit.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class SuiteTest {

    @Test
    void shouldRunTheHazelcastColumnWithTheOrbitRowsBesideItOnly() {
        final Pattern include = Pattern.compile(Suite.HAZELCAST_BENCHMARKS);

        assertThat(Stream.of("cache.HazelcastGetBenchmark.getHit", "cache.HazelcastGetBenchmark.nearHit",
            "cache.OrbitCacheGetBenchmark.getHit", "cache.CaffeineGetBenchmark.getHit", "contest.OrbitClaimBenchmark.claimAndRelease",
            "contest.HazelcastLockBenchmark.lockAndUnlock"))
            .allMatch(name -> include.matcher("dev.orbit.bench." + name).find());
        assertThat(Stream.of("cache.OrbitCacheGetBenchmark.getHitArray", "cache.OrbitCacheGetBenchmark.getMiss",
            "cache.RedisGetBenchmark.getHit", "ring.RingPublishBenchmark.publish", "contest.ShedLockClaimBenchmark.lockAndUnlock"))
            .noneMatch(name -> include.matcher("dev.orbit.bench." + name).find());
    }
}
