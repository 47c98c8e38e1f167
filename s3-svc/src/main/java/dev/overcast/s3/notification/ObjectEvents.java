package dev.overcast.s3.notification;

import dev.overcast.s3.bucket.Bucket;
import dev.overcast.s3.versioning.Versions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import tools.jackson.databind.node.ObjectNode;

/**
 * The events one request's changes on one bucket cause, matched against the bucket's notification configuration as
 * the change saw the bucket. The object stores call it inside the change's transaction, after the change, with the
 * key's lock held; {@link #NONE} (a bucket without configuration) costs nothing.
 */
public final class ObjectEvents {

    public static final ObjectEvents NONE = new ObjectEvents(null, NotificationRules.NONE, null, null, null);
    /** The API name of the changes a lifecycle rule makes (its removals are LifecycleExpiration events). */
    public static final String LIFECYCLE = "Lifecycle Expiration";

    /** The event a change made by each API causes (removals depend on what the delete did). */
    private static final Map<String, String> CREATED = Map.of("PutObject", "ObjectCreated:Put",
            "POST Object", "ObjectCreated:Post", "CopyObject", "ObjectCreated:Copy",
            "CompleteMultipartUpload", "ObjectCreated:CompleteMultipartUpload",
            "PutObjectTagging", "ObjectTagging:Put", "DeleteObjectTagging", "ObjectTagging:Delete");

    private final Notifications notifications;
    private final NotificationRules rules;
    private final Bucket bucket;
    private final String api;
    private final S3EventMessage.Origin origin;

    ObjectEvents(Notifications notifications, NotificationRules rules, Bucket bucket, String api,
                 S3EventMessage.Origin origin) {
        this.notifications = notifications;
        this.rules = rules;
        this.bucket = bucket;
        this.api = api;
        this.origin = origin;
    }

    /** Whether the change this request makes to the key (a create or a tagging) has an event to write. */
    public boolean wanted(String key) {
        return rules.any() && wanted(CREATED.get(api), key);
    }

    private boolean wanted(String name, String key) {
        return rules.eventBridge() || rules.destinations().stream().anyMatch(d -> d.matches(name, key));
    }

    /** Whether any change of this request may have an event to write (a delete, whose event depends on what it does). */
    public boolean any() {
        return rules.any();
    }

    /**
     * The object was created (put, posted, copied, completed), or its tags were set or deleted.
     *
     * @param sequence the key's change sequence as drawn under its lock (0: draw one now)
     */
    public void changed(String key, Long size, String eTag, String versionId, long sequence) {
        if (!wanted(key)) {
            return;
        }
        String name = CREATED.get(api);
        emit(new S3EventMessage.Change(name, key, name.startsWith("ObjectCreated:") ? size : null, unquote(eTag),
                versionId(versionId), sequencer(sequence), api, false));
    }

    /**
     * A delete removed a version for good or created a delete marker (nothing removed: no event).
     *
     * @param sequence the delete marker's sequence as drawn under the key's lock (0: draw one now)
     */
    public void removed(String key, String versionId, boolean deleteMarker, long sequence) {
        String name = (LIFECYCLE.equals(api) ? "LifecycleExpiration:" : "ObjectRemoved:")
                + (deleteMarker ? "DeleteMarkerCreated" : "Delete");
        if (!rules.any() || !wanted(name, key)) {
            return;
        }
        emit(new S3EventMessage.Change(name, key, null, null, versionId(versionId), sequencer(sequence),
                LIFECYCLE.equals(api) ? LIFECYCLE : "DeleteObject", deleteMarker));
    }

    /**
     * A lifecycle rule moved the version to another storage class ({@code s3:LifecycleTransition}, its
     * {@code lifecycleEventData.transitionEventData.destinationStorageClass} the new class).
     */
    public void transitioned(String key, long size, String eTag, String versionId, String storageClass) {
        ObjectNode data = S3EventMessage.node();
        data.putObject("lifecycleEventData").putObject("transitionEventData")
                .put("destinationStorageClass", storageClass);
        other("LifecycleTransition", key, size, eTag, versionId, data,
                S3EventMessage.node().put("destination-storage-class", storageClass));
    }

    /** A restore of the archived version was requested ({@code s3:ObjectRestore:Post}). */
    public void restoreRequested(String key, long size, String eTag, String versionId, String storageClass) {
        other("ObjectRestore:Post", key, size, eTag, versionId, null,
                S3EventMessage.node().put("source-storage-class", storageClass));
    }

    /**
     * The restored copy of the archived version is ready ({@code s3:ObjectRestore:Completed}, with
     * {@code glacierEventData.restoreEventData}: when the copy expires and the class it was restored from).
     */
    public void restoreCompleted(String key, long size, String eTag, String versionId, String storageClass,
                                 java.time.Instant expiry) {
        ObjectNode data = S3EventMessage.node();
        data.putObject("glacierEventData").putObject("restoreEventData")
                .put("lifecycleRestorationExpiryTime", S3EventMessage.time(expiry))
                .put("lifecycleRestoreStorageClass", storageClass);
        other("ObjectRestore:Completed", key, size, eTag, versionId, data, S3EventMessage.node()
                .put("source-storage-class", storageClass).put("restore-expiry-time", S3EventMessage.time(expiry)));
    }

    /** The restored copy of the archived version expired ({@code s3:ObjectRestore:Delete}). */
    public void restoreExpired(String key, String versionId, String storageClass) {
        other("ObjectRestore:Delete", key, null, null, versionId, null,
                S3EventMessage.node().put("source-storage-class", storageClass));
    }

    /** An ACL was put on the version ({@code s3:ObjectAcl:Put}). */
    public void aclPut(String key, String eTag, String versionId) {
        other("ObjectAcl:Put", key, null, eTag, versionId, null, null);
    }

    /**
     * A replication event of the version ({@code Replication:OperationFailedReplication}, …), with its
     * {@code replicationEventData}.
     *
     * @param name          the event name without {@code s3:}
     * @param failureReason why it failed (a failure), or null
     * @param threshold     the Replication Time Control threshold in seconds (threshold events), or null
     * @param replicationTime how long the replication took in seconds (threshold events), or null
     */
    public void replication(String name, String key, long size, String eTag, String versionId, String ruleId,
                            String destinationBucketArn, java.time.Instant requestTime, String failureReason,
                            Long threshold, Long replicationTime) {
        ObjectNode event = S3EventMessage.node();
        ObjectNode data = event.putObject("replicationEventData").put("replicationRuleId", ruleId)
                .put("destinationBucket", destinationBucketArn).put("s3Operation", "OBJECT_PUT")
                .put("requestTime", S3EventMessage.time(requestTime));
        if (failureReason != null) {
            data.put("failureReason", failureReason);
        }
        if (threshold != null) {
            data.put("threshold", threshold);
        }
        if (replicationTime != null) {
            data.put("replicationTime", replicationTime);
        }
        other(name, key, size, eTag, versionId, event, null);
    }

    /** An event of the given name about a version, matched against the destinations' filters. */
    private void other(String name, String key, Long size, String eTag, String versionId, ObjectNode data,
                       ObjectNode detail) {
        if (!rules.any() || !(rules.eventBridge() && S3EventMessage.bridged(name)
                || rules.destinations().stream().anyMatch(d -> d.matches(name, key)))) {
            return;
        }
        emit(new S3EventMessage.Change(name, key, size, unquote(eTag), versionId(versionId), sequencer(0), api, false,
                data, detail));
    }

    /**
     * The events of creating the key's new current version, rendered now for the statement that will insert it (which
     * fills in the sequencer: see {@link Notifications#PENDING_SQL}); null when none is wanted. For a bucket as cached
     * and checked by that statement: its versioning state names the version.
     *
     * @param newVersionId the version id the row gets if the bucket's versioning is enabled
     */
    public Notifications.Pending pendingCreation(String key, long size, String eTag, String newVersionId) {
        if (!wanted(key)) {
            return null;
        }
        String name = CREATED.get(api);
        S3EventMessage.Change change = new S3EventMessage.Change(name, key, size, unquote(eTag),
                versionId(Versions.ENABLED.equals(bucket.versioning()) ? newVersionId : "null"),
                "", api, false);
        List<Map.Entry<String, String>> messages = new ArrayList<>();
        emit(change, (destination, message) -> messages.add(Map.entry(destination, message)));
        return notifications.pending(origin, bucket.name() + "/" + key, key, name, messages);
    }

    private void emit(S3EventMessage.Change change) {
        String busKey = bucket.name() + "/" + change.key();
        emit(change, (destination, message) -> notifications.write(origin, busKey, change.key(), change.name(),
                destination, message));
    }

    /** The message of each destination the change matches, EventBridge's last. */
    private void emit(S3EventMessage.Change change, BiConsumer<String, String> send) {
        for (NotificationRules.Destination d : rules.destinations()) {
            if (d.matches(change.name(), change.key())) {
                send.accept(d.arn(), S3EventMessage.records(origin, change, d.id()));
            }
        }
        if (rules.eventBridge() && S3EventMessage.bridged(change.name())) {
            String bus = "arn:aws:events:" + bucket.region() + ":" + bucket.accountId() + ":event-bus/default";
            send.accept(bus, S3EventMessage.eventBridge(origin, change, UUID.randomUUID().toString()));
        }
    }

    /** A version id as messages name it: only in a bucket whose versioning was ever configured. */
    private String versionId(String versionId) {
        return bucket.versioned() ? versionId : null;
    }

    private String sequencer(long sequence) {
        return String.format("%016X", sequence > 0 ? sequence : notifications.nextSequence());
    }

    private static String unquote(String eTag) {
        return eTag == null ? null : eTag.replace("\"", "");
    }
}
