package dev.orbit.spring.boot.autoconfigure.bridge;

import java.time.Duration;

import dev.orbit.redis.RedisBridge;
import dev.orbit.spring.boot.autoconfigure.OrbitAutoConfiguration;
import dev.orbit.spring.boot.autoconfigure.OrbitTestSupport;
import dev.orbit.testsupport.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bridge over TLS with Boot's SSL bundles: a Redis whose certificate the JVM does not trust is reached when
 * {@code spring.data.redis.ssl.bundle} names a bundle that trusts it, as Spring Data Redis's own connections
 * are; with TLS on but no bundle the handshake fails and the bridge says why.
 */
class BridgeSslBundleTests {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private static TlsRedis redis;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(OrbitAutoConfiguration.class, SslAutoConfiguration.class,
                DataRedisAutoConfiguration.class, OrbitBridgeAutoConfiguration.class))
        .withPropertyValues("orbit.shm.enabled=false", "orbit.fleet.name=" + OrbitTestSupport.uniqueFleetName(),
                "orbit.bridge.redis.enabled=true", "orbit.bridge.host-id=tls", "orbit.bridge.command-timeout=1s");

    @BeforeAll
    static void startRedis() {
        redis = TlsRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void shouldConnectThroughTheTrustOfTheSslBundle() {
        this.runner
            .withPropertyValues("spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port(),
                    "spring.data.redis.ssl.bundle=redis",
                    "spring.ssl.bundle.pem.redis.truststore.certificate=file:" + redis.certificate())
            .run((context) -> {
                RedisBridge bridge = context.getBean(RedisBridge.class);
                Await.until(DEADLINE, bridge::isConnected,
                        () -> "the bridge to connect over TLS; last error: " + bridge.stats().lastError());
            });
    }

    @Test
    void shouldTellWhyTheHandshakeFailsWithoutTheBundle() {
        this.runner
            .withPropertyValues("spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port(),
                    "spring.data.redis.ssl.enabled=true")
            .run((context) -> {
                RedisBridge bridge = context.getBean(RedisBridge.class);
                Await.until(DEADLINE, () -> bridge.stats().lastError() != null, "the bridge to report its error");
                assertThat(bridge.isConnected()).isFalse();
                assertThat(bridge.stats().lastError()).containsAnyOf("SSL", "PKIX", "certification path", "certificate", "handshake");
            });
    }

}
