package dev.overcast.s3.notification;

import dev.overcast.s3.bucket.Bucket;
import dev.overcast.s3.versioning.Versions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * The events one request's changes on one bucket cause, matched against the bucket's notification configuration as
 * the change saw the bucket. The object stores call it inside the change's transaction, after the change, with the
 * key's lock held; {@link #NONE} (a bucket without configuration) costs nothing.
 */
public final class ObjectEvents {

    public static final ObjectEvents NONE = new ObjectEvents(null, NotificationRules.NONE, null, null, null);

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
        String name = deleteMarker ? "ObjectRemoved:DeleteMarkerCreated" : "ObjectRemoved:Delete";
        if (!rules.any() || !wanted(name, key)) {
            return;
        }
        emit(new S3EventMessage.Change(name, key, null, null, versionId(versionId), sequencer(sequence), "DeleteObject",
                deleteMarker));
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
        if (rules.eventBridge()) {
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
