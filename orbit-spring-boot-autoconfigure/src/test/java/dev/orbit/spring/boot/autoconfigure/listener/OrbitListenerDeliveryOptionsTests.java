package dev.orbit.spring.boot.autoconfigure.listener;

import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.orbit.event.EventHeaders;
import dev.orbit.fleet.Fleet;
import dev.orbit.spring.boot.autoconfigure.OrbitTestSupport;
import dev.orbit.spring.boot.autoconfigure.diagnostics.InvalidOrbitPropertyException;
import dev.orbit.spring.event.OrbitTemplate;
import dev.orbit.spring.listener.OrbitListener;
import dev.orbit.spring.listener.OrbitListenerConfigurationException;
import dev.orbit.spring.listener.OrbitListenerContainer;
import dev.orbit.spring.listener.OrbitListenerErrorHandler;
import dev.orbit.spring.listener.OrbitListenerRegistry;
import dev.orbit.spring.listener.OrbitMessage;
import dev.orbit.spring.listener.SendTo;
import dev.orbit.testsupport.Await;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.io.UrlResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the delivery options of {@link OrbitListener} methods: concurrency by publisher, retry with back-off,
 * dead-letter topics and {@link SendTo} replies, and their configuration errors.
 */
class OrbitListenerDeliveryOptionsTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ApplicationContextRunner plainRunner = new ApplicationContextRunner()
        .withConfiguration(OrbitTestSupport.orbitAutoConfigurations())
        .withPropertyValues(OrbitTestSupport.inProcess());

    private final ApplicationContextRunner contextRunner = this.plainRunner
        .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
        .withBean(SimpleMeterRegistry.class);

    @TempDir
    Path directory;

    @Test
    void shouldRetryWithGrowingBackOffThenSucceed() {
        RecordingErrorHandler handler = new RecordingErrorHandler();
        this.contextRunner.withUserConfiguration(RetryingConfiguration.class)
            .withBean(OrbitListenerErrorHandler.class, () -> handler)
            .run((context) -> {
                Retrying retrying = context.getBean(Retrying.class);
                context.getBean(OrbitTemplate.class).publish("flaky", "x");
                Await.until(TIMEOUT, () -> retrying.succeeded.size() == 1, "the third attempt");
                List<Long> attempts = retrying.attemptNanos;
                assertThat(attempts).hasSize(3);
                // Lower bounds only: a loaded machine waits longer, never shorter.
                assertThat(attempts.get(1) - attempts.get(0)).as("first back-off")
                    .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
                assertThat(attempts.get(2) - attempts.get(1)).as("second back-off, multiplied by 3")
                    .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(150));
                OrbitListenerContainer container = container(context, "flaky");
                assertThat(container.getRetries()).isEqualTo(2);
                assertThat(container.getErrors()).isEqualTo(2);
                assertThat(container.getFailures()).isZero();
                assertThat(handler.errors).as("a success after retries is no failure").isEmpty();
                MeterRegistry meters = context.getBean(MeterRegistry.class);
                assertThat(meters.get("orbit.listener.retries").tag("listener", "flaky").counter().count())
                    .isEqualTo(2.0);
                assertThat(meters.find("orbit.listener.failures").counter()).isNull();
            });
    }

    @Test
    void shouldDeadLetterPayloadHeadersAndExceptionOnceAttemptsAreExhausted() {
        RecordingErrorHandler handler = new RecordingErrorHandler();
        this.contextRunner.withUserConfiguration(DeadLetterConfiguration.class)
            .withBean(OrbitListenerErrorHandler.class, () -> handler)
            .run((context) -> {
                DeadLetters deadLetters = context.getBean(DeadLetters.class);
                OrbitTemplate template = context.getBean(OrbitTemplate.class);
                template.getEventBus().publish("payments",
                        EventHeaders.builder().traceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                            .contentType("text/plain").build(),
                        "pay-1".getBytes());
                Await.until(TIMEOUT, () -> deadLetters.received.size() == 1, "the dead letter");
                OrbitMessage dead = deadLetters.received.get(0);
                assertThat(dead.topic()).isEqualTo("payments.DLT");
                assertThat(dead.payloadAsString()).isEqualTo("pay-1");
                assertThat(dead.traceparent()).as("the original headers travel along")
                    .contains("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
                assertThat(dead.contentType()).contains("text/plain");
                assertThat(dead.headers().exceptionClass()).contains(IllegalStateException.class.getName());
                assertThat(dead.headers().exceptionMessage()).contains("declined pay-1 ??");
                Await.until(TIMEOUT, () -> handler.errors.size() == 1, "the error handler");
                assertThat(handler.errors.get(0)).hasMessageStartingWith("declined pay-1");
                OrbitListenerContainer container = container(context, "payments");
                assertThat(container.getErrors()).isEqualTo(2);
                assertThat(container.getRetries()).isEqualTo(1);
                assertThat(container.getFailures()).isEqualTo(1);
                assertThat(container.getDeadLettered()).isEqualTo(1);
                MeterRegistry meters = context.getBean(MeterRegistry.class);
                assertThat(meters.get("orbit.listener.dead.letters").tags("listener", "payments", "outcome", "published")
                    .counter()
                    .count()).isEqualTo(1.0);
                assertThat(meters.get("orbit.listener.failures").tag("listener", "payments").counter().count())
                    .isEqualTo(1.0);
            });
    }

    @Test
    void shouldNameDeadLetterTopicsBySuffixFromProperties() {
        this.contextRunner.withUserConfiguration(SuffixConfiguration.class)
            .withPropertyValues("orbit.events.listener.dead-letter-suffix=.failed",
                    "orbit.events.listener.retry.attempts=2", "orbit.events.listener.retry.interval=0ms")
            .run((context) -> {
                Suffixed suffixed = context.getBean(Suffixed.class);
                OrbitTemplate template = context.getBean(OrbitTemplate.class);
                template.publish("left", "l");
                template.publish("right", "r");
                Await.until(TIMEOUT, () -> suffixed.deadLetters.size() == 2, "both dead letters");
                assertThat(suffixed.deadLetters).containsExactlyInAnyOrder("left.failed:l", "right.failed:r");
                assertThat(container(context, "suffixed").getRetries()).as("retries from the property").isEqualTo(2);
            });
    }

    @Test
    void shouldPublishNonNullReturnValuesOfSendToMethods() {
        this.contextRunner.withUserConfiguration(ReplyingConfiguration.class).run((context) -> {
            Replies replies = context.getBean(Replies.class);
            OrbitTemplate template = context.getBean(OrbitTemplate.class);
            template.publish("quotes.requested", new Quote("a", 1));
            template.publish("quotes.requested", new Quote("none", 0));
            template.publish("quotes.requested", new Quote("b", 2));
            Await.until(TIMEOUT, () -> replies.priced.size() == 2, "two replies");
            // One thread replies in order: the reply to "b" came after whatever "none" would have published.
            assertThat(replies.priced).containsExactly(new Quote("a", 10), new Quote("b", 20));
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(meters.get("orbit.listener.replies").tags("listener", "pricer", "outcome", "published")
                .counter()
                .count()).isEqualTo(2.0);
            assertThat(container(context, "pricer").getReceived()).isEqualTo(3);
        });
    }

    @Test
    void shouldKeepPerPublisherOrderAndRunPublishersInParallel() {
        ApplicationContextRunner member = new ApplicationContextRunner()
            .withConfiguration(OrbitTestSupport.orbitAutoConfigurations())
            .withPropertyValues("orbit.shm.enabled=true", "orbit.shm.directory=" + this.directory,
                    "orbit.fleet.name=" + OrbitTestSupport.uniqueFleetName());
        member.withUserConfiguration(ConcurrentConfiguration.class).run((listening) -> {
            Concurrent concurrent = listening.getBean(Concurrent.class);
            member.run((first) -> member.run((second) -> {
                int firstNode = first.getBean(Fleet.class).nodeId();
                int secondNode = second.getBean(Fleet.class).nodeId();
                assertThat(firstNode).isNotEqualTo(secondNode);
                concurrent.blockedNode = firstNode;
                // The first publisher's first event blocks its worker until the second publisher's events are
                // all processed: that can only happen on another thread.
                OrbitTemplate firstTemplate = first.getBean(OrbitTemplate.class);
                OrbitTemplate secondTemplate = second.getBean(OrbitTemplate.class);
                for (int i = 0; i < 200; i++) {
                    firstTemplate.publish("work", String.valueOf(i));
                    secondTemplate.publish("work", String.valueOf(i));
                }
                Await.until(TIMEOUT, () -> concurrent.sequences(secondNode).size() == 200,
                        "the second publisher's events while the first one's worker is blocked");
                assertThat(concurrent.sequences(firstNode)).as("blocked behind its first event").hasSizeLessThan(2);
                concurrent.release.countDown();
                Await.until(TIMEOUT, () -> concurrent.sequences(firstNode).size() == 200, "the first publisher's");
                List<Integer> expected = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    expected.add(i);
                }
                assertThat(concurrent.sequences(firstNode)).as("in publish order").isEqualTo(expected);
                assertThat(concurrent.sequences(secondNode)).as("in publish order").isEqualTo(expected);
                assertThat(concurrent.threads.get(firstNode)).isNotEqualTo(concurrent.threads.get(secondNode))
                    .startsWith("orbit-listener-concurrent-");
                OrbitListenerContainer container = container(listening, "concurrent");
                assertThat(container.getOptions().concurrency()).isEqualTo(256);
                assertThat(container.getReceived()).isEqualTo(400);
                assertThat(container.getLoss().total()).isZero();
            }));
        });
    }

    @Test
    void shouldWaitForRoomWhenHandOffQueueIsFullAndCountIt() {
        this.contextRunner.withUserConfiguration(BlockingConfiguration.class)
            .withPropertyValues("orbit.events.listener.handoff-capacity=2", "orbit.events.listener.concurrency=2")
            .run((context) -> {
                Blocking blocking = context.getBean(Blocking.class);
                OrbitTemplate template = context.getBean(OrbitTemplate.class);
                for (int i = 0; i < 10; i++) {
                    template.publish("blocking", String.valueOf(i));
                }
                OrbitListenerContainer container = container(context, "blocking");
                Await.until(TIMEOUT, () -> container.getHandoffWaits() >= 1 && container.getQueued() == 2,
                        "the polling thread to wait for room in the full queue");
                blocking.release.countDown();
                Await.until(TIMEOUT, () -> blocking.handled.size() == 10, "every event, none dropped");
                assertThat(blocking.handled).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
                assertThat(container.getLoss().total()).isZero();
                assertThat(context.getBean(MeterRegistry.class)
                    .get("orbit.listener.handoff.waits")
                    .tag("listener", "blocking")
                    .counter()
                    .count()).isEqualTo(container.getHandoffWaits());
            });
    }

    @Test
    void shouldCutBackOffShortOnStopAndGiveTheEventUp() {
        RecordingErrorHandler handler = new RecordingErrorHandler();
        this.contextRunner.withUserConfiguration(PatientConfiguration.class)
            .withBean(OrbitListenerErrorHandler.class, () -> handler)
            .run((context) -> {
                context.getBean(OrbitTemplate.class).publish("patient", "p");
                OrbitListenerContainer container = container(context, "patient");
                Await.until(TIMEOUT, () -> container.getErrors() == 1, "the first attempt");
                CompletableFuture<Void> stop = CompletableFuture.runAsync(container::stop);
                // The back-off is an hour; the stop ends it.
                stop.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                assertThat(container.isRunning()).isFalse();
                assertThat(container.getFailures()).isEqualTo(1);
                assertThat(container.getRetries()).isZero();
                assertThat(handler.errors).hasSize(1);
            });
    }

    @Test
    void shouldFailStartupNamingTheAttributeAndTheFix() throws Exception {
        record Case(Class<?> configuration, String attribute, String fix) {
        }
        List<Case> cases = List.of(new Case(ZeroConcurrency.class, "@OrbitListener(concurrency)", "1 (the polling"),
                new Case(BadAttempts.class, "@OrbitListener(attempts)", "1 for no retry"),
                new Case(BadMultiplier.class, "@OrbitListener(backOffMultiplier)", "1 or more"),
                new Case(BadInterval.class, "@OrbitListener(backOffInterval)", "100ms"),
                new Case(ShortMaxInterval.class, "@OrbitListener(backOffMaxInterval)", "at least backOffInterval"),
                new Case(LoopingDeadLetter.class, "@OrbitListener(deadLetterTopic)", "another topic"),
                new Case(VoidReply.class, "@SendTo(value)", "return the reply"));
        FailureAnalyzer analyzer = analyzer();
        for (Case failing : cases) {
            this.plainRunner.withUserConfiguration(failing.configuration()).run((context) -> {
                assertThat(context).hasFailed();
                Throwable cause = NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
                assertThat(cause).as(failing.configuration().getSimpleName())
                    .isInstanceOf(OrbitListenerConfigurationException.class);
                OrbitListenerConfigurationException failure = (OrbitListenerConfigurationException) cause;
                assertThat(failure.getAttribute()).isEqualTo(failing.attribute());
                assertThat(failure.getMethod()).contains(".on()");
                FailureAnalysis analysis = analyzer.analyze(context.getStartupFailure());
                assertThat(analysis).as("the failure analyzer reports it").isNotNull();
                assertThat(analysis.getDescription()).contains(failing.attribute()).contains(failure.getMethod());
                assertThat(analysis.getAction()).contains(failing.fix());
            });
        }
    }

    @Test
    void shouldRejectInvalidListenerProperties() {
        Map<String, String> cases = Map.of("orbit.events.listener.concurrency=0", "orbit.events.listener.concurrency",
                "orbit.events.listener.handoff-capacity=0", "orbit.events.listener.handoff-capacity",
                "orbit.events.listener.retry.attempts=0", "orbit.events.listener.retry.attempts",
                "orbit.events.listener.retry.multiplier=0.5", "orbit.events.listener.retry.multiplier",
                "orbit.events.listener.retry.max-interval=10ms", "orbit.events.listener.retry.max-interval");
        cases.forEach((property, name) -> this.plainRunner.withPropertyValues(property).run((context) -> {
            assertThat(context).hasFailed();
            Throwable cause = NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
            assertThat(cause).as(property).isInstanceOf(InvalidOrbitPropertyException.class);
            assertThat(((InvalidOrbitPropertyException) cause).getProperty()).isEqualTo(name);
        }));
    }

    private static FailureAnalyzer analyzer() throws Exception {
        String name = "dev.orbit.spring.boot.autoconfigure.diagnostics.InvalidOrbitListenerFailureAnalyzer";
        Set<String> registered = new HashSet<>();
        Enumeration<URL> factories = OrbitListenerDeliveryOptionsTests.class.getClassLoader()
            .getResources("META-INF/spring.factories");
        while (factories.hasMoreElements()) {
            String analyzers = PropertiesLoaderUtils.loadProperties(new UrlResource(factories.nextElement()))
                .getProperty(FailureAnalyzer.class.getName());
            registered.addAll(StringUtils.commaDelimitedListToSet(analyzers));
        }
        assertThat(registered).as("registered in spring.factories").contains(name);
        return (FailureAnalyzer) ReflectionUtils.accessibleConstructor(Class.forName(name)).newInstance();
    }

    private static OrbitListenerContainer container(org.springframework.context.ApplicationContext context,
            String id) {
        return context.getBean(OrbitListenerRegistry.class).getListenerContainer(id);
    }

    static final class RecordingErrorHandler implements OrbitListenerErrorHandler {

        final List<Throwable> errors = new CopyOnWriteArrayList<>();

        @Override
        public void handleError(String listenerId, OrbitMessage message, Throwable error) {
            this.errors.add(error);
        }

    }

    record Quote(String symbol, int price) {
    }

    @Configuration(proxyBeanMethods = false)
    static class RetryingConfiguration {

        @Bean
        Retrying retrying() {
            return new Retrying();
        }

    }

    static class Retrying {

        final List<Long> attemptNanos = new CopyOnWriteArrayList<>();

        final List<String> succeeded = new CopyOnWriteArrayList<>();

        @OrbitListener(id = "flaky", topics = "flaky", attempts = "5", backOffInterval = "50ms",
                backOffMultiplier = "3", backOffMaxInterval = "1s")
        void on(String payload) {
            this.attemptNanos.add(System.nanoTime());
            if (this.attemptNanos.size() < 3) {
                throw new IllegalStateException("not yet");
            }
            this.succeeded.add(payload);
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class DeadLetterConfiguration {

        @Bean
        Payments payments() {
            return new Payments();
        }

        @Bean
        DeadLetters deadLetters() {
            return new DeadLetters();
        }

    }

    static class Payments {

        @OrbitListener(id = "payments", topics = "payments", attempts = "2", backOffInterval = "10ms",
                deadLetterTopic = "payments.DLT")
        void on(String payment) {
            throw new IllegalStateException("declined " + payment + " \u00e9\n");
        }

    }

    static class DeadLetters {

        final List<OrbitMessage> received = new CopyOnWriteArrayList<>();

        @OrbitListener(topics = "payments.DLT")
        void on(OrbitMessage message) {
            this.received.add(message);
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class SuffixConfiguration {

        @Bean
        Suffixed suffixed() {
            return new Suffixed();
        }

    }

    static class Suffixed {

        final List<String> deadLetters = new CopyOnWriteArrayList<>();

        @OrbitListener(id = "suffixed", topics = { "left", "right" })
        void on(String payload) {
            throw new IllegalArgumentException("no " + payload);
        }

        @OrbitListener(topics = { "left.failed", "right.failed" })
        void onDeadLetter(OrbitMessage message) {
            this.deadLetters.add(message.topic() + ":" + message.payloadAsString());
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class ReplyingConfiguration {

        @Bean
        Replies replies() {
            return new Replies();
        }

    }

    static class Replies {

        final List<Quote> priced = new CopyOnWriteArrayList<>();

        @OrbitListener(id = "pricer", topics = "quotes.requested")
        @SendTo("quotes.priced")
        Quote price(Quote request) {
            return "none".equals(request.symbol()) ? null : new Quote(request.symbol(), request.price() * 10);
        }

        @OrbitListener(topics = "quotes.priced")
        void onPriced(Quote quote) {
            this.priced.add(quote);
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class ConcurrentConfiguration {

        @Bean
        Concurrent concurrent() {
            return new Concurrent();
        }

    }

    static class Concurrent {

        final Map<Integer, List<Integer>> received = new ConcurrentHashMap<>();

        final Map<Integer, String> threads = new ConcurrentHashMap<>();

        final CountDownLatch release = new CountDownLatch(1);

        volatile int blockedNode = -1;

        @OrbitListener(id = "concurrent", topics = "work", concurrency = "256")
        void on(String sequence, OrbitMessage message) throws InterruptedException {
            if (message.publisherNode() == this.blockedNode && !this.release.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
            this.threads.put(message.publisherNode(), Thread.currentThread().getName());
            this.received.computeIfAbsent(message.publisherNode(), (node) -> new CopyOnWriteArrayList<>())
                .add(Integer.valueOf(sequence));
        }

        List<Integer> sequences(int node) {
            return this.received.getOrDefault(node, List.of());
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class BlockingConfiguration {

        @Bean
        Blocking blocking() {
            return new Blocking();
        }

    }

    static class Blocking {

        final List<String> handled = new CopyOnWriteArrayList<>();

        final CountDownLatch release = new CountDownLatch(1);

        @OrbitListener(id = "blocking", topics = "blocking")
        void on(String payload) throws InterruptedException {
            if (!this.release.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
            this.handled.add(payload);
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class PatientConfiguration {

        @Bean
        Patient patient() {
            return new Patient();
        }

    }

    static class Patient {

        @OrbitListener(id = "patient", topics = "patient", attempts = "3", backOffInterval = "1h")
        void on(String payload) {
            throw new IllegalStateException("always");
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class ZeroConcurrency {

        @Bean
        Object zeroConcurrency() {
            return new Object() {
                @OrbitListener(topics = "t", concurrency = "0")
                void on(String payload) {
                }
            };
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class BadAttempts {

        @Bean
        Object badAttempts() {
            return new Object() {
                @OrbitListener(topics = "t", attempts = "three")
                void on(String payload) {
                }
            };
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class BadMultiplier {

        @Bean
        Object badMultiplier() {
            return new Object() {
                @OrbitListener(topics = "t", backOffMultiplier = "0.5")
                void on(String payload) {
                }
            };
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class BadInterval {

        @Bean
        Object badInterval() {
            return new Object() {
                @OrbitListener(topics = "t", backOffInterval = "soon")
                void on(String payload) {
                }
            };
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class ShortMaxInterval {

        @Bean
        Object shortMaxInterval() {
            return new Object() {
                @OrbitListener(topics = "t", backOffInterval = "1s", backOffMaxInterval = "10ms")
                void on(String payload) {
                }
            };
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class LoopingDeadLetter {

        @Bean
        Object loopingDeadLetter() {
            return new Object() {
                @OrbitListener(topics = "t", deadLetterTopic = "t")
                void on(String payload) {
                }
            };
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class VoidReply {

        @Bean
        Object voidReply() {
            return new Object() {
                @OrbitListener(topics = "t")
                @SendTo("replies")
                void on(String payload) {
                }
            };
        }

    }

}
