package dev.orbit.spring.boot.autoconfigure.diagnostics;

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
        super("invalid Orbit property: " + property + "=" + value + " (" + reason + "); fix: " + fix);
        this.property = property;
        this.value = value;
        this.reason = reason;
        this.fix = fix;
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
