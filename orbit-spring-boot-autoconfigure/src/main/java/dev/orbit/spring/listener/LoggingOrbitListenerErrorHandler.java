package dev.orbit.spring.listener;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs a listener's failure at ERROR with the event that caused it. The container counts the error.
 */
public class LoggingOrbitListenerErrorHandler implements OrbitListenerErrorHandler {

    private static final Log logger = LogFactory.getLog(LoggingOrbitListenerErrorHandler.class);

    @Override
    public void handleError(String listenerId, OrbitMessage message, Throwable error) {
        logger.error("Orbit listener '" + listenerId + "' failed on " + message, error);
    }

}
