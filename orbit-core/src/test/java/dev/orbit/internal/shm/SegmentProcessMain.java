package dev.orbit.internal.shm;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import dev.orbit.shm.SegmentDescriptor;

/**
 * Entry point of the child JVMs started by {@link MappedSegmentProcessTest}.
 * <pre>
 *   race FILE                     print "ready", wait for a line on stdin, openOrCreate, print the result
 *   halt-while-initialising FILE  openOrCreate and halt inside SegmentSpec.initialise, lock held
 *   hold-lock FILE                lock the segment's lock file, print "locked", hold it until stdin ends
 * </pre>
 */
public final class SegmentProcessMain
{
    static final int HALT_STATUS = 3;
    static final String READY = "ready";
    static final String LOCKED = "locked";
    static final String RESULT = "result";

    private SegmentProcessMain()
    {
    }

    public static void main(final String[] args)
    {
        try
        {
            final String action = args[0];
            final Path file = Path.of(args[1]);
            final BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            switch (action)
            {
                case "race":
                    System.out.println(READY);
                    System.out.flush();
                    stdin.readLine();
                    try (MappedSegment segment =
                        MappedSegment.openOrCreate(file, TestSegmentSpec.standard(), SegmentOptions.defaults()))
                    {
                        final ByteBuffer buffer = segment.buffer();
                        System.out.println(RESULT +
                            " created=" + segment.created() +
                            " createdAt=" + buffer.getLong(SegmentDescriptor.CREATED_AT_OFFSET) +
                            " creatorPid=" + buffer.getLong(SegmentDescriptor.CREATOR_PID_OFFSET) +
                            " pid=" + ProcessHandle.current().pid());
                    }
                    break;

                case "halt-while-initialising":
                    MappedSegment.openOrCreate(file, new HaltingSpec(TestSegmentSpec.standard()),
                        SegmentOptions.defaults());
                    System.out.println("initialise was not called");
                    System.exit(1);
                    break;

                case "hold-lock":
                    try (SegmentLock lock = SegmentLock.exclusive(SegmentNames.lockFile(file), SegmentOptions.defaults()))
                    {
                        System.out.println(LOCKED + " acrossProcesses=" + lock.isHeldAcrossProcesses());
                        System.out.flush();
                        while (null != stdin.readLine())
                        {
                            // hold the lock until the parent closes stdin
                        }
                    }
                    break;

                default:
                    throw new IllegalArgumentException("unknown action=" + action);
            }
            System.out.flush();
        }
        catch (final Throwable ex)
        {
            ex.printStackTrace(System.out);
            System.out.flush();
            System.exit(1);
        }
    }

    /**
     * Dies like a creator killed half-way: after the file is created and filled, before the magic is published.
     */
    private record HaltingSpec(SegmentSpec delegate) implements SegmentSpec
    {
        public String describe()
        {
            return delegate.describe();
        }

        public long length()
        {
            return delegate.length();
        }

        public int typeTag()
        {
            return delegate.typeTag();
        }

        public void initialise(final ByteBuffer buffer)
        {
            delegate.initialise(buffer);
            System.out.flush();
            Runtime.getRuntime().halt(HALT_STATUS);
        }

        public void validate(final ByteBuffer buffer, final Path file)
        {
            delegate.validate(buffer, file);
        }
    }
}
