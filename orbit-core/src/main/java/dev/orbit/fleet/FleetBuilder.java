package dev.orbit.fleet;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SystemEpochClock;

import dev.orbit.internal.ring.Rings;
import dev.orbit.internal.shm.SegmentNames;
import dev.orbit.ring.RingSpec;
import dev.orbit.shm.AccessMode;

/**
 * Options of a fleet handle. Each setter validates its value when called and refuses being called twice,
 * so a mistake is reported where it is made.
 * <pre>{@code
 * try (Fleet fleet = Fleet.builder().name("orders").size(4).joinShm()) {
 *     fleet.publish(WorkerLoad.class, 0, now, bytes);
 * }
 * }</pre>
 */
public final class FleetBuilder {

    /** Most members a fleet may expect; also the number of membership slots, so node ids are 0..255. */
    public static final int MAX_SIZE = 255;

    /** Membership slots: node ids of a shared-memory fleet are below this. */
    public static final int MEMBER_SLOTS = 256;

    /** Longest member label in UTF-8 bytes. */
    public static final int MAX_LABEL_LENGTH = 64;

    /** Default slots of the contest's claims table. */
    public static final int DEFAULT_CLAIM_SLOTS = 1024;

    private final Set<String> set = new HashSet<>();
    String name;
    int size = 8;
    OptionalInt nodeId = OptionalInt.empty();
    Path directory;
    RingSpec defaultSpec = RingSpec.DEFAULT;
    RingSpec cacheSpec = RingSpec.of(4096, 1024);
    RingSpec eventsSpec = RingSpec.of(4096, 1024);
    AccessMode accessMode = AccessMode.OWNER;
    EpochClock clock = SystemEpochClock.INSTANCE;
    String label;
    long pendingTimeoutMs = Rings.DEFAULT_PENDING_TIMEOUT_MS;
    long heartbeatIntervalMs = 1000;
    int claimSlots = DEFAULT_CLAIM_SLOTS;
    boolean automaticHeartbeats = true;
    OptionalInt expectedUid = OptionalInt.empty();

    FleetBuilder() {
    }

    private void once(final String option) {
        if (!set.add(option)) {
            throw new IllegalStateException("fleet option set twice: " + option);
        }
    }

    /**
     * @param name fleet name: 1..64 of [A-Za-z0-9_.-], starting with a letter or digit.
     * @return this.
     */
    public FleetBuilder name(final String name) {
        once("name");
        this.name = SegmentNames.validateFleetName(name);
        return this;
    }

    /**
     * @param size expected members, 1..255 (default 8).
     * @return this.
     */
    public FleetBuilder size(final int size) {
        once("size");
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("fleet size out of range: size=" + size + ", expected 1.." + MAX_SIZE);
        }
        this.size = size;
        return this;
    }

    /**
     * @param nodeId this process's node id, 0..255; without it, join claims the first free slot.
     * @return this.
     */
    public FleetBuilder nodeId(final int nodeId) {
        once("nodeId");
        if (nodeId < 0 || nodeId >= MEMBER_SLOTS) {
            throw new IllegalArgumentException("node id out of range: nodeId=" + nodeId + ", expected 0.." +
                (MEMBER_SLOTS - 1) + " (a shared-memory fleet has " + MEMBER_SLOTS + " membership slots)");
        }
        this.nodeId = OptionalInt.of(nodeId);
        return this;
    }

    /**
     * @param directory where segment files live (default /dev/shm, else the temp directory).
     * @return this.
     */
    public FleetBuilder directory(final Path directory) {
        once("directory");
        this.directory = Objects.requireNonNull(directory, "directory");
        return this;
    }

    /**
     * @param spec ring shape for {@code @OrbitType} types that do not declare a payload size.
     * @return this.
     */
    public FleetBuilder defaultSpec(final RingSpec spec) {
        once("defaultSpec");
        this.defaultSpec = Objects.requireNonNull(spec, "defaultSpec");
        return this;
    }

    /**
     * @param spec ring shape of caches opened without one (default 4096 slots of 1024 bytes).
     * @return this.
     */
    public FleetBuilder cacheSpec(final RingSpec spec) {
        once("cacheSpec");
        this.cacheSpec = Objects.requireNonNull(spec, "cacheSpec");
        return this;
    }

    /**
     * @param spec ring shape of the event bus (default 4096 slots of 1024 bytes).
     * @return this.
     */
    public FleetBuilder eventsSpec(final RingSpec spec) {
        once("eventsSpec");
        this.eventsSpec = Objects.requireNonNull(spec, "eventsSpec");
        return this;
    }

    /**
     * @param mode file permissions of the segments (default owner-only).
     * @return this.
     */
    public FleetBuilder accessMode(final AccessMode mode) {
        once("accessMode");
        this.accessMode = Objects.requireNonNull(mode, "accessMode");
        return this;
    }

    /**
     * @param clock epoch clock for timestamps, expiry and timeouts.
     * @return this.
     */
    public FleetBuilder clock(final EpochClock clock) {
        once("clock");
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * @param label a label for humans shown by tools, at most 64 UTF-8 bytes (default {@code pid@host}).
     * @return this.
     */
    public FleetBuilder label(final String label) {
        once("label");
        Objects.requireNonNull(label, "label");
        final int length = label.getBytes(StandardCharsets.UTF_8).length;
        if (length > MAX_LABEL_LENGTH) {
            throw new IllegalArgumentException("label too long: length=" + length + " bytes, max=" + MAX_LABEL_LENGTH +
                ", label=" + label);
        }
        this.label = label;
        return this;
    }

    /**
     * @param timeout how long a cursor waits for a reserved position to commit before counting it
     *                unavailable (default 1 s).
     * @return this.
     */
    public FleetBuilder pendingTimeout(final Duration timeout) {
        once("pendingTimeout");
        this.pendingTimeoutMs = millis("pendingTimeout", timeout);
        return this;
    }

    /**
     * @param interval heartbeat interval: how often the fleet's keeper beats and refreshes this member's slot;
     *                 members in another pid namespace are judged gone after 5 missed intervals (default 1 s).
     * @return this.
     */
    public FleetBuilder heartbeatInterval(final Duration interval) {
        once("heartbeatInterval");
        this.heartbeatIntervalMs = millis("heartbeatInterval", interval);
        return this;
    }

    /**
     * @param automatic true (the default): the fleet's keeper thread publishes a heartbeat frame and refreshes this
     *                  member's last-seen every heartbeat interval. False: only {@code heartbeats().beat()} does, so
     *                  the application can tie its heartbeat to its own progress (a stuck main loop then shows as
     *                  stale); the keeper still refreshes the member's kept-alive time, which judges liveness
     *                  across pid namespaces, and still watches the membership slot.
     * @return this.
     */
    public FleetBuilder automaticHeartbeats(final boolean automatic) {
        once("automaticHeartbeats");
        this.automaticHeartbeats = automatic;
        return this;
    }

    /** Longest heartbeat interval or pending timeout. */
    public static final Duration MAX_DURATION = Duration.ofDays(1);

    private static long millis(final String option, final Duration value) {
        Objects.requireNonNull(value, option);
        if (value.compareTo(Duration.ofMillis(1)) < 0 || value.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException(option + " must be from 1 ms to " + MAX_DURATION.toDays() + " day: " +
                option + "=" + value);
        }
        return value.toMillis();
    }

    /**
     * @param slots buckets of the contest's claims table, a power of two 16..1048576 (default 1024).
     * @return this.
     */
    public FleetBuilder claimSlots(final int slots) {
        once("claimSlots");
        if (slots < 16 || slots > (1 << 20) || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("claim slots must be a power of two from 16 to 1048576: claimSlots=" + slots);
        }
        this.claimSlots = slots;
        return this;
    }

    /**
     * Test seam: the uid that must own existing segment files (default: this process's uid).
     *
     * @param uid expected owner uid.
     * @return this.
     */
    public FleetBuilder expectedUid(final int uid) {
        once("expectedUid");
        this.expectedUid = OptionalInt.of(uid);
        return this;
    }

    /**
     * Joins a process-local fleet: rings in this process's memory, this process its only member.
     *
     * @return the handle.
     */
    public Fleet join() {
        requireName();
        return new LocalFleet(this);
    }

    /**
     * Joins a shared-memory fleet: creates or attaches its segments, claims a membership slot.
     *
     * @return the handle.
     */
    public Fleet joinShm() {
        requireName();
        return ShmFleet.join(this);
    }

    private void requireName() {
        if (name == null) {
            throw new IllegalStateException("fleet name is required: call name(...) before join");
        }
    }
}
