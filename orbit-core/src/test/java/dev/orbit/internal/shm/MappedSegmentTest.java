package dev.orbit.internal.shm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.orbit.shm.AccessMode;
import dev.orbit.shm.SegmentDescriptor;
import dev.orbit.shm.SegmentException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MappedSegmentTest
{
    private static final int OTHER_ID = 12345;
    private static final int STRANGER_ID = 54321;
    private static final SegmentOptions OPTIONS = SegmentOptions.defaults();
    private static final TestSegmentSpec SPEC = TestSegmentSpec.standard();

    @TempDir
    Path dir;

    @Test
    void shouldCreateThenAttachSharingContents()
    {
        final Path file = dir.resolve("orbit-test-42-0");
        final long before = System.currentTimeMillis();

        try (MappedSegment creator = MappedSegment.openOrCreate(file, SPEC, OPTIONS);
            MappedSegment attacher = MappedSegment.openOrCreate(file, SPEC, OPTIONS);
            MappedSegment explicitAttacher = MappedSegment.attach(file, SPEC, OPTIONS))
        {
            assertThat(creator.created()).isTrue();
            assertThat(attacher.created()).isFalse();
            assertThat(explicitAttacher.created()).isFalse();
            assertThat(creator.readOnly()).isFalse();
            assertThat(creator.path()).isEqualTo(file);

            final ByteBuffer written = creator.buffer();
            final ByteBuffer read = attacher.buffer();
            assertThat(written).isSameAs(creator.buffer());
            assertThat(written.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
            assertThat(written.capacity()).isEqualTo(TestSegmentSpec.LENGTH);

            written.putLong(SegmentDescriptor.HEADER_LENGTH, 0x1122334455667788L);
            assertThat(read.getLong(SegmentDescriptor.HEADER_LENGTH)).isEqualTo(0x1122334455667788L);
            assertThat(explicitAttacher.buffer().getLong(SegmentDescriptor.HEADER_LENGTH))
                .isEqualTo(0x1122334455667788L);

            assertThat(read.getInt(SegmentDescriptor.MAGIC_OFFSET)).isEqualTo(SegmentDescriptor.MAGIC);
            assertThat(read.getInt(SegmentDescriptor.FORMAT_VERSION_OFFSET)).isEqualTo(SegmentDescriptor.FORMAT_VERSION);
            assertThat(read.getInt(SegmentDescriptor.TYPE_TAG_OFFSET)).isEqualTo(TestSegmentSpec.TYPE_TAG);
            assertThat(read.getInt(SegmentDescriptor.HEADER_LENGTH_OFFSET)).isEqualTo(SegmentDescriptor.HEADER_LENGTH);
            assertThat(read.getLong(SegmentDescriptor.LENGTH_OFFSET)).isEqualTo(TestSegmentSpec.LENGTH);
            assertThat(read.getLong(SegmentDescriptor.CREATED_AT_OFFSET))
                .isBetween(before, System.currentTimeMillis());
            assertThat(read.getLong(SegmentDescriptor.CREATOR_PID_OFFSET)).isEqualTo(ProcessHandle.current().pid());
            assertThat(read.getInt(TestSegmentSpec.CAPACITY_OFFSET)).isEqualTo(TestSegmentSpec.CAPACITY);
        }
    }

    @ParameterizedTest
    @EnumSource(AccessMode.class)
    void shouldCreateSegmentAndLockFileWithExactPermissions(final AccessMode mode) throws IOException
    {
        final Path file = dir.resolve("orbit-test-42");

        try (MappedSegment segment = MappedSegment.openOrCreate(file, SPEC, OPTIONS.withMode(mode)))
        {
            assertThat(segment.created()).isTrue();
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(mode.permissions());
            assertThat(Files.getPosixFilePermissions(SegmentNames.lockFile(file))).isEqualTo(mode.permissions());
            assertThat(Files.size(file)).isEqualTo(TestSegmentSpec.LENGTH);
        }
    }

    @ParameterizedTest
    @EnumSource(value = AccessMode.class, names = { "GROUP_READ", "GROUP_READ_WRITE" })
    void shouldGiveNewSegmentsTheExpectedGroupInGroupModes(final AccessMode mode) throws IOException
    {
        final Path file = dir.resolve("orbit-test-42");
        final SegmentOptions options = OPTIONS.withMode(mode).withExpectedGid(OTHER_ID);

        try (MappedSegment created = MappedSegment.openOrCreate(file, SPEC, options);
            MappedSegment attached = MappedSegment.attach(file, SPEC, options))
        {
            assertThat(created.created()).isTrue();
            assertThat(attached.created()).isFalse();
            assertThat(Files.getAttribute(file, "unix:gid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(OTHER_ID);
            assertThat(Files.getAttribute(SegmentNames.lockFile(file), "unix:gid")).isEqualTo(OTHER_ID);
        }
    }

    @Test
    void shouldRefuseSymlinkWhenAttaching() throws IOException
    {
        final Path victim = dir.resolve("victim");
        MappedSegment.openOrCreate(victim, SPEC, OPTIONS).close();
        final FileSnapshot victimBefore = FileSnapshot.of(victim);
        final Path link = Files.createSymbolicLink(dir.resolve("orbit-test-42-0"), victim);

        assertThatThrownBy(() -> MappedSegment.attach(link, SPEC, OPTIONS))
            .isInstanceOf(SegmentException.class)
            .hasMessageContaining("refusing segment " + link)
            .hasMessageContaining("type=symbolic link, expected type=regular file");
        assertThatThrownBy(() -> MappedSegment.openOrCreate(link, SPEC, OPTIONS))
            .isInstanceOf(SegmentException.class)
            .hasMessageContaining("type=symbolic link");
        assertThatThrownBy(() -> MappedSegment.attachReadOnly(link, SPEC, OPTIONS))
            .hasMessageContaining("type=symbolic link");
        assertThatThrownBy(() -> MappedSegment.readHeader(link, OPTIONS))
            .hasMessageContaining("type=symbolic link");

        victimBefore.assertUnchanged(victim);
        assertThat(Files.isSymbolicLink(link)).isTrue();
    }

    @Test
    void shouldNotCreateThroughDanglingSymlink() throws IOException
    {
        final Path target = dir.resolve("target");
        final Path link = Files.createSymbolicLink(dir.resolve("orbit-test-42-0"), target);

        assertThatThrownBy(() -> MappedSegment.openOrCreate(link, SPEC, OPTIONS))
            .isInstanceOf(SegmentException.class)
            .hasMessageContaining("type=symbolic link");

        assertThat(target).doesNotExist();
    }

    @Test
    void shouldRefuseSymlinkedLockFile() throws IOException
    {
        final Path victim = Files.write(dir.resolve("victim"), new byte[]{ 1, 2, 3 });
        final FileSnapshot victimBefore = FileSnapshot.of(victim);
        final Path file = dir.resolve("orbit-test-42-0");
        final Path lockFile = Files.createSymbolicLink(SegmentNames.lockFile(file), victim);

        assertThatThrownBy(() -> MappedSegment.openOrCreate(file, SPEC, OPTIONS))
            .isInstanceOf(SegmentException.class)
            .hasMessageContaining("refusing lock file " + lockFile + ": type=symbolic link");

        victimBefore.assertUnchanged(victim);
        assertThat(file).doesNotExist();
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // opening a fifo would block
    void shouldRefuseFifoWhenAttaching() throws IOException, InterruptedException
    {
        final Path fifo = dir.resolve("orbit-test-42-0");
        final Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(mkfifo.exitValue()).isZero();
        final FileSnapshot before = FileSnapshot.of(fifo);

        assertThatThrownBy(() -> MappedSegment.attach(fifo, SPEC, OPTIONS))
            .isInstanceOf(SegmentException.class)
            .hasMessageContaining("refusing segment " + fifo + ": type=fifo, expected type=regular file");
        assertThatThrownBy(() -> MappedSegment.openOrCreate(fifo, SPEC, OPTIONS))
            .hasMessageContaining("type=fifo");
        assertThatThrownBy(() -> MappedSegment.attachReadOnly(fifo, SPEC, OPTIONS))
            .hasMessageContaining("type=fifo");

        before.assertUnchanged(fifo);
    }

    @Test
    void shouldRefuseDirectoryWhenAttaching() throws IOException
    {
        final Path directory = Files.createDirectory(dir.resolve("orbit-test-42-0"));
        final FileSnapshot before = FileSnapshot.of(directory);

        assertThatThrownBy(() -> MappedSegment.openOrCreate(directory, SPEC, OPTIONS))
            .isInstanceOf(SegmentException.class)
            .hasMessageContaining("refusing segment " + directory + ": type=directory, expected type=regular file");
        assertThatThrownBy(() -> MappedSegment.unlink(directory))
            .isInstanceOf(SegmentException.class)
            .hasMessageContaining("type=directory");

        before.assertUnchanged(directory);
    }

    @Test
    void shouldRefuseAnotherOwnerWhenAttaching() throws IOException
    {
        final Path file = createSegment();
        final Path lockFile = SegmentNames.lockFile(file);
        final FileSnapshot before = FileSnapshot.of(file);
        final SegmentOptions expectingAnotherUser = OPTIONS.withExpectedUid(OTHER_ID);

        assertThatThrownBy(() -> MappedSegment.attach(file, SPEC, expectingAnotherUser))
            .isInstanceOf(SegmentException.class)
            .hasMessageStartingWith("refusing lock file " + lockFile + ": uid=" + Processes.currentUid() +
                ", expectedUid=" + OTHER_ID);

        Files.setAttribute(lockFile, "unix:uid", OTHER_ID, LinkOption.NOFOLLOW_LINKS);
        assertThatThrownBy(() -> MappedSegment.attach(file, SPEC, expectingAnotherUser))
            .isInstanceOf(SegmentException.class)
            .hasMessage("refusing segment " + file + ": uid=" + Processes.currentUid() + ", expectedUid=" + OTHER_ID +
                " for mode=OWNER (the file belongs to another user: remove it as that user)");

        before.assertUnchanged(file);
    }

    @Test
    void shouldRefuseFileChownedToAnotherUser() throws IOException
    {
        final Path file = createSegment();
        Files.setAttribute(file, "unix:uid", OTHER_ID, LinkOption.NOFOLLOW_LINKS);
        final FileSnapshot before = FileSnapshot.of(file);

        assertThatThrownBy(() -> MappedSegment.openOrCreate(file, SPEC, OPTIONS))
            .isInstanceOf(SegmentException.class)
            .hasMessageContaining("uid=" + OTHER_ID + ", expectedUid=" + Processes.currentUid());
        assertThatThrownBy(() -> MappedSegment.readHeader(file, OPTIONS))
            .hasMessageContaining("uid=" + OTHER_ID);

        before.assertUnchanged(file);
    }

    @Test
    void shouldRefuseAnotherGroupInGroupMode() throws IOException
    {
        final SegmentOptions options = OPTIONS.withMode(AccessMode.GROUP_READ_WRITE).withExpectedGid(OTHER_ID);
        final Path file = dir.resolve("orbit-test-42");
        MappedSegment.openOrCreate(file, SPEC, options).close();
        final FileSnapshot before = FileSnapshot.of(file);

        assertThatThrownBy(() -> MappedSegment.attach(file, SPEC, options.withExpectedGid(STRANGER_ID)))
            .isInstanceOf(SegmentException.class)
            .hasMessageContaining("gid=" + OTHER_ID + ", expectedGid=" + STRANGER_ID);

        before.assertUnchanged(file);
    }

    @Test
    void shouldRefuseToCreateForAnotherOwner()
    {
        final Path file = dir.resolve("orbit-test-42-" + OTHER_ID);

        assertThatThrownBy(() -> MappedSegment.openOrCreate(file, SPEC, OPTIONS.withExpectedUid(OTHER_ID)))
            .isInstanceOf(SegmentException.class)
            .hasMessageContaining("expectedUid=" + OTHER_ID);

        assertThat(file).doesNotExist();
    }

    @Test
    void shouldRefuseExtraPermissionBits() throws IOException
    {
        final Path file = createSegment();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        final FileSnapshot before = FileSnapshot.of(file);

        assertThatThrownBy(() -> MappedSegment.attach(file, SPEC, OPTIONS))
            .isInstanceOf(SegmentException.class)
            .hasMessage("refusing segment " + file + ": mode=0666, expected at most 0600 for mode=OWNER " +
                "(remove the file or fix its permissions)");
        assertThatThrownBy(() -> MappedSegment.attach(file, SPEC, OPTIONS.withMode(AccessMode.GROUP_READ_WRITE)))
            .hasMessageContaining("mode=0666, expected at most 0660");

        before.assertUnchanged(file);
    }

    @Test
    void shouldRefuseWrongSize() throws IOException
    {
        final Path file = createSegment();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.truncate(TestSegmentSpec.LENGTH / 2);
        }
        final FileSnapshot before = FileSnapshot.of(file);

        assertThatThrownBy(() -> MappedSegment.openOrCreate(file, SPEC, OPTIONS))
            .isInstanceOf(SegmentException.class)
            .hasMessageContaining("size=" + TestSegmentSpec.LENGTH / 2 + ", expected length=" + TestSegmentSpec.LENGTH)
            .hasMessageContaining(SPEC.describe())
            .hasMessageContaining("MappedSegment.unlink");

        before.assertUnchanged(file);
    }

    @Test
    void shouldRefuseWrongMagic() throws IOException
    {
        final Path file = createSegment();
        writeInt(file, SegmentDescriptor.MAGIC_OFFSET, 0x12345678);
        final FileSnapshot before = FileSnapshot.of(file);

        assertThatThrownBy(() -> MappedSegment.attach(file, SPEC, OPTIONS))
            .isInstanceOf(SegmentException.class)
            .hasMessageContaining("magic=0x12345678, expected magic=0x5442524f (not an Orbit segment");

        before.assertUnchanged(file);
    }

    @Test
    void shouldRefuseWrongFormatVersion() throws IOException
    {
        final Path file = createSegment();
        writeInt(file, SegmentDescriptor.FORMAT_VERSION_OFFSET, SegmentDescriptor.FORMAT_VERSION + 1);
        final FileSnapshot before = FileSnapshot.of(file);

        assertThatThrownBy(() -> MappedSegment.openOrCreate(file, SPEC, OPTIONS))
            .isInstanceOf(SegmentException.class)
            .hasMessageContaining("formatVersion=2, expected formatVersion=1");

        before.assertUnchanged(file);
    }

    @Test
    void shouldRefuseWrongTypeTag() throws IOException
    {
        final Path file = createSegment();
        final FileSnapshot before = FileSnapshot.of(file);
        final TestSegmentSpec otherType = new TestSegmentSpec(TestSegmentSpec.TYPE_TAG + 1, SPEC.length(), SPEC.capacity());

        assertThatThrownBy(() -> MappedSegment.openOrCreate(file, otherType, OPTIONS))
            .isInstanceOf(SegmentException.class)
            .hasMessageContaining("typeTag=42, expected typeTag=43 for " + otherType.describe());

        before.assertUnchanged(file);
    }

    @Test
    void shouldRefuseWrongLengthField() throws IOException
    {
        final Path file = createSegment();
        writeLong(file, SegmentDescriptor.LENGTH_OFFSET, TestSegmentSpec.LENGTH * 2L);
        final FileSnapshot before = FileSnapshot.of(file);

        assertThatThrownBy(() -> MappedSegment.attach(file, SPEC, OPTIONS))
            .isInstanceOf(SegmentException.class)
            .hasMessageContaining("length=8192, expected length=4096");

        before.assertUnchanged(file);
    }

    @Test
    void shouldRefuseWhenSpecValidationFails() throws IOException
    {
        final Path file = createSegment();
        final FileSnapshot before = FileSnapshot.of(file);
        final TestSegmentSpec otherCapacity = new TestSegmentSpec(SPEC.typeTag(), SPEC.length(), SPEC.capacity() * 2);

        assertThatThrownBy(() -> MappedSegment.attach(file, otherCapacity, OPTIONS))
            .isInstanceOf(SegmentException.class)
            .hasMessage("refusing segment " + file + ": capacity=16, expected capacity=32");
        assertThatThrownBy(() -> MappedSegment.attachReadOnly(file, otherCapacity, OPTIONS))
            .hasMessageContaining("capacity=16, expected capacity=32");

        before.assertUnchanged(file);
    }

    @Test
    void shouldRefuseHalfCreatedSegmentUntilUnlinked() throws IOException
    {
        final Path file = dir.resolve("orbit-test-42-0");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(AccessMode.OWNER.permissions()));
        Files.write(file, new byte[TestSegmentSpec.LENGTH]);
        final FileSnapshot before = FileSnapshot.of(file);

        assertThatThrownBy(() -> MappedSegment.openOrCreate(file, SPEC, OPTIONS))
            .isInstanceOf(SegmentException.class)
            .hasMessageContaining("refusing segment " + file + ": magic=0x00000000, expected magic=0x5442524f")
            .hasMessageContaining("half-created")
            .hasMessageContaining("MappedSegment.unlink(path)");
        assertThat(MappedSegment.readHeader(file, OPTIONS).isPublished()).isFalse();
        before.assertUnchanged(file);

        assertThat(MappedSegment.unlink(file)).isTrue();
        assertThat(file).doesNotExist();
        assertThat(SegmentNames.lockFile(file)).doesNotExist();

        try (MappedSegment segment = MappedSegment.openOrCreate(file, SPEC, OPTIONS))
        {
            assertThat(segment.created()).isTrue();
        }
    }

    @Test
    void shouldRefuseLengthAboveIntegerMaxValueWithoutCreatingFile()
    {
        final Path file = dir.resolve("orbit-test-42-0");
        final long length = Integer.MAX_VALUE + 1L;
        final TestSegmentSpec huge = new TestSegmentSpec(TestSegmentSpec.TYPE_TAG, length, TestSegmentSpec.CAPACITY);

        assertThatThrownBy(() -> MappedSegment.openOrCreate(file, huge, OPTIONS))
            .isInstanceOf(SegmentException.class)
            .hasMessageContaining("length=" + length + ", expected 64.." + Integer.MAX_VALUE);

        assertThat(file).doesNotExist();
        assertThat(SegmentNames.lockFile(file)).doesNotExist();
    }

    @Test
    void shouldRefuseWhenFreeSpaceIsShortAndRemoveTheFile()
    {
        final Path file = dir.resolve("orbit-test-42-0");
        final long usableSpace = TestSegmentSpec.LENGTH - 1;

        assertThatThrownBy(() -> MappedSegment.openOrCreate(file, SPEC, OPTIONS, directory -> usableSpace))
            .isInstanceOf(SegmentException.class)
            .hasMessage("not enough space for segment " + file + ": length=4096, usableSpace=4095, directory=" +
                dir.toAbsolutePath() + " for " + SPEC.describe() + " (enlarge " + dir.toAbsolutePath() +
                ", e.g. docker --shm-size, or lower the ring capacity)");

        assertThat(file).doesNotExist();
    }

    @Test
    void shouldRemoveFileWhenInitialiseFails()
    {
        final Path file = dir.resolve("orbit-test-42-0");
        final IllegalStateException failure = new IllegalStateException("no capacity");
        final SegmentSpec failing = new InitialisingSpec(buffer ->
        {
            throw failure;
        });

        assertThatThrownBy(() -> MappedSegment.openOrCreate(file, failing, OPTIONS))
            .isInstanceOf(SegmentException.class)
            .hasMessageStartingWith("cannot create segment " + file)
            .hasCause(failure);

        assertThat(file).doesNotExist();
    }

    @Test
    void shouldRefuseAttachWhenAbsentWithoutCreatingAnything()
    {
        final Path file = dir.resolve("orbit-test-42-0");

        assertThatThrownBy(() -> MappedSegment.attach(file, SPEC, OPTIONS))
            .isInstanceOf(SegmentException.class)
            .hasMessage("no segment " + file + ": the file does not exist");
        assertThatThrownBy(() -> MappedSegment.attachReadOnly(file, SPEC, OPTIONS))
            .isInstanceOf(SegmentException.class);
        assertThatThrownBy(() -> MappedSegment.readHeader(file, OPTIONS))
            .isInstanceOf(SegmentException.class);

        assertThat(file).doesNotExist();
        assertThat(SegmentNames.lockFile(file)).doesNotExist();
    }

    @Test
    void shouldLeaveFilesUnchangedWhenReadingHeaderOrAttachingReadOnly() throws IOException
    {
        final Path file = createSegment();
        final Path lockFile = SegmentNames.lockFile(file);
        final FileSnapshot before = FileSnapshot.of(file);
        final FileSnapshot lockBefore = FileSnapshot.of(lockFile);

        final SegmentHeader header = MappedSegment.readHeader(file, OPTIONS);
        assertThat(header).isEqualTo(new SegmentHeader(SegmentDescriptor.MAGIC, SegmentDescriptor.FORMAT_VERSION,
            TestSegmentSpec.TYPE_TAG, TestSegmentSpec.LENGTH));
        assertThat(header.isPublished()).isTrue();

        try (MappedSegment segment = MappedSegment.attachReadOnly(file, SPEC, OPTIONS))
        {
            assertThat(segment.readOnly()).isTrue();
            assertThat(segment.created()).isFalse();
            final ByteBuffer buffer = segment.buffer();
            assertThat(buffer.isReadOnly()).isTrue();
            assertThat(buffer.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
            assertThat(buffer.getInt(TestSegmentSpec.CAPACITY_OFFSET)).isEqualTo(TestSegmentSpec.CAPACITY);
            assertThatThrownBy(() -> buffer.putInt(SegmentDescriptor.HEADER_LENGTH, 1))
                .isInstanceOf(ReadOnlyBufferException.class);
        }

        before.assertUnchanged(file);
        lockBefore.assertUnchanged(lockFile);
    }

    @Test
    void shouldNeverCreateLockFileWhenReadingOnly() throws IOException
    {
        final Path file = createSegment();
        final Path lockFile = SegmentNames.lockFile(file);
        Files.delete(lockFile);

        assertThat(MappedSegment.readHeader(file, OPTIONS).isPublished()).isTrue();
        MappedSegment.attachReadOnly(file, SPEC, OPTIONS).close();

        assertThat(lockFile).doesNotExist();
    }

    @Test
    void shouldCreateOnceWhenThreadsRace() throws Exception
    {
        final Path file = dir.resolve("orbit-test-42-0");
        final int threads = 8;
        final CountDownLatch start = new CountDownLatch(1);
        final ExecutorService executor = Executors.newFixedThreadPool(threads);
        try
        {
            final List<Future<MappedSegment>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++)
            {
                results.add(executor.submit(() ->
                {
                    start.await();
                    return MappedSegment.openOrCreate(file, SPEC, OPTIONS);
                }));
            }
            start.countDown();

            int created = 0;
            for (final Future<MappedSegment> result : results)
            {
                try (MappedSegment segment = result.get(30, TimeUnit.SECONDS))
                {
                    created += segment.created() ? 1 : 0;
                    assertThat(segment.buffer().getInt(SegmentDescriptor.MAGIC_OFFSET)).isEqualTo(SegmentDescriptor.MAGIC);
                }
            }
            assertThat(created).isEqualTo(1);
            assertThat(SegmentLock.registeredLockFiles()).isZero();
        }
        finally
        {
            executor.shutdownNow();
        }
    }

    @Test
    @SuppressWarnings("try")
    void shouldTimeOutWhileAnotherThreadHoldsTheLock() throws Exception
    {
        final Path file = dir.resolve("orbit-test-42-0");
        final Path lockFile = SegmentNames.lockFile(file);
        final CountDownLatch locked = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final ExecutorService executor = Executors.newSingleThreadExecutor();
        try
        {
            final Future<?> holder = executor.submit(() ->
            {
                try (SegmentLock ignore = SegmentLock.exclusive(lockFile, OPTIONS))
                {
                    locked.countDown();
                    release.await();
                }
                return null;
            });
            assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(() ->
                MappedSegment.openOrCreate(file, SPEC, OPTIONS.withLockTimeout(Duration.ofMillis(100))))
                .isInstanceOf(SegmentException.class)
                .hasMessageContaining("timed out waiting for lock file " + lockFile + ": lockTimeout=PT0.1S")
                .hasMessageContaining("another thread of this process");
            assertThat(file).doesNotExist();

            release.countDown();
            holder.get(30, TimeUnit.SECONDS);
            try (MappedSegment segment = MappedSegment.openOrCreate(file, SPEC, OPTIONS))
            {
                assertThat(segment.created()).isTrue();
            }
        }
        finally
        {
            release.countDown();
            executor.shutdownNow();
        }
    }

    @Test
    void shouldRefuseToReenterTheLockFromASpec()
    {
        final Path file = dir.resolve("orbit-test-42-0");
        final SegmentSpec reentrant = new InitialisingSpec(buffer -> MappedSegment.attach(file, SPEC, OPTIONS));

        assertThatThrownBy(() -> MappedSegment.openOrCreate(file, reentrant, OPTIONS))
            .isInstanceOf(SegmentException.class)
            .hasRootCauseInstanceOf(IllegalStateException.class)
            .hasRootCauseMessage("this thread already holds lock file " + SegmentNames.lockFile(file) +
                " (a SegmentSpec must not open its own segment)");
        assertThat(file).doesNotExist();
    }

    @Test
    void shouldKeepFileWhenClosed() throws IOException
    {
        final Path file = dir.resolve("orbit-test-42-0");
        final MappedSegment segment = MappedSegment.openOrCreate(file, SPEC, OPTIONS);

        segment.close();
        segment.close();

        assertThat(file).exists();
        assertThat(Files.size(file)).isEqualTo(TestSegmentSpec.LENGTH);
        assertThatThrownBy(segment::buffer)
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("segment closed: file=" + file);
    }

    @Test
    void shouldRemoveSegmentAndLockFileWhenUnlinked()
    {
        final Path file = createSegment();

        assertThat(MappedSegment.unlink(file)).isTrue();
        assertThat(file).doesNotExist();
        assertThat(SegmentNames.lockFile(file)).doesNotExist();
        assertThat(MappedSegment.unlink(file)).isFalse();
        assertThat(SegmentLock.registeredLockFiles()).isZero();
    }

    /**
     * The standard spec with another {@code initialise}.
     */
    private record InitialisingSpec(Consumer<ByteBuffer> initialiser) implements SegmentSpec
    {
        public String describe()
        {
            return SPEC.describe();
        }

        public long length()
        {
            return SPEC.length();
        }

        public int typeTag()
        {
            return SPEC.typeTag();
        }

        public void initialise(final ByteBuffer buffer)
        {
            initialiser.accept(buffer);
        }

        public void validate(final ByteBuffer buffer, final Path file)
        {
            SPEC.validate(buffer, file);
        }
    }

    private Path createSegment()
    {
        final Path file = dir.resolve("orbit-test-42-0");
        try (MappedSegment segment = MappedSegment.openOrCreate(file, SPEC, OPTIONS))
        {
            assertThat(segment.created()).isTrue();
        }
        return file;
    }

    private static void writeInt(final Path file, final int offset, final int value) throws IOException
    {
        write(file, offset, ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value));
    }

    private static void writeLong(final Path file, final int offset, final long value) throws IOException
    {
        write(file, offset, ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value));
    }

    private static void write(final Path file, final int offset, final ByteBuffer bytes) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            while (bytes.hasRemaining())
            {
                channel.write(bytes, offset + bytes.position());
            }
        }
    }
}
