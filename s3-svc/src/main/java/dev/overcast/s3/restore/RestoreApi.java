package dev.overcast.s3.restore;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.api.StreamingResponse;
import dev.overcast.common.error.AwsException;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.archive.Restore;
import dev.overcast.s3.bucket.Bucket;
import dev.overcast.s3.bucket.BucketStore;
import dev.overcast.s3.notification.Notifications;
import dev.overcast.s3.object.ObjectStore;
import dev.overcast.s3.object.ObjectVersions;
import dev.overcast.s3.object.StoredObject;
import dev.overcast.s3.versioning.Versions;
import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.s3.model.RestoreObjectRequest;
import software.amazon.awssdk.services.s3.model.RestoreObjectResponse;
import software.amazon.awssdk.services.s3.model.RestoreRequest;

/**
 * RestoreObject: a temporary copy of an archived version (GLACIER, DEEP_ARCHIVE), readable after the retrieval tier's
 * delay on the suite's clock ({@code x-amz-restore} says {@code ongoing-request="true"} until then) for the days
 * asked. 202 Accepted starts a restore; 200 extends the days of a copy already restored.
 */
@AwsApi(api = "s3")
public class RestoreApi {

    private final BucketStore buckets;
    private final ObjectStore objects;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Notifications notifications;

    public RestoreApi(BucketStore buckets, ObjectStore objects, JdbcTemplate jdbc, PlatformTransactionManager transactions,
                      Notifications notifications) {
        this.notifications = notifications;
        this.buckets = buckets;
        this.objects = objects;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
    }

    public StreamingResponse<RestoreObjectResponse> restoreObject(RequestContext ctx, RestoreObjectRequest request) {
        String versionId = Versions.validate(request.versionId());
        Bucket bucket = buckets.require(ctx, request.bucket());
        RestoreRequest r = request.restoreRequest();
        if (r == null || r.days() == null) {
            throw S3Errors.malformedXml();
        }
        if (r.type() != null) {
            throw new AwsException("NotImplemented", 501, "RestoreObject of type SELECT is not implemented by Overcast yet.");
        }
        if (r.days() < 1) {
            throw S3Errors.invalidArgument("The Days element must be a positive integer", "Days", r.days().toString());
        }
        String tier = r.glacierJobParameters() != null && r.glacierJobParameters().tier() != null
                ? r.glacierJobParameters().tierAsString() : r.tier() != null ? r.tierAsString() : "Standard";
        if (!tier.equals("Standard") && !tier.equals("Bulk") && !tier.equals("Expedited")) {
            throw S3Errors.malformedXml();
        }
        Integer status = tx.execute(s -> {
            objects.lockKey(bucket.name(), request.key());
            StoredObject version = ObjectVersions.readable(objects.find(bucket.name(), request.key(), versionId),
                    request.key(), versionId, "POST");
            if (!Restore.archived(version.storageClass())) {
                throw new AwsException("InvalidObjectState", 403,
                        "Restore is not allowed for the object's current storage class")
                        .with("StorageClass", version.storageClass());
            }
            Instant now = objects.now();
            Restore current = version.restore();
            if (current != null && current.ongoing(now)) {
                throw new AwsException("RestoreAlreadyInProgress", 409, "Object restore is already in progress");
            }
            boolean restored = current != null && current.available(now);
            Restore next = restored ? new Restore(current.readyAt(), Restore.expiry(now, r.days()))
                    : Restore.requested(now, version.storageClass(), tier, r.days());
            // a new restore is announced now, and its completion and expiry by RestoreEvents as the clock passes them
            jdbc.update("""
                    update object set restore_ready_at = ?, restore_expires_at = ?,
                    restore_state = case when ? then restore_state else 'REQUESTED' end where id = ?""",
                    Timestamp.from(next.readyAt()), Timestamp.from(next.expiresAt()), restored, version.id());
            if (!restored) {
                notifications.on(ctx, bucket, "RestoreObject").restoreRequested(version.key(), version.size(),
                        version.etag(), version.versionId(), version.storageClass());
            }
            return restored ? 200 : 202;
        });
        return StreamingResponse.headersOnly(RestoreObjectResponse.builder().build(), status == null ? 202 : status);
    }
}
