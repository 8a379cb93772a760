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
    public static final EventHeaders NONE = new EventHeaders(null, null, null, null, null, null);

    /** Longest text header. */
    public static final int MAX_TEXT_LENGTH = EventFrameDescriptor.MAX_ENTRY_LENGTH;

    private final String traceparent;
    private final String tracestate;
    private final String contentType;
    private final String exceptionClass;
    private final String exceptionMessage;
    private final EventOrigin origin;

    EventHeaders(final String traceparent, final String tracestate, final String contentType,
        final String exceptionClass, final String exceptionMessage, final EventOrigin origin) {
        this.traceparent = traceparent;
        this.tracestate = tracestate;
        this.contentType = contentType;
        this.exceptionClass = exceptionClass;
        this.exceptionMessage = exceptionMessage;
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
     * @return class name of the exception a listener gave up with, on an event published on a dead-letter topic.
     */
    public Optional<String> exceptionClass() {
        return Optional.ofNullable(exceptionClass);
    }

    /**
     * @return message of the exception a listener gave up with, on an event published on a dead-letter topic.
     */
    public Optional<String> exceptionMessage() {
        return Optional.ofNullable(exceptionMessage);
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
        return new EventHeaders(traceparent, tracestate, contentType, exceptionClass, exceptionMessage, eventOrigin);
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

    String exceptionClassOrNull() {
        return exceptionClass;
    }

    String exceptionMessageOrNull() {
        return exceptionMessage;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof EventHeaders h && Objects.equals(h.traceparent, traceparent) &&
            Objects.equals(h.tracestate, tracestate) && Objects.equals(h.contentType, contentType) &&
            Objects.equals(h.exceptionClass, exceptionClass) && Objects.equals(h.exceptionMessage, exceptionMessage) &&
            Objects.equals(h.origin, origin);
    }

    @Override
    public int hashCode() {
        return Objects.hash(traceparent, tracestate, contentType, exceptionClass, exceptionMessage, origin);
    }

    @Override
    public String toString() {
        return "EventHeaders(traceparent=" + traceparent + ", tracestate=" + tracestate + ", contentType=" +
            contentType + (exceptionClass == null ? "" : ", exceptionClass=" + exceptionClass) +
            (exceptionMessage == null ? "" : ", exceptionMessage=" + exceptionMessage) + ", origin=" + origin + ")";
    }

    /**
     * Builds publisher headers; each setter validates its value when called.
     */
    public static final class Builder {

        private String traceparent;
        private String tracestate;
        private String contentType;
        private String exceptionClass;
        private String exceptionMessage;

        private Builder() {
        }

        /**
         * @param headers headers to start from (their origin is not copied).
         * @return this.
         */
        public Builder from(final EventHeaders headers) {
            this.traceparent = headers.traceparent;
            this.tracestate = headers.tracestate;
            this.contentType = headers.contentType;
            this.exceptionClass = headers.exceptionClass;
            this.exceptionMessage = headers.exceptionMessage;
            return this;
        }

        /**
         * Records why a listener gave up on an event, for its copy on a dead-letter topic: any text, made to fit
         * (characters outside printable ASCII become {@code ?}, and text beyond {@value EventHeaders#MAX_TEXT_LENGTH}
         * characters is cut, ending with {@code ...}).
         *
         * @param error what the listener threw.
         * @return this.
         */
        public Builder exception(final Throwable error) {
            this.exceptionClass = fit(error.getClass().getName());
            final String message = error.getMessage();
            this.exceptionMessage = message == null || message.isEmpty() ? null : fit(message);
            return this;
        }

        private static String fit(final String value) {
            final StringBuilder text = new StringBuilder(Math.min(value.length(), MAX_TEXT_LENGTH));
            for (int i = 0; i < value.length() && text.length() < MAX_TEXT_LENGTH; i++) {
                final char c = value.charAt(i);
                text.append(c < 0x20 || c > 0x7E ? '?' : c);
            }
            if (text.length() < value.length()) {
                text.setLength(MAX_TEXT_LENGTH - 3);
                text.append("...");
            }
            return text.toString();
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
            return traceparent == null && tracestate == null && contentType == null && exceptionClass == null &&
                exceptionMessage == null ? NONE :
                new EventHeaders(traceparent, tracestate, contentType, exceptionClass, exceptionMessage, null);
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
