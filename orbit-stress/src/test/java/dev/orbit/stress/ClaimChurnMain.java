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
import dev.orbit.internal.contest.LockWord;
import dev.orbit.internal.memory.BufferAccess;

/**
 * A claimant that churns through many distinct subjects: {@code ClaimChurnMain fleet=<name> witness=<file>
 * subjects=<n> slots=<claimSlots>}.
 * <p>
 * The witness file holds a shared counter (word 0) that hands out subject numbers, and one word per subject: the
 * tenure that holds it (pid, whether it was an expiring claim, and the claim's expiry). Each round takes the next
 * number {@code k} and claims {@code churn-k}, then tries the two subjects before it (often held by another
 * process: a yield). Every claim won is witnessed by CAS of the subject's word from 0 (or from a tenure of a
 * process that is gone, or one that ended before this one began) to this tenure, and cleared before the claim is
 * released. Two tenures whose spans overlap — judged from their expiries and time-to-live, so a claimant
 * descheduled past its own claim's expiry on a loaded machine is not mistaken for a double holder — is a
 * {@code VIOLATION}. It keeps up to
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
                    final long tenure = tenure(pid, expire, claimed.guard().expiresAtMs());
                    final long other = witnessHeld(witness, word, tenure);
                    if (other != 0) {
                        violations++;
                        ChildSupport.say("VIOLATION subject=churn-" + j + " witness=" + describe(other) + " mine=" +
                            describe(tenure) + " guard=" + claimed.guard());
                        continue;
                    }
                    if (expire) {
                        BufferAccess.compareAndSetLong(witness, word, tenure, 0L);
                        expired++;
                        continue;
                    }
                    held.addLast(new Held(claimed.guard(), word, tenure));
                    if (held.size() > 2) {
                        final Held oldest = held.removeFirst();
                        BufferAccess.compareAndSetLong(witness, oldest.word, oldest.tenure, 0L);
                        oldest.guard.close();
                    }
                }
                LockSupport.parkNanos(2_000_000);
            }
            for (final Held h : held) {
                BufferAccess.compareAndSetLong(witness, h.word, h.tenure, 0L);
                h.guard.close();
            }
            ChildSupport.say("DONE claims=" + claims + " yields=" + yields + " violations=" + violations + " full=" +
                full + " expired=" + expired);
        }
    }

    /**
     * Witnesses a claim won: the subject's word goes from 0, from a tenure of a process that is gone, or from a
     * tenure that ended before this one began, to this tenure. When this tenure ended before the witnessed one
     * began (this claimant ran late, past its own expiry), nothing is written.
     *
     * @return 0, or the tenure of another live process whose span overlaps this one's: a double holder.
     */
    private static long witnessHeld(final MappedByteBuffer witness, final int word, final long tenure) {
        while (true) {
            final long current = BufferAccess.getLongVolatile(witness, word);
            if (current != 0 && running(pid(current))) {
                if (expiresAt(tenure) <= grantedAt(current)) {
                    return 0;
                }
                if (expiresAt(current) > grantedAt(tenure)) {
                    return current;
                }
            }
            if (BufferAccess.compareAndSetLong(witness, word, current, tenure)) {
                return 0;
            }
        }
    }

    /*
     * A tenure in one word: pid (bits 0-22), expiring claim (bit 23), expiry in ms since LockWord.EPOCH_MS (24-62).
     * A claim is granted at expiry - ttl (the contest writes now + ttl), and a subject is free at its expiry.
     */

    private static long tenure(final long pid, final boolean expiring, final long expiresAtMs) {
        return pid | (expiring ? 1L << 23 : 0L) | (expiresAtMs - LockWord.EPOCH_MS) << 24;
    }

    private static long pid(final long tenure) {
        return tenure & ((1L << 23) - 1);
    }

    private static long expiresAt(final long tenure) {
        return (tenure >>> 24) + LockWord.EPOCH_MS;
    }

    private static long grantedAt(final long tenure) {
        final boolean expiring = (tenure & (1L << 23)) != 0;
        return expiresAt(tenure) - (expiring ? EXPIRING_TTL : HELD_TTL).toMillis();
    }

    private static String describe(final long tenure) {
        return "(pid=" + pid(tenure) + " grantedAtMs=" + grantedAt(tenure) + " expiresAtMs=" + expiresAt(tenure) + ")";
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

    private record Held(Guard guard, int word, long tenure) {
    }
}
