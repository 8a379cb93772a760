package dev.orbit.spring.boot.autoconfigure.crossprocess;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import dev.orbit.fleet.Fleet;
import dev.orbit.spring.claim.Claimed;
import dev.orbit.spring.event.OrbitTemplate;
import dev.orbit.spring.listener.OrbitListener;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A sibling application for {@link CrossProcessTests}, run in its own JVM. It reads one command per line on
 * stdin and answers each with one line starting with {@code ">> "} on stdout.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableCaching
public class SiblingApp {

    /** Prefix of every answer line. */
    static final String ANSWER = ">> ";

    @Bean
    Services services() {
        return new Services();
    }

    public static void main(String[] args) throws Exception {
        SpringApplication application = new SpringApplication(SiblingApp.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (ConfigurableApplicationContext context = application.run(args)) {
            Services services = context.getBean(Services.class);
            Cache books = context.getBean(CacheManager.class).getCache("books");
            OrbitTemplate template = context.getBean(OrbitTemplate.class);
            out.println(ANSWER + "READY " + context.getBean(Fleet.class).nodeId());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                String[] command = line.trim().split(" ");
                try {
                    String answer = switch (command[0]) {
                        case "book" -> services.book(command[1]) + " " + services.bookComputations();
                        case "computations" -> String.valueOf(services.bookComputations());
                        case "evict" -> {
                            services.evict(command[1]);
                            yield "ok";
                        }
                        case "peek" -> {
                            Cache.ValueWrapper hit = books.get(command[1]);
                            yield (hit != null) ? "hit " + hit.get() : "miss";
                        }
                        case "publish" -> String.valueOf(template.publish(command[1], command[2]));
                        case "received" -> String.join("|", services.received());
                        case "exclusive" -> exclusiveLoop(services, Path.of(command[1]), Long.parseLong(command[2]));
                        case "slow" -> services.slow(command[1]) + " " + services.slowComputations();
                        case "aslow" -> services.asyncSlow(command[1]).get(60, TimeUnit.SECONDS) + " "
                                + services.asyncSlowComputations();
                        case "race" -> {
                            Cache races = context.getBean(CacheManager.class).getCache("races");
                            race(races, out, context.getBean(Fleet.class).nodeId(), Path.of(command[1]),
                                    Integer.parseInt(command[2]), command[3], Integer.parseInt(command[4]));
                            yield "armed";
                        }
                        case "exit" -> "bye";
                        default -> "unknown command " + line;
                    };
                    out.println(ANSWER + answer);
                }
                catch (Exception ex) {
                    out.println(ANSWER + "ERROR " + ex);
                }
                if (command[0].equals("exit")) {
                    break;
                }
            }
        }
    }

    /**
     * Starts {@code threads} threads that wait for the file {@code go}, then call {@code putIfAbsent} on every key
     * {@code prefix0 .. prefix(keys-1)} with their own value; prints one answer when all are done: per key
     * {@code key|values this process stored|values it found|how many found one}, keys separated by {@code ;}.
     */
    private static void race(Cache races, PrintStream out, int node, Path go, int threads, String prefix,
            int keys) {
        Map<String, List<String>> won = new ConcurrentHashMap<>();
        Map<String, List<String>> found = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            String me = node + "-" + t;
            Thread racer = new Thread(() -> {
                try {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (!Files.exists(go) && System.nanoTime() - deadline < 0) {
                        LockSupport.parkNanos(1_000_000);
                    }
                    for (int k = 0; k < keys; k++) {
                        String key = prefix + k;
                        Cache.ValueWrapper existing = races.putIfAbsent(key, me);
                        if (existing == null) {
                            won.computeIfAbsent(key, (x) -> new CopyOnWriteArrayList<>()).add(me);
                        }
                        else {
                            found.computeIfAbsent(key, (x) -> new CopyOnWriteArrayList<>())
                                .add(String.valueOf(existing.get()));
                        }
                    }
                }
                finally {
                    done.countDown();
                }
            }, "racer-" + me);
            racer.setDaemon(true);
            racer.start();
        }
        Thread reporter = new Thread(() -> {
            try {
                done.await();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
            StringBuilder report = new StringBuilder();
            for (int k = 0; k < keys; k++) {
                String key = prefix + k;
                List<String> seen = found.getOrDefault(key, List.of());
                report.append((k > 0) ? ";" : "").append(key).append('|')
                    .append(String.join(",", won.getOrDefault(key, List.of()))).append('|')
                    .append(String.join(",", new TreeSet<>(seen))).append('|').append(seen.size());
            }
            out.println(ANSWER + report);
        }, "race-reporter");
        reporter.setDaemon(true);
        reporter.start();
    }

    /**
     * Calls the claimed method through its proxy until {@code millis} passed.
     *
     * @return "ran skipped violations".
     */
    private static String exclusiveLoop(Services services, Path marker, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        int ran = 0;
        int skipped = 0;
        while (System.nanoTime() - deadline < 0) {
            if (services.exclusive(marker) != null) {
                ran++;
            }
            else {
                skipped++;
                LockSupport.parkNanos(2_000_000);
            }
        }
        return ran + " " + skipped + " " + services.violations();
    }

    public static class Services {

        final AtomicInteger bookComputations = new AtomicInteger();

        final AtomicInteger slowComputations = new AtomicInteger();

        final AtomicInteger asyncSlowComputations = new AtomicInteger();

        final List<String> received = new CopyOnWriteArrayList<>();

        private final AtomicInteger violations = new AtomicInteger();

        @Cacheable("books")
        public String book(String id) {
            this.bookComputations.incrementAndGet();
            return "title-" + id;
        }

        @CacheEvict("books")
        public void evict(String id) {
        }

        @Cacheable(cacheNames = "slow", sync = true)
        public String slow(String id) throws InterruptedException {
            this.slowComputations.incrementAndGet();
            Thread.sleep(500);
            return "slow-" + id;
        }

        @Cacheable(cacheNames = "aslow", sync = true)
        public CompletableFuture<String> asyncSlow(String id) {
            this.asyncSlowComputations.incrementAndGet();
            return CompletableFuture.supplyAsync(() -> "aslow-" + id,
                    CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS));
        }

        @OrbitListener(topics = "greetings")
        public void onGreeting(String greeting) {
            this.received.add(greeting);
        }

        /**
         * Runs while holding the claim: a marker file created exclusively proves nobody else is inside.
         *
         * @param marker the marker file.
         * @return true.
         * @throws InterruptedException when interrupted.
         */
        @Claimed("exclusive")
        public Boolean exclusive(Path marker) throws InterruptedException {
            try {
                Files.createFile(marker);
            }
            catch (IOException ex) {
                this.violations.incrementAndGet();
                return true;
            }
            try {
                Thread.sleep(10);
            }
            finally {
                try {
                    Files.delete(marker);
                }
                catch (IOException ex) {
                    this.violations.incrementAndGet();
                }
            }
            return true;
        }

        public int bookComputations() {
            return this.bookComputations.get();
        }

        public int slowComputations() {
            return this.slowComputations.get();
        }

        public int asyncSlowComputations() {
            return this.asyncSlowComputations.get();
        }

        public List<String> received() {
            return this.received;
        }

        public int violations() {
            return this.violations.get();
        }

    }

}
