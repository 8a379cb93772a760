package dev.orbit.internal.shm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.orbit.shm.AccessMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SegmentNamesTest
{
    private static final int UID = 1000;
    private static final int OTHER_UID = 1001;

    @TempDir
    Path dir;

    @Test
    void shouldNameSegmentsWithUidInOwnerMode()
    {
        assertThat(SegmentNames.ringFile(dir, "orders", 7, AccessMode.OWNER, UID))
            .isEqualTo(dir.resolve("orbit-orders-7-1000"));
        assertThat(SegmentNames.cacheFile(dir, "orders", "users", AccessMode.OWNER, UID))
            .isEqualTo(dir.resolve("orbit-orders-cache-users-1000"));
        assertThat(SegmentNames.membersFile(dir, "orders", AccessMode.OWNER, UID))
            .isEqualTo(dir.resolve("orbit-orders-members-1000"));
        assertThat(SegmentNames.claimsFile(dir, "orders", AccessMode.OWNER, UID))
            .isEqualTo(dir.resolve("orbit-orders-claims-1000"));
    }

    @Test
    void shouldNameSegmentsWithoutUidInGroupModes()
    {
        assertThat(SegmentNames.ringFile(dir, "orders", 255, AccessMode.GROUP_READ, UID))
            .isEqualTo(dir.resolve("orbit-orders-255"));
        assertThat(SegmentNames.cacheFile(dir, "orders", "users", AccessMode.GROUP_READ_WRITE, UID))
            .isEqualTo(dir.resolve("orbit-orders-cache-users"));
        assertThat(SegmentNames.membersFile(dir, "orders", AccessMode.GROUP_READ, UID))
            .isEqualTo(dir.resolve("orbit-orders-members"));
        assertThat(SegmentNames.claimsFile(dir, "orders", AccessMode.GROUP_READ_WRITE, UID))
            .isEqualTo(dir.resolve("orbit-orders-claims"));
    }

    @Test
    void shouldWriteUidsAboveIntMaxAsUnsigned()
    {
        assertThat(SegmentNames.ringFile(dir, "orders", 0, AccessMode.OWNER, -2))
            .isEqualTo(dir.resolve("orbit-orders-0-4294967294"));
    }

    @Test
    void shouldNameLockFileBesideSegment()
    {
        assertThat(SegmentNames.lockFile(dir.resolve("orbit-orders-7-1000")))
            .isEqualTo(dir.resolve("orbit-orders-7-1000.lock"));
    }

    @ParameterizedTest
    @ValueSource(ints = { -1, 256 })
    void shouldRefuseKindOutsideOneByte(final int kind)
    {
        assertThatThrownBy(() -> SegmentNames.ringFile(dir, "orders", kind, AccessMode.OWNER, UID))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("invalid kind=" + kind + ", expected 0..255");
    }

    @ParameterizedTest
    @ValueSource(strings = { "orders-1", "a.b_c", "A", "7", "cache-x", "x-caches", "x.lock" })
    void shouldAcceptValidFleetNames(final String name)
    {
        assertThat(SegmentNames.validateFleetName(name)).isEqualTo(name);
    }

    @Test
    void shouldAcceptFleetNameOfSixtyFourCharacters()
    {
        final String name = "a".repeat(64);
        assertThat(SegmentNames.validateFleetName(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = { "../x", "a/b", "a b", "a\\b", "é" })
    void shouldRefuseFleetNamesWithOtherCharacters(final String name)
    {
        assertThatThrownBy(() -> SegmentNames.validateFleetName(name))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("invalid fleet name=\"" + name + "\": character=")
            .hasMessageEndingWith(", expected only [A-Za-z0-9_.-]");
    }

    @Test
    void shouldRefuseEmptyAndTooLongFleetNames()
    {
        final String tooLong = "a".repeat(65);

        assertThatThrownBy(() -> SegmentNames.validateFleetName(""))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("invalid fleet name=\"\": length=0, expected 1..64 characters");
        assertThatThrownBy(() -> SegmentNames.validateFleetName(tooLong))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("invalid fleet name=\"" + tooLong + "\": length=65, expected 1..64 characters");
        assertThatThrownBy(() -> SegmentNames.validateFleetName(null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("invalid fleet name=\"null\": a name is required");
    }

    @ParameterizedTest
    @ValueSource(strings = { "-x", ".x", "_x" })
    void shouldRefuseFleetNamesNotStartingWithLetterOrDigit(final String name)
    {
        assertThatThrownBy(() -> SegmentNames.validateFleetName(name))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("invalid fleet name=\"" + name + "\": first character='" + name.charAt(0) +
                "', expected a letter or digit");
    }

    @Test
    void shouldRefuseFleetNamesWithParentReference()
    {
        assertThatThrownBy(() -> SegmentNames.validateFleetName("a..b"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("invalid fleet name=\"a..b\": must not contain \"..\"");
    }

    @ParameterizedTest
    @ValueSource(strings = { "session-cache", "a-cache-b" })
    void shouldRefuseFleetNamesThatReadAsAnotherFleetsCache(final String name)
    {
        assertThatThrownBy(() -> SegmentNames.validateFleetName(name))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("invalid fleet name=\"" + name + "\": must not contain \"-cache-\" nor end with \"-cache\"" +
                " (its files would read as another fleet's cache)");
    }

    @Test
    void shouldValidateCacheNamesLikeFleetNames()
    {
        assertThat(SegmentNames.validateCacheName("users-1")).isEqualTo("users-1");
        assertThat(SegmentNames.validateCacheName("session-cache")).isEqualTo("session-cache");
        assertThatThrownBy(() -> SegmentNames.validateCacheName(".x"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("invalid cache name=\".x\": first character='.', expected a letter or digit");
        assertThatThrownBy(() -> SegmentNames.cacheFile(dir, "orders", "a b", AccessMode.OWNER, UID))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("invalid cache name=\"a b\"");
        assertThatThrownBy(() -> SegmentNames.validateCacheName("users.lock"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("invalid cache name=\"users.lock\": must not end with \".lock\"" +
                " (its file would read as a lock file)");
    }

    @Test
    void shouldRefuseInvalidFleetNameWhenNamingFiles()
    {
        assertThatThrownBy(() -> SegmentNames.membersFile(dir, "../etc", AccessMode.OWNER, UID))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("invalid fleet name=\"../etc\"");
    }

    @Test
    void shouldListEverySegmentOfOneFleetAndUid() throws IOException
    {
        final Path ring = touch("orbit-orders-7-1000");
        final Path members = touch("orbit-orders-members-1000");
        final Path claims = touch("orbit-orders-claims-1000");
        final Path cache = touch("orbit-orders-cache-users-1-1000");
        touch("orbit-orders-7-1000.lock");
        touch("orbit-orders-7-1001");
        touch("orbit-orders-1-7-1000");
        touch("orbit-orders-1-members-1000");
        touch("orbit-other-7-1000");
        touch("orbit-orders-x-1000");
        touch("orbit-orders-07-1000");
        touch("orbit-orders-256-1000");

        assertThat(SegmentNames.fleetSegments(dir, "orders", AccessMode.OWNER, UID))
            .containsExactly(ring, cache, claims, members);
        assertThat(SegmentNames.fleetSegments(dir, "orders-1", AccessMode.OWNER, UID))
            .containsExactly(dir.resolve("orbit-orders-1-7-1000"), dir.resolve("orbit-orders-1-members-1000"));
    }

    @Test
    void shouldListSegmentsWithoutUidInGroupModes() throws IOException
    {
        final Path ring = touch("orbit-orders-7");
        final Path cache = touch("orbit-orders-cache-users");
        final Path members = touch("orbit-orders-members");
        touch("orbit-orders-members.lock");
        touch("orbit-orders-cache-users.lock");
        touch("orbit-orders-1-members");

        assertThat(SegmentNames.fleetSegments(dir, "orders", AccessMode.GROUP_READ_WRITE, UID))
            .containsExactly(ring, cache, members);
    }

    @Test
    void shouldListFleetsByMembersFile() throws IOException
    {
        touch("orbit-orders-members-1000");
        touch("orbit-orders-1-members-1000");
        touch("orbit-orders-1-members-1000.lock");
        touch("orbit-orders-cache-x-members-1000");
        touch("orbit-mine-7-1000");
        touch("orbit-theirs-members-1001");
        touch("orbit-shared-members");

        assertThat(SegmentNames.fleets(dir, UID)).containsExactly("orders", "orders-1");
        assertThat(SegmentNames.fleets(dir, OTHER_UID)).containsExactly("theirs");
        assertThat(SegmentNames.fleets(dir, AccessMode.GROUP_READ_WRITE, UID)).containsExactly("shared");
    }

    @Test
    void shouldListNothingInAbsentDirectory()
    {
        final Path absent = dir.resolve("absent");

        assertThat(SegmentNames.fleets(absent, UID)).isEmpty();
        assertThat(SegmentNames.fleetSegments(absent, "orders", AccessMode.OWNER, UID)).isEmpty();
    }

    @Test
    void shouldDefaultToAWritableDirectory()
    {
        final Path directory = SegmentNames.defaultDirectory();

        assertThat(directory).isDirectory().isWritable();
        if (Files.isDirectory(Path.of("/dev/shm")) && Files.isWritable(Path.of("/dev/shm")))
        {
            assertThat(directory).isEqualTo(Path.of("/dev/shm"));
        }
    }

    private Path touch(final String name) throws IOException
    {
        return Files.createFile(dir.resolve(name));
    }
}
