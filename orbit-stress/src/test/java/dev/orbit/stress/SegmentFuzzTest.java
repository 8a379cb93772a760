package dev.orbit.stress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;

import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.Test;

import dev.orbit.fleet.Fleet;
import dev.orbit.fleet.Member;
import dev.orbit.fleet.MembersReader;
import dev.orbit.internal.shm.MappedSegment;
import dev.orbit.internal.shm.Processes;
import dev.orbit.internal.shm.SegmentHeader;
import dev.orbit.internal.shm.SegmentNames;
import dev.orbit.internal.shm.SegmentOptions;
import dev.orbit.shm.AccessMode;
import dev.orbit.shm.SegmentDescriptor;
import dev.orbit.shm.SegmentException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded fuzzing of segment files: mutated and random segment headers through every {@link MappedSegment}
 * entry point, and members segments whose header is valid but whose slots are garbage through
 * {@code Fleet.joinShm} and {@link MembersReader}. The only exception allowed out is the documented
 * {@link SegmentException} (and, for a join, {@link IllegalStateException} when no slot can be claimed); a
 * refused file is never written.
 * <p>
 * Files: {@code -Dorbit.stress.fuzz.files} (default 10000); members segments: {@code -Dorbit.stress.fuzz.members}
 * (default 500); seed: {@code -Dorbit.stress.fuzz.seed}.
 */
class SegmentFuzzTest {

    private static final int FILES = Knobs.integer("orbit.stress.fuzz.files", 10_000);
    private static final int MEMBERS = Knobs.integer("orbit.stress.fuzz.members", 500);

    @Test
    void shouldAttachOrRefuseMutatedSegmentFilesWithSegmentExceptionOnly() throws IOException {
        final Mutator m = new Mutator(DecoderFuzzTest.SEED + 10);
        final SegmentOptions options = SegmentOptions.defaults().withLockTimeout(Duration.ofSeconds(2));
        try (ShmScope scope = new ShmScope("segfuzz")) {
            final Path path = scope.file("segment");
            MappedSegment.openOrCreate(path, HostileFilesTest.TestSpec.INSTANCE, options).close();
            final byte[] valid = Files.readAllBytes(path);
            int attached = 0;
            int refused = 0;
            for (int i = 0; i < FILES; i++) {
                final byte[] input = fileInput(m, valid);
                rewrite(path, input);
                for (int call = 0; call < 4; call++) {
                    try {
                        switch (call) {
                            case 0: {
                                final SegmentHeader header = MappedSegment.readHeader(path, options);
                                assertThat(header).isNotNull();
                                break;
                            }
                            case 1:
                                try (MappedSegment segment = MappedSegment.attach(path, HostileFilesTest.TestSpec.INSTANCE, options)) {
                                    assertThat(segment.buffer().capacity()).isEqualTo(valid.length);
                                    attached++;
                                }
                                break;
                            case 2:
                                MappedSegment.attachReadOnly(path, HostileFilesTest.TestSpec.INSTANCE, options).close();
                                break;
                            default:
                                MappedSegment.openOrCreate(path, HostileFilesTest.TestSpec.INSTANCE, options).close();
                        }
                    }
                    catch (final SegmentException expected) {
                        if (call == 1) {
                            refused++;
                        }
                        assertThat(expected).hasMessageContaining(path.toString());
                    }
                    catch (final RuntimeException ex) {
                        throw new AssertionError("call " + call + " threw " + ex + " on " + describe(input, valid) +
                            " (seed=" + DecoderFuzzTest.SEED + ", input=" + i + ")", ex);
                    }
                }
                assertThat(Files.readAllBytes(path)).as("segment file never written by an attach").isEqualTo(input);
            }
            System.out.println("[fuzz] segment files=" + FILES + " attached=" + attached + " refused=" + refused);
        }
    }

    @Test
    void shouldJoinOrRefuseMembersSegmentsWithGarbageSlots() throws IOException {
        final Mutator m = new Mutator(DecoderFuzzTest.SEED + 11);
        try (ShmScope scope = new ShmScope("memfuzz")) {
            final Path members = SegmentNames.membersFile(ShmScope.SHM, scope.fleet(), AccessMode.OWNER, Processes.currentUid());
            try (Fleet fleet = join(scope)) {
                assertThat(fleet.nodeId()).isZero();
            }
            final byte[] valid = Files.readAllBytes(members);
            int joined = 0;
            int refused = 0;
            int listed = 0;
            final long self = ProcessHandle.current().pid();
            for (int i = 0; i < MEMBERS; i++) {
                final byte[] input = membersInput(m, valid, self);
                rewrite(members, input);
                try (MembersReader reader = MembersReader.attach(members, scope.fleet(), SegmentOptions.defaults(),
                    SystemEpochClock.INSTANCE)) {
                    for (final Member member : reader.members()) {
                        assertThat(member.nodeId()).isBetween(0, 255);
                        listed++;
                    }
                    reader.isGone(m.nextInt(300) - 20);
                }
                catch (final SegmentException expected) {
                    assertThat(expected).hasMessageContaining(members.toString());
                }
                catch (final RuntimeException ex) {
                    throw new AssertionError("MembersReader threw " + ex + " (seed=" + DecoderFuzzTest.SEED + ", input=" + i + ")", ex);
                }
                try (Fleet fleet = join(scope)) {
                    assertThat(fleet.nodeId()).isBetween(0, 255);
                    assertThat(fleet.members()).anySatisfy(member -> assertThat(member.nodeId()).isEqualTo(fleet.nodeId()));
                    fleet.isGone(m.nextInt(256));
                    joined++;
                }
                catch (final SegmentException | IllegalStateException expected) {
                    refused++;
                }
                catch (final RuntimeException ex) {
                    throw new AssertionError("joinShm threw " + ex + " (seed=" + DecoderFuzzTest.SEED + ", input=" + i + ")", ex);
                }
            }
            System.out.println("[fuzz] members segments=" + MEMBERS + " joined=" + joined + " refused=" + refused +
                " garbage members listed=" + listed);
            assertThat(joined).as("a valid header with garbage slots still joins").isPositive();
        }
    }

    private static Fleet join(final ShmScope scope) {
        return Fleet.builder().name(scope.fleet()).directory(ShmScope.SHM).heartbeatInterval(Duration.ofSeconds(10)).joinShm();
    }

    /** Half the inputs mutate the 64-byte header only, a third anywhere, the rest are random bytes of any length. */
    private static byte[] fileInput(final Mutator m, final byte[] valid) {
        final int roll = m.nextInt(6);
        if (roll < 3) {
            final byte[] header = m.mutate(Arrays.copyOf(valid, SegmentDescriptor.HEADER_LENGTH), SegmentDescriptor.HEADER_LENGTH + 16);
            final byte[] out = valid.clone();
            System.arraycopy(header, 0, out, 0, Math.min(header.length, out.length));
            return header.length < SegmentDescriptor.HEADER_LENGTH && m.chance(30) ? Arrays.copyOf(out, header.length) : out;
        }
        if (roll < 5) {
            return m.mutate(valid, valid.length + 64);
        }
        return m.bytes(m.nextInt(valid.length * 2));
    }

    /**
     * A members segment with its common and members header intact (mostly) and 1 to 40 slots of garbage: any
     * state bits, pids of nobody, of init, of this JVM, huge incarnations, label lengths out of range, random times.
     */
    private static byte[] membersInput(final Mutator m, final byte[] valid, final long self) {
        final byte[] out = valid.clone();
        final ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        final int headerLength = 128;
        final int slotLength = 128;
        for (int n = 1 + m.nextInt(40); n > 0; n--) {
            final int slot = headerLength + m.nextInt(256) * slotLength;
            final long pid;
            switch (m.nextInt(5)) {
                case 0:
                    pid = 1;
                    break;
                case 1:
                    pid = self;
                    break;
                case 2:
                    pid = 0;
                    break;
                case 3:
                    pid = 4_000_000 + m.nextInt(100_000);
                    break;
                default:
                    pid = m.random().nextLong() & 0xFFFF_FFFFL;
            }
            final long state = m.nextInt(4);
            final long incarnation = m.chance(20) ? (1L << 30) - 1 : m.nextInt(1000);
            b.putLong(slot, state << 62 | incarnation << 32 | pid);
            for (int field = 8; field < 48; field += 8) {
                b.putLong(slot + field, m.chance(50) ? m.random().nextLong() : System.currentTimeMillis());
            }
            b.putInt(slot + 40, m.chance(50) ? m.random().nextInt() : m.nextInt(80));
            final byte[] label = m.bytes(64);
            b.put(slot + 48, label);
        }
        if (m.chance(10)) {
            return m.mutate(out, out.length + 16);
        }
        return out;
    }

    private static String describe(final byte[] input, final byte[] valid) {
        return "file of " + input.length + " bytes (valid is " + valid.length + "), header " +
            Arrays.toString(Arrays.copyOf(input, Math.min(64, input.length)));
    }

    private static void rewrite(final Path path, final byte[] content) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            final ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
        catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
