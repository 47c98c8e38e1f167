package dev.overcast.firehose.delivery;

import dev.overcast.firehose.deliverystream.DeliveryStream;
import dev.overcast.firehose.processing.Item;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.firehose.model.AmazonopensearchserviceDestinationDescription;
import software.amazon.awssdk.services.firehose.model.AmazonOpenSearchServerlessDestinationDescription;
import software.amazon.awssdk.services.firehose.model.AmazonOpenSearchServerlessS3BackupMode;
import software.amazon.awssdk.services.firehose.model.AmazonopensearchserviceS3BackupMode;
import software.amazon.awssdk.services.firehose.model.DefaultDocumentIdFormat;
import software.amazon.awssdk.services.firehose.model.DocumentIdOptions;
import software.amazon.awssdk.services.firehose.model.ElasticsearchDestinationDescription;
import software.amazon.awssdk.services.firehose.model.ElasticsearchS3BackupMode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Delivery to OpenSearch Service, Elasticsearch and OpenSearch Serverless: each buffer as one {@code _bulk} request
 * (NDJSON {@code index} actions, sent as the records come: {@link StreamedPost}) to the ClusterEndpoint
 * (CollectionEndpoint for Serverless), into IndexName with its IndexRotationPeriod suffix (by the record's arrival, UTC: {@code -yyyy-MM-dd-HH}, {@code -yyyy-MM-dd},
 * {@code -yyyy-ww}, {@code -yyyy-MM}; Serverless has no rotation), document ids as DocumentIdOptions say (Firehose's
 * own, or none so the cluster assigns them; Serverless collections assign their own). A request that fails is tried
 * again for RetryOptions' duration; documents the bulk answer rejects go to S3 under
 * {@code AmazonOpenSearchService-failed} (Elasticsearch too, as AWS now names it) or
 * {@code AmazonOpenSearchServerless-failed}.
 */
final class OpenSearchDelivery {

    static final String FAILED = "AmazonOpenSearchService-failed";
    static final String SERVERLESS_FAILED = "AmazonOpenSearchServerless-failed";

    /** Where a bulk request goes: the endpoint, the index and its rotation, the type, whether Firehose sets ids. */
    record Bulk(String endpoint, String indexName, String rotation, String typeName, boolean documentIds) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RetryingDelivery retrying;

    OpenSearchDelivery(RetryingDelivery retrying) {
        this.retrying = retrying;
    }

    S3Delivery.Delivery deliver(DeliveryStream stream, AmazonopensearchserviceDestinationDescription d,
                                S3Delivery.Source records, Instant firstFailure) {
        var target = new RetryingDelivery.Target(d.processingConfiguration(),
                d.retryOptions() == null ? null : d.retryOptions().durationInSeconds(), d.s3DestinationDescription(),
                d.s3BackupMode() == AmazonopensearchserviceS3BackupMode.ALL_DOCUMENTS ? d.s3DestinationDescription() : null,
                FAILED, "OS.DocumentRejected");
        Bulk bulk = new Bulk(d.clusterEndpoint(), d.indexName(), d.indexRotationPeriodAsString(), d.typeName(),
                ids(d.documentIdOptions()));
        return retrying.deliver(stream, target, records, firstFailure, new BulkRequest(bulk));
    }

    S3Delivery.Delivery deliver(DeliveryStream stream, ElasticsearchDestinationDescription d, S3Delivery.Source records,
                                Instant firstFailure) {
        var target = new RetryingDelivery.Target(d.processingConfiguration(),
                d.retryOptions() == null ? null : d.retryOptions().durationInSeconds(), d.s3DestinationDescription(),
                d.s3BackupMode() == ElasticsearchS3BackupMode.ALL_DOCUMENTS ? d.s3DestinationDescription() : null,
                FAILED, "ES.DocumentRejected");
        Bulk bulk = new Bulk(d.clusterEndpoint(), d.indexName(), d.indexRotationPeriodAsString(), d.typeName(),
                ids(d.documentIdOptions()));
        return retrying.deliver(stream, target, records, firstFailure, new BulkRequest(bulk));
    }

    S3Delivery.Delivery deliver(DeliveryStream stream, AmazonOpenSearchServerlessDestinationDescription d,
                                S3Delivery.Source records, Instant firstFailure) {
        var target = new RetryingDelivery.Target(d.processingConfiguration(),
                d.retryOptions() == null ? null : d.retryOptions().durationInSeconds(), d.s3DestinationDescription(),
                d.s3BackupMode() == AmazonOpenSearchServerlessS3BackupMode.ALL_DOCUMENTS
                        ? d.s3DestinationDescription() : null, SERVERLESS_FAILED, "AOSS.DocumentRejected");
        Bulk bulk = new Bulk(d.collectionEndpoint(), d.indexName(), null, null, false);
        return retrying.deliver(stream, target, records, firstFailure, new BulkRequest(bulk));
    }

    private static boolean ids(DocumentIdOptions options) {
        return options == null || options.defaultDocumentIdFormat() != DefaultDocumentIdFormat.NO_DOCUMENT_ID;
    }

    /** The index a record goes to: IndexName with the rotation suffix (NoRotation, OneHour…) of its arrival time. */
    static String index(String name, String rotation, Instant arrived) {
        ZonedDateTime t = arrived.atZone(ZoneOffset.UTC);
        String suffix = rotation == null ? "" : switch (rotation) {
            case "OneHour" -> t.format(DateTimeFormatter.ofPattern("-yyyy-MM-dd-HH"));
            case "OneDay" -> t.format(DateTimeFormatter.ofPattern("-yyyy-MM-dd"));
            case "OneWeek" -> t.format(DateTimeFormatter.ofPattern("-YYYY-ww"));
            case "OneMonth" -> t.format(DateTimeFormatter.ofPattern("-yyyy-MM"));
            default -> "";
        };
        return name + suffix;
    }

    /** One {@code _bulk} request, its NDJSON written as the records come; rejected documents by their place. */
    private static final class BulkRequest extends StreamedPost.Request {
        private final Bulk d;
        private int documents;

        BulkRequest(Bulk d) {
            super(new StreamedPost(URI.create((d.endpoint().endsWith("/") ? d.endpoint() : d.endpoint() + "/") + "_bulk"),
                    Map.of("Content-Type", "application/x-ndjson"), false, Duration.ofSeconds(180)),
                    "The OpenSearch endpoint");
            this.d = d;
        }

        @Override
        protected void write(Item i) throws IOException {
            documents++;
            ObjectNode action = JSON.createObjectNode();
            ObjectNode index = action.putObject("index");
            index.put("_index", index(d.indexName(), d.rotation(), i.arrivedAt()));
            if (d.typeName() != null && !d.typeName().isEmpty()) {
                index.put("_type", d.typeName());
            }
            if (d.documentIds()) {
                index.put("_id", i.recordId());
            }
            post.write(action + "\n" + new String(i.data(), StandardCharsets.UTF_8).strip() + "\n");
        }

        @Override
        protected RetryingDelivery.Attempt answer(StreamedPost.Response r) {
            if (r.status() / 100 != 2) {
                return new RetryingDelivery.Attempt("The OpenSearch endpoint answered " + r.status() + ": " + r.body());
            }
            Map<Integer, String> rejected = new HashMap<>();
            JsonNode answer = JSON.readTree(r.body());
            if (answer.path("errors").asBoolean(false)) {
                JsonNode results = answer.path("items");
                for (int n = 0; n < documents && n < results.size(); n++) {
                    JsonNode result = results.get(n).path("index");
                    if (result.path("status").asInt(200) / 100 != 2) {
                        rejected.put(n, result.path("error").toString());
                    }
                }
            }
            return new RetryingDelivery.Attempt(null, rejected, List.of());
        }
    }
}
