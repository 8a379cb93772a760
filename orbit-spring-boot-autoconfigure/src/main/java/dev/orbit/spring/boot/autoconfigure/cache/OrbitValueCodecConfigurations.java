package dev.orbit.spring.boot.autoconfigure.cache;

import dev.orbit.spring.boot.autoconfigure.OrbitProperties;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
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
        OrbitValueCodec orbitValueCodec(ObjectProvider<JsonMapper> jsonMapper, OrbitProperties properties) {
            return new JacksonOrbitValueCodec(jsonMapper.getIfAvailable(JsonMapper::shared),
                    properties.getCache().getTrustedPackages());
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
