package dev.orbit.sample.quote;

/**
 * A price quote, as cached in the fleet's shared memory (as JSON).
 *
 * @param symbol         the symbol, upper case.
 * @param priceCents     the price in cents.
 * @param computedByNode node id of the process that computed it.
 * @param computedAtMs   epoch millis when it was computed.
 */
public record Quote(String symbol, long priceCents, int computedByNode, long computedAtMs) {
}
