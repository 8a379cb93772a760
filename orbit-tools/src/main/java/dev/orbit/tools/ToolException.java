package dev.orbit.tools;

/**
 * A failure orbit-stat reports on stderr with an exit code: the message names the value involved and the fix.
 */
final class ToolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    ToolException(final int exitCode, final String message) {
        super(message);
        this.exitCode = exitCode;
    }

    ToolException(final int exitCode, final String message, final Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
