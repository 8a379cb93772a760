package dev.orbit.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.orbit.fleet.Fleet;
import dev.orbit.fleet.Member;
import dev.orbit.fleet.MemberState;
import dev.orbit.fleet.MembersReader;
import dev.orbit.internal.shm.Processes;
import dev.orbit.internal.shm.SegmentNames;
import dev.orbit.internal.shm.SegmentOptions;
import dev.orbit.shm.AccessMode;
import dev.orbit.testsupport.Await;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README's one command, end to end: {@code ./orbit-sample} starts a 3-process fleet; a real headless Chromium
 * opens one member's dashboard, sees the 3 members alive, and sees an event posted to another member appear
 * without a reload; then the signal Ctrl-C sends stops the script, which stops every sibling gracefully, so
 * their membership slots are free in the fleet's members segment.
 */
class DashboardBrowserIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void shouldShowLiveFleetInBrowserAndFreeEverySlotOnCtrlC() throws Exception {
        Optional<Path> chromium = HeadlessChromium.find();
        assumeTrue(chromium.isPresent(), "no chromium binary on the PATH (Debian: apt-get install -y chromium); "
                + "CI installs it, so this test runs there");
        String fleetName = SampleFleet.uniqueName("browser");
        Path logs = SampleFleet.logDirectory(fleetName);
        int basePort = SampleScript.freePortRange(3);
        try (SampleScript launcher = SampleScript.start(logs, "--count", "3", "--base-port", String.valueOf(basePort),
                "--fleet", fleetName)) {
            Map<Integer, SampleScript.Node> nodes = launcher.awaitReady();
            assertThat(nodes).as("dashboard URLs printed by the launcher: %s", launcher.output()).hasSize(3);
            assertThat(launcher.output()).contains("  node on port " + basePort + " (pid " + nodes.get(basePort).pid()
                    + "): dashboard http://localhost:" + basePort + "/");

            watchDashboard(chromium.get(), basePort, logs);

            launcher.stop("All siblings stopped. Segments stay in the fleet directory for the next run.");
            assertEveryFormerMemberLeft(fleetName, nodes.size());
        }
        finally {
            Fleet.unlink(Fleet.defaultDirectory(), fleetName, true);
        }
    }

    private static void watchDashboard(Path chromium, int basePort, Path logs) throws Exception {
        String page = "http://localhost:" + (basePort + 1) + "/";
        try (HeadlessChromium browser = HeadlessChromium.open(chromium, page, logs.resolve("chromium.log"))) {
            Await.value(TIMEOUT, () -> browser
                .evaluate("document.querySelectorAll('#members tr.member[data-health=\"alive\"]').length")
                .asInt() == 3, Boolean.TRUE::equals, "3 alive members on the dashboard");
            double loadedAt = browser.evaluate("window.orbitDashboard.loadedAt").asDouble();
            int polls = browser.evaluate("window.orbitDashboard.polls").asInt();
            assertThat(browser.evaluate("document.querySelectorAll('#rings tr.ring').length").asInt())
                .as("rings on the dashboard").isGreaterThanOrEqualTo(4);

            String text = "hello from the browser test " + ThreadLocalRandom.current().nextLong(1_000_000_000L);
            JsonNode published = Http.postJson("http://127.0.0.1:" + (basePort + 2) + "/api/events",
                    Map.of("text", text));
            assertThat(published.path("id").isNull()).isFalse();
            String textLiteral = Http.JSON.writeValueAsString(text);
            Await.value(TIMEOUT,
                    () -> browser.evaluate("Array.from(document.querySelectorAll('#events li.event .text'))"
                            + ".some(function (e) { return e.textContent === " + textLiteral + "; })").asBoolean(),
                    Boolean.TRUE::equals, "the event posted to another member to appear on the dashboard");

            assertThat(browser.evaluate("window.orbitDashboard.loadedAt").asDouble()).as("page not reloaded")
                .isEqualTo(loadedAt);
            assertThat(browser.evaluate("window.orbitDashboard.polls").asInt()).as("updates while watching")
                .isGreaterThan(polls);
            assertThat(browser.evaluate("document.getElementById('status').textContent").asString())
                .startsWith("live");
        }
    }

    /**
     * Reads the fleet's members segment through a read-only mapping (no slot taken, nothing written): every
     * former member's slot must be FREE, as a clean {@code close()} leaves it, not LIVE or GONE.
     */
    private static void assertEveryFormerMemberLeft(String fleetName, int count) {
        Path file = SegmentNames.membersFile(Fleet.defaultDirectory(), fleetName, AccessMode.OWNER,
                Processes.currentUid());
        try (MembersReader reader = MembersReader.attach(file, fleetName, SegmentOptions.defaults(),
                SystemEpochClock.INSTANCE)) {
            List<Member> members = reader.members();
            assertThat(members).as("slots ever claimed in %s", file).hasSize(count);
            assertThat(members).allSatisfy((member) -> assertThat(member.state()).isEqualTo(MemberState.FREE));
        }
    }

}
