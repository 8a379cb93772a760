package dev.orbit.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.orbit.testsupport.Await;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's quick start across hosts, end to end: {@code ./orbit-sample --hosts 2} starts a {@code redis-server}
 * of its own and two "hosts" (each its own fleet directory and host id) of two JVMs; every node's dashboard lists
 * both hosts with their members, a quote asked on one host is computed once and answered from the other host's
 * cache, an event posted on one host reaches all four nodes, and the signal Ctrl-C sends stops every node and the
 * Redis server. Needs {@code redis-server} on the PATH, as the launcher does (CI installs it).
 */
class SampleHostsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static final Pattern REDIS_LINE = Pattern.compile("redis-server on 127\\.0\\.0\\.1:(\\d+) \\(pid (\\d+)\\)");

    @Test
    void shouldRunTwoHostsOfTwoJvmsThroughItsOwnRedisAndStopThemAll() throws Exception {
        String fleetName = SampleFleet.uniqueName("hosts");
        Path logs = SampleFleet.logDirectory(fleetName);
        int basePort = SampleScript.freePortRange(5);
        try (SampleScript launcher = SampleScript.start(logs, "--hosts", "2", "--count", "2", "--base-port",
                String.valueOf(basePort), "--fleet", fleetName)) {
            Map<Integer, SampleScript.Node> nodes = launcher.awaitReady();
            assertThat(nodes.values()).as("node lines printed by the launcher: %s", launcher.output())
                .extracting(SampleScript.Node::host)
                .containsExactly("host-1", "host-1", "host-2", "host-2");
            long redisPid = redisPid(launcher.output());
            int redisPort = redisPort(launcher.output());

            for (SampleScript.Node node : nodes.values()) {
                Await.value(TIMEOUT, () -> membersPerHost(Http.getJson(node.url("/api/dashboard")).path("hosts")),
                        Map.of("host-1", 2, "host-2", 2)::equals, node + " to list both hosts with 2 members each");
            }

            List<SampleScript.Node> all = List.copyOf(nodes.values());
            String symbol = "H" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
            JsonNode first = Http.getJson(all.get(0).url("/api/quote/" + symbol));
            JsonNode fromOtherHost = Http.getJson(all.get(3).url("/api/quote/" + symbol));
            assertThat(fromOtherHost.path("quote")).as("the same quote on the other host").isEqualTo(first.path("quote"));
            long computations = 0;
            for (SampleScript.Node node : all) {
                computations += Http.getJson(node.url("/api/quote/stats")).path("computations").asLong();
            }
            assertThat(computations).as("computations of %s across both hosts", symbol).isEqualTo(1);

            String text = "across hosts " + UUID.randomUUID();
            Http.postJson(all.get(0).url("/api/events"), Map.of("text", text));
            for (SampleScript.Node node : all) {
                Await.value(TIMEOUT, () -> received(Http.getJson(node.url("/api/events/received")).path("received"),
                        text), Boolean.TRUE::equals, node + " to receive the event posted on host-1");
            }

            launcher.stop("redis-server on port " + redisPort + " stopped.");
            Await.value(TIMEOUT, () -> ProcessHandle.of(redisPid).map((p) -> !p.isAlive()).orElse(true),
                    Boolean.TRUE::equals, "the launcher's redis-server (pid " + redisPid + ") to exit");
        }
        finally {
            // The hosts' fleet directories and Redis's working directory; the nodes' logs stay for a failed run.
            Path launched = Path.of(System.getProperty("sample.root", "..")).resolve("sample-app/target/fleet")
                .resolve(fleetName);
            for (String directory : List.of("host-1", "host-2", "redis")) {
                deleteRecursively(launched.resolve(directory));
            }
        }
    }

    private static Map<String, Integer> membersPerHost(JsonNode hosts) {
        Map<String, Integer> members = new TreeMap<>();
        for (JsonNode host : hosts) {
            members.put(host.path("hostId").asString(), host.path("members").size());
        }
        return members;
    }

    private static boolean received(JsonNode entries, String text) {
        for (JsonNode entry : entries) {
            if (text.equals(entry.path("text").asString())) {
                return true;
            }
        }
        return false;
    }

    private static long redisPid(List<String> output) {
        return Long.parseLong(redisLine(output).group(2));
    }

    private static int redisPort(List<String> output) {
        return Integer.parseInt(redisLine(output).group(1));
    }

    private static Matcher redisLine(List<String> output) {
        for (String line : output) {
            Matcher matcher = REDIS_LINE.matcher(line);
            if (matcher.find()) {
                return matcher;
            }
        }
        throw new AssertionError("the launcher printed no redis-server line: " + output);
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

}
