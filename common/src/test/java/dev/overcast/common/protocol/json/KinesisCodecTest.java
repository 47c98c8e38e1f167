package dev.overcast.common.protocol.json;

import static dev.overcast.common.protocol.CodecHarness.catchAws;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.common.error.AwsException;
import dev.overcast.common.protocol.AwsApiDescriptor;
import dev.overcast.common.protocol.CodecHarness;
import dev.overcast.common.protocol.Protocol;
import dev.overcast.common.protocol.ProtocolCodec;
import dev.overcast.common.protocol.ProtocolCodecs;
import dev.overcast.common.protocol.TestHttpRequest;
import dev.overcast.common.protocol.TestHttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamRequest;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamResponse;
import software.amazon.awssdk.services.kinesis.model.EncryptionType;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.HashKeyRange;
import software.amazon.awssdk.services.kinesis.model.PutRecordRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.SequenceNumberRange;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamDescription;

/** Kinesis over CBOR (the Java SDK's default) and over JSON 1.1 ({@code aws.cborEnabled=false}). */
class KinesisCodecTest {

    static final AwsApiDescriptor API = AwsApiDescriptor.jsonRpc("kinesis", "kinesis", Protocol.AWS_JSON_1_1,
            "Kinesis_20131202", KinesisClient.class, "");

    final ProtocolCodec codec = ProtocolCodecs.forApi(API);
    final CodecHarness wire = new CodecHarness(codec);

    KinesisClient client(boolean cbor) {
        String old = System.getProperty("aws.cborEnabled");
        System.setProperty("aws.cborEnabled", Boolean.toString(cbor));
        try {
            return wire.client(KinesisClient.builder());
        } finally {
            if (old == null) {
                System.clearProperty("aws.cborEnabled");
            } else {
                System.setProperty("aws.cborEnabled", old);
            }
        }
    }

    String expectedContentType(boolean cbor) {
        return cbor ? "application/x-amz-cbor-1.1" : "application/x-amz-json-1.1";
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void putRecordsRoundTrip(boolean cbor) {
        try (KinesisClient client = client(cbor)) {
            PutRecordsRequest request = PutRecordsRequest.builder().streamName("s").records(
                    PutRecordsRequestEntry.builder().partitionKey("p1")
                            .data(SdkBytes.fromByteArray(new byte[] {1, 2, 3, 0, (byte) 200})).build(),
                    PutRecordsRequestEntry.builder().partitionKey("p2").explicitHashKey("123")
                            .data(SdkBytes.fromUtf8String("hello")).build()).build();
            PutRecordsResponse response = PutRecordsResponse.builder().failedRecordCount(1)
                    .encryptionType(EncryptionType.NONE)
                    .records(PutRecordsResultEntry.builder().shardId("shardId-000000000000")
                                    .sequenceNumber("4959").build(),
                            PutRecordsResultEntry.builder().errorCode("ProvisionedThroughputExceededException")
                                    .errorMessage("Rate exceeded").build())
                    .build();
            wire.nextResponse = response;
            PutRecordsResponse got = client.putRecords(request);
            assertThat(wire.lastRequest.header("Content-Type")).startsWith(expectedContentType(cbor));
            assertThat(wire.lastOperation.name()).isEqualTo("PutRecords");
            assertThat(request.equalsBySdkFields(wire.lastDecoded)).as("decoded %s", wire.lastDecoded).isTrue();
            assertThat(wire.lastResponse.header("Content-Type")).isEqualTo(expectedContentType(cbor));
            assertThat(got.equalsBySdkFields(response)).as("parsed %s", got).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void getRecordsWithTimestampsAndBlobs(boolean cbor) {
        try (KinesisClient client = client(cbor)) {
            GetRecordsResponse response = GetRecordsResponse.builder()
                    .records(Record.builder().sequenceNumber("1").partitionKey("p")
                            .approximateArrivalTimestamp(Instant.parse("2024-01-02T03:04:05.678Z"))
                            .data(SdkBytes.fromUtf8String("payload")).build())
                    .nextShardIterator("it-2").millisBehindLatest(0L).build();
            wire.nextResponse = response;
            GetRecordsRequest request = GetRecordsRequest.builder().shardIterator("it-1").limit(10).build();
            GetRecordsResponse got = client.getRecords(request);
            assertThat(request.equalsBySdkFields(wire.lastDecoded)).isTrue();
            assertThat(got.records().get(0).approximateArrivalTimestamp())
                    .isEqualTo(Instant.parse("2024-01-02T03:04:05.678Z"));
            assertThat(got.equalsBySdkFields(response)).as("parsed %s", got).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void timestampsInRequests(boolean cbor) {
        try (KinesisClient client = client(cbor)) {
            for (Instant at : new Instant[] {Instant.parse("2024-01-02T03:04:05.678Z"), Instant.parse("2024-01-02T03:04:05Z")}) {
                var request = software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest.builder()
                        .streamName("s").shardId("shardId-000000000000").shardIteratorType("AT_TIMESTAMP")
                        .timestamp(at).build();
                wire.nextResponse = software.amazon.awssdk.services.kinesis.model.GetShardIteratorResponse.builder()
                        .shardIterator("it").build();
                assertThat(client.getShardIterator(request).shardIterator()).isEqualTo("it");
                assertThat(request.equalsBySdkFields(wire.lastDecoded)).as("decoded %s", wire.lastDecoded).isTrue();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void describeStreamNested(boolean cbor) {
        try (KinesisClient client = client(cbor)) {
            DescribeStreamResponse response = DescribeStreamResponse.builder().streamDescription(
                    StreamDescription.builder().streamName("s").streamARN("arn:aws:kinesis:us-east-1:000000000000:stream/s")
                            .streamStatus("ACTIVE").retentionPeriodHours(24).hasMoreShards(false)
                            .streamCreationTimestamp(Instant.parse("2023-03-04T05:06:07Z"))
                            .enhancedMonitoring(List.of())
                            .shards(Shard.builder().shardId("shardId-000000000000")
                                    .hashKeyRange(HashKeyRange.builder().startingHashKey("0")
                                            .endingHashKey("340282366920938463463374607431768211455").build())
                                    .sequenceNumberRange(SequenceNumberRange.builder().startingSequenceNumber("1").build())
                                    .build())
                            .build()).build();
            wire.nextResponse = response;
            DescribeStreamResponse got = client.describeStream(DescribeStreamRequest.builder().streamName("s").build());
            assertThat(got.equalsBySdkFields(response)).as("parsed %s", got).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void errorsInTheRequestFormat(boolean cbor) {
        try (KinesisClient client = client(cbor)) {
            wire.nextError = new AwsException("ResourceNotFoundException", 400, "Stream s under account 000000000000 not found.");
            assertThatThrownBy(() -> client.describeStream(DescribeStreamRequest.builder().streamName("s").build()))
                    .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Stream s under account 000000000000 not found.");
                        assertThat(e.statusCode()).isEqualTo(400);
                    });
            assertThat(wire.lastResponse.header("Content-Type")).isEqualTo(expectedContentType(cbor));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"AQIDBA==", "AQIDBA", "AQ ID\\nBA==", "AQ*DBA==", "////"})
    void base64BlobsInJsonDecodeAsBeforeOrFailAsBefore(String data) {
        String body = "{\"StreamName\":\"s\",\"PartitionKey\":\"p\",\"Data\":\"" + data + "\"}";
        TestHttpRequest req = TestHttpRequest.of("POST", "/", "X-Amz-Target", "Kinesis_20131202.PutRecord",
                "Content-Type", "application/x-amz-json-1.1").withBody(body.getBytes(StandardCharsets.UTF_8));
        Object expected;
        try {
            expected = com.fasterxml.jackson.core.Base64Variants.getDefaultVariant().decode(data.replace("\\n", "\n"));
        } catch (IllegalArgumentException e) {
            expected = null;
        }
        if (expected == null) {
            assertThat(catchAws(() -> codec.readRequest(req, codec.route(req))).code()).isEqualTo("SerializationException");
        } else {
            PutRecordRequest r = (PutRecordRequest) codec.readRequest(req, codec.route(req));
            assertThat(r.data().asByteArray()).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/x-amz-cbor-1.1", "application/x-amz-json-1.1"})
    void malformedBody(String contentType) throws Exception {
        TestHttpRequest req = TestHttpRequest.of("POST", "/", "X-Amz-Target", "Kinesis_20131202.PutRecord",
                "Content-Type", contentType).withBody(new byte[] {(byte) 0xbf, 0x7f, 0x01});
        AwsException e = catchAws(() -> codec.readRequest(req, codec.route(req)));
        assertThat(e.code()).isEqualTo("SerializationException");
        TestHttpResponse out = new TestHttpResponse();
        codec.writeError(e, req, "r", out);
        assertThat(out.status).isEqualTo(400);
        assertThat(out.header("Content-Type")).isEqualTo(contentType);
    }
}
