package dev.orbit.spring.claim;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.expression.BeanFactoryResolver;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.ParserContext;
import org.springframework.expression.common.CompositeStringExpression;
import org.springframework.expression.common.TemplateParserContext;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.ast.VariableReference;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.util.StringUtils;

/**
 * Resolves the subject of a {@link Claimed} method call: {@code ${...}} placeholders first, then, when the text
 * holds {@code #{...}}, a SpEL template evaluated against the call: arguments by name ({@code #region}) or
 * position ({@code #p0}, {@code #a0}), {@code #root.method}, {@code #root.args}, {@code #root.target},
 * {@code #root.targetClass}, and beans as {@code @beanName}. Text without {@code #{} is used as is. An empty
 * subject defaults to {@code SimpleClassName.methodName}. Parsed templates are cached.
 * <p>
 * <b>A subject never silently loses a part.</b> {@link #validate} (run when the bean is proxied, that is at
 * startup) refuses a template that does not parse, or that names a variable the call cannot resolve: an argument
 * by name when the class was compiled without {@code -parameters} (its parameter names are then unknown), a name
 * that no parameter has, or a position past the last argument. At call time a part that evaluates to
 * {@code null} fails the call instead of shortening the subject.
 */
public class ClaimSubjectResolver {

    private static final ParserContext TEMPLATE = new TemplateParserContext();

    private static final Pattern POSITION = Pattern.compile("[ap](\\d+)");

    private static final Set<String> ROOT_VARIABLES = Set.of("root", "this");

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
     * Checks that every variable of a subject template can be resolved for every call of {@code method}.
     *
     * @param subject the annotation's subject.
     * @param method  the method (the most specific one, whose parameter names are used at call time).
     * @throws IllegalStateException naming the method, the expression and the fix, when the template does not
     *                               parse or names a variable the call cannot resolve.
     */
    public void validate(String subject, Method method) {
        if (!StringUtils.hasText(subject)) {
            return;
        }
        String text = resolvePlaceholders(subject);
        if (!text.contains(TEMPLATE.getExpressionPrefix())) {
            return;
        }
        Expression expression;
        try {
            expression = expression(text);
        }
        catch (ParseException ex) {
            throw new IllegalStateException("@Claimed subject '" + subject + "' of " + describe(method)
                    + " is not a valid SpEL template: " + ex.getMessage(), ex);
        }
        String[] names = this.parameterNames.getParameterNames(method);
        int count = method.getParameterCount();
        for (SpelExpression part : parts(expression)) {
            for (String variable : variables(part.getAST(), new LinkedHashSet<>())) {
                String problem = problem(variable, names, count);
                if (problem != null) {
                    throw new IllegalStateException("@Claimed subject '" + subject + "' of " + describe(method)
                            + ": the variable #" + variable + " in '" + part.getExpressionString() + "' cannot be "
                            + "resolved, so every call would claim a subject without it: " + problem);
                }
            }
        }
    }

    /**
     * @param subject     the annotation's subject.
     * @param method      the method called.
     * @param args        its arguments.
     * @param target      the target object.
     * @param targetClass the target's class.
     * @return the resolved subject.
     * @throws IllegalStateException when a part of the template evaluates to {@code null}, or the whole to
     *                               nothing.
     */
    public String resolve(String subject, Method method, Object[] args, Object target, Class<?> targetClass) {
        if (!StringUtils.hasText(subject)) {
            return targetClass.getSimpleName() + "." + method.getName();
        }
        String text = resolvePlaceholders(subject);
        if (!text.contains(TEMPLATE.getExpressionPrefix())) {
            return text;
        }
        Expression expression = expression(text);
        MethodBasedEvaluationContext context = new MethodBasedEvaluationContext(
                new Root(method, args, target, targetClass), method, args, this.parameterNames);
        if (this.beanFactory != null) {
            context.setBeanResolver(new BeanFactoryResolver(this.beanFactory));
        }
        Expression[] parts = (expression instanceof CompositeStringExpression composite) ? composite.getExpressions()
                : new Expression[] { expression };
        StringBuilder value = new StringBuilder();
        for (Expression part : parts) {
            String partValue = part.getValue(context, String.class);
            if (partValue == null) {
                throw new IllegalStateException("@Claimed subject '" + subject + "' of " + describe(method) + ": '"
                        + part.getExpressionString() + "' evaluated to null, which would leave it out of the "
                        + "subject: pass a value, or give the expression a default, e.g. #{" + part
                            .getExpressionString() + " ?: 'none'}");
            }
            value.append(partValue);
        }
        if (!StringUtils.hasText(value)) {
            throw new IllegalStateException("@Claimed subject '" + subject + "' of " + describe(method)
                    + " resolved to an empty subject");
        }
        return value.toString();
    }

    private Expression expression(String template) {
        return this.expressions.computeIfAbsent(template,
                (text) -> this.parser.parseExpression(text, TEMPLATE));
    }

    private static List<SpelExpression> parts(Expression expression) {
        List<SpelExpression> parts = new ArrayList<>();
        Expression[] all = (expression instanceof CompositeStringExpression composite) ? composite.getExpressions()
                : new Expression[] { expression };
        for (Expression part : all) {
            if (part instanceof SpelExpression spel) {
                parts.add(spel);
            }
        }
        return parts;
    }

    private static Set<String> variables(SpelNode node, Set<String> found) {
        if (node instanceof VariableReference) {
            found.add(node.toStringAST().substring(1));
        }
        for (int i = 0; i < node.getChildCount(); i++) {
            variables(node.getChild(i), found);
        }
        return found;
    }

    /**
     * @return why the variable cannot be resolved, or {@code null} when it can.
     */
    private static String problem(String variable, String[] names, int count) {
        if (ROOT_VARIABLES.contains(variable)) {
            return null;
        }
        Matcher position = POSITION.matcher(variable);
        if (position.matches()) {
            if (Integer.parseInt(position.group(1)) < count) {
                return null;
            }
            return "the method has " + count + " parameter(s), so #" + variable + " points past the last one";
        }
        if (names == null) {
            return "the parameter names of this method are not available (its class was compiled without "
                    + "-parameters). Compile with -parameters (Maven: <parameters>true</parameters> in the "
                    + "maven-compiler-plugin's configuration; Gradle: options.compilerArgs << '-parameters'), or "
                    + "refer to the argument by position: " + positions(count);
        }
        if (Arrays.asList(names).contains(variable)) {
            return null;
        }
        return "the method has no parameter named '" + variable + "'; its parameters are "
                + Arrays.toString(names) + " (by position: " + positions(count) + ")";
    }

    private static String positions(int count) {
        return (count == 0) ? "the method has no parameters"
                : (count == 1) ? "#p0 or #a0" : "#p0..#p" + (count - 1) + " or #a0..#a" + (count - 1);
    }

    private static String describe(Method method) {
        return method.getDeclaringClass().getName() + "." + method.getName() + "()";
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
