package dev.orbit.stress;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

import dev.orbit.contest.ClaimResult;
import dev.orbit.contest.Claimed;
import dev.orbit.contest.Contest;
import dev.orbit.contest.Guard;
import dev.orbit.contest.Subject;
import dev.orbit.fleet.Fleet;
import dev.orbit.internal.memory.BufferAccess;

/**
 * A claimant that churns through many distinct subjects: {@code ClaimChurnMain fleet=<name> witness=<file>
 * subjects=<n> slots=<claimSlots>}.
 * <p>
 * The witness file holds a shared counter (word 0) that hands out subject numbers, and one word per subject:
 * the pid of the process that holds it. Each round takes the next number {@code k} and claims {@code churn-k},
 * then tries the two subjects before it (often held by another process: a yield). Every claim won is witnessed
 * by CAS of the subject's word from 0 (or from the pid of a process that is gone) to this pid, and cleared before
 * the claim is released; a word held by another live pid is a double holder ({@code VIOLATION}). It keeps up to
 * two claims (TTL one minute, released in turn), lets about every tenth claim expire instead (TTL 5 ms,
 * witnessed only at the moment it was won), takes one round every 2 ms, and prints {@code DONE} with its counts
 * when the counter passes {@code subjects}. So a process holds at most three claims and a few expiring ones at
 * once: far fewer than the fleet's claim slots, which the run passes through a hundred times.
 */
public final class ClaimChurnMain {
    private static final Duration HELD_TTL = Duration.ofMinutes(1);
    private static final Duration EXPIRING_TTL = Duration.ofMillis(5);

    private ClaimChurnMain() {
    }

    public static void main(final String[] argv) throws IOException {
        final ChildSupport child = new ChildSupport(argv);
        final int subjects = child.integer("subjects", 1600);
        final long pid = ProcessHandle.current().pid();
        final MappedByteBuffer witness;
        try (FileChannel channel = FileChannel.open(Path.of(child.get("witness")), StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
            witness = channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size());
        }
        try (Fleet fleet = Fleet.builder().name(child.get("fleet")).size(64).directory(ShmScope.SHM)
            .label("churn-" + pid).claimSlots(child.integer("slots", 16)).heartbeatInterval(Duration.ofMillis(200))
            .joinShm()) {
            final Contest contest = fleet.contest();
            ChildSupport.say("READY node=" + fleet.nodeId() + " pid=" + pid);
            final ArrayDeque<Held> held = new ArrayDeque<>();
            long claims = 0;
            long yields = 0;
            long violations = 0;
            long full = 0;
            long expired = 0;
            while (true) {
                final long k = BufferAccess.getAndAddLong(witness, 0, 1L);
                if (k >= subjects) {
                    break;
                }
                for (long j = k; j >= Math.max(0, k - 2); j--) {
                    final boolean expire = ThreadLocalRandom.current().nextInt(10) == 0;
                    final ClaimResult result;
                    try {
                        result = contest.tryClaim(Subject.of("churn-" + j), "churn-" + pid,
                            expire ? EXPIRING_TTL : HELD_TTL);
                    }
                    catch (final IllegalStateException tableFull) {
                        full++;
                        ChildSupport.say("FULL " + tableFull.getMessage());
                        continue;
                    }
                    if (!(result instanceof Claimed claimed)) {
                        yields++;
                        continue;
                    }
                    claims++;
                    final int word = (int)(j + 1) * Long.BYTES;
                    if (!witnessHeld(witness, word, expire ? pid | (1L << 40) : pid)) {
                        violations++;
                        ChildSupport.say("VIOLATION subject=churn-" + j + " witness=" + BufferAccess.getLongVolatile(witness, word) +
                            " expire=" + expire + " guard=" + claimed.guard());
                        continue;
                    }
                    if (expire) {
                        BufferAccess.compareAndSetLong(witness, word, pid | (1L << 40), 0L);
                        expired++;
                        continue;
                    }
                    held.addLast(new Held(claimed.guard(), word));
                    if (held.size() > 2) {
                        final Held oldest = held.removeFirst();
                        BufferAccess.compareAndSetLong(witness, oldest.word, pid, 0L);
                        oldest.guard.close();
                    }
                }
                LockSupport.parkNanos(2_000_000);
            }
            for (final Held h : held) {
                BufferAccess.compareAndSetLong(witness, h.word, pid, 0L);
                h.guard.close();
            }
            ChildSupport.say("DONE claims=" + claims + " yields=" + yields + " violations=" + violations + " full=" +
                full + " expired=" + expired);
        }
    }

    /**
     * Witnesses a claim won: the subject's word goes from 0, or from a pid that is gone, to ours.
     *
     * @return false when another live process is witnessed holding the subject.
     */
    private static boolean witnessHeld(final MappedByteBuffer witness, final int word, final long pid) {
        while (true) {
            final long current = BufferAccess.getLongVolatile(witness, word);
            if (current != 0 && running(current & ((1L << 40) - 1))) {
                return false;
            }
            if (BufferAccess.compareAndSetLong(witness, word, current, pid)) {
                return true;
            }
        }
    }

    /**
     * @return true when the process exists and is not a zombie (a process killed but not yet reaped is gone,
     *     as fleet membership judges it).
     */
    private static boolean running(final long pid) {
        try {
            final String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            final int end = stat.lastIndexOf(')');
            return end > 0 && end + 2 < stat.length() && stat.charAt(end + 2) != 'Z' && stat.charAt(end + 2) != 'X';
        }
        catch (final IOException gone) {
            return false;
        }
    }

    private record Held(Guard guard, int word) {
    }
}
