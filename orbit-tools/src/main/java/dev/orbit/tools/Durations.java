package dev.orbit.tools;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations on the command line ({@code 500ms}, {@code 1s}, {@code 2m}, {@code 1h}, or ISO-8601 such as
 * {@code PT0.5S}) and on screen ({@code 120ms}, {@code 1.2s}, {@code 3m05s}, {@code 2h03m}).
 */
final class Durations {

    private static final Pattern SIMPLE = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    private Durations() {
    }

    /**
     * @param option the option, for the message.
     * @param text   the value.
     * @return the duration.
     * @throws UsageException naming the option and value when the text is no duration.
     */
    static Duration parse(final String option, final String text) {
        final Matcher matcher = SIMPLE.matcher(text);
        if (matcher.matches()) {
            final long amount = Long.parseLong(matcher.group(1));
            switch (matcher.group(2)) {
                case "ms":
                    return Duration.ofMillis(amount);
                case "s":
                    return Duration.ofSeconds(amount);
                case "m":
                    return Duration.ofMinutes(amount);
                default:
                    return Duration.ofHours(amount);
            }
        }
        try {
            return Duration.parse(text.toUpperCase(Locale.ROOT));
        }
        catch (final DateTimeParseException ex) {
            throw new UsageException("invalid duration: " + option + "=" + text +
                " (expected e.g. 500ms, 1s, 2m, 1h or ISO-8601 such as PT0.5S)");
        }
    }

    /**
     * @param ms milliseconds.
     * @return a short human form; negative values keep their sign.
     */
    static String format(final long ms) {
        if (ms < 0) {
            return "-" + format(-ms);
        }
        if (ms < 1_000) {
            return ms + "ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        final long seconds = ms / 1000;
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        if (seconds < 86_400) {
            return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", seconds / 86_400, seconds % 86_400 / 3600);
    }
}
