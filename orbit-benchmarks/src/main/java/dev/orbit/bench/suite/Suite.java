package dev.orbit.bench.suite;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import dev.orbit.bench.support.Hazelcasts;
import dev.orbit.bench.support.RedisServer;
import dev.orbit.bench.support.ResultFile;
import dev.orbit.bench.xproc.BridgeThroughput;
import dev.orbit.bench.xproc.CrossHostListenerDelivery;
import dev.orbit.bench.xproc.CrossHostPingPong;
import dev.orbit.bench.xproc.FleetTakeover;
import dev.orbit.bench.xproc.HazelcastTopicDelivery;
import dev.orbit.bench.xproc.ListenerDelivery;
import dev.orbit.bench.xproc.PingPong;
import dev.orbit.bench.xproc.StartToFirstOp;
import dev.orbit.bench.xproc.Takeover;
import dev.orbit.bench.xproc.UnixSocketWake;
import dev.orbit.bench.xproc.WriterScaling;
import dev.orbit.testsupport.ChildJvm;

/**
 * The whole benchmark suite in one run: starts a local redis-server (when the binary is there), runs every
 * JMH benchmark, runs the cross-process mains in their own JVMs, writes raw results under the output
 * directory and prints one markdown table.
 * <p>
 * {@code java -cp benchmarks.jar dev.orbit.bench.suite.Suite [--smoke] [--out DIR] [--no-redis]
 * [--include REGEX] [--hazelcast-only]}
 * <p>
 * {@code --hazelcast-only} runs only the Hazelcast column and the Orbit rows it is compared with (about 10 minutes).
 */
public final class Suite {

    /** JMH benchmarks that need the local redis-server. */
    public static final String REDIS_BENCHMARKS =
        "dev\\.orbit\\.bench\\.(.*(RedisGetBenchmark|ShedLockClaimBenchmark)|hosts\\..*)\\..*";

    private static final String ALL_BENCHMARKS = "dev\\.orbit\\.bench\\..*Benchmark\\..*";

    /** JMH benchmarks of the Hazelcast column and the Orbit and Caffeine rows beside it. */
    static final String HAZELCAST_BENCHMARKS = "dev\\.orbit\\.bench\\.(cache\\.(OrbitCacheGetBenchmark|CaffeineGetBenchmark)\\.getHit|" +
        "cache\\.HazelcastGetBenchmark\\..*|contest\\.(OrbitClaimBenchmark|HazelcastLockBenchmark)\\..*)$";

    private Suite() {
    }

    /**
     * @param args command-line options.
     * @throws Exception on failure.
     */
    public static void main(final String[] args) throws Exception {
        boolean smoke = false;
        boolean redis = true;
        boolean hazelcastOnly = false;
        Path out = null;
        String include = ALL_BENCHMARKS;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke":
                    smoke = true;
                    break;
                case "--no-redis":
                    redis = false;
                    break;
                case "--out":
                    out = Path.of(args[++i]);
                    break;
                case "--include":
                    include = args[++i];
                    break;
                case "--hazelcast-only":
                    hazelcastOnly = true;
                    break;
                default:
                    throw new IllegalArgumentException("unknown option: " + args[i] +
                        " (expected --smoke, --no-redis, --out DIR, --include REGEX, --hazelcast-only)");
            }
        }
        if (out == null) {
            out = Path.of("results", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd_HHmmss")) +
                (smoke ? "-smoke" : ""));
        }
        final int failures = hazelcastOnly ? runHazelcastColumn(smoke, out) : run(smoke, redis, out, include);
        System.exit(failures == 0 ? 0 : 1);
    }

    /**
     * Runs the suite.
     *
     * @param smoke   tiny iterations, to prove everything runs.
     * @param redis   start a local redis-server for the comparison rows (skipped when the binary is missing).
     * @param out     result directory.
     * @param include JMH include pattern.
     * @return parts that failed.
     * @throws IOException when results cannot be written.
     */
    public static int run(final boolean smoke, final boolean redis, final Path out, final String include) throws IOException {
        Files.createDirectories(out);
        final long started = System.nanoTime();
        final Results results = new Results(smoke);
        final List<String> failures = new ArrayList<>();
        RedisServer server = null;
        String redisVersion = "not used";
        if (!redis) {
            results.skip("redis", "--no-redis given");
        }
        else if (RedisServer.binary().isEmpty()) {
            results.skip("redis", "no redis-server on PATH");
        }
        else {
            server = RedisServer.start(out.resolve("redis-server.txt"));
            redisVersion = RedisServer.version();
            progress("redis-server started on " + RedisServer.HOST + ":" + server.port());
        }
        final List<String> machine = Machine.describe(redisVersion);
        try {
            final int redisPort = server == null ? 0 : server.port();
            runJmh(smoke, redisPort, out, include, results, failures);
            runCrossProcess(smoke, redisPort, out, results, failures);
        }
        finally {
            if (server != null) {
                server.close();
                progress("redis-server stopped");
            }
        }
        final String table = Table.render(results, machine) +
            (failures.isEmpty() ? "" : "\nFailed parts: " + failures + "\n");
        Files.writeString(out.resolve("table.md"), table, StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(table);
        progress(String.format("done in %d s; raw results in %s", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started),
            out.toAbsolutePath()));
        return failures.size();
    }

    /**
     * Runs only the Hazelcast column and the Orbit rows it is compared with, and prints the table (the other rows
     * n/a).
     *
     * @param smoke tiny iterations.
     * @param out   result directory.
     * @return parts that failed.
     * @throws IOException when results cannot be written.
     */
    public static int runHazelcastColumn(final boolean smoke, final Path out) throws IOException {
        Files.createDirectories(out);
        final long started = System.nanoTime();
        final Results results = new Results(smoke);
        final List<String> failures = new ArrayList<>();
        results.skip("redis", "--hazelcast-only given");
        final List<String> machine = Machine.describe("not used");
        runJmh(smoke, 0, out, HAZELCAST_BENCHMARKS, results, failures);
        final String pingWarmup = smoke ? "1000" : "200000";
        final String pingCount = smoke ? "5000" : "1000000";
        crossProcess("pingpong-orbit-cache", PingPong.class, List.of(),
            List.of("transport=orbit-cache", "warmup=" + pingWarmup, "count=" + pingCount), out, results, failures);
        crossProcess("listener-wake-up-1ms", ListenerDelivery.class, List.of(), List.of("idle=WAKE_UP",
            "warmup=" + (smoke ? 50 : 1000), "count=" + (smoke ? 200 : 10000), "spacingMicros=1000",
            "idleSeconds=" + (smoke ? 1 : 10), "tag=1ms"), out, results, failures);
        crossProcess("listener-wake-up-10ms", ListenerDelivery.class, List.of(), List.of("idle=WAKE_UP",
            "warmup=" + (smoke ? 20 : 200), "count=" + (smoke ? 50 : 2000), "spacingMicros=10000",
            "idleSeconds=" + (smoke ? 1 : 5), "tag=10ms"), out, results, failures);
        hazelcast(smoke, out, results, failures);
        final String table = Table.render(results, machine) +
            (failures.isEmpty() ? "" : "\nFailed parts: " + failures + "\n");
        Files.writeString(out.resolve("table.md"), table, StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(table);
        progress(String.format("done in %d s; raw results in %s", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started),
            out.toAbsolutePath()));
        return failures.size();
    }

    /**
     * The JMH options of a run.
     *
     * @param smoke     one fork, one 100 ms warm-up and one 100 ms measurement iteration.
     * @param redisPort port of the local redis-server, or 0 to leave the Redis benchmarks out.
     * @param include   include pattern.
     * @return the options builder.
     */
    public static ChainedOptionsBuilder jmhOptions(final boolean smoke, final int redisPort, final String include) {
        final ChainedOptionsBuilder options = new OptionsBuilder().include(include).shouldDoGC(true)
            .addProfiler(GCProfiler.class);
        if (redisPort == 0) {
            options.exclude(REDIS_BENCHMARKS);
        }
        else {
            options.param("redisPort", Integer.toString(redisPort));
        }
        if (smoke) {
            options.forks(1).warmupIterations(1).warmupTime(TimeValue.milliseconds(100))
                .measurementIterations(1).measurementTime(TimeValue.milliseconds(100));
        }
        return options;
    }

    private static void runJmh(final boolean smoke, final int redisPort, final Path out, final String include,
        final Results results, final List<String> failures) throws IOException {
        progress("JMH: " + (smoke ? "smoke iterations" : "full iterations (about 25 minutes on 2 cores)") + "; log in " +
            out.resolve("jmh-output.txt"));
        try (OutputStream log = Files.newOutputStream(out.resolve("jmh-output.txt"));
             PrintStream jmhOut = new PrintStream(new ProgressFilter(log), true, StandardCharsets.UTF_8)) {
            final Runner runner = new Runner(jmhOptions(smoke, redisPort, include)
                .resultFormat(ResultFormatType.JSON)
                .result(out.resolve("jmh.json").toString())
                .build(), OutputFormatFactory.createFormatInstance(jmhOut, VerboseMode.NORMAL));
            final Collection<RunResult> runs = runner.run();
            results.addJmh(runs);
            if (runs.isEmpty()) {
                failures.add("jmh: no results");
            }
        }
        catch (final RunnerException e) {
            failures.add("jmh: " + e.getMessage());
            System.err.println("JMH failed: " + e);
        }
    }

    private static void runCrossProcess(final boolean smoke, final int redisPort, final Path out,
        final Results results, final List<String> failures) {
        final String pingWarmup = smoke ? "1000" : "200000";
        final String pingCount = smoke ? "5000" : "1000000";
        crossProcess("pingpong-orbit-ring", PingPong.class, List.of(),
            List.of("transport=orbit-ring", "warmup=" + pingWarmup, "count=" + pingCount), out, results, failures);
        crossProcess("pingpong-agrona-broadcast", PingPong.class, PingPong.AGRONA_EXPORTS,
            List.of("transport=agrona-broadcast", "warmup=" + pingWarmup, "count=" + pingCount), out, results, failures);
        crossProcess("pingpong-orbit-cache", PingPong.class, List.of(),
            List.of("transport=orbit-cache", "warmup=" + pingWarmup, "count=" + pingCount), out, results, failures);
        if (redisPort != 0) {
            crossProcess("pingpong-redis", PingPong.class, List.of(), List.of("transport=redis", "warmup=" +
                (smoke ? "100" : "2000"), "count=" + (smoke ? "500" : "20000"), "redisPort=" + redisPort), out, results, failures);
        }
        crossProcess("takeover-orbit", Takeover.class, List.of(),
            List.of("impl=orbit", "rounds=" + (smoke ? 1 : 10)), out, results, failures);
        if (redisPort != 0) {
            crossProcess("takeover-shedlock", Takeover.class, List.of(), List.of("impl=shedlock", "rounds=" + (smoke ? 1 : 3),
                "lockAtMostForMs=" + (smoke ? 500 : 2000), "redisPort=" + redisPort), out, results, failures);
        }
        if (redisPort != 0) {
            for (final String transport : List.of("redis-streams", "redis-pubsub", "orbit-bridge")) {
                crossProcess("crosshost-" + transport, CrossHostPingPong.class, List.of(), List.of("transport=" + transport,
                    "warmup=" + (smoke ? 50 : 5000), "count=" + (smoke ? 200 : 50_000), "redisPort=" + redisPort), out,
                    results, failures);
            }
            crossProcess("bridge-throughput", BridgeThroughput.class, List.of(), List.of("count=" + (smoke ? 5000 : 500_000),
                "redisPort=" + redisPort), out, results, failures);
            crossProcess("takeover-orbit-fleet", FleetTakeover.class, List.of(), List.of("rounds=" + (smoke ? 1 : 10),
                "redisPort=" + redisPort), out, results, failures);
        }
        if (redisPort != 0) {
            crossHostListeners(smoke, redisPort, out, results, failures);
        }
        crossProcess("listener-wake-up-1ms", ListenerDelivery.class, List.of(), List.of("idle=WAKE_UP",
            "warmup=" + (smoke ? 50 : 1000), "count=" + (smoke ? 200 : 10000), "spacingMicros=1000",
            "idleSeconds=" + (smoke ? 1 : 60), "tag=1ms"), out, results, failures);
        crossProcess("listener-wake-up-10ms", ListenerDelivery.class, List.of(), List.of("idle=WAKE_UP",
            "warmup=" + (smoke ? 20 : 200), "count=" + (smoke ? 50 : 2000), "spacingMicros=10000",
            "idleSeconds=" + (smoke ? 1 : 5), "tag=10ms"), out, results, failures);
        crossProcess("listener-backoff", ListenerDelivery.class, List.of(), List.of("idle=BACKOFF",
            "warmup=" + (smoke ? 50 : 500), "count=" + (smoke ? 200 : 5000), "spacingMicros=1000",
            "idleSeconds=" + (smoke ? 1 : 5)), out, results, failures);
        crossProcess("listener-busy-spin", ListenerDelivery.class, List.of(), List.of("idle=BUSY_SPIN",
            "warmup=" + (smoke ? 200 : 5000), "count=" + (smoke ? 1000 : 50000), "spacingMicros=200",
            "idleSeconds=" + (smoke ? 1 : 2)), out, results, failures);
        for (final int spacing : List.of(1000, 10_000)) {
            crossProcess("unix-socket-wake-" + spacing / 1000 + "ms", UnixSocketWake.class, List.of(), List.of(
                "warmup=" + (smoke ? 20 : spacing == 1000 ? 1000 : 200), "count=" + (smoke ? 50 : spacing == 1000 ? 10_000 : 2000),
                "spacingMicros=" + spacing, "tag=" + spacing / 1000 + "ms"), out, results, failures);
        }
        hazelcast(smoke, out, results, failures);
        crossProcess("writers", WriterScaling.class, List.of(), List.of("maxProcs=" + (smoke ? 2 : 4),
            "warmupMs=" + (smoke ? 100 : 1000), "durationMs=" + (smoke ? 200 : 2000)), out, results, failures);
    }

    /**
     * {@code @OrbitListener} across hosts beside Spring Data Redis's {@code StreamMessageListenerContainer}: 1 event/ms
     * and bursts of 1,000 a second apart, each pair back to back.
     */
    private static void crossHostListeners(final boolean smoke, final int redisPort, final Path out, final Results results,
        final List<String> failures) {
        for (final boolean burst : new boolean[] {false, true}) {
            for (final String impl : List.of("orbit", "streams")) {
                crossProcess("xhost-listener-" + impl + (burst ? "-burst" : "-1ms"), CrossHostListenerDelivery.class, List.of(),
                    List.of("impl=" + impl, "spacingMicros=" + (burst ? 0 : 1000), "burst=" + (smoke ? 100 : 1000),
                        "burstGapMs=" + (smoke ? 200 : 1000),
                        "warmup=" + (smoke ? 100 : burst ? 2000 : 3000), "count=" + (smoke ? 200 : burst ? 5000 : 10_000),
                        "redisPort=" + redisPort), out, results, failures);
            }
        }
    }

    /**
     * The Hazelcast 5.6 column (embedded members on loopback): put seen in another JVM, topic delivery at the
     * listener rows' spacings, and start to first operation with Orbit's figure from the same run.
     */
    private static void hazelcast(final boolean smoke, final Path out, final Results results, final List<String> failures) {
        crossProcess("pingpong-hazelcast", PingPong.class, Hazelcasts.JVM_OPTIONS, List.of("transport=hazelcast",
            "warmup=" + (smoke ? "100" : "2000"), "count=" + (smoke ? "500" : "20000")), out, results, failures);
        crossProcess("topic-hazelcast-1ms", HazelcastTopicDelivery.class, Hazelcasts.JVM_OPTIONS, List.of(
            "warmup=" + (smoke ? 50 : 1000), "count=" + (smoke ? 200 : 10000), "spacingMicros=1000",
            "idleSeconds=" + (smoke ? 1 : 10), "tag=1ms"), out, results, failures);
        crossProcess("topic-hazelcast-10ms", HazelcastTopicDelivery.class, Hazelcasts.JVM_OPTIONS, List.of(
            "warmup=" + (smoke ? 20 : 200), "count=" + (smoke ? 50 : 2000), "spacingMicros=10000",
            "idleSeconds=" + (smoke ? 1 : 5), "tag=10ms"), out, results, failures);
        for (final String impl : List.of("orbit", "hazelcast")) {
            crossProcess("start-" + impl, StartToFirstOp.class, impl.equals("hazelcast") ? Hazelcasts.JVM_OPTIONS : List.of(),
                List.of("impl=" + impl,
                "rounds=" + (smoke ? 1 : 5)), out, results, failures);
        }
    }

    private static void crossProcess(final String name, final Class<?> main, final List<String> jvmArgs,
        final List<String> args, final Path out, final Results results, final List<String> failures) {
        progress("cross-process: " + name);
        final List<String> allArgs = new ArrayList<>(args);
        allArgs.add("out=" + out.toAbsolutePath());
        final List<String> allJvmArgs = new ArrayList<>(List.of("-Xmx512m"));
        allJvmArgs.addAll(jvmArgs);
        try (ChildJvm child = ChildJvm.of(main).jvmOptions(allJvmArgs).args(allArgs).start()) {
            final int exit = child.awaitExit(Duration.ofMinutes(10));
            final Path file = out.resolve(name + ".properties");
            if (exit != 0 || !Files.exists(file)) {
                failures.add(name + ": exitValue=" + exit);
                return;
            }
            final Map<String, String> values = ResultFile.read(file);
            results.putXproc(name, values);
        }
        catch (final RuntimeException e) {
            failures.add(name + ": " + e.getMessage());
            System.err.println(name + " failed: " + e);
        }
    }

    private static void progress(final String message) {
        System.out.println("[suite " + LocalDateTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + "] " + message);
    }

    /**
     * Copies all of JMH's output to the log and echoes one line per benchmark (and any failure) to the console.
     */
    private static final class ProgressFilter extends OutputStream {
        private final OutputStream log;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private String benchmark = "";

        ProgressFilter(final OutputStream log) {
            this.log = log;
        }

        @Override
        public void write(final int b) throws IOException {
            log.write(b);
            if (b == '\n') {
                echo(line.toString(StandardCharsets.UTF_8));
                line.reset();
            }
            else {
                line.write(b);
            }
        }

        private void echo(final String text) {
            if (text.startsWith("# Benchmark: ")) {
                benchmark = text.substring("# Benchmark: ".length()).replace("dev.orbit.bench.", "");
            }
            else if (text.startsWith("# Parameters: ")) {
                benchmark += " " + text.substring("# Parameters: ".length());
            }
            else if (text.startsWith("# Run progress:")) {
                progress("JMH " + text.substring(2));
            }
            else if (text.startsWith("# Warmup Iteration") && !benchmark.isEmpty()) {
                progress("  " + benchmark);
                benchmark = "";
            }
            else if (text.contains("<failure>") || text.contains("Exception")) {
                progress("  " + text);
            }
        }

        @Override
        public void flush() throws IOException {
            log.flush();
        }
    }
}
