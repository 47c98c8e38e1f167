package dev.overcast.kafka.workerconfiguration;

import dev.overcast.kafka.ConnectErrors;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * A worker configuration's properties file: base64 of a Java properties file. MSK Connect runs the workers itself, so
 * the settings that say where they are and how they reach the cluster are its own and refused here; the rest
 * (converters, offset flushing, config providers, ...) go to the workers as written.
 */
public final class WorkerProperties {

    /** What MSK Connect sets on its workers and a worker configuration cannot. */
    private static final Set<String> MANAGED = Set.of("bootstrap.servers", "group.id", "plugin.path", "listeners",
            "config.storage.topic", "status.storage.topic", "config.storage.replication.factor",
            "offset.storage.replication.factor", "status.storage.replication.factor", "security.protocol",
            "sasl.mechanism", "sasl.jaas.config", "client.id");
    private static final Set<String> MANAGED_PREFIXES = Set.of("rest.", "admin.listeners", "ssl.", "sasl.");

    private WorkerProperties() {
    }

    /** The properties of a base64 properties file; BadRequestException for bad base64 or a setting MSK Connect keeps. */
    public static Map<String, String> parse(String base64) {
        if (base64 == null || base64.isEmpty()) {
            throw ConnectErrors.badRequest("The propertiesFileContent parameter is required.");
        }
        String text;
        try {
            text = new String(Base64.getDecoder().decode(base64.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ConnectErrors.badRequest("The propertiesFileContent parameter must be a base64-encoded properties file.");
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw ConnectErrors.badRequest("The propertiesFileContent parameter is not a valid properties file: " + e.getMessage());
        }
        Map<String, String> properties = new LinkedHashMap<>();
        p.stringPropertyNames().stream().sorted().forEach(k -> properties.put(k, p.getProperty(k)));
        for (String key : properties.keySet()) {
            if (MANAGED.contains(key) || MANAGED_PREFIXES.stream().anyMatch(key::startsWith)) {
                throw ConnectErrors.badRequest("The worker configuration property " + key
                        + " is managed by MSK Connect and cannot be set.");
            }
        }
        return properties;
    }
}
