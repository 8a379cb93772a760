package dev.orbit.spring.listener;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.orbit.event.EventHeaderFlyweight;
import dev.orbit.event.EventHeaders;
import dev.orbit.event.EventOrigin;
import dev.orbit.event.HeadersAwareEventHandler;
import dev.orbit.event.OrbitEventBus;
import dev.orbit.event.Subscription;
import dev.orbit.ring.Loss;
import dev.orbit.ring.NetId64;
import dev.orbit.ring.StartPosition;
import dev.orbit.ring.WakeUpIdleStrategy;
import dev.orbit.spring.event.OrbitPayloadConverter;
import dev.orbit.spring.event.OrbitTemplate;
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
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Runs one {@link OrbitListener} method: a subscription to the fleet's event bus polled by an Agrona
 * {@link AgentRunner} on its own daemon thread, idling with the configured {@link IdleStrategy} between empty
 * polls. The subscription is opened on the first {@link #start()} and kept across {@link #stop()} and
 * {@link #start()}, so a restarted container resumes where it stopped (minus what the ring overwrote meanwhile,
 * which it reports as loss).
 * <p>
 * With {@link Options#concurrency()} 1 the polling thread invokes the method. With N &gt; 1 it hands each event to
 * one of N worker threads, chosen by the event's publisher, through a bounded queue per worker: events of one
 * publisher keep their order, different publishers run in parallel. A full queue makes the polling thread wait
 * (counted as a hand-off wait); {@link #stop()} stops polling, lets the workers finish what was handed to them,
 * then ends them. A retry's back-off waits on the thread that invokes the method; a stop cuts it short (the event
 * is then given up on: dead-lettered and passed to the error handler at once).
 */
public class OrbitListenerContainer implements ListenerLag {

    private static final Log logger = LogFactory.getLog(OrbitListenerContainer.class);

    /** Ends a worker. */
    private static final OrbitMessage STOP = new OrbitMessage("", 0, 0, 0, new byte[0]);

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

    private final Options options;

    /** Publishes {@link SendTo} replies, {@code null} without one. */
    private final OrbitTemplate replies;

    private final AtomicLong received = new AtomicLong();

    private final AtomicLong retries = new AtomicLong();

    private final AtomicLong failures = new AtomicLong();

    private final AtomicLong deadLettered = new AtomicLong();

    private final AtomicLong handoffWaits = new AtomicLong();

    private final AtomicLong errors = new AtomicLong();

    private final AtomicLong overwritten = new AtomicLong();

    private final AtomicLong unavailable = new AtomicLong();

    private volatile long lag;

    private Subscription subscription;

    private volatile AgentRunner runner;

    private IdleStrategy idleStrategy;

    /** Workers of a container with a concurrency above 1, while running. */
    private volatile Worker[] workers;

    /** The polling thread, while running (unparked by a stop during a back-off). */
    private volatile Thread pollThread;

    /** Set by {@link #stop()}: cuts back-offs short. */
    private volatile boolean stopping;

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
        this(id, topics, bean, method, autoStartup, startPosition, settings, Options.DEFAULT);
    }

    /**
     * @param id            listener id.
     * @param topics        topics to receive.
     * @param bean          the bean (possibly a proxy) to invoke.
     * @param method        the method to invoke on {@code bean}.
     * @param autoStartup   whether it starts with the context.
     * @param startPosition where a new subscription starts.
     * @param settings      collaborators shared by every container.
     * @param options       concurrency, retry, dead-letter and reply options of this listener.
     */
    public OrbitListenerContainer(String id, Set<String> topics, Object bean, Method method, boolean autoStartup,
            StartPosition startPosition, Settings settings, Options options) {
        this.options = options;
        this.replies = (options.replyTopic() != null) ? new OrbitTemplate(settings.eventBus(),
                settings.payloadConverter(), settings.meters(), settings.observer()) : null;
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
        this.stopping = false;
        if (this.options.concurrency() > 1) {
            Worker[] started = new Worker[this.options.concurrency()];
            for (int i = 0; i < started.length; i++) {
                started[i] = new Worker(i, this.options.handoffCapacity());
                started[i].thread.start();
            }
            this.workers = started;
        }
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
     * Stops polling and waits for the thread to end, then (with workers) lets the workers finish the events handed
     * to them and waits for them to end; the subscription stays open. A back-off under way is cut short.
     */
    public synchronized void stop() {
        AgentRunner agentRunner = this.runner;
        if (agentRunner != null) {
            this.runner = null;
            this.stopping = true;
            if (this.idleStrategy instanceof WakeUpIdleStrategy wakeUp) {
                // A sleeping thread would otherwise see the stop only at its wake-up timeout.
                wakeUp.wakeUp();
            }
            unpark(this.pollThread);
            agentRunner.close();
            this.idleStrategy = null;
            this.pollThread = null;
            Worker[] running = this.workers;
            if (running != null) {
                this.workers = null;
                for (Worker worker : running) {
                    worker.finish();
                }
                for (Worker worker : running) {
                    worker.join();
                }
            }
        }
    }

    private static void unpark(Thread thread) {
        if (thread != null) {
            LockSupport.unpark(thread);
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
     * @return invocations that threw (each attempt counts).
     */
    public long getErrors() {
        return this.errors.get();
    }

    /**
     * @return attempts made after a first one threw.
     */
    public long getRetries() {
        return this.retries.get();
    }

    /**
     * @return events given up on: every attempt threw (or a stop cut the retries short).
     */
    public long getFailures() {
        return this.failures.get();
    }

    /**
     * @return events published on the dead-letter topic.
     */
    public long getDeadLettered() {
        return this.deadLettered.get();
    }

    /**
     * @return times the polling thread found a worker's queue full and waited for room.
     */
    public long getHandoffWaits() {
        return this.handoffWaits.get();
    }

    /**
     * @return events handed to workers and not yet taken by them (0 without workers).
     */
    public int getQueued() {
        Worker[] running = this.workers;
        int queued = 0;
        if (running != null) {
            for (Worker worker : running) {
                queued += worker.queue.size();
            }
        }
        return queued;
    }

    /**
     * @return this listener's concurrency, retry, dead-letter and reply options.
     */
    public Options getOptions() {
        return this.options;
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
     * Hands an event to its publisher's worker, or processes it here without workers. Called by the polling
     * thread.
     */
    private void deliver(OrbitMessage message) {
        Worker[] running = this.workers;
        if (running == null) {
            process(message);
            return;
        }
        Worker worker = running[Math.floorMod(publisherKey(message), running.length)];
        if (!worker.queue.offer(message)) {
            this.handoffWaits.incrementAndGet();
            this.settings.meters().get().listenerHandoffWait(this.id);
            worker.put(message);
        }
    }

    /**
     * @param message an event.
     * @return what identifies its publisher: the origin host and node of an event a bridge brought in from another
     *     host, else the publishing node.
     */
    static int publisherKey(OrbitMessage message) {
        EventOrigin origin = message.headers().origin().orElse(null);
        if (origin == null) {
            return message.publisherNode();
        }
        return 31 * origin.hostId().hashCode() + NetId64.node(origin.originId());
    }

    /**
     * Processes one event and never throws: the method is attempted as the options say; when every attempt threw
     * (any {@link Throwable}, errors included, from the conversion or the method) the event is dead-lettered and
     * the last failure goes to the error handler, so that the subscription moves past the event. A throw from here
     * would not: the event would be delivered again by the next poll, and an {@link Error} would end the thread.
     */
    private void process(OrbitMessage message) {
        this.received.incrementAndGet();
        OrbitMeters meters = this.settings.meters().get();
        meters.eventReceived(this.id, message.topic());
        BackOffExecution backOff = null;
        int attempt = 1;
        Throwable failure;
        while (true) {
            failure = attempt(message, meters);
            if (failure == null) {
                return;
            }
            this.errors.incrementAndGet();
            meters.listenerError(this.id);
            if (attempt >= this.options.attempts() || failure instanceof VirtualMachineError) {
                break;
            }
            if (backOff == null) {
                backOff = this.options.backOff().start();
            }
            long waitMs = backOff.nextBackOff();
            if (waitMs == BackOffExecution.STOP || !pause(waitMs)) {
                break;
            }
            attempt++;
            this.retries.incrementAndGet();
            meters.listenerRetry(this.id);
        }
        this.failures.incrementAndGet();
        meters.listenerFailed(this.id);
        deadLetter(message, failure, meters);
        onError(message, failure);
    }

    private Throwable attempt(OrbitMessage message, OrbitMeters meters) {
        OrbitObserver observer = this.settings.observer().get();
        Throwable failure;
        if (observer.isObserving()) {
            failure = observer.listen(this.id, message.topic(), message.id(), message.headers(),
                    () -> invoke(message));
        }
        else {
            long start = System.nanoTime();
            failure = invoke(message);
            meters.listenerProcessed(this.id, message.topic(), System.nanoTime() - start, failure);
        }
        return failure;
    }

    /**
     * Waits a back-off, unless the container stops meanwhile.
     *
     * @return true when the whole wait passed, false when a stop cut it short.
     */
    private boolean pause(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!this.stopping) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            LockSupport.parkNanos(this, left);
        }
        return false;
    }

    private Throwable invoke(OrbitMessage message) {
        Object result;
        try {
            result = this.method.invoke(this.bean, arguments(message));
        }
        catch (InvocationTargetException ex) {
            return (ex.getCause() != null) ? ex.getCause() : ex;
        }
        catch (Throwable ex) {
            return ex;
        }
        if (this.replies != null && result != null) {
            reply(message, result);
        }
        return null;
    }

    /**
     * Publishes a {@link SendTo} reply; a reply that cannot be published is counted and logged, and does not make
     * the invocation a failure (calling the method again would not help).
     */
    private void reply(OrbitMessage message, Object result) {
        String outcome;
        try {
            outcome = (this.replies.publish(this.options.replyTopic(), result) != NetId64.NULL) ? "published" : "lost";
        }
        catch (Throwable ex) {
            outcome = "failed";
            logQuietly("Orbit listener '" + this.id + "' could not publish its reply to " + message + " on topic '"
                    + this.options.replyTopic() + "'", ex);
        }
        try {
            this.settings.meters().get().listenerReply(this.id, outcome);
        }
        catch (Throwable ignored) {
            // The meter is best effort.
        }
    }

    /**
     * Publishes an event given up on to its dead-letter topic (if any): its payload, its headers, and the
     * exception's class and message as headers. When the exception headers make the event too large for a slot it
     * is published without them.
     */
    private void deadLetter(OrbitMessage message, Throwable failure, OrbitMeters meters) {
        String topic = this.options.deadLetterTopics().get(message.topic());
        if (topic == null) {
            return;
        }
        String outcome;
        try {
            EventHeaders headers;
            try {
                headers = EventHeaders.builder().from(message.headers()).exception(failure).build();
            }
            catch (RuntimeException ex) {
                headers = EventHeaders.builder().from(message.headers()).build();
            }
            long published;
            try {
                published = this.settings.eventBus().publish(topic, headers, message.payload());
            }
            catch (IllegalArgumentException tooLarge) {
                published = this.settings.eventBus()
                    .publish(topic, EventHeaders.builder().from(message.headers()).build(), message.payload());
            }
            meters.eventPublished(topic, published == NetId64.NULL);
            outcome = (published != NetId64.NULL) ? "published" : "lost";
        }
        catch (Throwable ex) {
            outcome = "failed";
            logQuietly("Orbit listener '" + this.id + "' could not dead-letter " + message + " on topic '" + topic
                    + "'", ex);
        }
        if ("published".equals(outcome)) {
            this.deadLettered.incrementAndGet();
        }
        try {
            meters.listenerDeadLetter(this.id, outcome);
        }
        catch (Throwable ignored) {
            // The meter is best effort.
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

    private void onError(OrbitMessage message, Throwable error) {
        try {
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
     * How one listener runs its method.
     *
     * @param concurrency      threads that run the method: 1 runs it on the polling thread, N &gt; 1 hands events
     *                         to N workers by publisher.
     * @param handoffCapacity  events each worker's queue holds (used with a concurrency above 1).
     * @param attempts         calls of the method per event at most, the first included.
     * @param backOff          waits between attempts.
     * @param deadLetterTopics dead-letter topic of each of the listener's topics that has one.
     * @param replyTopic       where non-null return values are published, or {@code null}.
     */
    public record Options(int concurrency, int handoffCapacity, int attempts, BackOff backOff,
            Map<String, String> deadLetterTopics, String replyTopic) {

        /** One thread, one attempt, no dead-letter topic, no reply. */
        public static final Options DEFAULT = new Options(1, 1024, 1, new ExponentialBackOff(), Map.of(), null);

        /**
         * Validates.
         *
         * @param concurrency      threads that run the method.
         * @param handoffCapacity  events each worker's queue holds.
         * @param attempts         calls of the method per event at most.
         * @param backOff          waits between attempts.
         * @param deadLetterTopics dead-letter topic per topic.
         * @param replyTopic       reply topic or {@code null}.
         */
        public Options {
            if (concurrency < 1 || handoffCapacity < 1 || attempts < 1) {
                throw new IllegalArgumentException("concurrency, handoffCapacity and attempts must be positive: "
                        + "concurrency=" + concurrency + ", handoffCapacity=" + handoffCapacity + ", attempts="
                        + attempts);
            }
            deadLetterTopics = Map.copyOf(deadLetterTopics);
        }

    }

    /**
     * Runs the method for the events of the publishers that map to it, in hand-off order.
     */
    private final class Worker implements Runnable {

        private final ArrayBlockingQueue<OrbitMessage> queue;

        private final Thread thread;

        Worker(int index, int capacity) {
            this.queue = new ArrayBlockingQueue<>(capacity);
            this.thread = new Thread(this, "orbit-listener-" + OrbitListenerContainer.this.id + "-" + index);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            while (true) {
                OrbitMessage message;
                try {
                    message = this.queue.take();
                }
                catch (InterruptedException ex) {
                    // Only finish() ends a worker, after the events handed to it.
                    continue;
                }
                if (message == STOP) {
                    return;
                }
                try {
                    process(message);
                }
                catch (Throwable ex) {
                    logQuietly("Orbit listener '" + OrbitListenerContainer.this.id + "' failed on " + message, ex);
                }
            }
        }

        /** Waits for room; the worker drains its queue until {@link #finish()}, so room comes. */
        void put(OrbitMessage message) {
            boolean interrupted = false;
            while (true) {
                try {
                    this.queue.put(message);
                    break;
                }
                catch (InterruptedException ex) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        /** Ends the worker after the events already handed to it; a back-off under way is cut short. */
        void finish() {
            LockSupport.unpark(this.thread);
            put(STOP);
        }

        void join() {
            boolean interrupted = false;
            while (this.thread.isAlive()) {
                LockSupport.unpark(this.thread);
                try {
                    this.thread.join(100);
                }
                catch (InterruptedException ex) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
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
        public void onStart() {
            OrbitListenerContainer.this.pollThread = Thread.currentThread();
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
                message = new OrbitMessage(this.topicNames[topic], id, timestampMs, NetId64.node(id), payload,
                        (headers.headersLength() == 0) ? EventHeaders.NONE : headers.toHeaders());
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
            deliver(message);
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
