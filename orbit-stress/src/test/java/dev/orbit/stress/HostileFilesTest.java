package dev.orbit.stress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.orbit.fleet.Fleet;
import dev.orbit.internal.shm.MappedSegment;
import dev.orbit.internal.shm.Processes;
import dev.orbit.internal.shm.SegmentNames;
import dev.orbit.internal.shm.SegmentOptions;
import dev.orbit.internal.shm.SegmentSpec;
import dev.orbit.ring.OrbitType;
import dev.orbit.shm.AccessMode;
import dev.orbit.shm.SegmentDescriptor;
import dev.orbit.shm.SegmentException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Hostile files where a fleet's segments (or their lock files) should be: a symlink to a victim file, a FIFO,
 * a directory, a file of another user, a file with mode 0666, a truncated segment, a segment of another spec,
 * and members segments of garbage. Each must be refused with a {@link SegmentException} that names the file and
 * what was wrong, through the Fleet API end to end and through {@link MappedSegment}; neither the victim nor
 * the hostile file may change (SHA-256 before and after). The tests run as root, so another owner is made
 * with {@code chown}.
 */
class HostileFilesTest {

    private static final Duration NO_HANG = Duration.ofSeconds(20);
    private static final int OTHER_UID = 54321;

    private ShmScope scope;
    private Path victim;
    private String victimSum;
    private int uid;

    @OrbitType(kind = 42, capacity = 256, payload = 64)
    static final class OtherSpecFrame {
    }

    @BeforeEach
    void setUp() throws IOException {
        scope = new ShmScope("hostile");
        uid = Processes.currentUid();
        victim = scope.file("victim");
        final byte[] content = new byte[4096];
        new SplittableRandom(7).nextBytes(content);
        Files.write(victim, content);
        victimSum = sha256(victim);
    }

    @AfterEach
    void tearDown() {
        assertThat(sha256(victim)).as("victim file unchanged").isEqualTo(victimSum);
        scope.close();
    }

    private Path members() {
        return SegmentNames.membersFile(ShmScope.SHM, scope.fleet(), AccessMode.OWNER, uid);
    }

    private Fleet join() {
        return Fleet.builder().name(scope.fleet()).directory(ShmScope.SHM).joinShm();
    }

    // ---- the members segment, through Fleet.joinShm ----

    @Test
    void shouldRefuseASymlinkToAVictimAtTheMembersPath() throws IOException {
        Files.createSymbolicLink(members(), victim);
        assertRefused(this::join, members(), "type=symbolic link");
        assertThat(Files.readSymbolicLink(members())).isEqualTo(victim);
    }

    @Test
    void shouldRefuseAFifoAtTheMembersPathWithoutHanging() {
        mkfifo(members());
        assertTimeoutPreemptively(NO_HANG, () -> assertRefused(this::join, members(), "type="));
    }

    @Test
    void shouldRefuseADirectoryAtTheMembersPath() throws IOException {
        Files.createDirectory(members());
        assertRefused(this::join, members(), "type=directory");
        assertThat(members()).isDirectory();
    }

    @Test
    void shouldRefuseAMembersSegmentOfAnotherUser() {
        createAndLeave();
        chown(members(), OTHER_UID);
        final String before = sha256(members());
        assertRefused(this::join, members(), "uid=" + OTHER_UID, "expectedUid=" + uid);
        assertThat(sha256(members())).isEqualTo(before);
    }

    @Test
    void shouldRefuseAMembersSegmentOwnedByRootWhenAnotherUserIsExpected() {
        createAndLeave();
        final String before = sha256(members());
        assertRefused(() -> Fleet.builder().name(scope.fleet()).directory(ShmScope.SHM).expectedUid(OTHER_UID).joinShm(),
            members(), "expectedUid=" + OTHER_UID);
        assertThat(sha256(members())).isEqualTo(before);
    }

    @Test
    void shouldRefuseAMembersSegmentWithMode0666() throws IOException {
        createAndLeave();
        Files.setPosixFilePermissions(members(), PosixFilePermissions.fromString("rw-rw-rw-"));
        final String before = sha256(members());
        assertRefused(this::join, members(), "mode=0666");
        assertThat(sha256(members())).isEqualTo(before);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(members()))).isEqualTo("rw-rw-rw-");
    }

    @Test
    void shouldRefuseATruncatedMembersSegment() throws IOException {
        createAndLeave();
        final long length = Files.size(members());
        truncate(members(), length / 2);
        final String before = sha256(members());
        assertRefused(this::join, members(), Long.toString(length / 2));
        assertThat(Files.size(members())).isEqualTo(length / 2);
        assertThat(sha256(members())).isEqualTo(before);
    }

    @Test
    void shouldRefuseAMembersSegmentWithAValidHeaderButAnotherLayout() throws IOException {
        createAndLeave();
        final byte[] bytes = Files.readAllBytes(members());
        bytes[SegmentDescriptor.TYPE_HEADER_OFFSET] = 17; // slot count
        Files.write(members(), bytes);
        final String before = sha256(members());
        assertRefused(this::join, members(), "slots=");
        assertThat(sha256(members())).isEqualTo(before);
    }

    @Test
    void shouldRefuseMembersSegmentsOfGarbage() throws IOException {
        createAndLeave();
        final long length = Files.size(members());
        final SplittableRandom random = new SplittableRandom(11);
        for (final long size : List.of(length, length + 64, 100L, 0L)) {
            final byte[] garbage = new byte[(int)size];
            random.nextBytes(garbage);
            Files.write(members(), garbage);
            final String before = sha256(members());
            assertRefused(this::join, members(), size == length ? "magic=" : "size=" + size);
            assertThat(sha256(members())).as("garbage of %d bytes unchanged", size).isEqualTo(before);
        }
        Files.write(members(), new byte[(int)length]);
        assertRefused(this::join, members(), "half-created");
    }

    // ---- lock files and ring segments, through the Fleet API ----

    @Test
    void shouldRefuseASymlinkAtTheMembersLockPathWithoutTouchingTheVictim() throws IOException {
        final Path lock = SegmentNames.lockFile(members());
        Files.createSymbolicLink(lock, victim);
        assertRefused(this::join, lock, "type=symbolic link");
        assertThat(Files.isSymbolicLink(lock)).isTrue();
    }

    @Test
    void shouldRefuseAFifoOrADirectoryAtTheMembersLockPathWithoutHanging() throws IOException {
        final Path lock = SegmentNames.lockFile(members());
        mkfifo(lock);
        assertTimeoutPreemptively(NO_HANG, () -> assertRefused(this::join, lock, "type="));
        Files.delete(lock);
        Files.createDirectory(lock);
        assertRefused(this::join, lock, "type=directory");
    }

    @Test
    void shouldRefuseHostileRingSegmentsWhileTheFleetItselfJoins() throws IOException {
        final Path ring = SegmentNames.ringFile(ShmScope.SHM, scope.fleet(), 42, AccessMode.OWNER, uid);
        try (Fleet fleet = join()) {
            Files.createSymbolicLink(ring, victim);
            assertRefused(() -> fleet.ring(StressFrame.class), ring, "type=symbolic link");
            Files.delete(ring);
            mkfifo(ring);
            assertTimeoutPreemptively(NO_HANG, () -> assertRefused(() -> fleet.ring(StressFrame.class), ring, "type="));
            Files.delete(ring);
        }
        try (Fleet fleet = join()) {
            fleet.ring(StressFrame.class).publish(1, 1, new byte[8]);
        }
        final String before = sha256(ring);
        try (Fleet fleet = join()) {
            final Throwable thrown = catchThrowable(() -> fleet.ring(OtherSpecFrame.class));
            assertThat(thrown).as("a ring of the same kind with another spec").isInstanceOf(SegmentException.class)
                .hasMessageContaining(ring.toString()).hasMessageContaining("capacity=4096").hasMessageContaining("capacity=256");
        }
        assertThat(sha256(ring)).isEqualTo(before);
        chown(ring, OTHER_UID);
        try (Fleet fleet = join()) {
            assertRefused(() -> fleet.ring(StressFrame.class), ring, "uid=" + OTHER_UID);
        }
        assertThat(sha256(ring)).isEqualTo(before);
    }

    // ---- the same fixtures through MappedSegment ----

    @Test
    void shouldRefuseEveryHostileFixtureThroughMappedSegment() throws IOException {
        final SegmentSpec spec = TestSpec.INSTANCE;
        final SegmentOptions options = SegmentOptions.defaults().withLockTimeout(Duration.ofSeconds(2));
        final Path path = scope.file("segment");
        final List<Supplier<Object>> calls = List.of(
            () -> MappedSegment.openOrCreate(path, spec, options),
            () -> MappedSegment.attach(path, spec, options),
            () -> MappedSegment.attachReadOnly(path, spec, options),
            () -> MappedSegment.readHeader(path, options));

        Files.createSymbolicLink(path, victim);
        calls.forEach(call -> assertRefused(call, path, "type=symbolic link"));
        Files.delete(path);

        mkfifo(path);
        assertTimeoutPreemptively(NO_HANG, () -> calls.forEach(call -> assertRefused(call, path, "type=")));
        Files.delete(path);

        Files.createDirectory(path);
        calls.forEach(call -> assertRefused(call, path, "type=directory"));
        Files.delete(path);

        MappedSegment.openOrCreate(path, spec, options).close();
        final byte[] valid = Files.readAllBytes(path);
        chown(path, OTHER_UID);
        final String owned = sha256(path);
        calls.forEach(call -> assertRefused(call, path, "uid=" + OTHER_UID));
        assertThat(sha256(path)).isEqualTo(owned);
        chown(path, uid);

        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw-rw-"));
        calls.forEach(call -> assertRefused(call, path, "mode=0666"));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));

        truncate(path, valid.length / 2);
        final String truncated = sha256(path);
        calls.subList(0, 3).forEach(call -> assertRefused(call, path));
        assertThat(sha256(path)).isEqualTo(truncated);

        final byte[] otherSpec = valid.clone();
        otherSpec[SegmentDescriptor.TYPE_HEADER_OFFSET] ^= 1;
        Files.write(path, otherSpec);
        calls.subList(0, 3).forEach(call -> assertRefused(call, path, "found"));

        final byte[] otherTag = valid.clone();
        otherTag[SegmentDescriptor.TYPE_TAG_OFFSET] ^= 1;
        Files.write(path, otherTag);
        calls.subList(0, 3).forEach(call -> assertRefused(call, path));
        assertThat(Files.readAllBytes(path)).isEqualTo(otherTag);
    }

    // ---- helpers ----

    /** Creates the fleet's segments with a member that then leaves. */
    private void createAndLeave() {
        try (Fleet fleet = join()) {
            assertThat(fleet.nodeId()).isNotNegative();
        }
        assertThat(members()).isRegularFile();
    }

    private static void assertRefused(final Supplier<?> call, final Path file, final String... details) {
        final Throwable thrown = catchThrowable(() -> {
            final Object opened = call.get();
            if (opened instanceof AutoCloseable closeable) {
                closeable.close();
            }
        });
        assertThat(thrown).as("hostile %s must be refused", file).isInstanceOf(SegmentException.class)
            .hasMessageContaining(file.toString());
        for (final String detail : details) {
            assertThat(thrown).hasMessageContaining(detail);
        }
    }

    private static void mkfifo(final Path path) {
        run("mkfifo", "-m", "600", path.toString());
    }

    private static void chown(final Path path, final int owner) {
        run("chown", "-h", Integer.toString(owner), path.toString());
        try {
            assertThat(Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(owner);
        }
        catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void truncate(final Path path, final long length) throws IOException {
        try (var channel = java.nio.channels.FileChannel.open(path, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(length);
        }
    }

    private static void run(final String... command) {
        try {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(String.join(" ", command) + ": " +
                new String(process.getInputStream().readAllBytes())).isZero();
        }
        catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    static String sha256(final Path path) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path)));
        }
        catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (final NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** A small segment kind for the MappedSegment fixtures: 4096 bytes, one checked type-header field. */
    static final class TestSpec implements SegmentSpec {
        static final TestSpec INSTANCE = new TestSpec();
        private static final int FIELD = 0x51A7;

        @Override
        public String describe() {
            return "stress test segment";
        }

        @Override
        public long length() {
            return 4096;
        }

        @Override
        public int typeTag() {
            return 0x53545253; // "STRS"
        }

        @Override
        public void initialise(final ByteBuffer buffer) {
            buffer.putInt(SegmentDescriptor.TYPE_HEADER_OFFSET, FIELD);
        }

        @Override
        public void validate(final ByteBuffer buffer, final Path file) {
            final int found = buffer.getInt(SegmentDescriptor.TYPE_HEADER_OFFSET);
            if (found != FIELD) {
                throw SegmentException.refusing(file, "field mismatch: expected=" + FIELD + ", found=" + found);
            }
        }
    }
}
