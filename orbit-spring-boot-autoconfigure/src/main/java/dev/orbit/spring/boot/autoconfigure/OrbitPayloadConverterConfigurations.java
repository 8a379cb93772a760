package dev.orbit.spring.boot.autoconfigure;

import dev.orbit.spring.event.JacksonOrbitPayloadConverter;
import dev.orbit.spring.event.OrbitPayloadConverter;
import dev.orbit.spring.event.SimpleOrbitPayloadConverter;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link OrbitPayloadConverter} choices, imported in order: JSON with Jackson when present, else bytes and
 * text only.
 */
abstract class OrbitPayloadConverterConfigurations {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "tools.jackson.databind.json.JsonMapper")
    static class Jackson {

        @Bean
        @ConditionalOnMissingBean
        OrbitPayloadConverter orbitPayloadConverter(ObjectProvider<JsonMapper> jsonMapper) {
            return new JacksonOrbitPayloadConverter(jsonMapper.getIfAvailable(JsonMapper::shared));
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class Simple {

        @Bean
        @ConditionalOnMissingBean
        OrbitPayloadConverter orbitPayloadConverter() {
            return new SimpleOrbitPayloadConverter();
        }

    }

}
