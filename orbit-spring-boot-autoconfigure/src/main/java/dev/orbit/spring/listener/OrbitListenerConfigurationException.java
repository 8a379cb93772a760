package dev.orbit.spring.listener;

/**
 * An {@link OrbitListener} method whose annotations cannot be honoured: names the method, the attribute, its
 * value, why and the fix. Fails the application's startup.
 */
public class OrbitListenerConfigurationException extends IllegalStateException {

    private final String method;

    private final String attribute;

    private final String value;

    private final String reason;

    private final String fix;

    /**
     * @param method    the method, as {@code com.example.Orders.on()}.
     * @param attribute the attribute, as {@code @OrbitListener(attempts)}.
     * @param value     its value after placeholders were resolved.
     * @param reason    why it cannot be used.
     * @param fix       what to write instead.
     */
    public OrbitListenerConfigurationException(String method, String attribute, String value, String reason,
            String fix) {
        super(attribute + " of " + method + " is \"" + value + "\": " + reason + "; " + fix);
        this.method = method;
        this.attribute = attribute;
        this.value = value;
        this.reason = reason;
        this.fix = fix;
    }

    /**
     * @return the method.
     */
    public String getMethod() {
        return this.method;
    }

    /**
     * @return the attribute.
     */
    public String getAttribute() {
        return this.attribute;
    }

    /**
     * @return its value.
     */
    public String getValue() {
        return this.value;
    }

    /**
     * @return why it cannot be used.
     */
    public String getReason() {
        return this.reason;
    }

    /**
     * @return what to write instead.
     */
    public String getFix() {
        return this.fix;
    }

}
