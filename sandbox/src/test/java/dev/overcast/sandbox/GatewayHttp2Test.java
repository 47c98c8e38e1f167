package dev.overcast.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.gateway.GatewayApplication;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The gateway's one port takes HTTP/2 with prior knowledge (h2c, as the SDK's Netty client opens an {@code http://}
 * endpoint) and HTTP/1.1 alike: SubscribeToShard through the gateway delivers records put after the subscription
 * started, while S3 and DynamoDB over HTTP/1.1 work on the same port. Both ways the gateway reaches a service: handed
 * over in this JVM (the sandbox's gateway), and over HTTP (a second gateway in front of the same services with the
 * in-JVM hand-off off, as when the services run in other processes).
 */
class GatewayHttp2Test {

    private static ConfigurableApplicationContext remoteGateway;

    @BeforeAll
    static void startGatewayOverHttp() {
        Sandbox sandbox = SharedSandbox.get();
        remoteGateway = GatewayApplication.builder()
                .properties(Map.of("server.port", "0", "spring.main.banner-mode", "off",
                        "overcast.gateway.local-handoff", "false",
                        "overcast.gateway.services.s3.url", "http://127.0.0.1:" + sandbox.s3Port(),
                        "overcast.gateway.services.dynamodb.url", "http://127.0.0.1:" + sandbox.dynamodbPort(),
                        "overcast.gateway.services.kinesis.url", "http://127.0.0.1:" + sandbox.kinesisPort()))
                .run();
    }

    @AfterAll
    static void stop() {
        if (remoteGateway != null) {
            remoteGateway.close();
        }
    }

    private static URI endpoint(boolean inJvm) {
        return URI.create(inJvm ? SharedSandbox.get().endpoint()
                : "http://localhost:" + remoteGateway.getEnvironment().getRequiredProperty("local.server.port"));
    }

    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("000000000000", "secret"));

    @ParameterizedTest(name = "in-JVM hand-off={0}")
    @ValueSource(booleans = {true, false})
    void subscribeToShardOverH2cBesideHttp11(boolean inJvm) throws Exception {
        URI endpoint = endpoint(inJvm);
        try (KinesisClient kinesis = KinesisClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                     .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
             KinesisAsyncClient async = KinesisAsyncClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                     .credentialsProvider(CREDENTIALS)
                     .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP2)).build()) {
            String stream = KinesisEndToEndTest.activeStream(kinesis, 1);
            String streamArn = kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamARN();
            String consumerArn = kinesis.registerStreamConsumer(b -> b.streamARN(streamArn).consumerName("efo"))
                    .consumer().consumerARN();
            await(() -> kinesis.describeStreamConsumer(b -> b.consumerARN(consumerArn)).consumerDescription()
                    .consumerStatus() == ConsumerStatus.ACTIVE);
            put(kinesis, stream, "before");

            List<Record> received = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> done = async.subscribeToShard(b -> b.consumerARN(consumerArn)
                            .shardId("shardId-000000000000").startingPosition(p -> p.type(ShardIteratorType.TRIM_HORIZON)),
                    SubscribeToShardResponseHandler.builder().subscriber(SubscribeToShardResponseHandler.Visitor.builder()
                            .onSubscribeToShardEvent(e -> received.addAll(e.records())).build()).build());
            await(() -> received.size() == 1);
            // records put while the subscription runs arrive on it, in order
            put(kinesis, stream, "after-1", "after-2", "after-3");
            await(() -> received.size() == 4);
            assertThat(received).extracting(r -> r.data().asUtf8String()).containsExactly("before", "after-1", "after-2", "after-3");
            assertThat(done).isNotDone();

            // HTTP/1.1 on the same port, while the HTTP/2 subscription is open
            String bucket = "h2-" + UUID.randomUUID().toString().substring(0, 8);
            try (S3Client s3 = Clients.s3(endpoint.toString());
                 DynamoDbClient ddb = DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                         .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build()) {
                s3.createBucket(b -> b.bucket(bucket));
                s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("over http/1.1"));
                assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("over http/1.1");
                assertThat(ddb.listTables().sdkHttpResponse().isSuccessful()).isTrue();
            }
            done.cancel(true);
            kinesis.deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(true));
        }
    }

    private static void put(KinesisClient kinesis, String stream, String... data) {
        for (String d : data) {
            kinesis.putRecord(b -> b.streamName(stream).partitionKey("pk").data(SdkBytes.fromUtf8String(d)));
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 1200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).as("condition met within 60 s").isTrue();
    }
}
