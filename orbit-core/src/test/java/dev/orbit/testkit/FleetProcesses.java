package dev.orbit.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * Child JVMs of one test fleet: started as {@code main <mode> <directory> <fleet> [args]}, killed and the
 * fleet's files removed by {@link #close()}.
 */
public final class FleetProcesses implements AutoCloseable {

    private final String name;
    private final Class<?> main;
    private final List<ChildJvm> children = new ArrayList<>();

    /**
     * @param prefix fleet name prefix; a unique suffix is added.
     * @param main   the children's main class.
     */
    public FleetProcesses(final String prefix, final Class<?> main) {
        this.name = TestFleets.uniqueName(prefix);
        this.main = main;
    }

    /**
     * @return the fleet's name.
     */
    public String name() {
        return name;
    }

    /**
     * @param mode the child's mode.
     * @param args further arguments.
     * @return the started child.
     */
    public ChildJvm start(final String mode, final String... args) {
        final String[] all = new String[args.length + 3];
        all[0] = mode;
        all[1] = TestFleets.directory().toString();
        all[2] = name;
        System.arraycopy(args, 0, all, 3, args.length);
        final ChildJvm child = ChildJvm.start(main, all);
        children.add(child);
        return child;
    }

    /**
     * Kills every child still running and removes the fleet's segment files.
     */
    @Override
    public void close() {
        children.forEach(ChildJvm::close);
        TestFleets.unlink(name);
        if (!TestFleets.noFilesLeft(name)) {
            throw new AssertionError("files of fleet " + name + " were left in " + TestFleets.directory());
        }
    }
}
