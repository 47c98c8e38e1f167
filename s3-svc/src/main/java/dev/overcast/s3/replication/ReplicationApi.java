package dev.overcast.s3.replication;

import dev.overcast.common.protocol.json.ModelJson;
import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.api.StreamingResponse;
import dev.overcast.common.error.AwsException;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.bucket.Bucket;
import dev.overcast.s3.bucket.BucketStore;
import dev.overcast.s3.checksum.UploadChecksum;
import java.util.HashSet;
import java.util.Set;
import software.amazon.awssdk.services.s3.model.AccessControlTranslation;
import software.amazon.awssdk.services.s3.model.DeleteBucketReplicationRequest;
import software.amazon.awssdk.services.s3.model.Destination;
import software.amazon.awssdk.services.s3.model.DeleteBucketReplicationResponse;
import software.amazon.awssdk.services.s3.model.GetBucketReplicationRequest;
import software.amazon.awssdk.services.s3.model.GetBucketReplicationResponse;
import software.amazon.awssdk.services.s3.model.OwnerOverride;
import software.amazon.awssdk.services.s3.model.PutBucketReplicationRequest;
import software.amazon.awssdk.services.s3.model.PutBucketReplicationResponse;
import software.amazon.awssdk.services.s3.model.ReplicationConfiguration;
import software.amazon.awssdk.services.s3.model.ReplicationRule;

/**
 * A bucket's replication configuration: Put/Get/DeleteBucketReplication. New versions that a rule's prefix covers are
 * written PENDING; {@link ReplicationWorker} copies them through the destination's S3 API.
 */
@AwsApi(api = "s3")
public class ReplicationApi {

    private final BucketStore buckets;

    public ReplicationApi(BucketStore buckets) {
        this.buckets = buckets;
    }

    public PutBucketReplicationResponse putBucketReplication(RequestContext ctx, PutBucketReplicationRequest request) {
        UploadChecksum.requireDigest(ctx);
        Bucket bucket = buckets.require(ctx, request.bucket());
        ReplicationConfiguration c = request.replicationConfiguration();
        if (c == null || c.role() == null || !c.hasRules() || c.rules().isEmpty() || c.rules().size() > 1000) {
            throw S3Errors.malformedXml();
        }
        if (!"Enabled".equals(bucket.versioning())) {
            throw S3Errors.invalidRequest("Versioning must be 'Enabled' on the bucket to apply a replication configuration");
        }
        Set<Integer> priorities = new HashSet<>();
        for (ReplicationRule r : c.rules()) {
            validate(bucket, r, priorities);
        }
        buckets.setReplication(bucket.name(), ModelJson.write(c), ReplicationRules.enabledPrefixes(c));
        return PutBucketReplicationResponse.builder().build();
    }

    private void validate(Bucket source, ReplicationRule r, Set<Integer> priorities) {
        if (r.status() == null || r.destination() == null || (r.id() != null && r.id().length() > 255)) {
            throw S3Errors.malformedXml();
        }
        if (r.filter() != null) { // the second schema: Filter, Priority and DeleteMarkerReplication
            if (r.deleteMarkerReplication() == null) {
                throw S3Errors.invalidRequest("DeleteMarkerReplication must be specified for this version of Cross "
                        + "Region Replication configuration schema.");
            }
            if (ReplicationRules.replicatesDeleteMarkers(r) && !ReplicationRules.tags(r).isEmpty()) {
                throw S3Errors.invalidRequest("Delete marker replication is not supported if any Tag filter is "
                        + "specified. Please refer to S3 Developer Guide for more information.");
            }
            if (r.priority() == null) {
                throw S3Errors.invalidRequest("Priority must be specified for this version of Cross Region "
                        + "Replication configuration schema.");
            }
            if (!priorities.add(r.priority())) {
                throw S3Errors.invalidRequest("Found duplicate priority " + r.priority()
                        + " in the replication configuration");
            }
        }
        String name = ReplicationRules.bucketOf(r.destination().bucket());
        if (name == null) {
            throw S3Errors.invalidArgument("Invalid bucket ARN", "Bucket", String.valueOf(r.destination().bucket()));
        }
        Bucket destination = buckets.find(name)
                .orElseThrow(() -> S3Errors.invalidRequest("Destination bucket must exist."));
        if (destination.name().equals(source.name())) {
            throw S3Errors.invalidRequest("Destination bucket cannot be the same as the source bucket.");
        }
        if (!"Enabled".equals(destination.versioning())) {
            throw S3Errors.invalidRequest("Destination bucket must have versioning enabled.");
        }
        validateOwnerOverride(r.destination(), destination);
    }

    /**
     * AccessControlTranslation (the owner override): its Owner can only be {@code Destination}, and it takes the
     * destination bucket owner's account as Account, to whom the replicas then belong.
     */
    private static void validateOwnerOverride(Destination d, Bucket destination) {
        AccessControlTranslation translation = d.accessControlTranslation();
        if (translation == null) {
            return;
        }
        if (translation.owner() != OwnerOverride.DESTINATION) {
            throw S3Errors.malformedXml();
        }
        if (d.account() == null || d.account().isEmpty()) {
            throw S3Errors.invalidRequest("Account must be specified when AccessControlTranslation is specified");
        }
        if (!d.account().equals(destination.accountId())) {
            throw S3Errors.invalidRequest("Account " + d.account() + " does not own the destination bucket "
                    + destination.name() + ".");
        }
    }

    public GetBucketReplicationResponse getBucketReplication(RequestContext ctx, GetBucketReplicationRequest request) {
        Bucket bucket = buckets.require(ctx, request.bucket());
        String stored = buckets.replication(bucket.name());
        if (stored == null) {
            throw new AwsException("ReplicationConfigurationNotFoundError", 404,
                    "The replication configuration was not found").with("BucketName", bucket.name());
        }
        return GetBucketReplicationResponse.builder()
                .replicationConfiguration(ModelJson.read(stored, ReplicationConfiguration.class)).build();
    }

    public StreamingResponse<DeleteBucketReplicationResponse> deleteBucketReplication(RequestContext ctx,
            DeleteBucketReplicationRequest request) {
        Bucket bucket = buckets.require(ctx, request.bucket());
        buckets.setReplication(bucket.name(), null, null);
        return StreamingResponse.headersOnly(DeleteBucketReplicationResponse.builder().build(), 204);
    }
}
