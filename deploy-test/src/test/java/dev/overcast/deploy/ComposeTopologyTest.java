package dev.overcast.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.overcast.common.testing.Boto3Scenario;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * docker-compose.yml run as separate processes (see {@link ComposeTopology}): each service's exec jar and the gateway
 * with the environment compose gives them, driven through the gateway by the AWS SDK for Java v2, the AWS CLI and
 * boto3. Then a second replica of every service and a gateway sending each request to the next replica in turn
 * (what it gets when compose scales a service: several addresses for one name), and what must hold across replicas
 * on one PostgreSQL: racing conditional writes with one winner, a multipart upload whose parts go to different
 * replicas, DynamoDB transactions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeTopologyTest {

    private static final List<String> SERVICES = List.of("s3", "dynamodb", "kinesis");
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    private ComposeTopology topology;
    private ComposeTopology.App gateway;
    private ComposeTopology.App replicatedGateway;
    private final Map<String, List<ComposeTopology.App>> replicas = new LinkedHashMap<>();
    private final Map<String, Long> idleRss = new LinkedHashMap<>();

    @BeforeAll
    void startTheTopology() throws Exception {
        topology = new ComposeTopology();
        for (String service : SERVICES) {
            replicas.put(service, new ArrayList<>(List.of(topology.start(service, 1, Map.of()), topology.start(service, 2, Map.of()))));
        }
        // the services this test leaves out (MSK, Glue, Managed Flink, Firehose: each tested on its own) are not
        // deployed here: the gateways get no address for them, so they answer that the service is not available
        Map<String, String> notDeployed = new LinkedHashMap<>();
        topology.compose.environment("gateway").forEach((variable, value) -> {
            if (variable.endsWith("_URL") && SERVICES.stream().noneMatch(s -> value.startsWith("http://" + s + ":"))) {
                notDeployed.put(variable, "");
            }
        });
        // as written: one address per service name
        gateway = topology.start("gateway", 1, notDeployed);
        // scaled to two: the gateway gets both replicas of each service
        Map<String, String> scaled = new LinkedHashMap<>(notDeployed);
        replicas.forEach((service, apps) -> scaled.put("OVERCAST_" + service.toUpperCase() + "_URL",
                apps.stream().map(a -> a.uri().toString()).collect(Collectors.joining(","))));
        replicatedGateway = topology.start("gateway", 2, scaled);
        // eight JVMs start at once: a generous bound for a machine shared with other builds, ended by the last ready
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        for (ComposeTopology.App app : topology.apps()) {
            topology.awaitHealthy(app, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        topology.apps().forEach(a -> idleRss.put(a.name(), a.rssKib()));
    }

    @AfterAll
    void stopTheTopology() throws IOException {
        if (topology == null) {
            return;
        }
        StringBuilder report = new StringBuilder("process\tmodule\tidle RSS MiB\tafter load RSS MiB\n");
        topology.apps().forEach(a -> report.append(a.name()).append('\t').append(a.module()).append('\t')
                .append(idleRss.getOrDefault(a.name(), -1L) / 1024).append('\t').append(a.rssKib() / 1024).append('\n'));
        System.out.print(report);
        Files.writeString(Path.of("target", "deploy-rss.tsv"), report);
        topology.close();
    }

    private static S3Client s3(URI endpoint) {
        return S3Client.builder().endpointOverride(endpoint).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).httpClientBuilder(ApacheHttpClient.builder().maxConnections(32)).build();
    }

    private static DynamoDbClient dynamodb(URI endpoint) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).httpClientBuilder(ApacheHttpClient.builder().maxConnections(32)).build();
    }

    @Test
    @Order(1)
    void theComposeTopologyServesTheSdk() {
        try (S3Client s3 = s3(gateway.uri()); DynamoDbClient ddb = dynamodb(gateway.uri());
             KinesisClient kinesis = kinesis(gateway.uri())) {
            s3.createBucket(b -> b.bucket("compose-sdk"));
            s3.putObject(p -> p.bucket("compose-sdk").key("hello.txt"), RequestBody.fromString("hello, compose"));
            assertThat(s3.getObjectAsBytes(g -> g.bucket("compose-sdk").key("hello.txt")).asUtf8String()).isEqualTo("hello, compose");

            createTable(ddb, "ComposeSdk");
            ddb.putItem(p -> p.tableName("ComposeSdk").item(Map.of("pk", s("k"), "v", n("1"))));
            assertThat(ddb.getItem(g -> g.tableName("ComposeSdk").key(Map.of("pk", s("k"))).consistentRead(true)).item())
                    .containsEntry("v", n("1"));

            kinesis.createStream(c -> c.streamName("compose-sdk").shardCount(1));
            kinesis.waiter().waitUntilStreamExists(d -> d.streamName("compose-sdk"));
            assertThat(kinesis.describeStreamSummary(d -> d.streamName("compose-sdk")).streamDescriptionSummary().streamStatus())
                    .isEqualTo(StreamStatus.ACTIVE);
        }
    }

    @Test
    @Order(2)
    void boto3() throws Exception {
        Boto3Scenario.run(getClass(), "/compose-boto3.py", gateway.uri());
    }

    @Test
    @Order(3)
    void theAwsCli() throws Exception {
        assumeTrue(cli("--version").exitCode == 0, "the AWS CLI is not installed: its part is skipped");
        assertThat(cli("s3api", "create-bucket", "--bucket", "compose-cli").exitCode).isZero();
        Path body = Files.createTempFile("compose-cli", ".txt");
        Files.writeString(body, "hello from the CLI");
        assertThat(cli("s3api", "put-object", "--bucket", "compose-cli", "--key", "k", "--body", body.toString()).exitCode).isZero();
        Result get = cli("s3", "cp", "s3://compose-cli/k", "-");
        assertThat(get.output).isEqualTo("hello from the CLI");
        Result tables = cli("dynamodb", "list-tables");
        assertThat(tables.exitCode).isZero();
        assertThat(tables.output).contains("ComposeSdk");
        Files.delete(body);
    }

    private record Result(int exitCode, String output) {
    }

    private Result cli(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", gateway.uri().toString()));
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder;
        try {
            builder = new ProcessBuilder(command);
            builder.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                    "AWS_DEFAULT_REGION", "us-east-1", "AWS_PAGER", ""));
            Process p = builder.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
            return new Result(p.exitValue(), p.exitValue() == 0 ? out : out + err);
        } catch (IOException e) {
            return new Result(-1, e.toString());
        }
    }

    /** The probe paths of the Kubernetes manifests and compose's healthchecks answer on every running process. */
    @Test
    @Order(4)
    void probesAndMetricsAnswer() throws Exception {
        Map<String, List<String>> paths = new LinkedHashMap<>();
        List<HasMetadata> dev = KubernetesManifests.kubectlAvailable() ? KubernetesManifestsTest.renderedDev() : null;
        for (ComposeTopology.App app : topology.apps()) {
            List<String> probes = new ArrayList<>(List.of("/actuator/health", "/actuator/prometheus"));
            if (dev != null) {
                Container container = KubernetesManifests.ofKind(dev, Deployment.class).stream()
                        .map(d -> d.getSpec().getTemplate().getSpec().getContainers().getFirst())
                        .filter(c -> c.getImage().startsWith("overcast/" + app.module() + ":")).findFirst().orElseThrow();
                probes.add(container.getReadinessProbe().getHttpGet().getPath());
                probes.add(container.getLivenessProbe().getHttpGet().getPath());
                probes.add(container.getStartupProbe().getHttpGet().getPath());
            } else {
                probes.add(app.module().equals("gateway") ? "/_overcast/health/ready" : "/actuator/health/readiness");
                probes.add("/actuator/health/liveness");
            }
            paths.put(app.name(), probes);
            for (String path : probes) {
                assertThat(ComposeTopology.get(app.uri().resolve(path))).as(app.name() + " " + path).isEqualTo(200);
            }
        }
        assertThat(paths).hasSize(8);
    }

    /**
     * The entry point replaces itself with the JVM ({@code exec}), so the signal tini (the image's PID 1) passes on
     * on {@code docker stop} or a pod's termination reaches the JVM, which shuts down gracefully.
     */
    @Test
    @Order(4)
    void theEntryPointExecsTheJvm() throws IOException {
        for (ComposeTopology.App app : topology.apps()) {
            String cmdline = Files.readString(Path.of("/proc", Long.toString(app.process().pid()), "cmdline")).replace('\0', ' ');
            assertThat(cmdline.trim()).as(app.name()).startsWith(System.getProperty("java.home") + "/bin/java ")
                    .contains(" -XX:+UseSerialGC -Xms64m -Xmx512m ").endsWith("/app.jar");
        }
    }

    @Test
    @Order(5)
    void racingConditionalPutsHaveOneWinnerAcrossReplicas() throws Exception {
        try (S3Client s3 = s3(replicatedGateway.uri()); DynamoDbClient ddb = dynamodb(replicatedGateway.uri())) {
            s3.createBucket(b -> b.bucket("compose-race"));
            createTable(ddb, "ComposeRace");
            for (int round = 0; round < 3; round++) {
                String key = "race-" + round;
                List<Object> s3Outcomes = race(12, i -> {
                    try {
                        s3.putObject(p -> p.bucket("compose-race").key(key).ifNoneMatch("*"), RequestBody.fromString("writer " + i));
                        return "won";
                    } catch (S3Exception e) {
                        return e.statusCode();
                    }
                });
                assertThat(s3Outcomes).as("S3 round " + round).containsOnlyOnce("won");
                assertThat(s3Outcomes.stream().filter(o -> !o.equals("won")).toList()).allMatch(o -> o.equals(412) || o.equals(409));
                String winner = s3.getObjectAsBytes(g -> g.bucket("compose-race").key(key)).asUtf8String();
                assertThat(winner).startsWith("writer ");

                List<Object> ddbOutcomes = race(12, i -> {
                    try {
                        ddb.putItem(p -> p.tableName("ComposeRace").item(Map.of("pk", s(key), "writer", n(Integer.toString(i))))
                                .conditionExpression("attribute_not_exists(pk)"));
                        return "won";
                    } catch (ConditionalCheckFailedException e) {
                        return "condition";
                    }
                });
                assertThat(ddbOutcomes).as("DynamoDB round " + round).containsOnlyOnce("won");
                assertThat(ddbOutcomes.stream().filter(o -> !o.equals("won")).toList()).allMatch("condition"::equals);
            }
        }
    }

    @Test
    @Order(6)
    void aMultipartUploadsPartsGoToDifferentReplicas() {
        List<ComposeTopology.App> s3Replicas = replicas.get("s3");
        byte[] part1 = bytes(5 * 1024 * 1024, 1);
        byte[] part2 = bytes(5 * 1024 * 1024, 2);
        byte[] part3 = bytes(1234, 3);
        try (S3Client a = s3(s3Replicas.get(0).uri()); S3Client b = s3(s3Replicas.get(1).uri());
             S3Client viaGateway = s3(replicatedGateway.uri())) {
            a.createBucket(c -> c.bucket("compose-multipart"));
            String upload = b.createMultipartUpload(c -> c.bucket("compose-multipart").key("big")).uploadId();
            String e1 = a.uploadPart(u -> u.bucket("compose-multipart").key("big").uploadId(upload).partNumber(1),
                    RequestBody.fromBytes(part1)).eTag();
            String e2 = b.uploadPart(u -> u.bucket("compose-multipart").key("big").uploadId(upload).partNumber(2),
                    RequestBody.fromBytes(part2)).eTag();
            String e3 = viaGateway.uploadPart(u -> u.bucket("compose-multipart").key("big").uploadId(upload).partNumber(3),
                    RequestBody.fromBytes(part3)).eTag();
            assertThat(b.listParts(l -> l.bucket("compose-multipart").key("big").uploadId(upload)).parts())
                    .extracting(p -> p.partNumber()).containsExactly(1, 2, 3);
            a.completeMultipartUpload(c -> c.bucket("compose-multipart").key("big").uploadId(upload).multipartUpload(m -> m.parts(
                    CompletedPart.builder().partNumber(1).eTag(e1).build(),
                    CompletedPart.builder().partNumber(2).eTag(e2).build(),
                    CompletedPart.builder().partNumber(3).eTag(e3).build())));
            byte[] whole = viaGateway.getObjectAsBytes(g -> g.bucket("compose-multipart").key("big")).asByteArray();
            byte[] expected = new byte[part1.length + part2.length + part3.length];
            System.arraycopy(part1, 0, expected, 0, part1.length);
            System.arraycopy(part2, 0, expected, part1.length, part2.length);
            System.arraycopy(part3, 0, expected, part1.length + part2.length, part3.length);
            assertThat(whole).isEqualTo(expected);
            assertThat(b.headObject(h -> h.bucket("compose-multipart").key("big")).eTag()).endsWith("-3\"");
        }
    }

    /** 16 transfers of 10 from an account of 100, racing through both replicas: exactly 10 commit, nothing is lost. */
    @Test
    @Order(7)
    void dynamoDbTransactionsHoldAcrossReplicas() throws Exception {
        try (DynamoDbClient ddb = dynamodb(replicatedGateway.uri())) {
            createTable(ddb, "ComposeAccounts");
            ddb.putItem(p -> p.tableName("ComposeAccounts").item(Map.of("pk", s("A"), "balance", n("100"))));
            ddb.putItem(p -> p.tableName("ComposeAccounts").item(Map.of("pk", s("B"), "balance", n("0"))));
            List<Object> outcomes = race(16, i -> {
                for (int attempt = 0; attempt < 200; attempt++) {
                    try {
                        ddb.transactWriteItems(t -> t.transactItems(
                                TransactWriteItem.builder().update(u -> u.tableName("ComposeAccounts").key(Map.of("pk", s("A")))
                                        .updateExpression("SET balance = balance - :ten").conditionExpression("balance >= :ten")
                                        .expressionAttributeValues(Map.of(":ten", n("10")))).build(),
                                TransactWriteItem.builder().update(u -> u.tableName("ComposeAccounts").key(Map.of("pk", s("B")))
                                        .updateExpression("SET balance = balance + :ten")
                                        .expressionAttributeValues(Map.of(":ten", n("10")))).build()));
                        return "committed";
                    } catch (TransactionCanceledException e) {
                        List<String> codes = e.cancellationReasons().stream().map(CancellationReason::code).toList();
                        if (codes.contains("ConditionalCheckFailed")) {
                            return "insufficient";
                        }
                        assertThat(codes).as("cancellation reasons").contains("TransactionConflict");
                    } catch (TransactionConflictException e) {
                        // another request in progress on the item: try again, as an application would
                    }
                    Thread.sleep(5 + (long) (Math.random() * 20));
                }
                return "gave up";
            });
            assertThat(outcomes.stream().filter("committed"::equals).count()).isEqualTo(10);
            assertThat(outcomes.stream().filter("insufficient"::equals).count()).isEqualTo(6);
            Map<String, AttributeValue> a = ddb.getItem(g -> g.tableName("ComposeAccounts").key(Map.of("pk", s("A"))).consistentRead(true)).item();
            Map<String, AttributeValue> b = ddb.getItem(g -> g.tableName("ComposeAccounts").key(Map.of("pk", s("B"))).consistentRead(true)).item();
            assertThat(a).containsEntry("balance", n("0"));
            assertThat(b).containsEntry("balance", n("100"));
        }
    }

    /** Records put through both replicas in turn are all read back, in order, from either replica. */
    @Test
    @Order(8)
    void kinesisRecordsPutThroughBothReplicasAreReadInOrder() {
        List<ComposeTopology.App> kinesisReplicas = replicas.get("kinesis");
        try (KinesisClient viaGateway = kinesis(replicatedGateway.uri()); KinesisClient second = kinesis(kinesisReplicas.get(1).uri())) {
            viaGateway.createStream(c -> c.streamName("compose-replicas").shardCount(1));
            viaGateway.waiter().waitUntilStreamExists(d -> d.streamName("compose-replicas"));
            List<String> sequenceNumbers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String data = "record " + i;
                sequenceNumbers.add(viaGateway.putRecord(p -> p.streamName("compose-replicas").partitionKey("k")
                        .data(SdkBytes.fromUtf8String(data))).sequenceNumber());
            }
            String shard = second.listShards(l -> l.streamName("compose-replicas")).shards().getFirst().shardId();
            String iterator = second.getShardIterator(g -> g.streamName("compose-replicas").shardId(shard)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            var records = second.getRecords(g -> g.shardIterator(iterator)).records();
            assertThat(records).extracting(r -> r.data().asUtf8String())
                    .containsExactly("record 0", "record 1", "record 2", "record 3", "record 4",
                            "record 5", "record 6", "record 7", "record 8", "record 9");
            assertThat(records).extracting(r -> r.sequenceNumber()).containsExactlyElementsOf(sequenceNumbers);
        }
    }

    private static KinesisClient kinesis(URI endpoint) {
        return KinesisClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).httpClientBuilder(ApacheHttpClient.builder()).build();
    }

    private interface Racer {
        Object run(int i) throws Exception;
    }

    /** Runs {@code n} racers released at once; their outcomes. */
    private static List<Object> race(int n, Racer racer) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int id = i;
                Callable<Object> task = () -> {
                    start.await();
                    return racer.run(id);
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> f : futures) {
                outcomes.add(f.get(3, TimeUnit.MINUTES));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void createTable(DynamoDbClient ddb, String name) {
        ddb.createTable(c -> c.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(d -> d.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
        ddb.waiter().waitUntilTableExists(d -> d.tableName(name));
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(String v) {
        return AttributeValue.fromN(v);
    }

    private static byte[] bytes(int size, int seed) {
        byte[] b = new byte[size];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }
}
