package dev.orbit.spring.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.BitSet;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.orbit.contest.ClaimResult;
import dev.orbit.contest.Claimed;
import dev.orbit.contest.Guard;
import dev.orbit.contest.Holder;
import dev.orbit.contest.Subject;
import dev.orbit.contest.YieldTo;
import dev.orbit.spring.metrics.OrbitMeters;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One Spring cache's single flight: the loads ({@code get(key, loader)}, {@code retrieve(key, loader)}) and
 * conditional puts ({@code putIfAbsent}) of a key run one at a time, across threads and across processes.
 * <p>
 * <b>Stripes.</b> A key's stripe is a stable hash of its text modulo the number of stripes (the same in every
 * process). Each stripe has a gate in this process (a one-permit semaphore, so that an asynchronous load may hold
 * it until its future completes) and, with a contest, a claim {@code cache:<name>#<stripe>} in the fleet. A
 * section runs once this thread holds both: no other thread of any process runs a section of a key of the same
 * stripe meanwhile. A thread that already holds a stripe (a loader that loads or puts another key of its stripe)
 * runs nested sections under what it holds.
 * <p>
 * <b>Waiting.</b> A thread that finds the claim held by another process polls (parked with a bounded backoff,
 * never spinning) until the key's entry appears, which ends its wait with that entry, or until the claim is
 * released or its holder's process dies, when it claims in turn. After the sync timeout it goes on without the
 * claim. A waiter for a load stops when interrupted; a waiter for a conditional put is not interruptible (its
 * wait is bounded by the timeout, and the interrupt flag is kept).
 * <p>
 * <b>Threads of this process</b> that load the same key share one load: they receive the leader's result (a copy
 * decoded from its entry when it was cached). When the leader fails, each of them loads in turn.
 * <p>
 * <b>Asynchronous loads</b> never block the caller: the gate and the claim are tried without waiting; when either
 * is taken, a thread of an executor owned by this class waits for them, so no common-pool thread is ever parked
 * waiting for another process (one parked daemon thread per load waiting for its stripe; threads of this
 * process that join a load in flight take none). The section holds the stripe until the loader's future
 * completes.
 * <p>
 * <b>Fallback.</b> Without a contest, sections are exclusive within this process only. When the contest fails (a
 * full claims table, a closed fleet) or the timeout passes, the section runs without the claim (logged; counted
 * as {@code orbit.cache.sync.fallback}): a load then runs here, and a conditional put is atomic within this
 * process only.
 */
final class CacheSingleFlight {

    /** Stripes of the gates of a cache without a contest. */
    static final int LOCAL_STRIPES = 64;

    private static final Log logger = LogFactory.getLog(OrbitSpringCache.class);

    private static final long WAIT_MIN_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    private static final long WAIT_MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private static final Object BUSY = new Object();

    private final String name;

    private final OrbitSpringCache.SyncSupport sync;

    private final Supplier<OrbitMeters> meters;

    private final Subject[] subjects;

    private final Semaphore[] gates;

    private final String owner;

    private final ThreadLocal<BitSet> held = ThreadLocal.withInitial(BitSet::new);

    private final ConcurrentMap<String, CompletableFuture<Loaded>> loads = new ConcurrentHashMap<>();

    private final LongAdder fallbacks = new LongAdder();

    private final AtomicBoolean contestFailureLogged = new AtomicBoolean();

    /**
     * @param name   the cache's name.
     * @param sync   the contest and its settings; {@code null} for sections exclusive within this process only.
     * @param meters where fallbacks are counted.
     */
    CacheSingleFlight(String name, OrbitSpringCache.SyncSupport sync, Supplier<OrbitMeters> meters) {
        this.name = name;
        this.sync = sync;
        this.meters = meters;
        int stripes = (sync != null) ? sync.stripes() : LOCAL_STRIPES;
        if (stripes < 1 || Integer.bitCount(stripes) != 1) {
            throw new IllegalArgumentException("sync stripes must be a power of two: stripes=" + stripes);
        }
        this.subjects = (sync != null) ? subjects(name, stripes) : null;
        this.gates = new Semaphore[stripes];
        for (int i = 0; i < stripes; i++) {
            this.gates[i] = new Semaphore(1);
        }
        this.owner = "cache:" + ((name.length() > 50) ? name.substring(0, 50) : name);
    }

    /**
     * Loads a key once across the threads of this process and the processes of the fleet.
     *
     * @param keyText     the key's text.
     * @param probe       reads the key's entry.
     * @param section     loads and stores the value; runs while this thread holds the key's stripe.
     * @param interrupted the exception to throw when this thread is interrupted while waiting.
     * @return the entry that appeared while waiting, the result of this thread's section, or the result of
     *         another thread's section that this thread joined ({@link Loaded#shared()}).
     */
    Loaded load(String keyText, Probe probe, Section<Loaded> section,
            Function<InterruptedException, RuntimeException> interrupted) {
        while (true) {
            CompletableFuture<Loaded> mine = new CompletableFuture<>();
            CompletableFuture<Loaded> running = this.loads.putIfAbsent(keyText, mine);
            if (running != null) {
                try {
                    return running.get().asShared();
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw interrupted.apply(ex);
                }
                catch (ExecutionException ex) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw interrupted.apply(new InterruptedException("interrupted while joining the load of '"
                                + keyText + "' by another thread, which failed"));
                    }
                    this.loads.remove(keyText, running);
                    continue; // the leader failed or was interrupted: this thread leads or joins anew
                }
            }
            try {
                Loaded loaded = lead(stripe(keyText), probe, section, interrupted);
                mine.complete(loaded);
                return loaded;
            }
            catch (Throwable ex) {
                mine.completeExceptionally(ex);
                throw ex;
            }
            finally {
                this.loads.remove(keyText, mine);
            }
        }
    }

    /**
     * Loads a key once without blocking the calling thread.
     *
     * @param keyText the key's text.
     * @param probe   reads the key's entry.
     * @param section starts the load and completes when the value is stored; started while the key's stripe is
     *                held, which lasts until its future completes.
     * @return completes with what {@link #load} returns, or with the section's exception (unwrapped from a
     *         {@link CompletionException}).
     */
    CompletableFuture<Loaded> loadAsync(String keyText, Probe probe, AsyncSection section) {
        CompletableFuture<Loaded> mine = new CompletableFuture<>();
        CompletableFuture<Loaded> running = this.loads.putIfAbsent(keyText, mine);
        if (running != null) {
            CompletableFuture<Loaded> joined = new CompletableFuture<>();
            running.whenComplete((loaded, failure) -> {
                if (failure == null) {
                    joined.complete(loaded.asShared());
                }
                else {
                    // Callbacks may run before the leader's own removal: remove it here, then lead or join anew.
                    this.loads.remove(keyText, running);
                    relay(loadAsync(keyText, probe, section), joined);
                }
            });
            return joined;
        }
        mine.whenComplete((loaded, failure) -> this.loads.remove(keyText, mine));
        int stripe = stripe(keyText);
        Object entered;
        try {
            entered = enterNow(stripe, probe);
        }
        catch (RuntimeException ex) {
            mine.completeExceptionally(ex);
            return mine;
        }
        if (entered != BUSY) {
            start(entered, section, mine);
            return mine;
        }
        try {
            Waiters.EXECUTOR.execute(() -> {
                try {
                    start(enter(stripe, probe, false, null), section, mine);
                }
                catch (Throwable ex) {
                    mine.completeExceptionally(ex);
                }
            });
        }
        catch (RuntimeException ex) {
            mine.completeExceptionally(ex);
        }
        return mine;
    }

    /**
     * Runs a section while this thread holds the key's stripe, unless the key's entry appears first; never
     * interrupted (the wait is bounded by the sync timeout; the interrupt flag is kept).
     *
     * @param <R>     the result's type.
     * @param keyText the key's text.
     * @param probe   reads the key's entry.
     * @param found   the result when the entry appeared while waiting.
     * @param section the section.
     * @return the section's result, or {@code found}'s.
     */
    <R> R exclusive(String keyText, Probe probe, Function<Loaded, R> found, Section<R> section) {
        Object entered = enter(stripe(keyText), probe, false, null);
        if (entered instanceof Loaded loaded) {
            return found.apply(loaded);
        }
        try (Tenure tenure = (Tenure) entered) {
            return tenure.runHere(section);
        }
    }

    /**
     * @return sections of this process that ran without the cross-process claim.
     */
    long fallbacks() {
        return this.fallbacks.sum();
    }

    /**
     * @param keyText a key's text.
     * @return the claim subject of its stripe.
     * @throws IllegalStateException when this cache has no contest.
     */
    Subject subject(String keyText) {
        if (this.subjects == null) {
            throw new IllegalStateException("cache '" + this.name + "' has no cross-process single flight");
        }
        return this.subjects[stripe(keyText)];
    }

    private int stripe(String keyText) {
        return stripe(keyText, this.gates.length);
    }

    /**
     * The same in every process: {@link String#hashCode()} is specified, and the mix is fixed.
     *
     * @param keyText a key's text.
     * @param stripes the number of stripes, a power of two.
     * @return the key's stripe.
     */
    static int stripe(String keyText, int stripes) {
        int h = keyText.hashCode();
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h & (stripes - 1);
    }

    private Loaded lead(int stripe, Probe probe, Section<Loaded> section,
            Function<InterruptedException, RuntimeException> interrupted) {
        Object entered = enter(stripe, probe, true, interrupted);
        if (entered instanceof Loaded found) {
            return found;
        }
        try (Tenure tenure = (Tenure) entered) {
            tenure.renewWhileHeld();
            return tenure.runHere(section);
        }
    }

    private void start(Object entered, AsyncSection section, CompletableFuture<Loaded> target) {
        if (entered instanceof Loaded found) {
            target.complete(found);
            return;
        }
        Tenure tenure = (Tenure) entered;
        CompletableFuture<Loaded> started;
        try {
            tenure.renewWhileHeld();
            started = tenure.runHere(section::start);
        }
        catch (RuntimeException ex) {
            tenure.close();
            target.completeExceptionally(ex);
            return;
        }
        catch (Error ex) {
            tenure.close();
            target.completeExceptionally(ex);
            throw ex;
        }
        started.whenComplete((loaded, failure) -> {
            tenure.close();
            if (failure != null) {
                target.completeExceptionally(unwrap(failure));
            }
            else {
                target.complete(loaded);
            }
        });
    }

    /**
     * Takes the key's stripe: this process's gate, then the fleet's claim; waits while another holds either.
     *
     * @return a {@link Tenure}, or the {@link Loaded} entry that appeared while waiting.
     */
    private Object enter(int stripe, Probe probe, boolean interruptible,
            Function<InterruptedException, RuntimeException> interrupted) {
        if (this.held.get().get(stripe)) {
            return new Tenure(stripe, false, null);
        }
        long timeoutNanos = (this.sync != null) ? this.sync.timeout().toNanos() : -1;
        long deadline = System.nanoTime() + timeoutNanos;
        Semaphore gate = this.gates[stripe];
        boolean keepInterrupt = false;
        boolean gated = gate.tryAcquire();
        boolean handedOver = false;
        try {
            while (!gated) {
                try {
                    if (timeoutNanos < 0) {
                        gate.acquire();
                        gated = true;
                    }
                    else if (!gate.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                        timedOut(stripe, "another thread of this process");
                        handedOver = true;
                        return new Tenure(stripe, false, null);
                    }
                    else {
                        gated = true;
                    }
                }
                catch (InterruptedException ex) {
                    if (interruptible) {
                        Thread.currentThread().interrupt();
                        throw interrupted.apply(ex);
                    }
                    keepInterrupt = true;
                }
            }
            if (this.sync == null) {
                handedOver = true;
                return new Tenure(stripe, true, null);
            }
            Subject subject = this.subjects[stripe];
            IdleStrategy idle = new BackoffIdleStrategy(0, 0, WAIT_MIN_PARK_NANOS, WAIT_MAX_PARK_NANOS);
            while (true) {
                Loaded found = probe.find();
                if (found != null) {
                    return found;
                }
                ClaimResult result;
                try {
                    result = this.sync.contest().tryClaim(subject, this.owner, this.sync.claimTtl());
                }
                catch (RuntimeException ex) {
                    fallback(ex);
                    handedOver = true;
                    return new Tenure(stripe, true, null);
                }
                if (result instanceof Claimed claimed) {
                    handedOver = true;
                    return new Tenure(stripe, true, claimed.guard());
                }
                Holder holder = ((YieldTo) result).holder();
                idle.reset();
                while (true) {
                    found = probe.find();
                    if (found != null) {
                        return found;
                    }
                    if (Thread.currentThread().isInterrupted()) {
                        if (interruptible) {
                            // The flag stays set; a parked wait would return at once and spin until the timeout.
                            throw interrupted.apply(new InterruptedException("interrupted while waiting for node "
                                    + holder.nodeId() + " to release claim '" + subject.label() + "'"));
                        }
                        Thread.interrupted();
                        keepInterrupt = true;
                    }
                    Optional<Holder> current;
                    try {
                        current = this.sync.contest().holder(subject);
                    }
                    catch (RuntimeException ex) {
                        fallback(ex);
                        handedOver = true;
                        return new Tenure(stripe, true, null);
                    }
                    if (current.isEmpty() || current.get().fenceToken() != holder.fenceToken()) {
                        break;
                    }
                    if (System.nanoTime() - deadline > 0) {
                        timedOut(stripe, "node " + holder.nodeId() + " (claim '" + subject.label() + "')");
                        handedOver = true;
                        return new Tenure(stripe, true, null);
                    }
                    idle.idle();
                }
            }
        }
        finally {
            if (gated && !handedOver) {
                gate.release();
            }
            if (keepInterrupt) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Takes the key's stripe if both its gate and its claim are free now.
     *
     * @return a {@link Tenure}, the {@link Loaded} entry found, or {@link #BUSY}.
     */
    private Object enterNow(int stripe, Probe probe) {
        if (this.held.get().get(stripe)) {
            return new Tenure(stripe, false, null);
        }
        Semaphore gate = this.gates[stripe];
        if (!gate.tryAcquire()) {
            return BUSY;
        }
        boolean handedOver = false;
        try {
            if (this.sync == null) {
                handedOver = true;
                return new Tenure(stripe, true, null);
            }
            Loaded found = probe.find();
            if (found != null) {
                return found;
            }
            ClaimResult result;
            try {
                result = this.sync.contest().tryClaim(this.subjects[stripe], this.owner, this.sync.claimTtl());
            }
            catch (RuntimeException ex) {
                fallback(ex);
                handedOver = true;
                return new Tenure(stripe, true, null);
            }
            if (result instanceof Claimed claimed) {
                handedOver = true;
                return new Tenure(stripe, true, claimed.guard());
            }
            return BUSY;
        }
        finally {
            if (!handedOver) {
                gate.release();
            }
        }
    }

    private void fallback(RuntimeException failure) {
        countFallback();
        contestFailed("the cross-process single flight failed, so this process goes on without it: a load runs "
                + "here, a putIfAbsent is atomic within this process only (counted as orbit.cache.sync.fallback)",
                failure);
    }

    private void timedOut(int stripe, String holder) {
        countFallback();
        logger.warn("Cache '" + this.name + "': waited " + this.sync.timeout() + " (orbit.cache.sync-timeout) for "
                + holder + " to finish with a key of stripe " + stripe + "; going on without it: a load runs here, a "
                + "putIfAbsent is atomic within this process only (counted as orbit.cache.sync.fallback)");
    }

    private void countFallback() {
        this.fallbacks.increment();
        this.meters.get().cacheSyncFallback(this.name);
    }

    private void contestFailed(String message, RuntimeException failure) {
        if (this.contestFailureLogged.compareAndSet(false, true)) {
            logger.warn("Cache '" + this.name + "': " + message + " (logged once per cache): " + failure, failure);
        }
        else if (logger.isDebugEnabled()) {
            logger.debug("Cache '" + this.name + "': " + message + ": " + failure);
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
    }

    private static <T> void relay(CompletableFuture<T> source, CompletableFuture<T> target) {
        source.whenComplete((value, failure) -> {
            if (failure != null) {
                target.completeExceptionally(unwrap(failure));
            }
            else {
                target.complete(value);
            }
        });
    }

    private static Subject[] subjects(String name, int stripes) {
        String base = "cache:" + name;
        if ((base + "#" + (stripes - 1)).getBytes(StandardCharsets.UTF_8).length > Subject.MAX_LABEL_LENGTH) {
            base = "cache:#" + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(sha256(name.getBytes(StandardCharsets.UTF_8)));
        }
        Subject[] subjects = new Subject[stripes];
        for (int i = 0; i < stripes; i++) {
            subjects[i] = Subject.of(base + "#" + i);
        }
        return subjects;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
        }
    }

    /**
     * Reads a key's entry without counting a hit or a miss.
     */
    @FunctionalInterface
    interface Probe {

        /**
         * @return the key's entry, or {@code null} when there is none (or it cannot be decoded).
         */
        Loaded find();

    }

    /**
     * Work done while holding a key's stripe.
     *
     * @param <R> the result's type.
     */
    @FunctionalInterface
    interface Section<R> {

        /**
         * @return the result.
         */
        R run();

    }

    /**
     * An asynchronous load started while holding a key's stripe.
     */
    @FunctionalInterface
    interface AsyncSection {

        /**
         * @return completes when the value is loaded and stored.
         */
        CompletableFuture<Loaded> start();

    }

    /**
     * A value and its entry.
     *
     * @param value  the user value ({@code null} for null).
     * @param entry  the entry's bytes when the value is (or was read from) an entry, else {@code null}.
     * @param shared whether another thread's load produced it (so it should be handed out as a fresh copy).
     */
    record Loaded(Object value, byte[] entry, boolean shared) {

        Loaded asShared() {
            return new Loaded(this.value, this.entry, true);
        }

    }

    /**
     * Holds a key's stripe; closing releases the claim, then the gate.
     */
    private final class Tenure implements AutoCloseable {

        private final int stripe;

        private final boolean gated;

        private final Guard guard;

        private ScheduledFuture<?> renewal;

        Tenure(int stripe, boolean gated, Guard guard) {
            this.stripe = stripe;
            this.gated = gated;
            this.guard = guard;
        }

        void renewWhileHeld() {
            if (this.guard == null) {
                return;
            }
            Duration ttl = CacheSingleFlight.this.sync.claimTtl();
            try {
                this.renewal = CacheSingleFlight.this.sync.scheduler()
                    .scheduleAtFixedRate(() -> this.guard.renew(ttl), ttl.dividedBy(3));
            }
            catch (RuntimeException ex) {
                // Go on: the claim lasts its TTL, after which another process may load the key too.
                contestFailed("the claim on '" + this.guard.subject().label() + "' cannot be renewed, so it may "
                        + "expire while the value loads", ex);
            }
        }

        <R> R runHere(Section<R> section) {
            BitSet bits = CacheSingleFlight.this.held.get();
            boolean mark = !bits.get(this.stripe);
            if (mark) {
                bits.set(this.stripe);
            }
            try {
                return section.run();
            }
            finally {
                if (mark) {
                    bits.clear(this.stripe);
                }
            }
        }

        @Override
        public void close() {
            if (this.renewal != null) {
                this.renewal.cancel(false);
            }
            if (this.guard != null) {
                try {
                    this.guard.close();
                }
                catch (RuntimeException ex) {
                    contestFailed("the claim on '" + this.guard.subject().label() + "' could not be released; it "
                            + "ends after its TTL", ex);
                }
            }
            if (this.gated) {
                CacheSingleFlight.this.gates[this.stripe].release();
            }
        }

    }

    /**
     * The threads that wait, for asynchronous loads, for a stripe another thread or process holds: daemon threads
     * created on demand and ended after 10 seconds idle.
     */
    private static final class Waiters {

        private static final AtomicInteger COUNT = new AtomicInteger();

        static final Executor EXECUTOR = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS,
                new SynchronousQueue<>(), (runnable) -> {
                    Thread thread = new Thread(runnable, "orbit-cache-wait-" + COUNT.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });

    }

}
