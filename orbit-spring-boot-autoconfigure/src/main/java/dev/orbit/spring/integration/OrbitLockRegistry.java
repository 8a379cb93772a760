package dev.orbit.spring.integration;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.orbit.contest.ClaimResult;
import dev.orbit.contest.Claimed;
import dev.orbit.contest.Contest;
import dev.orbit.contest.Guard;
import dev.orbit.contest.Subject;
import dev.orbit.spring.claim.ClaimAttempt;
import dev.orbit.spring.scheduling.OrbitScheduler;

import org.springframework.integration.support.locks.DistributedLock;
import org.springframework.integration.support.locks.ExpirableLockRegistry;
import org.springframework.integration.support.locks.RenewableLockRegistry;
import org.springframework.util.Assert;

/**
 * A Spring Integration {@link org.springframework.integration.support.locks.LockRegistry} whose locks are claims
 * of the fleet's {@link Contest}: a lock held by a thread of one process is held for every sibling process. An
 * application on {@code JdbcLockRegistry} or {@code RedisLockRegistry} switches by declaring this bean instead
 * (the Orbit starter declares it when no other {@code LockRegistry} exists); Spring Integration's
 * {@code LockRegistryLeaderInitiator} over it elects one leader per role across the fleet.
 * <p>
 * Behaviour, as Spring Integration's distributed registries:
 * <ul>
 * <li>Keys are {@link String}s; the lock of key {@code k} is the claim on subject {@code k} (the subject
 * {@code @Claimed("k")} takes). {@link #obtain(Object)} returns the same lock for the same key until
 * {@link #expireUnusedOlderThan(long)} drops it.</li>
 * <li>Locks are reentrant for the thread holding them, and a thread's reentrant {@code tryLock} renews the claim,
 * so a leader initiator that re-acquires its lock learns whether it still leads.</li>
 * <li>While held, the claim is renewed every third of its time to live ({@code orbit.claims.default-ttl} unless
 * given), so it lasts until {@code unlock()} or until the holder's process dies (then at once, not after the time
 * to live).</li>
 * <li>{@code tryLock(time, unit)} asks the contest again, parked, at most every 5 ms until the time passes;
 * {@code lock()} waits without limit.</li>
 * <li>{@code unlock()} of a lock whose claim ended meanwhile (the process stalled past the time to live and
 * another took it) throws {@link IllegalStateException}: what the lock protected may have been changed by
 * another process. {@link #newCondition()} is not supported.</li>
 * </ul>
 */
public class OrbitLockRegistry implements ExpirableLockRegistry<DistributedLock>,
        RenewableLockRegistry<DistributedLock> {

    private static final Duration MIN_TTL = Duration.ofMillis(1);

    private final Contest contest;

    private final OrbitScheduler scheduler;

    private final Duration ttl;

    private final Map<String, OrbitLock> locks = new ConcurrentHashMap<>();

    /**
     * @param contest   the fleet's contest.
     * @param scheduler renews held locks; {@code null} to renew only when asked ({@link #renewLock}) or on a
     *                  reentrant {@code tryLock}.
     * @param ttl       time to live of each claim.
     */
    public OrbitLockRegistry(Contest contest, OrbitScheduler scheduler, Duration ttl) {
        Assert.notNull(contest, "contest must not be null");
        Assert.isTrue(ttl != null && ttl.compareTo(MIN_TTL) >= 0, () -> "ttl must be at least 1ms, was " + ttl);
        this.contest = contest;
        this.scheduler = scheduler;
        this.ttl = ttl;
    }

    @Override
    public DistributedLock obtain(Object lockKey) {
        Assert.isInstanceOf(String.class, lockKey, "lockKey must be a String");
        String key = (String) lockKey;
        Subject.of(key); // refuses an empty or too long key here, naming it
        return this.locks.computeIfAbsent(key, OrbitLock::new).touch();
    }

    @Override
    public void expireUnusedOlderThan(long age) {
        long now = System.currentTimeMillis();
        this.locks.entrySet()
            .removeIf((entry) -> !entry.getValue().local.isLocked() && now - entry.getValue().lastUsed > age);
    }

    @Override
    public void renewLock(Object lockKey) {
        renewLock(lockKey, this.ttl);
    }

    @Override
    public void renewLock(Object lockKey, Duration ttl) {
        Assert.isInstanceOf(String.class, lockKey, "lockKey must be a String");
        OrbitLock lock = this.locks.get(lockKey);
        if (lock == null || !lock.local.isHeldByCurrentThread()) {
            throw new IllegalStateException("the lock '" + lockKey + "' is not held by this thread; only its holder "
                    + "can renew it");
        }
        if (!lock.renew(ttl)) {
            throw new IllegalStateException("the lock '" + lockKey + "' was lost: its claim ended before this "
                    + "renewal (the process stalled past the time to live and another process took it)");
        }
    }

    @Override
    public String toString() {
        return "OrbitLockRegistry(ttl=" + this.ttl + ", locks=" + this.locks.size() + ")";
    }

    /**
     * A process-local reentrant lock in front of one claim: a thread holds the lock when it holds the local lock
     * and this process holds the claim.
     */
    private final class OrbitLock implements DistributedLock {

        private final String key;

        private final Subject subject;

        private final ReentrantLock local = new ReentrantLock();

        private volatile long lastUsed = System.currentTimeMillis();

        /** The claim while the local lock is held; written and read by the holding thread (and the renewal). */
        private volatile Guard guard;

        private volatile Duration heldTtl;

        private ScheduledFuture<?> renewal;

        OrbitLock(String key) {
            this.key = key;
            this.subject = Subject.of(key);
        }

        OrbitLock touch() {
            this.lastUsed = System.currentTimeMillis();
            return this;
        }

        @Override
        public void lock() {
            lock(OrbitLockRegistry.this.ttl);
        }

        @Override
        public void lock(Duration ttl) {
            boolean interrupted = false;
            while (true) {
                try {
                    if (tryLock(Duration.ofDays(1), ttl)) {
                        break;
                    }
                }
                catch (InterruptedException ex) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void lockInterruptibly() throws InterruptedException {
            while (!tryLock(Duration.ofDays(1), OrbitLockRegistry.this.ttl)) {
                // wait on
            }
        }

        @Override
        public boolean tryLock() {
            try {
                return tryLock(Duration.ZERO, OrbitLockRegistry.this.ttl);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        @Override
        public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
            return tryLock(Duration.ofNanos(unit.toNanos(time)), OrbitLockRegistry.this.ttl);
        }

        @Override
        public boolean tryLock(Duration waitTime, Duration ttl) throws InterruptedException {
            Duration claimTtl = (ttl.compareTo(MIN_TTL) < 0) ? MIN_TTL : ttl;
            long deadline = System.nanoTime() + Math.max(0, waitTime.toNanos());
            touch();
            if (!this.local.tryLock(Math.max(0, waitTime.toNanos()), TimeUnit.NANOSECONDS)) {
                return false;
            }
            boolean held = false;
            try {
                if (this.guard != null) {
                    if (renew(claimTtl)) {
                        held = true; // reentrant: the claim is still ours and now renewed
                        return true;
                    }
                    drop(); // the claim ended meanwhile: claim it again, as a first acquisition would
                }
                Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
                ClaimResult result = ClaimAttempt.claim(OrbitLockRegistry.this.contest, this.subject,
                        ClaimAttempt.owner("lock " + Thread.currentThread().getName()), claimTtl, left);
                if (result instanceof Claimed claimed) {
                    hold(claimed.guard(), claimTtl);
                    held = true;
                    return true;
                }
                return false;
            }
            finally {
                if (!held) {
                    this.local.unlock();
                }
            }
        }

        private void hold(Guard guard, Duration claimTtl) {
            this.guard = guard;
            this.heldTtl = claimTtl;
            OrbitScheduler orbitScheduler = OrbitLockRegistry.this.scheduler;
            if (orbitScheduler != null) {
                Duration period = claimTtl.dividedBy(3);
                this.renewal = orbitScheduler.scheduleAtFixedRate(this::keepAlive,
                        period.isZero() ? MIN_TTL : period);
            }
        }

        private void drop() {
            this.guard = null;
            ScheduledFuture<?> scheduled = this.renewal;
            this.renewal = null;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }

        private void keepAlive() {
            Guard current = this.guard;
            if (current != null && current.isHeld()) {
                current.renew(this.heldTtl);
            }
        }

        boolean renew(Duration claimTtl) {
            Guard current = this.guard;
            if (current != null && current.renew(claimTtl)) {
                this.heldTtl = claimTtl;
                return true;
            }
            return false;
        }

        @Override
        public void unlock() {
            if (!this.local.isHeldByCurrentThread()) {
                throw new IllegalStateException("the lock '" + this.key + "' is not held by this thread");
            }
            if (this.local.getHoldCount() > 1) {
                this.local.unlock();
                return;
            }
            Guard current = this.guard;
            try {
                drop();
                boolean stillHeld = current != null && current.isHeld();
                if (current != null) {
                    current.close();
                }
                if (!stillHeld) {
                    throw new IllegalStateException("the lock '" + this.key + "' was lost before unlock(): its claim "
                            + "ended (the process stalled past its time to live of " + this.heldTtl + " and another "
                            + "process may have taken it); what it protected may have been changed meanwhile");
                }
            }
            finally {
                this.local.unlock();
                touch();
            }
        }

        @Override
        public Condition newCondition() {
            throw new UnsupportedOperationException("an Orbit lock has no conditions: it spans processes");
        }

        @Override
        public String toString() {
            return "OrbitLock(key=" + this.key + ", held=" + (this.guard != null) + ")";
        }

    }

}
