package dev.orbit.stress;

import java.time.Duration;

import dev.orbit.fleet.Fleet;

/**
 * The test JVM's own handle on a child fleet, to watch heads, stats and membership.
 */
final class Observer {

    private Observer() {
    }

    static Fleet join(final ShmScope scope) {
        return scope.track(Fleet.builder()
            .name(scope.fleet())
            .size(64)
            .directory(ShmScope.SHM)
            .label("test-observer")
            .pendingTimeout(Duration.ofMillis(300))
            .joinShm());
    }
}
