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
    private Duration wakeUpTimeout = Duration.ofMillis(100);

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
