package dev.overcast.firehose.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.overcast.firehose.FirehoseTestService;
import dev.overcast.firehose.S3Reads;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.*;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * HTTP endpoint delivery by Firehose's request and response specification, OpenSearch {@code _bulk} indexing and
 * Splunk's HTTP Event Collector, to receivers in the test.
 */
class HttpDestinationsTest {

    private static final String ROLE = "arn:aws:iam::000000000000:role/firehose";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static HttpServer server;
    private static final List<Map<String, String>> HEADERS = new CopyOnWriteArrayList<>();
    private static final List<JsonNode> BODIES = new CopyOnWriteArrayList<>();
    private static final AtomicInteger REFUSED = new AtomicInteger();
    private static final List<String> BULK = new CopyOnWriteArrayList<>();
    private static final List<String> HEC = new CopyOnWriteArrayList<>();
    private static final List<String> BIG_STARTED = new CopyOnWriteArrayList<>();
    private static final Map<String, byte[]> BIG_BODIES = new java.util.concurrent.ConcurrentHashMap<>();
    private final FirehoseClient firehose = FirehoseTestService.client();

    @BeforeAll
    static void receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok", exchange -> {
            Map<String, String> headers = new java.util.HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.getFirst()));
            InputStream in = exchange.getRequestBody();
            if ("gzip".equals(headers.get("content-encoding"))) {
                in = new GZIPInputStream(in);
            }
            JsonNode body = JSON.readTree(in);
            HEADERS.add(headers);
            BODIES.add(body);
            byte[] answer = JSON.createObjectNode().put("requestId", body.path("requestId").asText())
                    .put("timestamp", System.currentTimeMillis()).toString().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.createContext("/refuse", exchange -> {
            exchange.getRequestBody().readAllBytes();
            REFUSED.incrementAndGet();
            byte[] answer = "{\"errorMessage\":\"no\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(500, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.createContext("/os/_bulk", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            BULK.add(body);
            String[] lines = body.split("\n");
            var answer = JSON.createObjectNode();
            var items = answer.putArray("items");
            boolean errors = false;
            for (int n = 1; n < lines.length; n += 2) {
                boolean bad = lines[n].contains("reject");
                errors |= bad;
                var index = items.addObject().putObject("index").put("status", bad ? 400 : 201);
                if (bad) {
                    index.putObject("error").put("type", "mapper_parsing_exception").put("reason", "rejected");
                }
            }
            answer.put("errors", errors);
            byte[] bytes = answer.toString().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.createContext("/splunk/services/collector/event", exchange -> {
            HEC.add(exchange.getRequestHeaders().getFirst("Authorization") + "|"
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] bytes = "{\"text\":\"Success\",\"code\":0,\"ackId\":7}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.createContext("/splunk/services/collector/ack", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] bytes = "{\"acks\":{\"7\":true}}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.createContext("/big/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            BIG_STARTED.add(path);
            InputStream in = exchange.getRequestBody();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                in = new GZIPInputStream(in);
            }
            byte[] body = in.readAllBytes();
            BIG_BODIES.put(path, body);
            String answer = path.startsWith("/big/http/")
                    ? JSON.createObjectNode().put("requestId", JSON.readTree(body).path("requestId").asText())
                            .put("timestamp", System.currentTimeMillis()).toString()
                    : path.endsWith("/_bulk") ? "{\"took\":1,\"errors\":false,\"items\":[]}"
                    : "{\"text\":\"Success\",\"code\":0}";
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static Record record(String text) {
        return Record.builder().data(SdkBytes.fromUtf8String(text)).build();
    }

    @Test
    void recordsArriveAsFirehoseSendsThem() {
        String bucket = FirehoseTestService.bucket();
        String name = FirehoseTestService.name("http");
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name).httpEndpointDestinationConfiguration(h -> h
                .endpointConfiguration(e -> e.url(url("/ok")).name("receiver").accessKey("sekret"))
                .bufferingHints(x -> x.intervalInSeconds(0))
                .requestConfiguration(r -> r.contentEncoding(ContentEncoding.GZIP).commonAttributes(
                        HttpEndpointCommonAttribute.builder().attributeName("team").attributeValue("data").build()))
                .roleARN(ROLE).s3Configuration(s -> s.bucketARN(bucket).roleARN(ROLE))));
        HttpEndpointDestinationDescription d = firehose.describeDeliveryStream(b -> b.deliveryStreamName(name))
                .deliveryStreamDescription().destinations().getFirst().httpEndpointDestinationDescription();
        assertThat(d.endpointConfiguration().url()).isEqualTo(url("/ok"));
        assertThat(d.endpointConfiguration().name()).isEqualTo("receiver");
        assertThat(d.s3BackupMode()).isEqualTo(HttpEndpointS3BackupMode.FAILED_DATA_ONLY);
        assertThat(d.retryOptions().durationInSeconds()).isEqualTo(300);
        assertThat(d.s3DestinationDescription().bucketARN()).isEqualTo(bucket);

        firehose.putRecordBatch(b -> b.deliveryStreamName(name).records(record("one"), record("two")));
        Awaitility.await().atMost(60, TimeUnit.SECONDS).until(() -> HEADERS.stream()
                .anyMatch(h -> h.getOrDefault("x-amz-firehose-source-arn", "").endsWith("/" + name)));
        int i = 0;
        while (!HEADERS.get(i).getOrDefault("x-amz-firehose-source-arn", "").endsWith("/" + name)) {
            i++;
        }
        Map<String, String> headers = HEADERS.get(i);
        JsonNode body = BODIES.get(i);
        assertThat(headers).containsEntry("x-amz-firehose-access-key", "sekret").containsEntry("content-encoding", "gzip")
                .containsEntry("x-amz-firehose-request-id", body.path("requestId").asText())
                .containsEntry("x-amz-firehose-common-attributes", "{\"commonAttributes\":{\"team\":\"data\"}}");
        assertThat(body.path("timestamp").asLong()).isPositive();
        assertThat(body.path("records")).extracting(r -> new String(Base64.getDecoder().decode(r.path("data").asText()),
                StandardCharsets.UTF_8)).containsExactly("one", "two");
        assertThat(S3Reads.objects(bucket)).isEmpty();
    }

    @Test
    void refusedRecordsGoToS3OnceTheRetryDurationHasPassed() throws Exception {
        String bucket = FirehoseTestService.bucket();
        String name = FirehoseTestService.name("http");
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name).httpEndpointDestinationConfiguration(h -> h
                .endpointConfiguration(e -> e.url(url("/refuse")))
                .bufferingHints(x -> x.intervalInSeconds(0)).retryOptions(r -> r.durationInSeconds(0))
                .roleARN(ROLE).s3Configuration(s -> s.bucketARN(bucket).roleARN(ROLE))));
        firehose.putRecord(b -> b.deliveryStreamName(name).record(record("refused")));
        S3Object o = S3Reads.awaitObjects(bucket, 1).getFirst();
        assertThat(o.key()).startsWith("http-endpoint-failed/");
        JsonNode error = JSON.readTree(S3Reads.text(bucket, o.key()));
        assertThat(new String(Base64.getDecoder().decode(error.path("rawData").asText()), StandardCharsets.UTF_8))
                .isEqualTo("refused");
        assertThat(error.path("errorMessage").asText()).contains("500");
        assertThat(REFUSED.get()).isPositive();
    }

    @Test
    void openSearchGetsBulkIndexActionsAndRejectedDocumentsGoToS3() throws Exception {
        String bucket = FirehoseTestService.bucket();
        String name = FirehoseTestService.name("os");
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name).amazonopensearchserviceDestinationConfiguration(o -> o
                .clusterEndpoint(url("/os")).indexName("logs").indexRotationPeriod(AmazonopensearchserviceIndexRotationPeriod.NO_ROTATION)
                .bufferingHints(h -> h.intervalInSeconds(0)).roleARN(ROLE)
                .s3Configuration(s -> s.bucketARN(bucket).roleARN(ROLE))));
        AmazonopensearchserviceDestinationDescription d = firehose.describeDeliveryStream(b -> b.deliveryStreamName(name))
                .deliveryStreamDescription().destinations().getFirst().amazonopensearchserviceDestinationDescription();
        assertThat(d.s3BackupMode()).isEqualTo(AmazonopensearchserviceS3BackupMode.FAILED_DOCUMENTS_ONLY);
        assertThat(d.indexName()).isEqualTo("logs");
        firehose.putRecordBatch(b -> b.deliveryStreamName(name).records(record("{\"m\":\"a\"}"),
                record("{\"m\":\"reject me\"}")));
        S3Object o = S3Reads.awaitObjects(bucket, 1).getFirst();
        assertThat(o.key()).startsWith("AmazonOpenSearchService-failed/");
        JsonNode error = JSON.readTree(S3Reads.text(bucket, o.key()));
        assertThat(new String(Base64.getDecoder().decode(error.path("rawData").asText()), StandardCharsets.UTF_8))
                .isEqualTo("{\"m\":\"reject me\"}");
        String bulk = BULK.stream().filter(x -> x.contains("reject me")).findFirst().orElseThrow();
        String[] lines = bulk.split("\n");
        assertThat(lines).hasSize(4);
        JsonNode action = JSON.readTree(lines[0]).path("index");
        assertThat(action.path("_index").asText()).isEqualTo("logs");
        assertThat(action.path("_id").asText()).isNotBlank();
        assertThat(lines[1]).isEqualTo("{\"m\":\"a\"}");
    }

    @Test
    void elasticsearchAndOpenSearchServerlessGetBulkIndexActionsByTheirOwnConfigurations() throws Exception {
        String bucket = FirehoseTestService.bucket();
        String es = FirehoseTestService.name("es");
        firehose.createDeliveryStream(b -> b.deliveryStreamName(es).elasticsearchDestinationConfiguration(o -> o
                .clusterEndpoint(url("/os")).indexName("es-logs").typeName("_doc")
                .bufferingHints(h -> h.intervalInSeconds(0)).roleARN(ROLE)
                .s3Configuration(s -> s.bucketARN(bucket).roleARN(ROLE))));
        ElasticsearchDestinationDescription d = firehose.describeDeliveryStream(b -> b.deliveryStreamName(es))
                .deliveryStreamDescription().destinations().getFirst().elasticsearchDestinationDescription();
        assertThat(d.indexRotationPeriod()).isEqualTo(ElasticsearchIndexRotationPeriod.ONE_DAY);
        assertThat(d.s3BackupMode()).isEqualTo(ElasticsearchS3BackupMode.FAILED_DOCUMENTS_ONLY);
        assertThat(d.retryOptions().durationInSeconds()).isEqualTo(300);
        String aoss = FirehoseTestService.name("aoss");
        firehose.createDeliveryStream(b -> b.deliveryStreamName(aoss).amazonOpenSearchServerlessDestinationConfiguration(o -> o
                .collectionEndpoint(url("/os")).indexName("aoss-logs").bufferingHints(h -> h.intervalInSeconds(0))
                .roleARN(ROLE).s3Configuration(s -> s.bucketARN(bucket).roleARN(ROLE))));
        AmazonOpenSearchServerlessDestinationDescription a = firehose.describeDeliveryStream(b -> b.deliveryStreamName(aoss))
                .deliveryStreamDescription().destinations().getFirst().amazonOpenSearchServerlessDestinationDescription();
        assertThat(a.s3BackupMode()).isEqualTo(AmazonOpenSearchServerlessS3BackupMode.FAILED_DOCUMENTS_ONLY);
        assertThatThrownBy(() -> firehose.createDeliveryStream(b -> b.deliveryStreamName(FirehoseTestService.name("aoss"))
                .amazonOpenSearchServerlessDestinationConfiguration(o -> o.indexName("x").roleARN(ROLE)
                        .s3Configuration(s -> s.bucketARN(bucket).roleARN(ROLE)))))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("CollectionEndpoint");

        java.time.Instant put = java.time.Instant.now().plus(FirehoseTestService.bean(dev.overcast.common.time.SuiteClock.class).offset());
        firehose.putRecord(b -> b.deliveryStreamName(es).record(record("{\"m\":\"es one\"}")));
        firehose.putRecordBatch(b -> b.deliveryStreamName(aoss).records(record("{\"m\":\"aoss one\"}"),
                record("{\"m\":\"aoss reject\"}")));
        org.awaitility.Awaitility.await().atMost(60, TimeUnit.SECONDS)
                .until(() -> BULK.stream().anyMatch(x -> x.contains("es one")) && BULK.stream().anyMatch(x -> x.contains("aoss one")));
        JsonNode esAction = JSON.readTree(BULK.stream().filter(x -> x.contains("es one")).findFirst().orElseThrow()
                .split("\n")[0]).path("index");
        // OneDay rotation: the index carries the record's arrival day (UTC)
        assertThat(esAction.path("_index").asText()).isEqualTo("es-logs-" + put.atZone(java.time.ZoneOffset.UTC).toLocalDate());
        assertThat(esAction.path("_type").asText()).isEqualTo("_doc");
        assertThat(esAction.path("_id").asText()).isNotBlank();
        JsonNode aossAction = JSON.readTree(BULK.stream().filter(x -> x.contains("aoss one")).findFirst().orElseThrow()
                .split("\n")[0]).path("index");
        assertThat(aossAction.path("_index").asText()).isEqualTo("aoss-logs");
        assertThat(aossAction.has("_id")).isFalse();
        S3Object o = S3Reads.awaitObjects(bucket, 1).getFirst();
        assertThat(o.key()).startsWith("AmazonOpenSearchServerless-failed/");
    }

    @Test
    void aDestinationsRetryWindowIsKeptAcrossARestart() {
        String bucket = FirehoseTestService.bucket();
        String name = FirehoseTestService.name("retry");
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name).httpEndpointDestinationConfiguration(h -> h
                .endpointConfiguration(e -> e.url(url("/refuse")))
                .bufferingHints(x -> x.intervalInSeconds(0)).retryOptions(r -> r.durationInSeconds(60))
                .roleARN(ROLE).s3Configuration(s -> s.bucketARN(bucket).roleARN(ROLE))));
        firehose.putRecord(b -> b.deliveryStreamName(name).record(record("kept")));
        org.awaitility.Awaitility.await().atMost(60, TimeUnit.SECONDS).until(() -> FirehoseTestService.jdbc().queryForObject(
                "select failing_since is not null from delivery_stream where name = ?", Boolean.class, name));
        // 40 s of the 60 s window pass, Firehose restarts, 30 s more: the window (from the first failure) is over
        FirehoseTestService.advanceClock(Duration.ofSeconds(40));
        FirehoseTestService.restartFirehose();
        FirehoseTestService.advanceClock(Duration.ofSeconds(30));
        S3Object o = S3Reads.awaitObjects(bucket, 1).getFirst();
        assertThat(o.key()).startsWith("http-endpoint-failed/");
        org.awaitility.Awaitility.await().atMost(60, TimeUnit.SECONDS).until(() -> FirehoseTestService.jdbc().queryForObject(
                "select failing_since is null from delivery_stream where name = ?", Boolean.class, name));
    }

    @Test
    void splunkHecGetsEventsWithTheTokenAndAcknowledges() {
        String bucket = FirehoseTestService.bucket();
        String name = FirehoseTestService.name("hec");
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name).splunkDestinationConfiguration(s -> s
                .hecEndpoint(url("/splunk")).hecEndpointType(HECEndpointType.EVENT).hecToken("token-" + name)
                .bufferingHints(h -> h.intervalInSeconds(0))
                .s3Configuration(c -> c.bucketARN(bucket).roleARN(ROLE))));
        SplunkDestinationDescription d = firehose.describeDeliveryStream(b -> b.deliveryStreamName(name))
                .deliveryStreamDescription().destinations().getFirst().splunkDestinationDescription();
        assertThat(d.s3BackupMode()).isEqualTo(SplunkS3BackupMode.FAILED_EVENTS_ONLY);
        assertThat(d.hecAcknowledgmentTimeoutInSeconds()).isEqualTo(180);
        firehose.putRecordBatch(b -> b.deliveryStreamName(name).records(record("plain text"), record("{\"event\":{\"k\":1}}")));
        org.awaitility.Awaitility.await().atMost(60, TimeUnit.SECONDS)
                .until(() -> HEC.stream().anyMatch(x -> x.startsWith("Splunk token-" + name + "|")));
        String sent = HEC.stream().filter(x -> x.startsWith("Splunk token-" + name + "|")).findFirst().orElseThrow();
        assertThat(sent.substring(sent.indexOf('|') + 1)).isEqualTo("{\"event\":\"plain text\"}\n{\"event\":{\"k\":1}}\n");
        assertThat(S3Reads.objects(bucket)).isEmpty();
    }

    /**
     * Deliveries of more than a part's worth (5.6 MB, through a transformation function a record at a time) to an HTTP
     * endpoint (gzip), OpenSearch and Splunk are streamed: each request is under way (the receiver has its headers and
     * reads its body) before the last record has been sent to the function, and carries every record.
     */
    @Test
    void largeDeliveriesAreSentWhileTheBufferIsRead() throws Exception {
        List<String> records = new java.util.ArrayList<>();
        for (int i = 0; i < 14; i++) {
            records.add("{\"n\":" + i + ",\"text\":\"" + i + "-" + String.valueOf((char) ('a' + i % 26)).repeat(400_000) + "\"}");
        }
        ProcessingConfiguration lambda = ProcessingConfiguration.builder().enabled(true).processors(Processor.builder()
                .type(ProcessorType.LAMBDA).parameters(ProcessorParameter.builder()
                        .parameterName(ProcessorParameterName.LAMBDA_ARN)
                        .parameterValue(dev.overcast.firehose.TransformServer.ARN).build()).build()).build();
        String bucket = FirehoseTestService.bucket();
        String http = FirehoseTestService.name("bighttp");
        String os = FirehoseTestService.name("bigos");
        String hec = FirehoseTestService.name("bighec");
        firehose.createDeliveryStream(b -> b.deliveryStreamName(http).httpEndpointDestinationConfiguration(h -> h
                .endpointConfiguration(e -> e.url(url("/big/http/" + http))).processingConfiguration(lambda)
                .bufferingHints(x -> x.sizeInMBs(10).intervalInSeconds(60))
                .requestConfiguration(r -> r.contentEncoding(ContentEncoding.GZIP))
                .roleARN(ROLE).s3Configuration(s -> s.bucketARN(bucket).roleARN(ROLE))));
        firehose.createDeliveryStream(b -> b.deliveryStreamName(os).amazonopensearchserviceDestinationConfiguration(o -> o
                .clusterEndpoint(url("/big/os/" + os)).indexName("big")
                .indexRotationPeriod(AmazonopensearchserviceIndexRotationPeriod.NO_ROTATION).processingConfiguration(lambda)
                .bufferingHints(h -> h.sizeInMBs(10).intervalInSeconds(60)).roleARN(ROLE)
                .s3Configuration(s -> s.bucketARN(bucket).roleARN(ROLE))));
        firehose.createDeliveryStream(b -> b.deliveryStreamName(hec).splunkDestinationConfiguration(s -> s
                .hecEndpoint(url("/big/hec/" + hec)).hecEndpointType(HECEndpointType.EVENT).hecToken("t")
                .processingConfiguration(lambda).bufferingHints(h -> h.sizeInMBs(5).intervalInSeconds(60))
                .s3Configuration(c -> c.bucketARN(bucket).roleARN(ROLE))));
        for (String name : List.of(http, os, hec)) {
            for (int from = 0; from < 14; from += 7) {
                List<Record> batch = records.subList(from, from + 7).stream().map(HttpDestinationsTest::record).toList();
                assertThat(firehose.putRecordBatch(b -> b.deliveryStreamName(name).records(batch)).failedPutCount()).isZero();
            }
        }
        Map<String, Boolean> startedWhenLastInvoked = new java.util.concurrent.ConcurrentHashMap<>();
        dev.overcast.firehose.TransformServer.onEvent = e -> {
            String stream = e.path("deliveryStreamArn").asText();
            String name = stream.substring(stream.lastIndexOf('/') + 1);
            if (List.of(http, os, hec).contains(name) && new String(Base64.getDecoder().decode(
                    e.path("records").get(0).path("data").asText()), StandardCharsets.UTF_8).startsWith("{\"n\":13,")) {
                startedWhenLastInvoked.put(name, BIG_STARTED.stream().anyMatch(p -> p.contains("/" + name)));
            }
        };
        try {
            FirehoseTestService.advanceClock(Duration.ofSeconds(61));
            String httpPath = "/big/http/" + http;
            String osPath = "/big/os/" + os + "/_bulk";
            String hecPath = "/big/hec/" + hec + "/services/collector/event";
            Awaitility.await().atMost(120, TimeUnit.SECONDS).until(() -> BIG_BODIES.keySet().containsAll(
                    List.of(httpPath, osPath, hecPath)));
            assertThat(startedWhenLastInvoked).as("requests under way when the last record was sent to the function")
                    .containsEntry(http, true).containsEntry(os, true).containsEntry(hec, true);
            List<String> upper = records.stream().map(r -> r.toUpperCase(java.util.Locale.ROOT)).toList();
            JsonNode body = JSON.readTree(BIG_BODIES.get(httpPath));
            assertThat(body.path("records")).extracting(r -> new String(Base64.getDecoder().decode(r.path("data").asText()),
                    StandardCharsets.UTF_8)).containsExactlyElementsOf(upper);
            String[] bulk = new String(BIG_BODIES.get(osPath), StandardCharsets.UTF_8).split("\n");
            assertThat(bulk).hasSize(28);
            assertThat(bulk[27]).isEqualTo(upper.get(13));
            String[] events = new String(BIG_BODIES.get(hecPath), StandardCharsets.UTF_8).split("\n");
            assertThat(events).hasSize(14);
            assertThat(JSON.readTree(events[13]).path("event").path("TEXT").asText()).isEqualTo(
                    JSON.readTree(upper.get(13)).path("TEXT").asText());
            assertThat(S3Reads.objects(bucket)).isEmpty();
        } finally {
            dev.overcast.firehose.TransformServer.onEvent = e -> { };
        }
    }
}
