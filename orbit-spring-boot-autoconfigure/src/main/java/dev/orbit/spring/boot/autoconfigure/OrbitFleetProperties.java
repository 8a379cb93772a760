package dev.orbit.spring.boot.autoconfigure;

import java.nio.charset.StandardCharsets;

import dev.orbit.spring.boot.autoconfigure.diagnostics.InvalidOrbitPropertyException;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The fleet this process joins, under {@code orbit.fleet.*}.
 *
 * @see dev.orbit.fleet.FleetBuilder
 */
@ConfigurationProperties(OrbitFleetProperties.PREFIX)
public class OrbitFleetProperties implements InitializingBean {

    /** Prefix of these properties. */
    public static final String PREFIX = "orbit.fleet";

    /**
     * Fleet name, shared by every sibling process: 1 to 64 of [A-Za-z0-9_.-], starting with a letter or
     * digit. Defaults to 'spring.application.name' (with other characters replaced by '-'), else "orbit".
     */
    private String name;

    /**
     * Expected members (1 to 255); members never seen are reported as missing.
     */
    private int size = 8;

    /**
     * This process's node id (0 to 255). Without it, the process claims the first free slot.
     */
    private Integer nodeId;

    /**
     * Label shown to other members and tools, at most 64 UTF-8 bytes. Defaults to pid@host.
     */
    private String label;

    public String getName() {
        return this.name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public int getSize() {
        return this.size;
    }

    public void setSize(int size) {
        this.size = size;
    }

    public Integer getNodeId() {
        return this.nodeId;
    }

    public void setNodeId(Integer nodeId) {
        this.nodeId = nodeId;
    }

    public String getLabel() {
        return this.label;
    }

    public void setLabel(String label) {
        this.label = label;
    }

    @Override
    public void afterPropertiesSet() {
        if (this.name != null && !PropertyChecks.NAME.matcher(this.name).matches()) {
            throw new InvalidOrbitPropertyException("orbit.fleet.name", this.name,
                    "a fleet name is 1 to 64 of [A-Za-z0-9_.-] and starts with a letter or digit",
                    "use a name such as 'orders' or 'orders-prod', or remove the property to use "
                            + "spring.application.name");
        }
        if (this.size < 1 || this.size > 255) {
            throw new InvalidOrbitPropertyException("orbit.fleet.size", this.size,
                    "the fleet size must be between 1 and 255", "set orbit.fleet.size to the number of "
                            + "sibling processes you expect, from 1 to 255 (default 8)");
        }
        if (this.nodeId != null && (this.nodeId < 0 || this.nodeId > 255)) {
            throw new InvalidOrbitPropertyException("orbit.fleet.node-id", this.nodeId,
                    "a node id must be between 0 and 255",
                    "set orbit.fleet.node-id to a value from 0 to 255, or remove it to claim the first free slot");
        }
        if (this.label != null && this.label.getBytes(StandardCharsets.UTF_8).length > 64) {
            throw new InvalidOrbitPropertyException("orbit.fleet.label", this.label,
                    "a label is at most 64 UTF-8 bytes", "shorten orbit.fleet.label to 64 bytes or less");
        }
    }

}
