package dev.orbit.cache;

import java.nio.ByteBuffer;

/**
 * Seam for the index's 64-bit key hash, so tests can force collisions.
 */
@FunctionalInterface
interface KeyHasher {

    /** The hash every cache uses. */
    KeyHasher DEFAULT = KeyHash::hash;

    /**
     * @param buffer holds the bytes (any byte order; its position is not used or changed).
     * @param offset first byte.
     * @param length number of bytes.
     * @return the 64-bit hash.
     */
    long hash(ByteBuffer buffer, int offset, int length);
}
