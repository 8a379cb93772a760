package dev.orbit.spring.boot.autoconfigure.listener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.orbit.fleet.Fleet;
import dev.orbit.spring.boot.autoconfigure.OrbitTestSupport;
import dev.orbit.spring.event.OrbitTemplate;
import dev.orbit.spring.listener.OrbitListener;
import dev.orbit.spring.listener.OrbitMessage;
import dev.orbit.testsupport.Await;
import dev.orbit.testsupport.ChildJvm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @OrbitListener} delivery options across processes: a worker application in its own JVM
 * ({@link ListenerWorkerApp}) listens with concurrency 4, retries with a dead-letter topic, and replies with
 * {@code @SendTo}; two fleet members in this JVM (two nodes) publish, and listen to the dead letters and replies
 * with plain {@code @OrbitListener} methods.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListenerProcessTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static final int ORDERS_PER_PUBLISHER = 300;

    private final String fleet = OrbitTestSupport.uniqueFleetName();

    private Path directory;

    private ChildJvm worker;

    private Path workerLog;

    @BeforeAll
    void startWorker() throws IOException {
        this.directory = Files.createTempDirectory("orbit-listeners-");
        this.workerLog = this.directory.resolve("worker.log");
        this.worker = ChildJvm.of(ListenerWorkerApp.class)
            .name("listener-worker")
            .jvmArgs("-Xmx256m")
            .stderrTo(this.workerLog)
            .args("--orbit.fleet.name=" + this.fleet, "--orbit.shm.enabled=true",
                    "--orbit.shm.directory=" + this.directory, "--spring.main.banner-mode=off",
                    "--logging.level.root=WARN", "--spring.jmx.enabled=false")
            .start();
        assertThat(this.worker.awaitLine(ListenerWorkerApp.ANSWER, TIMEOUT)).as("the worker is ready")
            .startsWith(ListenerWorkerApp.ANSWER + "READY ");
    }

    @AfterAll
    void stopWorker() throws IOException {
        try {
            if (this.worker != null) {
                if (this.worker.isAlive()) {
                    this.worker.send("exit");
                    try {
                        this.worker.awaitExit(Duration.ofSeconds(20));
                    }
                    catch (AssertionError ex) {
                        // closed below
                    }
                }
                this.worker.close();
            }
        }
        finally {
            Fleet.unlink(this.directory, this.fleet, true);
            FileSystemUtils.deleteRecursively(this.directory);
        }
    }

    private ApplicationContextRunner member() {
        return new ApplicationContextRunner().withConfiguration(OrbitTestSupport.orbitAutoConfigurations())
            .withPropertyValues("orbit.shm.enabled=true", "orbit.shm.directory=" + this.directory,
                    "orbit.fleet.name=" + this.fleet);
    }

    @Test
    void shouldProcessEachPublishersEventsInOrderOnWorkerThreadsOfAnotherProcess() {
        member().run((first) -> member().run((second) -> {
            assertThat(first.getBean(Fleet.class).nodeId()).isNotEqualTo(second.getBean(Fleet.class).nodeId());
            OrbitTemplate firstTemplate = first.getBean(OrbitTemplate.class);
            OrbitTemplate secondTemplate = second.getBean(OrbitTemplate.class);
            for (int i = 0; i < ORDERS_PER_PUBLISHER; i++) {
                firstTemplate.publish("orders", String.valueOf(i));
                secondTemplate.publish("orders", String.valueOf(i));
            }
            Await.until(TIMEOUT, () -> field(askUnchecked("orders"), "events").equals(
                    String.valueOf(2 * ORDERS_PER_PUBLISHER)), "the worker to process every order");
            String summary = ask("orders");
            assertThat(field(summary, "publishers")).isEqualTo("2");
            assertThat(field(summary, "outOfOrder")).as("events a publisher published processed out of its order")
                .isEqualTo("0");
            assertThat(field(summary, "threads").split("\\|")).as("run on the worker threads, not the poller")
                .allSatisfy((thread) -> assertThat(thread).matches("orbit-listener-orders-[0-3]"));
        }));
    }

    @Test
    void shouldRetryThenDeadLetterToAPlainListenerInAnotherProcess() {
        member().withUserConfiguration(DeadLettersConfiguration.class).run((context) -> {
            DeadLetters deadLetters = context.getBean(DeadLetters.class);
            OrbitTemplate template = context.getBean(OrbitTemplate.class);
            template.publish("jobs", "flaky-1");
            template.publish("jobs", "bad-1");
            template.publish("jobs", "good-1");
            Await.until(TIMEOUT, () -> deadLetters.received.size() == 1, "the dead letter of bad-1");
            OrbitMessage dead = deadLetters.received.get(0);
            assertThat(dead.topic()).isEqualTo("jobs.DLT");
            assertThat(dead.payloadAsString()).isEqualTo("bad-1");
            assertThat(dead.headers().exceptionClass()).contains(IllegalStateException.class.getName());
            assertThat(dead.headers().exceptionMessage()).contains("job bad-1 failed on attempt 3");
            Await.until(TIMEOUT, () -> askUnchecked("jobs").endsWith("good-1@1"), "the job after the dead letter");
            // retries: flaky-1 once, bad-1 twice; failures and dead letters: bad-1.
            assertThat(ask("jobs")).isEqualTo("3 1 1 flaky-1@2,good-1@1");
        });
    }

    @Test
    void shouldPublishRepliesOfASendToMethodInAnotherProcess() {
        member().withUserConfiguration(RepliesConfiguration.class).run((context) -> {
            Replies replies = context.getBean(Replies.class);
            OrbitTemplate template = context.getBean(OrbitTemplate.class);
            template.publish("quotes", "abc");
            template.publish("quotes", "none");
            template.publish("quotes", "xyz");
            Await.until(TIMEOUT, () -> replies.received.size() == 2, "two replies");
            // The worker replies in order: nothing for "none" came before the reply to "xyz".
            assertThat(replies.received).containsExactly("ABC", "XYZ");
        });
    }

    private static String field(String summary, String name) {
        for (String part : summary.split(" ")) {
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1);
            }
        }
        throw new AssertionError("no " + name + " in " + summary);
    }

    private String ask(String command) throws IOException {
        this.worker.send(command);
        String answer;
        try {
            answer = this.worker.awaitLine(ListenerWorkerApp.ANSWER, TIMEOUT)
                .substring(ListenerWorkerApp.ANSWER.length());
        }
        catch (AssertionError ex) {
            throw new AssertionError(ex.getMessage() + "\nits log:\n" + Files.readString(this.workerLog), ex);
        }
        return answer;
    }

    private String askUnchecked(String command) {
        try {
            return ask(command);
        }
        catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class DeadLettersConfiguration {

        @Bean
        DeadLetters deadLetters() {
            return new DeadLetters();
        }

    }

    static class DeadLetters {

        final List<OrbitMessage> received = new CopyOnWriteArrayList<>();

        @OrbitListener(topics = "jobs.DLT")
        void on(OrbitMessage message) {
            this.received.add(message);
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class RepliesConfiguration {

        @Bean
        Replies replies() {
            return new Replies();
        }

    }

    static class Replies {

        final List<String> received = new CopyOnWriteArrayList<>();

        @OrbitListener(topics = "quotes.priced")
        void on(String quote) {
            this.received.add(quote);
        }

    }

}
