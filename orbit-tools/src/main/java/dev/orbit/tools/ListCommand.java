package dev.orbit.tools;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import dev.orbit.fleet.Member;
import dev.orbit.fleet.MemberState;
import dev.orbit.fleet.MembersReader;
import dev.orbit.internal.shm.Processes;
import dev.orbit.internal.shm.SegmentNames;
import dev.orbit.internal.shm.SegmentOptions;
import dev.orbit.shm.AccessMode;
import dev.orbit.shm.SegmentException;

/**
 * {@code orbit-stat list}: the fleets of this user in a directory, with live and total members.
 */
@Command(name = "list", description = "the fleets of this user in DIR, with live/total members")
final class ListCommand implements Callable<Integer> {

    private final OrbitStat tool;

    @Mixin
    private Options.Dir dir;

    @Mixin
    private Options.Json json;

    ListCommand(final OrbitStat tool) {
        this.tool = tool;
    }

    @Override
    public Integer call() {
        final PrintStream out = tool.out();
        final PrintStream err = tool.err();
        final FleetDirectory directory = FleetDirectory.open(dir.path(), Processes.currentUid());
        final List<FleetSummary> fleets = new ArrayList<>();
        for (final String name : directory.fleets()) {
            fleets.add(summarise(directory, name));
        }
        if (json.json()) {
            out.println(JsonScreen.render(directory, fleets));
        }
        else {
            out.println("fleets: " + fleets.size() + " in " + directory.path() + " for uid " +
                Integer.toUnsignedString(directory.uid()));
            if (!fleets.isEmpty()) {
                final boolean errors = fleets.stream().anyMatch(fleet -> fleet.error() != null);
                final Table table = errors ?
                    new Table("FLEET", ">LIVE/TOTAL", ">SEGMENTS", "ERROR") : new Table("FLEET", ">LIVE/TOTAL", ">SEGMENTS");
                for (final FleetSummary fleet : fleets) {
                    final String members = fleet.error() == null ? fleet.live() + "/" + fleet.total() : "?";
                    if (errors) {
                        table.row(fleet.name(), members, fleet.segments(), fleet.error() == null ? "" : "unreadable (see stderr)");
                    }
                    else {
                        table.row(fleet.name(), members, fleet.segments());
                    }
                }
                final StringBuilder text = new StringBuilder();
                table.appendTo(text, "  ");
                out.print(text);
            }
        }
        out.flush();
        int exitCode = OrbitStat.EXIT_OK;
        for (final FleetSummary fleet : fleets) {
            if (fleet.error() != null) {
                err.println(OrbitStat.PREFIX + "fleet=" + fleet.name() + ": " + fleet.error());
                exitCode = OrbitStat.EXIT_ERROR;
            }
        }
        err.flush();
        return exitCode;
    }

    private FleetSummary summarise(final FleetDirectory directory, final String name) {
        final int segments = directory.segments(name).size();
        try (MembersReader reader = MembersReader.attach(
            SegmentNames.membersFile(directory.path(), name, AccessMode.OWNER, directory.uid()), name,
            SegmentOptions.defaults(), tool.clock())) {
            int live = 0;
            int total = 0;
            for (final Member member : reader.members()) {
                if (member.state() != MemberState.FREE) {
                    total++;
                    if (member.state() != MemberState.GONE) {
                        live++;
                    }
                }
            }
            return new FleetSummary(name, segments, live, total, null);
        }
        catch (final SegmentException ex) {
            return new FleetSummary(name, segments, 0, 0, ex.getMessage());
        }
    }
}
