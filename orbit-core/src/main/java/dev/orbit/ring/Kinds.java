package dev.orbit.ring;

/**
 * Kinds reserved for Orbit's own substrates, and the rule for user kinds.
 */
public final class Kinds {

    /** Smallest kind a user type may declare. */
    public static final int MIN_USER_KIND = 1;

    /** Largest kind a user type may declare. */
    public static final int MAX_USER_KIND = 199;

    /** Kind of cache rings. */
    public static final int CACHE = 200;

    /** Kind of the event bus ring. */
    public static final int EVENTS = 220;

    /** Kind of the heartbeat ring. */
    public static final int HEARTBEAT = 221;

    /** Kind of the contest audit ring. */
    public static final int CONTEST = 222;

    /**
     * Kind of the bridge ring: what a fleet's bridge to other hosts reports (the hosts of the fleet and their
     * members) and the positions it resumes from. Exists only in fleets that run a bridge.
     */
    public static final int BRIDGE = 223;

    private Kinds() {
    }

    /**
     * @param kind a ring kind.
     * @return {@code cache}, {@code events}, {@code heartbeat}, {@code contest} or {@code bridge} for Orbit's substrates,
     *     {@code user} for 1..199, {@code reserved} otherwise.
     */
    public static String typeName(final int kind) {
        switch (kind) {
            case CACHE:
                return "cache";
            case EVENTS:
                return "events";
            case HEARTBEAT:
                return "heartbeat";
            case CONTEST:
                return "contest";
            case BRIDGE:
                return "bridge";
            default:
                return kind >= MIN_USER_KIND && kind <= MAX_USER_KIND ? "user" : "reserved";
        }
    }

    /**
     * @param kind a kind declared by a user type.
     * @param type the declaring type, for the message.
     * @return {@code kind}.
     * @throws IllegalArgumentException naming the type and kind when outside 1..199.
     */
    public static int validateUserKind(final int kind, final Class<?> type) {
        if (kind < MIN_USER_KIND || kind > MAX_USER_KIND) {
            throw new IllegalArgumentException("kind out of range for a user type: type=" + type.getName() +
                ", kind=" + kind + ", expected " + MIN_USER_KIND + ".." + MAX_USER_KIND +
                " (200-255 are reserved for Orbit's substrates)");
        }
        return kind;
    }
}
