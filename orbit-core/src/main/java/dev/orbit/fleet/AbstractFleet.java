package dev.orbit.fleet;

import java.lang.reflect.RecordComponent;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.EpochClock;

import dev.orbit.cache.OrbitCache;
import dev.orbit.contest.Contest;
import dev.orbit.event.OrbitEventBus;
import dev.orbit.heartbeat.Heartbeats;
import dev.orbit.internal.cache.Caches;
import dev.orbit.internal.contest.Contests;
import dev.orbit.internal.event.EventBuses;
import dev.orbit.internal.ring.WakeHub;
import dev.orbit.internal.shm.SegmentNames;
import dev.orbit.internal.value.RecordLayout;
import dev.orbit.ring.Frame;
import dev.orbit.ring.FrameHandler;
import dev.orbit.ring.Kinds;
import dev.orbit.ring.NetId64;
import dev.orbit.ring.OrbitType;
import dev.orbit.ring.Ring;
import dev.orbit.ring.RingSpec;
import dev.orbit.ring.WakeStats;
import dev.orbit.value.Orbital;

/**
 * What both backings share: the ring registry, typed lookups, the substrates and the keeper. A backing supplies
 * the memory of rings, of the membership table and of the claims table, and starts the keeper once joined.
 * <p>
 * <b>The keeper</b> is one daemon thread per handle and the fleet's one timer: every heartbeat interval it
 * refreshes the member's kept-alive time, publishes a heartbeat frame and refreshes last-seen (unless heartbeats
 * are manual), and checks that the membership slot is still this process's; when it is not, every write under the
 * node id stops at once and every later call names the cause.
 */
abstract class AbstractFleet implements Fleet, dev.orbit.internal.FleetInternals {

    /** Spec of the heartbeat ring. */
    static final RingSpec HEARTBEAT_SPEC = RingSpec.of(1024, 64);

    /** Spec of the contest's audit ring. */
    static final RingSpec CONTEST_SPEC = RingSpec.of(1024, 288);

    final String name;
    final int size;
    final EpochClock clock;
    final RingSpec defaultSpec;
    final RingSpec cacheSpec;
    final RingSpec eventsSpec;
    final long pendingTimeoutMs;
    final long heartbeatIntervalMs;
    final int claimSlots;
    final boolean automaticHeartbeats;
    final String label;

    private final ConcurrentMap<Integer, TypedRing> rings = new ConcurrentHashMap<>();
    private final ConcurrentMap<Class<?>, Ring> byType = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, CacheEntry> caches = new ConcurrentHashMap<>();
    private final ConcurrentMap<Class<?>, Orbital<?>> orbitals = new ConcurrentHashMap<>();
    private volatile OrbitEventBus events;
    private volatile Contest contest;
    private volatile Heartbeats heartbeats;
    volatile boolean closed;
    private volatile String lostBecause;
    private volatile boolean keeperStopped;
    private Thread keeper;

    private record TypedRing(Ring ring, String declaredBy) {
    }

    private record CacheEntry(OrbitCache cache, Ring ring) {
    }

    AbstractFleet(final FleetBuilder builder) {
        this.name = builder.name;
        this.size = builder.size;
        this.clock = builder.clock;
        this.defaultSpec = builder.defaultSpec;
        this.cacheSpec = builder.cacheSpec;
        this.eventsSpec = builder.eventsSpec;
        this.pendingTimeoutMs = builder.pendingTimeoutMs;
        this.heartbeatIntervalMs = builder.heartbeatIntervalMs;
        this.claimSlots = builder.claimSlots;
        this.automaticHeartbeats = builder.automaticHeartbeats;
        this.label = builder.label != null ? builder.label : defaultLabel();
    }

    private static String defaultLabel() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        }
        catch (final Exception ex) {
            host = "localhost";
        }
        final String label = ProcessHandle.current().pid() + "@" + host;
        return label.length() > FleetBuilder.MAX_LABEL_LENGTH ? label.substring(0, FleetBuilder.MAX_LABEL_LENGTH) : label;
    }

    /**
     * Opens (creates or attaches) the ring of a kind, or of a named cache when {@code cacheName} is set.
     */
    abstract Ring openRing(int kind, RingSpec spec, String cacheName, String ringName);

    /**
     * Attaches an existing ring of a kind whose spec is not known, if one exists.
     */
    abstract Optional<Ring> attachExisting(int kind);

    /**
     * @return the spec of an existing cache segment of that name, if one exists.
     */
    abstract Optional<RingSpec> existingCacheSpec(String cacheName);

    /**
     * @return names of the cache segments that exist for this fleet.
     */
    abstract java.util.Set<String> existingCacheNames();

    /**
     * @return the memory of the claims table.
     */
    abstract ByteBuffer claimsTable();

    /**
     * @return the claims table's segment file, null for a process-local table.
     */
    java.nio.file.Path claimsFile() {
        return null;
    }

    /**
     * @return the contest if {@link #contest()} opened it, else null.
     */
    Contest contestIfOpen() {
        return contest;
    }

    /**
     * @return the membership table.
     */
    abstract Membership membership();

    /**
     * @return the wake hub every ring of this handle publishes and sleeps through.
     */
    abstract WakeHub wakeHub();

    @Override
    public WakeStats wakeStats() {
        return wakeHub().stats();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int nodeId() {
        return membership().node();
    }

    @Override
    public long hostEpoch() {
        return membership().hostEpoch();
    }

    @Override
    public EpochClock clock() {
        return clock;
    }

    @Override
    public Ring ring(final Class<?> type) {
        ensureOpen();
        final Ring ring = byType.get(type);
        return ring != null ? ring : byType.computeIfAbsent(type, this::resolveRing);
    }

    private Ring resolveRing(final Class<?> type) {
        final OrbitType orbitType = type.getAnnotation(OrbitType.class);
        if (orbitType == null) {
            throw new IllegalArgumentException("type has no @OrbitType: type=" + type.getName() +
                " (annotate it with @OrbitType(kind = 1..199, capacity = ..., payload = ...))");
        }
        final int kind = Kinds.validateUserKind(orbitType.kind(), type);
        final int payload = orbitType.payload() > 0 ? orbitType.payload() : defaultPayload(type);
        final RingSpec spec;
        try {
            spec = RingSpec.of(orbitType.capacity(), payload);
        }
        catch (final IllegalArgumentException ex) {
            throw new IllegalArgumentException("invalid @OrbitType on " + type.getName() + ": " + ex.getMessage(), ex);
        }
        return ringOf(kind, spec, type.getName(), type.getSimpleName());
    }

    private int defaultPayload(final Class<?> type) {
        if (type.isRecord() && allPrimitive(type)) {
            return RecordLayout.of(type.asSubclass(Record.class)).size();
        }
        return defaultSpec.payloadCapacity();
    }

    private static boolean allPrimitive(final Class<?> type) {
        final RecordComponent[] components = type.getRecordComponents();
        if (components.length == 0) {
            return false;
        }
        for (final RecordComponent component : components) {
            if (!component.getType().isPrimitive()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The ring of a kind, opened on first use; the same kind with another spec is refused naming both.
     */
    Ring ringOf(final int kind, final RingSpec spec, final String declaredBy, final String ringName) {
        final TypedRing typed = rings.computeIfAbsent(
            kind, k -> new TypedRing(openRing(k, spec, null, ringName), declaredBy));
        if (!typed.ring.spec().equals(spec)) {
            throw new IllegalArgumentException("kind already used with a different spec: kind=" + kind +
                ", existing=" + typed.ring.spec() + " (declared by " + typed.declaredBy + "), requested=" + spec +
                " (declared by " + declaredBy + "); every type of one kind must declare the same spec");
        }
        return typed.ring;
    }

    @Override
    public Collection<Ring> rings() {
        final List<Ring> all = new ArrayList<>();
        rings.values().forEach(typed -> all.add(typed.ring));
        caches.values().forEach(entry -> all.add(entry.ring));
        return all;
    }

    @Override
    public Optional<Frame> read(final long id) {
        return ringForId(id).flatMap(ring -> ring.read(id));
    }

    @Override
    public boolean read(final long id, final FrameHandler handler) {
        return ringForId(id).map(ring -> ring.read(id, handler)).orElse(false);
    }

    private Optional<Ring> ringForId(final long id) {
        ensureOpen();
        final int kind = NetId64.kind(id);
        if (kind == 0 || kind == Kinds.CACHE) {
            return Optional.empty();
        }
        return existingRing(kind);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends Record> Orbital<T> orbital(final Class<T> type) {
        ensureOpen();
        return (Orbital<T>)orbitals.computeIfAbsent(type, t -> {
            final RecordLayout<T> layout = RecordLayout.of(type);
            final Ring ring = ring(type);
            if (ring.payloadCapacity() < layout.size()) {
                throw new IllegalArgumentException("@OrbitType payload too small for the record: type=" + type.getName() +
                    ", payload=" + ring.payloadCapacity() + ", recordSize=" + layout.size());
            }
            return new RingOrbital<>(ring, layout);
        });
    }

    @Override
    public List<Member> members() {
        return membership().members();
    }

    @Override
    public boolean isGone(final int nodeId) {
        return membership().isGone(nodeId);
    }

    @Override
    public Heartbeats heartbeats() {
        ensureOpen();
        Heartbeats result = heartbeats;
        if (result == null) {
            synchronized (this) {
                result = heartbeats;
                if (result == null) {
                    final Membership membership = membership();
                    result = new FleetHeartbeats(
                        ringOf(Kinds.HEARTBEAT, HEARTBEAT_SPEC, "heartbeats", "heartbeats"), membership, clock, size,
                        () -> membershipLost(membership.lossReason()));
                    heartbeats = result;
                }
            }
        }
        return result;
    }

    @Override
    public OrbitCache cache(final String name) {
        return cache(name, cacheSpec);
    }

    @Override
    public OrbitCache cache(final String cacheName, final RingSpec spec) {
        ensureOpen();
        SegmentNames.validateCacheName(cacheName);
        final CacheEntry entry = caches.computeIfAbsent(cacheName, n -> {
            final Ring ring = openRing(Kinds.CACHE, spec, n, n);
            return new CacheEntry(Caches.over(ring, n, clock), ring);
        });
        if (!entry.ring.spec().equals(spec)) {
            throw new IllegalArgumentException("cache already open with a different spec: cache=" + cacheName +
                ", existing=" + entry.ring.spec() + ", requested=" + spec);
        }
        return entry.cache;
    }

    @Override
    public Ring substrateRing(final int kind, final RingSpec spec, final String ringName) {
        ensureOpen();
        if (kind <= Kinds.CACHE) {
            throw new IllegalArgumentException("not a substrate ring kind: kind=" + kind);
        }
        return ringOf(kind, spec, ringName, ringName);
    }

    @Override
    public Optional<Ring> existingRing(final int kind) {
        ensureOpen();
        final TypedRing typed = rings.get(kind);
        if (typed != null) {
            return Optional.of(typed.ring);
        }
        final Optional<Ring> existing = attachExisting(kind);
        existing.ifPresent(ring -> rings.putIfAbsent(kind, new TypedRing(ring, "an existing segment")));
        return existing.map(ring -> rings.get(kind).ring);
    }

    @Override
    public Optional<OrbitCache> existingCache(final String cacheName) {
        ensureOpen();
        final CacheEntry entry = caches.get(cacheName);
        if (entry != null) {
            return Optional.of(entry.cache);
        }
        SegmentNames.validateCacheName(cacheName);
        return existingCacheSpec(cacheName).map(spec -> cache(cacheName, spec));
    }

    @Override
    public java.util.Set<String> cacheNames() {
        final java.util.Set<String> names = new java.util.TreeSet<>(caches.keySet());
        names.addAll(existingCacheNames());
        return names;
    }

    @Override
    public List<Host> hosts(final java.time.Duration maxAge) {
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive: maxAge=" + maxAge);
        }
        return existingRing(Kinds.BRIDGE)
            .map(ring -> HostFrameDescriptor.newestPerHost(ring, clock.time(), maxAge.toMillis(), hostEpoch()))
            .orElse(List.of());
    }

    @Override
    public OrbitEventBus events() {
        ensureOpen();
        OrbitEventBus result = events;
        if (result == null) {
            synchronized (this) {
                result = events;
                if (result == null) {
                    result = EventBuses.over(ringOf(Kinds.EVENTS, eventsSpec, "events", "events"), clock);
                    events = result;
                }
            }
        }
        return result;
    }

    @Override
    public Contest contest() {
        ensureOpen();
        Contest result = contest;
        if (result == null) {
            synchronized (this) {
                result = contest;
                if (result == null) {
                    final Ring audit = ringOf(Kinds.CONTEST, CONTEST_SPEC, "contest", "contest");
                    final Membership membership = membership();
                    result = Contests.over(claimsTable(), claimsFile(), membership.node(), membership::isGone, clock,
                        audit);
                    contest = result;
                }
            }
        }
        return result;
    }

    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("fleet handle is closed: fleet=" + name);
        }
        final String lost = lostBecause;
        if (lost != null) {
            throw new IllegalStateException("membership lost: " + lost + "; join again");
        }
    }

    /**
     * Our membership slot is no longer ours (taken, freed or wiped): stop every write under the node id at once.
     *
     * @param reason what the slot holds now, from {@link Membership#lossReason()}.
     */
    void membershipLost(final String reason) {
        if (lostBecause == null) {
            lostBecause = reason;
        }
        final String because = "membership lost: " + lostBecause;
        rings().forEach(ring -> dev.orbit.internal.ring.Rings.close(ring, because));
    }

    /**
     * Starts the keeper. With automatic heartbeats the heartbeat ring is opened first, so a ring of another spec
     * is refused at join, and the first beat happens at once.
     */
    void startKeeper() {
        final FleetHeartbeats beats = automaticHeartbeats ? (FleetHeartbeats)heartbeats() : null;
        final Thread thread = new Thread(() -> keep(beats), "orbit-keeper-" + name + "-" + nodeId());
        thread.setDaemon(true);
        keeper = thread;
        thread.start();
    }

    private void keep(final FleetHeartbeats beats) {
        final long intervalNs = TimeUnit.MILLISECONDS.toNanos(heartbeatIntervalMs);
        final Membership membership = membership();
        while (!closed && !keeperStopped) {
            try {
                checkMappedFiles();
                if (lostBecause != null) {
                    return;
                }
                if (!membership.keepAlive(clock.time()) || (beats != null && !beats.beatFromKeeper())) {
                    if (!closed && !keeperStopped) {
                        membershipLost(membership.lossReason());
                    }
                    return;
                }
            }
            catch (final RuntimeException | InternalError ex) {
                if (!closed && !keeperStopped) {
                    membershipLost("the keeper could not refresh the membership slot of node id " + nodeId() + ": " + ex);
                }
                return;
            }
            LockSupport.parkNanos(this, intervalNs);
        }
    }

    /**
     * The keeper's check, every heartbeat interval, that no mapped file shrank under its mapping; process-local
     * fleets map no files.
     */
    void checkMappedFiles() {
    }

    /**
     * Stops the keeper and waits for it: no heartbeat, kept-alive refresh or membership check runs after this
     * returns. {@link #close()} does it first; tests use it to freeze a fleet's segments.
     */
    void stopKeeper() {
        keeperStopped = true;
        final Thread thread = keeper;
        if (thread != null && thread != Thread.currentThread()) {
            LockSupport.unpark(thread);
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            }
            catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(name=" + name + ", nodeId=" + nodeId() + ", size=" + size + ")";
    }
}
