package dev.orbit.redis;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.Range;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;

import dev.orbit.cache.OrbitCache;
import dev.orbit.contest.Guard;
import dev.orbit.event.EventFrameDescriptor;
import dev.orbit.fleet.Host;
import dev.orbit.fleet.HostFrameDescriptor;
import dev.orbit.fleet.HostMember;
import dev.orbit.fleet.Member;
import dev.orbit.fleet.MemberState;
import dev.orbit.fleet.PeerState;
import dev.orbit.internal.VersionedCache;
import dev.orbit.internal.ring.Rings;
import dev.orbit.ring.FrameHandler;
import dev.orbit.ring.Kinds;
import dev.orbit.ring.NetId64;
import dev.orbit.ring.Ring;

/**
 * The host's bridge while this process runs it: one tenure of the local {@code orbit.bridge} claim. The bridge
 * thread calls {@link #step()} in a loop: renew the claim, read both streams (blocking up to {@code readBlock}),
 * then the housekeeping that is due. A {@link Forwarder} thread carries local events out.
 * <p>
 * <b>Resuming.</b> Outbound, from the forwarded position in Redis (written by the same script as the events), else
 * from the newest state frame in the bridge ring, else from the oldest event the local ring retains. Inbound, after
 * the newest remote event in the local ring, else after the state frame's position, else from the stream's current
 * end (a new host). Invalidations, after the state frame's position, else from the stream's end with this host's
 * near caches cleared. Resuming from a state frame may repeat what the previous bridge did in its last
 * {@code stateInterval}: those events are counted as possible duplicates.
 */
final class ActiveBridge {

    private final RedisBridge bridge;
    private final Guard guard;
    private final long token;
    private final Ring eventsRing;
    private final Ring bridgeRing;
    private final long renewEveryNs;
    private final int readCount;
    private final ByteBuffer frame;
    private final ByteBuffer stateFrame = ByteBuffer.allocate(BridgeStateDescriptor.LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer hostFrame;
    private final Map<String, Host> knownHosts = new HashMap<>();
    private final Map<String, Integer> goneReports = new HashMap<>();
    private final Map<String, ScanState> sweeps = new LinkedHashMap<>();
    private volatile boolean claimLost;
    private volatile boolean keeping = true;
    private final Thread keeper;
    private long nextHostReportNs;
    private long nextStateNs;
    private long nextReleaseNs;
    private long nextSweepNs;
    private boolean resumed;
    private boolean degraded;
    private long redisOffsetMs;
    private StreamPosition eventsPosition = StreamPosition.START;
    private long eventsEpoch;
    private boolean epochFresh;
    private final Map<String, Long> lastByHost = new HashMap<>();
    private byte[] lastHostBytes;
    private String newestRemoteHost;
    private String lastHostName;
    private StreamPosition invalidationsPosition = StreamPosition.START;
    private long duplicateHorizonMs = Long.MIN_VALUE;
    private RedisLink.Connection reader;
    private io.lettuce.core.RedisFuture<List<StreamMessage<byte[], byte[]>>> pendingRead;
    private final byte[] eventsKey;
    private Forwarder forwarder;

    private record ScanState(String generation, ScanCursor cursor) {
    }

    ActiveBridge(final RedisBridge bridge, final Guard guard) {
        this.bridge = bridge;
        this.guard = guard;
        this.token = guard.fenceToken();
        this.eventsRing = eventsRing(bridge);
        this.bridgeRing = bridge.internals.substrateRing(Kinds.BRIDGE, HostFrameDescriptor.RING_SPEC, "bridge");
        this.renewEveryNs = bridge.config.bridgeClaimTtl.toNanos() / 4;
        this.readCount = Math.max(1024, bridge.config.batchSize * 4);
        this.eventsKey = bridge.keys.events();
        this.frame = ByteBuffer.allocate(eventsRing.payloadCapacity());
        this.hostFrame = ByteBuffer.allocate(bridgeRing.payloadCapacity());
        this.keeper = new Thread(this::keepClaim, "orbit-bridge-claim-" + bridge.fleet.name());
        keeper.setDaemon(true);
        keeper.start();
        bridge.state(BridgeState.DEGRADED);
    }

    /**
     * Renews the bridge's local claim every quarter of its time to live, apart from the bridge thread, which may
     * wait on Redis for a connect or a command: only a process that stalls as a whole (a long pause, SIGSTOP) loses
     * the claim to a sibling.
     */
    private void keepClaim() {
        while (keeping) {
            LockSupport.parkNanos(this, renewEveryNs);
            if (keeping && !guard.renew(bridge.config.bridgeClaimTtl)) {
                claimLost = true;
                return;
            }
        }
    }

    static Ring eventsRing(final RedisBridge bridge) {
        bridge.fleet.events();
        return bridge.internals.existingRing(Kinds.EVENTS)
            .orElseThrow(() -> new IllegalStateException("event ring missing after opening the event bus"));
    }

    /**
     * One turn of the bridge thread.
     *
     * @return false when this tenure ended (the claim was lost, or another bridge forwarded for this host).
     */
    boolean step() {
        final long now = System.nanoTime();
        if (claimLost) {
            bridge.noteError("bridge claim lost (this process stalled past its time to live); stepping down");
            return false;
        }
        if (forwarder != null && forwarder.conflict != null) {
            bridge.noteError("another bridge forwarded for this host (stored position " + forwarder.conflict +
                "); stepping down");
            return false;
        }
        if (!resumed || degraded) {
            if (!bridge.link.probe()) {
                bridge.state(BridgeState.DEGRADED);
                degraded = true;
                housekeeping(now, false);
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(50));
                return true;
            }
            try {
                if (!resumed) {
                    resume();
                    resumed = true;
                }
                else {
                    recover();
                }
                degraded = false;
                bridge.state(BridgeState.ACTIVE);
            }
            catch (final RedisLink.Unavailable ex) {
                degraded = true;
                return true;
            }
        }
        try {
            read();
        }
        catch (final RedisLink.Unavailable ex) {
            degraded = true;
            bridge.state(BridgeState.DEGRADED);
            closeReader();
        }
        housekeeping(System.nanoTime(), !degraded);
        return true;
    }

    /**
     * After Redis was unreachable: what this host missed of the invalidations is unknown, and near caches may
     * have been filled locally meanwhile, so they are cleared.
     */
    private void recover() throws RedisLink.Unavailable {
        bridge.counters.reconnects.increment();
        clearNearCaches();
    }

    private void resume() throws RedisLink.Unavailable {
        final StateFrame local = newestState();
        final String stored = bridge.link.call("get forwarded position",
            c -> text(c.get(bridge.keys.forwarded(bridge.hostId))));
        final Position position = Position.parse(stored);
        long start;
        long outboundHorizon = Long.MIN_VALUE;
        if (position != null && position.epoch() == bridge.hostEpoch) {
            start = position.counter();
            if (local != null && local.state().forwarded() > start) {
                start = local.state().forwarded();
            }
        }
        else if (local != null && local.state().forwarded() >= 0) {
            start = local.state().forwarded();
            outboundHorizon = local.writtenAtMs() + 2 * bridge.config.stateInterval.toMillis();
        }
        else {
            start = Math.max(0, eventsRing.head() - eventsRing.capacity());
        }

        final StreamPosition fromRing = newestRemoteEvent();
        if (fromRing != null) {
            eventsPosition = fromRing;
            eventsEpoch = fromRing.epoch();
            if (newestRemoteHost != null) {
                lastByHost.put(newestRemoteHost, fromRing.number());
            }
        }
        else if (local != null && local.state().events().ms() > 0) {
            eventsPosition = local.state().events();
            eventsEpoch = eventsPosition.epoch();
            duplicateHorizonMs = local.state().savedAtRedisMs() + 2 * bridge.config.stateInterval.toMillis();
        }
        else {
            eventsPosition = tail(bridge.keys.events());
            eventsEpoch = eventsPosition.epoch();
        }
        if (local != null && local.state().invalidations().ms() > 0) {
            invalidationsPosition = local.state().invalidations();
        }
        else {
            invalidationsPosition = tail(bridge.keys.invalidations());
            clearNearCaches();
        }
        forwarder = new Forwarder(bridge, eventsRing, Rings.cursorAt(eventsRing, start), stored == null ? "" : stored,
            token, outboundHorizon);
        forwarder.start();
    }

    private StreamPosition tail(final byte[] stream) throws RedisLink.Unavailable {
        final List<StreamMessage<byte[], byte[]>> last = bridge.link.call("read stream tail",
            c -> c.xrevrange(stream, Range.unbounded(), io.lettuce.core.Limit.from(1)));
        if (last == null || last.isEmpty()) {
            return StreamPosition.START;
        }
        final StreamMessage<byte[], byte[]> message = last.get(0);
        final long[] id = StreamPosition.parseId(message.getId());
        final Map<String, byte[]> fields = fields(message);
        return new StreamPosition(id[0], id[1], longOf(fields.get("b"), 0), longOf(fields.get("n"), 0));
    }

    /**
     * Takes the answer of the read in flight (sending one first if none is), sends the next read at once from the
     * last ids of that answer, then handles the answer: Redis reads the next entries while this thread injects.
     */
    private void read() throws RedisLink.Unavailable {
        if (reader == null) {
            reader = bridge.link.connect(bridge.config.readBlock.plus(bridge.link.timeout()));
        }
        final List<StreamMessage<byte[], byte[]>> messages;
        try {
            if (pendingRead == null) {
                pendingRead = readFrom(eventsPosition.id(), invalidationsPosition.id());
            }
            messages = pendingRead.get(bridge.config.readBlock.plus(bridge.link.timeout()).toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (final java.util.concurrent.ExecutionException ex) {
            pendingRead = null;
            throw bridge.link.failed("read streams", ex.getCause() instanceof RuntimeException re ? re :
                new IllegalStateException(ex.getCause()));
        }
        catch (final java.util.concurrent.TimeoutException ex) {
            pendingRead = null;
            throw bridge.link.failed("read streams", new io.lettuce.core.RedisCommandTimeoutException("XREAD timed out"));
        }
        catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            pendingRead = null;
            return;
        }
        pendingRead = null;
        if (messages == null || messages.isEmpty()) {
            return;
        }
        String nextEvents = eventsPosition.id();
        String nextInvalidations = invalidationsPosition.id();
        for (final StreamMessage<byte[], byte[]> message : messages) {
            if (isEvents(message)) {
                nextEvents = message.getId();
            }
            else {
                nextInvalidations = message.getId();
            }
        }
        if (!guard.isHeld()) {
            // This process stalled past its claim's time to live and a sibling may run the bridge now: what it read
            // is that sibling's to bring in, not this one's.
            throw new RedisLink.Unavailable("bridge claim no longer held", null);
        }
        pendingRead = readFrom(nextEvents, nextInvalidations);
        for (final StreamMessage<byte[], byte[]> message : messages) {
            if (isEvents(message)) {
                onEvent(message);
            }
            else {
                onInvalidation(message);
            }
        }
    }

    private io.lettuce.core.RedisFuture<List<StreamMessage<byte[], byte[]>>> readFrom(
        final String events, final String invalidations) {
        return reader.async().xread(
            XReadArgs.Builder.block(bridge.config.readBlock.toMillis()).count(readCount),
            XReadArgs.StreamOffset.from(bridge.keys.events(), events),
            XReadArgs.StreamOffset.from(bridge.keys.invalidations(), invalidations));
    }

    private boolean isEvents(final StreamMessage<byte[], byte[]> message) {
        return java.util.Arrays.equals(message.getStream(), eventsKey);
    }

    private void onEvent(final StreamMessage<byte[], byte[]> message) {
        final long[] id = StreamPosition.parseId(message.getId());
        byte[] host = null;
        byte[] data = null;
        long epoch = 0;
        long number = 0;
        for (final Map.Entry<byte[], byte[]> field : message.getBody().entrySet()) {
            final byte[] name = field.getKey();
            if (name.length != 1) {
                continue;
            }
            switch (name[0]) {
                case 'h' -> host = field.getValue();
                case 'd' -> data = field.getValue();
                case 'b' -> epoch = longOf(field.getValue(), 0);
                case 'n' -> number = longOf(field.getValue(), 0);
                default -> {
                }
            }
        }
        final boolean own = host == null || java.util.Arrays.equals(host, bridge.hostIdBytes);
        countEventGap(own ? null : hostName(host), epoch, number);
        eventsPosition = new StreamPosition(id[0], id[1], epoch, number);
        if (own) {
            return;
        }
        if (id[0] <= duplicateHorizonMs) {
            bridge.counters.duplicates.increment();
        }
        inject(host, data, id);
    }

    private void inject(final byte[] host, final byte[] data, final long[] streamId) {
        if (!StreamEntryDescriptor.isWellFormed(data) || host.length > EventFrameDescriptor.MAX_HOST_ID_LENGTH) {
            bridge.counters.injectLost.increment();
            bridge.noteError("malformed stream entry from host " + new String(host, StandardCharsets.UTF_8) +
                " at stream id " + streamId[0] + "-" + streamId[1]);
            return;
        }
        final ByteBuffer in = ByteBuffer.wrap(data);
        final int topicLength = StreamEntryDescriptor.topicLength(in);
        final int carriedHeaders = StreamEntryDescriptor.headersLength(in);
        final int payloadLength = data.length - StreamEntryDescriptor.HEADER_LENGTH - topicLength - carriedHeaders;
        final long timestamp = StreamEntryDescriptor.timestampMs(in);
        final int headersLength = carriedHeaders + EventFrameDescriptor.ENTRY_HEADER_LENGTH +
            EventFrameDescriptor.ORIGIN_FIXED_LENGTH + host.length + 2 * (EventFrameDescriptor.ENTRY_HEADER_LENGTH +
            EventFrameDescriptor.STREAM_ID_LENGTH);
        final int length = EventFrameDescriptor.frameLength(headersLength, topicLength, payloadLength);
        if (length > frame.capacity() || headersLength > 0xFFFF || topicLength > EventFrameDescriptor.MAX_TOPIC_LENGTH ||
            payloadLength > EventFrameDescriptor.MAX_PAYLOAD_LENGTH) {
            bridge.counters.injectLost.increment();
            bridge.noteError("event from host " + new String(host, StandardCharsets.UTF_8) + " too large for this host's " +
                "event slot: frameLength=" + length + ", payloadCapacity=" + frame.capacity());
            return;
        }
        int at = EventFrameDescriptor.HEADERS_OFFSET;
        frame.put(at, data, StreamEntryDescriptor.HEADER_LENGTH + topicLength, carriedHeaders);
        at += carriedHeaders;
        at = EventFrameDescriptor.putOrigin(frame, at, StreamEntryDescriptor.hostEpoch(in),
            StreamEntryDescriptor.originId(in), host);
        at = EventFrameDescriptor.putLongPair(frame, at, EventFrameDescriptor.STREAM_ID, streamId[0], streamId[1]);
        at = EventFrameDescriptor.putLongPair(frame, at, EventFrameDescriptor.STREAM_NUMBER, eventsPosition.epoch(),
            eventsPosition.number());
        frame.put(at, data, StreamEntryDescriptor.HEADER_LENGTH, topicLength);
        frame.put(at + topicLength, data, StreamEntryDescriptor.HEADER_LENGTH + topicLength + carriedHeaders, payloadLength);
        EventFrameDescriptor.writeFixedHeader(frame, 0, topicLength, payloadLength, timestamp, headersLength,
            EventFrameDescriptor.FLAG_REMOTE);
        if (!EventFrameDescriptor.isWellFormed(EventFrameDescriptor.FRAME_KIND, frame, 0, length)) {
            bridge.counters.injectLost.increment();
            bridge.noteError("malformed event from host " + new String(host, StandardCharsets.UTF_8) + " at stream id " +
                streamId[0] + "-" + streamId[1]);
            return;
        }
        if (eventsRing.publish(EventFrameDescriptor.FRAME_KIND, timestamp, frame, 0, length) == NetId64.NULL) {
            bridge.counters.injectLost.increment();
        }
        else {
            bridge.counters.received.increment();
        }
    }

    private void onInvalidation(final StreamMessage<byte[], byte[]> message) {
        final long[] id = StreamPosition.parseId(message.getId());
        final Map<String, byte[]> fields = fields(message);
        final long epoch = longOf(fields.get("b"), 0);
        final long number = longOf(fields.get("n"), 0);
        final boolean gap = invalidationGap(invalidationsPosition, epoch, number);
        invalidationsPosition = new StreamPosition(id[0], id[1], epoch, number);
        if (gap) {
            try {
                clearNearCaches();
            }
            catch (final RedisLink.Unavailable ex) {
                degraded = true;
            }
        }
        final String cacheName = text(fields.get("c"));
        final long version = longOf(fields.get("v"), 0);
        final String op = text(fields.get("o"));
        if (cacheName == null || version <= 0 || op == null) {
            return;
        }
        final Optional<OrbitCache> cache = nearCache(cacheName);
        if (cache.isEmpty()) {
            return;
        }
        final VersionedCache near = (VersionedCache)cache.get();
        final byte[] key = fields.getOrDefault("k", new byte[0]);
        try {
            if ("c".equals(op)) {
                near.clearAsOf(version);
            }
            else {
                near.deleteAsOf(key, version);
            }
            bridge.counters.invalidations.increment();
        }
        catch (final IllegalArgumentException ex) {
            // a key too large for this host's near cache: it can hold no value for it either
        }
    }

    /**
     * Counts the events of another host this host never saw: entries of one origin host are numbered 1, 2, 3, ...
     * within a stream epoch, so a jump in a host's numbers is exactly what the bounded stream dropped before this
     * host read it. A host first seen mid-epoch sets a baseline; after Redis lost the stream (a new epoch seen while
     * running) every host's numbering starts at 1 again, so a first number above 1 counts too. Entries of this host
     * itself are skipped and never counted.
     */
    private void countEventGap(final String host, final long epoch, final long number) {
        if (epoch == 0) {
            return;
        }
        if (epoch != eventsEpoch) {
            if (eventsEpoch != 0) {
                bridge.counters.streamResets.increment();
                epochFresh = true;
            }
            eventsEpoch = epoch;
            lastByHost.clear();
        }
        if (host == null) {
            return;
        }
        final Long last = lastByHost.put(host, number);
        final long missed = last != null ? number - last - 1 : epochFresh ? number - 1 : 0;
        if (missed > 0) {
            bridge.counters.inboundMissed.add(missed);
        }
    }

    private String hostName(final byte[] host) {
        if (!java.util.Arrays.equals(host, lastHostBytes)) {
            lastHostBytes = host;
            lastHostName = new String(host, StandardCharsets.UTF_8);
        }
        return lastHostName;
    }

    /**
     * Whether invalidations were skipped (the stream trimmed past this host) or the stream restarted (Redis lost it).
     *
     * @return true when the host's near caches must be cleared.
     */
    private static boolean invalidationGap(final StreamPosition last, final long epoch, final long number) {
        if (last.epoch() == 0 || epoch == 0) {
            return false;
        }
        return epoch != last.epoch() || number - last.number() - 1 > 0;
    }

    private Optional<OrbitCache> nearCache(final String name) {
        try {
            return bridge.internals.existingCache(name);
        }
        catch (final RuntimeException ex) {
            return Optional.empty();
        }
    }

    /**
     * Hides every entry of this host's near caches older than each cache's version now.
     */
    private void clearNearCaches() throws RedisLink.Unavailable {
        for (final String name : bridge.internals.cacheNames()) {
            final Optional<OrbitCache> cache = nearCache(name);
            if (cache.isEmpty()) {
                continue;
            }
            final long version = RedisLink.asLong(bridge.link.script(Script.CACHE_VERSION, ScriptOutputType.VALUE,
                new byte[][] {bridge.keys.cacheVersion(name)}));
            ((VersionedCache)cache.get()).clearAsOf(version);
        }
        bridge.counters.nearCacheClears.increment();
    }

    private void housekeeping(final long now, final boolean redis) {
        if (now - nextHostReportNs >= 0) {
            nextHostReportNs = now + bridge.config.membershipInterval.toNanos();
            reportHosts(redis);
        }
        if (now - nextStateNs >= 0) {
            nextStateNs = now + bridge.config.stateInterval.toNanos();
            writeState();
        }
        if (!redis) {
            return;
        }
        try {
            if (now - nextReleaseNs >= 0) {
                nextReleaseNs = now + bridge.config.releaseInterval.toNanos();
                releaseClaimsOfGoneProcesses();
            }
            if (now - nextSweepNs >= 0) {
                nextSweepNs = now + bridge.config.sweepInterval.toNanos();
                sweep();
            }
        }
        catch (final RedisLink.Unavailable ex) {
            degraded = true;
        }
    }

    private void reportHosts(final boolean redis) {
        final long nowMs = bridge.fleet.clock().time();
        final List<MemberCodec.Reported> reported = new ArrayList<>();
        final List<HostMember> local = new ArrayList<>();
        for (final Member member : bridge.fleet.members()) {
            if (member.state() == MemberState.FREE) {
                continue;
            }
            final PeerState state = member.state() == MemberState.GONE ? PeerState.GONE : PeerState.ALIVE;
            reported.add(new MemberCodec.Reported(member.nodeId(), state, member.pid(), member.ageMs(nowMs), member.label()));
            local.add(new HostMember(member.nodeId(), member.pid(), member.label(), state, member.lastSeenMs()));
        }
        publishHost(new Host(bridge.hostId, bridge.hostEpoch, true, PeerState.ALIVE, nowMs, bridge.fleet.nodeId(), local, 0));
        if (!redis) {
            return;
        }
        final long expiryMs = bridge.config.membershipInterval.toMillis() * bridge.config.hostExpiryIntervals;
        final List<Object> reply;
        try {
            reply = RedisLink.asList(bridge.link.script(Script.HOST_REPORT, ScriptOutputType.MULTI,
                new byte[][] {bridge.keys.host(bridge.hostId), bridge.keys.hosts()},
                bridge.hostIdBytes, bytes(bridge.hostEpochHex), bytes(Integer.toString(bridge.fleet.nodeId())),
                MemberCodec.encode(reported), bytes(Long.toString(expiryMs))));
        }
        catch (final RedisLink.Unavailable ex) {
            degraded = true;
            return;
        }
        final long localNow = bridge.fleet.clock().time();
        final long redisNow = RedisLink.asLong(reply.get(0));
        redisOffsetMs = redisNow - localNow;
        int at = 1;
        while (at < reply.size() && !"gone".equals(RedisLink.asText(reply.get(at)))) {
            final String hostId = RedisLink.asText(reply.get(at));
            final long seen = RedisLink.asLong(reply.get(at + 1));
            final long epoch = hexOf((byte[])reply.get(at + 2));
            final String bridgeNode = RedisLink.asText(reply.get(at + 3));
            final List<MemberCodec.Reported> members = MemberCodec.decode((byte[])reply.get(at + 4));
            at += 5;
            if (hostId == null || hostId.equals(bridge.hostId)) {
                continue;
            }
            final long lastSeen = localNow - Math.max(0, redisNow - seen);
            final List<HostMember> hostMembers = new ArrayList<>(members.size());
            for (final MemberCodec.Reported member : members) {
                hostMembers.add(new HostMember(member.nodeId(), member.pid(), clip(member.label()), member.state(),
                    lastSeen - member.ageMs()));
            }
            int bridgeNodeId;
            try {
                bridgeNodeId = bridgeNode == null ? -1 : Integer.parseInt(bridgeNode);
            }
            catch (final NumberFormatException ex) {
                bridgeNodeId = -1;
            }
            final Host host = new Host(hostId, epoch, false, PeerState.ALIVE, lastSeen, bridgeNodeId, hostMembers, 0);
            knownHosts.put(hostId, host);
            goneReports.remove(hostId);
            publishHost(host);
        }
        for (at++; at < reply.size(); at++) {
            final String gone = RedisLink.asText(reply.get(at));
            if (gone != null && !gone.equals(bridge.hostId)) {
                goneReports.putIfAbsent(gone, 0);
            }
        }
        for (final Iterator<Map.Entry<String, Integer>> it = goneReports.entrySet().iterator(); it.hasNext(); ) {
            final Map.Entry<String, Integer> entry = it.next();
            final Host known = knownHosts.get(entry.getKey());
            final List<HostMember> members = new ArrayList<>();
            if (known != null) {
                known.members().forEach(m -> members.add(new HostMember(m.nodeId(), m.pid(), m.label(), PeerState.GONE,
                    m.lastSeenMs())));
            }
            publishHost(new Host(entry.getKey(), known == null ? 0 : known.hostEpoch(), false, PeerState.GONE,
                known == null ? localNow : known.lastSeenMs(), -1, members, 0));
            entry.setValue(entry.getValue() + 1);
            if (entry.getValue() >= 10) {
                it.remove();
                knownHosts.remove(entry.getKey());
            }
        }
    }

    private static String clip(final String label) {
        final byte[] bytes = label.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= HostFrameDescriptor.MAX_LABEL_LENGTH) {
            return label;
        }
        String clipped = label;
        while (clipped.getBytes(StandardCharsets.UTF_8).length > HostFrameDescriptor.MAX_LABEL_LENGTH) {
            clipped = clipped.substring(0, clipped.length() - 1);
        }
        return clipped;
    }

    private void publishHost(final Host host) {
        final int length = HostFrameDescriptor.encode(hostFrame, 0, hostFrame.capacity(), host);
        bridgeRing.publish(HostFrameDescriptor.FRAME_KIND, host.lastSeenMs(), hostFrame, 0, length);
    }

    private void writeState() {
        final long forwarded = forwarder != null ? forwarder.position() : -1;
        final BridgeStateDescriptor.State state = new BridgeStateDescriptor.State(bridge.hostEpoch, token,
            bridge.fleet.clock().time() + redisOffsetMs, forwarded, resumed ? eventsPosition : StreamPosition.START,
            resumed ? invalidationsPosition : StreamPosition.START);
        if (!resumed) {
            return;
        }
        final int length = BridgeStateDescriptor.encode(stateFrame, state);
        bridgeRing.publish(BridgeStateDescriptor.FRAME_KIND, bridge.fleet.clock().time(), stateFrame, 0, length);
    }

    private record StateFrame(BridgeStateDescriptor.State state, long writtenAtMs) {
    }

    private StateFrame newestState() {
        final StateFrame[] found = new StateFrame[1];
        final FrameHandler handler = (id, frameKind, version, buffer, offset, length) -> {
            final BridgeStateDescriptor.State state = BridgeStateDescriptor.decode(frameKind, buffer, offset, length);
            if (state != null && state.hostEpoch() == bridge.hostEpoch) {
                found[0] = new StateFrame(state, version);
            }
        };
        final long head = bridgeRing.head();
        for (long counter = head - 1; counter >= Math.max(0, head - bridgeRing.capacity()) && found[0] == null; counter--) {
            bridgeRing.readAt(counter, handler);
        }
        return found[0];
    }

    /**
     * The stream position of the newest remote event in the local ring: this host's bridges inject in stream order.
     */
    private StreamPosition newestRemoteEvent() {
        final StreamPosition[] found = new StreamPosition[1];
        final FrameHandler handler = (id, frameKind, version, buffer, offset, length) -> {
            if (!EventFrameDescriptor.isWellFormed(frameKind, buffer, offset, length) ||
                !EventFrameDescriptor.isRemote(frameKind, buffer, offset)) {
                return;
            }
            final int stream = EventFrameDescriptor.findEntry(frameKind, buffer, offset, EventFrameDescriptor.STREAM_ID);
            final int number = EventFrameDescriptor.findEntry(frameKind, buffer, offset, EventFrameDescriptor.STREAM_NUMBER);
            final int origin = EventFrameDescriptor.findEntry(frameKind, buffer, offset, EventFrameDescriptor.ORIGIN);
            final int hostLength = EventFrameDescriptor.entryLength(buffer, origin) - EventFrameDescriptor.ORIGIN_FIXED_LENGTH;
            final byte[] host = new byte[hostLength];
            buffer.get(origin + EventFrameDescriptor.ORIGIN_FIXED_LENGTH, host, 0, hostLength);
            newestRemoteHost = new String(host, StandardCharsets.UTF_8);
            found[0] = new StreamPosition(
                EventFrameDescriptor.entryLong(buffer, stream, 0),
                EventFrameDescriptor.entryLong(buffer, stream, 1),
                number < 0 ? 0 : EventFrameDescriptor.entryLong(buffer, number, 0),
                number < 0 ? 0 : EventFrameDescriptor.entryLong(buffer, number, 1));
        };
        final long head = eventsRing.head();
        for (long counter = head - 1; counter >= Math.max(0, head - eventsRing.capacity()) && found[0] == null; counter--) {
            eventsRing.readAt(counter, handler);
        }
        return found[0];
    }

    /**
     * Releases the fleet claims whose holder process on this host is gone (exited, killed, or its node id now
     * belongs to another process), so another host can take them at once rather than after their time to live.
     */
    private void releaseClaimsOfGoneProcesses() throws RedisLink.Unavailable {
        final Map<byte[], byte[]> held = bridge.link.call("read host claims", c -> c.hgetall(bridge.keys.hostClaims(bridge.hostId)));
        if (held == null || held.isEmpty()) {
            return;
        }
        final Map<Integer, Member> members = new HashMap<>();
        for (final Member member : bridge.fleet.members()) {
            members.put(member.nodeId(), member);
        }
        for (final Map.Entry<byte[], byte[]> entry : held.entrySet()) {
            final FleetClaims.Tenure tenure = FleetClaims.Tenure.parse(text(entry.getValue()));
            if (tenure == null) {
                continue;
            }
            final Member member = members.get(tenure.nodeId());
            final boolean alive = tenure.hostEpoch() == bridge.hostEpoch && member != null &&
                member.pid() == tenure.pid() && (member.state() == MemberState.LIVE || member.state() == MemberState.CLAIMING) &&
                !bridge.fleet.isGone(tenure.nodeId()) && heldLocallyBy(text(entry.getKey()), tenure.nodeId());
            if (!alive) {
                final byte[] subject = entry.getKey();
                final long released = RedisLink.asLong(bridge.link.script(Script.CLAIM_RELEASE, ScriptOutputType.INTEGER,
                    new byte[][] {bridge.keys.claimOf(subject), bridge.keys.hostClaims(bridge.hostId)},
                    entry.getValue(), subject));
                if (released == 1) {
                    bridge.counters.claimsReleased.increment();
                }
            }
        }
    }

    /**
     * Whether the local contest shows the fleet claim's local subject held by that node: a fleet claim whose script
     * ran after its caller gave up (a timeout) is held by nobody locally.
     */
    private boolean heldLocallyBy(final String subjectField, final int nodeId) {
        final int slash = subjectField.indexOf('/');
        if (slash < 0) {
            return false;
        }
        try {
            final dev.orbit.contest.Subject subject = FleetClaims.localSubject(new dev.orbit.contest.Subject(
                Integer.parseInt(subjectField.substring(0, slash)), subjectField.substring(slash + 1)));
            return bridge.fleet.contest().holder(subject).map(h -> h.nodeId() == nodeId).orElse(false);
        }
        catch (final RuntimeException ex) {
            return false;
        }
    }

    /**
     * One SCAN step per cache with an old generation: unlinks that generation's keys, forgets it when done.
     */
    private void sweep() throws RedisLink.Unavailable {
        final java.util.Set<byte[]> names = bridge.link.call("read cache names", c -> c.smembers(bridge.keys.caches()));
        if (names == null) {
            return;
        }
        for (final byte[] rawName : names) {
            final String name = text(rawName);
            final ScanState current = sweeps.get(name);
            final String generation;
            final ScanCursor cursor;
            if (current == null) {
                final java.util.Set<byte[]> old = bridge.link.call("read old generations",
                    c -> c.smembers(bridge.keys.cacheOldGenerations(name)));
                if (old == null || old.isEmpty()) {
                    continue;
                }
                generation = text(old.iterator().next());
                cursor = ScanCursor.INITIAL;
            }
            else {
                generation = current.generation();
                cursor = current.cursor();
            }
            final byte[] pattern = bytes(new String(bridge.keys.cacheValuePrefix(name), StandardCharsets.UTF_8) +
                generation + ":*");
            final KeyScanCursor<byte[]> scanned;
            try {
                scanned = bridge.link.call("sweep old generation",
                    c -> c.scan(cursor, ScanArgs.Builder.matches(pattern).limit(500)));
            }
            catch (final RedisLink.Unavailable | RuntimeException ex) {
                // A cursor is only good on the node(s) that issued it: after a failure (a Cluster's topology may have
                // changed) the sweep of this generation starts over.
                sweeps.remove(name);
                throw ex;
            }
            if (!scanned.getKeys().isEmpty()) {
                final byte[][] keys = scanned.getKeys().toArray(new byte[0][]);
                bridge.link.call("unlink old generation", c -> c.unlink(keys));
            }
            if (scanned.isFinished()) {
                sweeps.remove(name);
                bridge.link.call("forget old generation", c -> c.srem(bridge.keys.cacheOldGenerations(name), bytes(generation)));
            }
            else {
                sweeps.put(name, new ScanState(generation, scanned));
            }
        }
    }

    /**
     * Ends this tenure: stops the forwarder, writes a last state frame, releases the claim.
     *
     * @param finalStop true when the whole handle closes.
     */
    void stop(final boolean finalStop) {
        keeping = false;
        LockSupport.unpark(keeper);
        if (forwarder != null) {
            forwarder.stop();
        }
        writeState();
        closeReader();
        try {
            guard.close();
        }
        catch (final RuntimeException ignored) {
            // the claim already ended
        }
        bridge.state(finalStop ? BridgeState.CLOSED : BridgeState.STANDBY);
    }

    private void closeReader() {
        pendingRead = null;
        if (reader != null) {
            RedisLink.closeQuietly(reader);
            reader = null;
        }
    }

    static Map<String, byte[]> fields(final StreamMessage<byte[], byte[]> message) {
        final Map<String, byte[]> fields = new HashMap<>();
        for (final Map.Entry<byte[], byte[]> entry : message.getBody().entrySet()) {
            fields.put(new String(entry.getKey(), StandardCharsets.UTF_8), entry.getValue());
        }
        return fields;
    }

    /**
     * @return the decimal number the bytes spell (optionally negative), or {@code otherwise} when they spell none.
     */
    static long longOf(final byte[] value, final long otherwise) {
        if (value == null || value.length == 0 || value.length > 19) {
            return otherwise;
        }
        final boolean negative = value[0] == '-';
        if (negative && value.length == 1) {
            return otherwise;
        }
        long result = 0;
        for (int i = negative ? 1 : 0; i < value.length; i++) {
            final int digit = value[i] - '0';
            if (digit < 0 || digit > 9) {
                return otherwise;
            }
            result = result * 10 + digit;
        }
        return negative ? -result : result;
    }

    static long hexOf(final byte[] value) {
        if (value == null) {
            return 0;
        }
        try {
            return Long.parseUnsignedLong(new String(value, StandardCharsets.US_ASCII), 16);
        }
        catch (final NumberFormatException ex) {
            return 0;
        }
    }

    static String text(final byte[] value) {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A host's forwarded position as stored in Redis: {@code hostEpoch(hex):counter:bridgeToken}.
     */
    record Position(long epoch, long counter, long token) {

        static Position parse(final String stored) {
            if (stored == null) {
                return null;
            }
            final String[] parts = stored.split(":");
            if (parts.length != 3) {
                return null;
            }
            try {
                return new Position(Long.parseUnsignedLong(parts[0], 16), Long.parseLong(parts[1]), Long.parseLong(parts[2]));
            }
            catch (final NumberFormatException ex) {
                return null;
            }
        }

        static String format(final long epoch, final long counter, final long token) {
            return Long.toHexString(epoch) + ":" + counter + ":" + token;
        }
    }
}
