package dev.orbit.spring.bridge;

import java.util.function.LongConsumer;

/**
 * Receives the round trip of every Redis command of this process's bridge handle and passes it on to a recorder
 * attached later (the {@code orbit.bridge.redis.latency} timer), so the bridge can be built before meters exist.
 */
public final class BridgeLatency implements LongConsumer {

    private volatile LongConsumer recorder;

    /**
     * @param nanos a command's round trip.
     */
    @Override
    public void accept(long nanos) {
        LongConsumer target = this.recorder;
        if (target != null) {
            target.accept(nanos);
        }
    }

    /**
     * @param recorder where round trips go from now on, {@code null} for nowhere.
     */
    public void attach(LongConsumer recorder) {
        this.recorder = recorder;
    }

}
