package dev.orbit.spring.cache;

import dev.orbit.fleet.Fleet;
import dev.orbit.spring.boot.autoconfigure.OrbitTestSupport;

/**
 * The {@link org.springframework.cache.Cache} contract over an in-process fleet.
 */
class InProcessOrbitSpringCacheContractTests extends AbstractOrbitSpringCacheContractTests {

    @Override
    protected Fleet joinFleet() {
        return Fleet.builder().name(OrbitTestSupport.uniqueFleetName()).clock(this.clock).join();
    }

}
