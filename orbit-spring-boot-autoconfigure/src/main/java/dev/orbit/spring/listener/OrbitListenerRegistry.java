package dev.orbit.spring.listener;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * Holds the application's {@link OrbitListenerContainer}s and starts and stops them with the application
 * context (those with {@code autoStartup = "false"} are started by calling
 * {@link OrbitListenerContainer#start()}). Stops them before, and starts them after, every other lifecycle bean of
 * a lower phase, Orbit's heartbeats included.
 */
public class OrbitListenerRegistry implements SmartLifecycle, DisposableBean {

    private final Map<String, OrbitListenerContainer> containers = new LinkedHashMap<>();

    private volatile boolean running;

    /**
     * Registers a container; starts it at once when the registry is running and it starts automatically.
     *
     * @param container the container.
     * @throws IllegalStateException when its id is taken.
     */
    public synchronized void register(OrbitListenerContainer container) {
        OrbitListenerContainer existing = this.containers.putIfAbsent(container.getId(), container);
        if (existing != null) {
            throw new IllegalStateException("duplicate @OrbitListener id '" + container.getId() + "': used by "
                    + existing.getMethod() + " and " + container.getMethod() + "; give one of them another id");
        }
        if (this.running && container.isAutoStartup()) {
            container.start();
        }
    }

    /**
     * @param id a listener id.
     * @return its container, or {@code null}.
     */
    public synchronized OrbitListenerContainer getListenerContainer(String id) {
        return this.containers.get(id);
    }

    /**
     * @return every container.
     */
    public synchronized Collection<OrbitListenerContainer> getListenerContainers() {
        return Collections.unmodifiableCollection(new ArrayList<>(this.containers.values()));
    }

    @Override
    public synchronized void start() {
        for (OrbitListenerContainer container : this.containers.values()) {
            if (container.isAutoStartup()) {
                container.start();
            }
        }
        this.running = true;
    }

    @Override
    public synchronized void stop() {
        this.running = false;
        this.containers.values().forEach(OrbitListenerContainer::stop);
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    @Override
    public synchronized void destroy() {
        this.running = false;
        this.containers.values().forEach(OrbitListenerContainer::close);
    }

}
