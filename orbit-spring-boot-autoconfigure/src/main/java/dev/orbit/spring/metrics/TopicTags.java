package dev.orbit.spring.metrics;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps the {@code topic} tag of Orbit's meters and observations to a bounded set of values, so that an
 * application publishing under per-entity topics ({@code "order-" + id}) cannot grow the meter registry without
 * limit. Topics that a listener names are always their own value ({@link #reserve(Collection)}); of the others,
 * the first {@code maxTopics} seen are their own value and every later one is {@value #OTHER}. Nothing is lost:
 * the events of those topics are still counted, under {@value #OTHER}.
 * <p>
 * Thread-safe; {@link #tag(String)} does not allocate once a topic is known.
 */
public final class TopicTags {

    /** The tag value of topics beyond the limit. */
    public static final String OTHER = "other";

    /** Tags topics without a limit (tests, and applications that know their topics are few). */
    public static final TopicTags UNBOUNDED = new TopicTags(Integer.MAX_VALUE);

    private final int maxTopics;

    private final Set<String> reserved = ConcurrentHashMap.newKeySet();

    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    private final AtomicInteger seenCount = new AtomicInteger();

    /**
     * @param maxTopics most topics, besides reserved ones, tagged with their own name; at least 0.
     */
    public TopicTags(int maxTopics) {
        if (maxTopics < 0) {
            throw new IllegalArgumentException("maxTopics must be at least 0, was " + maxTopics);
        }
        this.maxTopics = maxTopics;
    }

    /**
     * Makes topics their own tag value whatever the limit (the topics listeners name).
     *
     * @param topics the topics.
     */
    public void reserve(Collection<String> topics) {
        this.reserved.addAll(topics);
    }

    /**
     * @param topic a topic.
     * @return the topic, or {@value #OTHER} once {@code maxTopics} other topics were tagged.
     */
    public String tag(String topic) {
        if (this.reserved.contains(topic) || this.seen.contains(topic)) {
            return topic;
        }
        while (true) {
            int count = this.seenCount.get();
            if (count >= this.maxTopics) {
                return this.seen.contains(topic) ? topic : OTHER;
            }
            if (this.seenCount.compareAndSet(count, count + 1)) {
                if (!this.seen.add(topic)) {
                    this.seenCount.decrementAndGet(); // another thread added the same topic meanwhile
                }
                return topic;
            }
        }
    }

    /**
     * @return the limit given to the constructor.
     */
    public int getMaxTopics() {
        return this.maxTopics;
    }

}
