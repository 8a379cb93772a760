package dev.orbit.internal.shm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.orbit.shm.AccessMode;
import dev.orbit.shm.SegmentException;
import dev.orbit.testsupport.ChildJvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Creating and attaching from real separate JVMs, in the default directory ({@code /dev/shm} on Linux).
 */
class MappedSegmentProcessTest
{
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(60);
    private static final int RACERS = 4;
    private static final SegmentOptions OPTIONS = SegmentOptions.defaults();

    private final String fleet = "shm-test-" + UUID.randomUUID();
    private final Path file = SegmentNames.ringFile(
        SegmentNames.defaultDirectory(), fleet, TestSegmentSpec.TYPE_TAG, AccessMode.OWNER, Processes.currentUid());
    private final List<ChildJvm> children = new ArrayList<>();

    @AfterEach
    void removeSegmentAndStopChildren()
    {
        children.forEach(ChildJvm::close);
        MappedSegment.unlink(file);
    }

    @Test
    void shouldCreateOnceWhenProcessesRace() throws Exception
    {
        for (int i = 0; i < RACERS; i++)
        {
            children.add(ChildJvm.start(SegmentProcessMain.class, "race", file.toString()));
        }
        for (final ChildJvm child : children)
        {
            child.awaitLine(SegmentProcessMain.READY, CHILD_TIMEOUT);
        }
        for (final ChildJvm child : children)
        {
            child.send("go");
        }

        final List<Map<String, String>> results = new ArrayList<>();
        for (final ChildJvm child : children)
        {
            results.add(ChildJvm.fields(child.awaitLine(SegmentProcessMain.RESULT, CHILD_TIMEOUT)));
            assertThat(child.awaitExit(CHILD_TIMEOUT)).as("exit status of child %d", child.pid()).isZero();
        }

        assertThat(results).filteredOn(result -> "true".equals(result.get("created"))).hasSize(1);
        final Map<String, String> creator = results.stream()
            .filter(result -> "true".equals(result.get("created")))
            .findFirst()
            .orElseThrow();
        assertThat(results).allSatisfy(result ->
        {
            assertThat(result.get("createdAt")).isEqualTo(creator.get("createdAt"));
            assertThat(result.get("creatorPid")).isEqualTo(creator.get("pid"));
        });
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(AccessMode.OWNER.permissions());
    }

    @Test
    void shouldRefuseSegmentHalfCreatedByADeadProcessUntilUnlinked() throws Exception
    {
        final ChildJvm child = start("halt-while-initialising");
        assertThat(child.awaitExit(CHILD_TIMEOUT)).isEqualTo(SegmentProcessMain.HALT_STATUS);
        assertThat(Files.size(file)).isEqualTo(TestSegmentSpec.LENGTH);
        final FileSnapshot before = FileSnapshot.of(file);

        // the kernel released the dead creator's lock, so this does not time out
        assertThatThrownBy(() -> MappedSegment.openOrCreate(file, TestSegmentSpec.standard(), OPTIONS))
            .isInstanceOf(SegmentException.class)
            .hasMessageContaining("refusing segment " + file + ": magic=0x00000000")
            .hasMessageContaining("half-created, its creator died before publishing it")
            .hasMessageContaining("MappedSegment.unlink(path)");
        before.assertUnchanged(file);

        assertThat(MappedSegment.unlink(file)).isTrue();
        try (MappedSegment segment = MappedSegment.openOrCreate(file, TestSegmentSpec.standard(), OPTIONS))
        {
            assertThat(segment.created()).isTrue();
        }
    }

    @Test
    void shouldWaitForTheLockHeldByAnotherProcess() throws Exception
    {
        final ChildJvm child = start("hold-lock");
        assertThat(child.awaitLine(SegmentProcessMain.LOCKED, CHILD_TIMEOUT)).endsWith("acrossProcesses=true");

        assertThatThrownBy(() -> MappedSegment.openOrCreate(
            file, TestSegmentSpec.standard(), OPTIONS.withLockTimeout(Duration.ofMillis(200))))
            .isInstanceOf(SegmentException.class)
            .hasMessageContaining("timed out waiting for lock file " + SegmentNames.lockFile(file) +
                ": lockTimeout=PT0.2S (held by another process");
        assertThat(file).doesNotExist();

        child.close(); // the kernel releases the lock of a killed process
        try (MappedSegment segment = MappedSegment.openOrCreate(file, TestSegmentSpec.standard(), OPTIONS))
        {
            assertThat(segment.created()).isTrue();
        }
    }

    private ChildJvm start(final String action)
    {
        final ChildJvm child = ChildJvm.start(SegmentProcessMain.class, action, file.toString());
        children.add(child);
        return child;
    }

}
