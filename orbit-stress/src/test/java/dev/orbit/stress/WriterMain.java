package dev.orbit.stress;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

import dev.orbit.fleet.Fleet;
import dev.orbit.internal.ring.RingSeams;
import dev.orbit.ring.NetId64;
import dev.orbit.ring.Ring;

/**
 * A writer process: publishes self-checking frames (seed = {@code writer << 40 | seq}) in bursts and records
 * every result in its {@link Ledger}.
 * <p>
 * Arguments: {@code fleet= writer= ledger= type=stress|lap [burst=16] [pauseMicros=200] [frames=...]
 * [midWriteEvery=0 midWriteMicros=0]} widen the window between claiming a slot and committing it on every
 * n-th write, so a kill often lands mid-write; {@code [holdAt=-1]} makes write number {@code holdAt} print
 * {@code MIDWRITE seq=...} and wait, mid-write, for the command {@code release} (the test stops and
 * continues the process meanwhile).
 * <p>
 * Prints {@code READY node= pid=}, then on {@code stop}: {@code DONE published= lost=}.
 */
public final class WriterMain {

    private WriterMain() {
    }

    public static void main(final String[] argv) {
        final ChildSupport child = new ChildSupport(argv);
        final long writer = child.number("writer", 0);
        final int burst = child.integer("burst", 16);
        final long pauseNanos = child.number("pauseMicros", 200) * 1000;
        final int midWriteEvery = child.integer("midWriteEvery", 0);
        final long midWriteNanos = child.number("midWriteMicros", 0) * 1000;
        final long holdAt = child.number("holdAt", -1);
        final Class<?> type = ChildSupport.type(child.get("type", "stress"));
        try (Fleet fleet = child.join("writer-" + writer);
             Ledger ledger = Ledger.create(Path.of(child.get("ledger")), child.integer("frames", 2_000_000))) {
            final Ring[] opened = new Ring[1];
            final Thread publisher = Thread.currentThread();
            final long[] writes = {0};
            final boolean[] released = {false};
            RingSeams.onMidWrite(() -> {
                if (Thread.currentThread() != publisher) {
                    return;
                }
                final long n = writes[0]++;
                if (n == holdAt) {
                    ChildSupport.say("MIDWRITE seq=" + n + " head=" + opened[0].head());
                    while (!released[0]) {
                        final String command = child.command();
                        if ("release".equals(command)) {
                            released[0] = true;
                        }
                        else {
                            LockSupport.parkNanos(1_000_000);
                        }
                    }
                }
                else if (midWriteEvery > 0 && n % midWriteEvery == midWriteEvery - 1) {
                    LockSupport.parkNanos(midWriteNanos);
                }
            });
            final Ring ring = fleet.ring(type); // opened after the seam: its writes pause mid-write, the fleet's own do not
            opened[0] = ring;
            ChildSupport.say("READY node=" + fleet.nodeId() + " pid=" + ProcessHandle.current().pid());

            final ByteBuffer payload = ByteBuffer.allocateDirect(StressFrame.PAYLOAD).order(ByteOrder.LITTLE_ENDIAN);
            long lost = 0;
            boolean stop = false;
            while (!stop && ledger.hasRoom()) {
                for (int i = 0; i < burst && ledger.hasRoom(); i++) {
                    final long seed = writer << 40 | ledger.count();
                    Payloads.fill(payload, 0, seed, StressFrame.PAYLOAD);
                    final long id = ring.publish(Payloads.frameKindOf(seed), seed, payload, 0, StressFrame.PAYLOAD);
                    ledger.record(id == NetId64.NULL ? Ledger.LOST : id);
                    if (id == NetId64.NULL) {
                        lost++;
                    }
                }
                final String command = child.command();
                stop = "stop".equals(command);
                if (pauseNanos > 0) {
                    LockSupport.parkNanos(pauseNanos);
                }
            }
            while (!stop) {
                stop = "stop".equals(child.command());
                LockSupport.parkNanos(1_000_000);
            }
            ChildSupport.say("DONE published=" + ledger.count() + " lost=" + lost);
        }
        System.exit(0);
    }
}
