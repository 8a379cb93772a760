package dev.orbit.spring.boot.test.context;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.orbit.fleet.Fleet;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.util.FileSystemUtils;
import org.springframework.util.StringUtils;

/**
 * Sets {@code orbit.fleet.name} (and {@code orbit.shm.*}) of one test context, and for a fleet of its own removes
 * its files and directory once the fleet closed. Equal for equal settings, so Spring's context cache still shares
 * a context between test classes configured alike; each context created gets its own fleet.
 *
 * @param name      the fleet to join, empty for one of the context's own.
 * @param inProcess whether the fleet lives in this JVM only.
 */
record OrbitTestFleetContextCustomizer(String name, boolean inProcess) implements ContextCustomizer {

    /** Name of the property source this adds, below the test's own properties. */
    static final String PROPERTY_SOURCE = "orbitTestFleet";

    /** Name of the bean that removes the fleet's files when the context closes. */
    static final String FILES_BEAN = "orbitTestFleetFiles";

    private static final String INLINED = "Inlined Test Properties";

    private static final Path DEV_SHM = Path.of("/dev/shm");

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
        Map<String, Object> properties = new LinkedHashMap<>();
        Path directory = null;
        String fleet;
        if (StringUtils.hasText(this.name)) {
            fleet = this.name;
        }
        else {
            fleet = "test-" + UUID.randomUUID().toString().substring(0, 8);
            if (!this.inProcess) {
                directory = createDirectory();
                properties.put("orbit.shm.directory", directory.toString());
                properties.put("orbit.shm.enabled", "true");
            }
        }
        properties.put("orbit.fleet.name", fleet);
        if (this.inProcess) {
            properties.put("orbit.shm.enabled", "false");
        }
        MutablePropertySources sources = context.getEnvironment().getPropertySources();
        MapPropertySource source = new MapPropertySource(PROPERTY_SOURCE, properties);
        if (sources.contains(INLINED)) {
            sources.addAfter(INLINED, source);
        }
        else {
            sources.addFirst(source);
        }
        if (directory != null) {
            context.addBeanFactoryPostProcessor(new FleetFilesRegistrar(new FleetFiles(directory, fleet)));
        }
    }

    private static Path createDirectory() {
        try {
            return (Files.isDirectory(DEV_SHM) && Files.isWritable(DEV_SHM))
                    ? Files.createTempDirectory(DEV_SHM, "orbit-test-") : Files.createTempDirectory("orbit-test-");
        }
        catch (IOException ex) {
            throw new UncheckedIOException("could not create a temporary directory for the test's Orbit fleet", ex);
        }
    }

    /**
     * Registers {@link FleetFiles} as a bean every {@link Fleet} bean depends on, so that it is destroyed (files
     * removed) after the fleets closed.
     */
    private record FleetFilesRegistrar(FleetFiles files) implements BeanFactoryPostProcessor {

        @Override
        public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
            if (!(beanFactory instanceof BeanDefinitionRegistry registry)) {
                beanFactory.registerSingleton(FILES_BEAN, this.files);
                return;
            }
            RootBeanDefinition definition = new RootBeanDefinition(FleetFiles.class, () -> this.files);
            definition.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
            registry.registerBeanDefinition(FILES_BEAN, definition);
            for (String fleet : beanFactory.getBeanNamesForType(Fleet.class, true, false)) {
                BeanDefinition fleetDefinition = beanFactory.getBeanDefinition(fleet);
                String[] dependsOn = fleetDefinition.getDependsOn();
                String[] all = (dependsOn != null) ? StringUtils.addStringToArray(dependsOn, FILES_BEAN)
                        : new String[] { FILES_BEAN };
                fleetDefinition.setDependsOn(all);
            }
        }

    }

    /**
     * The segment files and temporary directory of a test context's own fleet, removed when destroyed.
     */
    static final class FleetFiles implements DisposableBean {

        private static final Log logger = LogFactory.getLog(FleetFiles.class);

        private final Path directory;

        private final String fleet;

        FleetFiles(Path directory, String fleet) {
            this.directory = directory;
            this.fleet = fleet;
        }

        Path directory() {
            return this.directory;
        }

        @Override
        public void destroy() {
            try {
                Fleet.unlink(this.directory, this.fleet, true);
                FileSystemUtils.deleteRecursively(this.directory);
            }
            catch (IOException | RuntimeException ex) {
                logger.warn("Could not remove the test fleet '" + this.fleet + "' in " + this.directory, ex);
            }
        }

        @Override
        public String toString() {
            return "FleetFiles(" + this.fleet + " in " + this.directory + ")";
        }

    }

}
