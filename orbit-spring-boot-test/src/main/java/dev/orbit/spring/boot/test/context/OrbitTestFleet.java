package dev.orbit.spring.boot.test.context;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Chooses the fleet a Spring test context joins. Without it (with {@code orbit-spring-boot-test} on the test class
 * path) every test context joins a fleet of its own: a unique name, segments in a new temporary directory, files
 * and directory removed when the context closes; so a test never shares memory with a locally running application,
 * another test context or a parallel build.
 * <pre class="code">
 * &#64;SpringBootTest
 * &#64;OrbitTestFleet(inProcess = true)      // a fleet of its own, in this JVM only: no files at all
 * class QuoteServiceTests { ... }
 *
 * &#64;SpringBootTest
 * &#64;OrbitTestFleet(name = "it-quotes")    // joins the named fleet, in the configured directory
 * class QuoteFleetIT { ... }
 * </pre>
 * Properties the test sets itself ({@code @SpringBootTest(properties = ...)}, {@code @TestPropertySource},
 * {@code @DynamicPropertySource}) still win. Searched on the test class, its superclasses and enclosing classes.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface OrbitTestFleet {

    /**
     * @return the name of the fleet to join (as configured otherwise: {@code orbit.shm.directory}, not a temporary
     *     directory; nothing is removed at close). Empty: a fleet of the context's own.
     */
    String name() default "";

    /**
     * @return whether the fleet lives in this JVM only ({@code orbit.shm.enabled=false}): nothing is mapped, no
     *     sibling process can join it.
     */
    boolean inProcess() default false;

}
