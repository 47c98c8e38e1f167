package dev.overcast.kafka;

import dev.overcast.common.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kafka.KafkaClient;
import software.amazon.awssdk.services.kafka.model.ClusterState;

/** The MSK service started once per test JVM on the shared embedded PostgreSQL, and SDK clients for it. */
public final class KafkaTestService {

    /** A secret the test service maps to alice:alice-secret (OVERCAST_SCRAM_SECRETS). */
    public static final String SCRAM_SECRET = "arn:aws:secretsmanager:us-east-1:000000000000:secret:AmazonMSK_alice-Ab12Cd";

    private static ConfigurableApplicationContext context;
    private static int port;
    private static Path dataDir;

    private KafkaTestService() {
    }

    public static synchronized int port() {
        if (context == null) {
            try {
                dataDir = Files.createTempDirectory("overcast-kafka-test");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            context = start("kafka", dataDir);
            port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> TestDatabase.deleteRecursively(dataDir)));
        }
        return port;
    }

    /** The data directory of the service {@link #port} starts (its brokers' folders, its engines). */
    public static Path dataDir() {
        port();
        return dataDir;
    }

    /** A service on {@code schema} with its brokers under {@code data}: a test of restarts starts its own. */
    public static ConfigurableApplicationContext start(String schema, Path data) {
        return start(schema, data, Map.of());
    }

    /** A service of its own with settings of its own ({@code extra}, e.g. SigV4 in verify mode). */
    public static ConfigurableApplicationContext start(String schema, Path data, Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>();
        props.put("spring.datasource.url", TestDatabase.jdbcUrl(schema));
        props.put("overcast.db.schema", schema);
        props.put("spring.flyway.schemas", schema);
        props.put("spring.flyway.default-schema", schema);
        props.put("server.port", 0);
        props.put("spring.main.banner-mode", "off");
        props.put("overcast.kafka.data-dir", data.toString());
        props.put("overcast.kafka.scram-secrets", SCRAM_SECRET + "=alice:alice-secret");
        props.putAll(extra);
        return KafkaApplication.builder().properties(props).run();
    }

    public static URI endpoint() {
        return URI.create("http://localhost:" + port());
    }

    public static KafkaClient client() {
        return client(endpoint());
    }

    public static KafkaClient client(URI endpoint) {
        return client(endpoint, "000000000000", "secret");
    }

    public static KafkaClient client(URI endpoint, String accessKeyId, String secretAccessKey) {
        return KafkaClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** The suite's MSK CA (GET /_overcast/kafka/ca.pem on the service), written to {@code file} for a PEM trust store. */
    public static Path caPem(URI endpoint, Path file) {
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            var r = http.send(java.net.http.HttpRequest.newBuilder(endpoint.resolve("/_overcast/kafka/ca.pem")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("GET /_overcast/kafka/ca.pem answered " + r.statusCode());
            }
            return Files.writeString(file, r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String name(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Waits until the cluster is in {@code state} (fails on FAILED or after five minutes: the machine may be loaded). */
    public static void await(KafkaClient msk, String arn, ClusterState state) {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (true) {
            var info = msk.describeClusterV2(b -> b.clusterArn(arn)).clusterInfo();
            if (info.state() == state) {
                return;
            }
            if (info.state() == ClusterState.FAILED) {
                throw new AssertionError("cluster " + arn + " FAILED: " + info.stateInfo());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("cluster " + arn + " still " + info.state() + ", not " + state);
            }
            sleep(100);
        }
    }

    /** Waits until the cluster is gone (DeleteCluster done). */
    public static void awaitGone(KafkaClient msk, String arn) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                msk.describeClusterV2(b -> b.clusterArn(arn));
            } catch (software.amazon.awssdk.services.kafka.model.NotFoundException e) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError("cluster " + arn + " was not deleted");
    }

    public static Admin admin(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(p);
    }

    /** Reads {@code count} values from partition 0 of the topic from the start, with these client settings. */
    public static List<String> consume(Properties settings, String topic, int count) {
        Properties p = new Properties();
        p.putAll(settings);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
