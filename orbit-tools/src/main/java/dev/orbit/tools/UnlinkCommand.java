package dev.orbit.tools;

import java.io.PrintStream;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import dev.orbit.fleet.Fleet;
import dev.orbit.internal.shm.Processes;

/**
 * {@code orbit-stat unlink}: removes a stopped fleet's segment and lock files.
 */
@Command(name = "unlink",
    description = "removes the fleet's segment files; refused while live members exist unless --force")
final class UnlinkCommand implements Callable<Integer> {

    private final OrbitStat tool;

    @Spec
    private CommandSpec spec;

    @Mixin
    private Options.Fleet fleet;

    @Mixin
    private Options.Dir dir;

    private Boolean force;

    UnlinkCommand(final OrbitStat tool) {
        this.tool = tool;
    }

    @Option(names = "--force", arity = "0", description = {
        "unlink even while live members exist (they keep mapping the removed files,",
        "and members started later map new ones: the fleet splits)"})
    void force(final boolean value) {
        Options.once(spec, "--force", force, null);
        force = value;
    }

    @Override
    public Integer call() {
        final PrintStream out = tool.out();
        final FleetDirectory directory = FleetDirectory.open(dir.path(), Processes.currentUid());
        directory.requireFleet(fleet.name());
        final int removed;
        try {
            removed = Fleet.unlink(directory.path(), fleet.name(), force != null && force);
        }
        catch (final IllegalStateException ex) {
            throw new ToolException(OrbitStat.EXIT_LIVE_MEMBERS, ex.getMessage() + "; to remove anyway: orbit-stat " +
                "unlink --fleet " + fleet.name() + " --dir " + directory.path() + " --force", ex);
        }
        out.println("unlinked fleet=" + fleet.name() + ": removed " + removed + " segment files (and their lock " +
            "files) from " + directory.path());
        out.flush();
        return OrbitStat.EXIT_OK;
    }
}
