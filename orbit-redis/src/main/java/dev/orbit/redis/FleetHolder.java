package dev.orbit.redis;

import dev.orbit.contest.Subject;

/**
 * The holder of a fleet claim.
 *
 * @param subject     the subject.
 * @param hostId      the holder's host.
 * @param nodeId      the holder's node id on that host.
 * @param pid         the holder's process id on that host (0 when unknown).
 * @param owner       the holder's owner label.
 * @param fenceToken  the tenure's fleet fence token (0 when unknown).
 * @param expiresAtMs when the claim ends without renewal, on this host's clock (0 when unknown).
 */
public record FleetHolder(Subject subject, String hostId, int nodeId, long pid, String owner, long fenceToken,
    long expiresAtMs) {
}
