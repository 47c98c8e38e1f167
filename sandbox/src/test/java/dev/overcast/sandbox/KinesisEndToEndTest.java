package dev.overcast.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** Kinesis through the sandbox's single endpoint, routed by X-Amz-Target: the SDK in CBOR and in JSON, the AWS CLI. */
class KinesisEndToEndTest {

    @TempDir
    Path temp;

    static KinesisClient client(boolean cbor) {
        String property = SdkSystemSetting.CBOR_ENABLED.property();
        String old = System.getProperty(property);
        System.setProperty(property, Boolean.toString(cbor));
        try {
            return KinesisClient.builder().endpointOverride(URI.create(SharedSandbox.get().endpoint())).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("000000000000", "secret")))
                    .httpClient(UrlConnectionHttpClient.create()).build();
        } finally {
            if (old == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, old);
            }
        }
    }

    /** A new stream, once ACTIVE (the sandbox keeps a new stream CREATING for a moment, as AWS does). */
    static String activeStream(KinesisClient kinesis, int shards) throws InterruptedException {
        String name = "e2e-" + UUID.randomUUID().toString().substring(0, 12);
        kinesis.createStream(b -> b.streamName(name).shardCount(shards));
        while (kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary().streamStatus() != StreamStatus.ACTIVE) {
            Thread.sleep(50);
        }
        return name;
    }

    @Test
    void sdkInCborAndJsonThroughTheGateway() throws Exception {
        try (KinesisClient cbor = client(true); KinesisClient json = client(false)) {
            String stream = activeStream(cbor, 2);
            String seq = cbor.putRecord(b -> b.streamName(stream).partitionKey("k").explicitHashKey("0")
                    .data(SdkBytes.fromByteArray(new byte[] {0, 1, 2, (byte) 255}))).sequenceNumber();
            json.putRecord(b -> b.streamName(stream).partitionKey("k").explicitHashKey("1")
                    .data(SdkBytes.fromUtf8String("from json")));
            for (KinesisClient client : List.of(cbor, json)) {
                String it = client.getShardIterator(b -> b.streamName(stream).shardId("shardId-000000000000")
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                List<Record> records = client.getRecords(b -> b.shardIterator(it)).records();
                assertThat(records).extracting(Record::sequenceNumber).first().isEqualTo(seq);
                assertThat(records.get(0).data().asByteArray()).containsExactly(0, 1, 2, 255);
                assertThat(records.get(1).data().asUtf8String()).isEqualTo("from json");
            }
            assertThat(json.listStreams(b -> { }).streamNames()).contains(stream);
            cbor.deleteStream(b -> b.streamName(stream));
        }
    }

    @Test
    void awsCliCreatePutGet() throws Exception {
        assumeThat(S3EndToEndTest.onPath("aws")).as("the AWS CLI (aws) is not installed on this machine").isTrue();
        String endpoint = SharedSandbox.get().endpoint();
        String stream = "cli-" + UUID.randomUUID().toString().substring(0, 12);
        S3EndToEndTest.cli(temp, endpoint, "kinesis", "create-stream", "--stream-name", stream, "--shard-count", "1");
        try (KinesisClient kinesis = client(true)) {
            while (kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamStatus() != StreamStatus.ACTIVE) {
                Thread.sleep(50);
            }
        }
        boolean v2 = S3EndToEndTest.run(List.of("aws", "--version"), java.util.Map.of()).output().startsWith("aws-cli/2");
        String put = v2
                ? S3EndToEndTest.cli(temp, endpoint, "kinesis", "put-record", "--stream-name", stream, "--partition-key", "p",
                        "--data", "hello cli", "--cli-binary-format", "raw-in-base64-out")
                : S3EndToEndTest.cli(temp, endpoint, "kinesis", "put-record", "--stream-name", stream, "--partition-key", "p",
                        "--data", "hello cli");
        assertThat(put).contains("\"ShardId\": \"shardId-000000000000\"").contains("\"SequenceNumber\": \"49");
        String iterator = S3EndToEndTest.cli(temp, endpoint, "kinesis", "get-shard-iterator", "--stream-name", stream,
                "--shard-id", "shardId-000000000000", "--shard-iterator-type", "TRIM_HORIZON",
                "--query", "ShardIterator", "--output", "text").trim();
        String records = S3EndToEndTest.cli(temp, endpoint, "kinesis", "get-records", "--shard-iterator", iterator);
        // the CLI prints blobs in base64: "hello cli"
        assertThat(records).contains("\"Data\": \"aGVsbG8gY2xp\"").contains("\"PartitionKey\": \"p\"");
        S3EndToEndTest.cli(temp, endpoint, "kinesis", "delete-stream", "--stream-name", stream);
    }
}
