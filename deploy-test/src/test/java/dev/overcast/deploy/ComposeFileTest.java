package dev.overcast.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@code docker compose config} would check, without a Docker engine: the file against a strict JSON schema of
 * the compose keys it uses (written here: {@code compose-subset.schema.json}), then the references compose resolves
 * (dependencies, volumes, variables), and that each Overcast container gets the settings its application reads.
 */
class ComposeFileTest {

    static final Path COMPOSE = Repository.file("docker-compose.yml");

    /** Variables compose wires before an application reads them: the bus client lands with its own issue. */
    static final Set<String> WIRED_AHEAD = Set.of("OVERCAST_BUS_BOOTSTRAP");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Schema schema() throws Exception {
        try (InputStream in = ComposeFileTest.class.getResourceAsStream("/compose-subset.schema.json")) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        }
    }

    @Test
    void theFileMatchesTheComposeSchema() throws Exception {
        ComposeFile compose = ComposeFile.load(COMPOSE, Map.of());
        List<Error> errors = schema().validate(JSON.valueToTree(compose.model()));
        assertThat(errors).as("schema errors").isEmpty();
    }

    @Test
    void theSchemaRefusesWhatComposeRefuses() throws Exception {
        ComposeFile compose = ComposeFile.load(COMPOSE, Map.of());
        Map<String, Object> typo = deepCopy(compose.model());
        ComposeFile.<Map<String, Object>>cast(ComposeFile.<Map<String, Object>>cast(typo.get("services")).get("s3"))
                .put("helthcheck", Map.of("test", "true"));
        assertThat(schema().validate(JSON.valueToTree(typo))).isNotEmpty();
        Map<String, Object> badCondition = deepCopy(compose.model());
        Map<String, Object> gateway = ComposeFile.cast(ComposeFile.<Map<String, Object>>cast(badCondition.get("services")).get("gateway"));
        gateway.put("depends_on", Map.of("s3", Map.of("condition", "service_ready")));
        assertThat(schema().validate(JSON.valueToTree(badCondition))).isNotEmpty();
        Map<String, Object> badDuration = deepCopy(compose.model());
        ComposeFile.<Map<String, Object>>cast(ComposeFile.<Map<String, Object>>cast(
                ComposeFile.<Map<String, Object>>cast(badDuration.get("services")).get("s3")).get("healthcheck")).put("interval", "10");
        assertThat(schema().validate(JSON.valueToTree(badDuration))).isNotEmpty();
    }

    @Test
    void referencesResolve() throws Exception {
        String raw = Files.readString(COMPOSE);
        // with nothing set, `docker compose up` needs no variable: each one has a default
        Matcher bare = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}").matcher(raw);
        assertThat(bare.find()).as("a variable without default").isFalse();
        ComposeFile compose = ComposeFile.load(COMPOSE, Map.of());
        Set<String> declaredVolumes = compose.model().get("volumes") instanceof Map<?, ?> v
                ? ComposeFile.<Map<String, Object>>cast(v).keySet() : Set.of();
        compose.services().forEach((name, definition) -> {
            Map<String, Object> service = ComposeFile.cast(definition);
            assertThat(service).as(name + " restart policy").containsKey("restart");
            assertThat(compose.healthcheck(name)).as(name + " healthcheck").isNotEmpty();
            if (service.get("depends_on") instanceof Map<?, ?> deps) {
                deps.forEach((dep, condition) -> {
                    assertThat(compose.services()).as(name + " depends on " + dep).containsKey(dep.toString());
                    assertThat(ComposeFile.<Map<String, Object>>cast(condition)).containsEntry("condition", "service_healthy");
                });
            }
            if (service.get("volumes") instanceof List<?> volumes) {
                for (Object volume : volumes) {
                    String source = volume.toString().split(":")[0];
                    if (!source.startsWith(".") && !source.startsWith("/")) {
                        assertThat(declaredVolumes).as(name + " volume " + source).contains(source);
                    }
                }
            }
        });
    }

    @Test
    void eachOvercastContainerGetsTheSettingsItsApplicationReads() throws Exception {
        ComposeFile compose = ComposeFile.load(COMPOSE, Map.of());
        Map<String, String> modules = overcastModules(compose);
        assertThat(modules.values()).contains("gateway", "s3-svc", "dynamodb-svc", "kinesis-svc", "kafka-svc", "glue-svc", "stream-processor-svc", "firehose-svc");
        modules.forEach((name, module) -> {
            Map<String, String> args = compose.buildArgs(name);
            Map.Entry<String, Integer> port = Repository.portSetting(module);
            assertThat(args).as(name).containsEntry("PORT_ENV", port.getKey()).containsEntry("PORT", port.getValue().toString());
            assertThat(compose.service(name).get("image").toString()).startsWith("overcast/" + module + ":");
            Map<String, String> env = compose.environment(name);
            assertThat(env).as(name).containsEntry(port.getKey(), port.getValue().toString());
            Set<String> unread = new TreeSet<>(env.keySet());
            unread.removeAll(Repository.settingsRead(module));
            unread.removeAll(WIRED_AHEAD);
            assertThat(unread).as(name + ": variables its application does not read").isEmpty();
            String health = module.equals("gateway") ? "/_overcast/health/ready" : "/actuator/health";
            URI probe = URI.create(compose.healthcheck(name).stream().filter(a -> a.startsWith("http://")).findFirst().orElseThrow());
            assertThat(probe.getPort()).as(name + " healthcheck port").isEqualTo(port.getValue());
            assertThat(probe.getPath()).as(name + " healthcheck").isEqualTo(health);
            if (!module.equals("gateway")) {
                assertThat(env).as(name).containsKeys("OVERCAST_DB_URL", "OVERCAST_DB_USER", "OVERCAST_DB_PASSWORD", "OVERCAST_BUS_BOOTSTRAP");
                assertThat(env.get("OVERCAST_DB_URL")).startsWith("jdbc:postgresql://postgres:5432/");
                assertThat(env.get("OVERCAST_BUS_BOOTSTRAP")).isEqualTo("kafka:9092");
            }
        });
        // the gateway reaches every service by its compose name and own port
        Map<String, String> gateway = compose.environment("gateway");
        modules.forEach((name, module) -> {
            if (!module.equals("gateway")) {
                // MSK's container is msk (kafka is the bus's broker); the gateway's variable names the service, kafka
                String service = name.equals("msk") ? "kafka" : name;
                assertThat(gateway).containsEntry("OVERCAST_" + service.toUpperCase() + "_URL",
                        "http://" + name + ":" + Repository.portSetting(module).getValue());
            }
        });
        assertThat(ComposeFile.<List<Object>>cast(compose.service("gateway").get("ports"))).contains("4566:4566");
        // the database and its credentials are the postgres service's
        Map<String, String> postgres = compose.environment("postgres");
        assertThat(compose.environment("s3").get("OVERCAST_DB_URL")).endsWith("/" + postgres.get("POSTGRES_DB"));
        assertThat(compose.environment("s3")).containsEntry("OVERCAST_DB_USER", postgres.get("POSTGRES_USER"))
                .containsEntry("OVERCAST_DB_PASSWORD", postgres.get("POSTGRES_PASSWORD"));
    }

    @Test
    void dockerComposeConfigWhereTheClientHasIt() throws Exception {
        boolean available;
        try {
            Process version = new ProcessBuilder("docker", "compose", "version").redirectErrorStream(true).start();
            version.getInputStream().readAllBytes();
            available = version.waitFor(30, TimeUnit.SECONDS) && version.exitValue() == 0;
        } catch (java.io.IOException e) {
            available = false;
        }
        assumeTrue(available, "the docker client has no compose plugin here: the schema check above stands in for it");
        Process config = new ProcessBuilder("docker", "compose", "-f", COMPOSE.toString(), "config", "-q")
                .redirectErrorStream(true).start();
        String output = new String(config.getInputStream().readAllBytes());
        assertThat(config.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(config.exitValue()).as(output).isZero();
    }

    /** Compose service name → module, for the services built from this repository's Dockerfile. */
    static Map<String, String> overcastModules(ComposeFile compose) {
        Map<String, String> modules = new LinkedHashMap<>();
        compose.services().keySet().forEach(name -> {
            String module = compose.buildArgs(name).get("MODULE");
            if (module != null) {
                modules.put(name, module);
            }
        });
        return modules;
    }

    private static Map<String, Object> deepCopy(Map<String, Object> model) {
        return ComposeFile.cast(JSON.convertValue(model, Map.class));
    }

    static JsonNode tree(Object o) {
        return JSON.valueToTree(o);
    }
}
