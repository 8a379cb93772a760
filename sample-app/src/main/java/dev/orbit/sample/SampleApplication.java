package dev.orbit.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A Spring Boot application that joins an Orbit fleet with its siblings: start it several times on one host
 * (see {@code ./orbit-sample}) and the processes share a cache, events, a claimed job and heartbeats through
 * shared memory. Everything Orbit does here comes from the starter, {@code application.yml} and annotations:
 * <ul>
 * <li>{@link dev.orbit.sample.quote.QuoteService}: {@code @Cacheable(sync = true)}, computed once per fleet;</li>
 * <li>{@link dev.orbit.sample.events.NoteListener}: an {@code @OrbitListener} that every sibling runs;</li>
 * <li>{@link dev.orbit.sample.job.ReportJob}: {@code @Scheduled} + {@code @Claimed}, one sibling at a time;</li>
 * <li>the dashboard at {@code /}, fed by {@link dev.orbit.sample.dashboard.DashboardController}.</li>
 * </ul>
 */
@SpringBootApplication
@EnableCaching
@EnableScheduling
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }

}
