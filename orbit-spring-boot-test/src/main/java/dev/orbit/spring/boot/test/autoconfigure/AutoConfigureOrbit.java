package dev.orbit.spring.boot.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Adds Orbit to a test slice ({@code @WebMvcTest}, {@code @DataJdbcTest}, {@code @JsonTest}, ...) that does not
 * include it: the fleet and its contest, event bus and cache, {@code @Claimed}, {@code @OrbitListener}, and the
 * ShedLock and Spring Integration adapters when those are on the class path. The fleet is the test context's own
 * (see {@link dev.orbit.spring.boot.test.context.OrbitTestFleet}). Spring Cache over Orbit needs the slice's
 * cache support too ({@code @AutoConfigureCache}).
 * <pre class="code">
 * &#64;WebMvcTest(QuoteController.class)
 * &#64;AutoConfigureOrbit
 * class QuoteControllerTests { ... }
 * </pre>
 * The auto-configurations imported are listed in
 * {@code META-INF/spring/dev.orbit.spring.boot.test.autoconfigure.AutoConfigureOrbit.imports}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureOrbit {

}
