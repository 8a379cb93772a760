package dev.orbit.internal.cache;

import java.nio.ByteBuffer;

/**
 * The cache index's 64-bit key hash; a seam, so tests can force every key onto one hash.
 */
@FunctionalInterface
interface KeyHasher {

    /** The hash every cache uses: {@link KeyHash}, under this process's random key. */
    KeyHasher DEFAULT = KeyHash.seeded();

    /**
     * @param buffer holds the bytes (any byte order; its position is not used or changed).
     * @param offset first byte.
     * @param length number of bytes.
     * @return the 64-bit hash.
     */
    long hash(ByteBuffer buffer, int offset, int length);
}
