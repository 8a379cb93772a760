package dev.orbit.spring.boot.autoconfigure;

import java.time.Duration;

import dev.orbit.ring.RingSpec;
import dev.orbit.ring.StartPosition;
import dev.orbit.spring.boot.autoconfigure.PropertyChecks.Limit;
import dev.orbit.spring.boot.autoconfigure.PropertyChecks.Size;
import dev.orbit.spring.boot.autoconfigure.diagnostics.InvalidOrbitPropertyException;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Events and {@code @OrbitListener} containers, under {@code orbit.events.*}.
 */
@ConfigurationProperties(OrbitEventsProperties.PREFIX)
public class OrbitEventsProperties implements InitializingBean {

    /** Prefix of these properties. */
    public static final String PREFIX = "orbit.events";

    private static final int DEFAULT_CAPACITY = 4096;

    private static final DataSize DEFAULT_PAYLOAD_SIZE = DataSize.ofKilobytes(1);

    /**
     * How listener threads wait between empty polls.
     */
    private IdleStrategyType idleStrategy = IdleStrategyType.WAKE_UP;

    /**
     * Longest sleep of the WAKE_UP idle strategy: how late an idle listener sees an event whose wake-up was lost
     * (its publisher killed between commit and nudge, or this process unreachable). At least 1 ms.
     */
    private Duration wakeUpTimeout = Duration.ofSeconds(1);

    /**
     * Longest park of the BACKOFF and SLEEPING idle strategies; bounds the latency of an idle listener.
     */
    private Duration maxPark = Duration.ofMillis(1);

    /**
     * Where a listener without its own start position begins: LATEST (events published after it starts)
     * or EARLIEST (the oldest event the ring still holds).
     */
    private StartPosition startPosition = StartPosition.LATEST;

    /**
     * Most events a listener takes per poll.
     */
    private int pollLimit = 256;

    /**
     * Slots of the event ring (a power of two), shared by every topic: a listener that falls further behind
     * loses the oldest events (and is told how many).
     */
    private int capacity = DEFAULT_CAPACITY;

    /**
     * Bytes per event slot: the UTF-8 topic, the payload, a 16-byte header and the event's headers (trace context,
     * content type; and the origin of an event from another host) must fit.
     */
    private DataSize maxPayloadSize = DEFAULT_PAYLOAD_SIZE;

    private final Listener listener = new Listener();

    public IdleStrategyType getIdleStrategy() {
        return this.idleStrategy;
    }

    public void setIdleStrategy(IdleStrategyType idleStrategy) {
        this.idleStrategy = idleStrategy;
    }

    public Duration getWakeUpTimeout() {
        return this.wakeUpTimeout;
    }

    public void setWakeUpTimeout(Duration wakeUpTimeout) {
        this.wakeUpTimeout = wakeUpTimeout;
    }

    public Duration getMaxPark() {
        return this.maxPark;
    }

    public void setMaxPark(Duration maxPark) {
        this.maxPark = maxPark;
    }

    public StartPosition getStartPosition() {
        return this.startPosition;
    }

    public void setStartPosition(StartPosition startPosition) {
        this.startPosition = startPosition;
    }

    public int getPollLimit() {
        return this.pollLimit;
    }

    public void setPollLimit(int pollLimit) {
        this.pollLimit = pollLimit;
    }

    public int getCapacity() {
        return this.capacity;
    }

    public void setCapacity(int capacity) {
        this.capacity = capacity;
    }

    public DataSize getMaxPayloadSize() {
        return this.maxPayloadSize;
    }

    public void setMaxPayloadSize(DataSize maxPayloadSize) {
        this.maxPayloadSize = maxPayloadSize;
    }

    public Listener getListener() {
        return this.listener;
    }

    /**
     * @return the event ring's spec.
     */
    public RingSpec ringSpec() {
        return PropertyChecks.spec(new Limit("orbit.events.capacity", this.capacity, DEFAULT_CAPACITY, "the default"),
                new Size("orbit.events.max-payload-size", this.maxPayloadSize, DEFAULT_PAYLOAD_SIZE));
    }

    @Override
    public void afterPropertiesSet() {
        ringSpec();
        if (this.pollLimit < 1) {
            throw new InvalidOrbitPropertyException("orbit.events.poll-limit", this.pollLimit,
                    "a listener must take at least one event per poll",
                    "set orbit.events.poll-limit to a positive number such as 256");
        }
        PropertyChecks.positive("orbit.events.max-park", this.maxPark,
                "set orbit.events.max-park to a positive duration such as 1ms");
        if (this.wakeUpTimeout == null || this.wakeUpTimeout.compareTo(Duration.ofMillis(1)) < 0) {
            throw new InvalidOrbitPropertyException("orbit.events.wake-up-timeout", this.wakeUpTimeout,
                    "a listener's safety timeout must be at least 1ms",
                    "set orbit.events.wake-up-timeout to 1ms or more, such as 100ms");
        }
        this.listener.validate();
    }


    /**
     * Defaults of {@code @OrbitListener} methods whose annotation leaves them empty.
     */
    public static class Listener {

        /**
         * Threads that run a listener method, 1 to 256: 1 runs it on the listener's polling thread; more hand
         * events to that many workers by publisher, so events of one publisher keep their order while different
         * publishers run in parallel.
         */
        private int concurrency = 1;

        /**
         * Events each worker's queue holds (with a concurrency above 1). When a queue is full the polling thread
         * waits for room (counted as orbit.listener.handoff.waits); if the ring laps it meanwhile, what it missed is
         * counted as lost.
         */
        private int handoffCapacity = 1024;

        /**
         * Appended to an event's topic to name the topic where events every attempt failed on are published (such
         * as ".DLT"); empty for no dead-letter topic.
         */
        private String deadLetterSuffix = "";

        private final Retry retry = new Retry();

        public int getConcurrency() {
            return this.concurrency;
        }

        public void setConcurrency(int concurrency) {
            this.concurrency = concurrency;
        }

        public int getHandoffCapacity() {
            return this.handoffCapacity;
        }

        public void setHandoffCapacity(int handoffCapacity) {
            this.handoffCapacity = handoffCapacity;
        }

        public String getDeadLetterSuffix() {
            return this.deadLetterSuffix;
        }

        public void setDeadLetterSuffix(String deadLetterSuffix) {
            this.deadLetterSuffix = deadLetterSuffix;
        }

        public Retry getRetry() {
            return this.retry;
        }

        void validate() {
            if (this.concurrency < 1 || this.concurrency > 256) {
                throw new InvalidOrbitPropertyException("orbit.events.listener.concurrency", this.concurrency,
                        "a listener runs its method on 1 to 256 threads",
                        "set orbit.events.listener.concurrency to 1 (the polling thread) up to 256");
            }
            if (this.handoffCapacity < 1) {
                throw new InvalidOrbitPropertyException("orbit.events.listener.handoff-capacity", this.handoffCapacity,
                        "a worker's queue must hold at least one event",
                        "set orbit.events.listener.handoff-capacity to a positive number such as 1024");
            }
            if (this.deadLetterSuffix == null || this.deadLetterSuffix.length() > 64) {
                throw new InvalidOrbitPropertyException("orbit.events.listener.dead-letter-suffix",
                        this.deadLetterSuffix, "the suffix must be at most 64 characters",
                        "set orbit.events.listener.dead-letter-suffix to a short suffix such as .DLT, or leave it empty");
            }
            this.retry.validate();
        }

    }

    /**
     * Retries of a listener method that threw, with an exponential back-off.
     */
    public static class Retry {

        /**
         * Calls of a listener method per event at most, the first included: 1 for no retry.
         */
        private int attempts = 1;

        /**
         * Wait before the first retry.
         */
        private Duration interval = Duration.ofMillis(100);

        /**
         * Factor each further wait grows by, at least 1 (1 waits the same interval each time).
         */
        private double multiplier = 2.0;

        /**
         * Longest wait between two attempts.
         */
        private Duration maxInterval = Duration.ofSeconds(10);

        public int getAttempts() {
            return this.attempts;
        }

        public void setAttempts(int attempts) {
            this.attempts = attempts;
        }

        public Duration getInterval() {
            return this.interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        public double getMultiplier() {
            return this.multiplier;
        }

        public void setMultiplier(double multiplier) {
            this.multiplier = multiplier;
        }

        public Duration getMaxInterval() {
            return this.maxInterval;
        }

        public void setMaxInterval(Duration maxInterval) {
            this.maxInterval = maxInterval;
        }

        void validate() {
            if (this.attempts < 1) {
                throw new InvalidOrbitPropertyException("orbit.events.listener.retry.attempts", this.attempts,
                        "a listener method is called at least once per event",
                        "set orbit.events.listener.retry.attempts to 1 for no retry, or more, such as 3");
            }
            if (this.interval == null || this.interval.isNegative()) {
                throw new InvalidOrbitPropertyException("orbit.events.listener.retry.interval", this.interval,
                        "a wait cannot be negative", "set orbit.events.listener.retry.interval to 0 or more, such as 100ms");
            }
            if (!(this.multiplier >= 1.0) || Double.isInfinite(this.multiplier)) {
                throw new InvalidOrbitPropertyException("orbit.events.listener.retry.multiplier", this.multiplier,
                        "each wait must be at least as long as the one before",
                        "set orbit.events.listener.retry.multiplier to 1 or more, such as 2");
            }
            if (this.maxInterval == null || this.maxInterval.compareTo(this.interval) < 0) {
                throw new InvalidOrbitPropertyException("orbit.events.listener.retry.max-interval", this.maxInterval,
                        "the longest wait is shorter than the first (" + this.interval + ")",
                        "set orbit.events.listener.retry.max-interval to at least orbit.events.listener.retry.interval");
            }
        }

    }

    /**
     * How listener threads wait for events.
     */
    public enum IdleStrategyType {

        /**
         * Spin briefly, then sleep until a publisher in any process of the fleet commits an event (the default): an
         * idle listener costs no CPU and wakes in microseconds. orbit.events.wake-up-timeout bounds a sleep whose
         * wake-up was lost.
         */
        WAKE_UP,

        /** Spin, then yield, then park with growing periods up to orbit.events.max-park. */
        BACKOFF,

        /** Park for orbit.events.max-park between empty polls. */
        SLEEPING,

        /** Yield the thread between empty polls (keeps a core busy). */
        YIELDING,

        /** Spin between empty polls (burns a whole core; lowest latency). */
        BUSY_SPIN

    }

}
