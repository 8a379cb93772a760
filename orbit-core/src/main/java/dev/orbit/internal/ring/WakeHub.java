package dev.orbit.internal.ring;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import dev.orbit.ring.NodeId;
import dev.orbit.ring.RingDescriptor;
import dev.orbit.ring.WakeStats;

/**
 * The wake-ups of one node (a fleet handle): the threads of this process asleep on its rings, and the nudges that
 * wake them.
 * <p>
 * <b>The eventcount.</b> A thread about to block on a ring registers here, marks its node asleep in the ring's
 * header (see {@link RingDescriptor#SLEEPERS_OFFSET}), looks at the ring once more and only then blocks, for at most
 * a safety timeout. A publisher, after every commit, reads the ring's sleepers word (one load when nobody sleeps);
 * when it is not zero it clears the bit of each sleeping node and nudges it: through the {@link WakeTransport}
 * when the node is another process, by unparking the threads here when it is this one. The mark comes before the
 * second look and the commit before the read of the word, every one of them a volatile access, so of the two
 * racing parties at least one sees the other: either the sleeper's second look finds the frame, or the publisher
 * finds the mark and nudges. A wake-up is never lost; a nudge that is (its publisher killed between the two steps,
 * the channel unreachable) costs latency up to the safety timeout, not a frame.
 * <p>
 * A node's bit covers every thread of the process asleep on that ring: one nudge wakes them all, each looks at
 * its ring and the ones with nothing to do sleep again (setting the bit again). Publishers clear the bit when they
 * nudge, so a burst of publishes to a sleeping node sends one nudge, not one per frame.
 * <p>
 * <b>Receiving.</b> Without a separate thread: one of the sleeping threads at a time (the receiver) blocks in
 * {@link WakeTransport#receive}, the others park. The receiver hands each nudge to the threads asleep on rings of
 * that kind (unparking them) and, when it leaves, passes the channel on to a thread still asleep. A lone sleeper,
 * the common case, is woken straight from the channel.
 */
public final class WakeHub implements AutoCloseable {

    /** Longest park of a sleeper that cannot be nudged (a read-only ring, a closed hub). */
    static final long UNARMED_PARK_NANOS = 1_000_000L;

    /** Set by the ring's test seams only: publishers of this JVM drop every nudge, as if each were lost. */
    static volatile boolean dropNudgesForTest;

    private final int node;
    private final WakeTransport transport;
    private final boolean arms;
    private final ReentrantLock receiveLock = new ReentrantLock();
    private final Object lock = new Object();
    private final WakeTransport.NudgeSink sink = this::onNudge;
    // Guarded by lock.
    private Waiter[] sleeping = new Waiter[4];
    private int sleepingCount;

    private volatile Waiter receiver;
    private volatile boolean closed;

    private final AtomicLong nudgesSent = new AtomicLong();
    private final AtomicLong nudgesUnreachable = new AtomicLong();
    private final AtomicLong nudgesReceived = new AtomicLong();
    private final AtomicLong waits = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();

    private WakeHub(final int node, final WakeTransport transport, final boolean arms) {
        this.node = NodeId.validate(node);
        this.transport = transport;
        this.arms = arms;
    }

    /**
     * A hub for rings in this process's memory, or for a process that cannot be reached by others: sleepers are
     * woken by publishers of this process only (and by their safety timeout).
     *
     * @param node the node id of the process.
     * @return the hub.
     */
    public static WakeHub local(final int node) {
        return new WakeHub(node, null, true);
    }

    /**
     * A hub for a process that shares its rings with others but has no channel they could nudge (its wake socket
     * could not be opened): its threads never mark a ring, so publishers never try to reach them, and they look at
     * their ring every millisecond instead of sleeping until a nudge.
     *
     * @param node the node id of the process.
     * @return the hub.
     */
    public static WakeHub unreachable(final int node) {
        return new WakeHub(node, null, false);
    }

    /**
     * A hub whose sleepers other processes reach through a transport.
     *
     * @param node      the node id of the process, the one its transport receives for.
     * @param transport carries nudges between processes; closed with the hub.
     * @return the hub.
     */
    public static WakeHub over(final int node, final WakeTransport transport) {
        return new WakeHub(node, java.util.Objects.requireNonNull(transport, "transport"), true);
    }

    /**
     * @return the node id this hub receives for.
     */
    public int node() {
        return node;
    }

    /**
     * @return whether publishers in other processes can wake this hub's sleepers.
     */
    public boolean crossProcess() {
        return transport != null && !closed;
    }

    /**
     * @return the transport, or null for a hub of this process only.
     */
    public WakeTransport transport() {
        return transport;
    }

    /**
     * @return counters of nudges and sleeps since the hub was made.
     */
    public WakeStats stats() {
        return new WakeStats(crossProcess(), nudgesSent.get(), nudgesUnreachable.get(), nudgesReceived.get(),
            waits.get(), timeouts.get());
    }

    /**
     * Wakes every sleeper, stops receiving and closes the transport. Later waits only park (no ring is armed).
     */
    @Override
    public void close() {
        closed = true;
        synchronized (lock) {
            for (int i = 0; i < sleepingCount; i++) {
                wake(sleeping[i]);
            }
        }
        if (transport != null) {
            transport.interruptReceive();
            transport.close();
        }
    }

    // ---- publishers ---------------------------------------------------------------------------------------

    /**
     * Nudges a node a publisher found asleep on a ring (it has cleared the node's bit). Never blocks on the
     * transport; allocation-free once the node's channel is connected.
     *
     * @param sleeper the sleeping node.
     * @param kind    the ring's kind.
     */
    void nudge(final int sleeper, final int kind) {
        if (dropNudgesForTest) {
            return;
        }
        if (((sleeper ^ node) & (RingDescriptor.SLEEPING_NODES - 1)) == 0) {
            wakeLocal(kind);
            return;
        }
        if (transport != null && transport.nudge(sleeper, kind)) {
            nudgesSent.incrementAndGet();
        }
        else {
            nudgesUnreachable.incrementAndGet();
        }
    }

    private void wakeLocal(final int kind) {
        synchronized (lock) {
            for (int i = 0; i < sleepingCount; i++) {
                final Waiter waiter = sleeping[i];
                if (waiter.kind == kind) {
                    wake(waiter);
                }
            }
        }
    }

    /** Called by the receiving thread for each nudge that arrives. */
    private void onNudge(final int kind) {
        nudgesReceived.incrementAndGet();
        wakeLocal(kind);
    }

    /**
     * Marks a waiter woken and makes its thread return from its park or receive. Woken is written before the
     * receiver is read, and the receiver before woken is read again by the thread about to receive, so one of the
     * two always sees the other.
     */
    private void wake(final Waiter waiter) {
        waiter.woken = true;
        if (receiver == waiter) {
            transport.interruptReceive();
        }
        else {
            LockSupport.unpark(waiter.thread);
        }
    }

    // ---- sleepers -----------------------------------------------------------------------------------------

    /**
     * @param ring the ring a cursor waits on.
     * @return a waiter for one thread at a time.
     */
    Waiter newWaiter(final BufferRing ring) {
        return new Waiter(ring);
    }

    /**
     * Wakes a waiter from any thread: its current sleep ends, or its next one if it is not asleep yet and its
     * {@code ready} check then says so.
     *
     * @param waiter the waiter.
     */
    void wakeUp(final Waiter waiter) {
        synchronized (lock) {
            wake(waiter);
        }
    }

    /**
     * Sleeps until {@code ready} is true, a publisher nudges, the timeout passes or the thread is interrupted.
     * {@code ready} is asked once after the ring is armed, before blocking; its reads must be volatile.
     *
     * @param waiter       the calling thread's waiter.
     * @param timeoutNanos longest sleep.
     * @param ready        whether there is something to do already.
     * @return true when ready or nudged, false when the timeout passed or the thread was interrupted.
     */
    boolean await(final Waiter waiter, final long timeoutNanos, final BooleanSupplier ready) {
        final long deadline = System.nanoTime() + Math.max(0L, timeoutNanos);
        final BufferRing ring = waiter.ring;
        final boolean armed = arms && !closed && ring.canArmSleepers();
        waiter.thread = Thread.currentThread();
        waiter.woken = false;
        synchronized (lock) {
            if (armed) {
                ring.armSleeper(node);
            }
            add(waiter);
        }
        waits.incrementAndGet();
        try {
            if (ready.getAsBoolean()) {
                return true;
            }
            final boolean woken = armed ? block(waiter, deadline) : park(waiter, deadline, ready);
            if (!woken) {
                timeouts.incrementAndGet();
            }
            return woken;
        }
        finally {
            synchronized (lock) {
                remove(waiter);
                if (armed && !sleepsOn(ring)) {
                    ring.disarmSleeper(node);
                }
            }
            handOver();
        }
    }

    private boolean block(final Waiter waiter, final long deadline) {
        final Thread thread = waiter.thread;
        while (!waiter.woken) {
            final long remaining = deadline - System.nanoTime();
            if (remaining <= 0 || thread.isInterrupted()) {
                return false;
            }
            if (transport != null && !closed && receiveLock.tryLock()) {
                try {
                    receiver = waiter;
                    if (!waiter.woken) {
                        transport.receive(remaining, sink);
                    }
                }
                finally {
                    receiver = null;
                    receiveLock.unlock();
                }
            }
            else {
                LockSupport.parkNanos(this, remaining);
            }
        }
        return true;
    }

    /** A sleeper nobody can nudge from another process: looks at its ring every millisecond at most. */
    private boolean park(final Waiter waiter, final long deadline, final BooleanSupplier ready) {
        final Thread thread = waiter.thread;
        while (!waiter.woken) {
            final long remaining = deadline - System.nanoTime();
            if (remaining <= 0 || thread.isInterrupted()) {
                return false;
            }
            LockSupport.parkNanos(this, Math.min(remaining, UNARMED_PARK_NANOS));
            if (ready.getAsBoolean()) {
                return true;
            }
        }
        return true;
    }

    /**
     * A receiver that leaves passes the channel on: nudges for the threads still asleep would otherwise wait in
     * it until their safety timeout.
     */
    private void handOver() {
        if (transport == null || receiveLock.isLocked()) {
            return;
        }
        Thread next = null;
        synchronized (lock) {
            for (int i = 0; i < sleepingCount; i++) {
                if (!sleeping[i].woken) {
                    next = sleeping[i].thread;
                    break;
                }
            }
        }
        if (next != null) {
            LockSupport.unpark(next);
        }
    }

    private void add(final Waiter waiter) {
        if (sleepingCount == sleeping.length) {
            sleeping = Arrays.copyOf(sleeping, sleepingCount * 2);
        }
        sleeping[sleepingCount++] = waiter;
    }

    private void remove(final Waiter waiter) {
        for (int i = 0; i < sleepingCount; i++) {
            if (sleeping[i] == waiter) {
                sleeping[i] = sleeping[--sleepingCount];
                sleeping[sleepingCount] = null;
                return;
            }
        }
    }

    private boolean sleepsOn(final BufferRing ring) {
        for (int i = 0; i < sleepingCount; i++) {
            if (sleeping[i].ring == ring) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "WakeHub(node=" + node + ", crossProcess=" + crossProcess() + ", " + stats() + ")";
    }

    /**
     * One thread's sleep on one ring; reused across sleeps.
     */
    static final class Waiter {
        final BufferRing ring;
        final int kind;
        volatile Thread thread;
        volatile boolean woken;

        Waiter(final BufferRing ring) {
            this.ring = ring;
            this.kind = ring.kind();
        }
    }
}
