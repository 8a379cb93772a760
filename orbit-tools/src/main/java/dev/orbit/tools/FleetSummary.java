package dev.orbit.tools;

/**
 * One line of {@code list}.
 *
 * @param name     the fleet name.
 * @param segments its segment files (lock files excluded).
 * @param live     members that hold a slot and are not gone.
 * @param total    members that hold a slot, gone ones included.
 * @param error    why its members could not be read, or null.
 */
record FleetSummary(String name, int segments, int live, int total, String error) {
}
