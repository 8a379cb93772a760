package dev.orbit.spring.listener;

/**
 * Receives what an {@link OrbitListener} method, or the conversion of its argument, threw: any {@link Throwable},
 * errors included. The container carries on with the next event whatever the handler does; a handler that throws
 * is logged, and a {@link VirtualMachineError} is also logged by the container. A bean of this type replaces the default, which logs and
 * counts ({@code orbit.listener.errors}).
 */
@FunctionalInterface
public interface OrbitListenerErrorHandler {

    /**
     * @param listenerId the listener.
     * @param message    the event being handled.
     * @param error      what the method threw (unwrapped from reflection).
     */
    void handleError(String listenerId, OrbitMessage message, Throwable error);

}
