package dev.orbit.spring.claim;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

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
 * </pre>
 * Works on {@code @Scheduled} methods, so a job runs in one sibling at a time. Usable as a meta-annotation.
 * Applies through Spring AOP proxies: only calls from outside the bean are claimed.
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
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
     * @return what to do when another process holds the claim.
     */
    OnYield onYield() default OnYield.SKIP;

}
