package dev.orbit.bench.xproc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import dev.orbit.spring.listener.OrbitListener;
import dev.orbit.testsupport.ChildJvm;

/**
 * The listener side of {@link ListenerDelivery}: a Spring Boot application with the Orbit starter and one
 * {@code @OrbitListener} method, configured only through {@code orbit.*} properties. It records each
 * event's delivery latency (the publisher's {@code System.nanoTime()}, carried in the payload, against its
 * own: one monotonic clock for every process of a Linux host), prints {@code READY} once started and
 * {@code RESULT ...} when the publisher sends the stop event.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class ListenerApp {

    /** The topic the benchmark publishes on. */
    static final String TOPIC = "bench.delivery";

    /** Payload phase: warm-up, not recorded. */
    static final long WARMUP = 0;

    /** Payload phase: recorded. */
    static final long MEASURED = 1;

    /** Payload phase: the last event. */
    static final long STOP = 2;

    /**
     * @param args Spring Boot arguments ({@code --orbit.fleet.name=...}) plus {@code --bench.out=DIR}.
     * @throws InterruptedException when interrupted.
     */
    public static void main(final String[] args) throws InterruptedException {
        ChildJvm.exitWithParent();
        final ConfigurableApplicationContext context = run(ListenerApp.class, args);
        final DeliveryRecorder recorder = context.getBean(DeliveryRecorder.class);
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        if (!recorder.stopped.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("no stop event within 10 minutes");
        }
        final Path out = Path.of(context.getEnvironment().getRequiredProperty("bench.out"));
        final String name = context.getEnvironment().getRequiredProperty("bench.name");
        final Histogram histogram = recorder.histogram;
        Histograms.save(histogram, out.resolve(name));
        System.out.println(Histograms.resultLine(histogram));
        System.out.flush();
        context.close();
    }

    /**
     * Runs a benchmark's Spring Boot application quietly: no web server, no banner, no startup log.
     *
     * @param source the application class.
     * @param args   its arguments.
     * @return the running context.
     */
    static ConfigurableApplicationContext run(final Class<?> source, final String[] args) {
        final SpringApplication app = new SpringApplication(source);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setBannerMode(Banner.Mode.OFF);
        app.setLogStartupInfo(false);
        return app.run(args);
    }

    @Bean
    DeliveryRecorder deliveryRecorder() {
        return new DeliveryRecorder();
    }

    /**
     * The listener bean: records the latency of each measured event. Runs on the listener container's thread.
     */
    static class DeliveryRecorder {
        final Histogram histogram = Histograms.nanos();
        final CountDownLatch stopped = new CountDownLatch(1);

        @OrbitListener(topics = TOPIC)
        public void onEvent(final byte[] payload) {
            final long received = System.nanoTime();
            final ByteBuffer view = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
            final long phase = view.getLong(0);
            if (phase == MEASURED) {
                histogram.recordValue(Math.max(0, received - view.getLong(8)));
            }
            else if (phase == STOP) {
                stopped.countDown();
            }
        }
    }
}
