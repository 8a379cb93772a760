package dev.orbit.spring.boot.autoconfigure;

import java.nio.file.Path;

import dev.orbit.ring.RingSpec;
import dev.orbit.shm.AccessMode;
import dev.orbit.spring.boot.autoconfigure.PropertyChecks.Limit;
import dev.orbit.spring.boot.autoconfigure.PropertyChecks.Size;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Shared memory backing, under {@code orbit.shm.*}.
 */
@ConfigurationProperties(OrbitShmProperties.PREFIX)
public class OrbitShmProperties implements InitializingBean {

    /** Prefix of these properties. */
    public static final String PREFIX = "orbit.shm";

    private static final int DEFAULT_CAPACITY = 1024;

    private static final DataSize DEFAULT_PAYLOAD_SIZE = DataSize.ofBytes(256);

    /**
     * Whether rings live in shared memory, visible to sibling processes. When false the fleet lives in
     * this process's memory only. Defaults to true where /dev/shm exists.
     */
    private Boolean enabled;

    /**
     * Directory of the segment files. Defaults to /dev/shm on Linux, else the temporary directory.
     */
    private Path directory;

    /**
     * Default number of slots (a power of two) of a ring whose type does not declare one.
     */
    private int capacity = DEFAULT_CAPACITY;

    /**
     * Default payload bytes per slot of a ring whose type does not declare them.
     */
    private DataSize payloadSize = DEFAULT_PAYLOAD_SIZE;

    /**
     * File permissions of the segments: OWNER (0600), GROUP_READ (0640) or GROUP_READ_WRITE (0660).
     */
    private AccessMode mode = AccessMode.OWNER;

    public Boolean getEnabled() {
        return this.enabled;
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    public Path getDirectory() {
        return this.directory;
    }

    public void setDirectory(Path directory) {
        this.directory = directory;
    }

    public int getCapacity() {
        return this.capacity;
    }

    public void setCapacity(int capacity) {
        this.capacity = capacity;
    }

    public DataSize getPayloadSize() {
        return this.payloadSize;
    }

    public void setPayloadSize(DataSize payloadSize) {
        this.payloadSize = payloadSize;
    }

    public AccessMode getMode() {
        return this.mode;
    }

    public void setMode(AccessMode mode) {
        this.mode = mode;
    }

    /**
     * @return the default ring spec.
     */
    public RingSpec defaultSpec() {
        return PropertyChecks.spec(new Limit("orbit.shm.capacity", this.capacity, DEFAULT_CAPACITY, "the default"),
                new Size("orbit.shm.payload-size", this.payloadSize, DEFAULT_PAYLOAD_SIZE));
    }

    @Override
    public void afterPropertiesSet() {
        defaultSpec();
    }

}
