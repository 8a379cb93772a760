package dev.orbit.spring.endpoint;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import dev.orbit.contest.Contest;
import dev.orbit.contest.Holder;
import dev.orbit.fleet.Fleet;
import dev.orbit.fleet.Member;
import dev.orbit.heartbeat.HeartbeatSnapshot;
import dev.orbit.ring.Loss;
import dev.orbit.ring.Ring;
import dev.orbit.ring.RingStats;
import dev.orbit.spring.listener.OrbitListenerContainer;
import dev.orbit.spring.listener.OrbitListenerRegistry;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/orbit}: this process's view of its fleet: the fleet and this member, every membership slot,
 * a heartbeat snapshot, the rings this process attached with their shared counters, its listener containers,
 * and the current claim holders.
 */
@Endpoint(id = "orbit")
public class OrbitEndpoint {

    private final Fleet fleet;

    private final Duration maxAge;

    private final Supplier<OrbitListenerRegistry> listeners;

    private final Supplier<Contest> contest;

    /**
     * @param fleet     the fleet.
     * @param maxAge    heartbeat age beyond which a member is stale.
     * @param listeners the listener registry, or a supplier of {@code null}.
     * @param contest   the contest, or a supplier of {@code null}.
     */
    public OrbitEndpoint(Fleet fleet, Duration maxAge, Supplier<OrbitListenerRegistry> listeners,
            Supplier<Contest> contest) {
        this.fleet = fleet;
        this.maxAge = maxAge;
        this.listeners = listeners;
        this.contest = contest;
    }

    /**
     * @return the view.
     */
    @ReadOperation
    public OrbitDescriptor orbit() {
        FleetDescriptor fleetDescriptor = new FleetDescriptor(this.fleet.name(), this.fleet.nodeId(),
                this.fleet.size(), this.fleet.sharedMemory() ? "shm" : "in-process",
                this.fleet.directory().map(Object::toString).orElse(null));
        HeartbeatSnapshot snapshot = this.fleet.heartbeats().snapshot(this.maxAge);
        List<RingDescriptor> rings = this.fleet.rings().stream().map(RingDescriptor::of).toList();
        OrbitListenerRegistry registry = this.listeners.get();
        List<ListenerDescriptor> listenerDescriptors = (registry != null)
                ? registry.getListenerContainers().stream().map(ListenerDescriptor::of).toList() : List.of();
        Contest fleetContest = this.contest.get();
        List<Holder> claims = (fleetContest != null) ? fleetContest.holders() : List.of();
        return new OrbitDescriptor(fleetDescriptor, this.fleet.members(), snapshot, rings, listenerDescriptors,
                claims.stream().map(ClaimDescriptor::of).toList());
    }

    /**
     * The whole view.
     *
     * @param fleet      the fleet and this member.
     * @param members    every membership slot ever claimed.
     * @param heartbeats who is alive, stale and missing.
     * @param rings      rings attached by this process.
     * @param listeners  listener containers of this process.
     * @param claims     current holders of every subject seen claimed.
     */
    public record OrbitDescriptor(FleetDescriptor fleet, List<Member> members, HeartbeatSnapshot heartbeats,
            List<RingDescriptor> rings, List<ListenerDescriptor> listeners, List<ClaimDescriptor> claims)
            implements OperationResponseBody {
    }

    /**
     * The fleet and this member.
     *
     * @param name      fleet name.
     * @param nodeId    this process's node id.
     * @param size      expected members.
     * @param backing   {@code shm} or {@code in-process}.
     * @param directory segment directory, {@code null} in-process.
     */
    public record FleetDescriptor(String name, int nodeId, int size, String backing, String directory) {
    }

    /**
     * A ring.
     *
     * @param name            ring name (cache name, type, or substrate).
     * @param kind            ring kind.
     * @param capacity        slots.
     * @param payloadCapacity payload bytes per slot.
     * @param head            next counter to be reserved.
     * @param stats           shared counters.
     */
    public record RingDescriptor(String name, int kind, int capacity, int payloadCapacity, long head, RingStats stats) {

        static RingDescriptor of(Ring ring) {
            RingStats stats = ring.stats();
            return new RingDescriptor(ring.name(), ring.kind(), ring.capacity(), ring.payloadCapacity(), stats.head(),
                    stats);
        }

    }

    /**
     * A listener container.
     *
     * @param id            listener id.
     * @param topics        topics.
     * @param running       whether it is polling.
     * @param startPosition where its subscription started.
     * @param received      events delivered.
     * @param errors        invocations that threw.
     * @param lag           positions ahead of it.
     * @param loss          everything it missed.
     */
    public record ListenerDescriptor(String id, List<String> topics, boolean running, String startPosition,
            long received, long errors, long lag, Loss loss) {

        static ListenerDescriptor of(OrbitListenerContainer container) {
            return new ListenerDescriptor(container.getId(), List.copyOf(container.getTopics()), container.isRunning(),
                    container.getStartPosition().name(), container.getReceived(), container.getErrors(),
                    container.getLag(), container.getLoss());
        }

    }

    /**
     * A claim holder.
     *
     * @param subject     the subject ({@code kind/label}).
     * @param nodeId      holder's node id.
     * @param owner       holder's owner label.
     * @param fenceToken  tenure's fence token.
     * @param expiresAtMs epoch millis when it ends without renewal.
     */
    public record ClaimDescriptor(String subject, int nodeId, String owner, long fenceToken, long expiresAtMs) {

        static ClaimDescriptor of(Holder holder) {
            return new ClaimDescriptor(holder.subject().toString(), holder.nodeId(), holder.owner(),
                    holder.fenceToken(), holder.expiresAtMs());
        }

    }

}
