package dev.overcast.sandbox;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to start the sandbox.
 *
 * @param dataDirectory where the embedded PostgreSQL keeps its data ({@code OVERCAST_DATA_DIR}, default
 *                      {@code ./.overcast-data})
 * @param gatewayPort   the single endpoint ({@code OVERCAST_PORT}, default 4566; 0 = any free port)
 * @param servicePorts  each service's own port by service name ({@code OVERCAST_S3_PORT} default 4572, … as
 *                      {@link Sandbox#SERVICES} lists them; 0 or absent = any free port)
 * @param databaseUrl   an external PostgreSQL instead of the embedded one ({@code OVERCAST_DB_URL}), or null
 * @param databaseUser  its user ({@code OVERCAST_DB_USER}, default postgres)
 * @param databasePassword its password ({@code OVERCAST_DB_PASSWORD})
 * @param extra         further properties for every service context (SigV4 settings and the like)
 * @param busPort       the bus broker's port ({@code OVERCAST_BUS_PORT}, default 9092; 0 = any free port; -1 = no broker
 *                      and no bus, {@code OVERCAST_BUS=off})
 * @param busBootstrap  an external Kafka for the bus instead of the sandbox's broker ({@code OVERCAST_BUS_BOOTSTRAP}), or null
 */
public record SandboxOptions(Path dataDirectory, int gatewayPort, Map<String, Integer> servicePorts, String databaseUrl,
                             String databaseUser, String databasePassword, Map<String, Object> extra, int busPort,
                             String busBootstrap) {

    public SandboxOptions {
        servicePorts = Map.copyOf(servicePorts);
        extra = Map.copyOf(extra);
    }

    /** A service's own port as asked for (0: any free port). */
    public int servicePort(String service) {
        return servicePorts.getOrDefault(service, 0);
    }

    /** The same options with the sandbox's own bus broker on {@code port} (0: any free port). */
    public SandboxOptions withBusBroker(int port) {
        return new SandboxOptions(dataDirectory, gatewayPort, servicePorts, databaseUrl, databaseUser, databasePassword,
                extra, port, null);
    }

    /** The same options on an external PostgreSQL ({@code url} without a schema: each service adds its own). */
    public SandboxOptions withDatabase(String url, String user, String password) {
        return new SandboxOptions(dataDirectory, gatewayPort, servicePorts, url, user, password, extra, busPort, busBootstrap);
    }

    /** The same options with one service on a fixed port. */
    public SandboxOptions withServicePort(String service, int port) {
        Map<String, Integer> ports = new LinkedHashMap<>(servicePorts);
        ports.put(service, port);
        return new SandboxOptions(dataDirectory, gatewayPort, ports, databaseUrl, databaseUser, databasePassword, extra,
                busPort, busBootstrap);
    }

    /**
     * The options from {@code OVERCAST_*} variables. Settings the services read themselves ({@code OVERCAST_SIGV4},
     * {@code OVERCAST_ACCOUNTS}, …) need no copying: every context's environment holds the process environment.
     */
    public static SandboxOptions fromEnvironment(Map<String, String> env) {
        // OVERCAST_FREE_PORTS=true: every port not set explicitly is a free one chosen at start (tests, benchmarks, a
        // second sandbox on one machine); the ready line names the endpoint
        boolean free = "true".equalsIgnoreCase(env.get("OVERCAST_FREE_PORTS"));
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (Sandbox.ServiceSpec service : Sandbox.SERVICES) {
            ports.put(service.name(), Integer.parseInt(env.getOrDefault(service.portVariable(), free ? "0" : Integer.toString(service.defaultPort()))));
        }
        boolean noBus = "off".equalsIgnoreCase(env.get("OVERCAST_BUS"));
        return new SandboxOptions(
                Path.of(env.getOrDefault("OVERCAST_DATA_DIR", ".overcast-data")),
                Integer.parseInt(env.getOrDefault("OVERCAST_PORT", free ? "0" : "4566")),
                ports,
                env.get("OVERCAST_DB_URL"),
                env.getOrDefault("OVERCAST_DB_USER", "postgres"),
                env.getOrDefault("OVERCAST_DB_PASSWORD", ""),
                Map.of(),
                noBus ? -1 : Integer.parseInt(env.getOrDefault("OVERCAST_BUS_PORT", free ? "0" : "9092")),
                noBus ? null : env.get("OVERCAST_BUS_BOOTSTRAP"));
    }

    /**
     * Random ports, the given data directory and the embedded PostgreSQL, no bus ({@link #withBusBroker} adds one,
     * {@link #withDatabase} an external database): for tests.
     */
    public static SandboxOptions forTests(Path dataDirectory, Map<String, Object> extra) {
        return new SandboxOptions(dataDirectory, 0, Map.of(), null, "postgres", "", extra, -1, null);
    }
}
