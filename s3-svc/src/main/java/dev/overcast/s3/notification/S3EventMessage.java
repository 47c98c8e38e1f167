package dev.overcast.s3.notification;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The messages S3 sends: the event message of a destination ({@code {"Records":[...]}}, event structure 2.x), the
 * test message a saved configuration sends, and the event EventBridge receives.
 */
final class S3EventMessage {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** S3's event times: milliseconds, UTC ({@code 1970-01-01T00:00:00.000Z}). */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT;

    private S3EventMessage() {
    }

    /**
     * What one change is, as every message about it tells it.
     *
     * @param name      e.g. {@code ObjectCreated:Put}
     * @param size      null for events without one (removals, tagging)
     * @param eTag      without quotes; null for events without one
     * @param versionId null in a bucket that was never versioned
     * @param sequencer orders the events of one key (hex, fixed width)
     * @param reason    the API that made the change, as EventBridge names it ({@code PutObject})
     * @param data      what the event's record carries beside {@code s3} ({@code glacierEventData},
     *                  {@code lifecycleEventData}, {@code replicationEventData}), or null
     * @param detail    what EventBridge's {@code detail} carries beside the object ({@code source-storage-class}, …),
     *                  or null
     */
    record Change(String name, String key, Long size, String eTag, String versionId, String sequencer, String reason,
                  boolean deleteMarker, ObjectNode data, ObjectNode detail) {

        Change(String name, String key, Long size, String eTag, String versionId, String sequencer, String reason,
               boolean deleteMarker) {
            this(name, key, size, eTag, versionId, sequencer, reason, deleteMarker, null, null);
        }
    }

    /**
     * Who asked, and where: the request's id, host id, the principal, its source address, the bucket and its owner.
     */
    record Origin(String bucket, String region, String account, String ownerId, String principalId, String sourceIp,
                  String requestId, String hostId, Instant time) {

        String bucketArn() {
            return "arn:aws:s3:::" + bucket;
        }

        String eventTime() {
            return TIME.format(time.truncatedTo(ChronoUnit.MILLIS));
        }
    }

    /** What S3 names as the event's principal and source address when S3 itself acted (lifecycle, restore, replication). */
    static final String S3_ITSELF = "s3.amazonaws.com";

    /**
     * The event version: 2.3 for the lifecycle, Intelligent-Tiering, ACL, tagging and restore-expiry events, 2.2 for
     * the replication events, 2.1 for the others.
     */
    static String eventVersion(String name) {
        if (name.startsWith("ObjectTagging:") || name.startsWith("Lifecycle") || name.equals("IntelligentTiering")
                || name.equals("ObjectAcl:Put") || name.equals("ObjectRestore:Delete")) {
            return "2.3";
        }
        return name.startsWith("Replication:") ? "2.2" : "2.1";
    }

    /** Whether EventBridge receives events of this name (not the replication ones). */
    static boolean bridged(String name) {
        return !name.startsWith("Replication:");
    }

    /** A time as event messages carry it: ISO-8601, milliseconds, UTC. */
    static String time(Instant at) {
        return TIME.format(at.truncatedTo(ChronoUnit.MILLIS));
    }

    /** An empty object to fill with an event's data. */
    static ObjectNode node() {
        return JSON.createObjectNode();
    }

    /** The event message of a queue, topic or function destination, for the configuration of that id. */
    static String records(Origin o, Change c, String configurationId) {
        ObjectNode record = JSON.createObjectNode()
                .put("eventVersion", eventVersion(c.name()))
                .put("eventSource", "aws:s3")
                .put("awsRegion", o.region())
                .put("eventTime", o.eventTime())
                .put("eventName", c.name());
        record.putObject("userIdentity").put("principalId", o.principalId());
        record.putObject("requestParameters").put("sourceIPAddress", o.sourceIp());
        record.putObject("responseElements").put("x-amz-request-id", o.requestId()).put("x-amz-id-2", o.hostId());
        ObjectNode s3 = record.putObject("s3").put("s3SchemaVersion", "1.0").put("configurationId", configurationId);
        ObjectNode bucket = s3.putObject("bucket").put("name", o.bucket());
        bucket.putObject("ownerIdentity").put("principalId", o.ownerId());
        bucket.put("arn", o.bucketArn());
        object(s3.putObject("object").put("key", encodeKey(c.key())), c, "eTag", "versionId");
        if (c.data() != null) {
            record.setAll(c.data());
        }
        ObjectNode message = JSON.createObjectNode();
        message.putArray("Records").add(record);
        return JSON.writeValueAsString(message);
    }

    /** The event as EventBridge receives it (no filters apply: every event goes). */
    static String eventBridge(Origin o, Change c, String id) {
        ObjectNode event = JSON.createObjectNode()
                .put("version", "0")
                .put("id", id)
                .put("detail-type", detailType(c.name()))
                .put("source", "aws.s3")
                .put("account", o.account())
                .put("time", TIME.format(o.time().truncatedTo(ChronoUnit.SECONDS)))
                .put("region", o.region());
        event.putArray("resources").add(o.bucketArn());
        ObjectNode detail = event.putObject("detail").put("version", "0");
        detail.putObject("bucket").put("name", o.bucket());
        object(detail.putObject("object").put("key", c.key()), c, "etag", "version-id");
        detail.put("request-id", o.requestId()).put("requester",
                S3_ITSELF.equals(o.principalId()) ? S3_ITSELF : o.account()).put("source-ip-address", o.sourceIp());
        if (c.name().startsWith("ObjectCreated:") || removal(c.name())) {
            detail.put("reason", c.reason());
        }
        if (removal(c.name())) {
            detail.put("deletion-type", c.deleteMarker() ? "Delete Marker Created" : "Permanently Deleted");
        }
        if (c.detail() != null) {
            detail.setAll(c.detail());
        }
        return JSON.writeValueAsString(event);
    }

    /** The object's size, ETag and version id (each only when there is one) and sequencer, by the given names. */
    private static void object(ObjectNode object, Change c, String eTagName, String versionIdName) {
        if (c.size() != null) {
            object.put("size", c.size());
        }
        if (c.eTag() != null) {
            object.put(eTagName, c.eTag());
        }
        if (c.versionId() != null) {
            object.put(versionIdName, c.versionId());
        }
        object.put("sequencer", c.sequencer());
    }

    private static boolean removal(String name) {
        return name.startsWith("ObjectRemoved:") || name.startsWith("LifecycleExpiration:");
    }

    private static String detailType(String name) {
        return switch (name) {
            case "ObjectRestore:Post" -> "Object Restore Initiated";
            case "ObjectRestore:Completed" -> "Object Restore Completed";
            case "ObjectRestore:Delete" -> "Object Restore Expired";
            case "LifecycleTransition" -> "Object Storage Class Changed";
            case "IntelligentTiering" -> "Object Access Tier Changed";
            case "ObjectAcl:Put" -> "Object ACL Updated";
            case "ObjectTagging:Put" -> "Object Tags Added";
            case "ObjectTagging:Delete" -> "Object Tags Deleted";
            default -> name.startsWith("ObjectCreated:") ? "Object Created" : "Object Deleted";
        };
    }

    /** The message a saved configuration sends to its queues and topics. */
    static String testEvent(Origin o) {
        return JSON.writeValueAsString(JSON.createObjectNode()
                .put("Service", "Amazon S3")
                .put("Event", "s3:TestEvent")
                .put("Time", o.eventTime())
                .put("Bucket", o.bucket())
                .put("RequestId", o.requestId())
                .put("HostId", o.hostId()));
    }

    /** An object key as event messages carry it: URL-encoded as a form value (a space is {@code +}), slashes kept. */
    static String encodeKey(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }
}
