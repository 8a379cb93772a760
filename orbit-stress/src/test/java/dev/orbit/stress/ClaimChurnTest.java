package dev.orbit.stress;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.orbit.fleet.Fleet;
import dev.orbit.internal.contest.ClaimsDescriptor;
import dev.orbit.internal.contest.LockWord;
import dev.orbit.internal.memory.BufferAccess;
import dev.orbit.internal.shm.Processes;
import dev.orbit.internal.shm.SegmentNames;
import dev.orbit.shm.AccessMode;
import dev.orbit.testsupport.ChildJvm;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Claim slots are reused across processes that are killed: three claimant processes churn through 100 times as
 * many distinct subjects as the fleet has claim slots (16), holding a few at a time, letting some expire, and
 * contending on the same subjects; a claimant is {@code kill -9}ed at random points of the shared progress (while
 * it holds claims, or while a replacement is still joining) and replaced. A witness file records who holds each subject: no subject ever has two live holders, no claim is
 * refused as "table full" (never more than a few held at once), and at the end every subject is in at most one
 * bucket of the claims table.
 * <p>
 * Knobs: {@code -Dorbit.stress.churn.kills} (default 6), {@code orbit.stress.churn.seed}.
 */
class ClaimChurnTest {
    private static final int SLOTS = 16;
    private static final int SUBJECTS = 100 * SLOTS;
    private static final int WORKERS = 3;
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration RUN = Duration.ofMinutes(5);

    @Test
    void shouldReuseClaimSlotsWithoutADoubleHolderWhileClaimantsAreKilled() throws IOException {
        final int kills = Knobs.integer("orbit.stress.churn.kills", 6);
        final Random random = new Random(Knobs.seed("orbit.stress.churn.seed", System.nanoTime()));
        try (ShmScope scope = new ShmScope("churn")) {
            final Path witnessFile = scope.file("witness");
            Files.write(witnessFile, new byte[(SUBJECTS + 1) * Long.BYTES]);
            final MappedByteBuffer witness;
            try (FileChannel channel = FileChannel.open(witnessFile, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                witness = channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size());
            }
            final Fleet observer = scope.track(Fleet.builder().name(scope.fleet()).size(64).directory(ShmScope.SHM)
                .label("test-observer").claimSlots(SLOTS).joinShm());
            final List<ChildJvm> all = new ArrayList<>();
            final List<ChildJvm> running = new ArrayList<>();
            for (int i = 0; i < WORKERS; i++) {
                final ChildJvm worker = start(scope, witnessFile, "churn-" + i);
                all.add(worker);
                running.add(worker);
            }
            for (final ChildJvm worker : running) {
                worker.awaitLine("READY", START);
            }
            final long[] killAt = new long[kills];
            for (int i = 0; i < kills; i++) {
                killAt[i] = (long)(SUBJECTS * (i + 0.2 + 0.6 * random.nextDouble()) / (kills + 1));
            }
            int killed = 0;
            final long deadline = System.nanoTime() + RUN.toNanos();
            while (progress(witness) < SUBJECTS) {
                if (killed < kills && progress(witness) >= killAt[killed]) {
                    final ChildJvm victim = running.remove(random.nextInt(running.size()));
                    victim.kill9();
                    killed++;
                    final ChildJvm replacement = start(scope, witnessFile, "churn-r" + killed);
                    all.add(replacement);
                    running.add(replacement);
                }
                assertThat(System.nanoTime()).as("claimants got through %d subjects within %s", SUBJECTS, RUN)
                    .isLessThan(deadline);
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            long claims = 0;
            for (final ChildJvm worker : running) {
                final Map<String, String> done = worker.awaitFields("DONE", START);
                claims += Long.parseLong(done.get("claims"));
            }
            for (final ChildJvm worker : all) {
                assertThat(worker.transcript()).as(worker.tail())
                    .noneMatch(line -> line.startsWith("VIOLATION") || line.startsWith("FULL"));
            }
            assertThat(killed).isEqualTo(kills);
            assertThat(claims).as("claims won by the survivors").isPositive();
            assertThat(placedSubjects(scope.fleet())).as("every subject in at most one bucket").doesNotHaveDuplicates();
            assertThat(observer.contest().holders()).as("claims left held when the survivors exited").isEmpty();
        }
    }

    private static ChildJvm start(final ShmScope scope, final Path witness, final String name) {
        return scope.start(name, ClaimChurnMain.class, "fleet=" + scope.fleet(), "witness=" + witness,
            "subjects=" + SUBJECTS, "slots=" + SLOTS);
    }

    private static long progress(final ByteBuffer witness) {
        return BufferAccess.getLongVolatile(witness, 0);
    }

    /**
     * @return the hashes of the subjects the claims table holds (buckets not REKEYING), read from the file.
     */
    private static List<Long> placedSubjects(final String fleet) throws IOException {
        final Path file = SegmentNames.claimsFile(ShmScope.SHM, fleet, AccessMode.OWNER, Processes.currentUid());
        final ByteBuffer table;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            table = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()).order(ByteOrder.LITTLE_ENDIAN);
        }
        final int buckets = ClaimsDescriptor.bucketsOf(table);
        assertThat(buckets).isEqualTo(SLOTS);
        final List<Long> hashes = new ArrayList<>();
        final Set<Long> seen = new HashSet<>();
        for (int i = 0; i < buckets; i++) {
            final int bucket = ClaimsDescriptor.bucketOffset(i);
            final long hash = table.getLong(bucket + ClaimsDescriptor.HASH_OFFSET);
            if (hash != 0 && !LockWord.isRekeying(table.getLong(bucket + ClaimsDescriptor.LOCK_OFFSET))) {
                hashes.add(hash);
                seen.add(hash);
            }
        }
        return hashes;
    }
}
