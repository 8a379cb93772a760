package dev.orbit.internal;

import java.time.Duration;

/**
 * Writes of a near cache whose entries are ordered by an outside version (the "as of" of each entry: the
 * version of the fleet-wide store at which it was read or written) rather than by ring position: every
 * {@code OrbitCache} of a fleet implements it. Not for applications.
 * <p>
 * For one key, an entry replaces another only when its as-of is newer, or equal and it is a value replacing a
 * tombstone; so a value fetched before an invalidation landed never wins over that invalidation's tombstone,
 * whatever order their frames commit in. A versioned clear at {@code asOf} hides every entry older than it
 * (versioned entries by their as-of, others by ring position). Entries without a version keep the ring's order.
 */
public interface VersionedCache {

    /**
     * @param key   key bytes.
     * @param value value bytes.
     * @param ttl   time to live, {@link Duration#ZERO} for none.
     * @param asOf  the entry's version, positive.
     * @return true when the frame committed.
     */
    boolean putAsOf(byte[] key, byte[] value, Duration ttl, long asOf);

    /**
     * A versioned tombstone: hides entries of the key older than {@code asOf}.
     *
     * @param key  key bytes.
     * @param asOf the tombstone's version, positive.
     * @return true when the frame committed.
     */
    boolean deleteAsOf(byte[] key, long asOf);

    /**
     * Hides every entry older than {@code asOf}.
     *
     * @param asOf the clear's version, positive.
     * @return true when the frame committed.
     */
    boolean clearAsOf(long asOf);
}
