package dev.orbit.testsupport;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChildJvmTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void shouldExchangeLinesWithAChild() {
        try (ChildJvm child = ChildJvm.of(EchoMain.class).args("a=1", "b=2").mergeStderr().start()) {
            assertThat(child.awaitFields("READY", TIMEOUT)).containsEntry("a", "1").containsEntry("b", "2");

            child.send("echo first");
            child.send("err second");
            child.send("echo VALUE 42");

            assertThat(child.awaitValue("VALUE", TIMEOUT)).isEqualTo("42");
            assertThat(child.transcript()).contains("first", "second");
            assertThat(child.printed("first")).isTrue();
            child.send("exit 7");
            assertThat(child.awaitExit(TIMEOUT)).isEqualTo(7);
        }
    }

    @Test
    void shouldEndAWaitAsSoonAsTheChildExitsWithItsLastLines() {
        try (ChildJvm child = ChildJvm.start(EchoMain.class)) {
            child.awaitLine("READY", TIMEOUT);
            child.send("echo last words");
            child.send("exit 3");
            final long start = System.nanoTime();

            assertThatThrownBy(() -> child.awaitLine("NEVER", Duration.ofMinutes(10)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("exited (3)")
                .hasMessageContaining("last words");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT);
        }
    }

    @Test
    void shouldFailAWaitAtItsDeadlineNamingTheChild() {
        try (ChildJvm child = ChildJvm.of(EchoMain.class).name("echo-child").start()) {
            child.awaitLine("READY", TIMEOUT);

            assertThatThrownBy(() -> child.awaitLine("NEVER", Duration.ofMillis(200)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("echo-child")
                .hasMessageContaining("within PT0.2S")
                .hasMessageContaining("alive=true");
        }
    }

    @Test
    void shouldStopContinueAndKillAChild() {
        try (ChildJvm child = ChildJvm.start(EchoMain.class)) {
            child.awaitLine("READY", TIMEOUT);

            child.stop();
            Await.until(TIMEOUT, () -> child.procState() == 'T', "the child to be stopped");
            child.cont();
            Await.until(TIMEOUT, () -> child.procState() != 'T', "the child to run again");
            child.send("echo alive");
            child.awaitLine("alive", TIMEOUT);
            child.kill9();

            assertThat(child.isAlive()).isFalse();
            assertThat(child.wasKilled()).isTrue();
        }
    }

    @Test
    void shouldRunAChildToCompletion() {
        final ChildJvm.Outcome outcome = ChildJvm.of(EchoMain.class).args("once").run(TIMEOUT);

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).isEqualTo("READY once\n");
        assertThat(outcome.err()).isEmpty();
    }

    @Test
    void shouldStartSmallWithTheChildsOwnOptionsLast() {
        final var command = ChildJvm.of(EchoMain.class).jvmArgs("-Xmx128m").args("x").command();

        assertThat(command).containsSubsequence("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m", "-Xmx128m",
            "-cp", EchoMain.class.getName(), "x");
    }
}
