package dev.orbit.spring.boot.autoconfigure.crossprocess;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import dev.orbit.fleet.Fleet;
import dev.orbit.spring.boot.autoconfigure.OrbitTemplate;
import dev.orbit.spring.boot.autoconfigure.claim.Claimed;
import dev.orbit.spring.boot.autoconfigure.listener.OrbitListener;

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

        public List<String> received() {
            return this.received;
        }

        public int violations() {
            return this.violations.get();
        }

    }

}
