package dev.orbit.spring.listener;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.orbit.event.EventHeaderFlyweight;
import dev.orbit.event.HeadersAwareEventHandler;
import dev.orbit.event.OrbitEventBus;
import dev.orbit.event.Subscription;
import dev.orbit.ring.Loss;
import dev.orbit.ring.NetId64;
import dev.orbit.ring.StartPosition;
import dev.orbit.ring.WakeUpIdleStrategy;
import dev.orbit.spring.event.OrbitPayloadConverter;
import dev.orbit.spring.metrics.ListenerLag;
import dev.orbit.spring.metrics.OrbitMeters;
import dev.orbit.spring.observation.OrbitObserver;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.util.ReflectionUtils;

/**
 * Runs one {@link OrbitListener} method: a subscription to the fleet's event bus polled by an Agrona
 * {@link AgentRunner} on its own daemon thread, idling with the configured {@link IdleStrategy} between empty
 * polls. The subscription is opened on the first {@link #start()} and kept across {@link #stop()} and
 * {@link #start()}, so a restarted container resumes where it stopped (minus what the ring overwrote meanwhile,
 * which it reports as loss).
 */
public class OrbitListenerContainer implements ListenerLag {

    private static final Log logger = LogFactory.getLog(OrbitListenerContainer.class);

    private final String id;

    private final Set<String> topics;

    private final Object bean;

    private final Method method;

    /** The payload parameter's type, {@code null} when the method takes only an {@link OrbitMessage}. */
    private final Type parameterType;

    /** Whether the {@link OrbitMessage} parameter (if any) comes first. */
    private final boolean messageFirst;

    private final boolean autoStartup;

    private final StartPosition startPosition;

    private final Settings settings;

    private final AtomicLong received = new AtomicLong();

    private final AtomicLong errors = new AtomicLong();

    private final AtomicLong overwritten = new AtomicLong();

    private final AtomicLong unavailable = new AtomicLong();

    private volatile long lag;

    private Subscription subscription;

    private volatile AgentRunner runner;

    private IdleStrategy idleStrategy;

    /**
     * @param id            listener id.
     * @param topics        topics to receive.
     * @param bean          the bean (possibly a proxy) to invoke.
     * @param method        the method to invoke on {@code bean}.
     * @param autoStartup   whether it starts with the context.
     * @param startPosition where a new subscription starts.
     * @param settings      collaborators shared by every container.
     */
    public OrbitListenerContainer(String id, Set<String> topics, Object bean, Method method, boolean autoStartup,
            StartPosition startPosition, Settings settings) {
        this.id = id;
        this.topics = Set.copyOf(topics);
        this.bean = bean;
        this.method = method;
        this.parameterType = payloadType(method);
        Class<?>[] parameters = method.getParameterTypes();
        this.messageFirst = parameters[0] == OrbitMessage.class;
        this.autoStartup = autoStartup;
        this.startPosition = startPosition;
        this.settings = settings;
        ReflectionUtils.makeAccessible(method);
    }

    /**
     * Starts polling on a new thread; does nothing when running.
     */
    public synchronized void start() {
        if (this.runner != null) {
            return;
        }
        if (this.subscription == null) {
            this.subscription = this.settings.eventBus().subscribe(this.startPosition);
        }
        this.idleStrategy = this.settings.idleStrategy().apply(this.subscription);
        AgentRunner agentRunner = new AgentRunner(this.idleStrategy,
                (error) -> logger.error("Orbit listener container '" + this.id + "' failed", error), null,
                new ListenerAgent(this.subscription));
        AgentRunner.startOnThread(agentRunner, (runnable) -> {
            Thread thread = new Thread(runnable, "orbit-listener-" + this.id);
            thread.setDaemon(true);
            return thread;
        });
        this.runner = agentRunner;
    }

    /**
     * Stops polling and waits for the thread to end; the subscription stays open.
     */
    public synchronized void stop() {
        AgentRunner agentRunner = this.runner;
        if (agentRunner != null) {
            this.runner = null;
            if (this.idleStrategy instanceof WakeUpIdleStrategy wakeUp) {
                // A sleeping thread would otherwise see the stop only at its wake-up timeout.
                wakeUp.wakeUp();
            }
            agentRunner.close();
            this.idleStrategy = null;
        }
    }

    /**
     * Stops and closes the subscription.
     */
    public synchronized void close() {
        stop();
        if (this.subscription != null) {
            this.subscription.close();
            this.subscription = null;
        }
    }

    /**
     * @return whether the container is polling.
     */
    public boolean isRunning() {
        return this.runner != null;
    }

    /**
     * @return the listener id.
     */
    @Override
    public String getId() {
        return this.id;
    }

    /**
     * @return the topics.
     */
    public Set<String> getTopics() {
        return this.topics;
    }

    /**
     * @return whether it starts with the context.
     */
    public boolean isAutoStartup() {
        return this.autoStartup;
    }

    /**
     * @return where its subscription starts.
     */
    public StartPosition getStartPosition() {
        return this.startPosition;
    }

    /**
     * @return events of its topics delivered to the method.
     */
    public long getReceived() {
        return this.received.get();
    }

    /**
     * @return invocations that threw.
     */
    public long getErrors() {
        return this.errors.get();
    }

    /**
     * @return everything missed since the subscription opened.
     */
    public Loss getLoss() {
        return new Loss(this.overwritten.get(), this.unavailable.get());
    }

    /**
     * @return positions ahead of the listener at its last poll.
     */
    @Override
    public long getLag() {
        return this.lag;
    }

    /**
     * @return the listener method.
     */
    public Method getMethod() {
        return this.method;
    }

    /**
     * Delivers one event and never throws: whatever the conversion or the method throws (any {@link Throwable},
     * errors included) goes to the error handler and is counted, so that the subscription moves past the event.
     * A throw from here would not: the event would be delivered again by the next poll, and an {@link Error}
     * would end the container's thread.
     */
    private void dispatch(OrbitMessage message, EventHeaderFlyweight headers) {
        this.received.incrementAndGet();
        OrbitMeters meters = this.settings.meters().get();
        meters.eventReceived(this.id, message.topic());
        OrbitObserver observer = this.settings.observer().get();
        Throwable failure;
        if (observer.isObserving()) {
            failure = observer.listen(this.id, message.topic(), message.id(), headers.toHeaders(),
                    () -> invoke(message));
        }
        else {
            long start = System.nanoTime();
            failure = invoke(message);
            meters.listenerProcessed(this.id, message.topic(), System.nanoTime() - start, failure);
        }
        if (failure != null) {
            onError(message, failure, meters);
        }
    }

    private Throwable invoke(OrbitMessage message) {
        try {
            this.method.invoke(this.bean, arguments(message));
            return null;
        }
        catch (InvocationTargetException ex) {
            return (ex.getCause() != null) ? ex.getCause() : ex;
        }
        catch (Throwable ex) {
            return ex;
        }
    }

    private Object[] arguments(OrbitMessage message) {
        int count = this.method.getParameterCount();
        if (this.parameterType == null) {
            return new Object[] { message };
        }
        Object payload = this.settings.payloadConverter().fromBytes(message.payload(), this.parameterType);
        if (count == 1) {
            return new Object[] { payload };
        }
        return this.messageFirst ? new Object[] { message, payload } : new Object[] { payload, message };
    }

    /**
     * @param method a listener method.
     * @return the type of its payload parameter (any parameter that is not an {@link OrbitMessage}), or
     *     {@code null} when it takes none.
     */
    public static Type payloadType(Method method) {
        Type[] types = method.getGenericParameterTypes();
        Class<?>[] classes = method.getParameterTypes();
        for (int i = 0; i < classes.length; i++) {
            if (classes[i] != OrbitMessage.class) {
                return types[i];
            }
        }
        return null;
    }

    private void onError(OrbitMessage message, Throwable error, OrbitMeters meters) {
        this.errors.incrementAndGet();
        try {
            meters.listenerError(this.id);
            this.settings.errorHandler().handleError(this.id, message, error);
        }
        catch (Throwable handlerError) {
            logQuietly("Error handler of Orbit listener '" + this.id + "' failed on " + message, handlerError);
        }
        if (error instanceof VirtualMachineError) {
            // Logged here too, whatever the handler does with it; not rethrown, which would stop the listener
            // for good while it still reports running.
            logQuietly("Orbit listener '" + this.id + "' hit a JVM error on " + message + "; the JVM may be unstable, "
                    + "the listener carries on with the next event", error);
        }
    }

    private static void logQuietly(String message, Throwable error) {
        try {
            logger.error(message, error);
        }
        catch (Throwable ignored) {
            // Nothing left to report with (out of memory); the event is still passed.
        }
    }

    private void onLoss(Loss loss, long lag) {
        this.settings.meters().get().eventsLost(this.id, loss.total());
        try {
            this.settings.eventPublisher()
                .publishEvent(new OrbitListenerLagEvent(this, this.id, loss.overwritten(), loss.unavailable(), lag));
        }
        catch (RuntimeException ex) {
            logger.warn("Publishing the lag event of Orbit listener '" + this.id + "' failed", ex);
        }
    }

    @Override
    public String toString() {
        return "OrbitListenerContainer(id=" + this.id + ", topics=" + this.topics + ", running=" + isRunning() + ")";
    }

    /**
     * Collaborators shared by every container.
     *
     * @param eventBus         the fleet's event bus.
     * @param payloadConverter converts payloads to parameter types.
     * @param errorHandler     receives listener failures.
     * @param eventPublisher   publishes {@link OrbitListenerLagEvent}s.
     * @param idleStrategy     makes a new idle strategy for each start of a container, for its subscription.
     * @param pollLimit        most events per poll.
     * @param meters           where deliveries, errors and loss are counted.
     * @param observer         where invocations are observed ({@code orbit.listener}).
     */
    public record Settings(OrbitEventBus eventBus, OrbitPayloadConverter payloadConverter,
            OrbitListenerErrorHandler errorHandler, ApplicationEventPublisher eventPublisher,
            Function<Subscription, IdleStrategy> idleStrategy, int pollLimit, Supplier<OrbitMeters> meters,
            Supplier<OrbitObserver> observer) {

        /**
         * Settings without observations.
         *
         * @param eventBus         the fleet's event bus.
         * @param payloadConverter converts payloads to parameter types.
         * @param errorHandler     receives listener failures.
         * @param eventPublisher   publishes {@link OrbitListenerLagEvent}s.
         * @param idleStrategy     makes a new idle strategy for each start of a container, for its subscription.
         * @param pollLimit        most events per poll.
         * @param meters           where deliveries, errors and loss are counted.
         */
        public Settings(OrbitEventBus eventBus, OrbitPayloadConverter payloadConverter,
                OrbitListenerErrorHandler errorHandler, ApplicationEventPublisher eventPublisher,
                Function<Subscription, IdleStrategy> idleStrategy, int pollLimit, Supplier<OrbitMeters> meters) {
            this(eventBus, payloadConverter, errorHandler, eventPublisher, idleStrategy, pollLimit, meters,
                    () -> OrbitObserver.NONE);
        }

    }

    /**
     * Polls without allocating while idle: events of other topics are skipped by comparing topic bytes in the
     * private copy, and loss is read after polls that delivered events (and every {@value #IDLE_CHECK_POLLS}
     * empty polls, so a loss with nothing after it is reported too).
     */
    private final class ListenerAgent implements Agent, HeadersAwareEventHandler {

        private static final int IDLE_CHECK_POLLS = 1024;

        private final Subscription subscription;

        private final String[] topicNames;

        private final byte[][] topicBytes;

        private int idlePolls;

        ListenerAgent(Subscription subscription) {
            this.subscription = subscription;
            this.topicNames = OrbitListenerContainer.this.topics.toArray(new String[0]);
            this.topicBytes = new byte[this.topicNames.length][];
            for (int i = 0; i < this.topicNames.length; i++) {
                this.topicBytes[i] = this.topicNames[i].getBytes(StandardCharsets.UTF_8);
            }
        }

        @Override
        public int doWork() {
            int delivered = this.subscription.poll(this, OrbitListenerContainer.this.settings.pollLimit());
            if (delivered > 0 || ++this.idlePolls >= IDLE_CHECK_POLLS) {
                this.idlePolls = 0;
                long lagNow = this.subscription.lag();
                OrbitListenerContainer.this.lag = lagNow;
                Loss total = this.subscription.loss();
                long newlyOverwritten = total.overwritten() - OrbitListenerContainer.this.overwritten.get();
                long newlyUnavailable = total.unavailable() - OrbitListenerContainer.this.unavailable.get();
                if (newlyOverwritten > 0 || newlyUnavailable > 0) {
                    OrbitListenerContainer.this.overwritten.set(total.overwritten());
                    OrbitListenerContainer.this.unavailable.set(total.unavailable());
                    onLoss(new Loss(newlyOverwritten, newlyUnavailable), lagNow);
                }
            }
            return delivered;
        }

        @Override
        public void onEvent(long id, long timestampMs, ByteBuffer buffer, int topicOffset, int topicLength,
                int payloadOffset, int payloadLength, EventHeaderFlyweight headers) {
            int topic = match(buffer, topicOffset, topicLength);
            if (topic < 0) {
                return;
            }
            OrbitMessage message;
            try {
                byte[] payload = new byte[payloadLength];
                buffer.get(payloadOffset, payload, 0, payloadLength);
                message = new OrbitMessage(this.topicNames[topic], id, timestampMs, NetId64.node(id), payload);
            }
            catch (Throwable ex) {
                // No message to hand to the error handler (out of memory copying the payload): count, log, pass it.
                OrbitListenerContainer.this.errors.incrementAndGet();
                try {
                    OrbitListenerContainer.this.settings.meters().get().listenerError(OrbitListenerContainer.this.id);
                }
                catch (Throwable ignored) {
                    // Counted above; the meter is best effort.
                }
                logQuietly("Orbit listener '" + OrbitListenerContainer.this.id + "' could not copy event " + id + " ("
                        + payloadLength + " bytes) and skips it", ex);
                return;
            }
            dispatch(message, headers);
        }

        private int match(ByteBuffer buffer, int offset, int length) {
            for (int i = 0; i < this.topicBytes.length; i++) {
                byte[] candidate = this.topicBytes[i];
                if (candidate.length == length && equal(buffer, offset, candidate)) {
                    return i;
                }
            }
            return -1;
        }

        private boolean equal(ByteBuffer buffer, int offset, byte[] candidate) {
            for (int i = 0; i < candidate.length; i++) {
                if (buffer.get(offset + i) != candidate[i]) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String roleName() {
            return "orbit-listener-" + OrbitListenerContainer.this.id;
        }

    }

}
