package dev.orbit.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Pattern NODE_LINE = Pattern.compile("node on port (\\d+) \\(pid (\\d+)\\)");

    @Test
    void shouldShowLiveFleetInBrowserAndFreeEverySlotOnCtrlC() throws Exception {
        Optional<Path> chromium = HeadlessChromium.find();
        assumeTrue(chromium.isPresent(), "no chromium binary on the PATH (Debian: apt-get install -y chromium); "
                + "CI installs it, so this test runs there");
        Path jar = SampleFleet.jar();
        Path script = Path.of(System.getProperty("sample.root", "..")).resolve("orbit-sample").toAbsolutePath();
        String fleetName = SampleFleet.uniqueName("browser");
        Path logs = SampleFleet.logDirectory(fleetName);
        int basePort = freePortRange(3);

        ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), "--no-build", "--jar", jar.toString(),
                "--count", "3", "--base-port", String.valueOf(basePort), "--fleet", fleetName)
            .redirectErrorStream(true);
        builder.environment().put("JAVA_OPTS", String.join(" ", SampleFleet.LIGHT_JVM));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process launcher = builder.start();
        List<String> output = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> copyLines(launcher, output, logs.resolve("launcher.log")), "launcher-output");
        reader.setDaemon(true);
        reader.start();
        Map<Integer, Long> pids = new HashMap<>();
        try {
            Await.value(SampleFleet.STARTUP, () -> {
                if (!launcher.isAlive()) {
                    throw new IllegalStateException("launcher exited with " + launcher.exitValue() + ": " + output);
                }
                return output.contains("READY");
            }, Boolean.TRUE::equals, "the launcher to print READY");
            for (String line : output) {
                Matcher matcher = NODE_LINE.matcher(line);
                if (matcher.find()) {
                    pids.put(Integer.parseInt(matcher.group(1)), Long.parseLong(matcher.group(2)));
                }
            }
            assertThat(pids).as("dashboard URLs printed by the launcher: %s", output).hasSize(3);
            assertThat(output).contains("  node on port " + basePort + " (pid " + pids.get(basePort)
                    + "): dashboard http://localhost:" + basePort + "/");

            watchDashboard(chromium.get(), basePort, logs);

            // What Ctrl-C in a terminal sends; SIGTERM where this JVM was started with SIGINT ignored (then the
            // script inherits the ignore and bash cannot trap it). The script traps both the same way.
            String signal = sigintIgnored() ? "-TERM" : "-INT";
            System.out.println("stopping the launcher with kill " + signal);
            assertThat(new ProcessBuilder("kill", signal, String.valueOf(launcher.pid())).start().waitFor())
                .isZero();
            assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).as("launcher stops after kill %s", signal).isTrue();
            for (long pid : pids.values()) {
                Await.value(TIMEOUT, () -> ProcessHandle.of(pid).map((p) -> !p.isAlive()).orElse(true),
                        Boolean.TRUE::equals, "sibling pid " + pid + " to exit");
            }
            // The launcher has exited, but the thread copying its output may not have read the last line yet.
            String stopped = "All siblings stopped. Segments stay in the fleet directory for the next run.";
            Await.until(TIMEOUT, () -> output.contains(stopped), () -> "the launcher's last line in " + output);
            assertEveryFormerMemberLeft(fleetName, pids.size());
        }
        finally {
            launcher.destroyForcibly();
            pids.values().forEach((pid) -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            launcher.waitFor(10, TimeUnit.SECONDS);
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

    private static boolean sigintIgnored() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
            if (line.startsWith("SigIgn:")) {
                long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
                return (mask & (1L << (2 - 1))) != 0;
            }
        }
        return false;
    }

    private static int freePortRange(int count) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 60_000);
            List<ServerSocket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < count; i++) {
                    sockets.add(new ServerSocket(base + i));
                }
                return base;
            }
            catch (IOException ex) {
                // in use: try another range
            }
            finally {
                for (ServerSocket socket : sockets) {
                    socket.close();
                }
            }
        }
        throw new IOException("no " + count + " consecutive free ports found");
    }

    private static void copyLines(Process process, List<String> lines, Path log) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
                Files.writeString(log, line + System.lineSeparator(), StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            }
        }
        catch (IOException ex) {
            lines.add("(output lost: " + ex + ")");
        }
    }

}
