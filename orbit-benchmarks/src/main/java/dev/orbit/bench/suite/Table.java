package dev.orbit.bench.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Renders one run as markdown: the rows with absolute figures, the comparison from the same run, the
 * ratio, the goal and pass/miss; then payload and writer-process scaling, the machine and how it was measured.
 */
final class Table {

    static final String PASS = "pass";
    static final String MISS = "**MISS**";
    static final String NA = "n/a";
    static final String REPORT = "report";

    private final Results r;
    private final List<String> lines = new ArrayList<>();

    private Table(final Results results) {
        this.r = results;
    }

    /**
     * @param results what was measured.
     * @param machine machine description lines.
     * @return the markdown.
     */
    static String render(final Results results, final List<String> machine) {
        final Table table = new Table(results);
        table.build(machine);
        return String.join("\n", table.lines) + "\n";
    }

    private void build(final List<String> machine) {
        lines.add("## Orbit benchmarks" + (r.smoke() ? " — SMOKE RUN (tiny iterations: these figures are NOT measurements)" : ""));
        lines.add("");
        lines.add("| row | Orbit | compared with (same run) | ratio | goal | result |");
        lines.add("|---|---|---|---|---|---|");
        publishRows();
        readRow();
        latencyRow();
        cacheRows();
        claimRows();
        listenerRow();
        wakeFloorRow();
        publishWakeRow();
        eventRow();
        springHitRow();
        lines.add("");
        acrossHosts();
        hazelcastTable();
        payloadTable();
        writerTable();
        lines.add("### Machine");
        lines.add("");
        lines.addAll(machine);
        lines.add("");
        notes();
    }

    // ---- rows -------------------------------------------------------------------------------------------

    private void publishRows() {
        final OptionalDouble orbit = r.jmh("RingPublishBenchmark.publish[payload=64]");
        final OptionalDouble agrona = r.jmh("AgronaBroadcastPublishBenchmark.transmit[payload=64]");
        final OptionalDouble rateRatio = ratio(agrona, orbit);
        row("publish 64 B, 1 writer", ns(orbit) + " per publish (mean)",
            "Agrona `BroadcastTransmitter`: " + ns(agrona),
            rateRatio.isPresent() ? x(rateRatio.getAsDouble()) + " Agrona's rate" : NA,
            "<= 50 ns, >= 0.8x Agrona's rate",
            verdict(orbit.isPresent() && rateRatio.isPresent(), () -> orbit.getAsDouble() <= 50 && rateRatio.getAsDouble() >= 0.8));

        final OptionalDouble orbit2 = r.jmh("RingPublishTwoWritersBenchmark.publish");
        final OptionalDouble agrona2 = r.jmh("AgronaManyToOnePublishBenchmark.write");
        row("publish 64 B, 2 writer threads", ns(orbit2) + " per publish per thread = " + rate(perSecond(orbit2, 2)),
            "Agrona `ManyToOneRingBuffer`: " + ns(agrona2) + " = " + rate(perSecond(agrona2, 2)) + " (incl. draining)",
            ratio(agrona2, orbit2).isPresent() ? x(ratio(agrona2, orbit2).getAsDouble()) + " Agrona's rate" : NA,
            "report", orbit2.isPresent() ? REPORT : NA);

        final OptionalDouble orbitRate = perSecond(orbit, 1);
        row("throughput, 1 writer, 64 B", rate(orbitRate), "Agrona broadcast: " + rate(perSecond(agrona, 1)),
            rateRatio.isPresent() ? x(rateRatio.getAsDouble()) : NA, ">= 20 M/s",
            verdict(orbitRate.isPresent(), () -> orbitRate.getAsDouble() >= 20e6));
    }

    private void readRow() {
        final OptionalDouble byId = r.jmh("RingReadBenchmark.readById[payload=64]");
        final OptionalDouble at = r.jmh("RingReadBenchmark.readAt[payload=64]");
        final OptionalDouble raw = r.jmh("RingReadBenchmark.uncheckedReadAt[payload=64]");
        final String cost = at.isPresent() && raw.isPresent()
            ? String.format(Locale.ROOT, "protection costs %+.1f ns (%s)", at.getAsDouble() - raw.getAsDouble(),
                x(at.getAsDouble() / raw.getAsDouble()))
            : NA;
        row("read of a committed slot, 64 B", "`readAt` " + ns(at) + ", `read(id)` " + ns(byId),
            "same copy without the seq re-check (raw VarHandle baseline in this module): " + ns(raw), cost,
            "<= 20 ns", verdict(at.isPresent(), () -> at.getAsDouble() <= 20));
    }

    private void latencyRow() {
        final String orbit = "pingpong-orbit-ring";
        final String agrona = "pingpong-agrona-broadcast";
        final OptionalDouble p50 = r.xproc(orbit, "oneway.p50.ns");
        final OptionalDouble p99 = r.xproc(orbit, "oneway.p99.ns");
        row("cross-process one-way latency, busy spin (RTT/2)", percentiles(orbit, "oneway."),
            "Agrona broadcast in mapped files: " + percentiles(agrona, "oneway."),
            ratio(p50, r.xproc(agrona, "oneway.p50.ns")).isPresent()
                ? x(ratio(p50, r.xproc(agrona, "oneway.p50.ns")).getAsDouble()) + " Agrona's p50" : NA,
            "p50 <= 250 ns, p99 <= 1 us",
            verdict(p50.isPresent() && p99.isPresent(), () -> p50.getAsDouble() <= 250 && p99.getAsDouble() <= 1000));
    }

    private void cacheRows() {
        for (final String kind : new String[] {"Hit", "Miss"}) {
            final OptionalDouble orbit = r.jmh("OrbitCacheGetBenchmark.get" + kind);
            final OptionalDouble caffeine = r.jmh("CaffeineGetBenchmark.get" + kind);
            final OptionalDouble redis = r.jmh("RedisGetBenchmark.get" + kind);
            final OptionalDouble vsCaffeine = ratio(orbit, caffeine);
            final OptionalDouble vsRedis = ratio(redis, orbit);
            final String redisText = redis.isPresent() ? ns(redis) : redisSkipped();
            final String ratioText = (vsCaffeine.isPresent() ? x(vsCaffeine.getAsDouble()) + " Caffeine" : NA) + "; " +
                (vsRedis.isPresent() ? String.format(Locale.ROOT, "%.0fx faster than Redis", vsRedis.getAsDouble()) : "Redis " + NA);
            final String verdict = withoutComparison(vsRedis, "Redis", verdict(orbit.isPresent() && vsCaffeine.isPresent(),
                () -> orbit.getAsDouble() <= 100 && vsCaffeine.getAsDouble() <= 5 &&
                    (vsRedis.isEmpty() || vsRedis.getAsDouble() >= 100)));
            row("cache get " + kind.toLowerCase(Locale.ROOT), ns(orbit),
                "Caffeine " + ns(caffeine) + "; Redis GET (Lettuce, loopback) " + redisText, ratioText,
                "<= 100 ns; <= 5x Caffeine; >= 100x faster than Redis", verdict);
        }
        final int[] capacities = {1024, 65_536, 1_048_576};
        final List<String> hits = new ArrayList<>();
        final List<String> misses = new ArrayList<>();
        double min = Double.MAX_VALUE;
        double max = 0;
        boolean all = true;
        for (final int capacity : capacities) {
            final OptionalDouble hit = r.jmh("OrbitCacheCapacityBenchmark.getHit[capacity=" + capacity + "]");
            final OptionalDouble miss = r.jmh("OrbitCacheCapacityBenchmark.getMiss[capacity=" + capacity + "]");
            hits.add(slots(capacity) + " " + ns(hit));
            misses.add(ns(miss));
            all &= hit.isPresent();
            if (hit.isPresent()) {
                min = Math.min(min, hit.getAsDouble());
                max = Math.max(max, hit.getAsDouble());
            }
        }
        final double spread = max / min;
        row("cache get vs capacity (hit; miss)", "hit " + String.join(", ", hits) + "; miss " + String.join(", ", misses),
            "—", all ? "slowest/fastest hit " + x(spread) : NA, "flat (O(1)): slowest <= 1.5x fastest",
            verdict(all, () -> spread <= 1.5));

        final OptionalDouble orbitP50 = r.xproc("pingpong-orbit-cache", "oneway.p50.ns");
        final OptionalDouble redisP50 = r.xproc("pingpong-redis", "oneway.p50.ns");
        row("cache put visible in another JVM", percentiles("pingpong-orbit-cache", "oneway."),
            "Redis SET, GET polled from the other JVM: " +
                (r.xproc("pingpong-redis").isPresent() ? percentiles("pingpong-redis", "oneway.") : redisSkipped()),
            ratio(redisP50, orbitP50).isPresent()
                ? String.format(Locale.ROOT, "%.0fx faster than Redis (p50)", ratio(redisP50, orbitP50).getAsDouble()) : NA,
            "p50 <= 1 us", verdict(orbitP50.isPresent(), () -> orbitP50.getAsDouble() <= 1000));
    }

    private void claimRows() {
        final OptionalDouble orbit = r.jmh("OrbitClaimBenchmark.claimAndRelease");
        final OptionalDouble shed = r.jmh("ShedLockClaimBenchmark.lockAndUnlock");
        final OptionalDouble faster = ratio(shed, orbit);
        row("claim + release, uncontended", ns(orbit),
            "ShedLock `RedisLockProvider` (Spring Data Redis + Lettuce): " + (shed.isPresent() ? ns(shed) : redisSkipped()),
            faster.isPresent() ? String.format(Locale.ROOT, "%.0fx faster than ShedLock", faster.getAsDouble()) : NA,
            "<= 2 us; >= 100x faster than ShedLock",
            withoutComparison(faster, "ShedLock",
                verdict(orbit.isPresent(), () -> orbit.getAsDouble() <= 2000 && (faster.isEmpty() || faster.getAsDouble() >= 100))));

        final OptionalDouble orbitMax = r.xproc("takeover-orbit", "takeover.max.ns");
        final String orbitText = r.xproc("takeover-orbit").map(v -> "p50 " + ms(r.xproc("takeover-orbit", "takeover.p50.ns")) +
            ", max " + ms(orbitMax) + " over " + v.get("rounds") + " kills (TTL " + v.get("ttl.ms") + " ms)").orElse(NA);
        final String shedText = r.xproc("takeover-shedlock").map(v -> "p50 " +
            ms(r.xproc("takeover-shedlock", "takeover.p50.ns")) + " with lockAtMostFor=" + v.get("lockAtMostFor.ms") +
            " ms (never earlier: nothing notices the death)").orElse(redisSkipped());
        row("claim takeover after holder `kill -9`", orbitText, "ShedLock: " + shedText,
            ratio(r.xproc("takeover-shedlock", "takeover.p50.ns"), r.xproc("takeover-orbit", "takeover.p50.ns")).isPresent()
                ? String.format(Locale.ROOT, "%.0fx sooner", ratio(r.xproc("takeover-shedlock", "takeover.p50.ns"),
                    r.xproc("takeover-orbit", "takeover.p50.ns")).getAsDouble()) : NA,
            "<= 1 s", verdict(orbitMax.isPresent(), () -> orbitMax.getAsDouble() <= 1e9));
    }

    private void listenerRow() {
        final String ms1 = "listener-wake-up-1ms";
        final String ms10 = "listener-wake-up-10ms";
        final OptionalDouble p50 = r.xproc(ms1, "delivery.p50.ns");
        final OptionalDouble p99 = r.xproc(ms1, "delivery.p99.ns");
        final OptionalDouble p50at10 = r.xproc(ms10, "delivery.p50.ns");
        final OptionalDouble p99at10 = r.xproc(ms10, "delivery.p99.ns");
        final OptionalDouble idleCpu = r.xproc(ms1, "idle.cpu.core.percent");
        final OptionalDouble spinP50 = r.xproc("listener-busy-spin", "delivery.p50.ns");
        final String orbit = "default idle strategy (WAKE_UP), 1 event/ms: " + percentiles(ms1, "delivery.") +
            "; 1 event/10 ms: " + percentiles(ms10, "delivery.") + "; idle listener process " + (idleCpu.isPresent()
                ? String.format(Locale.ROOT, "%.2f%% of a core over %s s", idleCpu.getAsDouble(),
                    r.xproc(ms1).map(m -> m.getOrDefault("idle.window.s", "?")).orElse("?")) : NA) +
            "; BACKOFF, 1 event/ms: " + percentiles("listener-backoff", "delivery.") +
            "; BUSY_SPIN: " + percentiles("listener-busy-spin", "delivery.");
        row("`@OrbitListener` delivery across JVMs, sporadic", orbit, "—", "—",
            "default: p50 <= 20 us, p99 <= 100 us at 1/ms and 1/10 ms, idle <= 0.5% of a core; busy spin p50 <= 5 us",
            verdict(p50.isPresent() && p99.isPresent() && p50at10.isPresent() && p99at10.isPresent() && idleCpu.isPresent() &&
                    spinP50.isPresent(),
                () -> p50.getAsDouble() <= 20_000 && p99.getAsDouble() <= 100_000 && p50at10.getAsDouble() <= 20_000 &&
                    p99at10.getAsDouble() <= 100_000 && idleCpu.getAsDouble() <= 0.5 && spinP50.getAsDouble() <= 5000));
    }

    /**
     * The machine's floor for any delivery that sleeps until nudged: the wake-up of a thread blocked in a socket read,
     * with no Orbit in the path. The sporadic listener row can be no faster than this.
     */
    private void wakeFloorRow() {
        final OptionalDouble raw = r.xproc("unix-socket-wake-1ms", "delivery.p50.ns");
        final OptionalDouble listener = r.xproc("listener-wake-up-1ms", "delivery.p50.ns");
        row("wake-up floor: a thread blocked in a Unix-socket read in another JVM, no Orbit", "`@OrbitListener` (WAKE_UP), "
            + "1 event/ms: " + percentiles("listener-wake-up-1ms", "delivery."),
            "raw socket wake, 1 message/ms: " + percentiles("unix-socket-wake-1ms", "delivery.") + "; 1 message/10 ms: " +
                percentiles("unix-socket-wake-10ms", "delivery."),
            raw.isPresent() && listener.isPresent()
                ? String.format(Locale.ROOT, "listener p50 %s the raw wake's",
                    listener.getAsDouble() >= raw.getAsDouble()
                        ? ns(OptionalDouble.of(listener.getAsDouble() - raw.getAsDouble())) + " above"
                        : ns(OptionalDouble.of(raw.getAsDouble() - listener.getAsDouble())) + " below") : NA,
            "report", "report");
    }

    private void publishWakeRow() {
        final OptionalDouble none = r.jmh("PublishWakeBenchmark.publish[readers=none]");
        final OptionalDouble asleep = r.jmh("PublishWakeBenchmark.publish[readers=asleep]");
        final OptionalDouble ring = r.jmh("RingPublishBenchmark.publish[payload=64]");
        row("event publish 64 B, shared memory, with / without a sleeping reader", "nobody asleep: " + ns(none) +
            "; a reader in another handle sleeping between events: " + ns(asleep) + " (mean over the stream, nudges included)",
            "ring publish 64 B (no topic, process-local): " + ns(ring),
            none.isPresent() && asleep.isPresent()
                ? String.format(Locale.ROOT, "%+.1f ns with a sleeper", asleep.getAsDouble() - none.getAsDouble()) : NA,
            "nobody asleep: within 1 ns of the publish without wake-ups", REPORT);
    }

    private void eventRow() {
        final OptionalDouble batch = r.jmh("EventPollBenchmark.pollBatch");
        final OptionalDouble one = r.jmh("EventPollBenchmark.pollOne");
        final OptionalDouble publish = r.jmh("EventPollBenchmark.publish");
        row("event poll per frame, 64 B", "polls of 64 frames: " + ns(batch) + " per frame; polls of one frame: " +
                ns(one) + " per poll (publish " + ns(publish) + ")", "—", "—", "<= 30 ns",
            verdict(batch.isPresent(), () -> batch.getAsDouble() <= 30));
    }

    private void springHitRow() {
        final OptionalDouble sync = r.jmh("SpringCacheGetBenchmark.getHitSync" + Results.ALLOC);
        final OptionalDouble wrapped = r.jmh("SpringCacheGetBenchmark.getHit" + Results.ALLOC);
        final OptionalDouble value = r.jmh("SpringCacheGetBenchmark.valueAlone" + Results.ALLOC);
        row("Spring cache hit, bytes allocated per hit (Long key, 16-character String value)",
            "`get(key, loader)` (`@Cacheable(sync = true)`): " + bytes(sync) + " (" + ns(r.jmh(
                "SpringCacheGetBenchmark.getHitSync")) + "); `get(key)` (without `sync`, a `ValueWrapper` too): " +
                bytes(wrapped) + " (" + ns(r.jmh("SpringCacheGetBenchmark.getHit")) + ")",
            "the value alone, decoded from the same bytes: " + bytes(value), "—", "only the value",
            // JMH reports bytes per operation as a mean with fractions of a byte from its own bookkeeping
            verdict(sync.isPresent() && value.isPresent(), () -> Math.round(sync.getAsDouble()) <= Math.round(value.getAsDouble())));
    }

    private static String bytes(final OptionalDouble bytes) {
        return bytes.isPresent() ? String.format(Locale.ROOT, "%.0f B", bytes.getAsDouble()) : NA;
    }

    /**
     * Fleets across hosts: the Redis bridge beside what a user would otherwise use, all on the same redis-server.
     */
    private void acrossHosts() {
        lines.add("### Across hosts (Redis bridge, `orbit-redis`)");
        lines.add("");
        lines.add("| row | Orbit | compared with (same run) | ratio | goal | result |");
        lines.add("|---|---|---|---|---|---|");
        final OptionalDouble bridgeP50 = r.xproc("crosshost-orbit-bridge", "oneway.p50.ns");
        final OptionalDouble streamsP50 = r.xproc("crosshost-redis-streams", "oneway.p50.ns");
        final OptionalDouble vsStreams = ratio(bridgeP50, streamsP50);
        row("cross-host event one-way latency (RTT/2)", percentiles("crosshost-orbit-bridge", "oneway."),
            "raw Redis Streams (Lettuce `XADD` -> `XREAD BLOCK`): " + (r.xproc("crosshost-redis-streams").isPresent() ?
                percentiles("crosshost-redis-streams", "oneway.") : redisSkipped()) + "; Redis pub/sub: " +
                (r.xproc("crosshost-redis-pubsub").isPresent() ? percentiles("crosshost-redis-pubsub", "oneway.") : redisSkipped()),
            vsStreams.isPresent() ? x(vsStreams.getAsDouble()) + " raw streams' p50" : NA, "p50 <= 1.3x raw streams",
            verdict(vsStreams.isPresent(), () -> vsStreams.getAsDouble() <= 1.3));

        final OptionalDouble forwarded = r.xproc("bridge-throughput", "forwarded.per.s");
        final OptionalDouble delivered = r.xproc("bridge-throughput", "delivered.per.s");
        row("forwarding throughput of one bridge (64 B events)", forwarded.isPresent() ?
                String.format(Locale.ROOT, "%,.0f events/s forwarded; %,.0f events/s into the other host's ring (lost %s)",
                    forwarded.getAsDouble(), delivered.orElse(Double.NaN),
                    r.xproc("bridge-throughput").map(v -> v.get("lost")).orElse("?")) : redisSkipped(),
            "—", "—", ">= 100,000 events/s", verdict(forwarded.isPresent(), () -> forwarded.getAsDouble() >= 100_000));

        final OptionalDouble near = r.jmh("FleetCacheGetBenchmark.nearHit");
        final OptionalDouble local = r.jmh("OrbitCacheGetBenchmark.getHit");
        final OptionalDouble spring = r.jmh("RedisCacheManagerGetBenchmark.get");
        final OptionalDouble vsSpring = ratio(spring, near);
        final OptionalDouble vsLocal = ratio(near, local);
        row("near-cache hit (64 B values, 1024 keys)", ns(near), "local Orbit get " + ns(local) + "; Spring `RedisCacheManager` get " +
                "(Spring Data Redis, Lettuce, loopback) " + (spring.isPresent() ? ns(spring) : redisSkipped()),
            (vsLocal.isPresent() ? x(vsLocal.getAsDouble()) + " a local get" : NA) + "; " + (vsSpring.isPresent() ?
                String.format(Locale.ROOT, "%.0fx faster than RedisCacheManager", vsSpring.getAsDouble()) : NA),
            "same as a local Orbit get; >= 300x faster than RedisCacheManager",
            verdict(near.isPresent() && vsSpring.isPresent() && vsLocal.isPresent(),
                () -> vsLocal.getAsDouble() <= 1.5 && vsSpring.getAsDouble() >= 300));

        final OptionalDouble fleetClaim = r.jmh("FleetClaimBenchmark.claimAndRelease");
        final OptionalDouble shed = r.jmh("ShedLockClaimBenchmark.lockAndUnlock");
        final OptionalDouble vsShed = ratio(fleetClaim, shed);
        row("fleet claim + release, uncontended", ns(fleetClaim), "ShedLock `RedisLockProvider`: " +
                (shed.isPresent() ? ns(shed) : redisSkipped()),
            vsShed.isPresent() ? x(vsShed.getAsDouble()) + " ShedLock's time" : NA, REPORT, fleetClaim.isPresent() ? REPORT : NA);

        final OptionalDouble takeoverMax = r.xproc("takeover-orbit-fleet", "takeover.max.ns");
        final String takeover = r.xproc("takeover-orbit-fleet").map(v -> "p50 " +
            ms(r.xproc("takeover-orbit-fleet", "takeover.p50.ns")) + ", max " + ms(takeoverMax) + " over " + v.get("rounds") +
            " kills (TTL " + v.get("ttl.ms") + " ms)").orElse(redisSkipped());
        final OptionalDouble sooner = ratio(r.xproc("takeover-shedlock", "takeover.p50.ns"),
            r.xproc("takeover-orbit-fleet", "takeover.p50.ns"));
        row("cross-host takeover after the holder's `kill -9`", takeover, "ShedLock: " + r.xproc("takeover-shedlock")
                .map(v -> "p50 " + ms(r.xproc("takeover-shedlock", "takeover.p50.ns")) + " with lockAtMostFor=" +
                    v.get("lockAtMostFor.ms") + " ms").orElse(redisSkipped()),
            sooner.isPresent() ? String.format(Locale.ROOT, "%.1fx sooner", sooner.getAsDouble()) : NA, "<= 2 s",
            verdict(takeoverMax.isPresent(), () -> takeoverMax.getAsDouble() <= 2e9));
        springAcrossHosts();
        lines.add("");
    }

    /**
     * The Spring-level rows across hosts: a {@code @Cacheable} hit and {@code @OrbitListener} delivery beside what
     * Spring Data Redis gives a Boot application.
     */
    private void springAcrossHosts() {
        final String orbitKey = "SpringCacheableGetBenchmark.hit[manager=orbit]";
        final String redisKey = "SpringCacheableGetBenchmark.hit[manager=redis]";
        final String simpleKey = "SpringCacheableGetBenchmark.hit[manager=simple]";
        final OptionalDouble orbit = r.jmh(orbitKey);
        final OptionalDouble redis = r.jmh(redisKey);
        final OptionalDouble faster = ratio(redis, orbit);
        row("`@Cacheable` hit across hosts (Spring proxy, 64 B values, 1024 keys)", "Orbit cache manager, bridge on, " +
                "fleet-scoped cache (near hit): " + ns(orbit) + allocation(orbitKey),
            "Spring `RedisCacheManager` (`spring.cache.type=redis`, Lettuce, loopback): " +
                (redis.isPresent() ? ns(redis) + allocation(redisKey) : redisSkipped()) +
                "; the proxy's floor, `ConcurrentMapCacheManager` in the process: " + ns(r.jmh(simpleKey)) + allocation(simpleKey),
            faster.isPresent() ? String.format(Locale.ROOT, "%.0fx faster than RedisCacheManager", faster.getAsDouble()) : NA,
            REPORT, orbit.isPresent() ? REPORT : NA);

        final List<String> orbitText = new ArrayList<>();
        final List<String> streamsText = new ArrayList<>();
        final List<String> ratios = new ArrayList<>();
        for (final String pace : new String[] {"1ms", "burst"}) {
            final String o = "xhost-listener-orbit-" + pace;
            final String s = "xhost-listener-streams-" + pace;
            final String label = pace.equals("1ms") ? "1 event/ms: " : "bursts of " +
                r.xproc(o).or(() -> r.xproc(s)).map(v -> v.getOrDefault("burst", "?")).orElse("?") + ": ";
            orbitText.add(label + percentiles(o, "delivery.") + delivered(o));
            streamsText.add(label + (r.xproc(s).isPresent() ? percentiles(s, "delivery.") + delivered(s) : redisSkipped()));
            final OptionalDouble p50 = ratio(r.xproc(o, "delivery.p50.ns"), r.xproc(s, "delivery.p50.ns"));
            ratios.add(label + (p50.isPresent() ? x(p50.getAsDouble()) + " the container's p50" : NA));
        }
        row("`@OrbitListener` delivery across hosts (64 B events, publish to method)", String.join("; ", orbitText),
            "Spring Data Redis `StreamMessageListenerContainer` (default polling; `XADD` through `RedisTemplate`): " +
                String.join("; ", streamsText), String.join("; ", ratios), REPORT,
            r.xproc("xhost-listener-orbit-1ms").isPresent() ? REPORT : NA);
    }

    private String allocation(final String key) {
        final OptionalDouble bytes = r.jmh(key + Results.ALLOC);
        return bytes.isPresent() ? String.format(Locale.ROOT, " (%.0f B allocated per call)", bytes.getAsDouble()) : "";
    }

    private String delivered(final String name) {
        final OptionalDouble rate = r.xproc(name, "burst.delivered.per.s");
        final OptionalDouble count = r.xproc(name, "delivery.count");
        final OptionalDouble published = r.xproc(name, "published");
        return (rate.isPresent() ? String.format(Locale.ROOT, ", %,.0f events/s within bursts", rate.getAsDouble()) : "") +
            (count.isPresent() && published.isPresent() && count.getAsDouble() != published.getAsDouble()
                ? String.format(Locale.ROOT, " (%.0f of %.0f delivered)", count.getAsDouble(), published.getAsDouble()) : "");
    }

    /**
     * The peer a user would otherwise pick on one host: Hazelcast 5.6 embedded, two members on loopback. Every row's
     * goal is Orbit at least 3x better; the ratio is Hazelcast's figure over Orbit's.
     */
    private void hazelcastTable() {
        lines.add("### Hazelcast 5.6 embedded (2 members on loopback), same run");
        lines.add("");
        lines.add("| row | Orbit | Hazelcast (same run) | Hazelcast / Orbit | goal | result |");
        lines.add("|---|---|---|---|---|---|");
        final String goal = ">= 3x in Orbit's favour";

        final OptionalDouble orbitGet = r.jmh("OrbitCacheGetBenchmark.getHit");
        final OptionalDouble near = r.jmh("HazelcastGetBenchmark.nearHit");
        final OptionalDouble remote = r.jmh("HazelcastGetBenchmark.getHit");
        final OptionalDouble nearRatio = ratio(near, orbitGet);
        final OptionalDouble remoteRatio = ratio(remote, orbitGet);
        row("cache get hit (64 B values, 1024 keys)", ns(orbitGet) + " (Caffeine in the same run: " +
                ns(r.jmh("CaffeineGetBenchmark.getHit")) + ")",
            "`IMap.get` with a near cache: " + ns(near) + "; without (half the keys owned by the other member): " + ns(remote),
            "near cache " + times(nearRatio) + "; without " + times(remoteRatio), goal,
            verdict(nearRatio.isPresent() && remoteRatio.isPresent(),
                () -> nearRatio.getAsDouble() >= 3 && remoteRatio.getAsDouble() >= 3));

        final OptionalDouble putP50 = ratio(r.xproc("pingpong-hazelcast", "oneway.p50.ns"),
            r.xproc("pingpong-orbit-cache", "oneway.p50.ns"));
        final OptionalDouble putP99 = ratio(r.xproc("pingpong-hazelcast", "oneway.p99.ns"),
            r.xproc("pingpong-orbit-cache", "oneway.p99.ns"));
        row("put seen in another JVM (64 B)", percentiles("pingpong-orbit-cache", "oneway."),
            "`IMap.set` in one member, `get` polled in the other: " + percentiles("pingpong-hazelcast", "oneway."),
            "p50 " + times(putP50) + ", p99 " + times(putP99), goal,
            verdict(putP50.isPresent() && putP99.isPresent(), () -> putP50.getAsDouble() >= 3 && putP99.getAsDouble() >= 3));

        final List<String> ratios = new ArrayList<>();
        boolean present = true;
        boolean passes = true;
        final StringBuilder orbit = new StringBuilder("`@OrbitListener`, default WAKE_UP: ");
        final StringBuilder hazelcast = new StringBuilder("`ITopic`, a `MessageListener` on the other member: ");
        for (final String spacing : new String[] {"1ms", "10ms"}) {
            final String o = "listener-wake-up-" + spacing;
            final String h = "topic-hazelcast-" + spacing;
            final String label = spacing.equals("1ms") ? "1 event/ms: " : "; 1 event/10 ms: ";
            orbit.append(label).append(delivery(o));
            hazelcast.append(label).append(delivery(h));
            final OptionalDouble p50 = ratio(r.xproc(h, "delivery.p50.ns"), r.xproc(o, "delivery.p50.ns"));
            final OptionalDouble p99 = ratio(r.xproc(h, "delivery.p99.ns"), r.xproc(o, "delivery.p99.ns"));
            ratios.add(spacing.replace("ms", " ms") + ": p50 " + times(p50) + ", p99 " + times(p99));
            present &= p50.isPresent();
            passes &= p50.isPresent() && p50.getAsDouble() >= 3;
        }
        final boolean topicPasses = passes;
        row("topic delivery across JVMs, sporadic (64 B)", orbit.toString(), hazelcast.toString(), String.join("; ", ratios),
            goal + " at p50", verdict(present, () -> topicPasses));

        final OptionalDouble claim = r.jmh("OrbitClaimBenchmark.claimAndRelease");
        final OptionalDouble lock = r.jmh("HazelcastLockBenchmark.lockAndUnlock");
        final OptionalDouble lockRatio = ratio(lock, claim);
        row("lock / unlock, uncontended", "claim + release " + ns(claim),
            "`IMap.tryLock` + `unlock` (FencedLock needs the CP subsystem: 3 members): " + ns(lock), times(lockRatio), goal,
            verdict(lockRatio.isPresent(), () -> lockRatio.getAsDouble() >= 3));

        final OptionalDouble start = ratio(r.xproc("start-hazelcast", "start.p50.ns"), r.xproc("start-orbit", "start.p50.ns"));
        row("start to first operation (new JVM to its first put + get, process wall time)",
            starts("start-orbit", "joins the running fleet"), starts("start-hazelcast", "a second member joins the running one"),
            times(start), goal, verdict(start.isPresent(), () -> start.getAsDouble() >= 3));
        lines.add("");
    }

    private String delivery(final String name) {
        final OptionalDouble idle = r.xproc(name, "idle.cpu.core.percent");
        return r.xproc(name).isEmpty() ? NA : "p50 " + ns(r.xproc(name, "delivery.p50.ns")) + ", p99 " +
            ns(r.xproc(name, "delivery.p99.ns")) + (idle.isPresent() ? String.format(Locale.ROOT, " (idle %.2f%% of a core)",
                idle.getAsDouble()) : "");
    }

    private String starts(final String name, final String how) {
        return r.xproc(name).map(v -> String.format(Locale.ROOT, "p50 %.2f s, min %.2f s, max %.2f s over %s JVMs (%s)",
            r.xproc(name, "start.p50.ns").orElse(Double.NaN) / 1e9, r.xproc(name, "start.min.ns").orElse(Double.NaN) / 1e9,
            r.xproc(name, "start.max.ns").orElse(Double.NaN) / 1e9, v.get("rounds"), how)).orElse(NA);
    }

    static String times(final OptionalDouble ratio) {
        return ratio.isPresent() ? x(ratio.getAsDouble()) : NA;
    }

    private void payloadTable() {
        lines.add("### Payload size (1 writer, in-process, mean ns per operation)");
        lines.add("");
        lines.add("| payload | Orbit publish | Agrona broadcast transmit | Orbit `readAt` | without seq re-check | Orbit `read(id)` |");
        lines.add("|---|---|---|---|---|---|");
        for (final int payload : new int[] {16, 64, 256, 1024, 4096}) {
            final String p = "[payload=" + payload + "]";
            lines.add("| " + payload + " B | " + ns(r.jmh("RingPublishBenchmark.publish" + p)) + " | " +
                ns(r.jmh("AgronaBroadcastPublishBenchmark.transmit" + p)) + " | " +
                ns(r.jmh("RingReadBenchmark.readAt" + p)) + " | " +
                ns(r.jmh("RingReadBenchmark.uncheckedReadAt" + p)) + " | " +
                ns(r.jmh("RingReadBenchmark.readById" + p)) + " |");
        }
        lines.add("");
    }

    private void writerTable() {
        lines.add("### Writer processes (64 B frames into one shared-memory ring, all publishing at once)");
        lines.add("");
        lines.add("| writer processes | aggregate rate | mean time per publish in each process | writes lost (lapped / slot busy) |");
        lines.add("|---|---|---|---|");
        final int max = (int)r.xproc("writers", "maxProcs").orElse(0);
        if (max == 0) {
            lines.add("| " + NA + " | | | |");
        }
        for (int procs = 1; procs <= max; procs++) {
            final String p = "procs." + procs + ".";
            lines.add("| " + procs + " | " + rate(r.xproc("writers", p + "rate.per.s")) + " | " +
                ns(r.xproc("writers", p + "ns.per.publish")) + " | " +
                String.format(Locale.ROOT, "%.0f of %.0f", r.xproc("writers", p + "lost").orElse(Double.NaN),
                    r.xproc("writers", p + "published").orElse(Double.NaN)) + " |");
        }
        lines.add("");
    }

    private void notes() {
        lines.add("### How it was measured");
        lines.add("");
        lines.add("- In-process rows are JMH (2 forks x (3 x 1 s warm-up + 5 x 1 s measurement); Redis and ShedLock 1 fork x (2 + 3)), mode " +
            "`avgt`: the figure is the **mean** time per operation, used for the \"p50\" goals because a single " +
            "operation of a few ns is below the timer's resolution. Raw JMH JSON: `jmh.json`.");
        lines.add("- Orbit rings in the in-process rows are process-local rings (`Fleet.join()` / `Rings.allocate`): the same " +
            "slot protocol as shared-memory rings, over a direct buffer instead of a mapped file.");
        lines.add("- Cross-process latency: two JVMs, both busy-spinning, one-way = RTT/2 of a ping-pong (64 B), " +
            "HdrHistogram after a warm-up; raw histograms `pingpong-*.hlog` / `.hgrm`. Orbit reads with a cursor " +
            "(copy, then validate); Agrona with `CopyBroadcastReceiver`.");
        lines.add("- Cache put visibility: the same ping-pong where each side puts a key and the other gets it until it sees the new value.");
        lines.add("- `@OrbitListener`: a Spring Boot application with the starter listens; a plain fleet in another JVM " +
            "publishes 64 B events every 1 ms and every 10 ms (default WAKE_UP idle strategy), 1 ms (BACKOFF) or 200 us " +
            "(BUSY_SPIN); latency is publish to method entry on the host's one monotonic clock. Idle CPU: the whole " +
            "listener process over an idle window (a minute in a full run), before any event.");
        lines.add("- Takeover: a child JVM takes the claim, gets SIGKILL, and the parent retries every 100 us; Orbit's claim has a 60 s TTL, so only membership ends it early.");
        lines.add("- The 2-writer rows use both cores of a 2-core machine; Agrona's `ManyToOneRingBuffer` never overwrites, so a writer " +
            "that finds it full drains it (its figure includes that). Writer-process rows beyond the number of cores measure time-slicing.");
        lines.add("- Redis is a local `redis-server` on loopback (no persistence), started and stopped by the suite.");
        lines.add("- Hazelcast 5.6: embedded members, one in the measuring JVM and one in another JVM, loopback only (TCP-IP " +
            "join to 127.0.0.1 ports, no multicast, a cluster name unique to the run, phone-home and logging off), " +
            "otherwise defaults. Gets and locks are JMH (1 fork x (2 + 3) x 1 s); put visibility is the ping-pong above " +
            "(`IMap.set`, `get` polled); topic delivery paces 64 B messages as the listener rows do; start to first " +
            "operation starts a new JVM that joins the running fleet or member, puts and reads back one value.");
        lines.add("- Across hosts: each host is its own fleet directory (own epoch, own bridge). Cross-host latency is a " +
            "ping-pong between two JVMs whose waiting loops poll and yield the CPU (the bridges' threads share the 2 cores); " +
            "bridges with default settings (an idle forwarder sleeps on its ring's eventcount). Throughput: two process-local hosts " +
            "in one JVM, 64 B events, the publisher kept within half of a 65,536-slot ring ahead of the forwarder. " +
            "Takeover: host A runs its bridge in one process and the holder (60 s TTL) in another; host B retries every ms.");
        lines.add("- Spring across hosts: `@Cacheable` is JMH through the caching proxy of a Spring Boot application configured " +
            "by properties only (Orbit: `orbit.bridge.redis.enabled=true`, shared-memory fleet; Redis: `spring.cache.type=redis`); " +
            "allocation from JMH's gc profiler. `@OrbitListener` across hosts: host B is a Spring Boot application in its own " +
            "JVM and fleet directory running its host's bridge, host A publishes from another JVM with its own directory and " +
            "bridge; the comparison publishes with `RedisTemplate.opsForStream().add` and listens with a " +
            "`StreamMessageListenerContainer` with default options; latency is publish to method entry on the machine's one " +
            "monotonic clock, 1 event/ms or bursts of back-to-back events a second apart (a full run).");
        if (!r.allSkipped().isEmpty()) {
            lines.add("- Skipped: " + r.allSkipped());
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private void row(final String name, final String orbit, final String comparison, final String ratio,
        final String goal, final String result) {
        lines.add("| " + name + " | " + orbit + " | " + comparison + " | " + ratio + " | " + goal + " | " + result + " |");
    }

    private String redisSkipped() {
        return r.skipped("redis").map(reason -> "skipped: " + reason).orElse(NA);
    }

    private String percentiles(final String name, final String prefix) {
        if (r.xproc(name).isEmpty()) {
            return NA;
        }
        return "p50 " + ns(r.xproc(name, prefix + "p50.ns")) + ", p99 " + ns(r.xproc(name, prefix + "p99.ns")) +
            ", p99.9 " + ns(r.xproc(name, prefix + "p999.ns"));
    }

    interface Check {
        boolean passes();
    }

    static String verdict(final boolean present, final Check check) {
        return !present ? NA : check.passes() ? PASS : MISS;
    }

    static String withoutComparison(final OptionalDouble comparison, final String name, final String verdict) {
        return comparison.isEmpty() && !verdict.equals(NA) ? verdict + " (without " + name + ")" : verdict;
    }

    static OptionalDouble ratio(final OptionalDouble a, final OptionalDouble b) {
        return a.isPresent() && b.isPresent() && b.getAsDouble() > 0
            ? OptionalDouble.of(a.getAsDouble() / b.getAsDouble()) : OptionalDouble.empty();
    }

    static OptionalDouble perSecond(final OptionalDouble nanosPerOp, final int threads) {
        return nanosPerOp.isPresent() && nanosPerOp.getAsDouble() > 0
            ? OptionalDouble.of(threads * 1e9 / nanosPerOp.getAsDouble()) : OptionalDouble.empty();
    }

    static String x(final double ratio) {
        return String.format(Locale.ROOT, ratio < 10 ? "%.2fx" : "%.0fx", ratio);
    }

    static String ns(final OptionalDouble nanos) {
        if (nanos.isEmpty() || Double.isNaN(nanos.getAsDouble())) {
            return NA;
        }
        final double v = nanos.getAsDouble();
        if (v < 100) {
            return String.format(Locale.ROOT, "%.1f ns", v);
        }
        if (v < 1_000) {
            return String.format(Locale.ROOT, "%.0f ns", v);
        }
        if (v < 1_000_000) {
            return String.format(Locale.ROOT, "%.2f us", v / 1e3);
        }
        return String.format(Locale.ROOT, "%.2f ms", v / 1e6);
    }

    static String ms(final OptionalDouble nanos) {
        return nanos.isEmpty() ? NA : String.format(Locale.ROOT, "%.0f ms", nanos.getAsDouble() / 1e6);
    }

    static String rate(final OptionalDouble perSecond) {
        return perSecond.isEmpty() ? NA : String.format(Locale.ROOT, "%.1f M/s", perSecond.getAsDouble() / 1e6);
    }

    static String slots(final int capacity) {
        return capacity >= 1 << 20 ? (capacity >> 20) + "M" : (capacity >> 10) + "K";
    }
}
