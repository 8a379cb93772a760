package dev.orbit.event;

import java.util.Objects;
import java.util.Optional;

/**
 * Headers of an event: W3C trace context and the payload's media type, set by the publisher, and the origin of
 * an event that a bridge brought in from another host. Each text header is 1..255 printable ASCII characters.
 * Immutable.
 * <pre>{@code
 * bus.publish("orders.paid", EventHeaders.builder().traceparent(tp).contentType("application/json").build(), bytes);
 * }</pre>
 */
public final class EventHeaders {

    /** No headers. */
    public static final EventHeaders NONE = new EventHeaders(null, null, null, null);

    /** Longest text header. */
    public static final int MAX_TEXT_LENGTH = EventFrameDescriptor.MAX_ENTRY_LENGTH;

    private final String traceparent;
    private final String tracestate;
    private final String contentType;
    private final EventOrigin origin;

    EventHeaders(final String traceparent, final String tracestate, final String contentType, final EventOrigin origin) {
        this.traceparent = traceparent;
        this.tracestate = tracestate;
        this.contentType = contentType;
        this.origin = origin;
    }

    /**
     * @return a builder of publisher headers.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the W3C {@code traceparent}.
     */
    public Optional<String> traceparent() {
        return Optional.ofNullable(traceparent);
    }

    /**
     * @return the W3C {@code tracestate}.
     */
    public Optional<String> tracestate() {
        return Optional.ofNullable(tracestate);
    }

    /**
     * @return the payload's media type.
     */
    public Optional<String> contentType() {
        return Optional.ofNullable(contentType);
    }

    /**
     * @return where the event came from when a bridge brought it in from another host; empty for an event
     *     published on this host.
     */
    public Optional<EventOrigin> origin() {
        return Optional.ofNullable(origin);
    }

    /**
     * @param eventOrigin an origin.
     * @return these headers with that origin.
     */
    public EventHeaders withOrigin(final EventOrigin eventOrigin) {
        return new EventHeaders(traceparent, tracestate, contentType, eventOrigin);
    }

    String traceparentOrNull() {
        return traceparent;
    }

    String tracestateOrNull() {
        return tracestate;
    }

    String contentTypeOrNull() {
        return contentType;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof EventHeaders h && Objects.equals(h.traceparent, traceparent) &&
            Objects.equals(h.tracestate, tracestate) && Objects.equals(h.contentType, contentType) &&
            Objects.equals(h.origin, origin);
    }

    @Override
    public int hashCode() {
        return Objects.hash(traceparent, tracestate, contentType, origin);
    }

    @Override
    public String toString() {
        return "EventHeaders(traceparent=" + traceparent + ", tracestate=" + tracestate + ", contentType=" +
            contentType + ", origin=" + origin + ")";
    }

    /**
     * Builds publisher headers; each setter validates its value when called.
     */
    public static final class Builder {

        private String traceparent;
        private String tracestate;
        private String contentType;

        private Builder() {
        }

        /**
         * @param value the W3C {@code traceparent}, 1..255 printable ASCII characters.
         * @return this.
         */
        public Builder traceparent(final String value) {
            this.traceparent = text("traceparent", value);
            return this;
        }

        /**
         * @param value the W3C {@code tracestate}, 1..255 printable ASCII characters.
         * @return this.
         */
        public Builder tracestate(final String value) {
            this.tracestate = text("tracestate", value);
            return this;
        }

        /**
         * @param value the payload's media type, 1..255 printable ASCII characters.
         * @return this.
         */
        public Builder contentType(final String value) {
            this.contentType = text("contentType", value);
            return this;
        }

        /**
         * @return the headers.
         */
        public EventHeaders build() {
            return traceparent == null && tracestate == null && contentType == null ? NONE :
                new EventHeaders(traceparent, tracestate, contentType, null);
        }

        private static String text(final String name, final String value) {
            Objects.requireNonNull(value, name);
            if (value.isEmpty() || value.length() > MAX_TEXT_LENGTH) {
                throw new IllegalArgumentException("event header " + name + " must be 1.." + MAX_TEXT_LENGTH +
                    " characters: length=" + value.length() + ", " + name + "=" + value);
            }
            for (int i = 0; i < value.length(); i++) {
                final char c = value.charAt(i);
                if (c < 0x20 || c > 0x7E) {
                    throw new IllegalArgumentException("event header " + name + " must be printable ASCII: " +
                        "index=" + i + ", char=0x" + Integer.toHexString(c) + ", " + name + "=" + value);
                }
            }
            return value;
        }
    }
}
