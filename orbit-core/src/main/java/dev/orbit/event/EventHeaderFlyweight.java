package dev.orbit.event;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A reusable view of the header entries of one well formed event frame: wrapped in place, it allocates nothing
 * until a text value is asked for. A {@link HeadersAwareEventHandler} receives one that is valid only during its
 * call; a frame without headers (or of the first layout) reads as having none.
 * <pre>{@code
 * String traceparent = headers.traceparent(); // null when the publisher sent none
 * }</pre>
 */
public final class EventHeaderFlyweight {

    private int frameKind;
    private ByteBuffer buffer;
    private int offset;

    /**
     * Points this view at a frame.
     *
     * @param frameKind the ring frame's kind.
     * @param buffer    holds a frame {@link EventFrameDescriptor#isWellFormed} accepted.
     * @param offset    the frame's payload offset.
     * @return this.
     */
    public EventHeaderFlyweight wrap(final int frameKind, final ByteBuffer buffer, final int offset) {
        this.frameKind = frameKind;
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * Points this view at nothing: it then reads as a frame without headers.
     *
     * @return this.
     */
    public EventHeaderFlyweight clear() {
        this.buffer = null;
        return this;
    }

    /**
     * @return length of the header entries, 0 when the frame has none.
     */
    public int headersLength() {
        return buffer == null ? 0 : EventFrameDescriptor.headersLength(frameKind, buffer, offset);
    }

    /**
     * @return true when a bridge brought the event in from another host.
     */
    public boolean isRemote() {
        return buffer != null && EventFrameDescriptor.isRemote(frameKind, buffer, offset);
    }

    /**
     * @param type an entry type, such as {@link EventFrameDescriptor#TRACEPARENT}.
     * @return offset of that entry's value in {@link #buffer()}, -1 when the frame has none; its length is
     *     {@link EventFrameDescriptor#entryLength(ByteBuffer, int)}.
     */
    public int findEntry(final int type) {
        return buffer == null ? -1 : EventFrameDescriptor.findEntry(frameKind, buffer, offset, type);
    }

    /**
     * @return the W3C {@code traceparent}, {@code null} when the frame has none.
     */
    public String traceparent() {
        return text(EventFrameDescriptor.TRACEPARENT);
    }

    /**
     * @return the W3C {@code tracestate}, {@code null} when the frame has none.
     */
    public String tracestate() {
        return text(EventFrameDescriptor.TRACESTATE);
    }

    /**
     * @return the payload's media type, {@code null} when the frame has none.
     */
    public String contentType() {
        return text(EventFrameDescriptor.CONTENT_TYPE);
    }

    /**
     * @return class name of the exception a listener gave up with (on a dead-lettered event), {@code null} when
     *     the frame has none.
     */
    public String exceptionClass() {
        return text(EventFrameDescriptor.EXCEPTION_CLASS);
    }

    /**
     * @return message of the exception a listener gave up with (on a dead-lettered event), {@code null} when the
     *     frame has none.
     */
    public String exceptionMessage() {
        return text(EventFrameDescriptor.EXCEPTION_MESSAGE);
    }

    /**
     * @return the headers as a value (allocates; {@link EventHeaders#NONE} when there are none).
     */
    public EventHeaders toHeaders() {
        return buffer == null ? EventHeaders.NONE : EventFrameDescriptor.decodeHeaders(frameKind, buffer, offset);
    }

    /**
     * @return the buffer wrapped, {@code null} when cleared.
     */
    public ByteBuffer buffer() {
        return buffer;
    }

    private String text(final int type) {
        final int value = findEntry(type);
        if (value < 0) {
            return null;
        }
        final int length = EventFrameDescriptor.entryLength(buffer, value);
        final byte[] bytes = new byte[length];
        buffer.get(value, bytes, 0, length);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return "EventHeaderFlyweight(" + (buffer == null ? "none" : toHeaders().toString()) + ")";
    }
}
