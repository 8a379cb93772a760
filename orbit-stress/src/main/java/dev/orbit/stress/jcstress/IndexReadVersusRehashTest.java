package dev.orbit.stress.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import dev.orbit.cache.OrbitCache;
import dev.orbit.internal.cache.CacheSeams;
import dev.orbit.internal.ring.OwnerLiveness;
import dev.orbit.internal.ring.Rings;
import dev.orbit.ring.RingSpec;
import dev.orbit.ring.SlotDescriptor;

/**
 * A get reading the cache's index without its lock races a put on the same cache instance that changes the index
 * under it: the put adds key {@code b}, whose 64-bit hash collides with key {@code a}'s, as the record that
 * crosses the index's resize threshold (so the bucket array is rebuilt and every record relinked), then replaces
 * {@code a}'s value. The reader gets {@code a}, then {@code b}.
 * <p>
 * r1: what the get of {@code a} returned: 1 for its first value, 2 for its second, 0 for a miss, -1 for any other
 * bytes. r2: what the get of {@code b} returned: 1 for its value, 0 for a miss, -1 for any other bytes.
 */
@JCStressTest
@Description("An optimistic index read racing an insert, a resize and an update never misses a present key, never hands out another key's value (same hash), and never goes back in time.")
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "Both gets ran before b was indexed.")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "a read before its update, b after its put.")
@Outcome(id = "2, 1", expect = ACCEPTABLE, desc = "Both gets ran after both puts.")
@Outcome(id = "2, 0", expect = FORBIDDEN, desc = "b missed after a's later update was seen.")
@Outcome(id = "0, .*", expect = FORBIDDEN, desc = "a, present all along, missed.")
@Outcome(id = "-1, .*", expect = FORBIDDEN, desc = "The get of a was handed bytes that are not a's.")
@Outcome(id = ".*, -1", expect = FORBIDDEN, desc = "The get of b was handed bytes that are not b's.")
@Outcome(expect = FORBIDDEN, desc = "Anything else.")
@State
public class IndexReadVersusRehashTest {

    /** Keys put before the race: the index's initial table resizes when one more key arrives. */
    static final int PRELOADED = 12;

    private static final byte[] A = bytes("a");
    private static final byte[] B = bytes("b");
    private static final byte[] A1 = bytes("a-first");
    private static final byte[] A2 = bytes("a-second");
    private static final byte[] B1 = bytes("b-value");

    private final OrbitCache cache;
    private final ByteBuffer keyA = ByteBuffer.wrap(A);
    private final ByteBuffer keyB = ByteBuffer.wrap(B);
    private final Value value = new Value();

    public IndexReadVersusRehashTest() {
        final RingSpec spec = RingSpec.of(32, 64);
        final ByteBuffer memory = ByteBuffer.allocateDirect((int)spec.length() + SlotDescriptor.ALIGNMENT)
            .alignedSlice(SlotDescriptor.ALIGNMENT)
            .order(ByteOrder.LITTLE_ENDIAN);
        Rings.initialise(memory, SlotFixture.KIND, spec);
        cache = CacheSeams.colliding(
            Rings.over(memory, 1, OwnerLiveness.neverGone(), () -> 1L, Rings.DEFAULT_PENDING_TIMEOUT_MS, true),
            "jcstress", () -> 1L, key -> key.length == 1);
        cache.put(A, A1);
        for (int i = 1; i < PRELOADED; i++) {
            cache.put(bytes("key-" + i), bytes("value-" + i));
        }
    }

    @Actor
    public void writer() {
        cache.put(B, B1);
        cache.put(A, A2);
    }

    @Actor
    public void reader(final II_Result r) {
        r.r1 = cache.get(keyA, value) ? value.is(A1) ? 1 : value.is(A2) ? 2 : -1 : 0;
        r.r2 = cache.get(keyB, value) ? value.is(B1) ? 1 : -1 : 0;
    }

    private static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Keeps a copy of the last value handed out.
     */
    static final class Value implements OrbitCache.ValueHandler {
        private final byte[] copy = new byte[64];
        private int length;

        @Override
        public void onValue(final ByteBuffer buffer, final int offset, final int length) {
            this.length = length;
            buffer.get(offset, copy, 0, length);
        }

        boolean is(final byte[] expected) {
            if (length != expected.length) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                if (copy[i] != expected[i]) {
                    return false;
                }
            }
            return true;
        }
    }
}
