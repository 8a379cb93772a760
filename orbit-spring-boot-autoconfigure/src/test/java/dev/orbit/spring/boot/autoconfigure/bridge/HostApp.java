package dev.orbit.spring.boot.autoconfigure.bridge;

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

import dev.orbit.redis.RedisBridge;
import dev.orbit.spring.event.OrbitTemplate;
import dev.orbit.spring.claim.Claimed;
import dev.orbit.spring.listener.OrbitListener;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application of a fleet that spans hosts, run in its own JVM by {@link AcrossHostsProcessTests}. It
 * reads one command per line on stdin and answers each with one line starting with {@code ">> "} on stdout.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableCaching
public class HostApp {

    /** Prefix of every answer line. */
    static final String ANSWER = ">> ";

    @Bean
    Services services(@Value("${orbit.fleet.label}") String label) {
        return new Services(label);
    }

    public static void main(String[] args) throws Exception {
        SpringApplication application = new SpringApplication(HostApp.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (ConfigurableApplicationContext context = application.run(args)) {
            Services services = context.getBean(Services.class);
            OrbitTemplate template = context.getBean(OrbitTemplate.class);
            RedisBridge bridge = context.getBean(RedisBridge.class);
            out.println(ANSWER + "READY " + bridge.hostId() + " " + ProcessHandle.current().pid());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                String[] command = line.trim().split(" ");
                try {
                    String answer = switch (command[0]) {
                        case "connected" -> String.valueOf(bridge.isConnected());
                        case "hosts" -> String.join(",", bridge.hosts(java.time.Duration.ofSeconds(5))
                            .stream()
                            .filter((h) -> h.state() == dev.orbit.fleet.PeerState.ALIVE)
                            .map((h) -> h.hostId() + "=" + h.members().size())
                            .sorted()
                            .toList());
                        case "quote" -> services.quote(command[1]) + " " + services.computations();
                        case "publish" -> String.valueOf(template.publish(command[1], command[2]));
                        case "received" -> String.join("|", services.received());
                        case "lead" -> {
                            services.leadInBackground(services, Path.of(command[1]));
                            yield "started";
                        }
                        case "skips" -> String.valueOf(services.skips());
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

    public static class Services {

        final String label;

        final AtomicInteger computations = new AtomicInteger();

        final AtomicInteger skips = new AtomicInteger();

        final List<String> received = new CopyOnWriteArrayList<>();

        Services(String label) {
            this.label = label;
        }

        /**
         * A quote computed once across the fleet: a fleet-scoped cache with a single flight across hosts.
         *
         * @param symbol a symbol.
         * @return the quote, naming where it was computed.
         * @throws InterruptedException when interrupted.
         */
        @Cacheable(cacheNames = "quotes", sync = true)
        public String quote(String symbol) throws InterruptedException {
            this.computations.incrementAndGet();
            Thread.sleep(300); // a slow computation: the others must wait for it, on every host
            return symbol + "@" + this.label;
        }

        public int computations() {
            return this.computations.get();
        }

        public List<String> received() {
            return this.received;
        }

        public int skips() {
            return this.skips.get();
        }

        @OrbitListener(topics = "news")
        public void onNews(String text) {
            this.received.add(text);
        }

        /**
         * The fleet's one leader: runs until this process dies, holding the claim (renewed while it runs).
         *
         * @param directory where each entry leaves a marker naming this process.
         * @return never while the process lives.
         * @throws IOException when the marker cannot be written.
         */
        @Claimed(value = "leader", ttl = "3s")
        public Boolean lead(Path directory) throws IOException {
            Files.writeString(directory.resolve("entered-" + this.label), this.label);
            while (true) {
                LockSupport.parkNanos(50_000_000);
            }
        }

        /**
         * @param proxy     this bean's proxy (so the claim applies).
         * @param directory where markers go.
         */
        public void leadInBackground(Services proxy, Path directory) {
            Thread loop = new Thread(() -> {
                while (true) {
                    try {
                        if (proxy.lead(directory) == null) {
                            this.skips.incrementAndGet();
                        }
                    }
                    catch (IOException | RuntimeException ex) {
                        this.skips.incrementAndGet();
                    }
                    LockSupport.parkNanos(50_000_000);
                }
            }, "leader-loop");
            loop.setDaemon(true);
            loop.start();
        }

    }

}
