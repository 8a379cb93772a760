package dev.orbit.tools;

/**
 * A value that is not valid for its option, naming both; the option turns it into picocli's
 * {@code ParameterException}, so orbit-stat prints the message and the usage text on stderr and exits with
 * {@link OrbitStat#EXIT_USAGE}.
 */
final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageException(final String message) {
        super(message);
    }
}
