package dev.orbit.sample.quote;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.orbit.fleet.Fleet;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * Computes quotes slowly. The cache {@value #CACHE} is an Orbit cache: a quote computed by one sibling is a hit
 * in every other, and {@code sync = true} makes concurrent misses for one symbol a single computation across
 * the whole fleet (the other processes wait for it).
 */
@Service
public class QuoteService {

    /** The cache name (configured under {@code orbit.cache.caches.quotes}). */
    public static final String CACHE = "quotes";

    private final Fleet fleet;

    private final Duration work;

    private final AtomicLong computations = new AtomicLong();

    public QuoteService(Fleet fleet, @Value("${sample.quote.work:1s}") Duration work) {
        this.fleet = fleet;
        this.work = work;
    }

    /**
     * @param symbol an upper-case symbol.
     * @return its quote, computed here or by a sibling.
     */
    @Cacheable(cacheNames = CACHE, sync = true)
    public Quote quote(String symbol) {
        this.computations.incrementAndGet();
        simulateWork(this.work);
        long cents = 1_000 + Math.floorMod(symbol.hashCode() * 31L + System.currentTimeMillis() / 60_000, 99_000);
        return new Quote(symbol, cents, this.fleet.nodeId(), System.currentTimeMillis());
    }

    /**
     * @return quotes computed by this process.
     */
    public long computations() {
        return this.computations.get();
    }

    private static void simulateWork(Duration work) {
        try {
            Thread.sleep(work.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while computing a quote", ex);
        }
    }

}
