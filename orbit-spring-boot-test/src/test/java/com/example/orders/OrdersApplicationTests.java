package com.example.orders;

import java.time.Duration;

import dev.orbit.fleet.Fleet;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's quick start, tested as an application tests it: with {@code orbit-spring-boot-test} on the test
 * class path this context joins a fleet of its own, never the one a locally running copy of the application uses.
 */
@SpringBootTest
class OrdersApplicationTests {

    @Autowired
    private Books books;

    @Autowired
    private Jobs jobs;

    @Autowired
    private Greetings greetings;

    @Autowired
    private Fleet fleet;

    @Test
    void shouldJoinAFleetOfItsOwn() {
        assertThat(this.fleet.name()).startsWith("test-");
    }

    @Test
    void shouldComputeABookOnce() {
        Book first = this.books.find("978-1");
        int lookups = this.books.lookups();
        assertThat(this.books.find("978-1")).isEqualTo(first);
        assertThat(this.books.findOnce("978-1")).isEqualTo(first);
        assertThat(this.books.lookups()).isEqualTo(lookups);
        this.books.reload();
        this.books.find("978-1");
        assertThat(this.books.lookups()).isEqualTo(lookups + 1);
    }

    @Test
    void shouldReceiveAGreeting() {
        Greeting greeting = new Greeting("test", "hello");
        this.greetings.send(greeting);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(this.greetings.received()).contains(greeting));
    }

    @Test
    void shouldRunClaimedJobs() {
        assertThat(this.jobs.rebuild("eu")).isEqualTo("rebuilt eu");
        await().atMost(Duration.ofSeconds(20)).until(() -> this.jobs.reports() == 1);
    }

}
