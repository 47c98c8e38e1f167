package dev.overcast.common.bus;

import org.springframework.core.env.Environment;

/**
 * Where a service's events go: the Kafka bootstrap servers of the bus, from {@code overcast.bus.bootstrap} (what the
 * sandbox sets to its own broker) or {@code OVERCAST_BUS_BOOTSTRAP} (an external Kafka); none, or
 * {@code OVERCAST_BUS=off}, means no bus: events are then not recorded at all.
 *
 * @param bootstrapServers the brokers to bootstrap from ({@code host:port,…}), or null without a bus
 */
public record BusSettings(String bootstrapServers) {

    public static BusSettings from(Environment env) {
        String mode = first(env, "overcast.bus.enabled", "OVERCAST_BUS");
        String bootstrap = first(env, "overcast.bus.bootstrap", "OVERCAST_BUS_BOOTSTRAP");
        if ("off".equalsIgnoreCase(mode) || "false".equalsIgnoreCase(mode) || bootstrap == null || bootstrap.isBlank()) {
            return new BusSettings(null);
        }
        return new BusSettings(bootstrap.trim());
    }

    private static String first(Environment env, String property, String variable) {
        String value = env.getProperty(property);
        return value != null ? value : env.getProperty(variable);
    }

    public boolean enabled() {
        return bootstrapServers != null;
    }
}
