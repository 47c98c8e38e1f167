package dev.overcast.firehose.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overcast.firehose.FirehoseTestService;
import dev.overcast.firehose.S3Reads;
import dev.overcast.firehose.TransformServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.*;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Data transformation through a Lambda stand-in (an in-test HTTP server), dynamic partitioning by a JQ-extracted key
 * and by the function's keys, AppendDelimiterToRecord, JSON deaggregation, error records, and the configuration rules.
 */
class ProcessingTest {

    private static final String ROLE = "arn:aws:iam::000000000000:role/firehose";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FirehoseClient firehose = FirehoseTestService.client();

    private static Processor processor(ProcessorType type, Map<String, String> params) {
        return Processor.builder().type(type).parameters(params.entrySet().stream()
                .map(e -> ProcessorParameter.builder().parameterName(e.getKey()).parameterValue(e.getValue()).build())
                .toList()).build();
    }

    private String stream(String bucket, Consumer<ExtendedS3DestinationConfiguration.Builder> config) {
        String name = FirehoseTestService.name("p");
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name).extendedS3DestinationConfiguration(d -> {
            d.bucketARN(bucket).roleARN(ROLE).bufferingHints(h -> h.intervalInSeconds(0));
            config.accept(d);
        }));
        return name;
    }

    private static Record record(String text) {
        return Record.builder().data(SdkBytes.fromUtf8String(text)).build();
    }

    private static Map<String, String> byPrefix(String bucket, List<S3Object> objects) {
        return objects.stream().collect(Collectors.toMap(o -> o.key().substring(0, o.key().indexOf('/') + 1)
                + (o.key().startsWith("errors/") || o.key().startsWith("err/") ? o.key().split("/")[1] + "/" : ""),
                o -> S3Reads.text(bucket, o.key()), (a, b) -> a + b));
    }

    /**
     * A delivery through a Lambda processor is streamed: the records go to the function an invocation
     * (BufferSizeInMBs) at a time and what it returns is written to the object's multipart upload before the next
     * invocation, so the upload is under way while the function still runs; the object holds every record it returned,
     * in order, and the failed one is under the error prefix.
     */
    @Test
    void aTransformedDeliveryIsWrittenToS3WhileTheFunctionStillRuns() throws Exception {
        String bucket = FirehoseTestService.bucket();
        String name = FirehoseTestService.name("p");
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name).extendedS3DestinationConfiguration(d -> d
                .bucketARN(bucket).roleARN(ROLE).prefix("ok/").errorOutputPrefix("errors/!{firehose:error-output-type}/")
                .bufferingHints(h -> h.sizeInMBs(16).intervalInSeconds(60))
                .processingConfiguration(p -> p.enabled(true).processors(processor(ProcessorType.LAMBDA,
                        Map.of("LambdaArn", TransformServer.ARN, "BufferSizeInMBs", "0.2"))))));
        // 64 records of 100,000 bytes (6.4 MB, more than a 5 MiB part), each in an invocation of its own (0.2 MiB)
        List<String> records = new java.util.ArrayList<>();
        for (int i = 0; i < 64; i++) {
            String head = i == 20 ? "fail " : i == 30 ? "drop " : i == 63 ? "last " : "rec" + i + " ";
            records.add(head + String.valueOf((char) ('a' + i % 26)).repeat(100_000 - head.length() - 1) + "\n");
        }
        for (int from = 0; from < 64; from += 32) {
            List<Record> batch = records.subList(from, from + 32).stream().map(ProcessingTest::record).toList();
            assertThat(firehose.putRecordBatch(b -> b.deliveryStreamName(name).records(batch)).failedPutCount()).isZero();
        }
        java.util.concurrent.atomic.AtomicInteger uploadsWhenLastInvoked = new java.util.concurrent.atomic.AtomicInteger(-1);
        TransformServer.onEvent = e -> {
            if (e.path("deliveryStreamArn").asText().endsWith("/" + name) && new String(Base64.getDecoder().decode(
                    e.path("records").get(0).path("data").asText()), StandardCharsets.UTF_8).startsWith("last")) {
                uploadsWhenLastInvoked.set(FirehoseTestService.s3().listMultipartUploads(
                        b -> b.bucket(S3Reads.bucketName(bucket))).uploads().size());
            }
        };
        try {
            FirehoseTestService.advanceClock(java.time.Duration.ofSeconds(61));
            List<S3Object> objects = S3Reads.awaitObjects(bucket, 2);
            assertThat(uploadsWhenLastInvoked.get()).as("multipart uploads under way when the last record was sent to"
                    + " the function").isEqualTo(1);
            Map<String, String> contents = byPrefix(bucket, objects);
            String expected = records.stream().filter(r -> !r.startsWith("fail") && !r.startsWith("drop"))
                    .map(r -> r.toUpperCase(java.util.Locale.ROOT)).collect(Collectors.joining());
            assertThat(contents.get("ok/")).isEqualTo(expected);
            JsonNode error = JSON.readTree(contents.get("errors/processing-failed/"));
            assertThat(new String(Base64.getDecoder().decode(error.path("rawData").asText()), StandardCharsets.UTF_8))
                    .isEqualTo(records.get(20));
            assertThat(TransformServer.EVENTS.stream().filter(e -> e.path("deliveryStreamArn").asText().endsWith("/" + name))
                    .toList()).hasSize(64).allSatisfy(e -> assertThat(e.path("records")).hasSize(1));
        } finally {
            TransformServer.onEvent = e -> { };
        }
    }

    @Test
    void aTransformationUppercasesDropsAndFailsRecords() throws Exception {
        String bucket = FirehoseTestService.bucket();
        String name = stream(bucket, d -> d.prefix("ok/").errorOutputPrefix("errors/!{firehose:error-output-type}/")
                .processingConfiguration(p -> p.enabled(true).processors(processor(ProcessorType.LAMBDA,
                        Map.of("LambdaArn", TransformServer.ARN, "NumberOfRetries", "1")))));
        firehose.putRecordBatch(b -> b.deliveryStreamName(name).records(record("a1\n"), record("drop me\n"),
                record("fail me\n"), record("b2\n")));
        List<S3Object> objects = S3Reads.awaitObjects(bucket, 2);
        Map<String, String> contents = byPrefix(bucket, objects);
        assertThat(contents.get("ok/")).isEqualTo("A1\nB2\n");
        JsonNode error = JSON.readTree(contents.get("errors/processing-failed/"));
        assertThat(error.path("errorCode").asText()).isEqualTo("Lambda.ProcessingFailedStatus");
        assertThat(error.path("lambdaArn").asText()).isEqualTo(TransformServer.ARN);
        assertThat(new String(Base64.getDecoder().decode(error.path("rawData").asText()), StandardCharsets.UTF_8))
                .isEqualTo("fail me\n");
        JsonNode event = TransformServer.EVENTS.stream()
                .filter(e -> e.path("deliveryStreamArn").asText().endsWith("/" + name)).findFirst().orElseThrow();
        assertThat(event.path("invocationId").asText()).isNotBlank();
        assertThat(event.path("records")).hasSize(4);
        assertThat(event.path("records").get(0).path("approximateArrivalTimestamp").asLong()).isPositive();
    }

    @Test
    void anUnmappedFunctionFailsTheRecordsToTheErrorPrefix() throws Exception {
        String bucket = FirehoseTestService.bucket();
        String name = stream(bucket, d -> d.errorOutputPrefix("errors/!{firehose:error-output-type}/")
                .processingConfiguration(p -> p.enabled(true).processors(processor(ProcessorType.LAMBDA,
                        Map.of("LambdaArn", "arn:aws:lambda:us-east-1:000000000000:function:nowhere")))));
        firehose.putRecord(b -> b.deliveryStreamName(name).record(record("lost?\n")));
        S3Object o = S3Reads.awaitObjects(bucket, 1).getFirst();
        assertThat(o.key()).startsWith("errors/processing-failed/");
        JsonNode error = JSON.readTree(S3Reads.text(bucket, o.key()));
        assertThat(error.path("errorCode").asText()).isEqualTo("Lambda.FunctionNotFound");
        assertThat(error.path("errorMessage").asText()).contains("OVERCAST_LAMBDA_ENDPOINTS");
    }

    @Test
    void dynamicPartitioningByAJqKeyWithADelimiter() {
        String bucket = FirehoseTestService.bucket();
        String name = stream(bucket, d -> d.bufferingHints(h -> h.sizeInMBs(64).intervalInSeconds(0))
                .prefix("customer=!{partitionKeyFromQuery:customer}/").errorOutputPrefix("err/!{firehose:error-output-type}/")
                .dynamicPartitioningConfiguration(c -> c.enabled(true))
                .processingConfiguration(p -> p.enabled(true).processors(
                        processor(ProcessorType.METADATA_EXTRACTION, Map.of("MetadataExtractionQuery", "{customer:.customer}",
                                "JsonParsingEngine", "JQ-1.6")),
                        processor(ProcessorType.APPEND_DELIMITER_TO_RECORD, Map.of()))));
        firehose.putRecordBatch(b -> b.deliveryStreamName(name).records(record("{\"customer\":\"a\",\"v\":1}"),
                record("{\"customer\":\"b\",\"v\":2}"), record("{\"customer\":\"a\",\"v\":3}"), record("not json")));
        List<S3Object> objects = S3Reads.awaitObjects(bucket, 3);
        assertThat(objects).hasSize(3);
        Map<String, String> contents = byPrefix(bucket, objects);
        assertThat(contents.get("customer=a/")).isEqualTo("{\"customer\":\"a\",\"v\":1}\n{\"customer\":\"a\",\"v\":3}\n");
        assertThat(contents.get("customer=b/")).isEqualTo("{\"customer\":\"b\",\"v\":2}\n");
        assertThat(contents.get("err/partitioning-failed/")).contains(Base64.getEncoder().encodeToString(
                "not json".getBytes(StandardCharsets.UTF_8)));
        assertThat(objects).filteredOn(o -> o.key().startsWith("customer=a/"))
                .allSatisfy(o -> assertThat(o.key()).matches("customer=a/" + name + "-1-.*"));
    }

    @Test
    void deaggregationAndTheFunctionsPartitionKeys() {
        String bucket = FirehoseTestService.bucket();
        String name = stream(bucket, d -> d.bufferingHints(h -> h.sizeInMBs(64).intervalInSeconds(0))
                .prefix("first=!{partitionKeyFromLambda:first}/").errorOutputPrefix("err/!{firehose:error-output-type}/")
                .dynamicPartitioningConfiguration(c -> c.enabled(true))
                .processingConfiguration(p -> p.enabled(true).processors(
                        processor(ProcessorType.RECORD_DE_AGGREGATION, Map.of("SubRecordType", "JSON")),
                        processor(ProcessorType.LAMBDA, Map.of("LambdaArn", TransformServer.ARN)),
                        processor(ProcessorType.APPEND_DELIMITER_TO_RECORD, Map.of()))));
        firehose.putRecord(b -> b.deliveryStreamName(name).record(record("{\"n\":1} {\"n\":2}{\"n\":3}")));
        firehose.putRecord(b -> b.deliveryStreamName(name).record(record("xyz")));
        List<S3Object> objects = S3Reads.awaitObjects(bucket, 2);
        Map<String, String> contents = byPrefix(bucket, objects);
        assertThat(contents.get("first={/")).isEqualTo("{\"N\":1}\n{\"N\":2}\n{\"N\":3}\n");
        assertThat(contents.get("err/processing-failed/")).contains("DeAggregation.InvalidRecord");   // "xyz" is no JSON object
    }

    @Test
    void configurationRules() {
        String bucket = FirehoseTestService.bucket();
        Processor jq = processor(ProcessorType.METADATA_EXTRACTION, Map.of("MetadataExtractionQuery", "{k:.k}",
                "JsonParsingEngine", "JQ-1.6"));
        assertThatThrownBy(() -> stream(bucket, d -> d.processingConfiguration(p -> p.enabled(true).processors(jq))))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("dynamic partitioning");
        assertThatThrownBy(() -> stream(bucket, d -> d.bufferingHints(h -> h.sizeInMBs(5)).prefix("!{partitionKeyFromQuery:k}/")
                .errorOutputPrefix("e/").dynamicPartitioningConfiguration(c -> c.enabled(true))
                .processingConfiguration(p -> p.enabled(true).processors(jq))))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("at least 64");
        assertThatThrownBy(() -> stream(bucket, d -> d.bufferingHints(h -> h.sizeInMBs(64)).prefix("!{partitionKeyFromQuery:k}/")
                .errorOutputPrefix("e/").dynamicPartitioningConfiguration(c -> c.enabled(true))
                .processingConfiguration(p -> p.enabled(true).processors(processor(ProcessorType.METADATA_EXTRACTION,
                        Map.of("MetadataExtractionQuery", "{k:.k", "JsonParsingEngine", "JQ-1.6"))))))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("not a valid JQ expression");
        assertThatThrownBy(() -> stream(bucket, d -> d.processingConfiguration(p -> p.enabled(true)
                .processors(processor(ProcessorType.DECOMPRESSION, Map.of("CompressionFormat", "GZIP"))))))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("Decompression");
        assertThatThrownBy(() -> stream(bucket, d -> d.dataFormatConversionConfiguration(c -> c.enabled(true))))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("OutputFormatConfiguration");
    }
}
