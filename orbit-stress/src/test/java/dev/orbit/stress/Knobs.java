package dev.orbit.stress;

import java.time.Duration;

/**
 * Sizes of the stress runs, from system properties so a long run needs no code change. The defaults are
 * the CI sizes. Pass them to Maven as {@code -Dorbit.stress.kill.seconds=600} (Surefire hands user
 * properties to the test JVM).
 * <table>
 *   <caption>properties</caption>
 *   <tr><td>orbit.stress.kill.seconds</td><td>kill -9 loop duration (default 4)</td></tr>
 *   <tr><td>orbit.stress.kill.writers</td><td>writers alive at once in the kill loop (default 3)</td></tr>
 *   <tr><td>orbit.stress.stall.seconds</td><td>SIGSTOP duration of the stalled writer (default 1.5)</td></tr>
 *   <tr><td>orbit.stress.stall.rounds</td><td>stop/continue rounds (default 1)</td></tr>
 *   <tr><td>orbit.stress.fence.rounds</td><td>stalled holder rounds (default 1)</td></tr>
 *   <tr><td>orbit.stress.fuzz.inputs</td><td>inputs per decoder (default 100000)</td></tr>
 *   <tr><td>orbit.stress.fuzz.seed</td><td>generator seed (default: fixed)</td></tr>
 *   <tr><td>orbit.stress.soak.seconds</td><td>soak duration (default 30)</td></tr>
 *   <tr><td>orbit.stress.soak.workers</td><td>soak workers alive at once (default 3)</td></tr>
 * </table>
 */
final class Knobs {

    private Knobs() {
    }

    static Duration seconds(final String property, final double defaultSeconds) {
        final String value = System.getProperty(property);
        final double seconds = value == null || value.isBlank() ? defaultSeconds : Double.parseDouble(value);
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    static int integer(final String property, final int defaultValue) {
        final String value = System.getProperty(property);
        return value == null || value.isBlank() ? defaultValue : Integer.parseInt(value.trim());
    }

    static long seed(final String property, final long defaultValue) {
        final String value = System.getProperty(property);
        return value == null || value.isBlank() ? defaultValue : Long.decode(value.trim());
    }
}
