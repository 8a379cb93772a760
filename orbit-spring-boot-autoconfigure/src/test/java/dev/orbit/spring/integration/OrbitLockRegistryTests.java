package dev.orbit.spring.integration;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;

import dev.orbit.contest.Subject;
import dev.orbit.fleet.Fleet;
import dev.orbit.spring.boot.autoconfigure.OrbitTestSupport;
import dev.orbit.spring.scheduling.OrbitScheduler;
import dev.orbit.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.leader.event.AbstractLeaderEvent;
import org.springframework.integration.leader.event.OnGrantedEvent;
import org.springframework.integration.leader.event.OnRevokedEvent;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;
import org.springframework.integration.support.locks.LockRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@link OrbitLockRegistry}: Spring Integration locks that exclude across processes (two fleet handles over one
 * directory behave as two processes), and Spring Integration's own leader initiator over them.
 */
class OrbitLockRegistryTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path directory;

    private final String name = OrbitTestSupport.uniqueFleetName();

    private final OrbitScheduler scheduler = new OrbitScheduler();

    private Fleet one;

    private Fleet two;

    @BeforeEach
    void join() {
        this.one = Fleet.builder().name(this.name).directory(this.directory).joinShm();
        this.two = Fleet.builder().name(this.name).directory(this.directory).joinShm();
    }

    @AfterEach
    void leave() {
        this.scheduler.destroy();
        this.one.close();
        this.two.close();
        Fleet.unlink(this.directory, this.name, true);
    }

    @Test
    void shouldExcludeAcrossProcessesAndBeReentrantWithinAThread() throws Exception {
        OrbitLockRegistry registryOne = new OrbitLockRegistry(this.one.contest(), this.scheduler, Duration.ofSeconds(30));
        OrbitLockRegistry registryTwo = new OrbitLockRegistry(this.two.contest(), this.scheduler, Duration.ofSeconds(30));
        Lock lock = registryOne.obtain("orders");
        assertThat(registryOne.obtain("orders")).isSameAs(lock);
        assertThat(lock.tryLock()).isTrue();
        assertThat(lock.tryLock()).as("reentrant for its thread").isTrue();
        assertThat(registryTwo.obtain("orders").tryLock()).as("held by the other process").isFalse();
        lock.unlock();
        assertThat(registryTwo.obtain("orders").tryLock()).as("still held once").isFalse();
        assertThat(this.two.contest().holder(Subject.of("orders"))).isPresent();
        lock.unlock();
        Lock other = registryTwo.obtain("orders");
        assertThat(other.tryLock()).isTrue();
        other.unlock();
    }

    @Test
    void shouldWaitForTheHolderWithinTryLockTime() throws Exception {
        OrbitLockRegistry registryOne = new OrbitLockRegistry(this.one.contest(), this.scheduler, Duration.ofSeconds(30));
        OrbitLockRegistry registryTwo = new OrbitLockRegistry(this.two.contest(), this.scheduler, Duration.ofSeconds(30));
        Lock held = registryOne.obtain("batch");
        held.lock();
        AtomicBoolean acquired = new AtomicBoolean();
        Thread waiter = new Thread(() -> {
            Lock lock = registryTwo.obtain("batch");
            try {
                if (lock.tryLock(60, TimeUnit.SECONDS)) {
                    acquired.set(true);
                    lock.unlock();
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        Await.until(TIMEOUT, () -> waiter.getState() == Thread.State.TIMED_WAITING, "the waiter to wait");
        assertThat(acquired).isFalse();
        held.unlock();
        waiter.join(TIMEOUT.toMillis());
        assertThat(acquired).as("acquired once released, within its wait").isTrue();
    }

    @Test
    void shouldRenewHeldClaimsAndReportALostOneAtUnlock() {
        OrbitLockRegistry registry = new OrbitLockRegistry(this.one.contest(), this.scheduler, Duration.ofMillis(300));
        Lock lock = registry.obtain("renewed");
        assertThat(lock.tryLock()).isTrue();
        long firstExpiry = this.two.contest().holder(Subject.of("renewed")).orElseThrow().expiresAtMs();
        Await.until(TIMEOUT,
                () -> this.two.contest().holder(Subject.of("renewed")).orElseThrow().expiresAtMs() > firstExpiry,
                "a keep-alive renewal");
        lock.unlock();
        OrbitLockRegistry unrenewed = new OrbitLockRegistry(this.one.contest(), null, Duration.ofMillis(50));
        Lock lost = unrenewed.obtain("lost");
        assertThat(lost.tryLock()).isTrue();
        Await.until(TIMEOUT,
                () -> this.two.contest().tryClaim(Subject.of("lost"), "thief", Duration.ofMinutes(1))
                    instanceof dev.orbit.contest.Claimed, "the claim to expire and another process to take it");
        assertThatIllegalStateException().isThrownBy(lost::unlock).withMessageContaining("'lost' was lost");
        assertThat(lost.tryLock()).as("the local lock was released all the same").isFalse();
    }

    @Test
    void shouldElectOneLeaderAcrossProcessesWithSpringIntegrationsInitiator() {
        List<String> events = new CopyOnWriteArrayList<>();
        LockRegistryLeaderInitiator first = initiator(this.one, "first", events);
        LockRegistryLeaderInitiator second = initiator(this.two, "second", events);
        first.start();
        Await.until(TIMEOUT, () -> first.getContext().isLeader(), "the first to lead");
        second.start();
        try {
            assertThat(second.getContext().isLeader()).isFalse();
            first.stop();
            Await.until(TIMEOUT, () -> second.getContext().isLeader(),
                    "the second to lead once the first stopped");
            // isLeader() turns true before the initiator publishes its granted event: wait for the event too.
            Await.until(TIMEOUT, () -> events.contains("second granted"),
                    () -> "the second's granted event in " + events);
            assertThat(events).containsSubsequence("first granted", "first revoked", "second granted");
            assertThat(first.getContext().isLeader()).isFalse();
        }
        finally {
            first.stop();
            second.stop();
        }
    }

    private LockRegistryLeaderInitiator initiator(Fleet fleet, String id, List<String> events) {
        LockRegistryLeaderInitiator initiator = new LockRegistryLeaderInitiator(
                new OrbitLockRegistry(fleet.contest(), this.scheduler, Duration.ofSeconds(30)));
        initiator.setBusyWaitMillis(10);
        initiator.setHeartBeatMillis(100);
        initiator.setApplicationEventPublisher((event) -> {
            if (event instanceof OnGrantedEvent) {
                events.add(id + " granted");
            }
            else if (event instanceof OnRevokedEvent) {
                events.add(id + " revoked");
            }
        });
        return initiator;
    }

    @Test
    void shouldBeAutoConfiguredAndStepAside() {
        ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(OrbitTestSupport.orbitAutoConfigurations())
            .withPropertyValues(OrbitTestSupport.inProcess());
        runner.run((context) -> assertThat(context).hasSingleBean(OrbitLockRegistry.class));
        runner.withUserConfiguration(LeaderApplication.class).run((context) -> {
            Await.until(TIMEOUT, () -> context.getBean(LeaderApplication.class).granted.get(),
                    "this process to lead role 'reports'");
            assertThat(context.getBean(LockRegistryLeaderInitiator.class).getContext().getRole()).isEqualTo("reports");
        });
        runner.withBean("otherRegistry", LockRegistry.class, () -> (key) -> null)
            .run((context) -> assertThat(context).doesNotHaveBean(OrbitLockRegistry.class));
        runner.withPropertyValues("orbit.integration.enabled=false")
            .run((context) -> assertThat(context).doesNotHaveBean(OrbitLockRegistry.class));
        runner.withClassLoader(new FilteredClassLoader("org.springframework.integration"))
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(OrbitLockRegistry.class));
    }

    /**
     * Leader election as a Spring Integration application writes it: the initiator over the registry bean, and a
     * listener of its events.
     */
    @Configuration(proxyBeanMethods = false)
    static class LeaderApplication implements ApplicationListener<AbstractLeaderEvent> {

        final AtomicBoolean granted = new AtomicBoolean();

        @Bean
        LockRegistryLeaderInitiator leaderInitiator(LockRegistry<?> locks) {
            LockRegistryLeaderInitiator initiator = new LockRegistryLeaderInitiator(locks,
                    new org.springframework.integration.leader.DefaultCandidate("node", "reports"));
            initiator.setBusyWaitMillis(10);
            return initiator;
        }

        @Override
        public void onApplicationEvent(AbstractLeaderEvent event) {
            if (event instanceof OnGrantedEvent) {
                this.granted.set(true);
            }
        }

    }

}
