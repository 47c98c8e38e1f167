package dev.overcast.sandbox;

import java.nio.file.Path;
import java.util.Map;

/**
 * How to start the sandbox.
 *
 * @param dataDirectory where the embedded PostgreSQL keeps its data ({@code OVERCAST_DATA_DIR}, default
 *                      {@code ./.overcast-data})
 * @param gatewayPort   the single endpoint ({@code OVERCAST_PORT}, default 4566; 0 = any free port)
 * @param s3Port        the S3 service's own port ({@code OVERCAST_S3_PORT}, default 4572; 0 = any free port)
 * @param dynamodbPort  the DynamoDB service's own port ({@code OVERCAST_DYNAMODB_PORT}, default 4569; 0 = any free port)
 * @param kinesisPort   the Kinesis service's own port ({@code OVERCAST_KINESIS_PORT}, default 4568; 0 = any free port)
 * @param databaseUrl   an external PostgreSQL instead of the embedded one ({@code OVERCAST_DB_URL}), or null
 * @param databaseUser  its user ({@code OVERCAST_DB_USER}, default postgres)
 * @param databasePassword its password ({@code OVERCAST_DB_PASSWORD})
 * @param extra         further properties for every service context (SigV4 settings and the like)
 * @param busPort       the bus broker's port ({@code OVERCAST_BUS_PORT}, default 9092; 0 = any free port; -1 = no broker
 *                      and no bus, {@code OVERCAST_BUS=off})
 * @param busBootstrap  an external Kafka for the bus instead of the sandbox's broker ({@code OVERCAST_BUS_BOOTSTRAP}), or null
 */
public record SandboxOptions(Path dataDirectory, int gatewayPort, int s3Port, int dynamodbPort, int kinesisPort, String databaseUrl, String databaseUser,
                             String databasePassword, Map<String, Object> extra, int busPort, String busBootstrap) {

    /** The options without a bus (no broker started, no events recorded). */
    public SandboxOptions(Path dataDirectory, int gatewayPort, int s3Port, int dynamodbPort, int kinesisPort, String databaseUrl,
                          String databaseUser, String databasePassword, Map<String, Object> extra) {
        this(dataDirectory, gatewayPort, s3Port, dynamodbPort, kinesisPort, databaseUrl, databaseUser, databasePassword, extra, -1, null);
    }

    /** The same options with the sandbox's own bus broker on {@code port} (0: any free port). */
    public SandboxOptions withBusBroker(int port) {
        return new SandboxOptions(dataDirectory, gatewayPort, s3Port, dynamodbPort, kinesisPort, databaseUrl, databaseUser,
                databasePassword, extra, port, null);
    }

    /**
     * The options without a Kinesis port: Kinesis on any free port (the signature callers used before Kinesis
     * joined the suite).
     */
    public SandboxOptions(Path dataDirectory, int gatewayPort, int s3Port, int dynamodbPort, String databaseUrl,
                          String databaseUser, String databasePassword, Map<String, Object> extra) {
        this(dataDirectory, gatewayPort, s3Port, dynamodbPort, 0, databaseUrl, databaseUser, databasePassword, extra);
    }

    /**
     * The options from {@code OVERCAST_*} variables. Settings the services read themselves ({@code OVERCAST_SIGV4},
     * {@code OVERCAST_ACCOUNTS}, …) need no copying: every context's environment holds the process environment.
     */
    public static SandboxOptions fromEnvironment(Map<String, String> env) {
        return new SandboxOptions(
                Path.of(env.getOrDefault("OVERCAST_DATA_DIR", ".overcast-data")),
                Integer.parseInt(env.getOrDefault("OVERCAST_PORT", "4566")),
                Integer.parseInt(env.getOrDefault("OVERCAST_S3_PORT", "4572")),
                Integer.parseInt(env.getOrDefault("OVERCAST_DYNAMODB_PORT", "4569")),
                Integer.parseInt(env.getOrDefault("OVERCAST_KINESIS_PORT", "4568")),
                env.get("OVERCAST_DB_URL"),
                env.getOrDefault("OVERCAST_DB_USER", "postgres"),
                env.getOrDefault("OVERCAST_DB_PASSWORD", ""),
                Map.of(),
                "off".equalsIgnoreCase(env.get("OVERCAST_BUS")) ? -1 : Integer.parseInt(env.getOrDefault("OVERCAST_BUS_PORT", "9092")),
                "off".equalsIgnoreCase(env.get("OVERCAST_BUS")) ? null : env.get("OVERCAST_BUS_BOOTSTRAP"));
    }

    /** Random ports and the given data directory, no bus ({@link #withBusBroker} adds one): for tests. */
    public static SandboxOptions forTests(Path dataDirectory, Map<String, Object> extra) {
        return new SandboxOptions(dataDirectory, 0, 0, 0, 0, null, "postgres", "", extra);
    }
}
