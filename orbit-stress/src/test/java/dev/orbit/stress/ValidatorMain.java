package dev.orbit.stress;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import dev.orbit.fleet.Fleet;
import dev.orbit.ring.FrameHandler;
import dev.orbit.ring.NetId64;
import dev.orbit.ring.Ring;
import dev.orbit.ring.RingCursor;
import dev.orbit.ring.RingStats;
import dev.orbit.ring.StartPosition;

/**
 * The validator process: one cursor from the ring's first position, checking every frame it is handed
 * ({@link Payloads#checkFrame}). Records each accepted frame as {@code (seed, id)} in {@code out=} for the
 * test to match against the writers' ledgers.
 * <p>
 * Arguments: {@code fleet= type= out= [drainSeconds=20]}. Prints {@code READY}, {@code CORRUPT ...} for each
 * bad frame, and on {@code stop}, after draining to the head with nothing pending:
 * {@code REPORT delivered= overwritten= unavailable= pending= start= position= head= corrupt= duplicates=
 * lostWrites= busyWrites= abandoned= takeovers=}.
 */
public final class ValidatorMain {

    private ValidatorMain() {
    }

    public static void main(final String[] argv) throws IOException {
        final ChildSupport child = new ChildSupport(argv);
        final long drainNanos = child.number("drainSeconds", 20) * 1_000_000_000L;
        final Class<?> type = ChildSupport.type(child.get("type", "stress"));
        try (Fleet fleet = child.join("validator");
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                 Files.newOutputStream(Path.of(child.get("out"))), 1 << 16))) {
            final Ring ring = fleet.ring(type);
            final RingCursor cursor = ring.cursor(StartPosition.EARLIEST);
            final long start = cursor.position();
            final Check check = new Check(out);
            ChildSupport.say("READY node=" + fleet.nodeId() + " pid=" + ProcessHandle.current().pid() + " start=" + start);
            while (!"stop".equals(child.command())) {
                if (cursor.poll(check, 4096) == 0) {
                    LockSupport.parkNanos(50_000);
                }
            }
            final long deadline = System.nanoTime() + drainNanos;
            while ((cursor.pendingCount() > 0 || cursor.position() < ring.head()) && System.nanoTime() < deadline) {
                if (cursor.poll(check, 4096) == 0) {
                    LockSupport.parkNanos(1_000_000);
                }
            }
            final RingStats stats = ring.stats();
            ChildSupport.say("REPORT delivered=" + cursor.delivered() + " overwritten=" + cursor.loss().overwritten() +
                " unavailable=" + cursor.loss().unavailable() + " pending=" + cursor.pendingCount() + " start=" + start +
                " position=" + cursor.position() + " head=" + stats.head() + " corrupt=" + check.corrupt +
                " duplicates=" + check.duplicates + " accepted=" + check.accepted + " lostWrites=" + stats.lostWrites() +
                " busyWrites=" + stats.busyWrites() + " abandoned=" + stats.abandoned() + " takeovers=" + stats.takeovers());
        }
        System.exit(0);
    }

    /**
     * Checks and records each delivered frame.
     */
    static final class Check implements FrameHandler {
        private final DataOutputStream out;
        private final Map<Long, BitSet> seen = new HashMap<>();
        long corrupt;
        long duplicates;
        long accepted;

        Check(final DataOutputStream out) {
            this.out = out;
        }

        @Override
        public void onFrame(
            final long id, final int frameKind, final long version, final ByteBuffer buffer, final int offset, final int length) {
            final long seed = Payloads.checkFrame(frameKind, version, buffer, offset, length);
            if (seed == Payloads.TORN) {
                corrupt++;
                ChildSupport.say("CORRUPT id=" + NetId64.toString(id) + " frameKind=" + frameKind + " version=" + version +
                    " length=" + length);
                return;
            }
            final long writer = seed >>> 40;
            final int seq = (int)(seed & ((1L << 40) - 1));
            final BitSet bits = seen.computeIfAbsent(writer, w -> new BitSet());
            if (bits.get(seq)) {
                duplicates++;
                ChildSupport.say("DUPLICATE id=" + NetId64.toString(id) + " writer=" + writer + " seq=" + seq);
                return;
            }
            bits.set(seq);
            accepted++;
            try {
                out.writeLong(seed);
                out.writeLong(id);
            }
            catch (final IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
    }

    /**
     * Reads the {@code (seed, id)} records a validator wrote.
     *
     * @return seed to id.
     */
    static Map<Long, Long> readDelivered(final Path file) {
        try {
            final ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
            final Map<Long, Long> delivered = new HashMap<>(bytes.remaining() / 16 * 2);
            while (bytes.remaining() >= 16) {
                delivered.put(bytes.getLong(), bytes.getLong());
            }
            return delivered;
        }
        catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
