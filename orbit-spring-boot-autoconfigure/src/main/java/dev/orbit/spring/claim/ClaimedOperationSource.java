package dev.orbit.spring.claim;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.StringUtils;

/**
 * Finds and checks the {@link Claimed} attributes of methods, directly or through meta-annotations, once per
 * method. A method that cannot be claimed fails when its bean is proxied, that is at startup: one returning a
 * primitive with {@code onYield = SKIP} (there is no value to skip with), one whose {@code ttl} is not a
 * positive duration, or one whose subject template does not parse or names a variable that cannot be resolved
 * (see {@link ClaimSubjectResolver#validate}).
 */
public class ClaimedOperationSource {

    private final Map<Method, Optional<ClaimedOperation>> cache = new ConcurrentHashMap<>();

    private final ClaimSubjectResolver resolver;

    /**
     * @param resolver resolves placeholders in {@code ttl} and checks subject templates.
     */
    public ClaimedOperationSource(ClaimSubjectResolver resolver) {
        this.resolver = resolver;
    }

    /**
     * @param method      a method.
     * @param targetClass the target class, may be {@code null}.
     * @return its operation, or {@code null} when it is not claimed.
     * @throws IllegalStateException when the method is claimed but cannot be, naming it.
     */
    public ClaimedOperation getOperation(Method method, Class<?> targetClass) {
        Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
        return this.cache.computeIfAbsent(specific, this::find).orElse(null);
    }

    private Optional<ClaimedOperation> find(Method method) {
        Claimed claimed = AnnotatedElementUtils.findMergedAnnotation(method, Claimed.class);
        if (claimed == null) {
            return Optional.empty();
        }
        Class<?> returnType = method.getReturnType();
        if (claimed.onYield() == OnYield.SKIP && returnType.isPrimitive() && returnType != void.class) {
            throw new IllegalStateException("@Claimed method " + describe(method) + " returns " + returnType.getName()
                    + " but onYield = SKIP has no " + returnType.getName() + " to return when another process "
                    + "holds the claim: return a wrapper or Optional, or use onYield = OnYield.THROW");
        }
        Duration ttl = null;
        if (StringUtils.hasText(claimed.ttl())) {
            String text = this.resolver.resolvePlaceholders(claimed.ttl()).trim();
            try {
                ttl = DurationStyle.detectAndParse(text);
            }
            catch (IllegalArgumentException ex) {
                throw new IllegalStateException("@Claimed method " + describe(method) + " has ttl=\"" + text
                        + "\", which is not a duration: use e.g. \"30s\", \"5m\" or \"PT1M\"", ex);
            }
            if (ttl.isZero() || ttl.isNegative()) {
                throw new IllegalStateException("@Claimed method " + describe(method) + " has ttl=\"" + text
                        + "\": a claim's time to live must be positive");
            }
        }
        this.resolver.validate(claimed.subject(), method);
        return Optional.of(new ClaimedOperation(method, claimed.subject(), ttl, claimed.keepAlive(),
                claimed.onYield()));
    }

    private static String describe(Method method) {
        return method.getDeclaringClass().getName() + "." + method.getName() + "()";
    }

}
