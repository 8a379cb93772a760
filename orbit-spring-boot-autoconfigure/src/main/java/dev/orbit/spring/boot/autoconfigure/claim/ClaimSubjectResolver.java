package dev.orbit.spring.boot.autoconfigure.claim;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.expression.BeanFactoryResolver;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.expression.Expression;
import org.springframework.expression.ParserContext;
import org.springframework.expression.common.TemplateParserContext;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.util.StringUtils;

/**
 * Resolves the subject of a {@link Claimed} method call: {@code ${...}} placeholders first, then, when the text
 * holds {@code #{...}}, a SpEL template evaluated against the call: arguments by name ({@code #region}) or
 * position ({@code #p0}, {@code #a0}), {@code #root.method}, {@code #root.args}, {@code #root.target},
 * {@code #root.targetClass}, and beans as {@code @beanName}. Text without {@code #{} is used as is. An empty
 * subject defaults to {@code SimpleClassName.methodName}. Parsed templates are cached.
 */
public class ClaimSubjectResolver {

    private static final ParserContext TEMPLATE = new TemplateParserContext();

    private final SpelExpressionParser parser = new SpelExpressionParser();

    private final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

    private final Map<String, Expression> expressions = new ConcurrentHashMap<>();

    private final BeanFactory beanFactory;

    /**
     * @param beanFactory resolves placeholders and {@code @bean} references; may be {@code null}.
     */
    public ClaimSubjectResolver(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    /**
     * @param subject     the annotation's subject.
     * @param method      the method called.
     * @param args        its arguments.
     * @param target      the target object.
     * @param targetClass the target's class.
     * @return the resolved subject.
     * @throws IllegalStateException when the template resolves to nothing.
     */
    public String resolve(String subject, Method method, Object[] args, Object target, Class<?> targetClass) {
        if (!StringUtils.hasText(subject)) {
            return targetClass.getSimpleName() + "." + method.getName();
        }
        String text = resolvePlaceholders(subject);
        if (!text.contains(TEMPLATE.getExpressionPrefix())) {
            return text;
        }
        Expression expression = this.expressions.computeIfAbsent(text,
                (template) -> this.parser.parseExpression(template, TEMPLATE));
        MethodBasedEvaluationContext context = new MethodBasedEvaluationContext(
                new Root(method, args, target, targetClass), method, args, this.parameterNames);
        if (this.beanFactory != null) {
            context.setBeanResolver(new BeanFactoryResolver(this.beanFactory));
        }
        String value = expression.getValue(context, String.class);
        if (!StringUtils.hasText(value)) {
            throw new IllegalStateException("@Claimed subject '" + subject + "' of " + method.getDeclaringClass()
                .getName() + "." + method.getName() + "() resolved to an empty subject");
        }
        return value;
    }

    /**
     * @param text text with placeholders.
     * @return the text with placeholders resolved.
     */
    public String resolvePlaceholders(String text) {
        if (this.beanFactory instanceof ConfigurableBeanFactory configurable) {
            String resolved = configurable.resolveEmbeddedValue(text);
            return (resolved != null) ? resolved : text;
        }
        return text;
    }

    /**
     * The root object of a subject template.
     */
    public static final class Root {

        private final Method method;

        private final Object[] args;

        private final Object target;

        private final Class<?> targetClass;

        Root(Method method, Object[] args, Object target, Class<?> targetClass) {
            this.method = method;
            this.args = args;
            this.target = target;
            this.targetClass = targetClass;
        }

        /**
         * @return the method called.
         */
        public Method getMethod() {
            return this.method;
        }

        /**
         * @return the method's name.
         */
        public String getMethodName() {
            return this.method.getName();
        }

        /**
         * @return the arguments.
         */
        public Object[] getArgs() {
            return this.args;
        }

        /**
         * @return the target object.
         */
        public Object getTarget() {
            return this.target;
        }

        /**
         * @return the target's class.
         */
        public Class<?> getTargetClass() {
            return this.targetClass;
        }

    }

}
