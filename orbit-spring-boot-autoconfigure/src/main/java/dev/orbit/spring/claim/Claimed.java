package dev.orbit.spring.claim;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.aot.hint.annotation.Reflective;
import org.springframework.core.annotation.AliasFor;

/**
 * Runs the annotated method only while this process holds a claim on a subject, so that it runs in at most one
 * process of the fleet at a time. The claim is taken before the method runs, renewed every third of its time to
 * live while it runs (unless {@code keepAlive = false}), and released when it returns or throws. When another
 * process holds the claim, the method is skipped or throws, as {@link #onYield()} says. A claim whose holder
 * process dies ends at once.
 * <pre class="code">
 * &#64;Scheduled(fixedDelay = 60_000)
 * &#64;Claimed("nightly-report")
 * public void report() { ... }
 *
 * &#64;Claimed("rebuild-#{#region}")
 * public Optional&lt;Summary&gt; rebuild(String region) { ... }
 *
 * &#64;Scheduled(cron = "0 * * * * *")
 * &#64;Claimed(value = "minutely", minHold = "10s")   // never twice in one minute, however clocks drift
 * public void everyMinute() { ... }
 * </pre>
 * Works on {@code @Scheduled} methods, so a job runs in one sibling at a time. Usable as a meta-annotation.
 * <p>
 * In a fleet that spans hosts ({@code orbit.bridge.redis.enabled=true}) the claim holds across every host by default
 * ({@link ClaimScope#FLEET}): one process of the whole fleet runs the method, and when it dies another one, on any
 * host, takes over within about a second. With Redis unreachable a fleet claim is not taken (fail closed: the
 * method is skipped, or throws). {@code scope = HOST} keeps the claim to this host's processes.
 * Applies through Spring AOP proxies: only calls from outside the bean are claimed.
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(ClaimedReflectiveProcessor.class)
public @interface Claimed {

    /**
     * @return alias for {@link #subject()}.
     */
    @AliasFor("subject")
    String value() default "";

    /**
     * The subject claimed: plain text, with {@code ${...}} placeholders and {@code #{...}} SpEL templates, which see
     * the method's arguments by name ({@code #region}, or {@code #p0} / {@code #a0}), {@code #root.method},
     * {@code #root.args}, {@code #root.target} and beans as {@code @name}. At most 200 UTF-8 bytes once resolved.
     * Defaults to the method's {@code ClassName.methodName}.
     * <p>
     * Arguments by name need the class compiled with {@code -parameters} ({@code spring-boot-starter-parent} and
     * Spring Boot's Gradle plugin set it); without it, a template naming an argument fails startup with the fix,
     * rather than claiming a shorter subject. A part that evaluates to {@code null} fails the call; give it a
     * default, e.g. {@code #{#region ?: 'all'}}.
     *
     * @return the subject.
     */
    @AliasFor("value")
    String subject() default "";

    /**
     * @return the claim's time to live, e.g. {@code "30s"} or {@code "PT5M"}; empty for
     *     {@code orbit.claims.default-ttl}. Placeholders allowed.
     */
    String ttl() default "";

    /**
     * @return whether the claim is renewed while the method runs (every third of its time to live); also
     *     switched off for every method by {@code orbit.claims.keep-alive=false}.
     */
    boolean keepAlive() default true;

    /**
     * The shortest time the claim is held, counted from when it was taken: a method that returns sooner leaves
     * the claim held (not renewed) until then, so that a sibling whose trigger fires a few milliseconds later does
     * not run the job again (ShedLock's {@code lockAtLeastFor}). Empty or zero: released on return. At most the
     * {@link #ttl()} when that is given. A holder whose process dies still loses the claim at once. Placeholders
     * allowed.
     *
     * @return e.g. {@code "10s"}.
     */
    String minHold() default "";

    /**
     * The longest time to wait for another process to release the claim before yielding as {@link #onYield()}
     * says; the caller's thread waits (parked, asking again at most every 5 ms). Empty or zero: yield at once.
     * An interrupt ends the wait (a yield; the interrupt flag is kept). Placeholders allowed.
     *
     * @return e.g. {@code "2s"}.
     */
    String maxWait() default "";

    /**
     * @return what to do when another process holds the claim.
     */
    OnYield onYield() default OnYield.SKIP;

    /**
     * @return where the claim holds: the whole fleet (every host when the fleet spans hosts), or this host only.
     */
    ClaimScope scope() default ClaimScope.FLEET;

}
