package dev.orbit.sample.quote;

import java.util.Locale;
import java.util.regex.Pattern;

import dev.orbit.fleet.Fleet;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /api/quote/{symbol}} (slow the first time in the whole fleet) and {@code GET /api/quote/stats}.
 */
@RestController
@RequestMapping("/api/quote")
public class QuoteController {

    private static final Pattern SYMBOL = Pattern.compile("[A-Za-z0-9.]{1,12}");

    private final QuoteService quotes;

    private final Fleet fleet;

    private final MeterRegistry meters;

    public QuoteController(QuoteService quotes, Fleet fleet, MeterRegistry meters) {
        this.quotes = quotes;
        this.fleet = fleet;
        this.meters = meters;
    }

    @GetMapping("/{symbol}")
    public QuoteResponse quote(@PathVariable String symbol) {
        if (!SYMBOL.matcher(symbol).matches()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "a symbol is 1 to 12 of [A-Za-z0-9.]");
        }
        long start = System.nanoTime();
        Quote quote = this.quotes.quote(symbol.toUpperCase(Locale.ROOT));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        return new QuoteResponse(quote, this.fleet.nodeId(), elapsedMs);
    }

    @GetMapping("/stats")
    public QuoteStats stats() {
        return stats(this.fleet.nodeId(), this.quotes.computations(), this.meters);
    }

    /**
     * Reads this process's counts of the quotes cache from Spring Boot's cache meters ({@code cache.gets}).
     *
     * @param node         this process's node id.
     * @param computations quotes computed here.
     * @param meters       the registry.
     * @return the statistics.
     */
    public static QuoteStats stats(int node, long computations, MeterRegistry meters) {
        long hits = gets(meters, "hit");
        long misses = gets(meters, "miss");
        Double ratio = (hits + misses > 0) ? (double) hits / (hits + misses) : null;
        return new QuoteStats(node, QuoteService.CACHE, computations, hits, misses, ratio);
    }

    private static long gets(MeterRegistry meters, String result) {
        double total = 0;
        for (FunctionCounter counter : Search.in(meters)
            .name("cache.gets")
            .tag("cache", QuoteService.CACHE)
            .tag("result", result)
            .functionCounters()) {
            total += counter.count();
        }
        return (long) total;
    }

    /**
     * @param quote       the quote.
     * @param servedBy    node id of the process that answered.
     * @param elapsedMs   time this request took.
     */
    public record QuoteResponse(Quote quote, int servedBy, long elapsedMs) {
    }

    /**
     * This process's use of the quotes cache.
     *
     * @param node         node id.
     * @param cache        cache name.
     * @param computations quotes computed by this process.
     * @param hits         gets that found a quote (computed here or by a sibling).
     * @param misses       gets that found none.
     * @param hitRatio     hits / (hits + misses), {@code null} before the first get.
     */
    public record QuoteStats(int node, String cache, long computations, long hits, long misses, Double hitRatio) {
    }

}
