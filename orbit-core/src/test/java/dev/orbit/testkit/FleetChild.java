package dev.orbit.testkit;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

import dev.orbit.fleet.Fleet;
import dev.orbit.fleet.FleetBuilder;
import dev.orbit.ring.FrameHandler;
import dev.orbit.ring.NetId64;
import dev.orbit.ring.Ring;
import dev.orbit.ring.RingCursor;
import dev.orbit.ring.RingStats;
import dev.orbit.ring.RingTestHooks;
import dev.orbit.ring.StartPosition;

/**
 * A child process for cross-process tests: {@code FleetChild <mode> <directory> <fleet> [args]}. Prints
 * {@code key value} lines the parent waits for.
 */
public final class FleetChild {

    private FleetChild() {
    }

    public static void main(final String[] args) throws Exception {
        final String mode = args[0];
        final Path directory = Path.of(args[1]);
        final String name = args[2];
        switch (mode) {
            case "write" -> write(directory, name, Integer.parseInt(args[3]));
            case "read-all" -> readAll(directory, name, Long.parseLong(args[3]));
            case "hold-mid-write" -> holdMidWrite(directory, name);
            case "join" -> join(directory, name, args.length > 3 ? Integer.parseInt(args[3]) : -1);
            case "meet" -> meet(directory, name);
            case "truncate" -> truncate(directory, name, Long.parseLong(args[3]));
            case "truncate-claims" -> truncateClaims(directory, name, Long.parseLong(args[3]));
            default -> throw new IllegalArgumentException("unknown mode: " + mode);
        }
    }

    private static Fleet fleet(final Path directory, final String name, final int nodeId) {
        final FleetBuilder builder = Fleet.builder().name(name).directory(directory);
        if (nodeId >= 0) {
            builder.nodeId(nodeId);
        }
        return builder.joinShm();
    }

    /** Publishes {@code count} self-checking frames; prints lost writes. */
    private static void write(final Path directory, final String name, final int count) {
        try (Fleet fleet = fleet(directory, name, -1)) {
            final Ring ring = fleet.ring(ProbeFrames.class);
            System.out.println("node " + fleet.nodeId());
            final ByteBuffer payload = ByteBuffer.allocateDirect(ProbeFrames.LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            long lost = 0;
            for (int i = 0; i < count; i++) {
                ProbeFrames.fill(payload, ((long)fleet.nodeId() << 32) | i);
                if (ring.publish(0, i, payload, 0, ProbeFrames.LENGTH) == NetId64.NULL) {
                    lost++;
                }
            }
            System.out.println("lost " + lost);
        }
    }

    /** Reads with a cursor until {@code expected} positions have passed; prints what it accepted. */
    private static void readAll(final Path directory, final String name, final long expected) {
        try (Fleet fleet = fleet(directory, name, -1)) {
            final Ring ring = fleet.ring(ProbeFrames.class);
            final RingCursor cursor = ring.cursor(StartPosition.EARLIEST);
            final long[] invalid = new long[1];
            final FrameHandler validator = (id, frameKind, version, buffer, offset, length) -> {
                if (!ProbeFrames.valid(buffer, offset, length) || buffer.getLong(offset) >>> 32 != NetId64.node(id)) {
                    invalid[0]++;
                }
            };
            System.out.println("ready " + fleet.nodeId());
            final long deadline = System.nanoTime() + 120_000_000_000L;
            while (cursor.delivered() + cursor.loss().total() < expected && System.nanoTime() < deadline) {
                if (cursor.poll(validator, 4096) == 0) {
                    LockSupport.parkNanos(50_000);
                }
            }
            final RingStats stats = ring.stats();
            System.out.println("result delivered=" + cursor.delivered() + " overwritten=" + cursor.loss().overwritten() +
                " unavailable=" + cursor.loss().unavailable() + " invalid=" + invalid[0] + " pending=" +
                cursor.pendingCount() + " head=" + stats.head() + " lost=" + stats.lostWrites() + " busy=" +
                stats.busyWrites());
        }
    }

    /** Claims a slot, then stops forever between its CAS to WRITING and its commit. */
    private static void holdMidWrite(final Path directory, final String name) {
        final Fleet fleet = fleet(directory, name, -1);
        final Ring ring = fleet.ring(ProbeFrames.class);
        RingTestHooks.midWrite(() -> {
            System.out.println("mid-write " + fleet.nodeId());
            System.out.flush();
            while (true) {
                LockSupport.park();
            }
        });
        final ByteBuffer payload = ByteBuffer.allocateDirect(ProbeFrames.LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        ProbeFrames.fill(payload, 0xDEADL);
        ring.publish(0, 0, payload, 0, ProbeFrames.LENGTH);
    }

    /** Joins and stays a member until stdin says "exit" or closes. */
    private static void join(final Path directory, final String name, final int nodeId) throws Exception {
        final int node;
        try (Fleet fleet = fleet(directory, name, nodeId)) {
            node = fleet.nodeId();
            fleet.heartbeats().beat();
            System.out.println("node " + fleet.nodeId());
            final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("exit")) {
                if (line.equals("beat")) {
                    fleet.heartbeats().beat();
                    System.out.println("beat " + fleet.nodeId());
                }
            }
        }
        System.out.println("closed " + node);
    }

    /**
     * Publishes many frames (so the publish path is compiled), truncates its own ring file to {@code size} bytes
     * under the live mapping, then publishes and polls once more, printing {@code publish <outcome>} and
     * {@code poll <outcome>}: the exception's class and message, or {@code ok}.
     */
    private static void truncate(final Path directory, final String name, final long size) throws Exception {
        try (Fleet fleet = Fleet.builder().name(name).directory(directory)
            .heartbeatInterval(java.time.Duration.ofMillis(10)).joinShm()) {
            final Ring ring = fleet.ring(ProbeFrames.class);
            final RingCursor cursor = ring.cursor(StartPosition.EARLIEST);
            final ByteBuffer payload = ByteBuffer.allocateDirect(ProbeFrames.LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 200_000; i++) {
                ProbeFrames.fill(payload, i);
                ring.publish(0, i, payload, 0, ProbeFrames.LENGTH);
                if ((i & 255) == 0) {
                    cursor.poll((id, frameKind, version, buffer, offset, length) -> { }, 4096);
                }
            }
            final Path file = dev.orbit.shm.SegmentNames.ringFile(directory, name, 11, dev.orbit.shm.AccessMode.OWNER,
                dev.orbit.shm.Processes.currentUid());
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.WRITE)) {
                channel.truncate(size);
            }
            // Until the ring is marked (at the first fault caught in its frames, or by the keeper's size check within
            // an interval), the JVM may report a fault late, in this caller's code: count those.
            int late = 0;
            boolean marked = false;
            final long deadline = System.nanoTime() + 60_000_000_000L;
            while (!marked && System.nanoTime() < deadline) {
                try {
                    while (!marked && System.nanoTime() < deadline) {
                        final String first = outcome(() -> ring.publish(0, 0, payload, 0, ProbeFrames.LENGTH));
                        marked = first.startsWith(dev.orbit.shm.SegmentException.class.getName());
                        if (!marked) {
                            late++;
                            LockSupport.parkNanos(5_000_000);
                        }
                    }
                }
                catch (final InternalError reportedLate) {
                    late++;
                }
            }
            System.out.println("late " + late);
            System.out.println("publish " + outcome(() -> ring.publish(0, 0, payload, 0, ProbeFrames.LENGTH)));
            System.out.println("poll " + outcome(() -> cursor.poll((id, frameKind, version, buffer, offset, length) -> { },
                4096)));
            System.out.println("read " + outcome(() -> ring.readAt(0).isPresent() ? 1 : 0));
        }
    }

    /**
     * Claims subjects (so the contest's code is compiled), truncates the claims file to {@code size} bytes under
     * the live mapping, then claims until a claim is refused with a SegmentException (counting the faults the JVM
     * reported late, in this code, as {@code late}), and prints the outcome of a claim, a holder lookup, a fence
     * and a renewal of a guard taken before.
     */
    private static void truncateClaims(final Path directory, final String name, final long size) throws Exception {
        try (Fleet fleet = Fleet.builder().name(name).directory(directory).claimSlots(64)
            .heartbeatInterval(java.time.Duration.ofMillis(10)).joinShm()) {
            final dev.orbit.contest.Contest contest = fleet.contest();
            final java.time.Duration ttl = java.time.Duration.ofMinutes(1);
            final dev.orbit.contest.Guard held = ((dev.orbit.contest.Claimed)contest.tryClaim(
                dev.orbit.contest.Subject.of("held"), "child", ttl)).guard();
            for (int i = 0; i < 50_000; i++) {
                ((dev.orbit.contest.Claimed)contest.tryClaim(dev.orbit.contest.Subject.of("s" + (i & 31)), "child", ttl))
                    .guard().close();
            }
            final Path file = dev.orbit.shm.SegmentNames.claimsFile(directory, name, dev.orbit.shm.AccessMode.OWNER,
                dev.orbit.shm.Processes.currentUid());
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.WRITE)) {
                channel.truncate(size);
            }
            int late = 0;
            boolean marked = false;
            final long deadline = System.nanoTime() + 60_000_000_000L;
            while (!marked && System.nanoTime() < deadline) {
                try {
                    while (!marked && System.nanoTime() < deadline) {
                        final String first = outcome(() -> contest.tryClaim(dev.orbit.contest.Subject.of("x"), "child",
                            ttl).isClaimed() ? 1 : 0);
                        marked = first.startsWith(dev.orbit.shm.SegmentException.class.getName());
                        if (!marked) {
                            late++;
                            LockSupport.parkNanos(5_000_000);
                        }
                    }
                }
                catch (final InternalError reportedLate) {
                    late++;
                }
            }
            System.out.println("late " + late);
            System.out.println("claim " + outcome(() -> contest.tryClaim(dev.orbit.contest.Subject.of("y"), "child",
                ttl).isClaimed() ? 1 : 0));
            System.out.println("holder " + outcome(() -> contest.holder(dev.orbit.contest.Subject.of("held"))
                .isPresent() ? 1 : 0));
            System.out.println("fence " + outcome(() -> contest.fence(dev.orbit.contest.Subject.of("held"))
                .accept(held.fenceToken()) ? 1 : 0));
            System.out.println("renew " + outcome(() -> held.renew(ttl) ? 1 : 0));
        }
    }

    private static String outcome(final java.util.function.LongSupplier operation) {
        try {
            operation.getAsLong();
            return "ok";
        }
        catch (final Throwable ex) {
            return ex.getClass().getName() + ": " + ex.getMessage();
        }
    }

    /** Joins, publishes its node id, and waits to read a frame from another node. */
    private static void meet(final Path directory, final String name) {
        try (Fleet fleet = fleet(directory, name, -1)) {
            final Ring ring = fleet.ring(ProbeFrames.class);
            final RingCursor cursor = ring.cursor(StartPosition.EARLIEST);
            final ByteBuffer payload = ByteBuffer.allocateDirect(ProbeFrames.LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            ProbeFrames.fill(payload, (long)fleet.nodeId() << 32);
            ring.publish(0, 0, payload, 0, ProbeFrames.LENGTH);
            System.out.println("node " + fleet.nodeId());
            final int[] other = {-1};
            final long deadline = System.nanoTime() + 60_000_000_000L;
            while (other[0] < 0 && System.nanoTime() < deadline) {
                cursor.poll((id, frameKind, version, buffer, offset, length) -> {
                    if (NetId64.node(id) != fleet.nodeId()) {
                        other[0] = NetId64.node(id);
                    }
                }, 16);
                LockSupport.parkNanos(1_000_000);
            }
            System.out.println("met " + other[0]);
        }
    }
}
