package dev.orbit.spring.boot.autoconfigure;

import dev.orbit.spring.boot.autoconfigure.diagnostics.InvalidOrbitPropertyException;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Tags of the {@code orbit.*} meters and observations, under {@code orbit.metrics.*}.
 */
@ConfigurationProperties(OrbitMetricsProperties.PREFIX)
public class OrbitMetricsProperties implements InitializingBean {

    /** Prefix of these properties. */
    public static final String PREFIX = "orbit.metrics";

    private static final int DEFAULT_MAX_TOPIC_TAGS = 100;

    /**
     * Most topics, besides those @OrbitListener methods name, that the 'topic' tag of Orbit's meters and
     * observations shows by name; events of later topics are tagged 'other' (still counted). Bounds the
     * meters an application that publishes under per-entity topics creates.
     */
    private int maxTopicTags = DEFAULT_MAX_TOPIC_TAGS;

    public int getMaxTopicTags() {
        return this.maxTopicTags;
    }

    public void setMaxTopicTags(int maxTopicTags) {
        this.maxTopicTags = maxTopicTags;
    }

    @Override
    public void afterPropertiesSet() {
        if (this.maxTopicTags < 0) {
            throw new InvalidOrbitPropertyException("orbit.metrics.max-topic-tags", this.maxTopicTags,
                    "a number of topics cannot be negative",
                    "set orbit.metrics.max-topic-tags to 0 (tag every unnamed topic 'other') or more, such as "
                            + DEFAULT_MAX_TOPIC_TAGS);
        }
    }

}
