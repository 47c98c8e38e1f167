package dev.overcast.sandbox;

import dev.overcast.common.config.OvercastDataSourceAutoConfiguration;
import dev.overcast.common.db.EmbeddedPostgresServer;
import dev.overcast.dynamodb.DynamoDbApplication;
import dev.overcast.gateway.GatewayApplication;
import dev.overcast.s3.S3Application;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole suite in one JVM: an embedded PostgreSQL on a data directory, each service in its own Spring
 * context on its own port (services talk only over HTTP, as when deployed), then the gateway.
 */
public final class Sandbox implements AutoCloseable {

    private final EmbeddedPostgresServer postgres;
    private final List<ConfigurableApplicationContext> contexts;
    private final int gatewayPort;
    private final int s3Port;
    private final int dynamodbPort;

    private Sandbox(EmbeddedPostgresServer postgres, List<ConfigurableApplicationContext> contexts, int gatewayPort,
                    int s3Port, int dynamodbPort) {
        this.postgres = postgres;
        this.contexts = contexts;
        this.gatewayPort = gatewayPort;
        this.s3Port = s3Port;
        this.dynamodbPort = dynamodbPort;
    }

    public static void main(String[] args) {
        Sandbox sandbox = start(SandboxOptions.fromEnvironment(System.getenv()));
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "overcast-shutdown"));
        double seconds = (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0;
        System.out.printf(Locale.ROOT, "Overcast ready in %.2f s: endpoint http://localhost:%d%n", seconds, sandbox.gatewayPort());
        if (Boolean.getBoolean("overcast.exit-when-ready")) {
            // a training run for the JVM's AOT cache (see ./overcast): start everything, then stop cleanly
            System.exit(0);
        }
    }

    public static Sandbox start(SandboxOptions options) {
        EmbeddedPostgresServer postgres = null;
        String s3Url;
        String dynamodbUrl;
        Map<String, Object> db = new LinkedHashMap<>();
        if (options.databaseUrl() != null) {
            s3Url = OvercastDataSourceAutoConfiguration.withSchema(options.databaseUrl(), "s3");
            dynamodbUrl = OvercastDataSourceAutoConfiguration.withSchema(options.databaseUrl(), "dynamodb");
            db.put("spring.datasource.username", options.databaseUser());
            db.put("spring.datasource.password", options.databasePassword());
        } else {
            postgres = EmbeddedPostgresServer.start(options.dataDirectory().resolve("postgres"), 0);
            s3Url = postgres.jdbcUrl("s3");
            dynamodbUrl = postgres.jdbcUrl("dynamodb");
        }
        List<ConfigurableApplicationContext> contexts = new ArrayList<>();
        try {
            Map<String, Object> s3Props = new LinkedHashMap<>(common(options));
            s3Props.putAll(db);
            s3Props.put("spring.datasource.url", s3Url);
            s3Props.put("server.port", options.s3Port());
            ConfigurableApplicationContext s3 = S3Application.builder().properties(s3Props).run();
            contexts.add(s3);
            int s3Port = port(s3);

            Map<String, Object> dynamodbProps = new LinkedHashMap<>(common(options));
            dynamodbProps.putAll(db);
            dynamodbProps.put("spring.datasource.url", dynamodbUrl);
            dynamodbProps.put("server.port", options.dynamodbPort());
            ConfigurableApplicationContext dynamodb = DynamoDbApplication.builder().properties(dynamodbProps).run();
            contexts.add(dynamodb);
            int dynamodbPort = port(dynamodb);

            Map<String, Object> gatewayProps = new LinkedHashMap<>(common(options));
            gatewayProps.put("server.port", options.gatewayPort());
            gatewayProps.put("overcast.gateway.services.s3.url", "http://127.0.0.1:" + s3Port);
            gatewayProps.put("overcast.gateway.services.dynamodb.url", "http://127.0.0.1:" + dynamodbPort);
            ConfigurableApplicationContext gateway = new SpringApplicationBuilder(GatewayApplication.class)
                    .web(WebApplicationType.REACTIVE).properties(gatewayProps).run();
            contexts.add(gateway);
            return new Sandbox(postgres, contexts, port(gateway), s3Port, dynamodbPort);
        } catch (RuntimeException e) {
            new Sandbox(postgres, contexts, 0, 0, 0).close();
            throw e;
        }
    }

    private static Map<String, Object> common(SandboxOptions options) {
        Map<String, Object> props = new LinkedHashMap<>(options.extra());
        props.put("spring.main.banner-mode", "off");
        props.put("spring.main.log-startup-info", "false");
        props.put("overcast.data-dir", options.dataDirectory().toString());
        return props;
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    public int gatewayPort() {
        return gatewayPort;
    }

    public int s3Port() {
        return s3Port;
    }

    public int dynamodbPort() {
        return dynamodbPort;
    }

    public String endpoint() {
        return "http://localhost:" + gatewayPort;
    }

    @Override
    public synchronized void close() {
        for (int i = contexts.size() - 1; i >= 0; i--) {
            try {
                contexts.get(i).close();
            } catch (RuntimeException ignored) {
                // keep closing the rest
            }
        }
        contexts.clear();
        if (postgres != null) {
            postgres.close();
        }
    }
}
