package dev.orbit.spring.claim;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import dev.orbit.contest.ClaimResult;
import dev.orbit.contest.Contest;
import dev.orbit.contest.Guard;
import dev.orbit.contest.Subject;
import dev.orbit.contest.YieldTo;
import dev.orbit.spring.metrics.OrbitMeters;
import dev.orbit.spring.observation.OrbitObserver;
import dev.orbit.spring.scheduling.OrbitScheduler;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.aop.support.AopUtils;

/**
 * Runs a {@link Claimed} method only while this process holds its claim: claims (waiting up to its
 * {@code maxWait} for the holder), renews while the method runs, releases when it returns or throws (or keeps it
 * until its {@code minHold} passed); skips or throws when another process holds the claim.
 */
public class ClaimedMethodInterceptor implements MethodInterceptor {

    private static final Log logger = LogFactory.getLog(ClaimedMethodInterceptor.class);

    private static final Duration MIN_TTL = Duration.ofMillis(1);

    private final ClaimedOperationSource operations;

    private final ClaimSubjectResolver resolver;

    private final Supplier<Settings> settings;

    /**
     * @param operations finds the methods' attributes.
     * @param resolver   resolves subjects.
     * @param settings   the contest and defaults, resolved on first use.
     */
    public ClaimedMethodInterceptor(ClaimedOperationSource operations, ClaimSubjectResolver resolver,
            Supplier<Settings> settings) {
        this.operations = operations;
        this.resolver = resolver;
        this.settings = settings;
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        Object target = invocation.getThis();
        Class<?> targetClass = (target != null) ? AopUtils.getTargetClass(target) : null;
        Method method = invocation.getMethod();
        ClaimedOperation operation = this.operations.getOperation(method, targetClass);
        if (operation == null) {
            return invocation.proceed();
        }
        Settings current = this.settings.get();
        String subject = this.resolver.resolve(operation.subject(), operation.method(), invocation.getArguments(),
                target, (targetClass != null) ? targetClass : method.getDeclaringClass());
        Duration ttl = (operation.ttl() != null) ? operation.ttl() : current.defaultTtl();
        OrbitObserver observer = current.observer().get();
        FleetClaimer fleetClaimer = current.fleetClaimer();
        boolean acrossHosts = operation.scope() == ClaimScope.FLEET && fleetClaimer != null;
        Guard guard;
        if (acrossHosts) {
            FleetClaimer.Outcome outcome = observer.claim(subject, "fleet",
                    () -> claimAcrossHosts(fleetClaimer, subject, method, ttl, operation.maxWait()),
                    ClaimedMethodInterceptor::outcome);
            if (outcome instanceof FleetClaimer.Yielded yielded) {
                return yielded(method, operation, current, "yielded",
                        new ClaimYieldedException(subject, yielded.hostId(), yielded.holder()));
            }
            if (outcome instanceof FleetClaimer.Unavailable unavailable) {
                return yielded(method, operation, current, "unavailable",
                        new ClaimYieldedException(subject, unavailable.reason()));
            }
            guard = ((FleetClaimer.Held) outcome).guard();
        }
        else {
            ClaimResult result = observer.claim(subject, () -> claim(current.contest(), subject, method, ttl,
                    operation.maxWait()));
            if (result instanceof YieldTo yielded) {
                return yielded(method, operation, current, "yielded",
                        new ClaimYieldedException(subject, yielded.holder()));
            }
            guard = ((dev.orbit.contest.Claimed) result).guard();
        }
        long claimedAt = System.nanoTime();
        Renewal renewal = null;
        try {
            current.meters().get().claim("claimed");
            if (operation.keepAlive() && current.keepAlive()) {
                renewal = new Renewal(subject, guard, ttl, current, acrossHosts);
            }
            return observer.hold(subject, invocation::proceed);
        }
        finally {
            if (renewal != null) {
                renewal.finish();
            }
            Duration left = operation.minHold().minusNanos(System.nanoTime() - claimedAt);
            if (!left.isNegative() && !left.isZero()) {
                keep(subject, guard, left, current);
            }
            else {
                release(subject, guard, current);
            }
        }
    }

    /**
     * Leaves the claim held until its minimum hold passed: its expiry is set to then, and nobody releases it.
     */
    private static void keep(String subject, Guard guard, Duration left, Settings settings) {
        Duration until = (left.compareTo(MIN_TTL) < 0) ? MIN_TTL : left;
        try {
            if (guard.renew(until)) {
                settings.meters().get().claim("kept");
                return;
            }
        }
        catch (RuntimeException ex) {
            logger.warn("Claim '" + subject + "' could not be kept for its minimum hold; releasing it", ex);
        }
        release(subject, guard, settings);
    }

    private static Object yielded(Method method, ClaimedOperation operation, Settings settings, String outcome,
            ClaimYieldedException yielded) {
        settings.meters().get().claim(outcome);
        if (operation.onYield() == OnYield.THROW) {
            throw yielded;
        }
        if (logger.isDebugEnabled()) {
            logger.debug("Skipping " + method + ": " + yielded.getMessage());
        }
        return (method.getReturnType() == Optional.class) ? Optional.empty() : null;
    }

    /**
     * A fleet claim, tried again while another holder has it until {@code maxWait} passed (the same pauses as
     * {@link ClaimAttempt}); Redis being unavailable ends the wait at once.
     */
    private static FleetClaimer.Outcome claimAcrossHosts(FleetClaimer claimer, String subject, Method method,
            Duration ttl, Duration maxWait) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        long pause = TimeUnit.MICROSECONDS.toNanos(ClaimAttempt.FIRST_PAUSE_MICROS);
        while (true) {
            FleetClaimer.Outcome outcome = claimer.tryClaim(Subject.of(subject), owner(method), ttl);
            long left = deadline - System.nanoTime();
            if (!(outcome instanceof FleetClaimer.Yielded) || left <= 0 || Thread.currentThread().isInterrupted()) {
                return outcome;
            }
            LockSupport.parkNanos(Math.min(pause, left));
            pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(ClaimAttempt.MAX_PAUSE_MILLIS));
        }
    }

    private static String outcome(FleetClaimer.Outcome outcome) {
        if (outcome instanceof FleetClaimer.Held) {
            return "claimed";
        }
        return (outcome instanceof FleetClaimer.Yielded) ? "yielded" : "unavailable";
    }

    private static void release(String subject, Guard guard, Settings settings) {
        try {
            guard.close();
        }
        catch (RuntimeException ex) {
            logger.warn("Claim '" + subject + "' could not be released; it ends when its time to live passes", ex);
            return;
        }
        settings.meters().get().claim("released");
    }

    private static ClaimResult claim(Contest contest, String subject, Method method, Duration ttl,
            Duration maxWait) {
        try {
            return ClaimAttempt.claim(contest, Subject.of(subject), owner(method), ttl, maxWait);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt(); // the wait ends; the caller still sees the interrupt
            return contest.tryClaim(Subject.of(subject), owner(method), ttl);
        }
    }

    private static String owner(Method method) {
        return ClaimAttempt.owner(method.getDeclaringClass().getSimpleName() + "." + method.getName());
    }

    /**
     * What the interceptor needs at call time.
     *
     * @param contest    the fleet's contest.
     * @param scheduler  runs renewals.
     * @param defaultTtl time to live of claims whose annotation gives none.
     * @param keepAlive  whether renewals are allowed at all.
     * @param meters     where outcomes are counted.
     * @param observer   where claims and claimed methods are observed ({@code orbit.claim},
     *                   {@code orbit.claim.hold}).
     * @param fleetClaimer claims across hosts for {@link ClaimScope#FLEET} methods, {@code null} when the fleet
     *     does not span hosts (then every claim is this host's).
     */
    public record Settings(Contest contest, OrbitScheduler scheduler, Duration defaultTtl, boolean keepAlive,
            Supplier<OrbitMeters> meters, Supplier<OrbitObserver> observer, FleetClaimer fleetClaimer) {

        /**
         * Settings of a fleet that does not span hosts, without observations.
         *
         * @param contest    the fleet's contest.
         * @param scheduler  runs renewals.
         * @param defaultTtl time to live of claims whose annotation gives none.
         * @param keepAlive  whether renewals are allowed at all.
         * @param meters     where outcomes are counted.
         */
        public Settings(Contest contest, OrbitScheduler scheduler, Duration defaultTtl, boolean keepAlive,
                Supplier<OrbitMeters> meters) {
            this(contest, scheduler, defaultTtl, keepAlive, meters, () -> OrbitObserver.NONE, null);
        }

    }

    /**
     * Renews a claim every third of its time to live until {@link #finish()}; a renewal that runs after (or while)
     * the method finished is ignored, so the guard's release is never mistaken for a lost claim.
     */
    private static final class Renewal {

        private final String subject;

        private final Guard guard;

        private final Duration ttl;

        private final Settings settings;

        private final boolean acrossHosts;

        private final AtomicBoolean lost = new AtomicBoolean();

        private volatile boolean done;

        private final ScheduledFuture<?> task;

        Renewal(String subject, Guard guard, Duration ttl, Settings settings, boolean acrossHosts) {
            this.subject = subject;
            this.acrossHosts = acrossHosts;
            this.guard = guard;
            this.ttl = ttl;
            this.settings = settings;
            Duration period = ttl.dividedBy(3);
            this.task = settings.scheduler()
                .scheduleAtFixedRate(this::renew, period.isZero() ? Duration.ofMillis(1) : period);
        }

        private void renew() {
            if (this.done || this.lost.get()) {
                return;
            }
            boolean renewed = this.guard.renew(this.ttl);
            if (this.done) {
                return; // the method finished meanwhile; a false result is its release, not a loss
            }
            if (renewed) {
                this.settings.meters().get().claim("renewed");
            }
            else if (this.acrossHosts && this.guard.isHeld()) {
                // A fleet claim whose renewal Redis did not confirm this time, yet still within its time to live:
                // try again at the next period.
                this.settings.meters().get().claim("renewal-failed");
            }
            else if (this.lost.compareAndSet(false, true)) {
                this.settings.meters().get().claim("lost");
                logger.warn("Claim '" + this.subject + "' ended while its method was still running (it expired "
                        + "before a renewal); another process may now run it too");
                ScheduledFuture<?> scheduled = this.task;
                if (scheduled != null) {
                    scheduled.cancel(false);
                }
            }
        }

        /**
         * Called when the method returned or threw, before the guard is closed.
         */
        void finish() {
            this.done = true;
            this.task.cancel(false);
        }

    }

}
