package dev.orbit.spring.boot.autoconfigure.diagnostics;

import java.time.Duration;

import org.springframework.util.unit.DataSize;
import org.springframework.util.unit.DataUnit;

/**
 * A bad {@code orbit.*} configuration value. The message names the property, the value, why it is refused
 * and how to fix it; {@link InvalidOrbitPropertyFailureAnalyzer} turns it into a startup failure report.
 */
public class InvalidOrbitPropertyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String property;

    private final transient Object value;

    private final String reason;

    private final String fix;

    /**
     * @param property the property name, e.g. {@code orbit.fleet.size}.
     * @param value    the bad value (may be {@code null}).
     * @param reason   why it is refused.
     * @param fix      what to do instead.
     */
    public InvalidOrbitPropertyException(String property, Object value, String reason, String fix) {
        super("invalid Orbit property: " + property + "=" + display(value) + " (" + reason + "); fix: " + fix);
        this.property = property;
        this.value = value;
        this.reason = reason;
        this.fix = fix;
    }

    /**
     * Formats a value as it would be written in {@code application.properties}: durations as {@code 1500ms} or
     * {@code 5s}, sizes in their largest exact unit.
     *
     * @param value a value.
     * @return its text.
     */
    public static String display(Object value) {
        if (value instanceof Duration duration) {
            long millis = duration.toMillis();
            return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
        }
        if (value instanceof DataSize size) {
            long bytes = size.toBytes();
            for (DataUnit unit : new DataUnit[] { DataUnit.TERABYTES, DataUnit.GIGABYTES, DataUnit.MEGABYTES,
                    DataUnit.KILOBYTES }) {
                long unitBytes = DataSize.of(1, unit).toBytes();
                if (bytes != 0 && bytes % unitBytes == 0) {
                    return (bytes / unitBytes) + unit.name().substring(0, 1) + "B";
                }
            }
            return bytes + "B";
        }
        return String.valueOf(value);
    }

    /**
     * @return the property name.
     */
    public String getProperty() {
        return this.property;
    }

    /**
     * @return the bad value.
     */
    public Object getValue() {
        return this.value;
    }

    /**
     * @return why the value is refused.
     */
    public String getReason() {
        return this.reason;
    }

    /**
     * @return how to fix it.
     */
    public String getFix() {
        return this.fix;
    }

}
