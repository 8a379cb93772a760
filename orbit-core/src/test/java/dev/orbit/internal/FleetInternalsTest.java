package dev.orbit.internal;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.orbit.cache.OrbitCache;
import dev.orbit.fixtures.TestFleets;
import dev.orbit.fleet.Fleet;
import dev.orbit.fleet.HostFrameDescriptor;
import dev.orbit.internal.ring.Rings;
import dev.orbit.ring.Kinds;
import dev.orbit.ring.Poll;
import dev.orbit.ring.Ring;
import dev.orbit.ring.RingCursor;
import dev.orbit.ring.RingSpec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FleetInternalsTest {

    private final String name = TestFleets.uniqueName("internals");

    @AfterEach
    void cleanUp() {
        TestFleets.unlink(name);
    }

    @Test
    void shouldAttachAnotherProcessesCacheWithItsOwnSpecWithoutCreatingOne() {
        try (Fleet writer = Fleet.builder().name(name).joinShm(); Fleet bridge = Fleet.builder().name(name).joinShm()) {
            final FleetInternals internals = (FleetInternals)bridge;
            assertThat(internals.existingCache("prices")).isEmpty();
            assertThat(TestFleets.noFilesLeft(name)).isFalse();
            writer.cache("prices", RingSpec.of(64, 128)).put("k".getBytes(UTF_8), "v".getBytes(UTF_8));
            writer.cache("quotes");

            assertThat(internals.cacheNames()).containsExactly("prices", "quotes");
            final OrbitCache attached = internals.existingCache("prices").orElseThrow();
            assertThat(attached.get("k".getBytes(UTF_8))).hasValueSatisfying(v -> assertThat(v).isEqualTo("v".getBytes(UTF_8)));
            assertThat(internals.existingCache("missing")).isEmpty();
            assertThat(bridge.hosts(Duration.ofSeconds(5))).as("no bridge ring: no hosts").isEmpty();
            assertThat(internals.existingRing(Kinds.BRIDGE)).as("asking created nothing").isEmpty();

            final Ring ring = internals.substrateRing(Kinds.BRIDGE, HostFrameDescriptor.RING_SPEC, "bridge");
            assertThat(((FleetInternals)writer).existingRing(Kinds.BRIDGE)).get().extracting(Ring::spec)
                .isEqualTo(HostFrameDescriptor.RING_SPEC);
            assertThat(ring.name()).isEqualTo("bridge");
            assertThatThrownBy(() -> internals.substrateRing(7, RingSpec.DEFAULT, "user"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kind=7");
        }
    }

    @Test
    void shouldResumeAtACounterAndReportWhatWasOverwrittenWhenOpeningACursorThere() {
        try (Fleet fleet = Fleet.builder().name(name).join()) {
            final Ring ring = ((FleetInternals)fleet).substrateRing(Kinds.BRIDGE, RingSpec.of(16, 64), "bridge");
            for (int i = 0; i < 20; i++) {
                ring.publish(1, i, new byte[] {(byte)i});
            }
            final RingCursor resumed = Rings.cursorAt(ring, 10);
            final Poll poll = resumed.poll(100);
            assertThat(poll.frames()).extracting(f -> f.payload()[0]).containsExactly(
                (byte)10, (byte)11, (byte)12, (byte)13, (byte)14, (byte)15, (byte)16, (byte)17, (byte)18, (byte)19);
            final RingCursor behind = Rings.cursorAt(ring, 1);
            final Poll late = behind.poll(100);
            assertThat(late.loss().overwritten()).isEqualTo(3);
            assertThat(late.frames()).hasSize(16);
            assertThat(Rings.cursorAt(ring, 99).position()).isEqualTo(20);
        }
    }
}
