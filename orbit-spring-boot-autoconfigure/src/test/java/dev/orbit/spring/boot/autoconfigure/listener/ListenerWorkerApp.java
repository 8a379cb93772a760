package dev.orbit.spring.boot.autoconfigure.listener;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.orbit.fleet.Fleet;
import dev.orbit.spring.listener.OrbitListener;
import dev.orbit.spring.listener.OrbitListenerContainer;
import dev.orbit.spring.listener.OrbitListenerRegistry;
import dev.orbit.spring.listener.OrbitMessage;
import dev.orbit.spring.listener.SendTo;
import dev.orbit.testsupport.ChildJvm;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A fleet member for {@link ListenerProcessTests}, run in its own JVM: listeners with concurrency, retries and a
 * dead-letter topic, and a {@link SendTo} method. It reads one command per line on stdin and answers each with one
 * line starting with {@code ">> "} on stdout.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class ListenerWorkerApp {

    static final String ANSWER = ">> ";

    @Bean
    Work work() {
        return new Work();
    }

    public static void main(String[] args) throws Exception {
        ChildJvm.exitWithParent();
        SpringApplication application = new SpringApplication(ListenerWorkerApp.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (ConfigurableApplicationContext context = application.run(args)) {
            Work work = context.getBean(Work.class);
            OrbitListenerRegistry registry = context.getBean(OrbitListenerRegistry.class);
            out.println(ANSWER + "READY " + context.getBean(Fleet.class).nodeId());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.trim();
                String answer = switch (command) {
                    case "orders" -> work.ordersSummary();
                    case "jobs" -> {
                        OrbitListenerContainer jobs = registry.getListenerContainer("jobs");
                        yield jobs.getRetries() + " " + jobs.getFailures() + " " + jobs.getDeadLettered() + " "
                                + String.join(",", work.jobsDone);
                    }
                    case "exit" -> "bye";
                    default -> "unknown command " + command;
                };
                out.println(ANSWER + answer);
                if (command.equals("exit")) {
                    break;
                }
            }
        }
    }

    /**
     * The listeners.
     */
    static class Work {

        /** Sequence numbers received per publisher node, in processing order. */
        final Map<Integer, List<Integer>> orders = new ConcurrentHashMap<>();

        final Set<String> orderThreads = ConcurrentHashMap.newKeySet();

        final Map<String, Integer> jobAttempts = new ConcurrentHashMap<>();

        final List<String> jobsDone = new CopyOnWriteArrayList<>();

        @OrbitListener(id = "orders", topics = "orders", concurrency = "4")
        void onOrder(String sequence, OrbitMessage message) {
            this.orderThreads.add(Thread.currentThread().getName());
            this.orders.computeIfAbsent(message.publisherNode(), (node) -> new CopyOnWriteArrayList<>())
                .add(Integer.valueOf(sequence));
        }

        @OrbitListener(id = "jobs", topics = "jobs", attempts = "3", backOffInterval = "20ms",
                backOffMultiplier = "2", deadLetterTopic = "jobs.DLT")
        void onJob(String job) {
            int attempt = this.jobAttempts.merge(job, 1, Integer::sum);
            if (job.startsWith("bad") || (job.startsWith("flaky") && attempt == 1)) {
                throw new IllegalStateException("job " + job + " failed on attempt " + attempt);
            }
            this.jobsDone.add(job + "@" + attempt);
        }

        @OrbitListener(id = "quotes", topics = "quotes")
        @SendTo("quotes.priced")
        String onQuote(String symbol) {
            return "none".equals(symbol) ? null : symbol.toUpperCase(Locale.ROOT);
        }

        /**
         * @return {@code publishers=N events=N outOfOrder=N threads=a|b}: events counted out of order when a
         *     publisher's sequence numbers were not processed as 0, 1, 2, ...
         */
        String ordersSummary() {
            int events = 0;
            int outOfOrder = 0;
            for (List<Integer> sequences : this.orders.values()) {
                for (int i = 0; i < sequences.size(); i++) {
                    events++;
                    if (sequences.get(i) != i) {
                        outOfOrder++;
                    }
                }
            }
            return "publishers=" + this.orders.size() + " events=" + events + " outOfOrder=" + outOfOrder
                    + " threads=" + String.join("|", this.orderThreads);
        }

    }

}
