package dev.orbit.sample.dashboard;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.orbit.contest.Contest;
import dev.orbit.contest.Holder;
import dev.orbit.fleet.Fleet;
import dev.orbit.fleet.Member;
import dev.orbit.fleet.MemberState;
import dev.orbit.heartbeat.HeartbeatSnapshot;
import dev.orbit.ring.Kinds;
import dev.orbit.ring.Ring;
import dev.orbit.ring.RingStats;
import dev.orbit.sample.events.NoteListener;
import dev.orbit.sample.job.JobRun;
import dev.orbit.sample.job.JobRuns;
import dev.orbit.sample.job.ReportJob;
import dev.orbit.sample.quote.QuoteController;
import dev.orbit.sample.quote.QuoteController.QuoteStats;
import dev.orbit.sample.quote.QuoteService;
import dev.orbit.spring.boot.autoconfigure.OrbitHeartbeatProperties;
import dev.orbit.spring.listener.OrbitListenerContainer;
import dev.orbit.spring.listener.OrbitListenerRegistry;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cache.CacheManager;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/dashboard}: everything the dashboard page shows, as this process sees the fleet: members and
 * their heartbeat ages, rings with heads and write rates, claim holders, recent events, this process's cache
 * hit ratio and job runs.
 */
@RestController
public class DashboardController {

    private final Fleet fleet;

    private final Contest contest;

    private final OrbitHeartbeatProperties heartbeat;

    private final NoteListener notes;

    private final JobRuns jobRuns;

    private final QuoteService quotes;

    private final MeterRegistry meters;

    private final CacheManager cacheManager;

    private final ObjectProvider<OrbitListenerRegistry> listeners;

    private final RingRates rates = new RingRates();

    private final long pid = ProcessHandle.current().pid();

    public DashboardController(Fleet fleet, Contest contest, OrbitHeartbeatProperties heartbeat, NoteListener notes,
            JobRuns jobRuns, QuoteService quotes, MeterRegistry meters, CacheManager cacheManager,
            ObjectProvider<OrbitListenerRegistry> listeners) {
        this.fleet = fleet;
        this.contest = contest;
        this.heartbeat = heartbeat;
        this.notes = notes;
        this.jobRuns = jobRuns;
        this.quotes = quotes;
        this.meters = meters;
        this.cacheManager = cacheManager;
        this.listeners = listeners;
    }

    @GetMapping("/api/dashboard")
    public Dashboard dashboard() {
        long now = this.fleet.clock().time();
        List<Holder> holders = this.contest.holders();
        return new Dashboard(now,
                new FleetView(this.fleet.name(), this.fleet.nodeId(), this.pid, this.fleet.size(),
                        this.fleet.sharedMemory() ? "shm" : "in-process",
                        this.fleet.directory().map(Object::toString).orElse(null),
                        this.heartbeat.getMaxAge().toMillis()),
                members(now), rings(), claims(holders, now), this.notes.total(), this.notes.recent(20), listeners(),
                QuoteController.stats(this.fleet.nodeId(), this.quotes.computations(), this.meters),
                job(holders));
    }

    private List<MemberView> members(long now) {
        HeartbeatSnapshot snapshot = this.fleet.heartbeats().snapshot(this.heartbeat.getMaxAge());
        Map<Integer, String> health = new HashMap<>();
        snapshot.alive().forEach((beat) -> health.put(beat.nodeId(), "alive"));
        snapshot.stale().forEach((beat) -> health.put(beat.nodeId(), beat.gone() ? "gone" : "stale"));
        Map<Integer, Long> latest = this.fleet.heartbeats().latest();
        List<MemberView> views = new ArrayList<>();
        for (Member member : this.fleet.members()) {
            Long beat = latest.get(member.nodeId());
            String state = switch (member.state()) {
                case FREE -> "left";
                case GONE -> "gone";
                case CLAIMING -> "joining";
                case LIVE -> health.getOrDefault(member.nodeId(), "joining");
            };
            boolean holding = member.state() != MemberState.FREE;
            views.add(new MemberView(member.nodeId(), state, member.state().name(), member.pid(), member.label(),
                    member.incarnation(), (holding && beat != null) ? Math.max(0, now - beat) : null,
                    member.joinedAtMs(), member.nodeId() == this.fleet.nodeId()));
        }
        return views;
    }

    private List<RingView> rings() {
        Collection<Ring> all = this.fleet.rings();
        long cacheRings = all.stream().filter((ring) -> ring.kind() == Kinds.CACHE).count();
        Collection<String> cacheNames = this.cacheManager.getCacheNames();
        long nowNanos = System.nanoTime();
        List<RingView> views = new ArrayList<>();
        for (Ring ring : all) {
            RingStats stats = ring.stats();
            String name = switch (ring.kind()) {
                case Kinds.CACHE -> (cacheRings == 1 && cacheNames.size() == 1)
                        ? "cache '" + cacheNames.iterator().next() + "'" : "cache";
                case Kinds.EVENTS -> "events";
                case Kinds.HEARTBEAT -> "heartbeats";
                case Kinds.CONTEST -> "claims";
                default -> "kind " + ring.kind();
            };
            views.add(new RingView(ring.kind(), name, ring.capacity(), ring.payloadCapacity(), stats.head(),
                    this.rates.sample(ring, stats.head(), nowNanos), stats.lostWrites() + stats.busyWrites()));
        }
        views.sort((a, b) -> Integer.compare(a.kind(), b.kind()));
        return views;
    }

    private static List<ClaimView> claims(List<Holder> holders, long now) {
        return holders.stream()
            .map((holder) -> new ClaimView(holder.subject().label(), holder.nodeId(), holder.owner(),
                    holder.fenceToken(), Math.max(0, holder.expiresAtMs() - now)))
            .toList();
    }

    private List<ListenerView> listeners() {
        OrbitListenerRegistry registry = this.listeners.getIfAvailable();
        if (registry == null) {
            return List.of();
        }
        List<ListenerView> views = new ArrayList<>();
        for (OrbitListenerContainer container : registry.getListenerContainers()) {
            views.add(new ListenerView(container.getId(), List.copyOf(container.getTopics()), container.isRunning(),
                    container.getReceived(), container.getLag(), container.getLoss().total()));
        }
        return views;
    }

    private JobView job(List<Holder> holders) {
        Integer holder = holders.stream()
            .filter((h) -> h.subject().label().equals(ReportJob.SUBJECT))
            .map(Holder::nodeId)
            .findFirst()
            .orElse(null);
        return new JobView(ReportJob.SUBJECT, holder, this.jobRuns.total(), this.jobRuns.running(),
                this.jobRuns.recent(10));
    }

    /**
     * The whole view.
     *
     * @param nowMs         the fleet clock's now.
     * @param fleet         the fleet and this process.
     * @param members       every membership slot ever claimed.
     * @param rings         rings this process attached.
     * @param claims        current claim holders.
     * @param notesReceived notes this process received since start.
     * @param events        the newest of them, oldest first.
     * @param listeners     this process's listener containers.
     * @param cache         this process's use of the quotes cache.
     * @param job           the claimed job.
     */
    public record Dashboard(long nowMs, FleetView fleet, List<MemberView> members, List<RingView> rings,
            List<ClaimView> claims, long notesReceived, List<NoteListener.Received> events,
            List<ListenerView> listeners, QuoteStats cache, JobView job) {
    }

    /**
     * @param name      fleet name.
     * @param nodeId    this process's node id.
     * @param pid       this process's pid.
     * @param size      expected members.
     * @param backing   {@code shm} or {@code in-process}.
     * @param directory segment directory.
     * @param maxAgeMs  heartbeat age beyond which a member is stale.
     */
    public record FleetView(String name, int nodeId, long pid, int size, String backing, String directory,
            long maxAgeMs) {
    }

    /**
     * @param nodeId         node id.
     * @param health         {@code alive}, {@code stale}, {@code gone}, {@code joining} or {@code left}.
     * @param state          the membership slot's state.
     * @param pid            holder's pid.
     * @param label          holder's label (the sample sets its URL).
     * @param incarnation    times this node id was claimed.
     * @param heartbeatAgeMs age of its latest heartbeat, {@code null} when it holds no slot or never beat.
     * @param joinedAtMs     epoch millis when it claimed the slot.
     * @param self           whether it is this process.
     */
    public record MemberView(int nodeId, String health, String state, long pid, String label, long incarnation,
            Long heartbeatAgeMs, long joinedAtMs, boolean self) {
    }

    /**
     * @param kind            ring kind.
     * @param name            what it carries.
     * @param capacity        slots.
     * @param payloadCapacity bytes per slot.
     * @param head            writes reserved so far, by every process.
     * @param writesPerSecond over the last seconds of polling, {@code null} on the first poll.
     * @param lostWrites      writes lost (lapped or slot busy).
     */
    public record RingView(int kind, String name, int capacity, int payloadCapacity, long head,
            Double writesPerSecond, long lostWrites) {
    }

    /**
     * @param subject     the claimed subject.
     * @param nodeId      holder's node id.
     * @param owner       holder's owner label.
     * @param fenceToken  the tenure's fence token.
     * @param expiresInMs time left before it ends without renewal.
     */
    public record ClaimView(String subject, int nodeId, String owner, long fenceToken, long expiresInMs) {
    }

    /**
     * @param id       listener id.
     * @param topics   topics.
     * @param running  whether it polls.
     * @param received events delivered.
     * @param lag      events ahead of it.
     * @param lost     events it missed.
     */
    public record ListenerView(String id, List<String> topics, boolean running, long received, long lag, long lost) {
    }

    /**
     * @param subject    the claimed subject.
     * @param holderNode node id holding the claim now, {@code null} when none.
     * @param runsHere   runs started in this process.
     * @param runningHere whether it runs here now.
     * @param recentRuns this process's newest runs, oldest first.
     */
    public record JobView(String subject, Integer holderNode, long runsHere, boolean runningHere,
            List<JobRun> recentRuns) {
    }

}
