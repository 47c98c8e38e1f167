package dev.overcast.firehose.delivery;

import dev.overcast.firehose.deliverystream.DeliveryStream;
import dev.overcast.firehose.processing.Item;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.firehose.model.HECEndpointType;
import software.amazon.awssdk.services.firehose.model.SplunkDestinationDescription;
import software.amazon.awssdk.services.firehose.model.SplunkS3BackupMode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivery to Splunk's HTTP Event Collector: {@code /services/collector/raw} (the records as they are) or
 * {@code /services/collector/event} (each record as an event: a JSON record with an {@code event} member as it is,
 * any other wrapped as {@code {"event": …}}), with {@code Authorization: Splunk <HECToken>} and a request channel;
 * when HEC answers with an {@code ackId} (indexer acknowledgement), the acknowledgement is polled until
 * HECAcknowledgmentTimeoutInSeconds. Failures are tried again for RetryOptions' duration, then go to S3 under
 * {@code splunk-failed}.
 */
final class SplunkDelivery {

    static final String FAILED = "splunk-failed";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final RetryingDelivery retrying;

    SplunkDelivery(RetryingDelivery retrying) {
        this.retrying = retrying;
    }

    S3Delivery.Delivery deliver(DeliveryStream stream, SplunkDestinationDescription d, S3Delivery.Source records,
                                Instant firstFailure) {
        var target = new RetryingDelivery.Target(d.processingConfiguration(),
                d.retryOptions() == null ? null : d.retryOptions().durationInSeconds(), d.s3DestinationDescription(),
                d.s3BackupMode() == SplunkS3BackupMode.ALL_EVENTS ? d.s3DestinationDescription() : null, FAILED,
                "Splunk.InvalidResponse");
        return retrying.deliver(stream, target, records, firstFailure, new Events(d, UUID.randomUUID().toString()));
    }

    private static String base(SplunkDestinationDescription d) {
        return d.hecEndpoint().endsWith("/") ? d.hecEndpoint().substring(0, d.hecEndpoint().length() - 1) : d.hecEndpoint();
    }

    /** One request to HEC, its events (or raw data) written as the records come. */
    private static final class Events extends StreamedPost.Request {
        private final SplunkDestinationDescription d;
        private final boolean raw;
        private final String channel;

        Events(SplunkDestinationDescription d, String channel) {
            super(new StreamedPost(URI.create(base(d) + "/services/collector/"
                    + (d.hecEndpointType() == HECEndpointType.RAW ? "raw" : "event")),
                    Map.of("Authorization", "Splunk " + d.hecToken(), "X-Splunk-Request-Channel", channel,
                            "Content-Type", "application/json"), false, Duration.ofSeconds(180)), "Splunk HEC");
            this.d = d;
            this.raw = d.hecEndpointType() == HECEndpointType.RAW;
            this.channel = channel;
        }

        @Override
        protected void write(Item i) throws IOException {
            if (raw) {
                post.write(i.data());
            } else {
                post.write(event(new String(i.data(), StandardCharsets.UTF_8)) + "\n");
            }
        }

        /** Null when HEC took (and, with acknowledgements, indexed) the events, else why not. */
        @Override
        protected RetryingDelivery.Attempt answer(StreamedPost.Response r) throws IOException, InterruptedException {
            if (r.status() != 200) {
                return new RetryingDelivery.Attempt("Splunk HEC answered " + r.status() + ": " + r.body());
            }
            JsonNode answer = JSON.readTree(r.body());
            return new RetryingDelivery.Attempt(answer.has("ackId") ? awaitAck(d, channel, answer.path("ackId").asLong())
                    : null);
        }
    }

    /** A record as an HEC event. */
    private static String event(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node != null && node.isObject() && node.has("event")) {
                return node.toString();
            }
            return JSON.createObjectNode().set("event", node).toString();
        } catch (RuntimeException e) {
            return JSON.createObjectNode().put("event", text).toString();
        }
    }

    /** Polls {@code /services/collector/ack} until the events are indexed or the acknowledgement timeout passes. */
    private static String awaitAck(SplunkDestinationDescription d, String channel, long ackId)
            throws IOException, InterruptedException {
        int timeout = d.hecAcknowledgmentTimeoutInSeconds() == null ? 180 : d.hecAcknowledgmentTimeoutInSeconds();
        long deadline = System.nanoTime() + Duration.ofSeconds(timeout).toNanos();
        String query = JSON.createObjectNode().set("acks", JSON.createArrayNode().add(ackId)).toString();
        while (System.nanoTime() - deadline < 0) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base(d) + "/services/collector/ack"))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Splunk " + d.hecToken())
                    .header("X-Splunk-Request-Channel", channel).POST(HttpRequest.BodyPublishers.ofString(query)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200 && JSON.readTree(r.body()).path("acks").path(Long.toString(ackId)).asBoolean(false)) {
                return null;
            }
            Thread.sleep(200);
        }
        return "Splunk HEC did not acknowledge the events within " + timeout + " s";
    }
}
