package dev.orbit.redis;

import java.util.concurrent.atomic.LongAdder;

/**
 * The bridge's counters, written by its threads and read by {@link RedisBridge#stats()}.
 */
final class Counters {

    final LongAdder activations = new LongAdder();
    final LongAdder forwarded = new LongAdder();
    final LongAdder received = new LongAdder();
    final LongAdder outboundLost = new LongAdder();
    final LongAdder inboundMissed = new LongAdder();
    final LongAdder injectLost = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder streamResets = new LongAdder();
    final LongAdder invalidations = new LongAdder();
    final LongAdder nearCacheClears = new LongAdder();
    final LongAdder claimsReleased = new LongAdder();
    final LongAdder reconnects = new LongAdder();
    volatile long forwardLag;
}
