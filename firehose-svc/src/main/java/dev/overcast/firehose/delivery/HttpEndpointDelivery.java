package dev.overcast.firehose.delivery;

import dev.overcast.firehose.deliverystream.DeliveryStream;
import dev.overcast.firehose.processing.Item;
import dev.overcast.firehose.record.BufferStore.Buffered;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.services.firehose.model.ContentEncoding;
import software.amazon.awssdk.services.firehose.model.HttpEndpointCommonAttribute;
import software.amazon.awssdk.services.firehose.model.HttpEndpointDestinationDescription;
import software.amazon.awssdk.services.firehose.model.HttpEndpointS3BackupMode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Delivery to an HTTP endpoint by Firehose's HTTP endpoint delivery request and response specification: a POST of
 * {@code {"requestId", "timestamp", "records":[{"data": base64}]}} with {@code X-Amz-Firehose-Request-Id},
 * {@code X-Amz-Firehose-Access-Key}, {@code X-Amz-Firehose-Common-Attributes}, {@code X-Amz-Firehose-Source-Arn}
 * and, with ContentEncoding GZIP, a gzip body; the endpoint must answer 200 with the same {@code requestId}. A failed
 * attempt is tried again until RetryOptions' DurationInSeconds has passed since the first failure, then the records go
 * to the S3 configuration's bucket under its ErrorOutputPrefix ({@code http-endpoint-failed}): see {@link RetryingDelivery}.
 */
final class HttpEndpointDelivery {

    static final String HTTP_ENDPOINT_FAILED = "http-endpoint-failed";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final RetryingDelivery retrying;
    private final Supplier<Instant> clock;

    HttpEndpointDelivery(RetryingDelivery retrying, Supplier<Instant> clock) {
        this.retrying = retrying;
        this.clock = clock;
    }

    /**
     * Delivers the records; {@code firstFailure} is when this buffer's attempts first failed (null when they have
     * not), so the retry duration counts from there.
     */
    S3Delivery.Delivery deliver(DeliveryStream stream, HttpEndpointDestinationDescription d, List<Buffered> records,
                                Instant firstFailure) {
        var target = new RetryingDelivery.Target(d.processingConfiguration(),
                d.retryOptions() == null ? null : d.retryOptions().durationInSeconds(), d.s3DestinationDescription(),
                d.s3BackupMode() == HttpEndpointS3BackupMode.ALL_DATA, HTTP_ENDPOINT_FAILED,
                "HttpEndpoint.InvalidResponseFromDestination");
        return retrying.deliver(stream, target, records, firstFailure,
                items -> new RetryingDelivery.Attempt(post(stream, d, items), Map.of()));
    }

    /** One attempt; null when the endpoint took the records, else why not. */
    private String post(DeliveryStream stream, HttpEndpointDestinationDescription d, List<Item> items) {
        String requestId = UUID.randomUUID().toString();
        ObjectNode body = JSON.createObjectNode();
        body.put("requestId", requestId).put("timestamp", clock.get().toEpochMilli());
        var records = body.putArray("records");
        items.forEach(i -> records.addObject().put("data", Base64.getEncoder().encodeToString(i.data())));
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(d.endpointConfiguration().url()))
                .timeout(Duration.ofSeconds(180))
                .header("Content-Type", "application/json")
                .header("X-Amz-Firehose-Protocol-Version", "1.0")
                .header("X-Amz-Firehose-Request-Id", requestId)
                .header("X-Amz-Firehose-Source-Arn", stream.arn());
        if (stream.destinationSecret() != null) {
            request.header("X-Amz-Firehose-Access-Key", stream.destinationSecret());
        }
        if (d.requestConfiguration() != null) {
            if (d.requestConfiguration().hasCommonAttributes() && !d.requestConfiguration().commonAttributes().isEmpty()) {
                ObjectNode attributes = JSON.createObjectNode();
                ObjectNode common = attributes.putObject("commonAttributes");
                for (HttpEndpointCommonAttribute a : d.requestConfiguration().commonAttributes()) {
                    common.put(a.attributeName(), a.attributeValue());
                }
                request.header("X-Amz-Firehose-Common-Attributes", attributes.toString());
            }
            if (d.requestConfiguration().contentEncoding() == ContentEncoding.GZIP) {
                request.header("Content-Encoding", "gzip");
                bytes = Compression.compress(software.amazon.awssdk.services.firehose.model.CompressionFormat.GZIP,
                        List.of(bytes), null);
            }
        }
        try {
            HttpResponse<String> r = HTTP.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return "The HTTP endpoint answered " + r.statusCode() + ": " + r.body();
            }
            JsonNode answer = JSON.readTree(r.body());
            if (!requestId.equals(answer.path("requestId").asText())) {
                return "The HTTP endpoint's response does not carry the request's requestId " + requestId;
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return "The HTTP endpoint could not be reached: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
