package dev.orbit.spring.metrics;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.orbit.fleet.Fleet;
import dev.orbit.heartbeat.HeartbeatSnapshot;
import dev.orbit.ring.Ring;
import dev.orbit.spring.scheduling.OrbitScheduler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.DisposableBean;

/**
 * The {@code orbit.*} meters, and the Micrometer side of {@link OrbitMeters}.
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>tags</th></tr>
 * <tr><td>orbit.members</td><td>gauge</td><td>state: alive, stale, missing</td></tr>
 * <tr><td>orbit.heartbeat.age</td><td>time gauge</td><td>node</td></tr>
 * <tr><td>orbit.ring.head</td><td>function counter</td><td>kind, ring</td></tr>
 * <tr><td>orbit.ring.lost.writes</td><td>function counter</td><td>kind, ring</td></tr>
 * <tr><td>orbit.events.published</td><td>counter</td><td>topic (bounded, see {@link TopicTags}), result: committed,
 * lost</td></tr>
 * <tr><td>orbit.events.received</td><td>counter</td><td>listener, topic</td></tr>
 * <tr><td>orbit.listener</td><td>timer</td><td>listener, topic, error (recorded here only without an
 * {@code ObservationRegistry}; with one, the listener's observation records the same timer)</td></tr>
 * <tr><td>orbit.events.lost</td><td>counter</td><td>listener (a cursor's loss has no topic)</td></tr>
 * <tr><td>orbit.listener.errors</td><td>counter</td><td>listener</td></tr>
 * <tr><td>orbit.listener.lag</td><td>gauge</td><td>listener</td></tr>
 * <tr><td>orbit.claims</td><td>counter</td><td>outcome: claimed, yielded, renewed, lost, released</td></tr>
 * <tr><td>orbit.cache.sync.fallback</td><td>counter</td><td>cache</td></tr>
 * <tr><td>orbit.cache.writes.lost</td><td>counter</td><td>cache, operation: put, evict, clear</td></tr>
 * </table>
 * Meters whose tags are discovered at run time (nodes, ring kinds, listeners) are added on a refresh every
 * heartbeat interval; a node that left reports {@code NaN}. Values not cached are counted by Spring Boot's cache
 * metrics as {@code cache.orbit.skipped}, not here. Every tag has a bounded set of values: topics beyond
 * {@link TopicTags}' limit are tagged {@value TopicTags#OTHER}.
 */
public class OrbitMeterBinder implements MeterBinder, OrbitMeters, DisposableBean {

    /** Name of the listener processing timer, the same as the listener observation's. */
    public static final String LISTENER_TIMER = "orbit.listener";

    private static final long SNAPSHOT_MAX_AGE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final Fleet fleet;

    private final Duration maxAge;

    private final Supplier<? extends Collection<? extends ListenerLag>> listeners;

    private final TopicTags topicTags;

    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

    private final Map<MeterRegistry, Map<Tags, Counter>> counters = new ConcurrentHashMap<>();

    private final Set<String> bound = ConcurrentHashMap.newKeySet();

    private final ScheduledFuture<?> refresh;

    private volatile Snapshot snapshot;

    /**
     * @param fleet     the fleet.
     * @param maxAge    heartbeat age beyond which a member is stale.
     * @param scheduler refreshes the meters of discovered tags.
     * @param interval  refresh period.
     * @param listeners the listeners whose lag to report, asked again on every refresh.
     * @param topicTags bounds the values of the {@code topic} tag.
     */
    public OrbitMeterBinder(Fleet fleet, Duration maxAge, OrbitScheduler scheduler, Duration interval,
            Supplier<? extends Collection<? extends ListenerLag>> listeners, TopicTags topicTags) {
        this.fleet = fleet;
        this.maxAge = maxAge;
        this.listeners = listeners;
        this.topicTags = topicTags;
        this.refresh = scheduler.scheduleAtFixedRate(this::refresh, interval);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registries.add(registry);
        for (String state : List.of("alive", "stale", "missing")) {
            Gauge.builder("orbit.members", this, (binder) -> binder.members(state))
                .tag("state", state)
                .description("Members of the fleet by heartbeat state")
                .baseUnit("members")
                .register(registry);
        }
        refresh(registry);
    }

    /**
     * Adds meters for nodes, ring kinds and listeners that appeared since the last refresh.
     */
    public void refresh() {
        for (MeterRegistry registry : this.registries) {
            refresh(registry);
        }
    }

    private void refresh(MeterRegistry registry) {
        String prefix = System.identityHashCode(registry) + ":";
        for (Integer node : this.fleet.heartbeats().latest().keySet()) {
            if (this.bound.add(prefix + "node:" + node)) {
                TimeGauge.builder("orbit.heartbeat.age", this, TimeUnit.MILLISECONDS, (binder) -> binder.age(node))
                    .tag("node", String.valueOf(node))
                    .description("Age of a member's latest heartbeat")
                    .register(registry);
            }
        }
        for (Ring ring : this.fleet.rings()) {
            String kind = String.valueOf(ring.kind());
            String name = ring.name();
            if (this.bound.add(prefix + "ring:" + kind + ":" + name)) {
                FunctionCounter.builder("orbit.ring.head", ring, (r) -> r.stats().head())
                    .tags("kind", kind, "ring", name)
                    .description("Writes reserved on a ring since it was created (its head counter)")
                    .baseUnit("writes")
                    .register(registry);
                FunctionCounter
                    .builder("orbit.ring.lost.writes", ring,
                            (r) -> r.stats().lostWrites() + r.stats().busyWrites())
                    .tags("kind", kind, "ring", name)
                    .description("Writes lost on a ring (lapped before commit, or slot held by a stalled writer)")
                    .register(registry);
            }
        }
        for (ListenerLag listener : this.listeners.get()) {
            if (this.bound.add(prefix + "listener:" + listener.getId())) {
                Gauge.builder("orbit.listener.lag", listener, ListenerLag::getLag)
                    .tag("listener", listener.getId())
                    .description("Events published but not yet read by a listener")
                    .register(registry);
            }
        }
    }

    @Override
    public void eventPublished(String topic, boolean lost) {
        increment("orbit.events.published", "Events published by this process", "topic",
                this.topicTags.tag(topic), "result", lost ? "lost" : "committed");
    }

    @Override
    public void eventReceived(String listenerId, String topic) {
        increment("orbit.events.received", "Events delivered to listeners", "listener", listenerId, "topic",
                this.topicTags.tag(topic));
    }

    @Override
    public void listenerProcessed(String listenerId, String topic, long nanos, Throwable error) {
        String errorTag = (error != null) ? error.getClass().getSimpleName() : "none";
        for (MeterRegistry registry : this.registries) {
            Timer.builder(LISTENER_TIMER)
                .tags("listener", listenerId, "topic", this.topicTags.tag(topic), "error", errorTag)
                .description("Time an @OrbitListener method took, per event")
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void eventsLost(String listenerId, long count) {
        for (MeterRegistry registry : this.registries) {
            counter(registry, "orbit.events.lost", "Events a listener missed (overwritten or unavailable)",
                    "listener", listenerId)
                .increment(count);
        }
    }

    @Override
    public void listenerError(String listenerId) {
        increment("orbit.listener.errors", "Listener invocations that threw", "listener", listenerId);
    }

    @Override
    public void listenerRetry(String listenerId) {
        increment("orbit.listener.retries", "Listener attempts made after an attempt threw", "listener", listenerId);
    }

    @Override
    public void listenerFailed(String listenerId) {
        increment("orbit.listener.failures", "Events a listener gave up on after every attempt threw", "listener",
                listenerId);
    }

    @Override
    public void listenerDeadLetter(String listenerId, String outcome) {
        increment("orbit.listener.dead.letters", "Events a listener gave up on, published on its dead-letter topic",
                "listener", listenerId, "outcome", outcome);
    }

    @Override
    public void listenerReply(String listenerId, String outcome) {
        increment("orbit.listener.replies", "Return values of @SendTo listener methods published as replies",
                "listener", listenerId, "outcome", outcome);
    }

    @Override
    public void listenerHandoffWait(String listenerId) {
        increment("orbit.listener.handoff.waits",
                "Times a listener's polling thread found a worker's queue full and waited for room", "listener",
                listenerId);
    }

    @Override
    public void claim(String outcome) {
        increment("orbit.claims", "Claim attempts and renewals by outcome", "outcome", outcome);
    }

    @Override
    public void cacheSyncFallback(String cacheName) {
        increment("orbit.cache.sync.fallback", "Sync loads and putIfAbsent calls that ran without the cross-process "
                + "claim because the contest failed or the sync timeout passed", "cache", cacheName);
    }

    @Override
    public void cacheWriteLost(String cacheName, String operation) {
        increment("orbit.cache.writes.lost", "Cache writes not applied after their retries (older values may be "
                + "served)", "cache", cacheName, "operation", operation);
    }

    private void increment(String name, String description, String... tags) {
        for (MeterRegistry registry : this.registries) {
            counter(registry, name, description, tags).increment();
        }
    }

    private Counter counter(MeterRegistry registry, String name, String description, String... tags) {
        Tags key = Tags.of(tags).and("__name", name);
        return this.counters.computeIfAbsent(registry, (r) -> new ConcurrentHashMap<>())
            .computeIfAbsent(key,
                    (k) -> Counter.builder(name).tags(tags).description(description).register(registry));
    }

    private double members(String state) {
        HeartbeatSnapshot current = snapshot();
        return switch (state) {
            case "alive" -> current.alive().size();
            case "stale" -> current.stale().size();
            default -> current.missing();
        };
    }

    private double age(int node) {
        Long latest = this.fleet.heartbeats().latest().get(node);
        return (latest != null) ? Math.max(0, this.fleet.clock().time() - latest) : Double.NaN;
    }

    private HeartbeatSnapshot snapshot() {
        Snapshot current = this.snapshot;
        long now = System.nanoTime();
        if (current == null || now - current.takenAtNanos() > SNAPSHOT_MAX_AGE_NANOS) {
            current = new Snapshot(this.fleet.heartbeats().snapshot(this.maxAge), now);
            this.snapshot = current;
        }
        return current.value();
    }

    @Override
    public void destroy() {
        this.refresh.cancel(false);
    }

    private record Snapshot(HeartbeatSnapshot value, long takenAtNanos) {
    }

}
