package dev.orbit.spring.boot.autoconfigure.listener;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

import dev.orbit.spring.boot.autoconfigure.OrbitTestSupport;
import dev.orbit.spring.event.OrbitPayloadConverter;
import dev.orbit.spring.event.OrbitTemplate;
import dev.orbit.spring.event.SimpleOrbitPayloadConverter;
import dev.orbit.spring.listener.OrbitListener;
import dev.orbit.spring.listener.OrbitListenerContainer;
import dev.orbit.spring.listener.OrbitListenerErrorHandler;
import dev.orbit.spring.listener.OrbitListenerLagEvent;
import dev.orbit.spring.listener.OrbitListenerRegistry;
import dev.orbit.spring.listener.OrbitMessage;
import dev.orbit.testsupport.Await;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OrbitListener} methods and their containers.
 */
class OrbitListenerTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(OrbitTestSupport.orbitAutoConfigurations())
        .withPropertyValues(OrbitTestSupport.inProcess("app.topic=greetings"));

    @Test
    void shouldDeliverEventsConvertedToParameterTypes() {
        this.contextRunner.withUserConfiguration(ListenersConfiguration.class).run((context) -> {
            Listeners listeners = context.getBean(Listeners.class);
            OrbitTemplate template = context.getBean(OrbitTemplate.class);
            template.publish("greetings", "hello");
            template.publish("other", "ignored");
            template.publish("orders", new Order("o-1", 3));
            Await.until(TIMEOUT, () -> listeners.orders.size() == 1 && listeners.texts.size() == 1
                    && listeners.messages.size() == 1 && listeners.bytes.size() == 1
                    && listeners.ordersWithMessage.size() == 1, "deliveries");
            assertThat(listeners.texts).containsExactly("hello");
            assertThat(new String(listeners.bytes.get(0))).isEqualTo("hello");
            OrbitMessage message = listeners.messages.get(0);
            assertThat(message.topic()).isEqualTo("greetings");
            assertThat(message.payloadAsString()).isEqualTo("hello");
            assertThat(message.publisherNode()).isEqualTo(context.getBean(dev.orbit.fleet.Fleet.class).nodeId());
            assertThat(message.timestampMs()).isPositive();
            assertThat(listeners.orders).containsExactly(new Order("o-1", 3));
            assertThat(listeners.ordersWithMessage).as("payload and message in one method")
                .containsExactly("o-1 from orders");
            OrbitListenerRegistry registry = context.getBean(OrbitListenerRegistry.class);
            assertThat(registry.getListenerContainers()).extracting(OrbitListenerContainer::getId)
                .containsExactlyInAnyOrder("texts", "listeners.onBytes", "listeners.onMessage", "listeners.onOrder",
                        "listeners.onOrderWithMessage");
            assertThat(registry.getListenerContainer("texts").isRunning()).isTrue();
            assertThat(registry.getListenerContainer("texts").getTopics()).containsExactly("greetings");
        });
    }

    @Test
    void shouldHandErrorsToHandlerAndKeepRunning() {
        RecordingErrorHandler handler = new RecordingErrorHandler();
        this.contextRunner.withUserConfiguration(FailingConfiguration.class)
            .withBean(OrbitListenerErrorHandler.class, () -> handler)
            .run((context) -> {
                OrbitTemplate template = context.getBean(OrbitTemplate.class);
                Failing failing = context.getBean(Failing.class);
                template.publish("jobs", "fail");
                template.publish("jobs", "ok");
                Await.until(TIMEOUT, () -> failing.handled.size() == 1, "the second event");
                assertThat(handler.errors).hasSize(1);
                assertThat(handler.errors.get(0)).isInstanceOf(IllegalStateException.class).hasMessage("fail");
                OrbitListenerContainer container = context.getBean(OrbitListenerRegistry.class)
                    .getListenerContainer("failing.onJob");
                assertThat(container.getErrors()).isEqualTo(1);
                assertThat(container.getReceived()).isEqualTo(2);
                assertThat(container.isRunning()).isTrue();
            });
    }

    @Test
    void shouldPassEventWhoseConversionThrowsAnyThrowable() {
        RecordingErrorHandler handler = new RecordingErrorHandler();
        this.contextRunner.withUserConfiguration(FailingConfiguration.class)
            .withBean(OrbitListenerErrorHandler.class, () -> handler)
            .withBean(OrbitPayloadConverter.class, ThrowingPayloadConverter::new)
            .run((context) -> {
                OrbitTemplate template = context.getBean(OrbitTemplate.class);
                Failing failing = context.getBean(Failing.class);
                template.publish("jobs", "assertion");
                template.publish("jobs", "overflow");
                template.publish("jobs", "throwable");
                template.publish("jobs", "ok");
                Await.until(TIMEOUT, () -> failing.handled.size() == 1, "the event after the failures");
                assertThat(failing.handled).containsExactly("ok");
                assertThat(handler.errors).hasSize(3);
                assertThat(handler.errors.get(0)).isInstanceOf(AssertionError.class);
                assertThat(handler.errors.get(1)).isInstanceOf(StackOverflowError.class);
                assertThat(handler.errors.get(2)).hasMessage("neither exception nor error");
                OrbitListenerContainer container = context.getBean(OrbitListenerRegistry.class)
                    .getListenerContainer("failing.onJob");
                assertThat(container.getErrors()).isEqualTo(3);
                assertThat(container.getReceived()).isEqualTo(4);
                assertThat(container.isRunning()).isTrue();
            });
    }

    @Test
    void shouldNotStartContainerWithoutAutoStartup() {
        this.contextRunner.withUserConfiguration(ManualConfiguration.class).run((context) -> {
            OrbitListenerContainer container = context.getBean(OrbitListenerRegistry.class).getListenerContainer("manual");
            assertThat(container.isRunning()).isFalse();
            container.start();
            context.getBean(OrbitTemplate.class).publish("manual", "x");
            Manual manual = context.getBean(Manual.class);
            Await.until(TIMEOUT, () -> manual.received.size() == 1, "delivery after a manual start");
            container.stop();
            assertThat(container.isRunning()).isFalse();
        });
    }

    @Test
    void shouldReportLossAsLagEvent() {
        List<OrbitListenerLagEvent> lagEvents = new CopyOnWriteArrayList<>();
        this.contextRunner.withUserConfiguration(ManualConfiguration.class)
            .withPropertyValues("orbit.events.capacity=16")
            .withBean(ApplicationListener.class, () -> (ApplicationListener<OrbitListenerLagEvent>) lagEvents::add)
            .run((context) -> {
                OrbitListenerContainer container = context.getBean(OrbitListenerRegistry.class)
                    .getListenerContainer("manual");
                container.start();
                container.stop();
                OrbitTemplate template = context.getBean(OrbitTemplate.class);
                for (int i = 0; i < 40; i++) {
                    template.publish("manual", "event-" + i);
                }
                container.start();
                Manual manual = context.getBean(Manual.class);
                Await.until(TIMEOUT, () -> manual.received.contains("event-39"), "the newest event");
                Await.until(TIMEOUT, () -> !lagEvents.isEmpty(), "the lag event");
                long lost = lagEvents.stream().mapToLong(OrbitListenerLagEvent::getLost).sum();
                assertThat(lost).isEqualTo(container.getLoss().total()).isPositive();
                assertThat(lost + manual.received.size()).isEqualTo(40);
                assertThat(lagEvents.get(0).getListenerId()).isEqualTo("manual");
                assertThat(lagEvents.get(0).getOverwritten()).isPositive();
            });
    }

    @Test
    void shouldStopContainersWithContext() {
        this.contextRunner.withUserConfiguration(ManualConfiguration.class).run((context) -> {
            OrbitListenerRegistry registry = context.getBean(OrbitListenerRegistry.class);
            registry.getListenerContainer("manual").start();
            context.close();
            assertThat(registry.getListenerContainer("manual").isRunning()).isFalse();
        });
    }

    @Test
    void shouldSleepUntilAnEventByDefaultAndStopWithoutWaitingForTheWakeUpTimeout() {
        this.contextRunner.withUserConfiguration(ManualConfiguration.class)
            .withPropertyValues("orbit.events.wake-up-timeout=10m")
            .run((context) -> {
                dev.orbit.fleet.Fleet fleet = context.getBean(dev.orbit.fleet.Fleet.class);
                OrbitListenerContainer container = context.getBean(OrbitListenerRegistry.class)
                    .getListenerContainer("manual");
                Manual manual = context.getBean(Manual.class);
                OrbitTemplate template = context.getBean(OrbitTemplate.class);
                long waitsBefore = fleet.wakeStats().waits();
                container.start();
                Await.until(TIMEOUT, () -> fleet.wakeStats().waits() > waitsBefore, "the listener asleep");
                for (int i = 0; i < 3; i++) {
                    long waits = fleet.wakeStats().waits();
                    template.publish("manual", "event-" + i);
                    int expected = i + 1;
                    Await.until(TIMEOUT, () -> manual.received.size() == expected, "event " + i);
                    Await.until(TIMEOUT, () -> fleet.wakeStats().waits() > waits, "the listener asleep again");
                }
                // Woken by each publish, never by the ten-minute safety timeout.
                assertThat(fleet.wakeStats().timeouts()).isZero();
                long stopStarted = System.nanoTime();
                container.stop();
                // A sleeping thread not woken would end only when the runner interrupts it, after 5 s.
                assertThat(Duration.ofNanos(System.nanoTime() - stopStarted)).isLessThan(Duration.ofMillis(4500));
                assertThat(container.isRunning()).isFalse();
                container.start();
                template.publish("manual", "after-restart");
                Await.until(TIMEOUT, () -> manual.received.contains("after-restart"), "after a restart");
            });
    }

    @Test
    void shouldRejectWakeUpTimeoutBelowOneMillisecond() {
        this.contextRunner.withUserConfiguration(ManualConfiguration.class)
            .withPropertyValues("orbit.events.wake-up-timeout=0ms")
            .run((context) -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                .hasMessageContaining("orbit.events.wake-up-timeout")
                .hasMessageContaining("orbit.events.wake-up-timeout=0s")
                .hasMessageContaining("at least 1ms"));
    }

    @Test
    void shouldKeepTheOldIdleStrategiesAvailable() {
        this.contextRunner.withUserConfiguration(ManualConfiguration.class)
            .withPropertyValues("orbit.events.idle-strategy=BACKOFF")
            .run((context) -> {
                dev.orbit.fleet.Fleet fleet = context.getBean(dev.orbit.fleet.Fleet.class);
                OrbitListenerContainer container = context.getBean(OrbitListenerRegistry.class)
                    .getListenerContainer("manual");
                container.start();
                context.getBean(OrbitTemplate.class).publish("manual", "x");
                Manual manual = context.getBean(Manual.class);
                Await.until(TIMEOUT, () -> manual.received.size() == 1, "delivery");
                assertThat(fleet.wakeStats().waits()).as("a BACKOFF listener never sleeps on the ring").isZero();
            });
    }

    @Test
    void shouldRejectListenerWithTwoParameters() {
        this.contextRunner.withUserConfiguration(InvalidConfiguration.class)
            .run((context) -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                .hasMessageContaining("Invalid.onTwo()")
                .hasMessageContaining("found 2 parameters (2 payload, 0 OrbitMessage)"));
    }

    @Test
    void shouldRejectDuplicateIds() {
        this.contextRunner.withUserConfiguration(DuplicateConfiguration.class)
            .run((context) -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                .hasMessageContaining("duplicate @OrbitListener id 'same'"));
    }

    @Test
    void shouldRejectUnconvertibleParameterWithoutJackson() {
        this.contextRunner.withUserConfiguration(ListenersConfiguration.class)
            .withClassLoader(new FilteredClassLoader("tools.jackson"))
            .run((context) -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                // Either Order listener may be found first: reflection's method order is unspecified.
                .hasMessageMatching("(?s).*onOrder(WithMessage)?\\(\\).*")
                .hasMessageContaining("payload converter cannot produce it"));
    }

    record Order(String id, int quantity) {
    }

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @OrbitListener(topics = "orders")
    @interface OrderListener {

    }

    public static class Listeners {

        final List<String> texts = new CopyOnWriteArrayList<>();

        final List<byte[]> bytes = new CopyOnWriteArrayList<>();

        final List<OrbitMessage> messages = new CopyOnWriteArrayList<>();

        final List<Order> orders = new CopyOnWriteArrayList<>();

        final List<String> ordersWithMessage = new CopyOnWriteArrayList<>();

        @OrbitListener(topics = "${app.topic}", id = "texts")
        public void onText(String text) {
            this.texts.add(text);
        }

        @OrbitListener(topics = "greetings")
        public void onBytes(byte[] payload) {
            this.bytes.add(payload);
        }

        @OrbitListener(topics = { "greetings", "unused" })
        public void onMessage(OrbitMessage message) {
            this.messages.add(message);
        }

        @OrderListener
        public void onOrder(Order order) {
            this.orders.add(order);
        }

        @OrbitListener(topics = "orders")
        public void onOrderWithMessage(OrbitMessage message, Order order) {
            this.ordersWithMessage.add(order.id() + " from " + message.topic());
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class ListenersConfiguration {

        @Bean
        Listeners listeners() {
            return new Listeners();
        }

    }

    public static class Failing {

        final List<String> handled = new CopyOnWriteArrayList<>();

        @OrbitListener(topics = "jobs")
        public void onJob(String job) {
            if (job.equals("fail")) {
                throw new IllegalStateException("fail");
            }
            this.handled.add(job);
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class FailingConfiguration {

        @Bean
        Failing failing() {
            return new Failing();
        }

    }

    /**
     * Converts like {@link SimpleOrbitPayloadConverter}, but throws what some payloads name.
     */
    static class ThrowingPayloadConverter extends SimpleOrbitPayloadConverter {

        @Override
        public Object fromBytes(byte[] payload, Type targetType) {
            String text = new String(payload, StandardCharsets.UTF_8);
            switch (text) {
                case "assertion" -> throw new AssertionError("assertion");
                case "overflow" -> throw new StackOverflowError("overflow");
                case "throwable" -> throw ThrowingPayloadConverter.<RuntimeException>sneaky(
                        new Throwable("neither exception nor error"));
                default -> {
                    return super.fromBytes(payload, targetType);
                }
            }
        }

        @SuppressWarnings("unchecked")
        private static <T extends Throwable> T sneaky(Throwable throwable) throws T {
            throw (T) throwable;
        }

    }

    static class RecordingErrorHandler implements OrbitListenerErrorHandler {

        final List<Throwable> errors = new CopyOnWriteArrayList<>();

        @Override
        public void handleError(String listenerId, OrbitMessage message, Throwable error) {
            this.errors.add(error);
        }

    }

    public static class Manual {

        final List<String> received = new CopyOnWriteArrayList<>();

        @OrbitListener(topics = "manual", id = "manual", autoStartup = "false")
        public void on(String text) {
            this.received.add(text);
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class ManualConfiguration {

        @Bean
        Manual manual() {
            return new Manual();
        }

    }

    public static class Invalid {

        @OrbitListener(topics = "x")
        public void onTwo(String a, String b) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class InvalidConfiguration {

        @Bean
        Invalid invalid() {
            return new Invalid();
        }

    }

    public static class Duplicate {

        @OrbitListener(topics = "x", id = "same")
        public void one(String a) {
        }

        @OrbitListener(topics = "y", id = "same")
        public void two(String a) {
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class DuplicateConfiguration {

        @Bean
        Duplicate duplicate() {
            return new Duplicate();
        }

    }

}
