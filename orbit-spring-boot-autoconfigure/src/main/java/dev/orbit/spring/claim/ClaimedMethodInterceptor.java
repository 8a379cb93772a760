package dev.orbit.spring.claim;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import dev.orbit.contest.ClaimResult;
import dev.orbit.contest.Contest;
import dev.orbit.contest.Guard;
import dev.orbit.contest.Subject;
import dev.orbit.contest.YieldTo;
import dev.orbit.spring.metrics.OrbitMeters;
import dev.orbit.spring.scheduling.OrbitScheduler;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.aop.support.AopUtils;

/**
 * Runs a {@link Claimed} method only while this process holds its claim: claims, renews while the method runs,
 * releases when it returns or throws; skips or throws when another process holds the claim.
 */
public class ClaimedMethodInterceptor implements MethodInterceptor {

    private static final Log logger = LogFactory.getLog(ClaimedMethodInterceptor.class);

    private static final int MAX_OWNER_LENGTH = 64;

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
        ClaimResult result = current.contest().tryClaim(Subject.of(subject), owner(method), ttl);
        if (result instanceof YieldTo yielded) {
            current.meters().get().claim("yielded");
            if (operation.onYield() == OnYield.THROW) {
                throw new ClaimYieldedException(subject, yielded.holder());
            }
            if (logger.isDebugEnabled()) {
                logger.debug("Skipping " + method + ": " + new ClaimYieldedException(subject, yielded.holder())
                    .getMessage());
            }
            return (method.getReturnType() == Optional.class) ? Optional.empty() : null;
        }
        Guard guard = ((dev.orbit.contest.Claimed) result).guard();
        Renewal renewal = null;
        try {
            current.meters().get().claim("claimed");
            if (operation.keepAlive() && current.keepAlive()) {
                renewal = new Renewal(subject, guard, ttl, current);
            }
            return invocation.proceed();
        }
        finally {
            if (renewal != null) {
                renewal.finish();
            }
            release(subject, guard, current);
        }
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

    private static String owner(Method method) {
        String owner = method.getDeclaringClass().getSimpleName() + "." + method.getName();
        byte[] bytes = owner.getBytes(StandardCharsets.UTF_8);
        return (bytes.length <= MAX_OWNER_LENGTH) ? owner
                : new String(bytes, 0, MAX_OWNER_LENGTH, StandardCharsets.UTF_8).replace("\uFFFD", "");
    }

    /**
     * What the interceptor needs at call time.
     *
     * @param contest    the fleet's contest.
     * @param scheduler  runs renewals.
     * @param defaultTtl time to live of claims whose annotation gives none.
     * @param keepAlive  whether renewals are allowed at all.
     * @param meters     where outcomes are counted.
     */
    public record Settings(Contest contest, OrbitScheduler scheduler, Duration defaultTtl, boolean keepAlive,
            Supplier<OrbitMeters> meters) {
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

        private final AtomicBoolean lost = new AtomicBoolean();

        private volatile boolean done;

        private final ScheduledFuture<?> task;

        Renewal(String subject, Guard guard, Duration ttl, Settings settings) {
            this.subject = subject;
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
