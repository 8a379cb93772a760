package dev.orbit.spring.shedlock;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.orbit.contest.ClaimResult;
import dev.orbit.contest.Claimed;
import dev.orbit.contest.Contest;
import dev.orbit.contest.Guard;
import dev.orbit.contest.Subject;
import dev.orbit.spring.claim.ClaimAttempt;
import net.javacrumbs.shedlock.core.AbstractSimpleLock;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.ExtensibleLockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;

/**
 * A ShedLock {@link net.javacrumbs.shedlock.core.LockProvider} whose locks are claims of the fleet's
 * {@link Contest}: an application on ShedLock moves its {@code @SchedulerLock} jobs to Orbit by declaring this one
 * bean instead of its JDBC, Redis or Mongo provider (the Orbit starter declares it when no other
 * {@code LockProvider} exists).
 * <pre class="code">
 * &#64;Bean
 * LockProvider lockProvider(Contest contest) {
 *     return new OrbitLockProvider(contest);
 * }
 * </pre>
 * The lock named {@code n} is the claim on subject {@code n} (the subject a {@code @Claimed("n")} method takes,
 * so both exclude each other). {@code lockAtMostFor} is the claim's time to live; {@code lockAtLeastFor} keeps
 * the claim, not renewed, until that long after it was taken. Unlike a database lock, a lock whose holder process
 * dies ends at once: a sibling runs the job at its next trigger rather than after {@code lockAtMostFor}. Locks can
 * be extended ({@link net.javacrumbs.shedlock.core.LockExtender}). No database, no table, no clock skew: every
 * process reads one clock.
 */
public class OrbitLockProvider implements ExtensibleLockProvider {

    private static final Duration MIN_TTL = Duration.ofMillis(1);

    private final Contest contest;

    /**
     * @param contest the fleet's contest.
     */
    public OrbitLockProvider(Contest contest) {
        this.contest = contest;
    }

    @Override
    public Optional<SimpleLock> lock(LockConfiguration configuration) {
        Duration ttl = atLeastOneMilli(configuration.getLockAtMostFor());
        ClaimResult result = this.contest.tryClaim(Subject.of(configuration.getName()),
                ClaimAttempt.owner("shedlock " + configuration.getName()), ttl);
        if (result instanceof Claimed claimed) {
            return Optional.of(new OrbitLock(configuration, claimed.guard()));
        }
        return Optional.empty();
    }

    private static Duration atLeastOneMilli(Duration duration) {
        return (duration.compareTo(MIN_TTL) < 0) ? MIN_TTL : duration;
    }

    @Override
    public String toString() {
        return "OrbitLockProvider(" + this.contest + ")";
    }

    /**
     * One held lock: its guard and the configuration it was taken (or last extended) with.
     */
    private static final class OrbitLock extends AbstractSimpleLock {

        private final Guard guard;

        OrbitLock(LockConfiguration configuration, Guard guard) {
            super(configuration);
            this.guard = guard;
        }

        @Override
        protected void doUnlock() {
            Instant now = ClockProvider.now();
            Instant atLeastUntil = this.lockConfiguration.getLockAtLeastUntil();
            if (atLeastUntil.isAfter(now) && this.guard.renew(atLeastOneMilli(Duration.between(now, atLeastUntil)))) {
                return; // held, not renewed, until lockAtLeastFor passed
            }
            this.guard.close();
        }

        @Override
        protected Optional<SimpleLock> doExtend(LockConfiguration configuration) {
            if (this.guard.renew(atLeastOneMilli(configuration.getLockAtMostFor()))) {
                return Optional.of(new OrbitLock(configuration, this.guard));
            }
            return Optional.empty();
        }

    }

}
