package dev.orbit.spring.cache;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.orbit.cache.CacheFrameDescriptor;
import dev.orbit.ring.FrameHandler;
import dev.orbit.ring.Ring;
import org.agrona.concurrent.EpochClock;

/**
 * Answers whether a cache holds at least one live entry, for {@link OrbitSpringCache#invalidate()}: reads the
 * cache's ring from the newest frame back to the oldest one it still holds, deciding each key by its newest
 * frame, as every process's index does. A put is live when no newer delete of its key, no newer reset of a
 * prefix of its key and no newer clear exists, and it has not expired. A frame whose slot was lapped, or whose
 * writer has not committed it, is passed over. Costs one read per ring slot; runs only for {@code invalidate()}.
 */
final class CachePresence {

    private final Ring ring;

    private final EpochClock clock;

    /**
     * @param ring  the cache's ring.
     * @param clock the clock the cache's expiries are measured on.
     */
    CachePresence(Ring ring, EpochClock clock) {
        this.ring = ring;
        this.clock = clock;
    }

    /**
     * @return whether the cache held a live entry during the scan.
     */
    boolean hasEntries() {
        Scan scan = new Scan(this.clock.time());
        long head = this.ring.head();
        long oldest = Math.max(0, head - this.ring.capacity());
        for (long counter = head - 1; counter >= oldest && !scan.done; counter--) {
            this.ring.readAt(counter, scan);
        }
        return scan.found;
    }

    /**
     * Decides keys newest first.
     */
    private static final class Scan implements FrameHandler {

        private final long now;

        private final Set<ByteBuffer> decided = new HashSet<>();

        private final List<byte[]> resetPrefixes = new ArrayList<>();

        private boolean found;

        private boolean done;

        Scan(long now) {
            this.now = now;
        }

        @Override
        public void onFrame(long id, int frameKind, long version, ByteBuffer buffer, int offset, int length) {
            if (!CacheFrameDescriptor.isWellFormed(frameKind, buffer, offset, length)) {
                return;
            }
            int keyLength = CacheFrameDescriptor.keyLength(buffer, offset);
            byte[] key = new byte[keyLength];
            buffer.get(CacheFrameDescriptor.keyOffset(offset), key);
            switch (CacheFrameDescriptor.op(buffer, offset)) {
                case CacheFrameDescriptor.RESET_PREFIX -> {
                    if (keyLength == 0) {
                        this.done = true; // a clear: every older frame is shadowed
                    }
                    else {
                        this.resetPrefixes.add(key);
                    }
                }
                case CacheFrameDescriptor.DELETE -> this.decided.add(ByteBuffer.wrap(key));
                case CacheFrameDescriptor.PUT -> {
                    if (!this.decided.add(ByteBuffer.wrap(key)) || isReset(key)) {
                        return;
                    }
                    long expiresAt = CacheFrameDescriptor.expiresAt(buffer, offset);
                    if (expiresAt == 0 || expiresAt > this.now) {
                        this.found = true;
                        this.done = true;
                    }
                }
                default -> {
                    // isWellFormed admits no other op
                }
            }
        }

        private boolean isReset(byte[] key) {
            for (byte[] prefix : this.resetPrefixes) {
                if (prefix.length <= key.length
                        && ByteBuffer.wrap(key, 0, prefix.length).equals(ByteBuffer.wrap(prefix))) {
                    return true;
                }
            }
            return false;
        }

    }

}
