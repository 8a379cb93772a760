package dev.orbit.spring.boot.autoconfigure;

import dev.orbit.fleet.FleetBuilder;

/**
 * Customizes the {@link FleetBuilder} of the auto-configured fleet after the {@code orbit.*} properties were
 * applied; use it for options without a property (a clock, the pending timeout). Builder options may be set
 * once: a customizer cannot override an option that a property already set ({@code orbit.claims.slots} counts
 * as set only when it differs from its default).
 */
@FunctionalInterface
public interface OrbitFleetBuilderCustomizer {

    /**
     * @param builder the builder.
     */
    void customize(FleetBuilder builder);

}
