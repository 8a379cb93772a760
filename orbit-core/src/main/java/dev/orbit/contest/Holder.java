package dev.orbit.contest;

/**
 * The holder of a subject.
 *
 * @param subject     the subject.
 * @param nodeId      holder's node id.
 * @param owner       holder's owner label.
 * @param fenceToken  the tenure's fence token.
 * @param expiresAtMs epoch millis when the claim ends without renewal.
 */
public record Holder(Subject subject, int nodeId, String owner, long fenceToken, long expiresAtMs) {
}
