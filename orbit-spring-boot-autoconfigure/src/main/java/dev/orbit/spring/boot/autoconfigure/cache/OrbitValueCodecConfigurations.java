package dev.orbit.spring.boot.autoconfigure.cache;

import java.util.List;

import dev.orbit.spring.boot.autoconfigure.OrbitCacheProperties;
import dev.orbit.spring.cache.JacksonOrbitValueCodec;
import dev.orbit.spring.cache.OrbitValueCodec;
import dev.orbit.spring.cache.SimpleOrbitValueCodec;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link OrbitValueCodec} choices, imported in order: JSON with Jackson when present, else bytes, text and
 * numbers only.
 */
abstract class OrbitValueCodecConfigurations {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "tools.jackson.databind.json.JsonMapper")
    static class Jackson {

        @Bean
        @ConditionalOnMissingBean
        OrbitValueCodec orbitValueCodec(ObjectProvider<JsonMapper> jsonMapper, OrbitCacheProperties cache,
                BeanFactory beanFactory) {
            return new JacksonOrbitValueCodec(jsonMapper.getIfAvailable(JsonMapper::shared),
                    trustedPackages(cache.getTrustedPackages(), beanFactory));
        }

        /**
         * @return the configured packages, else the application's own (those of {@code @SpringBootApplication}
         *         or {@code @AutoConfigurationPackage}), else none (only {@code java.*} is then trusted).
         */
        static List<String> trustedPackages(List<String> configured, BeanFactory beanFactory) {
            if (!configured.isEmpty()) {
                return configured;
            }
            return AutoConfigurationPackages.has(beanFactory) ? AutoConfigurationPackages.get(beanFactory) : List.of();
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class Simple {

        @Bean
        @ConditionalOnMissingBean
        OrbitValueCodec orbitValueCodec() {
            return new SimpleOrbitValueCodec();
        }

    }

}
