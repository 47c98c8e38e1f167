package dev.overcast.firehose.delivery;

import dev.overcast.firehose.deliverystream.DeliveryStream;
import dev.overcast.firehose.processing.Item;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
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
 * and, with ContentEncoding GZIP, a gzip body, sent as the records come ({@link StreamedPost}); the endpoint must answer
 * 200 with the same {@code requestId}. A failed
 * attempt is tried again until RetryOptions' DurationInSeconds has passed since the first failure, then the records go
 * to the S3 configuration's bucket under its ErrorOutputPrefix ({@code http-endpoint-failed}): see {@link RetryingDelivery}.
 */
final class HttpEndpointDelivery {

    static final String HTTP_ENDPOINT_FAILED = "http-endpoint-failed";
    private static final JsonMapper JSON = JsonMapper.builder().build();

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
    S3Delivery.Delivery deliver(DeliveryStream stream, HttpEndpointDestinationDescription d, S3Delivery.Source records,
                                Instant firstFailure) {
        var target = new RetryingDelivery.Target(d.processingConfiguration(),
                d.retryOptions() == null ? null : d.retryOptions().durationInSeconds(), d.s3DestinationDescription(),
                d.s3BackupMode() == HttpEndpointS3BackupMode.ALL_DATA ? d.s3DestinationDescription() : null,
                HTTP_ENDPOINT_FAILED, "HttpEndpoint.InvalidResponseFromDestination");
        return retrying.deliver(stream, target, records, firstFailure, new Post(stream, d, UUID.randomUUID().toString()));
    }

    /** One attempt: {@code {"requestId","timestamp","records":[{"data"}…]}} written as the records come. */
    private final class Post extends StreamedPost.Request {
        private final String requestId;
        private boolean first = true;

        Post(DeliveryStream stream, HttpEndpointDestinationDescription d, String requestId) {
            super(new StreamedPost(URI.create(d.endpointConfiguration().url()), headers(stream, d, requestId),
                    d.requestConfiguration() != null && d.requestConfiguration().contentEncoding() == ContentEncoding.GZIP,
                    Duration.ofSeconds(180)), "The HTTP endpoint");
            this.requestId = requestId;
        }

        @Override
        protected void write(Item item) throws IOException {
            if (first) {
                post.write("{\"requestId\":\"" + requestId + "\",\"timestamp\":" + clock.get().toEpochMilli()
                        + ",\"records\":[{\"data\":\"");
                first = false;
            } else {
                post.write("\"},{\"data\":\"");
            }
            post.write(Base64.getEncoder().encode(item.data()));
        }

        @Override
        protected void end() throws IOException {
            post.write("\"}]}");
        }

        @Override
        protected RetryingDelivery.Attempt answer(StreamedPost.Response r) {
            if (r.status() != 200) {
                return new RetryingDelivery.Attempt("The HTTP endpoint answered " + r.status() + ": " + r.body());
            }
            JsonNode answer = JSON.readTree(r.body());
            if (!requestId.equals(answer.path("requestId").asText())) {
                return new RetryingDelivery.Attempt("The HTTP endpoint's response does not carry the request's requestId "
                        + requestId);
            }
            return new RetryingDelivery.Attempt(null);
        }
    }

    /** The request's headers: Firehose's, the access key, the common attributes. */
    private static Map<String, String> headers(DeliveryStream stream, HttpEndpointDestinationDescription d,
                                               String requestId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("X-Amz-Firehose-Protocol-Version", "1.0");
        headers.put("X-Amz-Firehose-Request-Id", requestId);
        headers.put("X-Amz-Firehose-Source-Arn", stream.arn());
        if (stream.destinationSecret() != null) {
            headers.put("X-Amz-Firehose-Access-Key", stream.destinationSecret());
        }
        if (d.requestConfiguration() != null && d.requestConfiguration().hasCommonAttributes()
                && !d.requestConfiguration().commonAttributes().isEmpty()) {
            ObjectNode attributes = JSON.createObjectNode();
            ObjectNode common = attributes.putObject("commonAttributes");
            for (HttpEndpointCommonAttribute a : d.requestConfiguration().commonAttributes()) {
                common.put(a.attributeName(), a.attributeValue());
            }
            headers.put("X-Amz-Firehose-Common-Attributes", attributes.toString());
        }
        return headers;
    }
}
