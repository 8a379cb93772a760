package dev.orbit.internal.contest;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;
import java.util.function.ToLongFunction;

import org.agrona.concurrent.EpochClock;

import dev.orbit.contest.ClaimResult;
import dev.orbit.contest.Claimed;
import dev.orbit.contest.Contest;
import dev.orbit.contest.ContestStats;
import dev.orbit.contest.Fence;
import dev.orbit.contest.Holder;
import dev.orbit.contest.Subject;
import dev.orbit.contest.YieldTo;
import dev.orbit.ring.Ring;
import dev.orbit.shm.SegmentException;

/**
 * The contest over a claims table shared by the processes of a fleet (see {@link ClaimsDescriptor} and
 * {@link LockWord}). Every instance over the same table behaves as a separate process, whether it is one.
 * <p>
 * <b>Claim.</b> Find the subject's bucket ({@link ClaimsTable#find}), read its generation {@code g}, its lock
 * word {@code L}, and check that it still carries the subject's hash, is not REKEYING and has generation
 * {@code g} (else look again); then decide on {@code L}: free, expired per the clock, or held by a node that
 * {@code isGone} -> take it; held by anyone else, this node included -> yield to that holder. To take it, draw
 * a fence token {@code f} from the table's fence counter <em>after</em> reading {@code L}, then CAS
 * {@code L -> (now + ttl, me, f)}. A failed CAS means someone else moved first: read again, decide again, and
 * draw a new token if taking. After a successful CAS the hash and generation are checked once more: a bucket
 * re-keyed to another subject whose lock word came back to exactly {@code L} is released again at once and
 * never reported as this subject's claim. The winner then writes its details (owner, subject, token) and
 * publishes an audit frame.
 * <p>
 * <b>Placing.</b> A subject not placed in the table takes its home lock, looks again, takes the first
 * reusable bucket from its home (free, expired, holder gone) by CAS of its lock word to REKEYING, re-keys it
 * ({@link ClaimsTable#place}) and CASes REKEYING to its own claim, with a token drawn after the placement.
 * Placements of one subject are serialised by its home lock, and a placement looks for the subject under that
 * lock first, so a subject is never live in two buckets. A bucket is taken for another subject only through
 * its lock word (one CAS from the exact word judged reusable), so a claim and a re-keying of one bucket never
 * both win; a live claim is never re-keyed.
 * <p>
 * <b>Why tokens grow per tenure.</b> Let B be a tenure and A the tenure whose CAS took the lock just
 * before B's, at time {@code cA}; A drew {@code fA} before {@code cA}. From {@code cA} until B's CAS, every
 * word the lock holds carries A's node and tag (A's renewals and its release keep them), and no earlier word
 * carries them unless the 16-bit tag wrapped (below). B's CAS succeeded from the word {@code LB} it read, so
 * {@code LB} carries A's node and tag: B's volatile read returned a value written by A's CAS or by a later
 * renewal or release of A, each of which happens after A drew {@code fA}. B drew {@code fB} after that read,
 * so A's draw happens-before B's, and the counter's atomic add gives {@code fB > fA}. By induction every
 * tenure's token exceeds every earlier tenure's. Draws by claimants whose CAS failed leave gaps, never
 * inversions. When the subject moved (its bucket was re-keyed after its last tenure A ended, and it was
 * placed again), the placement that re-keyed the old bucket follows A (it replaced a word carrying A's node
 * and tag), the new placement looked for the subject after that re-keying (it saw the old bucket REKEYING or
 * carrying another hash), and B drew its token after the new placement: again {@code fB > fA}. Mutual
 * exclusion never depends on tokens: a CAS succeeds only from the exact word that was judged free, expired or
 * gone.
 * <p>
 * <b>Where this can fail.</b> If a claimant stalls between reading {@code L} and its CAS while 65,536
 * other tokens are drawn and the lock word returns to exactly {@code L} (the same node holding again with
 * an equal tag, and for a held word the same expiry to the millisecond), its CAS succeeds with an older
 * token. Exclusion still holds (the word it replaced was free or expired); only the token order breaks,
 * and a {@link Fence} then rejects that tenure's work.
 */
final class TableContest implements Contest {

    /** Reads of one bucket during {@link #holders()} while its lock word keeps changing. */
    private static final int SCAN_ATTEMPTS = 4;

    private final ClaimsTable table;
    private final int node;
    private final IntPredicate isGone;
    private final EpochClock clock;
    private final AuditTrail audit;
    private final ToLongFunction<Subject> hashFunction;
    private final Path file;
    private final long length;
    private volatile String faultedBecause;

    private final AtomicLong claimed = new AtomicLong();
    private final AtomicLong yielded = new AtomicLong();
    private final AtomicLong renewed = new AtomicLong();
    private final AtomicLong released = new AtomicLong();
    private final AtomicLong takeovers = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();

    TableContest(
        final ByteBuffer table,
        final int node,
        final IntPredicate isGone,
        final EpochClock clock,
        final Ring auditRing,
        final ToLongFunction<Subject> hashFunction) {
        this(table, null, node, isGone, clock, auditRing, hashFunction);
    }

    TableContest(
        final ByteBuffer table,
        final Path file,
        final int node,
        final IntPredicate isGone,
        final EpochClock clock,
        final Ring auditRing,
        final ToLongFunction<Subject> hashFunction) {
        if (node < 0 || node > LockWord.MAX_NODE) {
            throw new IllegalArgumentException("node id out of range for the claims table: nodeId=" + node +
                ", expected 0.." + LockWord.MAX_NODE);
        }
        if (isGone == null || clock == null || hashFunction == null) {
            throw new IllegalArgumentException("isGone, clock and hash function are required: isGone=" + isGone +
                ", clock=" + clock + ", hashFunction=" + hashFunction);
        }
        this.table = new ClaimsTable(table);
        this.file = file;
        this.length = ClaimsDescriptor.length(this.table.buckets());
        this.node = node;
        this.isGone = isGone;
        this.clock = clock;
        this.audit = auditRing == null ? null : new AuditTrail(auditRing, clock);
        this.hashFunction = hashFunction;
    }

    static long hashOf(final Subject subject) {
        return Utf8.hash(subject.kind(), subject.label());
    }

    /**
     * {@inheritDoc}
     * <p>
     * <b>Behaviour.</b> Returns {@link Claimed} when the subject was free, its claim had expired, or its
     * holder's process is gone (a takeover); otherwise {@link YieldTo} naming the holder. A claim is not
     * reentrant: while this node holds the subject, a claim from any thread of this node yields to that
     * holder. The claim ends when its guard is closed, when {@code ttl} passes without a renewal, or at once
     * when this process is judged gone. Allocates only the returned result.
     *
     * @throws IllegalArgumentException when the owner or the ttl is invalid.
     * @throws IllegalStateException    when the table is full, or the clock reads before 2024.
     */
    @Override
    public ClaimResult tryClaim(final Subject subject, final String owner, final Duration ttl) {
        requireMapped();
        try {
            return claim(subject, owner, ttl);
        }
        catch (final InternalError fault) {
            throw faulted(fault);
        }
    }

    private ClaimResult claim(final Subject subject, final String owner, final Duration ttl) {
        validateOwner(owner);
        final long ttlMs = ttlMillis(ttl);
        final long hash = bucketHash(subject);
        while (true) {
            final int index = table.find(hash);
            final ClaimResult result = index >= 0 ?
                decide(index, hash, subject, owner, ttlMs) : placeAndClaim(hash, subject, owner, ttlMs);
            if (result != null) {
                return result;
            }
        }
    }

    /**
     * Decides a claim on the bucket where the subject was found.
     *
     * @return the result, or null when the bucket no longer holds the subject (look again).
     */
    private ClaimResult decide(
        final int index, final long hash, final Subject subject, final String owner, final long ttlMs) {
        while (true) {
            final long generation = table.generation(index);
            final long observed = table.lock(index);
            if (!holds(index, hash, generation, observed)) {
                return null;
            }
            final long now = now();
            boolean takeover = false;
            if (!LockWord.isFree(observed)) {
                final int holder = LockWord.node(observed);
                if (now < LockWord.expiresAtMs(observed) && (holder == node || !isGone.test(holder))) {
                    final Holder current = table.readHolder(index, observed, subject);
                    if (current == null) {
                        continue;
                    }
                    if (table.generation(index) != generation) {
                        return null;
                    }
                    yielded.incrementAndGet();
                    return new YieldTo(current);
                }
                takeover = true;
            }
            final long token = table.nextToken();
            final long word = LockWord.held(saturatedAdd(now, ttlMs), node, token);
            if (table.casLock(index, observed, word)) {
                if (table.hash(index) != hash || table.generation(index) != generation) {
                    // Re-keyed meanwhile and the lock word came back to the value read: not this subject's bucket.
                    table.casLock(index, word, LockWord.released(word));
                    return null;
                }
                return won(index, subject, owner, token, word, takeover);
            }
        }
    }

    /**
     * @return true when the bucket still carries the hash, at the generation read before {@code lockWord}, and
     *     is not REKEYING.
     */
    private boolean holds(final int index, final long hash, final long generation, final long lockWord) {
        return !LockWord.isRekeying(lockWord) && table.hash(index) == hash && table.generation(index) == generation;
    }

    /**
     * Places a subject that no bucket holds, under its home lock, and claims it.
     *
     * @return the claim, or null when the subject turned out to be placed already (decide on that bucket).
     * @throws IllegalStateException when every bucket holds a live claim.
     */
    private ClaimResult placeAndClaim(final long hash, final Subject subject, final String owner, final long ttlMs) {
        final int home = table.home(hash);
        table.lockHome(home, node, isGone);
        try {
            if (table.find(hash) >= 0) {
                return null;
            }
            final int index = table.takeForPlacing(hash, node, isGone, now());
            if (index < 0) {
                throw tableFull(subject);
            }
            table.place(index, hash);
            final long token = table.nextToken();
            final long word = LockWord.held(saturatedAdd(now(), ttlMs), node, token);
            if (!table.casLock(index, LockWord.rekeying(node), word)) {
                return null;
            }
            return won(index, subject, owner, token, word, false);
        }
        finally {
            table.unlockHome(home, node);
        }
    }

    private ClaimResult won(
        final int index, final Subject subject, final String owner, final long token, final long word,
        final boolean takeover) {
        table.publishDetails(index, word, token, subject, owner, isGone);
        claimed.incrementAndGet();
        if (takeover) {
            takeovers.incrementAndGet();
        }
        publish(takeover ? ContestFrameDescriptor.OP_TAKEOVER : ContestFrameDescriptor.OP_CLAIM,
            subject, owner, token, LockWord.expiresAtMs(word));
        return new Claimed(new TableGuard(this, index, subject, owner, token, word));
    }

    private IllegalStateException tableFull(final Subject subject) {
        return new IllegalStateException("claims table full: all " + table.buckets() + " claim slots hold a live " +
            "claim (or a placement in progress), so none is free for subject=" + subject + "; claim slots bound the " +
            "subjects held at the same time, and a slot is reused once its claim is released, expires or its holder " +
            "is gone: configure more (FleetBuilder.claimSlots, orbit.claims.slots with Spring Boot; every process " +
            "of the fleet must use the same value)");
    }

    /**
     * {@inheritDoc}
     * <p>
     * Empty when the subject is not placed, is free, has expired, or its holder's process is gone (this node
     * is never gone to itself). A holder whose details are not published (its winner is still writing them, or
     * a stalled earlier winner kept it from writing) has an empty owner and a fence token rebuilt from the lock
     * word's tag.
     */
    @Override
    public Optional<Holder> holder(final Subject subject) {
        requireMapped();
        try {
            return findHolder(subject);
        }
        catch (final InternalError fault) {
            throw faulted(fault);
        }
    }

    private Optional<Holder> findHolder(final Subject subject) {
        final long hash = bucketHash(subject);
        while (true) {
            final int index = table.find(hash);
            if (index < 0) {
                return Optional.empty();
            }
            final long generation = table.generation(index);
            final long word = table.lock(index);
            if (!holds(index, hash, generation, word)) {
                continue;
            }
            if (!isLive(word, clock.time())) {
                return Optional.empty();
            }
            final Holder holder = table.readHolder(index, word, subject);
            if (holder != null && table.generation(index) == generation) {
                return Optional.of(holder);
            }
        }
    }

    /**
     * {@inheritDoc}
     * <p>
     * Scans the whole table. Subjects that share a bucket (a hash collision) appear once, under the subject
     * of their current holder. A claim won while the scan passes, or whose details are not published, may
     * be missing.
     */
    @Override
    public List<Holder> holders() {
        requireMapped();
        try {
            return holders(table, holder -> holder != node && isGone.test(holder), clock.time());
        }
        catch (final InternalError fault) {
            throw faulted(fault);
        }
    }

    /**
     * Marks the table's memory as gone (its file shrank under the mapping): every later operation throws a
     * {@link SegmentException} with this message and touches nothing.
     */
    void fault(final String message) {
        if (faultedBecause == null) {
            faultedBecause = message;
        }
    }

    void requireMapped() {
        final String faulted = faultedBecause;
        if (faulted != null) {
            throw new SegmentException(faulted);
        }
    }

    /**
     * The exception for a fault of the table's memory: its file was truncated under the mapping.
     */
    RuntimeException faulted(final InternalError fault) {
        final RuntimeException exception = SegmentException.truncated(file, length, fault);
        if (exception instanceof SegmentException) {
            fault(exception.getMessage());
        }
        return exception;
    }

    /**
     * Scans a table for live holders: held, unexpired, and not gone.
     */
    static List<Holder> holders(final ClaimsTable table, final IntPredicate isGone, final long nowMs) {
        final List<Holder> holders = new ArrayList<>();
        final int buckets = table.buckets();
        for (int index = 0; index < buckets; index++) {
            if (table.hash(index) == 0) {
                continue;
            }
            for (int attempt = 0; attempt < SCAN_ATTEMPTS; attempt++) {
                final long word = table.lock(index);
                if (!LockWord.isHeld(word, nowMs) || isGone.test(LockWord.node(word))) {
                    break;
                }
                final Holder holder = table.readHolder(index, word, null);
                if (holder != null) {
                    holders.add(holder);
                    break;
                }
            }
        }
        return holders;
    }

    @Override
    public Fence fence(final Subject subject) {
        return new TableFence(this, subject);
    }

    /**
     * Passes a token through the subject's fence: CAS-to-max on the high-water mark of the bucket that holds the
     * subject, checked to have held it throughout (hash, not REKEYING, same generation). A subject not placed is
     * placed first, free, with its mark at the newest token drawn.
     */
    boolean accept(final Subject subject, final long token) {
        requireMapped();
        try {
            return acceptToken(subject, token);
        }
        catch (final InternalError fault) {
            throw faulted(fault);
        }
    }

    private boolean acceptToken(final Subject subject, final long token) {
        final long hash = bucketHash(subject);
        while (true) {
            final int index = table.find(hash);
            if (index < 0) {
                placeFree(hash, subject);
                continue;
            }
            final long generation = table.generation(index);
            if (!holds(index, hash, generation, table.lock(index))) {
                continue;
            }
            final boolean accepted = table.acceptToken(index, token);
            if (holds(index, hash, generation, table.lock(index))) {
                return accepted;
            }
        }
    }

    /**
     * @return the subject's high-water mark; for a subject not placed, the newest token drawn (below which its
     *     fence refuses every token once placed).
     */
    long current(final Subject subject) {
        requireMapped();
        try {
            return currentMark(subject);
        }
        catch (final InternalError fault) {
            throw faulted(fault);
        }
    }

    private long currentMark(final Subject subject) {
        final long hash = bucketHash(subject);
        while (true) {
            final int index = table.find(hash);
            if (index < 0) {
                return table.newestToken();
            }
            final long generation = table.generation(index);
            if (!holds(index, hash, generation, table.lock(index))) {
                continue;
            }
            final long mark = table.highWater(index);
            if (holds(index, hash, generation, table.lock(index))) {
                return mark;
            }
        }
    }

    private void placeFree(final long hash, final Subject subject) {
        final int home = table.home(hash);
        table.lockHome(home, node, isGone);
        try {
            if (table.find(hash) >= 0) {
                return;
            }
            final int index = table.takeForPlacing(hash, node, isGone, now());
            if (index < 0) {
                throw tableFull(subject);
            }
            table.place(index, hash);
            final long rekeying = LockWord.rekeying(node);
            table.casLock(index, rekeying, LockWord.released(rekeying));
        }
        finally {
            table.unlockHome(home, node);
        }
    }

    @Override
    public ContestStats stats() {
        return new ContestStats(
            claimed.get(), yielded.get(), renewed.get(), released.get(), takeovers.get(), lost.get());
    }

    /**
     * @return audit frames that could not be published (the ring threw); the claims were decided anyway.
     */
    long auditFailures() {
        return audit == null ? 0 : audit.failures();
    }

    int node() {
        return node;
    }

    ClaimsTable table() {
        return table;
    }

    long now() {
        final long now = clock.time();
        if (now < LockWord.EPOCH_MS) {
            throw new IllegalStateException("clock reads before the claims epoch: nowMs=" + now + ", epochMs=" +
                LockWord.EPOCH_MS);
        }
        return now;
    }

    void onRenewed() {
        renewed.incrementAndGet();
    }

    void onReleased() {
        released.incrementAndGet();
    }

    void onLost() {
        lost.incrementAndGet();
    }

    void publish(final int op, final Subject subject, final String owner, final long token, final long expiresAtMs) {
        if (audit != null) {
            audit.publish(op, subject, node, owner, token, expiresAtMs);
        }
    }

    private boolean isLive(final long word, final long now) {
        return LockWord.isHeld(word, now) && (LockWord.node(word) == node || !isGone.test(LockWord.node(word)));
    }

    private long bucketHash(final Subject subject) {
        return ClaimsTable.nonZero(hashFunction.applyAsLong(subject));
    }

    private static void validateOwner(final String owner) {
        if (owner == null) {
            throw new IllegalArgumentException("owner must not be null");
        }
        final int length = Utf8.length(owner);
        if (length > ClaimsDescriptor.MAX_OWNER_LENGTH) {
            throw new IllegalArgumentException("owner too long: length=" + length + " bytes, max=" +
                ClaimsDescriptor.MAX_OWNER_LENGTH + ", owner=" + owner);
        }
    }

    /**
     * @return the ttl in whole milliseconds, at least 1, saturated at {@link Long#MAX_VALUE}.
     */
    static long ttlMillis(final Duration ttl) {
        if (ttl == null || ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must be positive: ttl=" + ttl);
        }
        if (ttl.getSeconds() >= Long.MAX_VALUE / 1000) {
            return Long.MAX_VALUE;
        }
        return Math.max(ttl.toMillis(), 1L);
    }

    static long saturatedAdd(final long a, final long b) {
        final long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    @Override
    public String toString() {
        return "Contest(node=" + node + ", buckets=" + table.buckets() + ")";
    }
}
