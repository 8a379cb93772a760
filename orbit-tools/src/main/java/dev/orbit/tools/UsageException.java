package dev.orbit.tools;

/**
 * Bad arguments: orbit-stat prints the message and the usage text on stderr and exits with
 * {@link OrbitStat#EXIT_USAGE}.
 */
final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageException(final String message) {
        super(message);
    }
}
