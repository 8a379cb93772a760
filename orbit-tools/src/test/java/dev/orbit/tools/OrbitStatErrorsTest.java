package dev.orbit.tools;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.orbit.fleet.Fleet;
import dev.orbit.internal.shm.Processes;
import dev.orbit.internal.shm.SegmentNames;
import dev.orbit.shm.AccessMode;
import dev.orbit.shm.SegmentDescriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Every failure is a non-zero exit code and one message on stderr naming the value and the fix; bad arguments
 * add the usage text.
 */
class OrbitStatErrorsTest {

    private Path dir;
    private String fleet;

    @BeforeEach
    void setUp() throws IOException {
        dir = FleetFiles.newDirectory();
        fleet = "err-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void tearDown() throws IOException {
        FleetFiles.delete(dir);
    }

    @Test
    void shouldNameTheFleetTheDirectoryAndTheFleetsThereWhenTheFleetIsUnknown() {
        quiescentFleet("present");

        final Tool tool = Tool.run("stat", "--fleet", fleet, "--dir", dir.toString(), "--once");

        assertThat(tool.exitCode()).isEqualTo(OrbitStat.EXIT_ERROR);
        assertThat(tool.out()).isEmpty();
        assertThat(tool.err()).startsWith("orbit-stat: unknown fleet: fleet=" + fleet + ", dir=" + dir)
            .contains("fleets there: present", "--dir").doesNotContain("usage:");
        assertThat(Tool.run("unlink", "--fleet", fleet, "--dir", dir.toString()).err()).contains("unknown fleet");
    }

    @Test
    void shouldRefuseADirectoryThatDoesNotExistOrIsAFile() throws IOException {
        final Path missing = dir.resolve("missing");
        final Path file = Files.createFile(dir.resolve("plain-file"));

        final Tool noDirectory = Tool.run("stat", "--fleet", fleet, "--dir", missing.toString(), "--once");
        final Tool notDirectory = Tool.run("list", "--dir", file.toString());

        assertThat(noDirectory.exitCode()).isEqualTo(OrbitStat.EXIT_ERROR);
        assertThat(noDirectory.err()).contains("directory does not exist: dir=" + missing, "--dir");
        assertThat(notDirectory.exitCode()).isEqualTo(OrbitStat.EXIT_ERROR);
        assertThat(notDirectory.err()).contains("not a directory: dir=" + file);
    }

    @Test
    void shouldRefuseAnUnreadableDirectory() throws IOException {
        assumeFalse(Processes.currentUid() == 0, "root reads every directory");
        final Path locked = Files.createDirectory(dir.resolve("locked"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("-wx------")));

        final Tool tool = Tool.run("list", "--dir", locked.toString());

        assertThat(tool.exitCode()).isEqualTo(OrbitStat.EXIT_ERROR);
        assertThat(tool.err()).contains("directory not readable: dir=" + locked);
    }

    @Test
    void shouldRefuseASegmentOfAnotherFormatVersionNamingFileAndVersions() throws IOException {
        quiescentFleet(fleet);
        final Path ring = SegmentNames.ringFile(dir, fleet, Tick.KIND, AccessMode.OWNER, Processes.currentUid());
        writeFormatVersion(ring, 99);

        final Tool stat = Tool.run("stat", "--fleet", fleet, "--dir", dir.toString(), "--once", "--json");

        assertThat(stat.exitCode()).isEqualTo(OrbitStat.EXIT_ERROR);
        assertThat(stat.out()).isEmpty();
        assertThat(stat.err()).contains(ring.toString(), "formatVersion=99",
            "expected formatVersion=" + SegmentDescriptor.FORMAT_VERSION, "unlink");
    }

    @Test
    void shouldListEveryFleetAndReportOneWhoseMembersCannotBeRead() throws IOException {
        quiescentFleet(fleet);
        quiescentFleet("other-" + fleet);
        writeFormatVersion(SegmentNames.membersFile(dir, "other-" + fleet, AccessMode.OWNER, Processes.currentUid()), 7);

        final Tool list = Tool.run("list", "--dir", dir.toString());
        final Tool json = Tool.run("list", "--dir", dir.toString(), "--json");

        assertThat(list.exitCode()).isEqualTo(OrbitStat.EXIT_ERROR);
        assertThat(list.out()).as("members, tick and heartbeat segments")
            .containsPattern(fleet + "\\s+0/0\\s+3\\s").containsPattern("other-" + fleet + "\\s+\\?");
        assertThat(list.err()).contains("fleet=other-" + fleet, "formatVersion=7");
        assertThat(Json.object(json.out())).containsEntry("directory", dir.toString());
        assertThat(OrbitStatFleetTest.list(Json.object(json.out()), "fleets")).hasSize(2)
            .anySatisfy(f -> assertThat(f).containsEntry("fleet", fleet).containsEntry("live", 0L)
                .containsEntry("total", 0L).containsEntry("error", null));
    }

    @Test
    void shouldListNothingInAnEmptyDirectory() {
        final Tool list = Tool.run("list", "--dir", dir.toString());

        assertThat(list.exitCode()).isEqualTo(OrbitStat.EXIT_OK);
        assertThat(list.out()).isEqualTo("fleets: 0 in " + dir + " for uid " + Processes.currentUid() + "\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "''                                          | a command is required",
        "top                                         | unknown command: top",
        "stat                                        | stat needs --fleet NAME",
        "stat --fleet                                | missing value: --fleet",
        "stat --fleet ../etc                         | invalid fleet name=\"../etc\"",
        "stat --fleet a --fleet b                    | option given twice: --fleet",
        "stat --fleet a --interval soon              | invalid duration: --interval=soon",
        "stat --fleet a --interval 1ms               | interval out of range: --interval=1ms",
        "stat --fleet a --count 0                    | invalid count: --count=0",
        "stat --fleet a --once --count 2             | --once and --count exclude each other",
        "stat --fleet a --verbose                    | unknown option: --verbose",
        "stat --fleet a --once=yes                   | unexpected value: --once=yes",
        "stat --fleet a extra                        | unexpected argument: extra",
        "list --force                                | option not valid for list: --force",
        "unlink --once --fleet a                     | option not valid for unlink: --once",
        "stat --fleet a --once --once                | option given twice: --once",
        "stat --fleet a --count 2 --count 3          | option given twice: --count (first 2, then 3)",
        "list --json --json                          | option given twice: --json",
        "stat --fleet a --once=true                  | unexpected value: --once=true",
        "stat --fleet a --dir /tmp --dir=/var        | option given twice: --dir (first /tmp, then /var)",
    })
    void shouldExitWithUsageOnBadArguments(final String line, final String message) {
        final Tool tool = Tool.run(line.isEmpty() ? new String[0] : line.split(" "));

        assertThat(tool.exitCode()).isEqualTo(OrbitStat.EXIT_USAGE);
        assertThat(tool.out()).isEmpty();
        assertThat(tool.err()).startsWith("orbit-stat: ").contains(message).contains("usage: orbit-stat");
    }

    @Test
    void shouldPrintUsageOnHelp() {
        assertThat(Tool.run("help").out()).isEqualTo(OrbitStat.USAGE);
        assertThat(Tool.run("--help").out()).isEqualTo(OrbitStat.USAGE);
        assertThat(OrbitStat.USAGE).startsWith("usage: orbit-stat").contains("stat", "list", "unlink", "help",
            "exit codes:");
    }

    @Test
    void shouldPrintACommandsOptionsOnItsHelp() {
        final Tool stat = Tool.run("stat", "--help");
        final Tool unlink = Tool.run("help", "unlink");

        assertThat(stat.exitCode()).isEqualTo(OrbitStat.EXIT_OK);
        assertThat(stat.err()).isEmpty();
        assertThat(stat.out()).startsWith("usage: orbit-stat stat")
            .contains("--fleet NAME", "--dir DIR", "--once", "--count N", "--interval D", "--json", "--max-age D");
        assertThat(unlink.exitCode()).isEqualTo(OrbitStat.EXIT_OK);
        assertThat(unlink.out()).startsWith("usage: orbit-stat unlink").contains("--force").doesNotContain("--json");
    }

    @Test
    void shouldPrintTheVersion() {
        final Tool version = Tool.run("--version");

        assertThat(version.exitCode()).isEqualTo(OrbitStat.EXIT_OK);
        assertThat(version.out()).matches("orbit-stat \\d+\\.\\d+\\.\\d+.*\n");
        assertThat(Tool.run("stat", "--version").out()).isEqualTo(version.out());
    }

    /**
     * A fleet that this JVM joined, published on and left: its files stay, and nobody writes them.
     */
    private void quiescentFleet(final String name) {
        try (Fleet member = Fleet.builder().name(name).directory(dir).joinShm()) {
            member.publish(Tick.class, 1, 1, new byte[] {1});
        }
    }

    private static void writeFormatVersion(final Path segment, final int version) throws IOException {
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            final ByteBuffer value = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(0, version);
            channel.write(value, SegmentDescriptor.FORMAT_VERSION_OFFSET);
        }
    }
}
