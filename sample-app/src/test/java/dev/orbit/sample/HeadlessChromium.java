package dev.orbit.sample;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;

import dev.orbit.testsupport.Await;

/**
 * A real headless Chromium (Debian's {@code chromium} package) driven over the DevTools protocol with the JDK's
 * own WebSocket client: opens one page and evaluates JavaScript in it while it keeps running, so a test can watch
 * a page update itself without a reload. No driver binary and no browser download.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final List<String> CANDIDATES = List.of("chromium", "chromium-browser", "google-chrome",
            "google-chrome-stable");

    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final Process process;

    private final Path profile;

    private final WebSocket socket;

    private final AtomicInteger ids = new AtomicInteger();

    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /**
     * @return the browser binary: {@code $CHROMIUM} if set, else the first of chromium, chromium-browser,
     *     google-chrome on the PATH.
     */
    static Optional<Path> find() {
        String explicit = System.getenv("CHROMIUM");
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(Path.of(explicit)).filter(Files::isExecutable);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String name : CANDIDATES) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Starts the browser on a page.
     *
     * @param binary the browser.
     * @param url    the page.
     * @param log    where the browser's output goes.
     * @return the browser, with its page attached.
     */
    static HeadlessChromium open(Path binary, String url, Path log) throws IOException {
        Path profile = Files.createTempDirectory("orbit-chromium-");
        Process process = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
                "--disable-dev-shm-usage", "--remote-debugging-port=0", "--remote-allow-origins=*",
                "--user-data-dir=" + profile, url)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        try {
            // Chromium writes its DevTools port, then the browser's path, into the profile once it listens.
            Path portFile = profile.resolve("DevToolsActivePort");
            int port = Await.value(STARTUP, () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("chromium exited with status " + process.exitValue()
                            + ": " + SampleFleet.tail(log, 20));
                }
                List<String> lines = Files.isRegularFile(portFile)
                        ? Files.readAllLines(portFile, StandardCharsets.UTF_8) : List.of();
                return (lines.size() >= 2) ? Integer.parseInt(lines.get(0).trim()) : -1;
            }, (p) -> p > 0, "Chromium's DevTools port in " + portFile);
            String pageSocket = Await.value(STARTUP, () -> {
                for (JsonNode target : Http.getJson("http://127.0.0.1:" + port + "/json/list")) {
                    if ("page".equals(target.path("type").asString())) {
                        return target.path("webSocketDebuggerUrl").asString();
                    }
                }
                return null;
            }, (ws) -> ws != null && !ws.isEmpty(), "the page target");
            Receiver receiver = new Receiver();
            WebSocket socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(pageSocket), receiver)
                .get(30, TimeUnit.SECONDS);
            HeadlessChromium chromium = new HeadlessChromium(process, profile, socket);
            receiver.owner = chromium;
            return chromium;
        }
        catch (Exception ex) {
            process.destroyForcibly();
            deleteRecursively(profile);
            throw (ex instanceof IOException io) ? io : new IOException("cannot drive chromium: " + ex, ex);
        }
    }

    /**
     * Evaluates an expression in the page.
     *
     * @param expression JavaScript; its value must be JSON-serialisable.
     * @return the value, as JSON.
     * @throws IllegalStateException when the expression threw.
     */
    JsonNode evaluate(String expression) throws Exception {
        int id = this.ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        this.pending.put(id, answer);
        String request = Http.JSON.writeValueAsString(Map.of("id", id, "method", "Runtime.evaluate", "params",
                Map.of("expression", expression, "returnByValue", true)));
        this.socket.sendText(request, true).get(10, TimeUnit.SECONDS);
        JsonNode response = answer.get(10, TimeUnit.SECONDS);
        JsonNode result = response.path("result");
        if (response.has("error") || result.has("exceptionDetails")) {
            throw new IllegalStateException("evaluating " + expression + " failed: " + response);
        }
        return result.path("result").path("value");
    }

    @Override
    public void close() {
        this.socket.abort();
        this.process.destroy();
        try {
            if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
                this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        this.process.descendants().forEach(ProcessHandle::destroyForcibly);
        deleteRecursively(this.profile);
    }

    private void received(String message) {
        JsonNode json = Http.JSON.readTree(message);
        if (json.has("id")) {
            CompletableFuture<JsonNode> answer = this.pending.remove(json.path("id").asInt());
            if (answer != null) {
                answer.complete(json);
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
        }
        catch (IOException ex) {
            // best effort: a temporary profile
        }
    }

    /** Collects (possibly fragmented) text messages and hands each whole one to the owner. */
    private static final class Receiver implements WebSocket.Listener {

        private final StringBuilder message = new StringBuilder();

        private volatile HeadlessChromium owner;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            this.message.append(data);
            if (last) {
                String whole = this.message.toString();
                this.message.setLength(0);
                HeadlessChromium chromium = this.owner;
                if (chromium != null) {
                    chromium.received(whole);
                }
            }
            webSocket.request(1);
            return null;
        }

    }

}
