package dev.orbit.tools;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

import dev.orbit.contest.Holder;
import dev.orbit.internal.contest.ClaimsDescriptor;
import dev.orbit.internal.contest.Contests;
import dev.orbit.internal.shm.SegmentSpec;
import dev.orbit.shm.SegmentException;

/**
 * Reads the current holders out of a claims table (see {@link ClaimsDescriptor}) without writing it, through
 * {@link Contests#holders}: only read access modes, so it works on a read-only mapping. A holder whose
 * details its winner is still writing may be missing from one snapshot.
 */
final class ClaimsReader {

    private final ByteBuffer buffer;
    private final int buckets;

    ClaimsReader(final ByteBuffer table) {
        this.buffer = table.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.buckets = ClaimsDescriptor.bucketsOf(buffer);
    }

    /**
     * @param length the claims file's length.
     * @return the spec of an existing claims segment of that length, whatever its bucket count.
     */
    static SegmentSpec existingSpec(final long length) {
        return new SegmentSpec() {
            @Override
            public String describe() {
                return "claims table length=" + length;
            }

            @Override
            public long length() {
                return length;
            }

            @Override
            public int typeTag() {
                return ClaimsDescriptor.TYPE_TAG;
            }

            @Override
            public void initialise(final ByteBuffer buffer) {
                throw new IllegalStateException("orbit-stat never creates a claims table: length=" + length);
            }

            @Override
            public void validate(final ByteBuffer buffer, final Path file) {
                final int found = ClaimsDescriptor.bucketsOf(buffer);
                final boolean consistent = found >= ClaimsDescriptor.MIN_BUCKETS &&
                    found <= ClaimsDescriptor.MAX_BUCKETS && Integer.bitCount(found) == 1 &&
                    ClaimsDescriptor.length(found) == length;
                if (!consistent) {
                    throw SegmentException.refusing(file, "claims table header inconsistent with file length: length=" +
                        length + ", buckets=" + found);
                }
            }
        };
    }

    int buckets() {
        return buckets;
    }

    long fenceCounter() {
        return Contests.fenceCounter(buffer);
    }

    List<FleetSnapshot.Claim> holders(final long nowMs, final IntPredicate isGone) {
        final List<FleetSnapshot.Claim> claims = new ArrayList<>();
        for (final Holder holder : Contests.holders(buffer, isGone, nowMs)) {
            claims.add(new FleetSnapshot.Claim(holder.subject().kind(), holder.subject().label(), 0L, holder.nodeId(),
                holder.owner(), holder.fenceToken(), holder.expiresAtMs(), holder.expiresAtMs() - nowMs));
        }
        return claims;
    }
}
