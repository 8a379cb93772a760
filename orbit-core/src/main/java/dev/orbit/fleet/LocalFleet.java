package dev.orbit.fleet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Optional;

import dev.orbit.internal.contest.ClaimsDescriptor;
import dev.orbit.internal.ring.Rings;
import dev.orbit.internal.ring.WakeHub;
import dev.orbit.ring.Ring;
import dev.orbit.ring.RingSpec;

/**
 * A fleet whose rings live in this process's memory; this process is its only member. Same protocol, same
 * substrates, nothing shared: for tests, for single-process deployments and where /dev/shm is absent.
 */
final class LocalFleet extends AbstractFleet {

    private final Membership membership;
    private final ByteBuffer claims;
    private final WakeHub wakeHub;

    LocalFleet(final FleetBuilder builder) {
        super(builder);
        final ByteBuffer members = allocate(MembersDescriptor.length(FleetBuilder.MEMBER_SLOTS));
        Membership.initialise(members, FleetBuilder.MEMBER_SLOTS, heartbeatIntervalMs);
        this.membership = new Membership(members, name, clock, heartbeatIntervalMs, ProcessProbe.self());
        membership.claim(builder.nodeId, label);
        this.wakeHub = WakeHub.local(membership.node());
        this.claims = allocate(ClaimsDescriptor.length(claimSlots));
        ClaimsDescriptor.initialise(claims, claimSlots);
        startKeeper();
    }

    private static ByteBuffer allocate(final long length) {
        return ByteBuffer.allocateDirect((int)length + 64).alignedSlice(64).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    Ring openRing(final int kind, final RingSpec spec, final String cacheName, final String ringName) {
        final Ring ring = Rings.allocate(ringName, kind, spec, membership.node(), clock, pendingTimeoutMs);
        Rings.wakeUpsThrough(ring, wakeHub);
        return ring;
    }

    @Override
    WakeHub wakeHub() {
        return wakeHub;
    }

    @Override
    Optional<Ring> attachExisting(final int kind) {
        return Optional.empty();
    }

    @Override
    Optional<RingSpec> existingCacheSpec(final String cacheName) {
        return Optional.empty();
    }

    @Override
    java.util.Set<String> existingCacheNames() {
        return java.util.Set.of();
    }

    @Override
    ByteBuffer claimsTable() {
        return claims;
    }

    @Override
    Membership membership() {
        return membership;
    }

    @Override
    public boolean sharedMemory() {
        return false;
    }

    @Override
    public Optional<Path> directory() {
        return Optional.empty();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            stopKeeper();
            rings().forEach(Rings::close);
            wakeHub.close();
            membership.release();
        }
    }
}
