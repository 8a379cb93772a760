package dev.orbit.tools;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A minimal streaming JSON writer (RFC 8259) into a {@link StringBuilder}: compact output, strings escaped so
 * that any Java string, unpaired surrogates and control characters included, comes out as valid JSON.
 * <p>
 * Misuse (a value where a name is due, an unbalanced end) throws {@link IllegalStateException}.
 */
final class JsonWriter {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out;
    private final Deque<Scope> scopes = new ArrayDeque<>();
    private boolean nameWritten;
    private boolean started;

    private static final class Scope {
        final boolean object;
        boolean empty = true;

        Scope(final boolean object) {
            this.object = object;
        }
    }

    JsonWriter(final StringBuilder out) {
        this.out = out;
    }

    JsonWriter beginObject() {
        beforeValue();
        out.append('{');
        scopes.push(new Scope(true));
        return this;
    }

    JsonWriter endObject() {
        end(true);
        out.append('}');
        return this;
    }

    JsonWriter beginArray() {
        beforeValue();
        out.append('[');
        scopes.push(new Scope(false));
        return this;
    }

    JsonWriter endArray() {
        end(false);
        out.append(']');
        return this;
    }

    JsonWriter name(final String name) {
        final Scope scope = scopes.peek();
        if (scope == null || !scope.object || nameWritten) {
            throw new IllegalStateException("a name is allowed only inside an object, before its value: name=" + name);
        }
        if (!scope.empty) {
            out.append(',');
        }
        scope.empty = false;
        string(name);
        out.append(':');
        nameWritten = true;
        return this;
    }

    JsonWriter value(final String value) {
        beforeValue();
        if (value == null) {
            out.append("null");
        }
        else {
            string(value);
        }
        return this;
    }

    JsonWriter value(final long value) {
        beforeValue();
        out.append(value);
        return this;
    }

    /**
     * @param value a number; NaN and infinities, which JSON cannot hold, are written as null.
     */
    JsonWriter value(final double value) {
        beforeValue();
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            out.append("null");
        }
        else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            out.append((long)value);
        }
        else {
            out.append(value);
        }
        return this;
    }

    JsonWriter value(final boolean value) {
        beforeValue();
        out.append(value);
        return this;
    }

    JsonWriter nullValue() {
        beforeValue();
        out.append("null");
        return this;
    }

    JsonWriter field(final String name, final String value) {
        return name(name).value(value);
    }

    JsonWriter field(final String name, final long value) {
        return name(name).value(value);
    }

    JsonWriter field(final String name, final boolean value) {
        return name(name).value(value);
    }

    /**
     * @return true when every object and array begun was ended.
     */
    boolean isComplete() {
        return started && scopes.isEmpty() && !nameWritten;
    }

    private void beforeValue() {
        final Scope scope = scopes.peek();
        if (scope == null) {
            if (started) {
                throw new IllegalStateException("a document holds one top-level value");
            }
            started = true;
            return;
        }
        if (scope.object) {
            if (!nameWritten) {
                throw new IllegalStateException("a value inside an object needs a name first");
            }
            nameWritten = false;
            return;
        }
        if (!scope.empty) {
            out.append(',');
        }
        scope.empty = false;
    }

    private void end(final boolean object) {
        final Scope scope = scopes.peek();
        if (scope == null || scope.object != object || nameWritten) {
            throw new IllegalStateException("unbalanced end of " + (object ? "object" : "array"));
        }
        scopes.pop();
    }

    private void string(final String value) {
        out.append('"');
        final int length = value.length();
        for (int i = 0; i < length; i++) {
            final char c = value.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\b':
                    out.append("\\b");
                    break;
                case '\f':
                    out.append("\\f");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    if (c < 0x20 || c == 0x7F || c == '\u2028' || c == '\u2029') {
                        unicode(c);
                    }
                    else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                        out.append(c).append(value.charAt(++i));
                    }
                    else if (Character.isSurrogate(c)) {
                        unicode(c); // unpaired: no UTF-8 encoding exists, the escape keeps the document valid
                    }
                    else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    private void unicode(final char c) {
        out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF]).append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
    }
}
