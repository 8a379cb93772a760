package dev.orbit.spring.claim;

import java.lang.reflect.Method;

import org.aopalliance.aop.Advice;

import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;

/**
 * Applies the {@link ClaimedMethodInterceptor} to {@link Claimed} methods. Ordered by
 * {@link #setOrder(int)}; by default it runs inside transaction and caching advice of lower precedence, i.e.
 * the claim is taken before anything else happens.
 */
public class ClaimedAdvisor extends AbstractPointcutAdvisor {

    private static final long serialVersionUID = 1L;

    private final transient Pointcut pointcut;

    private final transient Advice advice;

    /**
     * @param operations finds the methods' attributes (and rejects methods that cannot be claimed).
     * @param advice     the interceptor.
     */
    public ClaimedAdvisor(ClaimedOperationSource operations, ClaimedMethodInterceptor advice) {
        this.advice = advice;
        this.pointcut = new StaticMethodMatcherPointcut() {

            @Override
            public boolean matches(Method method, Class<?> targetClass) {
                return operations.getOperation(method, targetClass) != null;
            }

        };
    }

    @Override
    public Pointcut getPointcut() {
        return this.pointcut;
    }

    @Override
    public Advice getAdvice() {
        return this.advice;
    }

}
