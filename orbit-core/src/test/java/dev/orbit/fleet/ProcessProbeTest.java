package dev.orbit.fleet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import dev.orbit.fleet.ProcessProbe.Liveness;
import dev.orbit.testsupport.Await;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessProbeTest
{
    /**
     * PID_MAX_LIMIT of a 64-bit Linux kernel: {@code /proc/sys/kernel/pid_max} can never be set higher.
     */
    private static final long PID_MAX_LIMIT = 1L << 22;
    private static final long IMPOSSIBLE_PID = PID_MAX_LIMIT + 1;
    private static final long DEADLINE_NS = TimeUnit.SECONDS.toNanos(10);
    private static final long WAIT_FOR_EXIT_SECONDS = 10;
    private static final long OWN_NAMESPACE = 4026531836L;
    private static final long STAT_START_TIME = 98765;

    /**
     * A stat line whose comm holds spaces and parentheses, state zombie, field 22 = {@link #STAT_START_TIME}.
     */
    private static final String WEIRD_ZOMBIE_STAT =
        "1234 (my (weird) ) proc) Z 1 1234 1234 0 -1 4194560 79 0 0 0 0 0 0 0 20 0 1 0 98765 0 0 " +
        "18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n";

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void destroyChildren() throws InterruptedException
    {
        for (final Process child : children)
        {
            child.destroyForcibly();
            child.waitFor(WAIT_FOR_EXIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldDescribeThisProcessWhenAskedForSelf()
    {
        final ProcessIdentity self = ProcessProbe.self();

        assertThat(self.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(self.startTime()).isNotEqualTo(ProcessProbe.UNKNOWN);
        assertThat(self.startTime()).isEqualTo(ProcessProbe.startTime(self.pid()));
        assertThat(self.pidNamespace()).isEqualTo(ProcessProbe.pidNamespace());
        assertThat(ProcessProbe.self()).isSameAs(self);
        assertThat(ProcessProbe.liveness(self)).isEqualTo(Liveness.ALIVE);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void shouldReadClockTicksAndNamespaceWhenProcIsPresent()
    {
        final ProcessIdentity self = ProcessProbe.self();

        assertThat(ProcessProbe.isHandleStartTime(self.startTime())).isFalse();
        assertThat(self.startTime()).isPositive();
        assertThat(self.pidNamespace()).isPositive();
        assertThat(ProcessProbe.isZombie(self.pid())).isFalse();
    }

    @Test
    void shouldReportGoneWhenChildIsKilled() throws IOException, InterruptedException
    {
        final Process child = start("sleep", "30");
        final ProcessIdentity recorded = identityOf(child.pid());

        assertThat(ProcessProbe.liveness(recorded)).isEqualTo(Liveness.ALIVE);

        child.destroyForcibly();
        assertThat(child.waitFor(WAIT_FOR_EXIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        assertThat(ProcessProbe.liveness(recorded)).isEqualTo(Liveness.GONE);
        assertThat(ProcessProbe.startTime(child.pid())).isEqualTo(ProcessProbe.UNKNOWN);
    }

    @Test
    void shouldReportGoneThroughProcessHandleWhenChildIsKilled() throws IOException, InterruptedException
    {
        final Process child = start("sleep", "30");
        final long recordedStartTime = ProcessProbe.handleStartTime(child.pid());
        final ProcessIdentity recorded = new ProcessIdentity(child.pid(), recordedStartTime, ProcessProbe.UNKNOWN);

        assertThat(ProcessProbe.isHandleStartTime(recordedStartTime)).isTrue();
        assertThat(ProcessProbe.handleLiveness(child.pid(), recordedStartTime)).isEqualTo(Liveness.ALIVE);
        assertThat(ProcessProbe.liveness(recorded)).isEqualTo(Liveness.ALIVE);
        assertThat(ProcessProbe.handleLiveness(child.pid(), recordedStartTime + 1)).isEqualTo(Liveness.GONE);

        child.destroyForcibly();
        assertThat(child.waitFor(WAIT_FOR_EXIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        assertThat(ProcessProbe.handleLiveness(child.pid(), recordedStartTime)).isEqualTo(Liveness.GONE);
        assertThat(ProcessProbe.liveness(recorded)).isEqualTo(Liveness.GONE);
    }

    @Test
    void shouldReportGoneWhenPidWasReusedWithAnotherStartTime()
    {
        final ProcessIdentity self = ProcessProbe.self();
        final ProcessIdentity reused = new ProcessIdentity(self.pid(), self.startTime() + 1, self.pidNamespace());

        assertThat(ProcessProbe.liveness(reused)).isEqualTo(Liveness.GONE);
    }

    @Test
    void shouldReportAliveWhenRecordedStartTimeIsUnknown()
    {
        final ProcessIdentity self = ProcessProbe.self();
        final ProcessIdentity noStartTime = new ProcessIdentity(self.pid(), ProcessProbe.UNKNOWN, self.pidNamespace());

        assertThat(ProcessProbe.liveness(noStartTime)).isEqualTo(Liveness.ALIVE);
    }

    @Test
    void shouldReportGoneWhenPidCannotExist()
    {
        final ProcessIdentity impossible = new ProcessIdentity(
            IMPOSSIBLE_PID, ProcessProbe.self().startTime(), ProcessProbe.pidNamespace());

        assertThat(ProcessProbe.liveness(impossible)).isEqualTo(Liveness.GONE);
        assertThat(ProcessProbe.liveness(new ProcessIdentity(0, 0, 0))).isEqualTo(Liveness.GONE);
        assertThat(ProcessProbe.liveness(new ProcessIdentity(-1, 0, 0))).isEqualTo(Liveness.GONE);
        assertThat(ProcessProbe.startTime(IMPOSSIBLE_PID)).isEqualTo(ProcessProbe.UNKNOWN);
        assertThat(ProcessProbe.isZombie(IMPOSSIBLE_PID)).isFalse();
    }

    @Test
    void shouldReportUnknownNamespaceWhenRecordedInAnotherNamespace()
    {
        final ProcessIdentity self = ProcessProbe.self();
        final ProcessIdentity elsewhere = new ProcessIdentity(
            IMPOSSIBLE_PID, self.startTime(), ProcessProbe.pidNamespace() + 1);

        assertThat(ProcessProbe.liveness(elsewhere)).isEqualTo(Liveness.UNKNOWN_NAMESPACE);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void shouldReportGoneWhenProcessIsZombie() throws IOException
    {
        // The shell prints the pid of a short-lived child, then becomes `sleep`, which never reaps it.
        final Process parent = start("sh", "-c", "sleep 0 & echo $!; exec sleep 30");
        final long zombiePid;
        try (BufferedReader reader = new BufferedReader(
            new InputStreamReader(parent.getInputStream(), StandardCharsets.US_ASCII)))
        {
            zombiePid = Long.parseLong(reader.readLine().trim());
        }
        final ProcessIdentity recorded = identityOf(zombiePid);

        awaitTrue(ProcessProbe::isZombie, zombiePid);

        assertThat(ProcessProbe.liveness(recorded)).isEqualTo(Liveness.GONE);
        assertThat(ProcessProbe.isZombie(parent.pid())).isFalse();
        assertThat(ProcessProbe.liveness(identityOf(parent.pid()))).isEqualTo(Liveness.ALIVE);
    }

    @Test
    void shouldParseAfterLastParenthesisWhenCommContainsSpacesAndParentheses()
    {
        final byte[] stat = WEIRD_ZOMBIE_STAT.getBytes(StandardCharsets.US_ASCII);

        assertThat(ProcessProbe.parseState(stat)).isEqualTo(ProcessProbe.ZOMBIE_STATE);
        assertThat(ProcessProbe.isZombieState(ProcessProbe.parseState(stat))).isTrue();
        assertThat(ProcessProbe.parseStartTime(stat)).isEqualTo(STAT_START_TIME);
    }

    @Test
    void shouldParseStateAndStartTimeWhenLineIsOrdinary()
    {
        final byte[] stat = ("2966 (cat) R 2961 2961 2550 0 -1 4194304 100 0 0 0 0 0 0 0 20 0 1 0 28927 3133440 " +
            "386 18446744073709551615").getBytes(StandardCharsets.US_ASCII);

        assertThat(ProcessProbe.parseState(stat)).isEqualTo((byte)'R');
        assertThat(ProcessProbe.isZombieState(ProcessProbe.parseState(stat))).isFalse();
        assertThat(ProcessProbe.parseStartTime(stat)).isEqualTo(28927);
    }

    @Test
    void shouldReturnUnknownWhenStatLineIsMalformed()
    {
        final byte[] noComm = "1234 cat R 1".getBytes(StandardCharsets.US_ASCII);
        final byte[] truncated = "1234 (cat) S 1 2 3".getBytes(StandardCharsets.US_ASCII);
        final byte[] endsAtComm = "1234 (cat)".getBytes(StandardCharsets.US_ASCII);
        final byte[] notNumber = WEIRD_ZOMBIE_STAT.replace(" 98765 ", " x ").getBytes(StandardCharsets.US_ASCII);
        final byte[] overflow = WEIRD_ZOMBIE_STAT.replace(" 98765 ", " 99999999999999999999 ")
            .getBytes(StandardCharsets.US_ASCII);

        assertThat(ProcessProbe.parseState(noComm)).isEqualTo(ProcessProbe.NO_STATE);
        assertThat(ProcessProbe.parseState(endsAtComm)).isEqualTo(ProcessProbe.NO_STATE);
        assertThat(ProcessProbe.parseState(new byte[0])).isEqualTo(ProcessProbe.NO_STATE);
        assertThat(ProcessProbe.parseStartTime(noComm)).isEqualTo(ProcessProbe.UNKNOWN);
        assertThat(ProcessProbe.parseStartTime(truncated)).isEqualTo(ProcessProbe.UNKNOWN);
        assertThat(ProcessProbe.parseStartTime(notNumber)).isEqualTo(ProcessProbe.UNKNOWN);
        assertThat(ProcessProbe.parseStartTime(overflow)).isEqualTo(ProcessProbe.UNKNOWN);
    }

    @Test
    void shouldParseNamespaceWhenLinkHasBracketedNumber()
    {
        assertThat(ProcessProbe.parseNamespace("pid:[4026531836]")).isEqualTo(OWN_NAMESPACE);
        assertThat(ProcessProbe.parseNamespace("pid:[]")).isEqualTo(ProcessProbe.UNKNOWN);
        assertThat(ProcessProbe.parseNamespace("pid:[abc]")).isEqualTo(ProcessProbe.UNKNOWN);
        assertThat(ProcessProbe.parseNamespace("pid:4026531836")).isEqualTo(ProcessProbe.UNKNOWN);
        assertThat(ProcessProbe.parseNamespace("")).isEqualTo(ProcessProbe.UNKNOWN);
    }

    @Test
    void shouldFlagHandleStartTimeSoItNeverEqualsClockTicks()
    {
        final long handleStartTime = ProcessProbe.handleStartTime(ProcessHandle.current().pid());

        assertThat(ProcessProbe.isHandleStartTime(handleStartTime)).isTrue();
        assertThat(handleStartTime & ~ProcessProbe.HANDLE_START_TIME_FLAG)
            .isEqualTo(ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli());
        assertThat(ProcessProbe.isHandleStartTime(STAT_START_TIME)).isFalse();
        assertThat(ProcessProbe.isHandleStartTime(ProcessProbe.UNKNOWN)).isFalse();
    }

    private Process start(final String... command) throws IOException
    {
        final Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        children.add(child);
        return child;
    }

    private static ProcessIdentity identityOf(final long pid)
    {
        return new ProcessIdentity(pid, ProcessProbe.startTime(pid), ProcessProbe.pidNamespace());
    }

    private static void awaitTrue(final LongPredicate condition, final long pid)
    {
        Await.until(Duration.ofNanos(DEADLINE_NS), () -> condition.test(pid), "the condition for pid=" + pid);
    }
}
