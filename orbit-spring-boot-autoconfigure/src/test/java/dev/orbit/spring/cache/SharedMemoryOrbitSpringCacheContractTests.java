package dev.orbit.spring.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.orbit.fleet.Fleet;
import dev.orbit.spring.boot.autoconfigure.OrbitTestSupport;
import org.junit.jupiter.api.AfterEach;

import org.springframework.util.FileSystemUtils;

/**
 * The {@link org.springframework.cache.Cache} contract over a shared-memory fleet (memory-mapped files).
 */
class SharedMemoryOrbitSpringCacheContractTests extends AbstractOrbitSpringCacheContractTests {

    private final String name = OrbitTestSupport.uniqueFleetName();

    private Path directory;

    @Override
    protected Fleet joinFleet() {
        try {
            this.directory = Files.createTempDirectory("orbit-cache-contract-");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return Fleet.builder().name(this.name).directory(this.directory).clock(this.clock).joinShm();
    }

    @AfterEach
    void removeSegments() throws IOException {
        Fleet.unlink(this.directory, this.name, true);
        FileSystemUtils.deleteRecursively(this.directory);
    }

}
